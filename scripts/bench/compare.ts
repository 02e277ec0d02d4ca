/**
 * `npm run bench:compare`: our Feast REST feature server next to Feast's own Python feature
 * server (`feast serve`, Feast 0.67) on the same data — on SQLite (Feast's SQLite online store)
 * and on one Cassandra node (Feast's Cassandra online store, a keyspace of its own) — measured
 * interleaved with the same load generator in one run: `POST /get-online-features` for each
 * feature service with 1 and 100 entities at concurrency 1 and 8 — p50, p99, throughput and
 * our ratio per case. Both read the rows one offline store holds: we materialize them into our
 * online store, Feast's `feast materialize` reads the same Parquet folders into its own. Before
 * measuring, one 100-entity read per service is compared value for value (by feature name).
 *
 * Then the gateway's own cost (gatewayCost.ts): `inbox(first: 50)` through the gateway and
 * straight to user-data, with the gateway's CPU time per request.
 *
 * Needs Feast's SDK: `npx spamgraph feast install`.
 * Options: --backends sqlite,cassandra (default: what answers)  --parts features,gateway
 *          --entities 5000  --seconds 5  --rounds 1
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FeatureStore } from '../../feature-store';
import { openSpamFeatureStore, spamRepo } from '../../models';
import { freePort } from '../../platform/http/listen';
import {
  spawnService,
  stopServices,
  waitHealthy,
  type ServiceProcess,
} from '../../platform/processes';
import type { Config } from '../../platform/config';
import { openStorage } from '../../platform/storage';
import { connectCassandra, dropKeyspace } from '../../platform/storage/cassandra';
import { writeClientRepo, type FeastOnline } from '../feast/clientRepo';
import { percentile } from '../stats/percentile';
import { FEAST_VERSION, feastBin, installedFeast, runFeastPython } from '../feast/python';
import { BENCH_EVENT_TIME, benchKey, benchRows, rng } from './benchRows';
import { gatewayCost, type GatewayCostRow } from './gatewayCost';
import { benchCredentials, benchEnv, measure, pickBackends, type Measured } from './harness';
import { machineLine, table } from './machine';

const DIST = path.resolve(__dirname, '../..');
const SERVICES = ['labeled_sms_1', 'labeled_sms_2'] as const;

/** Where both servers read: SQLite files, or one Cassandra node (a keyspace each). */
type CompareBackend = 'sqlite' | 'cassandra';

interface Case {
  service: string;
  entities: number;
  connections: number;
}

/** Writes the rows offline, materializes them into our online store; the read-only key. */
async function seed(b: Awaited<ReturnType<typeof benchEnv>>, n: number): Promise<string> {
  const storage = await openStorage(b.config);
  try {
    const store = await openSpamFeatureStore(storage, b.config);
    await store.apply();
    const entity = spamRepo.entities[0]!;
    for (const { view, rows } of benchRows(n)) await store.offline.append(view, entity, rows);
    const day = 86_400_000;
    await store.materialize(
      new Date(BENCH_EVENT_TIME.getTime() - day),
      new Date(BENCH_EVENT_TIME.getTime() + day),
    );
    return (await benchCredentials(storage, b.config)).reader;
  } finally {
    await storage.close();
  }
}

/** A Feast repo over our offline folders, materialized, and `feast serve` on a free port. */
async function startFeast(
  offlineRoot: string,
  dir: string,
  online: FeastOnline,
): Promise<ServiceProcess> {
  writeClientRepo(dir, spamRepo, { online, offlineRoot });
  for (const args of [
    ['apply'],
    [
      'materialize',
      new Date(BENCH_EVENT_TIME.getTime() - 86_400_000).toISOString().slice(0, 19),
      new Date(BENCH_EVENT_TIME.getTime() + 86_400_000).toISOString().slice(0, 19),
      ...benchRows(0).flatMap((v) => ['--views', v.view.name]),
    ],
  ]) {
    process.stderr.write(`… feast ${args[0]}\n`);
    const r = await runFeastPython(args, { cwd: dir, bin: 'feast' });
    if (r.code !== 0) throw new Error(`feast ${args[0]} failed: ${r.stderr.slice(-1500)}`);
  }
  const port = await freePort();
  // One worker, like our one process. Feast's default recycles the worker every ~1,000
  // requests (gunicorn max_requests), which dropped connections and put restarts into its
  // p99 (546–668 ms at c=8): off, so the server itself is measured. No access log (ours keeps
  // none either).
  const child = spawn(
    feastBin().feast,
    [
      'serve',
      ...['--host', '127.0.0.1', '--port', String(port), '--workers', '1'],
      ...['--max-requests', '0', '--max-requests-jitter', '0', '--no-access-log'],
    ],
    {
      cwd: dir,
      env: { ...process.env, FEAST_USAGE: 'False' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let log = '';
  child.stderr.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-3000)));
  const svc = { name: 'feast serve', child, healthUrl: `http://127.0.0.1:${port}/health` };
  try {
    await waitHealthy(svc, 120_000);
  } catch (e) {
    throw new Error(`${(e as Error).message}\n${log}`, { cause: e });
  }
  return svc;
}

/** Request bodies of one case: 64 different entity sets, cycled. */
function bodies(c: Case, n: number, seed: number): string[] {
  const r = rng(seed);
  return Array.from({ length: 64 }, () =>
    JSON.stringify({
      feature_service: c.service,
      entities: { sms_id: Array.from({ length: c.entities }, () => benchKey(Math.floor(r() * n))) },
    }),
  );
}

/** One online response as {feature: values}, for comparing servers whose column orders differ. */
async function byName(url: string, body: string, credential: string) {
  const res = await fetch(`${url}/get-online-features`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
    body,
  });
  const json = (await res.json()) as {
    metadata: { feature_names: string[] };
    results: { values: unknown[]; statuses: string[] }[];
  };
  return Object.fromEntries(
    json.metadata.feature_names.map((f, i) => [f, json.results[i]!.values]),
  );
}

/** Whether both servers answer the same values for one 100-entity read of each service. */
async function sameValues(ours: string, feast: string, credential: string, n: number) {
  const lines: string[] = [];
  for (const service of SERVICES) {
    const body = bodies({ service, entities: 100, connections: 1 }, n, 99)[0]!;
    const [a, b] = await Promise.all([
      byName(ours, body, credential),
      byName(feast, body, credential),
    ]);
    const same =
      JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
    lines.push(
      `${service}: ${same ? 'same values' : 'VALUES DIFFER'} (${Object.keys(a).length} columns × 100 entities)`,
    );
    if (!same)
      throw new Error(
        `the servers disagree on ${service}: ${JSON.stringify({ a, b }).slice(0, 600)}`,
      );
  }
  return lines;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      entities: { type: 'string', default: '5000' },
      seconds: { type: 'string', default: '5' },
      rounds: { type: 'string', default: '1' },
      parts: { type: 'string', default: 'features,gateway' },
      backends: { type: 'string' },
    },
  });
  const parts = new Set(values.parts.split(','));
  const backends = (await pickBackends(values.backends)).filter(
    (x): x is CompareBackend => x !== 'cluster',
  );
  const n = Number(values.entities);
  const seconds = Number(values.seconds);
  const rounds = Number(values.rounds);
  if (!(n >= 100) || !(seconds > 0) || !(rounds >= 1)) {
    throw new Error('--entities (≥ 100), --seconds and --rounds must be positive numbers');
  }
  if (parts.has('features') && !installedFeast()) {
    throw new Error(`Feast ${FEAST_VERSION}'s SDK is not installed: npx spamgraph feast install`);
  }
  console.log(
    `bench:compare — ${[...parts].join(' and ')}, ${seconds} s per case, interleaved; features: POST /get-online-features, ours vs Feast ${FEAST_VERSION}'s \`feast serve\` on ${backends.join(' and ')} (each its own online store on the same files or node), same ${n} messages, ${rounds} round(s)`,
  );
  console.log(machineLine());
  if (parts.has('features')) {
    const runs = [];
    for (const backend of backends)
      runs.push(await compareFeatures(backend, { n, seconds, rounds }));
    printResults(runs);
  }
  if (parts.has('gateway')) printGatewayCost(await gatewayCost({ seconds, connections: [1, 8] }));
}

/** Ours vs `feast serve`: the online-features cases, printed. */
/**
 * Feast's online store next to ours: its SQLite file, or (Cassandra) a keyspace of its own on
 * the same node, created here and dropped by the returned clean-up.
 */
async function feastOnlineFor(
  backend: CompareBackend,
  config: Config,
): Promise<{ online: FeastOnline; drop: () => Promise<void> }> {
  if (backend === 'sqlite') {
    return { online: { type: 'sqlite', path: 'data/online.db' }, drop: async () => {} };
  }
  const c = { ...config.cassandra, keyspace: `feast_${config.cassandra.keyspace}` };
  const client = await connectCassandra(config.cassandra); // ours exists by now (seeded)
  try {
    await client.execute(
      `CREATE KEYSPACE IF NOT EXISTS ${c.keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
    );
  } finally {
    await client.shutdown();
  }
  const [host = '127.0.0.1', port = '9042'] = (c.contactPoints[0] ?? '').split(':');
  return {
    online: { type: 'cassandra', hosts: [host], port: Number(port), keyspace: c.keyspace },
    drop: () => dropKeyspace(c),
  };
}

async function compareFeatures(
  backend: CompareBackend,
  { n, seconds, rounds }: { n: number; seconds: number; rounds: number },
) {
  const b = await benchEnv(backend, 'compare');
  const running: ServiceProcess[] = [];
  let dropFeast = async () => {};
  try {
    process.stderr.write(
      `… ${backend}: writing ${n} messages × 3 views offline, materializing ours\n`,
    );
    const credential = await seed(b, n);
    const feastDir = path.join(path.dirname(b.config.dataDir), 'feast-repo');
    fs.mkdirSync(feastDir, { recursive: true });
    const feastOnline = await feastOnlineFor(backend, b.config);
    dropFeast = feastOnline.drop;
    const feast = await startFeast(
      FeatureStore.offlineRootOf(b.config.dataDir),
      feastDir,
      feastOnline.online,
    );
    running.push(feast);
    const restPort = b.config.ports.featureServer;
    const ours = spawnService(
      'feature-store',
      path.join(DIST, 'subgraphs/feature-store/index.js'),
      `http://127.0.0.1:${restPort}/health`,
      b.env,
    );
    running.push(ours);
    await waitHealthy(ours);
    const urls = {
      ours: `http://127.0.0.1:${restPort}`,
      feast: feast.healthUrl.replace(/\/health$/, ''),
    };
    for (const line of await sameValues(urls.ours, urls.feast, credential, n)) console.log(line);
    const cases: Case[] = SERVICES.flatMap((service) =>
      [1, 100].flatMap((entities) =>
        [1, 8].map((connections) => ({ service, entities, connections })),
      ),
    );
    const results = new Map<string, { ours: Measured[]; feast: Measured[] }>();
    for (let round = 0; round < rounds; round++) {
      for (const [i, c] of cases.entries()) {
        const key = `${c.service}|${c.entities}|${c.connections}`;
        const slot = results.get(key) ?? { ours: [], feast: [] };
        results.set(key, slot);
        // Alternate who goes first, so neither always runs on the warmer machine.
        const order =
          (i + round) % 2 === 0 ? (['ours', 'feast'] as const) : (['feast', 'ours'] as const);
        for (const who of order) {
          process.stderr.write(
            `… round ${round + 1} ${who}: ${c.service}, ${c.entities} entities, c=${c.connections}\n`,
          );
          slot[who].push(
            await measure({
              url: `${urls[who]}/get-online-features`,
              bodies: bodies(c, n, 7 + i),
              credential,
              connections: c.connections,
              seconds,
              warmupSeconds: 1,
            }),
          );
        }
      }
    }
    return { backend, cases, results };
  } finally {
    await stopServices(running);
    await dropFeast();
    await b.cleanup();
  }
}

function printGatewayCost(rows: GatewayCostRow[]): void {
  console.log(
    "\nThe gateway's own cost: inbox(first: 50) by its owner through the gateway, and straight to user-data signed as the gateway signs it (SQLite)",
  );
  console.log(
    table(
      [
        'conc.',
        'gateway p50 ms',
        'gateway p99 ms',
        'gateway req/s',
        'direct p50 ms',
        'direct p99 ms',
        'direct req/s',
        'p50 added by the gateway',
        'gateway CPU ms / request',
        'errors',
      ],
      rows.map((r) => [
        r.connections,
        r.gateway.p50,
        r.gateway.p99,
        Math.round(r.gateway.rps),
        r.direct.p50,
        r.direct.p99,
        Math.round(r.direct.rps),
        `${r.gateway.p50 - r.direct.p50} ms`,
        r.gatewayCpuMs.toFixed(2),
        r.gateway.errors + r.direct.errors,
      ]),
    ),
  );
}

/** The median of each figure over the rounds. */
const median = (xs: number[]) => percentile(xs, 50);

function printResults(runs: Awaited<ReturnType<typeof compareFeatures>>[]): void {
  const rows = runs.flatMap(({ backend, cases, results }) =>
    cases.map((c) => {
      const r = results.get(`${c.service}|${c.entities}|${c.connections}`)!;
      const fig = (m: Measured[]) => ({
        p50: median(m.map((x) => x.p50)),
        p99: median(m.map((x) => x.p99)),
        rps: median(m.map((x) => x.rps)),
        errors: m.reduce((s, x) => s + x.errors, 0),
      });
      const o = fig(r.ours);
      const f = fig(r.feast);
      return [
        backend,
        c.service,
        c.entities,
        c.connections,
        o.p50,
        o.p99,
        Math.round(o.rps),
        f.p50,
        f.p99,
        Math.round(f.rps),
        `${(o.rps / f.rps).toFixed(1)}×`,
        // autocannon's latencies are whole ms: below 1 ms ours is "< 1/Feast's".
        o.p99 >= 1 ? `1/${(f.p99 / o.p99).toFixed(1)}` : `< 1/${f.p99}`,
        o.errors + f.errors,
      ];
    }),
  );
  console.log(
    table(
      [
        'backend',
        'feature service',
        'entities',
        'conc.',
        'ours p50 ms',
        'ours p99 ms',
        'ours req/s',
        'Feast p50 ms',
        'Feast p99 ms',
        'Feast req/s',
        'throughput ours/Feast',
        'p99 ours/Feast',
        'errors',
      ],
      rows,
    ),
  );
}

main().catch((e: unknown) => {
  console.error(`bench:compare: ${(e as Error).message}`);
  process.exit(1);
});
