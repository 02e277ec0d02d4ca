/** Builds the feature store's online store and registry on the process's storage connection. */
import type { StorageConnection } from '../platform/storage';
import { CassandraOnlineStore } from './online/cassandraOnlineStore';
import type { OnlineStore } from './online/onlineStore';
import { SqliteOnlineStore } from './online/sqliteOnlineStore';
import { CassandraRegistryStore } from './registry/cassandraRegistryStore';
import type { RegistryStore } from './registry/registryStore';
import { SqliteRegistryStore } from './registry/sqliteRegistryStore';

export function createOnlineStore(c: StorageConnection): OnlineStore {
  return c.backend === 'sqlite'
    ? new SqliteOnlineStore(c.db)
    : new CassandraOnlineStore(c.client, c.keyspace, c.concurrency);
}

export function createRegistryStore(c: StorageConnection): RegistryStore {
  return c.backend === 'sqlite'
    ? new SqliteRegistryStore(c.db)
    : new CassandraRegistryStore(c.client, c.keyspace);
}
