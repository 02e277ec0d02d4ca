/** Per-request context of the inbox subgraph. */
import type { MessageFeatureWriter, SmsIngestion } from '../../models';
import type { Logger } from '../../platform/logger';
import type { Storage } from '../../platform/storage';
import type { InboxMetrics } from './metrics';

/** Shared by every request (the inbox subgraph keeps no per-request state). */
export interface Context {
  ingestion: SmsIngestion;
  storage: Storage;
  features: MessageFeatureWriter;
  metrics: InboxMetrics;
  logger: Logger;
}
