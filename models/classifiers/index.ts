/** Classifiers: the common interface, the random forest, model V1 and artifact files. */
export {
  MODEL_VERSIONS,
  SPAM_THRESHOLD,
  assertFeatureBatch,
  labelOf,
  type Classifier,
  type ModelVersion,
  type SpamLabel,
} from './classifier';
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
