/**
 * `npm run bench:online-features`: p50 / p99 / throughput of Feast-style
 * `POST /get-online-features` for 1, 10 and 100 entities with each feature service, at
 * concurrency 8, against the real feature-store process, on SQLite and (when a node answers)
 * Cassandra — side by side in one run. Online data: 20,000 synthetic messages written through
 * the online store (same shapes as the real views). Requests carry a read-only API key (role
 * `user`: Feast REST reads take any principal, writes need `admin`).
 *
 * Options: --backends sqlite,cassandra  --connections 8  --seconds 5  --entities 20000
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openSpamFeatureStore } from '../../models';
import type { Config } from '../../platform/config';
import { spawnService, stopServices, waitHealthy } from '../../platform/processes';
import { openStorage } from '../../platform/storage';
import {
  NO_CASSANDRA_NOTE,
  benchCredentials,
  benchEnv,
  measure,
  pickBackends,
  type Backend,
} from './harness';
import { benchRows, rng } from './benchRows';
import { machineLine, table } from './machine';

const DIST = path.resolve(__dirname, '../..');

/** Writes `n` messages × 3 views online; returns the read-only API key of the run. */
async function seed(config: Config, n: number): Promise<string> {
  const storage = await openStorage(config);
  try {
    const store = await openSpamFeatureStore(storage, config);
    await store.apply();
    for (const { view, rows } of benchRows(n)) await store.online.write(view, rows);
    return (await benchCredentials(storage, config)).reader;
  } finally {
    await storage.close();
  }
}

async function runBackend(
  backend: Backend,
  opts: { connections: number; seconds: number; entities: number },
) {
  const b = await benchEnv(backend, 'fs');
  const results = [];
  try {
    process.stderr.write(`… ${backend}: writing ${opts.entities} messages × 3 views online\n`);
    const credential = await seed(b.config, opts.entities);
    const restPort = b.config.ports.featureServer;
    const svc = spawnService(
      'feature-store',
      path.join(DIST, 'subgraphs/feature-store/index.js'),
      `http://127.0.0.1:${restPort}/health`,
      b.env,
    );
    try {
      await waitHealthy(svc);
      const r = rng(7);
      const url = `http://127.0.0.1:${restPort}/get-online-features`;
      // Both services run a while unmeasured first, so no case pays for JIT and cold caches.
      for (const service of ['labeled_sms_1', 'labeled_sms_2']) {
        const body = (n: number) =>
          JSON.stringify({
            feature_service: service,
            entities: {
              sms_id: Array.from({ length: n }, () => `bench${Math.floor(r() * opts.entities)}`),
            },
          });
        await measure({
          url,
          bodies: [body(1), body(100)],
          credential,
          connections: opts.connections,
          seconds: 3,
        });
      }
      for (const service of ['labeled_sms_1', 'labeled_sms_2']) {
        for (const n of [1, 10, 100]) {
          // A fixed set of different request bodies, cycled, so caches see varied keys.
          const bodies = Array.from({ length: 64 }, () =>
            JSON.stringify({
              feature_service: service,
              entities: {
                sms_id: Array.from({ length: n }, () => `bench${Math.floor(r() * opts.entities)}`),
              },
            }),
          );
          const res = await measure({
            url,
            bodies,
            credential,
            connections: opts.connections,
            seconds: opts.seconds,
            warmupSeconds: 1,
          });
          results.push({ backend, service, n, ...res });
        }
      }
    } finally {
      await stopServices([svc]);
    }
  } finally {
    await b.cleanup();
  }
  return results;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      backends: { type: 'string' },
      connections: { type: 'string', default: '8' },
      seconds: { type: 'string', default: '5' },
      entities: { type: 'string', default: '20000' },
    },
  });
  const backends = await pickBackends(values.backends);
  const opts = {
    connections: Number(values.connections),
    seconds: Number(values.seconds),
    entities: Number(values.entities),
  };
  console.log(
    `bench:online-features — POST /get-online-features with a read-only API key, concurrency ${opts.connections}, ${opts.seconds} s per case`,
  );
  console.log(machineLine());
  const rows = [];
  for (const b of backends) rows.push(...(await runBackend(b, opts)));
  console.log(
    table(
      ['backend', 'feature service', 'entities', 'p50 ms', 'p99 ms', 'req/s', 'errors'],
      rows.map((r) => [r.backend, r.service, r.n, r.p50, r.p99, Math.round(r.rps), r.errors]),
    ),
  );
  if (!values.backends && backends.every((b) => b === 'sqlite')) console.log(NO_CASSANDRA_NOTE);
}

main().catch((e: unknown) => {
  console.error(`bench:online-features: ${(e as Error).message}`);
  process.exit(1);
});
