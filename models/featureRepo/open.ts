/** Opening the spam project's feature store on a process's storage and data dir. */
import type { Config } from '../../platform/config';
import { openStorage, type Storage } from '../../platform/storage';
import { FeatureStore, type FeatureStoreOptions } from '../../feature-store';
import { spamRepo } from './definitions';

/** The feature store of the spam project: `spamRepo` definitions, offline data under DATA_DIR. */
export function openSpamFeatureStore(
  storage: Storage,
  config: Config,
  opts: Pick<FeatureStoreOptions, 'journal'> = {},
): Promise<FeatureStore> {
  return FeatureStore.open({
    storage,
    offlineRoot: FeatureStore.offlineRootOf(config.dataDir),
    definitions: spamRepo,
    maxFutureSkewSeconds: config.featureMaxFutureSkewSeconds,
    ...opts,
  });
}

/**
 * Opens the configured storage and the spam feature store, runs `fn`, then closes the storage
 * whatever happened: the one way the CLI and `npm start` borrow a feature store.
 */
export async function withSpamFeatureStore<T>(
  config: Config,
  fn: (store: FeatureStore, storage: Storage) => Promise<T>,
): Promise<T> {
  const storage = await openStorage(config);
  try {
    return await fn(await openSpamFeatureStore(storage, config), storage);
  } finally {
    await storage.close();
  }
}
