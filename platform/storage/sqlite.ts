/** Opening the embedded SQLite file shared by every store of one process. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StorageUnavailableError } from '../errors';

export type SqliteDatabase = Database.Database;

/**
 * Opens (creating when needed) the SQLite file at `file`, in WAL mode so several processes
 * (the subgraphs of `npm start`) can read while one writes.
 */
export function openSqlite(file: string): SqliteDatabase {
  try {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Several processes share the file: wait for a writer instead of failing at once.
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (e) {
    throw new StorageUnavailableError(
      `cannot open SQLite file ${file}: ${(e as Error).message}`,
      e,
    );
  }
}

/** Runs `fn` on `db`, turning SQLite failures (and a closed file) into STORAGE_UNAVAILABLE. */
export function sqliteCall<T>(db: SqliteDatabase, what: string, fn: () => T): T {
  if (!db.open)
    throw new StorageUnavailableError(`SQLite failed to ${what}: the database is closed`);
  try {
    return fn();
  } catch (e) {
    if (e instanceof Database.SqliteError) {
      throw new StorageUnavailableError(`SQLite failed to ${what}: ${e.message}`, e);
    }
    throw e;
  }
}
