/**
 * The classifier of models V2 and V3 (TensorFlow.js LSTMs on features v2, the 30 token ids of
 * the committed tokenizer): a verified artifact (lstmArtifact.ts) run by the plain-JavaScript or
 * step-wise tfjs forward pass (lstmInference.ts). The architecture is in lstmSpec.ts, the tfjs
 * model in lstmModel.ts.
 */
import { BadUserInputError } from '../../platform/errors';
import { extractV2, type Tokenizer } from '../features';
import { loadLstmArtifact, type LoadLstmOptions } from './lstmArtifact';
import { assertFeatureBatch, type Classifier } from './classifier';
import { LstmInference, type LstmEngine } from './lstmInference';
import {
  LSTM_ARTIFACT_DIRS,
  LSTM_FEATURE_NAME,
  LSTM_FEATURE_SERVICE,
  LSTM_SPECS,
  type LstmSpec,
  type LstmVersion,
} from './lstmSpec';
import type { ModelMetadata } from './metadata';
import { tf } from './tfjsBackend';

/** Checks a batch of v2 vectors: 30 integers each, every one a token id of the vocabulary. */
function assertIds(version: LstmVersion, spec: LstmSpec, batch: readonly (readonly number[])[]) {
  assertFeatureBatch(version, batch, spec.sequenceLength, true);
  batch.forEach((row, i) => {
    const bad = row.findIndex((v) => v < 0 || v >= spec.vocabulary);
    if (bad !== -1) {
      throw new BadUserInputError(
        `${version}: vector ${i}, feature ${bad}: ${row[bad]} is not a token id in [0, ${spec.vocabulary})`,
      );
    }
  });
}

/**
 * The plain-JavaScript forward pass of a built model (see lstmInference): the weights in the
 * order the Sequential model holds them.
 */
export function lstmInferenceOf(
  model: tf.LayersModel,
  spec: LstmSpec,
  engine?: LstmEngine,
): LstmInference {
  const [embeddings, kernel, recurrentKernel, bias, denseKernel, denseBias] = model
    .getWeights()
    .map((t) => t.dataSync() as Float32Array);
  if (!embeddings || !kernel || !recurrentKernel || !bias || !denseKernel || !denseBias) {
    throw new BadUserInputError(`${spec.version}: the model does not hold the six LSTM weights`);
  }
  return new LstmInference(
    {
      vocabulary: spec.vocabulary,
      sequenceLength: spec.sequenceLength,
      embeddingDim: spec.embeddingDim,
      units: spec.lstmUnits,
      embeddings,
      kernel,
      recurrentKernel,
      bias,
      denseKernel,
      denseBias,
    },
    engine,
  );
}

/** The classifier of a V2 or V3 model. */
export function lstmClassifier(
  version: LstmVersion,
  model: tf.LayersModel,
  tokenizer: Tokenizer,
  metadata: ModelMetadata,
): Classifier {
  const spec = LSTM_SPECS[version];
  const inference = lstmInferenceOf(model, spec);
  return Object.freeze({
    version,
    featureService: LSTM_FEATURE_SERVICE,
    featureNames: [LSTM_FEATURE_NAME],
    featureLength: spec.sequenceLength,
    artifactDigest: metadata.artifactDigest,
    runtime:
      inference.engine === 'tfjs'
        ? `tfjs ${tf.getBackend()} (step-wise LSTM)`
        : `JavaScript LSTM (tfjs ${tf.getBackend()} loads it)`,
    metadata,
    textToFeatures: (text: string) => extractV2(tokenizer, text),
    validate: (batch: readonly (readonly number[])[]) => assertIds(version, spec, batch),
    predictProba: async (batch: readonly (readonly number[])[]) => {
      assertIds(version, spec, batch);
      // Yield once so a batch never runs inside the caller's synchronous turn.
      await Promise.resolve();
      return inference.predict(batch);
    },
  } satisfies Classifier);
}

/**
 * Loads the V2 or V3 artifact of `dir` and checks it whole: files present and well-formed,
 * weights of the manifest's size, digest equal to the metadata's, the architecture of the
 * version, and the tokenizer it was trained with.
 *
 * @throws NotFoundError when a file is missing; BadUserInputError when something does not fit.
 */
export async function loadLstmClassifier(
  version: LstmVersion,
  dir: string = LSTM_ARTIFACT_DIRS[version],
  options: LoadLstmOptions = {},
): Promise<Classifier> {
  const { model, tokenizer, metadata } = await loadLstmArtifact(version, dir, options);
  return lstmClassifier(version, model, tokenizer, metadata);
}
