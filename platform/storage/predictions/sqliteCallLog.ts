/**
 * The call log in SQLite: one append-only table. Each row carries its expiry time (write time
 * + ttl); reads ignore expired rows and appends purge them now and then (at most once a minute
 * per process).
 */
import type { SqliteDatabase } from '../sqlite';
import { sqliteCall, sqliteWrite } from '../sqlite';
import { EXPIRES_AT_COLUMN, NOT_EXPIRED, SqliteExpiry, expiryIndexDdl } from '../sqliteExpiry';
import { CALL_LOG_TTL_SECONDS, type CallLogEntry, type CallLogStore } from './callLog';

interface CallRow {
  caller: string;
  version: string;
  called_at: number;
  operation: string;
  input: string;
}

const toEntry = (r: CallRow): CallLogEntry => ({
  caller: r.caller,
  version: r.version,
  calledAt: new Date(r.called_at),
  operation: r.operation,
  input: r.input,
});

/** {@link CallLogStore} on an embedded SQLite file. */
export class SqliteCallLogStore implements CallLogStore {
  // Expired rows are purged at most once a minute, inside `append`.
  private readonly expiry: SqliteExpiry;

  constructor(
    private readonly db: SqliteDatabase,
    { ttlSeconds = CALL_LOG_TTL_SECONDS, now }: SqliteCallLogOptions = {},
  ) {
    this.expiry = new SqliteExpiry(db, 'call_log', { ttlSeconds, now });
  }

  async init(): Promise<void> {
    sqliteCall(this.db, 'create the call log table', () =>
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS call_log (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          caller TEXT NOT NULL,
          version TEXT NOT NULL,
          called_at INTEGER NOT NULL, -- ms since the epoch
          operation TEXT NOT NULL,
          input TEXT NOT NULL,
          ${EXPIRES_AT_COLUMN}
        );
        CREATE INDEX IF NOT EXISTS call_log_by_caller ON call_log (caller, version, called_at);
        ${expiryIndexDdl('call_log')}
      `),
    );
  }

  // Statements are prepared lazily, once: init() must have created the table first.
  private stmts?: ReturnType<SqliteCallLogStore['prepare']>;
  private get q() {
    return (this.stmts ??= this.prepare());
  }
  private prepare() {
    const insert = this.db.prepare<[string, string, number, string, string, number]>(
      `INSERT INTO call_log (caller, version, called_at, operation, input, expires_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    return {
      // One transaction: a write retried on a locked file must not log the call twice.
      append: this.db.transaction((entry: CallLogEntry, now: number) => {
        insert.run(
          entry.caller,
          entry.version,
          entry.calledAt.getTime(),
          entry.operation,
          entry.input,
          this.expiry.expiresAt(now),
        );
        this.expiry.purgeIfDue(now);
      }),
      // The index (caller, version, called_at) ends with the rowid (id), so this is one
      // backward range scan of the index with no sort step.
      recent: this.db.prepare<[string, string, number, number, number], CallRow>(
        `SELECT caller, version, called_at, operation, input FROM call_log
         WHERE caller = ? AND version = ? AND called_at >= ? AND ${NOT_EXPIRED}
         ORDER BY called_at DESC, id DESC
         LIMIT ?`,
      ),
    };
  }

  async append(entry: CallLogEntry): Promise<void> {
    const now = this.expiry.now();
    await sqliteWrite(this.db, 'append to the call log', () => this.q.append(entry, now));
  }

  async recent(
    caller: string,
    version: string,
    since: Date,
    limit: number,
  ): Promise<CallLogEntry[]> {
    // SQLite reads a negative LIMIT as "no limit".
    if (limit <= 0) return [];
    const rows = sqliteCall(this.db, 'read the call log', () =>
      this.q.recent.all(caller, version, since.getTime(), this.expiry.now(), limit),
    );
    return rows.map(toEntry);
  }
}

/** Options of {@link SqliteCallLogStore}. */
export interface SqliteCallLogOptions {
  /** How long an entry lives (default {@link CALL_LOG_TTL_SECONDS}). */
  ttlSeconds?: number;
  /** The clock, in ms since the epoch (tests pass a fake one). */
  now?: () => number;
}
