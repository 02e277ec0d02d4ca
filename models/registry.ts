/**
 * The model versions and how to load and train each. Adding a version is one entry here plus
 * its artifact: the CLI, evaluation and serving go through this table only.
 */
import { BadUserInputError, NotFoundError } from '../platform/errors';
import { MODEL_VERSIONS, type Classifier, type ModelVersion } from './classifiers/classifier';
import { V1_ARTIFACT_DIR, V1_FEATURE_SERVICE, loadV1Classifier } from './classifiers/v1';
import { V1_TIME_FREEZE, trainV1 } from './training/trainV1';
import type { TrainOptions, TrainResult } from './training/types';

/** How to get one version. */
export interface ModelEntry {
  version: ModelVersion;
  /** One line for humans. */
  description: string;
  /** Where its features and labels come from (training) and its features (serving). */
  featureService: string;
  /** Training rows are looked up as of this instant. */
  timeFreeze: Date;
  /** The committed artifact. */
  artifactDir: string;
  /** Loads and verifies the artifact of `dir` (default {@link artifactDir}). */
  load(dir?: string): Promise<Classifier>;
  /** Trains from the feature store and saves the artifact. */
  train(options: TrainOptions): Promise<TrainResult>;
}

/** The versions available so far. V2 and V3 (tfjs LSTMs on features v2) come next. */
export const MODEL_REGISTRY: Readonly<Partial<Record<ModelVersion, ModelEntry>>> = Object.freeze({
  V1: {
    version: 'V1',
    description: 'random forest on features v1 (ratios and cue words)',
    featureService: V1_FEATURE_SERVICE,
    timeFreeze: V1_TIME_FREEZE,
    artifactDir: V1_ARTIFACT_DIR,
    load: loadV1Classifier,
    train: trainV1,
  },
});

/** The versions with an entry, in version order. */
export const availableVersions = (): ModelVersion[] =>
  MODEL_VERSIONS.filter((v) => MODEL_REGISTRY[v] !== undefined);

/**
 * A version from user input: `v1`, `V1` → `V1`.
 *
 * @throws BadUserInputError when it names no version.
 */
export function parseModelVersion(input: string): ModelVersion {
  const v = input.trim().toUpperCase();
  const found = MODEL_VERSIONS.find((m) => m === v);
  if (!found) {
    throw new BadUserInputError(
      `unknown model version "${input}": expected one of ${MODEL_VERSIONS.map((m) => m.toLowerCase()).join(', ')}`,
    );
  }
  return found;
}

/**
 * The entry of a version.
 *
 * @throws NotFoundError when the version is not available yet.
 */
export function modelEntry(version: ModelVersion): ModelEntry {
  const entry = MODEL_REGISTRY[version];
  if (!entry) {
    throw new NotFoundError(
      `model ${version} is not available yet (available: ${availableVersions().join(', ')})`,
      { version },
    );
  }
  return entry;
}
