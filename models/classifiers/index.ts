/**
 * Classifiers: the common interface, the random forest, model V1, the V2/V3 LSTMs (tfjs), the
 * sparse linear model V4 (L-BFGS, Platt calibration, selection), artifact
 * files and the metrics their metadata records.
 */
export { assertFeatureBatch, type Classifier } from './classifier';
export {
  METADATA_FILE,
  METADATA_FORMAT,
  loadMetadata,
  saveMetadata,
  type DataWindow,
  type ModelMetadata,
} from './metadata';
export {
  DEFAULT_FOREST_OPTIONS,
  featuresPerSplit,
  forestProba,
  forestProblems,
  trainForest,
  treeProba,
  type Forest,
  type ForestOptions,
  type ForestTraining,
  type TreeNode,
  type TreeReport,
} from './randomForest';
export { createRng, deriveSeed, isValidSeed, shuffleInPlace, type Rng } from './random';
export { renderJson, toJsonValue, type JsonValue } from './renderJson';
export {
  FOREST_FORMAT,
  V1_ARTIFACT_DIR,
  V1_FEATURE_SERVICE,
  V1_MODEL_FILE,
  V1_TIME_FREEZE,
  forestDigest,
  loadV1Classifier,
  saveV1Artifact,
  v1Classifier,
  type ForestFile,
} from './v1';
export {
  FEATURES_V3_NAMES,
  V4_ARTIFACT_DIR,
  V4_FEATURE_SERVICE,
  V4_MODEL_FILE,
  V4_TIME_FREEZE,
  loadV4Classifier,
  saveV4Artifact,
  v4Classifier,
} from './v4';
export {
  LSTM_ARTIFACT_DIRS,
  LSTM_FEATURE_NAME,
  LSTM_FEATURE_SERVICE,
  LSTM_SPECS,
  V2_TIME_FREEZE,
  type LstmSpec,
  type LstmVersion,
} from './lstmSpec';
export { buildLstmModel, lstmProba } from './lstmModel';
export {
  LSTM_FORMAT,
  LSTM_MODEL_FILE,
  LSTM_WEIGHTS_FILE,
  lstmDigest,
  saveLstmArtifact,
  serializeModel,
  type LoadLstmOptions,
  type LstmModelFile,
} from './lstmArtifact';
export { loadLstmClassifier, lstmClassifier } from './lstm';
export {
  computeMetrics,
  confusionOf,
  formatMetrics,
  metricsFromConfusion,
  type Confusion,
  type Metrics,
} from './metrics';
export {
  ensureUnsortedSegmentSum,
  initTfjs,
  unsortedSegmentSumHost,
  wasmDistDir,
  type TfjsBackendInfo,
  type TfjsBackendName,
} from './tfjsBackend';
export { minimizeLbfgs, type LbfgsOptions, type LbfgsResult, type Objective } from './lbfgs';
export {
  DEFAULT_LINEAR_OPTIONS,
  LINEAR_LOSSES,
  WEIGHT_DIGITS,
  decisionValues,
  logisticProba,
  roundWeight,
  sigmoid,
  trainLinear,
  type LinearLoss,
  type LinearModel,
  type LinearOptions,
  type LinearReport,
} from './linear';
export {
  IDENTITY_PLATT,
  applyPlatt,
  fitPlatt,
  reliabilityTable,
  type PlattScaling,
  type Reliability,
  type ReliabilityBin,
} from './calibration';
export {
  LINEAR_FORMAT,
  calibratedProba,
  linearDigest,
  linearFile,
  parseLinearFile,
  type CalibratedLinear,
  type LinearFile,
} from './linearFile';
export {
  DEFAULT_CANDIDATES,
  candidateGrid,
  selectLinear,
  type Candidate,
  type CandidateScore,
  type Carve,
  type Selection,
} from './linearSelection';
