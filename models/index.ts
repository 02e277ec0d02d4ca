/**
 * Public face of the `models` library: the spam models' versions, features, classifiers,
 * training, serving and ingestion, and the project's feature repo. Code outside `models/`
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
export {
  V1_TIME_FREEZE,
  V2_TIME_FREEZE,
  assertFeatureBatch,
  computeMetrics,
  confusionOf,
  formatMetrics,
  loadMetadata,
  metricsFromConfusion,
  type Classifier,
  type Confusion,
  type DataWindow,
  type Metrics,
  type ModelMetadata,
} from './classifiers';
export { MAX_SEED } from './classifiers/random';
export * from './training';
export * from './ingestion';
export {
  ModelServing,
  type MessageInput,
  type ModelServingOptions,
  type Prediction,
} from './serving/modelServing';
export type { ServingObserver } from './serving/observer';
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
