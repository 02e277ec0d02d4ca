/**
 * Public face of the `feature-store` library: a Feast-like feature store (definitions, apply,
 * point-in-time historical retrieval, materialize, push, online reads) over the platform's
 * storage. It knows nothing of SMS or spam: a project's definitions live with the project
 * (ours in `models/featureRepo/`). Code outside `feature-store/` imports from here only
 * (ESLint and the import-graph check enforce it); tests may also use `feature-store/testing`.
 *
 * @packageDocumentation
 */
export {
  FeatureStore,
  type FeatureSelection,
  type FeatureStoreOptions,
  type OnlineDeleteResult,
  type OnlineWriteSummary,
} from './featureStore';
export {
  entity,
  featureRepo,
  featureService,
  featureView,
  fileSource,
  pushSource,
} from './definitions';
export {
  batchSourceOf,
  type DataSource,
  type Entity,
  type FeatureRepo,
  type FeatureService,
  type FeatureStatus,
  type FeatureValue,
  type Int64,
  type FeatureView,
  type FeatureViewProjection,
  type Field,
  type FileSource,
  type PushSource,
  type ValueType,
} from './types';
export type { ApplyPlan, PlanItem } from './apply';
export type { MaterializeResult, ViewMaterialization } from './materialize';
export {
  DEFAULT_MAX_FUTURE_SKEW_SECONDS,
  MAX_PUSH_ROWS,
  parseEventTime,
  type PushOptions,
  type PushResult,
  type PushTarget,
} from './push';
export type { OnlineWriteResult } from './online/onlineStore';
export {
  FeastNotFoundError,
  FeatureServiceNotFoundError,
  FeatureViewNotFoundError,
  PushSourceNotFoundError,
  type FeastErrorKind,
} from './errors';
export { READ_KEYS_PER_QUERY } from './online/cassandraOnlineStore';
export {
  MAX_ONLINE_ENTITIES,
  checkEntityKeys,
  isValidEntityKey,
  type OnlineColumn,
  type OnlineFeatures,
} from './onlineRead';
export type { EntityRow, FeatureRef, HistoricalResult } from './offline/historical';
export { OfflineStore, type FeatureRow } from './offline/offlineStore';
