/**
 * `npm run bench:inbox`: p50 / p99 / throughput of `inbox(first: 50)` through the real
 * gateway and subgraph processes, warm, at concurrency 10, on SQLite and (when a node
 * answers, or `--backends cassandra` is asked) on Cassandra — side by side in one run. The
 * inbox is read by its owner: the account of that name, signed in (`Authorization: Bearer
 * <session token>`, checked by the gateway on every request).
 *
 * Options: --backends sqlite,cassandra  --connections 10  --seconds 10
 */
import { parseArgs } from 'node:util';
import { openStorage } from '../../platform/storage';
import {
  BENCH_INBOX_QUERY,
  BENCH_INBOX_USER,
  NO_CASSANDRA_NOTE,
  benchCredentials,
  benchEnv,
  measure,
  pickBackends,
  seedInbox,
  sessionOf,
  startServices,
  type Backend,
} from './harness';
import { machineLine, table } from './machine';

const USER = BENCH_INBOX_USER;
const QUERY = BENCH_INBOX_QUERY;

async function runOne(backend: Backend, connections: number, seconds: number) {
  const b = await benchEnv(backend, 'inbox');
  try {
    const storage = await openStorage(b.config);
    await seedInbox(
      storage,
      USER,
      300,
      (i) => `Benchmark message number ${i}: see you at the usual place at ${i % 12} o'clock?`,
    );
    const creds = await benchCredentials(storage, b.config, [USER]);
    await storage.close();
    const services = await startServices(b);
    try {
      const r = await measure({
        url: `${services.gatewayUrl}/graphql`,
        bodies: [JSON.stringify({ query: QUERY, variables: { u: USER } })],
        credential: sessionOf(creds, USER),
        connections,
        seconds,
      });
      return { backend, ...r };
    } finally {
      await services.stop();
    }
  } finally {
    await b.cleanup();
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
  const backends = await pickBackends(values.backends);
  const connections = Number(values.connections);
  const seconds = Number(values.seconds);
  console.log(
    `bench:inbox — inbox(first: 50) through the gateway as its owner (session token), warm, concurrency ${connections}, ${seconds} s per backend`,
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
      rows.map((r) => [r.backend, r.p50, r.p99, Math.round(r.rps), r.requests, r.errors]),
    ),
  );
  if (!values.backends && backends.every((b) => b === 'sqlite')) console.log(NO_CASSANDRA_NOTE);
}

main().catch((e: unknown) => {
  console.error(`bench:inbox: ${(e as Error).message}`);
  process.exit(1);
});
