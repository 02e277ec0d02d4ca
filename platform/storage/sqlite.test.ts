/**
 * Writes to a SQLite file another connection holds locked: retried without freezing the
 * process, then STORAGE_UNAVAILABLE with nothing written; through once the lock goes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { isSpamgraphError } from '../errors';
import { spawnSync } from 'node:child_process';
import { openSqlite, settleSqliteFile, sqliteWrite, type SqliteDatabase } from './sqlite';

describe('sqliteWrite on a locked file', () => {
  let dir: string;
  let db: SqliteDatabase;
  let other: Database.Database;
  let timer: NodeJS.Timeout | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spamgraph-sqlite-'));
    const file = path.join(dir, 'lock.db');
    db = openSqlite(file, { lockTimeoutMs: 300 });
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
    other = new Database(file);
  });

  afterEach(() => {
    clearTimeout(timer);
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const insert = (v: string) =>
    sqliteWrite(db, 'insert a row', () => db.prepare('INSERT INTO t (v) VALUES (?)').run(v));

  it('gives STORAGE_UNAVAILABLE after the lock timeout, keeps the event loop turning, writes nothing', async () => {
    other.exec('BEGIN EXCLUSIVE');
    // Ticks of a 10 ms timer while the write waits: a blocked loop would show none.
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const t0 = Date.now();
    const err = await insert('a').catch((e: unknown) => e);
    const ms = Date.now() - t0;
    clearInterval(ticker);
    expect(isSpamgraphError(err) && err.code).toBe('STORAGE_UNAVAILABLE');
    expect((err as Error).message).toBe(
      'SQLite failed to insert a row: the database file is locked by another connection (waited 300 ms)',
    );
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(600);
    expect(ticks).toBeGreaterThanOrEqual(10);
    other.exec('ROLLBACK');
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
  });

  it('goes through once the lock is released within the timeout', async () => {
    other.exec('BEGIN EXCLUSIVE');
    timer = setTimeout(() => other.exec('ROLLBACK'), 100);
    const t0 = Date.now();
    await insert('b');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
    expect(db.prepare('SELECT v FROM t').all()).toEqual([{ v: 'b' }]);
  });

  it('does not retry other failures', async () => {
    const t0 = Date.now();
    const err = await sqliteWrite(db, 'insert a null', () =>
      db.prepare('INSERT INTO t (v) VALUES (NULL)').run(),
    ).catch((e: unknown) => e);
    expect(Date.now() - t0).toBeLessThan(50);
    expect(isSpamgraphError(err) && err.code).toBe('STORAGE_UNAVAILABLE');
    expect((err as Error).message).toBe(
      'SQLite failed to insert a null: NOT NULL constraint failed: t.v',
    );
  });

  it('refuses a closed file', async () => {
    db.close();
    await expect(insert('c')).rejects.toThrow(
      'SQLite failed to insert a row: the database is closed',
    );
    db = openSqlite(path.join(dir, 'lock.db'));
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
  });
});

describe('settleSqliteFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spamgraph-sqlite-settle-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('folds a WAL left by a killed process into the file and removes -wal and -shm', () => {
    const file = path.join(dir, 'left.db');
    // A process that writes in WAL mode and dies without closing, as a killed service does.
    const script = `
      const Database = require('better-sqlite3');
      const db = new Database(${JSON.stringify(file)});
      db.pragma('journal_mode = WAL');
      db.exec("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('kept ✓')");
      process.kill(process.pid, 'SIGKILL');`;
    const run = spawnSync(process.execPath, ['-e', script], { cwd: process.cwd() });
    expect(run.signal).toBe('SIGKILL');
    expect(fs.readdirSync(dir).sort()).toEqual(['left.db', 'left.db-shm', 'left.db-wal']);

    settleSqliteFile(file);

    expect(fs.readdirSync(dir)).toEqual(['left.db']);
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT v FROM t').all()).toEqual([{ v: 'kept ✓' }]);
    db.close();
  });

  it('leaves a missing file missing', () => {
    settleSqliteFile(path.join(dir, 'none.db'));
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
