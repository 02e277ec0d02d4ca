/**
 * `npm run bench:inbox`: p50 / p99 / throughput of `inbox(first: 50)` through the real
 * gateway and user-data processes, warm, at concurrency 10, on SQLite and (when a node
 * answers, or `--backends cassandra` is asked) on Cassandra — side by side in one run.
 *
 * Options: --backends sqlite,cassandra  --connections 10  --seconds 10
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadConfig, type Config } from '../../platform/config';
import { freePort } from '../../platform/http/listen';
import { spawnService, stopServices, waitHealthy } from '../../platform/processes';
import { openStorage } from '../../platform/storage';
import { dropKeyspace } from '../../platform/storage/cassandra';
import { newSmsId } from '../../platform/storage/inbox/smsId';
import { cassandraUp } from './cassandraUp';
import { machineLine, table } from './machine';
import { SUBGRAPHS } from '../../gateway/subgraphs';

const DIST = path.resolve(__dirname, '../..');
const USER = 'bench-user';
const QUERY = `query Bench($u: ID!) { inbox(userId: $u, first: 50) { edges { cursor node { smsId senderId text receivedAt } } pageInfo { hasNextPage endCursor } } }`;

async function runOne(backend: Config['storageBackend'], connections: number, seconds: number) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spamgraph-bench-'));
  const gatewayPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    STORAGE_BACKEND: backend,
    SQLITE_PATH: path.join(tmp, 'bench.db'),
    DATA_DIR: path.join(tmp, 'data'),
    CASSANDRA_KEYSPACE: `bench_${process.pid}`,
    GATEWAY_PORT: String(gatewayPort),
    FEATURE_SERVER_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  };
  // Every subgraph of the supergraph runs (the gateway is healthy only with all of them).
  for (const s of SUBGRAPHS) env[s.portEnv] = String(await freePort());
  const config = loadConfig(env);
  const storage = await openStorage(config);
  const t0 = Date.now() - 300 * 60_000;
  for (let i = 0; i < 300; i++) {
    await storage.inboxes.insert({
      smsId: newSmsId(new Date(t0 + i * 60_000)),
      recipientId: USER,
      senderId: `+1555${String(i).padStart(6, '0')}`,
      text: `Benchmark message number ${i}: see you at the usual place at ${i % 12} o'clock?`,
    });
  }
  await storage.close();
  const services = SUBGRAPHS.map((s) =>
    spawnService(
      s.name,
      path.join(DIST, s.entry),
      `http://127.0.0.1:${env[s.portEnv]}/health`,
      env,
    ),
  );
  services.push(
    spawnService(
      'gateway',
      path.join(DIST, 'gateway/index.js'),
      `http://127.0.0.1:${gatewayPort}/health`,
      env,
    ),
  );
  try {
    for (const s of services) await waitHealthy(s);
    const opts = {
      url: `http://127.0.0.1:${gatewayPort}/graphql`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY, variables: { u: USER } }),
      connections,
    };
    await autocannon({ ...opts, duration: Math.max(2, Math.round(seconds / 3)) }); // warm-up
    const r = await autocannon({ ...opts, duration: seconds });
    const bad = r.non2xx + r.errors + r.timeouts;
    return {
      backend,
      p50: r.latency.p50,
      p99: r.latency.p99,
      rps: r.requests.average,
      total: r.requests.total,
      bad,
    };
  } finally {
    await stopServices(services);
    if (backend === 'cassandra') {
      await dropKeyspace(config.cassandra);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      backends: { type: 'string' },
      connections: { type: 'string', default: '10' },
      seconds: { type: 'string', default: '10' },
    },
  });
  const backends = (values.backends?.split(',') ?? [
    'sqlite',
    ...((await cassandraUp()) ? ['cassandra'] : []),
  ]) as Config['storageBackend'][];
  const connections = Number(values.connections);
  const seconds = Number(values.seconds);
  console.log(
    `bench:inbox — inbox(first: 50) through the gateway, warm, concurrency ${connections}, ${seconds} s per backend`,
  );
  console.log(machineLine());
  const rows = [];
  for (const b of backends) {
    process.stderr.write(`… ${b}\n`);
    rows.push(await runOne(b, connections, seconds));
  }
  console.log(
    table(
      ['backend', 'p50 ms', 'p99 ms', 'req/s', 'requests', 'errors'],
      rows.map((r) => [r.backend, r.p50, r.p99, Math.round(r.rps), r.total, r.bad]),
    ),
  );
  if (!backends.includes('cassandra'))
    console.log(
      '(no Cassandra at 127.0.0.1:9042: run `npx spamgraph cassandra start` to include it)',
    );
}

main().catch((e: unknown) => {
  console.error(`bench:inbox: ${(e as Error).message}`);
  process.exit(1);
});
