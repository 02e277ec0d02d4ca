/**
 * End to end, one service process (the inbox subgraph) behind the real gateway, both as real
 * processes on a fresh SQLite file: a write-locked file answers STORAGE_UNAVAILABLE fast while
 * the process keeps serving; `/ready` reports per check; SIGTERM drains the request in flight,
 * flushes the offline journal into a Parquet part, closes SQLite (no -wal/-shm) and exits 0.
 * Needs `npm run build` first (`npm test` does it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DuckDBInstance } from '@duckdb/node-api';
import { withSpamFeatureStore } from '../models';
import { loadConfig, REPO_ROOT } from '../platform/config';
import { freePort } from '../platform/http/listen';
import { createApiKeyIn } from './testing/credentials';
import { answers, portOpen, waitUntil } from './testing/processes';

const DIST = path.join(REPO_ROOT, 'dist');

interface Gql {
  data?: { receiveSms: { featuresStored: boolean } } | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

describe('a service process: locked SQLite, readiness, SIGTERM (real processes)', () => {
  let dir: string;
  let dbFile: string;
  let env: NodeJS.ProcessEnv;
  let inbox: ChildProcess;
  let gateway: ChildProcess;
  let inboxUrl: string;
  let gatewayUrl: string;
  let output = '';
  let ingestKey = '';

  const spawnEntry = (entry: string) => {
    const child = spawn(process.execPath, [path.join(DIST, entry)], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    return child;
  };

  beforeAll(async () => {
    if (!fs.existsSync(path.join(DIST, 'gateway/index.js')))
      throw new Error('dist/ is missing: run `npm run build` first');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spamgraph-shutdown-'));
    dbFile = path.join(dir, 'e2e.db');
    const [gatewayPort, inboxPort] = [await freePort(), await freePort()];
    env = {
      ...process.env,
      STORAGE_BACKEND: 'sqlite',
      SQLITE_PATH: dbFile,
      DATA_DIR: path.join(dir, 'data'),
      GATEWAY_PORT: String(gatewayPort),
      INBOX_PORT: String(inboxPort),
      // The other subgraphs are not started: ports nothing listens on.
      USER_DATA_PORT: String(await freePort()),
      MODEL_PORT: String(await freePort()),
      FEATURE_STORE_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    };
    // What `npm start` does on a first run: register the feature definitions.
    await withSpamFeatureStore(loadConfig(env), (store) => store.apply().then(() => undefined));
    ingestKey = await createApiKeyIn(env, 'ingest');
    inboxUrl = `http://127.0.0.1:${inboxPort}`;
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    inbox = spawnEntry('subgraphs/inbox/index.js');
    gateway = spawnEntry('gateway/index.js');
    await waitUntil('inbox healthy', () => answers(`${inboxUrl}/health`), 60_000);
    await waitUntil('gateway listening', () => portOpen(gatewayPort), 60_000);
  }, 90_000);

  afterAll(() => {
    for (const c of [inbox, gateway]) if (c && c.exitCode === null) c.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const receive = async (idempotencyKey: string): Promise<Gql> => {
    const res = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestKey}` },
      body: JSON.stringify({
        query: `mutation ($k: String!) {
          receiveSms(input: { recipientId: "dora", senderId: "80082", text: "WIN cash now", idempotencyKey: $k }) { featuresStored }
        }`,
        variables: { k: idempotencyKey },
      }),
    });
    return (await res.json()) as Gql;
  };
  const stored = (db: Database.Database) =>
    db
      .prepare(
        `SELECT (SELECT count(*) FROM sms WHERE recipient_id = 'dora') AS sms,
                (SELECT count(*) FROM ingestion_log WHERE recipient_id = 'dora') AS keys`,
      )
      .get();

  it('/ready: the inbox checks its storage takes writes; the gateway names the subgraphs that are down', async () => {
    const ready = await fetch(`${inboxUrl}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      service: 'inbox',
      checks: { storage: { status: 'ok' } },
    });
    const gw = await fetch(`${gatewayUrl}/ready`);
    expect(gw.status).toBe(503);
    const body = (await gw.json()) as { status: string; checks: Record<string, unknown> };
    expect(body.status).toBe('unavailable');
    expect(body.checks).toEqual({
      'user-data': {
        status: 'failed',
        error: expect.stringMatching(/^unreachable at .*ECONNREFUSED/),
      },
      model: { status: 'failed', error: expect.stringMatching(/^unreachable at .*ECONNREFUSED/) },
      inbox: { status: 'ok' },
      'feature-store': {
        status: 'failed',
        error: expect.stringMatching(/^unreachable at .*ECONNREFUSED/),
      },
    });
  });

  it('a write-locked file: STORAGE_UNAVAILABLE within 1 s, /health answers meanwhile, nothing written; then writes work', async () => {
    expect(await receive('warm-up')).toEqual({ data: { receiveSms: { featuresStored: true } } });
    const other = new Database(dbFile);
    try {
      other.exec('BEGIN EXCLUSIVE');
      const before = stored(other);
      expect(before).toEqual({ sms: 1, keys: 1 });
      let done = false;
      const healthMs: number[] = [];
      const probe = (async () => {
        while (!done) {
          const t0 = Date.now();
          expect((await fetch(`${inboxUrl}/health`)).status).toBe(200);
          healthMs.push(Date.now() - t0);
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      const t0 = Date.now();
      const refused = await receive('locked');
      const elapsed = Date.now() - t0;
      done = true;
      await probe;
      expect(refused).toEqual({
        data: null,
        errors: [
          {
            message:
              'SQLite failed to claim an idempotency key: the database file is locked by another connection (waited 750 ms)',
            path: ['receiveSms'],
            extensions: { code: 'STORAGE_UNAVAILABLE', serviceName: 'inbox' },
          },
        ],
      });
      expect(elapsed).toBeLessThan(1000);
      expect(healthMs.length).toBeGreaterThanOrEqual(5);
      expect(Math.max(...healthMs)).toBeLessThan(100);
      expect(stored(other)).toEqual(before);
      other.exec('ROLLBACK');
      expect(await receive('locked')).toEqual({ data: { receiveSms: { featuresStored: true } } });
      expect(stored(other)).toEqual({ sms: 2, keys: 2 });
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
    }
  });

  it('SIGTERM: the request in flight finishes, the journal becomes a Parquet part, SQLite is closed, exit 0', async () => {
    const offline = path.join(dir, 'data', 'offline');
    const journals = () =>
      fs
        .readdirSync(offline, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.includes('_journal') && f.endsWith('.ndjson'));
    const journaled = journals().reduce(
      (n, f) => n + fs.readFileSync(path.join(offline, f), 'utf8').trim().split('\n').length,
      0,
    );
    expect(journaled).toBeGreaterThanOrEqual(2); // the two messages above, not yet flushed
    // A request in flight when SIGTERM comes: it waits on a lock released after the signal.
    const other = new Database(dbFile);
    other.exec('BEGIN EXCLUSIVE');
    const exited = new Promise<number | null>((r) => inbox.once('exit', (code) => r(code)));
    const inFlight = receive('in-flight');
    await new Promise((r) => setTimeout(r, 250)); // let it reach the inbox
    inbox.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    other.exec('ROLLBACK');
    other.close();
    expect(await inFlight).toEqual({ data: { receiveSms: { featuresStored: true } } });
    expect(await exited).toBe(0);
    expect(await portOpen(Number(new URL(inboxUrl).port))).toBe(false);
    expect(journals()).toEqual([]);
    const parts = fs
      .readdirSync(offline, { recursive: true, encoding: 'utf8' })
      .filter((f) => /part-journal-.*\.parquet$/.test(f));
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const list = parts.map((p) => `'${path.join(offline, p)}'`).join(', ');
    const rows = await duck.runAndReadAll(
      `SELECT count(*)::INTEGER AS n FROM read_parquet([${list}])`,
    );
    // The in-flight message adds one row to each pushed view's history (v2 and v3).
    expect(rows.getRowObjects()).toEqual([{ n: journaled + 2 }]);
    duck.closeSync();
    // The gateway holds the file too (accounts): SQLite is closed cleanly once both are gone.
    const gatewayExited = new Promise<number | null>((r) => gateway.once('exit', (c) => r(c)));
    gateway.kill('SIGTERM');
    expect(await gatewayExited).toBe(0);
    expect(fs.readdirSync(dir).filter((f) => /-(wal|shm)$/.test(f))).toEqual([]);
  });
});
