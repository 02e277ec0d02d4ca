/**
 * Ingestion of messages: storing features on arrival (`receiveSms`) and the backfill job for
 * messages that came by another path.
 */
export {
  MessageFeatureWriter,
  type FeatureWriteCounts,
  type IngestedMessage,
} from './messageFeatures';
export { GroupCommitWriter, type FeatureBatchWriter } from './groupCommit';
export {
  MAX_IDEMPOTENCY_KEY_LENGTH,
  SmsIngestion,
  parseIdempotencyKey,
  storageRetryFor,
  type StorageRetry,
  type MessageFeatureSink,
  type ReceiveSmsInput,
  type ReceiveSmsResult,
  type SmsIngestionDeps,
} from './smsIngestion';
export {
  DEFAULT_BACKFILL_BATCH,
  MAX_BACKFILL_BATCH,
  backfillFeatures,
  type BackfillOptions,
  type BackfillProgress,
  type BackfillResult,
} from './backfill';
