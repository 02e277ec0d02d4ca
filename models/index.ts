/**
 * Public face of the `models` library: the spam models' versions, features, classifiers,
 * serving and ingestion, the project's feature repo, and training on demand
 * ({@link loadTraining}). Importing it loads neither training code nor TensorFlow.js. Code outside `models/`
 * imports from here only (ESLint and the import-graph check enforce it); tests may also use
 * `models/testing/`.
 *
 * @packageDocumentation
 */
export {
  MODEL_VERSIONS,
  SPAM_THRESHOLD,
  enabledModelVersions,
  isModelVersion,
  labelOf,
  parseModelVersion,
  type ModelVersion,
  type SpamLabel,
} from './versions';
export {
  MODEL_REGISTRY,
  availableVersions,
  modelEntry,
  type ModelEntry,
  type ModelLoadOptions,
} from './registry';
export * from './features';
// Classifiers from their own modules: the classifiers index would load TensorFlow.js.
export { assertFeatureBatch, type Classifier } from './classifiers/classifier';
export { loadMetadata, type DataWindow, type ModelMetadata } from './classifiers/metadata';
export {
  reliabilityTable,
  roundedReliability,
  type Reliability,
  type ReliabilityBin,
} from './classifiers/calibration';
export {
  computeMetrics,
  confusionOf,
  formatMetrics,
  metricsFromConfusion,
  type Confusion,
  type Metrics,
} from './classifiers/metrics';
export { V1_TIME_FREEZE } from './classifiers/v1';
export { V2_TIME_FREEZE } from './classifiers/lstmSpec';
export { DEFAULT_SEED, MAX_SEED } from './classifiers/random';
// Training (trainers, their option rules, evaluation) loads TensorFlow.js and is needed by the
// CLI only: its types are here, its code comes on demand, so no service loads it.
export type * from './training';
/** The training half of the library: `const { trainModel } = await loadTraining()`. */
export type Training = typeof import('./training');
/**
 * Loads the training half of the library (see {@link Training}) on first call.
 *
 * @remarks A synchronous `require`, not `import()`: under `module: node16` TypeScript keeps
 * `import()` as an ES import, which would load the CommonJS build through the ESM loader.
 */
export function loadTraining(): Training {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./training') as Training;
}
export * from './ingestion';
export * from './feedback';
export {
  ModelServing,
  type MessageInput,
  type ModelServingOptions,
  type Prediction,
} from './serving/modelServing';
export type { ServingObserver } from './serving/observer';
export {
  CHOICE_TTL_MS,
  ChampionSource,
  checkPromotion,
  configuredChoice,
  type ServingChoice,
} from './serving/champion';
export {
  SOURCE_TIMESTAMPS,
  sms,
  smsFeatures1,
  smsFeatures2,
  smsLabels,
  spamRepo,
} from './featureRepo/definitions';
export { openSpamFeatureStore, withSpamFeatureStore } from './featureRepo/open';
export { createSources, type CreatedSources } from './featureRepo/createSources';
export {
  FeatureExtractors,
  TEXT_FEATURE_SERVICES,
  messageRows,
  textFeatureView,
  type MessageRows,
  type MessageText,
  type TextFeatureView,
} from './featureRepo/messageRows';
export { pushRowsOf, storeMessageRows } from './featureRepo/storeRows';
export {
  DatasetInvalidError,
  importDataset,
  importedPaths,
  type ImportManifest,
} from './dataset/importDataset';
export { validateLabeledCsv, type LabeledSms } from './dataset/labeledCsv';
export { readLabeledCsvFile } from './dataset/labeledCsvFile';
