/** Training and evaluation: data from the feature store, split, metrics, trainers. */
export { EVALUATION_BATCH, evaluateCsv, type EvaluationReport } from './evaluate';
export { readLabeledCsvFile } from './labeledCsvFile';
export {
  computeMetrics,
  confusionOf,
  metricsFromConfusion,
  type Confusion,
  type Metrics,
} from './metrics';
export { BestWeights, isBetterEpoch, type EpochScore, type EpochVerdict } from './bestEpoch';
export { stratifiedSplit, validationSplit, type Split, type ValidationSplit } from './split';
export {
  loadLabeledVectors,
  scalarVector,
  type LabeledVectors,
  type LabeledVectorsRequest,
} from './trainingData';
export { V1_TIME_FREEZE, formatMetrics, trainV1, type TrainV1Options } from './trainV1';
export {
  DEFAULT_SEED,
  TEST_FRACTION,
  type HistoricalSource,
  type TrainOptions,
  type TrainResult,
} from './types';
export {
  LSTM_TRAINING_DEFAULTS,
  V2_TIME_FREEZE,
  idListVector,
  trainLstm,
  trainV2,
  trainV3,
  validationRecordOf,
  type LstmTrainingDefaults,
  type TrainLstmOptions,
  type ValidationRecord,
} from './trainLstm';
