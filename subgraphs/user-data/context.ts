/** Per-request context of the user-data subgraph. */
import DataLoader from 'dataloader';
import type { Storage, StoredSms } from '../../platform/storage';
import type { Logger } from '../../platform/logger';

export interface Context {
  storage: Storage;
  logger: Logger;
  /** Batches entity lookups of one request (the gateway sends references in bulk). */
  smsById: DataLoader<string, StoredSms | null>;
}

/** A fresh context (and so fresh, unshared DataLoader caches) for one request. */
export function createContext(storage: Storage, logger: Logger): Context {
  return {
    storage,
    logger,
    smsById: new DataLoader((ids: readonly string[]) => storage.inboxes.getMany(ids), {
      maxBatchSize: 500,
    }),
  };
}
