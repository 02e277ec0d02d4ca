/**
 * Storage facade: opens the configured backend once per process and hands out one store per
 * concern. Later concerns (online store, registry, caches) join `Storage` here.
 */
import type { Client } from 'cassandra-driver';
import type { Config } from '../config';
import { StorageUnavailableError } from '../errors';
import { cassandraCall, connectCassandra } from './cassandra';
import { CassandraInboxStore } from './inbox/cassandraInboxStore';
import type { InboxStore } from './inbox/inboxStore';
import { SqliteInboxStore } from './inbox/sqliteInboxStore';
import { openSqlite, type SqliteDatabase } from './sqlite';

export type { InboxStore, StoredSms, NewSms, InboxPage } from './inbox/inboxStore';

/** The open connection, for libraries (feature store, models) that build their own stores. */
export type StorageConnection =
  | { backend: 'sqlite'; db: SqliteDatabase }
  | { backend: 'cassandra'; client: Client; keyspace: string; concurrency: number };

/** Every store of one backend, sharing one connection. */
export interface Storage {
  backend: Config['storageBackend'];
  connection: StorageConnection;
  inboxes: InboxStore;
  /** Creates every table that is missing (idempotent). */
  init(): Promise<void>;
  /** Resolves when the backend answers; throws STORAGE_UNAVAILABLE otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Storage on the SQLite file at `file`. */
export function sqliteStorage(db: SqliteDatabase): Storage {
  const inboxes = new SqliteInboxStore(db);
  return {
    backend: 'sqlite',
    connection: { backend: 'sqlite', db },
    inboxes,
    init: () => inboxes.init(),
    ping: async () => {
      if (!db.open) throw new StorageUnavailableError('the SQLite file is closed');
      db.prepare('SELECT 1').get();
    },
    close: async () => {
      db.close();
    },
  };
}

/** Storage on a connected Cassandra client and keyspace. */
export function cassandraStorage(client: Client, keyspace: string, concurrency: number): Storage {
  const inboxes = new CassandraInboxStore(client, keyspace, concurrency);
  return {
    backend: 'cassandra',
    connection: { backend: 'cassandra', client, keyspace, concurrency },
    inboxes,
    init: () => inboxes.init(),
    ping: () =>
      cassandraCall('answer a ping', async () => {
        await client.execute('SELECT release_version FROM system.local');
      }),
    close: () => client.shutdown(),
  };
}

/**
 * Opens the backend the config names and (unless `init: false`) creates missing tables.
 *
 * @throws StorageUnavailableError when the backend cannot be reached.
 */
export async function openStorage(config: Config, opts: { init?: boolean } = {}): Promise<Storage> {
  const storage =
    config.storageBackend === 'cassandra'
      ? cassandraStorage(
          await connectCassandra(config.cassandra),
          config.cassandra.keyspace,
          config.cassandra.concurrency,
        )
      : sqliteStorage(openSqlite(config.sqlitePath));
  if (opts.init !== false) await storage.init();
  return storage;
}
