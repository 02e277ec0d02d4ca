/**
 * SQLite's stand-in for a Cassandra TTL, shared by every expiring SQLite table: each row
 * carries its expiry time in an indexed `expires_at` column (ms since the epoch), reads skip
 * expired rows with {@link NOT_EXPIRED}, and writers call {@link SqliteExpiry.purgeIfDue} so
 * expired rows are deleted now and then (at most once per interval per process).
 */
import type { SqliteDatabase } from './sqlite';

/** The column an expiring table declares, in its `CREATE TABLE`. */
export const EXPIRES_AT_COLUMN = 'expires_at INTEGER NOT NULL'; // ms since the epoch

/** WHERE predicate: the row is alive at the time bound to its `?` (ms since the epoch). */
export const NOT_EXPIRED = 'expires_at > ?';

/** WHERE predicate: the row has expired at the time bound to its `?` (ms since the epoch). */
export const EXPIRED = 'expires_at <= ?';

/** Expired rows are deleted at most this often by default. */
export const DEFAULT_PURGE_INTERVAL_MS = 60_000;

// Table names are interpolated into SQL: only plain identifiers.
const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkTable(table: string): string {
  if (!TABLE_NAME.test(table)) throw new Error(`not a plain SQLite table name: "${table}"`);
  return table;
}

/** The index that keeps the purge a range scan: `<table>_by_expiry`. */
export function expiryIndexDdl(table: string): string {
  const t = checkTable(table);
  return `CREATE INDEX IF NOT EXISTS ${t}_by_expiry ON ${t} (expires_at);`;
}

/** Options of {@link SqliteExpiry}. */
export interface SqliteExpiryOptions {
  /** How long a row lives after it is written. */
  ttlSeconds: number;
  /** The clock, in ms since the epoch (tests pass a fake one); default `Date.now`. */
  now?: () => number;
  /** Minimum gap between two purges; default {@link DEFAULT_PURGE_INTERVAL_MS}. */
  purgeIntervalMs?: number;
}

/** The ttl, clock and throttled purge of one expiring table. */
export class SqliteExpiry {
  /** How long a row lives, in ms. */
  readonly ttlMs: number;
  /** The clock, in ms since the epoch. */
  readonly now: () => number;
  private readonly purgeIntervalMs: number;
  private readonly table: string;
  private lastPurgeAt = -Infinity;
  private purgeStmt?: ReturnType<SqliteExpiry['preparePurge']>;

  constructor(
    private readonly db: SqliteDatabase,
    table: string,
    {
      ttlSeconds,
      now = () => Date.now(),
      purgeIntervalMs = DEFAULT_PURGE_INTERVAL_MS,
    }: SqliteExpiryOptions,
  ) {
    this.table = checkTable(table);
    this.ttlMs = ttlSeconds * 1000;
    this.now = now;
    this.purgeIntervalMs = purgeIntervalMs;
  }

  /** When a row written at `now` expires. */
  expiresAt(now: number): number {
    return now + this.ttlMs;
  }

  /**
   * Deletes the rows expired at `now`, unless the last purge was less than the interval ago.
   * The table must exist. A failed purge is retried on the next call.
   *
   * @returns whether it purged
   */
  purgeIfDue(now: number): boolean {
    if (now - this.lastPurgeAt < this.purgeIntervalMs) return false;
    // Prepared lazily, once: the store's init() creates the table first.
    (this.purgeStmt ??= this.preparePurge()).run(now);
    this.lastPurgeAt = now;
    return true;
  }

  private preparePurge() {
    return this.db.prepare<[number]>(`DELETE FROM ${this.table} WHERE ${EXPIRED}`);
  }
}
