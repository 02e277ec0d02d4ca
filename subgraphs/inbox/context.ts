/** Per-request context of the inbox subgraph. */
import type { MessageFeatureWriter, SmsIngestion } from '../../models';
import type { Principal } from '../../platform/auth/principal';
import type { Logger } from '../../platform/logger';
import type { Storage } from '../../platform/storage';
import type { InboxMetrics } from './metrics';

/** The inbox subgraph's services (shared by every request) and the request's caller. */
export interface Context {
  ingestion: SmsIngestion;
  storage: Storage;
  features: MessageFeatureWriter;
  metrics: InboxMetrics;
  logger: Logger;
  /** Who is calling, as the gateway signed it. */
  principal: Principal;
}
