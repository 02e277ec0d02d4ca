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
export { stratifiedSplit, type Split } from './split';
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
  type TrainLstmOptions,
} from './trainLstm';
