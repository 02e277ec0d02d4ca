/** Opening the spam project's feature store on a process's storage and data dir. */
import type { Config } from '../../platform/config';
import type { Storage } from '../../platform/storage';
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
    ...opts,
  });
}
