/**
 * Storage facade: opens the configured backend once per process and hands out one store per
 * concern. Later concerns (online store, registry, caches) join `Storage` here.
 */
import type { Client } from 'cassandra-driver';
import type { Config } from '../config';
import type { AccountStore } from './accounts/accountStore';
import { CassandraAccountStore } from './accounts/cassandraAccountStore';
import { SqliteAccountStore } from './accounts/sqliteAccountStore';
import { StorageUnavailableError } from '../errors';
import { cassandraCall, connectCassandra, withSchemaAgreement } from './cassandra';
import { CassandraInboxStore } from './inbox/cassandraInboxStore';
import type { InboxStore } from './inbox/inboxStore';
import { SqliteInboxStore } from './inbox/sqliteInboxStore';
import { CassandraIngestionLogStore } from './ingestion/cassandraIngestionLog';
import type { IngestionLogStore } from './ingestion/ingestionLog';
import { SqliteIngestionLogStore } from './ingestion/sqliteIngestionLog';
import {
  CassandraCallLogStore,
  CassandraPredictionCache,
  SqliteCallLogStore,
  SqlitePredictionCache,
  type CallLogStore,
  type PredictionCache,
} from './predictions';
import { CassandraPromotionStore } from './models/cassandraPromotions';
import type { PromotionStore } from './models/promotions';
import { SqlitePromotionStore } from './models/sqlitePromotions';
import { openSqlite, type SqliteDatabase } from './sqlite';
import { CassandraWriteProbe, SqliteWriteProbe } from './writeProbe';

export type { InboxStore, StoredSms, NewSms, InboxPage, ScanPage } from './inbox/inboxStore';
export type { IngestionLogStore, IngestionRecord } from './ingestion/ingestionLog';
export type { Promotion, PromotionStore } from './models/promotions';
export type { Account, AccountStore, ApiKeyRecord, SessionRecord } from './accounts/accountStore';
export type {
  CachedPrediction,
  CallLogEntry,
  CallLogStore,
  PredictionCache,
  PredictionScope,
} from './predictions';

/** The open connection, for libraries (feature store, models) that build their own stores. */
export type StorageConnection =
  | { backend: 'sqlite'; db: SqliteDatabase }
  | { backend: 'cassandra'; client: Client; keyspace: string; concurrency: number };

/** Every store of one backend, sharing one connection. */
export interface Storage {
  backend: Config['storageBackend'];
  connection: StorageConnection;
  inboxes: InboxStore;
  /** Spam probabilities by (version, artifact digest, input digest), kept for a ttl. */
  predictions: PredictionCache;
  /** Who called which model with what, kept for one hour (`CALL_LOG_TTL_SECONDS`). */
  callLog: CallLogStore;
  /** Idempotency keys of `receiveSms` and whether their messages' features were stored. */
  ingestionLog: IngestionLogStore;
  /** Accounts, their sessions and API keys. */
  accounts: AccountStore;
  /** Which model version is champion and challenger (`models promote`), with history. */
  promotions: PromotionStore;
  /** Creates every table that is missing (idempotent). */
  init(): Promise<void>;
  /** Resolves when the backend answers; throws STORAGE_UNAVAILABLE otherwise. */
  ping(): Promise<void>;
  /** Resolves when the backend takes a write (a one-row probe); throws STORAGE_UNAVAILABLE. */
  checkWritable(): Promise<void>;
  close(): Promise<void>;
}

/** Per-store settings of {@link sqliteStorage} and {@link cassandraStorage}. */
export interface StorageOptions {
  /** How long a cached prediction lives (default `PREDICTION_CACHE_TTL_SECONDS`, 30 days). */
  predictionCacheTtlSeconds?: number;
  /** How long a call log entry lives (default `CALL_LOG_TTL_SECONDS`, one hour). */
  callLogTtlSeconds?: number;
  /** How long an idempotency key is remembered (default 7 days). */
  idempotencyKeyTtlSeconds?: number;
  /** How long a session lives unless logged out (default 7 days). */
  sessionTtlSeconds?: number;
}

/**
 * Creates each store's tables in turn: one schema change at a time, since concurrent DDL can
 * leave a Cassandra cluster's schema disagreeing.
 */
const initInTurn =
  (...stores: { init(): Promise<void> }[]) =>
  async (): Promise<void> => {
    for (const store of stores) await store.init();
  };

/** Storage on an open SQLite file. */
export function sqliteStorage(db: SqliteDatabase, opts: StorageOptions = {}): Storage {
  const inboxes = new SqliteInboxStore(db);
  const predictions = new SqlitePredictionCache(db, { ttlSeconds: opts.predictionCacheTtlSeconds });
  const callLog = new SqliteCallLogStore(db, { ttlSeconds: opts.callLogTtlSeconds });
  const ingestionLog = new SqliteIngestionLogStore(db, {
    ttlSeconds: opts.idempotencyKeyTtlSeconds,
  });
  const accounts = new SqliteAccountStore(db, { sessionTtlSeconds: opts.sessionTtlSeconds });
  const promotions = new SqlitePromotionStore(db);
  const probe = new SqliteWriteProbe(db);
  return {
    backend: 'sqlite',
    connection: { backend: 'sqlite', db },
    inboxes,
    predictions,
    callLog,
    ingestionLog,
    accounts,
    promotions,
    init: initInTurn(inboxes, predictions, callLog, ingestionLog, accounts, promotions, probe),
    ping: async () => {
      if (!db.open) throw new StorageUnavailableError('the SQLite file is closed');
      db.prepare('SELECT 1').get();
    },
    checkWritable: () => probe.write(),
    close: async () => {
      db.close();
    },
  };
}

/**
 * Storage on a connected Cassandra client and keyspace; `concurrency` bounds the requests one
 * call keeps in flight.
 */
export function cassandraStorage(
  client: Client,
  keyspace: string,
  concurrency: number,
  opts: StorageOptions = {},
): Storage {
  const inboxes = new CassandraInboxStore(client, keyspace, concurrency);
  const predictions = new CassandraPredictionCache(client, keyspace, concurrency, {
    ttlSeconds: opts.predictionCacheTtlSeconds,
  });
  const callLog = new CassandraCallLogStore(client, keyspace, {
    ttlSeconds: opts.callLogTtlSeconds,
  });
  const ingestionLog = new CassandraIngestionLogStore(client, keyspace, {
    ttlSeconds: opts.idempotencyKeyTtlSeconds,
  });
  const accounts = new CassandraAccountStore(client, keyspace, {
    sessionTtlSeconds: opts.sessionTtlSeconds,
  });
  const promotions = new CassandraPromotionStore(client, keyspace);
  const probe = new CassandraWriteProbe(client, keyspace);
  return {
    backend: 'cassandra',
    connection: { backend: 'cassandra', client, keyspace, concurrency },
    inboxes,
    predictions,
    callLog,
    ingestionLog,
    accounts,
    promotions,
    init: initInTurn(
      ...[inboxes, predictions, callLog, ingestionLog, accounts, promotions, probe].map((s) => ({
        init: () => withSchemaAgreement(client, () => s.init()),
      })),
    ),
    checkWritable: () => probe.write(),
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
  const storeOpts: StorageOptions = { predictionCacheTtlSeconds: config.predictionCacheTtlSeconds };
  const storage =
    config.storageBackend === 'cassandra'
      ? cassandraStorage(
          await connectCassandra(config.cassandra),
          config.cassandra.keyspace,
          config.cassandra.concurrency,
          storeOpts,
        )
      : sqliteStorage(
          openSqlite(config.sqlitePath, { lockTimeoutMs: config.sqliteLockTimeoutMs }),
          storeOpts,
        );
  if (opts.init !== false) await storage.init();
  return storage;
}
