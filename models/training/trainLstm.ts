/**
 * Trains models V2 and V3: features v2 (token ids) and labels from the feature store as of the
 * v2 time freeze (2020-07-02), the same stratified 75/25 split and metrics as V1, an LSTM in
 * TensorFlow.js (Adam, sparse categorical cross-entropy, batches shuffled with a seeded
 * generator), and the artifact (`model.json` + `weights.bin` + `metadata.json`).
 *
 * Model selection never looks at the test split: a stratified, seeded validation set is carved
 * out of the training split (15 % by default), the model is scored on it after every epoch, and
 * the best epoch is the one of highest validation accuracy (ties → lower validation loss). Then,
 * as scikit-learn's `refit=True` does after a search, a fresh model with the same seed is trained
 * on the whole training split (fit + validation rows) for exactly that many epochs, and that
 * model is evaluated once on the test split and saved. Without refit the best epoch's weights
 * themselves are saved.
 */
import { performance } from 'node:perf_hooks';
import { BadUserInputError } from '../../platform/errors';
import type { FeatureValue } from '../../feature-store';
import { DEFAULT_TOKENIZER_PATH, loadTokenizer, tokenizerDigest } from '../features';
import { labelOf } from '../versions';
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
import {
  createRng,
  deriveSeed,
  isValidSeed,
  shuffleInPlace,
  type Rng,
} from '../classifiers/random';
import { initTfjs, tf } from '../classifiers/tfjsBackend';
import { BestWeights, type EpochScore } from './bestEpoch';
import { computeMetrics, type Metrics } from './metrics';
import { stratifiedSplit, validationSplit } from './split';
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
  /**
   * Share of the training split held out to pick the epoch, in [0, 1) (default per version);
   * 0 trains on the whole training split and keeps the last epoch's weights.
   */
  validationFraction?: number;
  /**
   * Stop after this many epochs in a row without a better validation score (default: per
   * version; undefined runs every epoch). Needs a validation fraction above 0.
   */
  patience?: number;
  /**
   * After picking the epoch on the validation rows, train a fresh model on the whole training
   * split for that many epochs and keep it (default true; needs a validation fraction above 0).
   */
  refit?: boolean;
}

/** Defaults of one version. */
export interface LstmTrainingDefaults {
  epochs: number;
  batchSize: number;
  learningRate: number;
  validationFraction: number;
  patience?: number;
}

/** Defaults per version. */
export const LSTM_TRAINING_DEFAULTS: Readonly<Record<LstmVersion, Readonly<LstmTrainingDefaults>>> =
  Object.freeze({
    V2: Object.freeze({ epochs: 10, batchSize: 32, learningRate: 0.01, validationFraction: 0.15 }),
    V3: Object.freeze({ epochs: 12, batchSize: 32, learningRate: 0.005, validationFraction: 0.15 }),
  });

/** Keras' clipping of probabilities in the cross-entropy. */
const EPSILON = 1e-7;

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

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) {
    throw new BadUserInputError(`${name} must be a positive integer, got ${v}`);
  }
  return v;
}

/** Metrics and mean sparse categorical cross-entropy of the model (inference mode) on rows. */
async function scoreRows(
  model: tf.LayersModel,
  X: number[][],
  y: number[],
  length: number,
): Promise<{ metrics: Metrics; loss: number }> {
  const p: number[] = [];
  for (let i = 0; i < X.length; i += 512) {
    p.push(...(await lstmProba(model, X.slice(i, i + 512), length)));
  }
  const clip = (v: number) => Math.min(1 - EPSILON, Math.max(EPSILON, v));
  const loss = p.reduce((sum, v, i) => sum - Math.log(clip(y[i] === 1 ? v : 1 - v)), 0) / p.length;
  const metrics = computeMetrics(
    y,
    p.map((v) => (labelOf(v) === 'spam' ? 1 : 0)),
  );
  return { metrics, loss };
}

/**
 * One pass over `X` in batches of `batchSize`, in an order freshly shuffled by `rng`
 * (`order` is reused between epochs); returns the mean training loss.
 */
async function fitEpoch(
  model: tf.LayersModel,
  X: number[][],
  y: number[],
  order: number[],
  rng: Rng,
  batchSize: number,
  length: number,
): Promise<number> {
  shuffleInPlace(order, rng);
  let lossSum = 0;
  for (let i = 0; i < order.length; i += batchSize) {
    const idx = order.slice(i, i + batchSize);
    const x = tf.tensor2d(
      idx.map((j) => X[j]!),
      [idx.length, length],
      'float32',
    );
    const yb = tf.tensor1d(
      idx.map((j) => y[j]!),
      'float32',
    );
    try {
      const loss = await model.trainOnBatch(x, yb);
      lossSum += (Array.isArray(loss) ? loss[0]! : loss) * idx.length;
    } finally {
      x.dispose();
      yb.dispose();
    }
  }
  return lossSum / order.length;
}

/** The validation block of `extra` (see {@link trainLstm}). */
export interface ValidationRecord {
  /** Share of the training split held out. */
  fraction: number;
  method: string;
  /** Rows fit on (the training split minus the validation rows). */
  nFit: number;
  nValidation: number;
  spam: number;
  ham: number;
  /** How the epoch was picked. */
  monitor: string;
  patience: number | null;
  /** The epoch whose weights were kept, and its validation scores. */
  bestEpoch: number;
  accuracy: number;
  loss: number;
  /** Metrics on the validation rows of the kept weights. */
  metrics: Metrics;
  /** Epochs run (fewer than asked when patience stopped training). */
  epochsRun: number;
  stoppedEarly: boolean;
}

/** The refit block of `extra`: the model saved was trained on the whole training split. */
export interface RefitRecord {
  /** Epochs trained: the best epoch on validation. */
  epochs: number;
  /** Rows trained on (fit + validation). */
  nTrain: number;
  seconds: number;
  /** One object per epoch (a long number array would not keep Prettier's layout). */
  epochLog: { epoch: number; loss: number; seconds: number }[];
}

/** The validation block of a V2/V3 artifact's metadata, or undefined when it has none. */
export function validationRecordOf(metadata: ModelMetadata): ValidationRecord | undefined {
  const v = metadata.extra.validation;
  return v !== null && typeof v === 'object' ? (v as ValidationRecord) : undefined;
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
  const validationFraction = opts.validationFraction ?? defaults.validationFraction;
  if (!(validationFraction >= 0 && validationFraction < 1)) {
    throw new BadUserInputError(`validation fraction must be in [0, 1), got ${validationFraction}`);
  }
  const patience =
    opts.patience !== undefined
      ? positiveInt('patience', opts.patience)
      : validationFraction > 0
        ? defaults.patience
        : undefined;
  if (opts.patience !== undefined && validationFraction === 0) {
    throw new BadUserInputError('patience needs validation rows: the validation fraction is 0');
  }
  if (opts.refit === true && validationFraction === 0) {
    throw new BadUserInputError('refit needs validation rows: the validation fraction is 0');
  }
  const refit = validationFraction > 0 && opts.refit !== false;
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
  const [Xtest, ytest] = [pick(data.X, split.test), pick(data.y, split.test)];
  say(`stratified split (seed ${seed}): ${split.train.length} train, ${split.test.length} test`);
  // Validation rows come from the training split only: the test rows are looked at once, at
  // the end, with the weights the validation rows picked.
  const carve = validationSplit(data.y, split.train, validationFraction, seed);
  const [Xtrain, ytrain] = [pick(data.X, carve.fit), pick(data.y, carve.fit)];
  const [Xval, yval] = [pick(data.X, carve.validation), pick(data.y, carve.validation)];
  const valSpam = yval.filter((v) => v === 1).length;
  const valHam = yval.length - valSpam;
  if (validationFraction > 0) {
    const fitSpam = ytrain.filter((v) => v === 1).length;
    const fitHam = ytrain.length - fitSpam;
    if (valSpam === 0 || valHam === 0 || fitSpam === 0 || fitHam === 0) {
      throw new BadUserInputError(
        `validation fraction ${validationFraction} of the ${split.train.length} training rows ` +
          `gives ${valSpam} spam and ${valHam} ham to validate on, ${fitSpam} spam and ` +
          `${fitHam} ham to fit on: each needs both labels (another fraction, or 0 for none)`,
      );
    }
    say(
      `validation (stratified, seed ${seed}, fraction ${validationFraction} of train): ` +
        `${carve.fit.length} fit, ${carve.validation.length} validation (${valSpam} spam, ${valHam} ham)`,
    );
  }

  const backend = await initTfjs();
  say(
    `tfjs ${tf.version.tfjs}, backend ${backend.name}; ${epochs} epochs, batch size ${batchSize}, learning rate ${learningRate}` +
      (validationFraction > 0
        ? `; keeping the best epoch by validation accuracy${patience !== undefined ? `, patience ${patience}` : ''}`
        : ''),
  );
  const compiledModel = () => {
    const m = buildLstmModel(spec, seed);
    m.compile({ optimizer: tf.train.adam(learningRate), loss: 'sparseCategoricalCrossentropy' });
    return m;
  };
  const model = compiledModel();
  let refitModel: tf.LayersModel | undefined;
  const keeper = validationFraction > 0 ? new BestWeights(model, patience) : undefined;
  try {
    const rng = createRng(deriveSeed(seed, 'batches'));
    const order = Xtrain.map((_, i) => i);
    const epochLoss: number[] = [];
    const epochSeconds: number[] = [];
    const epochValidation: EpochScore[] = [];
    let stoppedEarly = false;
    const started = performance.now();
    for (let epoch = 1; epoch <= epochs && !stoppedEarly; epoch++) {
      const t0 = performance.now();
      const loss = await fitEpoch(
        model,
        Xtrain,
        ytrain,
        order,
        rng,
        batchSize,
        spec.sequenceLength,
      );
      let shownValidation = '';
      if (keeper) {
        const v = await scoreRows(model, Xval, yval, spec.sequenceLength);
        const score = { epoch, accuracy: v.metrics.accuracy, loss: v.loss };
        epochValidation.push(score);
        const verdict = keeper.observe(score);
        stoppedEarly = verdict.stop && epoch < epochs;
        shownValidation = `, val loss ${v.loss.toFixed(4)}, val accuracy ${v.metrics.accuracy.toFixed(4)}${verdict.improved ? ' (best)' : ''}`;
      }
      const seconds = (performance.now() - t0) / 1000;
      epochLoss.push(loss);
      epochSeconds.push(seconds);
      const elapsed = (performance.now() - started) / 1000;
      say(
        `epoch ${epoch}/${epochs}: loss ${loss.toFixed(4)}${shownValidation}, ${seconds.toFixed(1)} s (elapsed ${elapsed.toFixed(1)} s)`,
      );
    }
    const trainingSeconds = (performance.now() - started) / 1000;
    const epochsRun = epochLoss.length;

    let validation: ValidationRecord | undefined;
    if (keeper) {
      const best = keeper.restore();
      const v = await scoreRows(model, Xval, yval, spec.sequenceLength);
      if (stoppedEarly) {
        say(
          `stopped after epoch ${epochsRun}: no better validation accuracy for ${patience} epochs`,
        );
      }
      say(
        `kept the weights of epoch ${best.epoch}: val accuracy ${best.accuracy.toFixed(4)}, val loss ${best.loss.toFixed(4)}`,
      );
      validation = {
        fraction: validationFraction,
        method: 'stratified, from the training split only',
        nFit: carve.fit.length,
        nValidation: carve.validation.length,
        spam: valSpam,
        ham: valHam,
        monitor: 'validation accuracy (ties: lower validation loss); best epoch weights restored',
        patience: patience ?? null,
        bestEpoch: best.epoch,
        accuracy: best.accuracy,
        loss: round6(best.loss),
        metrics: v.metrics,
        epochsRun,
        stoppedEarly,
      };
    }

    // The whole training split: what a refit trains on.
    const [Xall, yall] = [pick(data.X, split.train), pick(data.y, split.train)];
    let refitRecord: RefitRecord | undefined;
    if (refit && validation) {
      refitModel = compiledModel();
      const refitRng = createRng(deriveSeed(seed, 'refit batches'));
      const refitOrder = Xall.map((_, i) => i);
      const refitLog: RefitRecord['epochLog'] = [];
      const refitStarted = performance.now();
      say(
        `refit: a fresh model on all ${Xall.length} training rows for ${validation.bestEpoch} epoch(s), the best epoch on validation`,
      );
      for (let epoch = 1; epoch <= validation.bestEpoch; epoch++) {
        const t0 = performance.now();
        const loss = await fitEpoch(
          refitModel,
          Xall,
          yall,
          refitOrder,
          refitRng,
          batchSize,
          spec.sequenceLength,
        );
        const seconds = (performance.now() - t0) / 1000;
        refitLog.push({ epoch, loss: round6(loss), seconds: Math.round(seconds * 100) / 100 });
        say(
          `refit epoch ${epoch}/${validation.bestEpoch}: loss ${loss.toFixed(4)}, ${seconds.toFixed(1)} s`,
        );
      }
      refitRecord = {
        epochs: validation.bestEpoch,
        nTrain: Xall.length,
        seconds: round6((performance.now() - refitStarted) / 1000),
        epochLog: refitLog,
      };
    }
    const final = refitModel ?? model;
    const [XtrainFinal, ytrainFinal] = refitModel ? [Xall, yall] : [Xtrain, ytrain];

    // The one look at the test split, with the model validation picked.
    const { metrics } = await scoreRows(final, Xtest, ytest, spec.sequenceLength);
    const { metrics: trainMetrics } = await scoreRows(
      final,
      XtrainFinal,
      ytrainFinal,
      spec.sequenceLength,
    );
    say(`test ${formatMetrics(metrics)}`);

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
        validationFraction,
        ...(patience !== undefined && { patience }),
        refit,
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
        parameters: final.countParams(),
        epochs: epochsRun,
        // Training metrics are of the rows the saved model was fit on.
        trainMetricsRows: XtrainFinal.length,
        ...(validation && { validation }),
        ...(refitRecord && { refit: refitRecord }),
        // One object per epoch (Prettier keeps an array of objects one per line).
        epochLog: epochLoss.map((loss, i) => ({
          epoch: i + 1,
          loss: round6(loss),
          ...(epochValidation[i] && {
            valLoss: round6(epochValidation[i].loss),
            valAccuracy: round6(epochValidation[i].accuracy),
          }),
          seconds: Math.round(epochSeconds[i]! * 100) / 100,
        })),
        tokenizerDigest: tokenizerDigest(tokenizer),
      },
      trainedAt: (opts.now?.() ?? new Date()).toISOString(),
      trainingSeconds: round6(trainingSeconds),
    };
    const artifactDigest = await saveLstmArtifact(outDir, final, record);
    return { version, outDir, artifactDigest, metadata: { ...record, artifactDigest } };
  } finally {
    keeper?.dispose();
    model.dispose();
    refitModel?.dispose();
  }
}

/** Trains, evaluates and saves V2 (see {@link trainLstm}). */
export const trainV2 = (opts: TrainLstmOptions): Promise<TrainResult> => trainLstm('V2', opts);

/** Trains, evaluates and saves V3 (see {@link trainLstm}). */
export const trainV3 = (opts: TrainLstmOptions): Promise<TrainResult> => trainLstm('V3', opts);
