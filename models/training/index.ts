/** Training and evaluation: data from the feature store, split, option checks, trainers. */
export { EVALUATION_BATCH, evaluateCsv, type EvaluationReport } from './evaluate';
export {
  COMPARE_BATCH,
  SIGNIFICANCE_LEVEL,
  compareModels,
  compareScores,
  formatPValue,
  sideNames,
  type Agreement,
  type CompareOptions,
  type ComparedModel,
  type ComparisonReport,
  type Disagreement,
  type ScoredModel,
} from './compare';
export { chiSquare1Sf, mcnemarExactP, mcnemarTest, type McNemarTest } from './mcnemar';
export { BestWeights, isBetterEpoch, type EpochScore, type EpochVerdict } from './bestEpoch';
export { stratifiedSplit, validationSplit, type Split, type ValidationSplit } from './split';
export {
  loadLabeledVectors,
  scalarVector,
  type LabeledVectors,
  type LabeledVectorsRequest,
} from './trainingData';
export { trainV1, type TrainV1Options } from './trainV1';
export { V4_CARVES, trainV4, type TrainV4Options } from './trainV4';
export {
  DEFAULT_SEED,
  TEST_FRACTION,
  type HistoricalSource,
  type TrainOptions,
  type TrainResult,
} from './types';
export {
  checkTrainingSeed,
  describeInLibraryWords,
  type DescribeTrainOption,
  type TrainOptionName,
  type TrainOptionProblem,
} from './optionChecks';
export {
  LSTM_TRAINING_DEFAULTS,
  checkLstmValues,
  resolveLstmSettings,
  type LstmSettings,
  type LstmTrainingDefaults,
  type ResolvedLstmSettings,
  type TrainLstmOptions,
} from './lstmOptions';
export { idListVector } from './lstmRows';
export { validationRecordOf, type RefitRecord, type ValidationRecord } from './lstmRecord';
export { trainLstm, trainV2, trainV3 } from './trainLstm';
export {
  MODEL_TRAINERS,
  checkTrainSettings,
  trainModel,
  trainerOf,
  type ModelTrainOptions,
  type VersionTrainer,
} from './trainers';
