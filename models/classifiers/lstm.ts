/**
 * Models V2 and V3: TensorFlow.js LSTMs on features v2 (30 token ids of the committed
 * tokenizer). Embedding → spatial dropout → LSTM → dense softmax over (ham, spam).
 *
 * An artifact is a directory with `model.json` (the layers topology and the weights manifest),
 * `weights.bin` (the float32 weights) and `metadata.json`. The artifact digest is the sha256 of
 * the canonical `model.json` content and the weight bytes; loading checks it against the
 * metadata before building the model.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from '../../platform/config';
import { BadUserInputError, NotFoundError } from '../../platform/errors';
import {
  DEFAULT_TOKENIZER_PATH,
  FEATURES_V2_LENGTH,
  FEATURES_V2_NUM_WORDS,
  extractV2,
  loadTokenizer,
  tokenizerDigest,
  type Tokenizer,
} from '../features';
import { readJsonFile, writeFileAtomic } from './artifactFiles';
import { assertFeatureBatch, type Classifier } from './classifier';
import { loadMetadata, saveMetadata, type ModelMetadata } from './metadata';
import { renderJson, type JsonValue } from './renderJson';
import { LstmInference, type LstmEngine } from './lstmInference';
import { initTfjs, tf } from './tfjsBackend';

/** The LSTM versions. */
export type LstmVersion = 'V2' | 'V3';

/** The architecture of one LSTM version. */
export interface LstmSpec {
  version: LstmVersion;
  /** Vocabulary size (ids 0..vocabulary-1; 0 is padding). */
  vocabulary: number;
  sequenceLength: number;
  embeddingDim: number;
  spatialDropout: number;
  lstmUnits: number;
  /** Dropout on the LSTM's inputs. */
  lstmDropout: number;
}

/** V2 and V3 as the models issue describes them. */
export const LSTM_SPECS: Readonly<Record<LstmVersion, Readonly<LstmSpec>>> = Object.freeze({
  V2: Object.freeze({
    version: 'V2',
    vocabulary: FEATURES_V2_NUM_WORDS,
    sequenceLength: FEATURES_V2_LENGTH,
    embeddingDim: 6,
    spatialDropout: 0.05,
    lstmUnits: 6,
    lstmDropout: 0,
  }),
  V3: Object.freeze({
    version: 'V3',
    vocabulary: FEATURES_V2_NUM_WORDS,
    sequenceLength: FEATURES_V2_LENGTH,
    embeddingDim: 64,
    spatialDropout: 0.3,
    lstmUnits: 96,
    lstmDropout: 0.3,
  }),
});

/** The feature service V2 and V3 train and serve from. */
export const LSTM_FEATURE_SERVICE = 'labeled_sms_2';

/** The name of the v2 feature (one list of token ids) in the store. */
export const LSTM_FEATURE_NAME = 'features';

/** Where the committed artifacts live. */
export const LSTM_ARTIFACT_DIRS: Readonly<Record<LstmVersion, string>> = Object.freeze({
  V2: path.join(REPO_ROOT, 'models', 'artifacts', 'v2'),
  V3: path.join(REPO_ROOT, 'models', 'artifacts', 'v3'),
});

/** File names inside an artifact directory. */
export const LSTM_MODEL_FILE = 'model.json';
export const LSTM_WEIGHTS_FILE = 'weights.bin';

/** The `format` tag of `model.json`. */
export const LSTM_FORMAT = 'spamgraph.tfjs-layers';

const hintOf = (v: LstmVersion) =>
  `train it with \`npx spamgraph models train ${v.toLowerCase()}\``;

/**
 * Builds the (uncompiled) layers model of `spec`; every initializer and dropout layer that takes
 * a seed gets one derived from `seed`.
 */
export function buildLstmModel(spec: LstmSpec, seed: number): tf.Sequential {
  const s = (k: number) => (seed + k * 7919) % 2 ** 31;
  const model = tf.sequential({ name: `spamgraph_${spec.version.toLowerCase()}` });
  model.add(
    tf.layers.embedding({
      inputDim: spec.vocabulary,
      outputDim: spec.embeddingDim,
      inputLength: spec.sequenceLength,
      embeddingsInitializer: tf.initializers.randomUniform({
        minval: -0.05,
        maxval: 0.05,
        seed: s(1),
      }),
      name: 'embedding',
    }),
  );
  model.add(tf.layers.spatialDropout1d({ rate: spec.spatialDropout, seed: s(2), name: 'dropout' }));
  model.add(
    tf.layers.lstm({
      units: spec.lstmUnits,
      dropout: spec.lstmDropout,
      kernelInitializer: tf.initializers.glorotUniform({ seed: s(3) }),
      recurrentInitializer: tf.initializers.orthogonal({ gain: 1, seed: s(4) }),
      name: 'lstm',
    }),
  );
  model.add(
    tf.layers.dense({
      units: 2,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: s(5) }),
      name: 'softmax',
    }),
  );
  return model;
}

/** Contents of `model.json`. */
export interface LstmModelFile {
  format: typeof LSTM_FORMAT;
  formatVersion: 1;
  version: LstmVersion;
  modelTopology: Record<string, unknown>;
  weightsManifest: [{ paths: [typeof LSTM_WEIGHTS_FILE]; weights: tf.io.WeightsManifestEntry[] }];
}

const fileSchema = z.strictObject({
  format: z.literal(LSTM_FORMAT),
  formatVersion: z.literal(1),
  version: z.enum(['V2', 'V3']),
  modelTopology: z.record(z.string(), z.unknown()),
  weightsManifest: z.tuple([
    z.strictObject({
      paths: z.tuple([z.literal(LSTM_WEIGHTS_FILE)]),
      weights: z.array(
        z.strictObject({
          name: z.string(),
          shape: z.array(z.number().int().min(0)),
          dtype: z.literal('float32'),
        }),
      ),
    }),
  ]),
});

/** sha256 of the canonical (compact) `model.json` content and the weight bytes. */
export function lstmDigest(file: LstmModelFile, weights: Uint8Array): string {
  return createHash('sha256')
    .update(JSON.stringify(file))
    .update('\n')
    .update(weights)
    .digest('hex');
}

/** The model's topology and weights, as tfjs serializes them. */
export async function serializeModel(
  version: LstmVersion,
  model: tf.LayersModel,
): Promise<{ file: LstmModelFile; weights: Uint8Array }> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler((artifacts) => {
      captured = artifacts;
      return Promise.resolve({
        modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' },
      });
    }),
  );
  if (!captured?.modelTopology || !captured.weightSpecs || !captured.weightData) {
    throw new Error(`${version}: tfjs saved no topology or weights`);
  }
  const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(captured.weightData));
  // A JSON round trip gives the exact object a reader of the file will parse.
  const topology = JSON.parse(JSON.stringify(captured.modelTopology)) as Record<string, unknown>;
  const specs = captured.weightSpecs.map((w) => ({
    name: w.name,
    shape: [...w.shape],
    dtype: w.dtype,
  }));
  return {
    file: {
      format: LSTM_FORMAT,
      formatVersion: 1,
      version,
      modelTopology: topology,
      weightsManifest: [{ paths: [LSTM_WEIGHTS_FILE], weights: specs }],
    },
    weights,
  };
}

/**
 * Saves a trained model: `weights.bin`, `model.json`, then `metadata.json` with the digest.
 *
 * @returns the artifact digest.
 */
export async function saveLstmArtifact(
  dir: string,
  model: tf.LayersModel,
  metadata: Omit<ModelMetadata, 'artifactDigest'>,
): Promise<string> {
  const version = metadata.version;
  if (version !== 'V2' && version !== 'V3') throw new Error(`not an LSTM version: ${version}`);
  const { file, weights } = await serializeModel(version, model);
  const artifactDigest = lstmDigest(file, weights);
  await writeFileAtomic(path.join(dir, LSTM_WEIGHTS_FILE), weights);
  await writeFileAtomic(path.join(dir, LSTM_MODEL_FILE), renderJson(file as unknown as JsonValue));
  await saveMetadata(dir, { ...metadata, artifactDigest });
  return artifactDigest;
}

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

/** Spam probabilities of a batch of (checked) id vectors: one `predict` call. */
export async function lstmProba(
  model: tf.LayersModel,
  batch: readonly (readonly number[])[],
  sequenceLength: number,
): Promise<number[]> {
  if (batch.length === 0) return [];
  const spam = tf.tidy(() => {
    const x = tf.tensor2d(
      batch.map((r) => [...r]),
      [batch.length, sequenceLength],
      'float32',
    );
    const y = model.predict(x) as tf.Tensor2D;
    return y.slice([0, 1], [batch.length, 1]).reshape([batch.length]);
  });
  try {
    return Array.from(await spam.data());
  } finally {
    spam.dispose();
  }
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

/** Options of {@link loadLstmClassifier}. */
export interface LoadLstmOptions {
  /** The tokenizer file (default: the committed one). */
  tokenizerPath?: string;
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

/** A verified V2/V3 artifact: the tfjs model, its tokenizer and its metadata. */
export interface LstmArtifact {
  model: tf.LayersModel;
  tokenizer: Tokenizer;
  metadata: ModelMetadata;
}

/**
 * Loads and verifies the artifact behind {@link loadLstmClassifier}.
 *
 * @throws NotFoundError when a file is missing; BadUserInputError when something does not fit.
 */
export async function loadLstmArtifact(
  version: LstmVersion,
  dir: string = LSTM_ARTIFACT_DIRS[version],
  options: LoadLstmOptions = {},
): Promise<LstmArtifact> {
  const hint = hintOf(version);
  const metadata = await loadMetadata(dir, hint);
  const modelPath = path.join(dir, LSTM_MODEL_FILE);
  const weightsPath = path.join(dir, LSTM_WEIGHTS_FILE);
  const bad = (why: string) => new BadUserInputError(`${modelPath}: ${why}`, { path: modelPath });
  if (metadata.version !== version) {
    throw bad(`metadata.json is for ${metadata.version}, not ${version}`);
  }
  const parsed = fileSchema.safeParse(await readJsonFile(modelPath, hint));
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw bad(`invalid ${version} model: ${lines.join('; ')}`);
  }
  const file = parsed.data as LstmModelFile;
  if (file.version !== version) throw bad(`holds a ${file.version} model, not ${version}`);
  let weights: Uint8Array;
  try {
    weights = new Uint8Array(await fs.readFile(weightsPath));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new NotFoundError(`${weightsPath} not found: ${hint}`, { path: weightsPath });
    }
    throw e;
  }
  const specs = file.weightsManifest[0].weights;
  const expectedBytes = specs.reduce((n, w) => n + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
  if (weights.byteLength !== expectedBytes) {
    throw bad(
      `${LSTM_WEIGHTS_FILE} has ${weights.byteLength} bytes, the manifest needs ${expectedBytes}: ` +
        'truncated or from another model — retrain or restore it',
    );
  }
  const digest = lstmDigest(file, weights);
  if (digest !== metadata.artifactDigest) {
    throw bad(
      `digest ${digest} does not match metadata.json (${metadata.artifactDigest}): ` +
        'the model was edited, corrupted or half-replaced — retrain or restore it',
    );
  }
  const tokenizer = await loadTokenizer(options.tokenizerPath ?? DEFAULT_TOKENIZER_PATH);
  const trainedWith = metadata.extra.tokenizerDigest;
  if (typeof trainedWith === 'string' && trainedWith !== tokenizerDigest(tokenizer)) {
    throw bad(
      `trained with tokenizer ${trainedWith.slice(0, 12)}, the tokenizer file is ` +
        `${tokenizerDigest(tokenizer).slice(0, 12)}: retrain the model after refitting the tokenizer`,
    );
  }
  await initTfjs();
  let model: tf.LayersModel;
  try {
    const buffer = weights.buffer.slice(
      weights.byteOffset,
      weights.byteOffset + weights.byteLength,
    ) as ArrayBuffer;
    model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: file.modelTopology as tf.io.ModelArtifacts['modelTopology'],
        weightSpecs: specs,
        weightData: buffer,
      }),
    );
  } catch (e) {
    throw bad(`tfjs cannot build the ${version} model: ${(e as Error).message}`);
  }
  const spec = LSTM_SPECS[version];
  const inShape = JSON.stringify(model.inputs[0]?.shape);
  const outShape = JSON.stringify(model.outputs[0]?.shape);
  if (inShape !== `[null,${spec.sequenceLength}]` || outShape !== '[null,2]') {
    model.dispose();
    throw bad(`model maps ${inShape} → ${outShape}, ${version} needs [null,30] → [null,2]`);
  }
  return { model, tokenizer, metadata };
}
