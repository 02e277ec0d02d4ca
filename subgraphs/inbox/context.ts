/** Per-request context of the inbox subgraph. */
import DataLoader from 'dataloader';
import type { FeatureStore } from '../../feature-store';
import {
  readReports,
  type MessageFeatureWriter,
  type SmsIngestion,
  type SpamReport,
} from '../../models';
import type { Principal } from '../../platform/auth/principal';
import type { Logger } from '../../platform/logger';
import type { Storage, StoredSms } from '../../platform/storage';
import type { InboxMetrics } from './metrics';

/** The inbox subgraph's services, shared by every request. */
export interface Services {
  ingestion: SmsIngestion;
  storage: Storage;
  features: MessageFeatureWriter;
  /** The feature store: users' verdicts are written to and read from it. */
  store: FeatureStore;
  metrics: InboxMetrics;
  logger: Logger;
}

/** The services, the request's caller and its loaders. */
export interface Context extends Services {
  /** Who is calling, as the gateway signed it. */
  principal: Principal;
  /** Messages by id, batched: the gateway sends a page's references in one call. */
  smsById: DataLoader<string, StoredSms | null>;
  /** Reported verdicts by message id: one online read for a page. */
  reports: DataLoader<string, SpamReport | null>;
}

/** A fresh context (and so fresh, unshared DataLoader caches) for one request. */
export function createContext(services: Services, principal: Principal): Context {
  return {
    ...services,
    principal,
    smsById: new DataLoader((ids: readonly string[]) => services.storage.inboxes.getMany(ids), {
      maxBatchSize: 500,
    }),
    reports: new DataLoader((ids: readonly string[]) => readReports(services.store, ids), {
      maxBatchSize: 500,
    }),
  };
}
