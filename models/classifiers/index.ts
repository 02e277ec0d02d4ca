/** Classifiers: the common interface, the random forest, model V1, the V2/V3 LSTMs (tfjs) and artifact files. */
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
  forestDigest,
  loadV1Classifier,
  saveV1Artifact,
  v1Classifier,
  type ForestFile,
} from './v1';
export {
  LSTM_ARTIFACT_DIRS,
  LSTM_FEATURE_NAME,
  LSTM_FEATURE_SERVICE,
  LSTM_FORMAT,
  LSTM_MODEL_FILE,
  LSTM_SPECS,
  LSTM_WEIGHTS_FILE,
  buildLstmModel,
  loadLstmClassifier,
  lstmClassifier,
  lstmDigest,
  lstmProba,
  saveLstmArtifact,
  serializeModel,
  type LoadLstmOptions,
  type LstmModelFile,
  type LstmSpec,
  type LstmVersion,
} from './lstm';
export {
  ensureUnsortedSegmentSum,
  initTfjs,
  unsortedSegmentSumHost,
  wasmDistDir,
  type TfjsBackendInfo,
  type TfjsBackendName,
} from './tfjsBackend';
