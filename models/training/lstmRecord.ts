/**
 * What a V2/V3 run records in `metadata.json`: the architecture and settings, the data window
 * and split, test and training metrics, and the training record (epoch log, validation, refit).
 * Key order is the file's order.
 */
import { LSTM_FEATURE_NAME, LSTM_FEATURE_SERVICE, type LstmSpec } from '../classifiers/lstmSpec';
import { dataAndSplit, type ModelMetadata } from '../classifiers/metadata';
import type { Metrics } from '../classifiers/metrics';
import { tf, type TfjsBackendInfo } from '../classifiers/tfjsBackend';
import type { EpochScore } from './bestEpoch';
import type { EpochsRun } from './lstmEpochs';
import type { ResolvedLstmSettings } from './lstmOptions';
import type { LabelOrigins } from './trainingData';
import type { LstmData, LstmRows } from './lstmRows';
import { TEST_FRACTION } from './types';

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const round2 = (x: number) => Math.round(x * 100) / 100;

/** The validation block of `extra` (see trainLstm.ts). */
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

/** The validation block of a first run whose best epoch's weights were kept. */
export function validationRecord(
  settings: ResolvedLstmSettings,
  rows: LstmRows,
  fit: EpochsRun,
  best: EpochScore,
  metrics: Metrics,
): ValidationRecord {
  return {
    fraction: settings.validationFraction,
    method: 'stratified, from the training split only',
    nFit: rows.fit.X.length,
    nValidation: rows.validation.X.length,
    spam: rows.validationSpam,
    ham: rows.validationHam,
    monitor: 'validation accuracy (ties: lower validation loss); best epoch weights restored',
    patience: settings.patience ?? null,
    bestEpoch: best.epoch,
    accuracy: best.accuracy,
    loss: round6(best.loss),
    metrics,
    epochsRun: fit.epochs.length,
    stoppedEarly: fit.stoppedEarly,
  };
}

/** The refit block of a refit of `nTrain` rows. */
export const refitRecord = (nTrain: number, refit: EpochsRun): RefitRecord => ({
  epochs: refit.epochs.length,
  nTrain,
  seconds: round6(refit.seconds),
  epochLog: refit.epochs.map((e) => ({
    epoch: e.epoch,
    loss: round6(e.loss),
    seconds: round2(e.seconds),
  })),
});

/** Everything a finished run records. */
export interface LstmRunSummary {
  spec: LstmSpec;
  settings: ResolvedLstmSettings;
  data: LstmData;
  rows: LstmRows;
  backend: TfjsBackendInfo;
  /** The model saved (the refit one, when there is one). */
  model: tf.LayersModel;
  /** On the test split, and on the rows the saved model was fit on. */
  metrics: Metrics;
  trainMetrics: Metrics;
  trainMetricsRows: number;
  /** The first run, and its validation scores per epoch (none without validation). */
  fit: EpochsRun;
  scores: EpochScore[];
  validation: ValidationRecord | undefined;
  refit: RefitRecord | undefined;
  tokenizerDigest: string;
  /** Where the training rows' labels came from. */
  labels: LabelOrigins;
  trainedAt: Date;
}

function hyperparameters(
  spec: LstmSpec,
  s: ResolvedLstmSettings,
): ModelMetadata['hyperparameters'] {
  return {
    vocabulary: spec.vocabulary,
    sequenceLength: spec.sequenceLength,
    embeddingDim: spec.embeddingDim,
    spatialDropout: spec.spatialDropout,
    lstmUnits: spec.lstmUnits,
    lstmDropout: spec.lstmDropout,
    optimizer: 'adam',
    learningRate: s.learningRate,
    loss: 'sparseCategoricalCrossentropy',
    epochs: s.epochs,
    batchSize: s.batchSize,
    validationFraction: s.validationFraction,
    ...(s.patience !== undefined && { patience: s.patience }),
    refit: s.refit,
    seed: s.seed,
  };
}

function extra(run: LstmRunSummary): ModelMetadata['extra'] {
  return {
    tfjsVersion: tf.version.tfjs,
    tfjsBackend: run.backend.name,
    labels: run.labels,
    parameters: run.model.countParams(),
    epochs: run.fit.epochs.length,
    // Training metrics are of the rows the saved model was fit on.
    trainMetricsRows: run.trainMetricsRows,
    ...(run.validation && { validation: run.validation }),
    ...(run.refit && { refit: run.refit }),
    // One object per epoch (Prettier keeps an array of objects one per line).
    epochLog: run.fit.epochs.map((e, i) => ({
      epoch: e.epoch,
      loss: round6(e.loss),
      ...(run.scores[i] && {
        valLoss: round6(run.scores[i].loss),
        valAccuracy: round6(run.scores[i].accuracy),
      }),
      seconds: round2(e.seconds),
    })),
    tokenizerDigest: run.tokenizerDigest,
  };
}

/** The metadata of a finished run, but its artifact digest (known once saved). */
export function lstmTrainingRecord(run: LstmRunSummary): Omit<ModelMetadata, 'artifactDigest'> {
  const { spec, settings, data, rows } = run;
  return {
    format: 'spamgraph.model-metadata',
    formatVersion: 1,
    version: spec.version,
    description: `embedding ${spec.embeddingDim} → spatial dropout ${spec.spatialDropout} → LSTM ${spec.lstmUnits}${spec.lstmDropout > 0 ? ` (dropout ${spec.lstmDropout})` : ''} → dense softmax 2, on features v2`,
    library: `@tensorflow/tfjs ${tf.version.tfjs} (layers API)`,
    featureNames: [LSTM_FEATURE_NAME],
    hyperparameters: hyperparameters(spec, settings),
    seed: settings.seed,
    ...dataAndSplit(
      {
        featureService: LSTM_FEATURE_SERVICE,
        timeFreeze: data.asOf.toISOString(),
        entityRows: data.entityRows,
        dropped: data.dropped,
        spam: data.spam,
        ham: data.ham,
      },
      {
        testFraction: TEST_FRACTION,
        nTrain: rows.split.train.length,
        nTest: rows.split.test.length,
      },
    ),
    metrics: run.metrics,
    trainMetrics: run.trainMetrics,
    extra: extra(run),
    trainedAt: run.trainedAt.toISOString(),
    trainingSeconds: round6(run.fit.seconds),
  };
}
