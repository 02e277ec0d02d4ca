/**
 * The ingestion log in SQLite: one table keyed by (recipient, key). Each row carries its
 * expiry; an expired key is deleted when it is claimed again, and claims purge expired rows
 * now and then (at most once a minute per process).
 */
import type { SqliteDatabase } from '../sqlite';
import { sqliteCall, sqliteWrite } from '../sqlite';
import {
  EXPIRED,
  EXPIRES_AT_COLUMN,
  NOT_EXPIRED,
  SqliteExpiry,
  expiryIndexDdl,
} from '../sqliteExpiry';
import {
  IDEMPOTENCY_KEY_TTL_SECONDS,
  type IngestionLogStore,
  type IngestionRecord,
} from './ingestionLog';

interface Row {
  recipient_id: string;
  idempotency_key: string;
  sms_id: string;
  request_digest: string;
  features_stored_at: number | null;
}

const toRecord = (r: Row): IngestionRecord => ({
  recipientId: r.recipient_id,
  idempotencyKey: r.idempotency_key,
  smsId: r.sms_id,
  requestDigest: r.request_digest,
  featuresStoredAt: r.features_stored_at === null ? null : new Date(r.features_stored_at),
});

/** {@link IngestionLogStore} on an embedded SQLite file. */
export class SqliteIngestionLogStore implements IngestionLogStore {
  // Expired rows are purged at most once a minute, inside `claim`.
  private readonly expiry: SqliteExpiry;

  constructor(
    private readonly db: SqliteDatabase,
    { ttlSeconds = IDEMPOTENCY_KEY_TTL_SECONDS, now }: IngestionLogOptions = {},
  ) {
    this.expiry = new SqliteExpiry(db, 'ingestion_log', { ttlSeconds, now });
  }

  async init(): Promise<void> {
    sqliteCall(this.db, 'create the ingestion log table', () =>
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS ingestion_log (
          recipient_id TEXT NOT NULL,
          idempotency_key TEXT NOT NULL,
          sms_id TEXT NOT NULL,
          request_digest TEXT NOT NULL,
          features_stored_at INTEGER, -- ms since the epoch
          ${EXPIRES_AT_COLUMN},
          PRIMARY KEY (recipient_id, idempotency_key)
        ) WITHOUT ROWID;
        ${expiryIndexDdl('ingestion_log')}
      `),
    );
  }

  // Statements are prepared lazily, once: init() must have created the table first.
  private stmts?: ReturnType<SqliteIngestionLogStore['prepare']>;
  private get q() {
    return (this.stmts ??= this.prepare());
  }
  private prepare() {
    const cols = 'recipient_id, idempotency_key, sms_id, request_digest, features_stored_at';
    const get = this.db.prepare<[string, string, number], Row>(
      `SELECT ${cols} FROM ingestion_log
       WHERE recipient_id = ? AND idempotency_key = ? AND ${NOT_EXPIRED}`,
    );
    const dropExpired = this.db.prepare<[string, string, number]>(
      `DELETE FROM ingestion_log WHERE recipient_id = ? AND idempotency_key = ? AND ${EXPIRED}`,
    );
    const insert = this.db.prepare<[string, string, string, string, number]>(
      `INSERT OR IGNORE INTO ingestion_log
         (recipient_id, idempotency_key, sms_id, request_digest, expires_at)
       VALUES (?, ?, ?, ?, ?)`,
    );
    return {
      get,
      mark: this.db.prepare<[number, string, string]>(
        `UPDATE ingestion_log SET features_stored_at = ? WHERE recipient_id = ? AND idempotency_key = ?`,
      ),
      // One transaction: SQLite serializes writers, so the claim is atomic across processes.
      claim: this.db.transaction(
        (r: Omit<IngestionRecord, 'featuresStoredAt'>, now: number, expiresAt: number) => {
          dropExpired.run(r.recipientId, r.idempotencyKey, now);
          const created =
            insert.run(r.recipientId, r.idempotencyKey, r.smsId, r.requestDigest, expiresAt)
              .changes === 1;
          return { created, row: get.get(r.recipientId, r.idempotencyKey, now) as Row };
        },
      ),
    };
  }

  async claim(
    record: Omit<IngestionRecord, 'featuresStoredAt'>,
  ): Promise<{ record: IngestionRecord; created: boolean }> {
    const now = this.expiry.now();
    return sqliteWrite(this.db, 'claim an idempotency key', () => {
      this.expiry.purgeIfDue(now);
      const { created, row } = this.q.claim.immediate(record, now, this.expiry.expiresAt(now));
      return { record: toRecord(row), created };
    });
  }

  async markFeaturesStored(recipientId: string, idempotencyKey: string, at: Date): Promise<void> {
    await sqliteWrite(this.db, 'update the ingestion log', () =>
      this.q.mark.run(at.getTime(), recipientId, idempotencyKey),
    );
  }

  async get(recipientId: string, idempotencyKey: string): Promise<IngestionRecord | null> {
    const row = sqliteCall(this.db, 'read the ingestion log', () =>
      this.q.get.get(recipientId, idempotencyKey, this.expiry.now()),
    );
    return row ? toRecord(row) : null;
  }
}

/** Options of {@link SqliteIngestionLogStore}. */
export interface IngestionLogOptions {
  /** How long a key is remembered (default {@link IDEMPOTENCY_KEY_TTL_SECONDS}). */
  ttlSeconds?: number;
  /** The clock, in ms since the epoch (tests pass a fake one). */
  now?: () => number;
}
