/** The shared SQLite expiry helper on a real SQLite file, with a fake clock. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqlite, type SqliteDatabase } from './sqlite';
import {
  DEFAULT_PURGE_INTERVAL_MS,
  EXPIRED,
  EXPIRES_AT_COLUMN,
  NOT_EXPIRED,
  SqliteExpiry,
  expiryIndexDdl,
} from './sqliteExpiry';

describe('SqliteExpiry', () => {
  let dir: string;
  let db: SqliteDatabase;
  let clock: number;
  const now = () => clock;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spamgraph-expiry-'));
    db = openSqlite(path.join(dir, 'expiry.db'));
    db.exec(`
      CREATE TABLE things (name TEXT PRIMARY KEY, ${EXPIRES_AT_COLUMN}) WITHOUT ROWID;
      ${expiryIndexDdl('things')}
    `);
    clock = 1_700_000_000_000;
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const put = (expiry: SqliteExpiry, name: string) =>
    db
      .prepare('INSERT INTO things (name, expires_at) VALUES (?, ?)')
      .run(name, expiry.expiresAt(clock));
  /** Rows a reader sees at the current clock. */
  const visible = () =>
    db
      .prepare<[number], { name: string }>(
        `SELECT name FROM things WHERE ${NOT_EXPIRED} ORDER BY name`,
      )
      .all(clock)
      .map((r) => r.name);
  /** Rows physically in the table, expired or not. */
  const stored = () =>
    db
      .prepare<[], { name: string }>('SELECT name FROM things ORDER BY name')
      .all()
      .map((r) => r.name);

  it('creates the column and the <table>_by_expiry index', () => {
    const cols = db.prepare<[], { name: string; type: string; notnull: number }>(
      'SELECT name, type, "notnull" FROM pragma_table_info(\'things\')',
    );
    expect(cols.all()).toContainEqual({ name: 'expires_at', type: 'INTEGER', notnull: 1 });
    const index = db
      .prepare<[], { name: string; tbl_name: string }>(
        "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND name = 'things_by_expiry'",
      )
      .get();
    expect(index).toEqual({ name: 'things_by_expiry', tbl_name: 'things' });
  });

  it('stamps rows with write time + ttl and hides them once expired', () => {
    const expiry = new SqliteExpiry(db, 'things', { ttlSeconds: 10, now });
    expect(expiry.ttlMs).toBe(10_000);
    expect(expiry.now()).toBe(clock);
    expect(expiry.expiresAt(clock)).toBe(clock + 10_000);
    put(expiry, 'a');
    clock += 9_999;
    expect(visible()).toEqual(['a']);
    clock += 1; // exactly at expires_at: gone for readers
    expect(visible()).toEqual([]);
    expect(stored()).toEqual(['a']);
    const dead = db.prepare<[number], { n: number }>(
      `SELECT count(*) AS n FROM things WHERE ${EXPIRED}`,
    );
    expect(dead.get(clock)).toEqual({ n: 1 });
  });

  it('purges expired rows at most once per interval', () => {
    const expiry = new SqliteExpiry(db, 'things', { ttlSeconds: 10, now });
    put(expiry, 'a');
    expect(expiry.purgeIfDue(clock)).toBe(true); // the first call always purges (nothing yet)
    expect(stored()).toEqual(['a']);

    clock += 11_000; // a expired; 11 s after the last purge: too soon
    put(expiry, 'b');
    expect(visible()).toEqual(['b']);
    expect(expiry.purgeIfDue(clock)).toBe(false);
    expect(stored()).toEqual(['a', 'b']);

    clock += DEFAULT_PURGE_INTERVAL_MS - 11_000 - 1; // 1 ms short of the interval
    expect(expiry.purgeIfDue(clock)).toBe(false);
    expect(stored()).toEqual(['a', 'b']);

    clock += 1; // exactly one interval after the last purge: b expired too
    expect(expiry.purgeIfDue(clock)).toBe(true);
    expect(stored()).toEqual([]);
  });

  it('keeps live rows when it purges, and honours a custom interval', () => {
    const expiry = new SqliteExpiry(db, 'things', { ttlSeconds: 5, now, purgeIntervalMs: 1000 });
    put(expiry, 'old');
    clock += 3_000;
    put(expiry, 'new');
    clock += 2_000; // old expires now, new in 3 s
    expect(expiry.purgeIfDue(clock)).toBe(true);
    expect(stored()).toEqual(['new']);
    clock += 999;
    expect(expiry.purgeIfDue(clock)).toBe(false);
    clock += 1;
    expect(expiry.purgeIfDue(clock)).toBe(true);
    expect(stored()).toEqual(['new']);
  });

  it('retries a failed purge on the next call', () => {
    const expiry = new SqliteExpiry(db, 'missing_table', { ttlSeconds: 1, now });
    expect(() => expiry.purgeIfDue(clock)).toThrow(/no such table: missing_table/);
    db.exec(`CREATE TABLE missing_table (${EXPIRES_AT_COLUMN})`);
    db.prepare('INSERT INTO missing_table (expires_at) VALUES (?)').run(clock);
    expect(expiry.purgeIfDue(clock)).toBe(true);
    expect(db.prepare('SELECT count(*) AS n FROM missing_table').get()).toEqual({ n: 0 });
  });

  it('uses the system clock by default', () => {
    const expiry = new SqliteExpiry(db, 'things', { ttlSeconds: 1 });
    const before = Date.now();
    const t = expiry.now();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });

  it('refuses table names that are not plain identifiers', () => {
    expect(() => expiryIndexDdl('things; DROP TABLE things')).toThrow(/not a plain SQLite table/);
    expect(() => new SqliteExpiry(db, 'a b', { ttlSeconds: 1 })).toThrow(
      'not a plain SQLite table name: "a b"',
    );
  });
});
