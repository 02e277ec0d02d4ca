/** `spamgraph db init` and `db seed` on a real temporary SQLite file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { testConfig } from '../../platform/testing/backends';
import type { Config } from '../../platform/config';
import { SAMPLE_SMS, SAMPLE_USERS } from '../seed/sampleInboxes';
import { cliEnvOf, runCliWithEnv } from '../testing/cli';

/** Reads the file the CLI wrote, read-only, and closes it again. */
function inspect<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

const tables = (file: string) =>
  inspect(file, (db) =>
    db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all()
      .map((r) => r.name),
  );

/** Messages per recipient, as stored. */
const messagesByUser = (file: string) =>
  Object.fromEntries(
    inspect(file, (db) =>
      db
        .prepare<[], { recipient_id: string; n: number }>(
          'SELECT recipient_id, count(*) AS n FROM sms GROUP BY recipient_id ORDER BY recipient_id',
        )
        .all()
        .map((r) => [r.recipient_id, r.n]),
    ),
  );

describe('spamgraph db', () => {
  let config: Config;
  const run = (...argv: string[]) => runCliWithEnv(argv, cliEnvOf(config));

  beforeEach(() => {
    config = testConfig('sqlite');
  });
  afterEach(() => fs.rmSync(path.dirname(config.sqlitePath), { recursive: true, force: true }));

  it('init creates every table, and running it again changes nothing', async () => {
    expect(fs.existsSync(config.sqlitePath)).toBe(false);
    const first = await run('db', 'init');
    expect(first).toEqual({
      code: 0,
      out: [`db: schema ready on sqlite (${config.sqlitePath})`],
      err: [],
    });
    const created = tables(config.sqlitePath);
    expect(created).toEqual([
      'accounts',
      'api_keys',
      'call_log',
      'ingestion_log',
      'model_promotions',
      'prediction_cache',
      'sessions',
      'sms',
      'storage_probe',
    ]);
    expect(await run('db', 'init')).toEqual(first);
    expect(tables(config.sqlitePath)).toEqual(created);
  });

  it('seed stores the sample inboxes once, and again only with --force', async () => {
    // 12 hand-written messages for alice, bob and carol.
    expect(SAMPLE_SMS).toHaveLength(12);
    expect(SAMPLE_USERS).toEqual(['alice', 'bob', 'carol']);

    // No init first: seed creates the tables it needs.
    expect(await run('db', 'seed')).toEqual({
      code: 0,
      out: ['db: stored 12 sample messages'],
      err: [],
    });
    expect(messagesByUser(config.sqlitePath)).toEqual({ alice: 5, bob: 4, carol: 3 });

    expect(await run('db', 'seed')).toEqual({
      code: 0,
      out: ['db: sample inboxes already present'],
      err: [],
    });
    expect(messagesByUser(config.sqlitePath)).toEqual({ alice: 5, bob: 4, carol: 3 });

    expect((await run('db', 'seed', '--force')).out).toEqual(['db: stored 12 sample messages']);
    expect(messagesByUser(config.sqlitePath)).toEqual({ alice: 10, bob: 8, carol: 6 });
  });

  it('seed stores the texts and senders of the samples', async () => {
    await run('db', 'seed');
    const stored = inspect(config.sqlitePath, (db) =>
      db
        .prepare<[], { recipient_id: string; sender_id: string; text: string }>(
          'SELECT recipient_id, sender_id, text FROM sms',
        )
        .all(),
    );
    const key = (s: { to: string; from: string; text: string }) => `${s.to}|${s.from}|${s.text}`;
    expect(
      stored.map((r) => key({ to: r.recipient_id, from: r.sender_id, text: r.text })).sort(),
    ).toEqual(SAMPLE_SMS.map(key).sort());
  });

  it('fails with one readable line and exit 1 when the file cannot be opened', async () => {
    // A folder where the SQLite file should be.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spamgraph-db-'));
    try {
      const r = await runCliWithEnv(['db', 'init'], { ...cliEnvOf(config), SQLITE_PATH: dir });
      expect(r.code).toBe(1);
      expect(r.out).toEqual([]);
      expect(r.err).toEqual([
        expect.stringMatching(
          new RegExp(`^spamgraph: STORAGE_UNAVAILABLE: cannot open SQLite file ${dir}: \\S`),
        ),
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails with one readable line and exit 1 on an unknown backend', async () => {
    const r = await runCliWithEnv(['db', 'seed'], {
      ...cliEnvOf(config),
      STORAGE_BACKEND: 'mongo',
    });
    expect(r.code).toBe(1);
    expect(r.out).toEqual([]);
    expect(r.err).toEqual([expect.stringMatching(/^spamgraph: CONFIG_INVALID: .*STORAGE_BACKEND/)]);
    expect(fs.existsSync(config.sqlitePath)).toBe(false);
  });
});
