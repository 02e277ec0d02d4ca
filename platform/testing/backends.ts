/**
 * Runs a suite once per storage backend on real storage: a fresh SQLite file, and (when a
 * node answers, see globalSetup) a fresh keyspace on the test Cassandra node.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../config';
import { openStorage, type Storage } from '../storage';
import { dropKeyspace } from '../storage/cassandra';

export type BackendName = Config['storageBackend'];

/** The backends a test run covers: sqlite always, cassandra when a node answers. */
export function testBackends(): BackendName[] {
  return process.env.SPAMGRAPH_TEST_CASSANDRA ? ['sqlite', 'cassandra'] : ['sqlite'];
}

/** A config pointing at throwaway storage of `backend` (new file / new keyspace). */
export function testConfig(backend: BackendName, env: NodeJS.ProcessEnv = {}): Config {
  const id = randomBytes(5).toString('hex');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spamgraph-test-'));
  return loadConfig({
    STORAGE_BACKEND: backend,
    SQLITE_PATH: path.join(dir, 'test.db'),
    DATA_DIR: path.join(dir, 'data'),
    CASSANDRA_CONTACT_POINTS: process.env.SPAMGRAPH_TEST_CASSANDRA || '127.0.0.1:9042',
    CASSANDRA_KEYSPACE: `test_${id}`,
    LOG_LEVEL: 'silent',
    ...env,
  });
}

/** Opens storage for a test; {@link dropTestStorage} removes it afterwards. */
export async function openTestStorage(config: Config): Promise<Storage> {
  return openStorage(config);
}

/**
 * Closes test storage and deletes what it created: the keyspace on Cassandra, and on both
 * backends the temporary folder {@link testConfig} made (the SQLite file, DATA_DIR's offline
 * Parquet and journals).
 */
export async function dropTestStorage(storage: Storage, config: Config): Promise<void> {
  await storage.close();
  const dir = path.dirname(config.sqlitePath);
  if (config.storageBackend === 'sqlite') {
    fs.rmSync(dir, { recursive: true, force: true });
    return;
  }
  await dropKeyspace(config.cassandra);
  // The folder testConfig made for DATA_DIR (never one a test pointed SQLITE_PATH at).
  if (path.basename(dir).startsWith('spamgraph-test-') && path.dirname(dir) === os.tmpdir()) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `describe` once per backend with fresh storage for the whole block.
 *
 * @example
 * describeEachBackend('InboxStore', (ctx) => { it('…', async () => { ctx.storage.inboxes… }) });
 */
export function describeEachBackend(
  title: string,
  body: (ctx: { storage: Storage; config: Config; backend: BackendName }) => void,
): void {
  const available = testBackends();
  for (const backend of ['sqlite', 'cassandra'] as const) {
    // Shown as skipped (not silently absent) when no node answers; CI never gets here.
    const describeFn = available.includes(backend) ? describe : describe.skip;
    describeFn(`${title} [${backend}]`, () => {
      const ctx = { backend } as { storage: Storage; config: Config; backend: BackendName };
      beforeAll(async () => {
        ctx.config = testConfig(backend);
        ctx.storage = await openTestStorage(ctx.config);
      }, 60_000);
      afterAll(async () => {
        if (ctx.storage) await dropTestStorage(ctx.storage, ctx.config);
      }, 60_000);
      body(ctx);
    });
  }
}
