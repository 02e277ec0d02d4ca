/**
 * The call log in SQLite: one append-only table. Each row carries its expiry time (write time
 * + ttl); reads ignore expired rows and appends purge them now and then (at most once a minute
 * per process).
 */
import type { SqliteDatabase } from '../sqlite';
import { sqliteCall } from '../sqlite';
import { CALL_LOG_TTL_SECONDS, type CallLogEntry, type CallLogStore } from './callLog';

/** Expired rows are deleted at most this often (inside `append`). */
const PURGE_INTERVAL_MS = 60_000;

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
  private readonly ttlMs: number;
  private readonly now: () => number;
  private lastPurgeAt = -Infinity;

  constructor(
    private readonly db: SqliteDatabase,
    { ttlSeconds = CALL_LOG_TTL_SECONDS, now = () => Date.now() }: SqliteCallLogOptions = {},
  ) {
    this.ttlMs = ttlSeconds * 1000;
    this.now = now;
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
          expires_at INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS call_log_by_caller ON call_log (caller, version, called_at);
        CREATE INDEX IF NOT EXISTS call_log_by_expiry ON call_log (expires_at);
      `),
    );
  }

  // Statements are prepared lazily, once: init() must have created the table first.
  private stmts?: ReturnType<SqliteCallLogStore['prepare']>;
  private get q() {
    return (this.stmts ??= this.prepare());
  }
  private prepare() {
    return {
      insert: this.db.prepare<[string, string, number, string, string, number]>(
        `INSERT INTO call_log (caller, version, called_at, operation, input, expires_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      purge: this.db.prepare<[number]>(`DELETE FROM call_log WHERE expires_at <= ?`),
      // The index (caller, version, called_at) ends with the rowid (id), so this is one
      // backward range scan of the index with no sort step.
      recent: this.db.prepare<[string, string, number, number, number], CallRow>(
        `SELECT caller, version, called_at, operation, input FROM call_log
         WHERE caller = ? AND version = ? AND called_at >= ? AND expires_at > ?
         ORDER BY called_at DESC, id DESC
         LIMIT ?`,
      ),
    };
  }

  async append(entry: CallLogEntry): Promise<void> {
    const now = this.now();
    sqliteCall(this.db, 'append to the call log', () => {
      this.q.insert.run(
        entry.caller,
        entry.version,
        entry.calledAt.getTime(),
        entry.operation,
        entry.input,
        now + this.ttlMs,
      );
      if (now - this.lastPurgeAt >= PURGE_INTERVAL_MS) {
        this.q.purge.run(now);
        this.lastPurgeAt = now;
      }
    });
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
      this.q.recent.all(caller, version, since.getTime(), this.now(), limit),
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
