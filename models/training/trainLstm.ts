/**
 * Trains models V2 and V3: features v2 (token ids) and labels from the feature store as of the
 * v2 time freeze (2020-07-02), the same stratified 75/25 split and metrics as V1, an LSTM in
 * TensorFlow.js (Adam, sparse categorical cross-entropy, batches shuffled with a seeded
 * generator), and the artifact (`model.json` + `weights.bin` + `metadata.json`).
 */
import { performance } from 'node:perf_hooks';
import { BadUserInputError } from '../../platform/errors';
import type { FeatureValue } from '../../feature-store/types';
import { DEFAULT_TOKENIZER_PATH, loadTokenizer, tokenizerDigest } from '../features';
import { labelOf } from '../classifiers/classifier';
import {
  LSTM_ARTIFACT_DIRS,
  LSTM_FEATURE_NAME,
  LSTM_FEATURE_SERVICE,
  LSTM_SPECS,
  buildLstmModel,
  lstmProba,
  saveLstmArtifact,
  type LstmVersion,
} from '../classifiers/lstm';
import { dataAndSplit, type ModelMetadata } from '../classifiers/metadata';
import { createRng, deriveSeed, isValidSeed, shuffleInPlace } from '../classifiers/random';
import { initTfjs, tf } from '../classifiers/tfjsBackend';
import { computeMetrics, type Metrics } from './metrics';
import { stratifiedSplit } from './split';
import { loadLabeledVectors } from './trainingData';
import { formatMetrics } from './trainV1';
import { DEFAULT_SEED, TEST_FRACTION, type TrainOptions, type TrainResult } from './types';

/** V2 and V3 train on the features as they were on this day. */
export const V2_TIME_FREEZE = new Date('2020-07-02T00:00:00Z');

/** Options of {@link trainV2} / {@link trainV3}. */
export interface TrainLstmOptions extends TrainOptions {
  /** Passes over the training split (default per version). */
  epochs?: number;
  /** Rows per gradient step (default per version). */
  batchSize?: number;
  /** Adam's learning rate (default per version). */
  learningRate?: number;
  /** The tokenizer the features were computed with (default: the committed one). */
  tokenizerPath?: string;
}

/** Defaults per version. */
export const LSTM_TRAINING_DEFAULTS: Readonly<
  Record<LstmVersion, { epochs: number; batchSize: number; learningRate: number }>
> = Object.freeze({
  V2: { epochs: 10, batchSize: 32, learningRate: 0.01 },
  V3: { epochs: 12, batchSize: 32, learningRate: 0.005 },
});

/** The v2 feature vector of a row: the 30 token ids of `features`, or null when it is null. */
export function idListVector(
  length: number,
): (values: Readonly<Record<string, FeatureValue>>) => number[] | null {
  return (values) => {
    const v = values[LSTM_FEATURE_NAME] ?? null;
    if (v === null) return null;
    if (!Array.isArray(v) || v.length !== length || !v.every((x) => Number.isInteger(x))) {
      const shown = JSON.stringify(v);
      throw new BadUserInputError(
        `feature ${LSTM_FEATURE_NAME} is ${shown.length > 80 ? `${shown.slice(0, 80)}…` : shown}, expected ${length} integer token ids`,
      );
    }
    return [...v];
  };
}

function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) {
    throw new BadUserInputError(`${name} must be a positive integer, got ${v}`);
  }
  return v;
}

async function scoreRows(
  model: tf.LayersModel,
  X: number[][],
  y: number[],
  length: number,
): Promise<Metrics> {
  const p: number[] = [];
  for (let i = 0; i < X.length; i += 512) {
    p.push(...(await lstmProba(model, X.slice(i, i + 512), length)));
  }
  return computeMetrics(
    y,
    p.map((v) => (labelOf(v) === 'spam' ? 1 : 0)),
  );
}

/**
 * Trains, evaluates and saves V2 or V3.
 *
 * @throws BadUserInputError when no id is given, an option is invalid, or too few labeled rows
 *   of each class are left for a stratified split; NotFoundError before `fs apply`.
 */
export async function trainLstm(
  version: LstmVersion,
  opts: TrainLstmOptions,
): Promise<TrainResult> {
  const spec = LSTM_SPECS[version];
  const defaults = LSTM_TRAINING_DEFAULTS[version];
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!isValidSeed(seed)) {
    throw new BadUserInputError(`seed must be an integer in [0, 4294967295], got ${seed}`);
  }
  const epochs = positiveInt('epochs', opts.epochs ?? defaults.epochs);
  const batchSize = positiveInt('batch size', opts.batchSize ?? defaults.batchSize);
  const learningRate = opts.learningRate ?? defaults.learningRate;
  if (!(learningRate > 0)) {
    throw new BadUserInputError(`learning rate must be positive, got ${learningRate}`);
  }
  if (opts.ids.length === 0) throw new BadUserInputError('no sms ids to train on');
  const outDir = opts.outDir ?? LSTM_ARTIFACT_DIRS[version];
  const say = (line: string) => opts.onProgress?.(`models: ${version}: ${line}`);
  const at = V2_TIME_FREEZE.toISOString();
  const tokenizer = await loadTokenizer(opts.tokenizerPath ?? DEFAULT_TOKENIZER_PATH);

  say(`reading ${LSTM_FEATURE_SERVICE} as of ${at} for ${opts.ids.length} sms ids…`);
  const data = await loadLabeledVectors(opts.store, {
    featureService: LSTM_FEATURE_SERVICE,
    ids: opts.ids,
    at: V2_TIME_FREEZE,
    toVector: idListVector(spec.sequenceLength),
  });
  const spam = data.y.filter((v) => v === 1).length;
  const ham = data.y.length - spam;
  say(`${data.y.length} labeled rows (${spam} spam, ${ham} ham), ${data.dropped} dropped`);
  if (spam < 2 || ham < 2) {
    throw new BadUserInputError(
      `need at least 2 spam and 2 ham rows with features v2 as of ${at} for a ` +
        `stratified split, got ${spam} spam and ${ham} ham (${data.dropped} rows dropped): ` +
        'were the sources created (`fs create-sources`, `fs apply`) for these ids?',
    );
  }
  const outOfVocabulary = data.X.findIndex((r) => r.some((v) => v < 0 || v >= spec.vocabulary));
  if (outOfVocabulary !== -1) {
    throw new BadUserInputError(
      `${data.ids[outOfVocabulary]}: features hold a token id outside [0, ${spec.vocabulary}): ` +
        'the features were computed with another tokenizer',
    );
  }

  const split = stratifiedSplit(data.y, TEST_FRACTION, seed);
  const pick = <T>(rows: T[], idx: number[]) => idx.map((i) => rows[i]!);
  const [Xtrain, ytrain] = [pick(data.X, split.train), pick(data.y, split.train)];
  const [Xtest, ytest] = [pick(data.X, split.test), pick(data.y, split.test)];
  say(`stratified split (seed ${seed}): ${split.train.length} train, ${split.test.length} test`);

  const backend = await initTfjs();
  say(
    `tfjs ${tf.version.tfjs}, backend ${backend.name}; ${epochs} epochs, batch size ${batchSize}, learning rate ${learningRate}`,
  );
  const model = buildLstmModel(spec, seed);
  try {
    model.compile({
      optimizer: tf.train.adam(learningRate),
      loss: 'sparseCategoricalCrossentropy',
    });
    const rng = createRng(deriveSeed(seed, 'batches'));
    const order = Xtrain.map((_, i) => i);
    const epochLoss: number[] = [];
    const epochSeconds: number[] = [];
    const started = performance.now();
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const t0 = performance.now();
      shuffleInPlace(order, rng);
      let lossSum = 0;
      for (let i = 0; i < order.length; i += batchSize) {
        const idx = order.slice(i, i + batchSize);
        const x = tf.tensor2d(
          idx.map((j) => Xtrain[j]!),
          [idx.length, spec.sequenceLength],
          'float32',
        );
        const y = tf.tensor1d(
          idx.map((j) => ytrain[j]!),
          'float32',
        );
        try {
          const loss = await model.trainOnBatch(x, y);
          lossSum += (Array.isArray(loss) ? loss[0]! : loss) * idx.length;
        } finally {
          x.dispose();
          y.dispose();
        }
      }
      const loss = lossSum / order.length;
      const seconds = (performance.now() - t0) / 1000;
      epochLoss.push(loss);
      epochSeconds.push(seconds);
      const elapsed = (performance.now() - started) / 1000;
      say(
        `epoch ${epoch}/${epochs}: loss ${loss.toFixed(4)}, ${seconds.toFixed(1)} s (elapsed ${elapsed.toFixed(1)} s)`,
      );
    }
    const trainingSeconds = (performance.now() - started) / 1000;

    const metrics = await scoreRows(model, Xtest, ytest, spec.sequenceLength);
    const trainMetrics = await scoreRows(model, Xtrain, ytrain, spec.sequenceLength);
    say(`test ${formatMetrics(metrics)}`);

    const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
    const record: Omit<ModelMetadata, 'artifactDigest'> = {
      format: 'spamgraph.model-metadata',
      formatVersion: 1,
      version,
      description: `embedding ${spec.embeddingDim} → spatial dropout ${spec.spatialDropout} → LSTM ${spec.lstmUnits}${spec.lstmDropout > 0 ? ` (dropout ${spec.lstmDropout})` : ''} → dense softmax 2, on features v2`,
      library: `@tensorflow/tfjs ${tf.version.tfjs} (layers API)`,
      featureNames: [LSTM_FEATURE_NAME],
      hyperparameters: {
        vocabulary: spec.vocabulary,
        sequenceLength: spec.sequenceLength,
        embeddingDim: spec.embeddingDim,
        spatialDropout: spec.spatialDropout,
        lstmUnits: spec.lstmUnits,
        lstmDropout: spec.lstmDropout,
        optimizer: 'adam',
        learningRate,
        loss: 'sparseCategoricalCrossentropy',
        epochs,
        batchSize,
        seed,
      },
      seed,
      ...dataAndSplit(
        {
          featureService: LSTM_FEATURE_SERVICE,
          timeFreeze: at,
          entityRows: data.entityRows,
          dropped: data.dropped,
          spam,
          ham,
        },
        { testFraction: TEST_FRACTION, nTrain: split.train.length, nTest: split.test.length },
      ),
      metrics,
      trainMetrics,
      extra: {
        tfjsVersion: tf.version.tfjs,
        tfjsBackend: backend.name,
        parameters: model.countParams(),
        epochs,
        // One object per epoch (Prettier keeps an array of objects one per line).
        epochLog: epochLoss.map((loss, i) => ({
          epoch: i + 1,
          loss: round6(loss),
          seconds: Math.round(epochSeconds[i]! * 100) / 100,
        })),
        tokenizerDigest: tokenizerDigest(tokenizer),
      },
      trainedAt: (opts.now?.() ?? new Date()).toISOString(),
      trainingSeconds: round6(trainingSeconds),
    };
    const artifactDigest = await saveLstmArtifact(outDir, model, record);
    return { version, outDir, artifactDigest, metadata: { ...record, artifactDigest } };
  } finally {
    model.dispose();
  }
}

/** Trains, evaluates and saves V2 (see {@link trainLstm}). */
export const trainV2 = (opts: TrainLstmOptions): Promise<TrainResult> => trainLstm('V2', opts);

/** Trains, evaluates and saves V3 (see {@link trainLstm}). */
export const trainV3 = (opts: TrainLstmOptions): Promise<TrainResult> => trainLstm('V3', opts);
