/** Per-request context of the user-data subgraph. */
import DataLoader from 'dataloader';
import type { AccountService } from '../../platform/auth/accountService';
import { ANONYMOUS, type Principal } from '../../platform/auth/principal';
import type { Storage, StoredSms } from '../../platform/storage';
import type { Logger } from '../../platform/logger';

export interface Context {
  storage: Storage;
  logger: Logger;
  /** Sign-up, log-in, log-out. */
  accounts: AccountService;
  /** Who is calling, as the gateway signed it (anonymous without credentials). */
  principal: Principal;
  /** The client's address, as the gateway signed it (log-in throttling). */
  clientAddress: string;
  /** Batches entity lookups of one request (the gateway sends references in bulk). */
  smsById: DataLoader<string, StoredSms | null>;
}

/** Who is calling and from where, for {@link createContext}. */
export interface Caller {
  principal: Principal;
  clientAddress: string;
}

/** A fresh context (and so fresh, unshared DataLoader caches) for one request. */
export function createContext(
  storage: Storage,
  logger: Logger,
  accounts: AccountService,
  caller: Caller = { principal: ANONYMOUS, clientAddress: 'unknown' },
): Context {
  return {
    storage,
    logger,
    accounts,
    ...caller,
    smsById: new DataLoader((ids: readonly string[]) => storage.inboxes.getMany(ids), {
      maxBatchSize: 500,
    }),
  };
}
