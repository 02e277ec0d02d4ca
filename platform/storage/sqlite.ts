/**
 * Opening the embedded SQLite file shared by every store of one process, and calling it
 * without ever freezing the process on another process's write lock.
 *
 * @remarks
 * better-sqlite3 is synchronous: with SQLite's usual `busy_timeout` of seconds, a write that
 * meets a locked file blocks the whole event loop (every request, `/health` too) that long.
 * So the busy timeout is tiny ({@link SQLITE_BUSY_TIMEOUT_MS}) and writes go through
 * {@link sqliteWrite}, which retries a busy write with backoff *between* event-loop turns up to
 * the file's lock timeout (`SQLITE_LOCK_TIMEOUT_MS`), then answers STORAGE_UNAVAILABLE. Readers
 * are not blocked by a writer in WAL mode, so reads stay plain {@link sqliteCall}s.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StorageUnavailableError } from '../errors';

export type SqliteDatabase = Database.Database;

/** How long one attempt may block the event loop waiting for a lock. */
export const SQLITE_BUSY_TIMEOUT_MS = 20;
/** Default of `SQLITE_LOCK_TIMEOUT_MS`: how long a write keeps retrying a locked file. */
export const SQLITE_LOCK_TIMEOUT_MS = 750;
const FIRST_RETRY_MS = 5;
const MAX_RETRY_MS = 100;

/** Options of {@link openSqlite}. */
export interface SqliteOptions {
  /** How long {@link sqliteWrite} retries a locked file (default {@link SQLITE_LOCK_TIMEOUT_MS}). */
  lockTimeoutMs?: number;
}

// Per connection, so stores need not carry it: set by openSqlite, read by sqliteWrite.
const lockTimeouts = new WeakMap<SqliteDatabase, number>();

/**
 * Opens (creating when needed) the SQLite file at `file`, in WAL mode so several processes
 * (the subgraphs of `npm start`) can read while one writes.
 */
export function openSqlite(file: string, opts: SqliteOptions = {}): SqliteDatabase {
  try {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    // Short: a longer wait would freeze the process; sqliteWrite retries without blocking.
    db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    lockTimeouts.set(db, opts.lockTimeoutMs ?? SQLITE_LOCK_TIMEOUT_MS);
    return db;
  } catch (e) {
    throw new StorageUnavailableError(
      `cannot open SQLite file ${file}: ${(e as Error).message}`,
      e,
    );
  }
}

/**
 * Checkpoints the WAL of `file` into the database and closes it as the last connection, so
 * SQLite removes the `-wal` and `-shm` files. For the supervisor once every service process
 * has exited: processes that close at the same moment each see the other still open and
 * leave the WAL behind (harmless — the next open replays it — but not a clean stop).
 * A missing file is left alone; a locked one is too (someone still uses it).
 */
export function settleSqliteFile(file: string): void {
  if (file === ':memory:' || !fs.existsSync(file)) return;
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** Runs `fn` on `db`, turning SQLite failures (and a closed file) into STORAGE_UNAVAILABLE. */
export function sqliteCall<T>(db: SqliteDatabase, what: string, fn: () => T): T {
  if (!db.open)
    throw new StorageUnavailableError(`SQLite failed to ${what}: the database is closed`);
  try {
    return fn();
  } catch (e) {
    if (isSqliteError(e)) {
      throw new StorageUnavailableError(`SQLite failed to ${what}: ${e.message}`, e);
    }
    throw e;
  }
}

/**
 * An error of SQLite itself. By shape, not `instanceof`: the native addon keeps the error class
 * of the first copy of better-sqlite3 loaded in the process, and a test runner loads several
 * (each in its own realm, with its own `Error`).
 */
function isSqliteError(e: unknown): e is Error & { code: string } {
  const err = e as { name?: unknown; code?: unknown; message?: unknown } | null;
  return (
    typeof err === 'object' &&
    err !== null &&
    err.name === 'SqliteError' &&
    typeof err.code === 'string' &&
    typeof err.message === 'string'
  );
}

/** True for the errors of a file another connection holds locked (worth a retry). */
export function isSqliteBusy(e: unknown): boolean {
  return (
    isSqliteError(e) && (e.code.startsWith('SQLITE_BUSY') || e.code.startsWith('SQLITE_LOCKED'))
  );
}

/**
 * Runs the write `fn` on `db` like {@link sqliteCall}, retrying it while the file is locked by
 * another connection — asynchronously, so the process keeps serving meanwhile — until the
 * file's lock timeout. `fn` must be atomic (one statement or one transaction): a busy attempt
 * has written nothing, so running it again is safe.
 *
 * @throws StorageUnavailableError when the file stays locked, is closed, or fails otherwise.
 */
export async function sqliteWrite<T>(db: SqliteDatabase, what: string, fn: () => T): Promise<T> {
  const timeoutMs = lockTimeouts.get(db) ?? SQLITE_LOCK_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  let delay = FIRST_RETRY_MS;
  for (;;) {
    if (!db.open)
      throw new StorageUnavailableError(`SQLite failed to ${what}: the database is closed`);
    try {
      return fn();
    } catch (e) {
      if (!isSqliteError(e)) throw e;
      const left = deadline - Date.now();
      if (!isSqliteBusy(e) || left <= 0) {
        const why = isSqliteBusy(e)
          ? `the database file is locked by another connection (waited ${timeoutMs} ms)`
          : e.message;
        throw new StorageUnavailableError(`SQLite failed to ${what}: ${why}`, e);
      }
      await new Promise((r) => setTimeout(r, Math.min(delay, left)));
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    }
  }
}
