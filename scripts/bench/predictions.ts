/**
 * `npm run bench:predictions`: the inbox query with `spamPrediction` for 50 messages through
 * the real gateway, user-data and model processes — warm (verdicts cached) and cold
 * (`skipCache: true`: features read, model run, cache written on every request) — for V1–V4
 * on SQLite and (when a node answers) Cassandra, side by side in one run. Prints the
 * models' runtimes (tfjs backend). The inbox is read by its owner (the account of that name,
 * signed in: `Authorization: Bearer <session token>`); the model subgraph's `/metrics` is
 * scraped with an `admin` API key.
 *
 * Options: --backends sqlite,cassandra  --versions V1,V2,V3,V4  --connections 1,4  --seconds 6
 * (each concurrency is a separate case: one client alone, and four at once sharing 2 cores)
 */
import { parseArgs } from 'node:util';
import { openSpamFeatureStore } from '../../models';
import { openStorage } from '../../platform/storage';
import {
  NO_CASSANDRA_NOTE,
  benchCredentials,
  benchEnv,
  getText,
  measure,
  pickBackends,
  postChecked,
  seedInbox,
  sessionOf,
  startServices,
  type Backend,
  type BenchCredentials,
  type BenchEnv,
} from './harness';
import { machineLine, table } from './machine';

const USER = 'bench-user';
const QUERY = `query Bench($u: ID!, $v: ModelVersion!, $skip: Boolean) {
  inbox(userId: $u, first: 50) { edges { node { smsId text
    spamPrediction(version: $v, skipCache: $skip) { label spamProbability fromCache } } } } }`;

// Synthetic texts (never the dataset's), all different after tokenization so a cold batch
// really scores 50 vectors: one in five reads like spam, the rest are everyday words.
const WORDS = (
  'i you to the a u and is in me my it for your of have on are that now so can but not or at ' +
  'get will be just with we ok if do go up this know like no got come out when what love how ' +
  'all time day only then good want need home see today one back think later tomorrow'
).split(' ');
const SPAM_WORDS = 'free win cash prize call txt claim urgent mobile reply stop won'.split(' ');
function text(i: number): string {
  let s = (i + 1) * 2_654_435_761;
  const pick = (list: string[]) => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return list[s % list.length] as string;
  };
  const n = 6 + (i % 14);
  const words = Array.from({ length: n }, (_, k) =>
    i % 5 === 0 && k % 2 === 0 ? pick(SPAM_WORDS) : pick(WORDS),
  );
  return `${words.join(' ')}${i % 5 === 0 ? ` 0800${String(i).padStart(4, '0')}` : ''}`;
}

/** Sum and count of every series of the histograms the breakdown uses, from `/metrics`. */
async function timings(
  modelUrl: string,
  adminKey: string,
): Promise<Map<string, { sum: number; count: number }>> {
  const text = await getText(`${modelUrl}/metrics`, adminKey);
  const out = new Map<string, { sum: number; count: number }>();
  for (const line of text.split('\n')) {
    const m = /^(spamgraph_\w+)_(sum|count)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!m) continue;
    const key = `${m[1]}${m[3] ?? ''}`;
    const entry = out.get(key) ?? { sum: 0, count: 0 };
    entry[m[2] as 'sum' | 'count'] = Number(m[4]);
    out.set(key, entry);
  }
  return out;
}

/** Mean milliseconds of a histogram series between two scrapes ('' when nothing happened). */
function meanMs(
  before: Map<string, { sum: number; count: number }>,
  after: Map<string, { sum: number; count: number }>,
  key: string,
): string {
  const a = after.get(key);
  const b = before.get(key) ?? { sum: 0, count: 0 };
  if (!a || a.count === b.count) return '';
  return (((a.sum - b.sum) / (a.count - b.count)) * 1000).toFixed(2);
}

interface Answer {
  data?: { inbox: { edges: { node: { spamPrediction: { fromCache: boolean } } }[] } };
  errors?: { message: string }[];
}

/** One request, checked: 50 verdicts, no errors, every one from the cache or none. */
async function check(
  url: string,
  body: string,
  credential: string,
  fromCache: boolean,
): Promise<void> {
  const json = await postChecked<Answer>(url, body, credential);
  const edges = json.data?.inbox.edges ?? [];
  if (edges.length !== 50) throw new Error(`expected 50 messages, got ${edges.length}`);
  if (!edges.every((e) => e.node.spamPrediction.fromCache === fromCache))
    throw new Error(`expected every verdict with fromCache: ${fromCache}`);
}

/** The inbox, the feature definitions and the credentials of a run, in its storage. */
async function seed(b: BenchEnv): Promise<BenchCredentials> {
  const storage = await openStorage(b.config);
  try {
    await seedInbox(storage, USER, 50, text);
    // As `npm start` does on a first run: register the feature definitions.
    await (await openSpamFeatureStore(storage, b.config)).apply();
    return await benchCredentials(storage, b.config, [USER]);
  } finally {
    await storage.close();
  }
}

/** The models' runtimes, as `models { version runtime }` tells them. */
async function runtimesOf(url: string, credential: string): Promise<string> {
  const models = await postChecked<{
    data: { models: { version: string; runtime: string | null }[] };
  }>(url, JSON.stringify({ query: '{ models { version runtime } }' }), credential);
  return models.data.models.map((m) => `${m.version}: ${m.runtime ?? 'off'}`).join(', ');
}

async function runBackend(
  backend: Backend,
  opts: { versions: string[]; connections: number[]; seconds: number },
) {
  const b = await benchEnv(backend, 'predictions');
  const rows = [];
  let runtimes: string;
  try {
    const creds = await seed(b);
    const session = sessionOf(creds, USER);
    const services = await startServices(b);
    try {
      const url = `${services.gatewayUrl}/graphql`;
      const modelUrl = services.subgraphUrls.model as string;
      runtimes = await runtimesOf(url, session);
      const bodyOf = (v: string, skip: boolean) =>
        JSON.stringify({ query: QUERY, variables: { u: USER, v, skip } });
      // The first query computes features from text, writes them through and fills the cache;
      // then every version runs a while unmeasured, so no case pays for JIT and cold caches
      // (measured first, a version came out up to twice as slow).
      for (const v of opts.versions) {
        await check(url, bodyOf(v, false), session, false);
        await check(url, bodyOf(v, false), session, true);
      }
      process.stderr.write(`… ${backend}: warming up\n`);
      for (const v of opts.versions) {
        for (const skip of [false, true]) {
          await measure({
            url,
            bodies: [bodyOf(v, skip)],
            credential: session,
            connections: 4,
            seconds: 3,
          });
        }
      }
      for (const v of opts.versions) {
        const body = (skip: boolean) => bodyOf(v, skip);
        for (const connections of opts.connections) {
          for (const cold of [false, true]) {
            const before = await timings(modelUrl, creds.admin);
            const r = await measure({
              url,
              bodies: [body(cold)],
              credential: session,
              connections,
              seconds: opts.seconds,
            });
            const after = await timings(modelUrl, creds.admin);
            // Where the time went inside the model subgraph (means over the case, warm-up
            // included): the whole /graphql request, the online read, the model call.
            const inModel = {
              model: meanMs(
                before,
                after,
                'spamgraph_model_http_request_duration_seconds{route="/graphql",status="200"}',
              ),
              online: meanMs(before, after, `spamgraph_online_store_read_seconds{version="${v}"}`),
              inference: meanMs(before, after, `spamgraph_model_inference_seconds{version="${v}"}`),
            };
            rows.push({
              backend,
              version: v,
              cache: cold ? 'cold' : 'warm',
              connections,
              ...r,
              ...inModel,
            });
          }
        }
        await check(url, body(true), session, false);
      }
    } finally {
      await services.stop();
    }
  } finally {
    await b.cleanup();
  }
  return { rows, runtimes };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      backends: { type: 'string' },
      versions: { type: 'string', default: 'V1,V2,V3,V4' },
      connections: { type: 'string', default: '1,4' },
      seconds: { type: 'string', default: '6' },
    },
  });
  const backends = await pickBackends(values.backends);
  const opts = {
    versions: values.versions.split(',').map((v) => v.trim().toUpperCase()),
    connections: values.connections.split(',').map(Number),
    seconds: Number(values.seconds),
  };
  console.log(
    `bench:predictions — inbox(first: 50) { spamPrediction } through the gateway as the inbox's owner (session token), concurrency ${opts.connections.join(' and ')}, ${opts.seconds} s per case; cold = skipCache: true`,
  );
  console.log(machineLine());
  const rows = [];
  for (const backend of backends) {
    process.stderr.write(`… ${backend}\n`);
    const r = await runBackend(backend, opts);
    console.log(`${backend} runtimes: ${r.runtimes}`);
    rows.push(...r.rows);
  }
  console.log(
    table(
      [
        'backend',
        'version',
        'cache',
        'clients',
        'p50 ms',
        'p99 ms',
        'req/s',
        'requests',
        'errors',
        'model subgraph mean ms',
        'online read mean ms',
        'inference mean ms',
      ],
      rows.map((r) => [
        r.backend,
        r.version,
        r.cache,
        r.connections,
        r.p50,
        r.p99,
        Math.round(r.rps),
        r.requests,
        r.errors,
        r.model,
        r.online,
        r.inference,
      ]),
    ),
  );
  if (!values.backends && backends.every((b) => b === 'sqlite')) console.log(NO_CASSANDRA_NOTE);
}

main().catch((e: unknown) => {
  console.error(`bench:predictions: ${(e as Error).message}`);
  process.exit(1);
});
