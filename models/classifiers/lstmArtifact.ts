/**
 * The V2/V3 artifact: a directory with `model.json` (the layers topology and the weights
 * manifest), `weights.bin` (the float32 weights) and `metadata.json`. The artifact digest is the
 * sha256 of the canonical `model.json` content and the weight bytes; loading checks it against
 * the metadata before building the model.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { BadUserInputError, NotFoundError } from '../../platform/errors';
import {
  DEFAULT_TOKENIZER_PATH,
  loadTokenizer,
  tokenizerDigest,
  type Tokenizer,
} from '../features';
import { readJsonFile, writeFileAtomic } from './artifactFiles';
import { LSTM_ARTIFACT_DIRS, LSTM_SPECS, type LstmVersion } from './lstmSpec';
import { loadMetadata, saveMetadata, type ModelMetadata } from './metadata';
import { renderJson, type JsonValue } from './renderJson';
import { initTfjs, tf } from './tfjsBackend';

/** File names inside an artifact directory. */
export const LSTM_MODEL_FILE = 'model.json';
export const LSTM_WEIGHTS_FILE = 'weights.bin';

/** The `format` tag of `model.json`. */
export const LSTM_FORMAT = 'spamgraph.tfjs-layers';

const hintOf = (v: LstmVersion) =>
  `train it with \`npx spamgraph models train ${v.toLowerCase()}\``;

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

/** Options of {@link loadLstmArtifact} (and of the classifier's loader). */
export interface LoadLstmOptions {
  /** The tokenizer file (default: the committed one). */
  tokenizerPath?: string;
}

/** A verified V2/V3 artifact: the tfjs model, its tokenizer and its metadata. */
export interface LstmArtifact {
  model: tf.LayersModel;
  tokenizer: Tokenizer;
  metadata: ModelMetadata;
}

/** One artifact being loaded: where its files are and how to refuse it. */
interface Loading {
  version: LstmVersion;
  metadata: ModelMetadata;
  hint: string;
  /** A refusal naming `model.json`. */
  bad: (why: string) => BadUserInputError;
}

/** `model.json`, well-formed and of the version. */
async function readModelFile(at: Loading, modelPath: string): Promise<LstmModelFile> {
  const parsed = fileSchema.safeParse(await readJsonFile(modelPath, at.hint));
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw at.bad(`invalid ${at.version} model: ${lines.join('; ')}`);
  }
  const file = parsed.data as LstmModelFile;
  if (file.version !== at.version) throw at.bad(`holds a ${file.version} model, not ${at.version}`);
  return file;
}

/** `weights.bin`, of the manifest's size and with the metadata's digest. */
async function readWeights(at: Loading, file: LstmModelFile, dir: string): Promise<Uint8Array> {
  const weightsPath = path.join(dir, LSTM_WEIGHTS_FILE);
  let weights: Uint8Array;
  try {
    weights = new Uint8Array(await fs.readFile(weightsPath));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new NotFoundError(`${weightsPath} not found: ${at.hint}`, { path: weightsPath });
    }
    throw e;
  }
  const specs = file.weightsManifest[0].weights;
  const expectedBytes = specs.reduce((n, w) => n + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
  if (weights.byteLength !== expectedBytes) {
    throw at.bad(
      `${LSTM_WEIGHTS_FILE} has ${weights.byteLength} bytes, the manifest needs ${expectedBytes}: ` +
        'truncated or from another model — retrain or restore it',
    );
  }
  const digest = lstmDigest(file, weights);
  if (digest !== at.metadata.artifactDigest) {
    throw at.bad(
      `digest ${digest} does not match metadata.json (${at.metadata.artifactDigest}): ` +
        'the model was edited, corrupted or half-replaced — retrain or restore it',
    );
  }
  return weights;
}

/** The tokenizer, refused unless it is the one the model was trained with. */
async function readTokenizer(at: Loading, options: LoadLstmOptions): Promise<Tokenizer> {
  const tokenizer = await loadTokenizer(options.tokenizerPath ?? DEFAULT_TOKENIZER_PATH);
  const trainedWith = at.metadata.extra.tokenizerDigest;
  if (typeof trainedWith === 'string' && trainedWith !== tokenizerDigest(tokenizer)) {
    throw at.bad(
      `trained with tokenizer ${trainedWith.slice(0, 12)}, the tokenizer file is ` +
        `${tokenizerDigest(tokenizer).slice(0, 12)}: retrain the model after refitting the tokenizer`,
    );
  }
  return tokenizer;
}

/** The tfjs model of verified files, refused unless it maps 30 ids to 2 probabilities. */
async function buildModel(
  at: Loading,
  file: LstmModelFile,
  weights: Uint8Array,
): Promise<tf.LayersModel> {
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
        weightSpecs: file.weightsManifest[0].weights,
        weightData: buffer,
      }),
    );
  } catch (e) {
    throw at.bad(`tfjs cannot build the ${at.version} model: ${(e as Error).message}`);
  }
  const spec = LSTM_SPECS[at.version];
  const inShape = JSON.stringify(model.inputs[0]?.shape);
  const outShape = JSON.stringify(model.outputs[0]?.shape);
  if (inShape !== `[null,${spec.sequenceLength}]` || outShape !== '[null,2]') {
    model.dispose();
    throw at.bad(`model maps ${inShape} → ${outShape}, ${at.version} needs [null,30] → [null,2]`);
  }
  return model;
}

/**
 * Loads the V2 or V3 artifact of `dir` and checks it whole: files present and well-formed,
 * weights of the manifest's size, digest equal to the metadata's, the architecture of the
 * version, and the tokenizer it was trained with.
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
  const bad = (why: string) => new BadUserInputError(`${modelPath}: ${why}`, { path: modelPath });
  if (metadata.version !== version) {
    throw bad(`metadata.json is for ${metadata.version}, not ${version}`);
  }
  const at: Loading = { version, metadata, hint, bad };
  const file = await readModelFile(at, modelPath);
  const weights = await readWeights(at, file, dir);
  const tokenizer = await readTokenizer(at, options);
  const model = await buildModel(at, file, weights);
  return { model, tokenizer, metadata };
}
