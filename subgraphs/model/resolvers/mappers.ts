/** Library results → GraphQL shapes. */
import type {
  Classifier,
  ModelVersion,
  Prediction,
  ModelEntry,
  ServingChoice,
} from '../../../models';
import type { ModelInfo, SpamPrediction } from '../generated/resolvers-types';

export const toSpamPrediction = (p: Prediction): SpamPrediction => ({
  version: p.version,
  label: p.label === 'spam' ? 'SPAM' : 'HAM',
  spamProbability: p.spamProbability,
  fromCache: p.fromCache,
});

/** A version's info: from its loaded classifier when served, else from the registry alone. */
export function toModelInfo(
  version: ModelVersion,
  entry: ModelEntry,
  loaded: Classifier | undefined,
  choice: ServingChoice,
): ModelInfo {
  const meta = loaded?.metadata;
  return {
    version,
    enabled: loaded !== undefined,
    featureService: entry.featureService,
    description: entry.description,
    champion: choice.champion === version,
    challenger: choice.challenger === version,
    metrics: meta ? meta.metrics : null,
    artifactDigest: loaded?.artifactDigest ?? null,
    runtime: loaded?.runtime ?? null,
    training: meta ? { ...meta, metrics: undefined } : null,
  };
}
