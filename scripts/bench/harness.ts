/**
 * What every benchmark shares: throwaway storage per backend with its own secrets and
 * credentials, the real services as separate processes, autocannon runs with a warm-up, and
 * clean-up whatever happens.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { SUBGRAPHS } from '../../gateway/subgraphs';
import type { Role } from '../../platform/auth/principal';
import { accountServiceOf } from '../../platform/auth/secrets';
import { loadConfig, type Config } from '../../platform/config';
import { freePort } from '../../platform/http/listen';
import { spawnService, stopServices, waitHealthy } from '../../platform/processes';
import type { Storage } from '../../platform/storage';
import { dropKeyspace } from '../../platform/storage/cassandra';
import { newSmsId } from '../../platform/storage/inbox/smsId';
import { cassandraUp } from './cassandraUp';

const DIST = path.resolve(__dirname, '../..');

/**
 * Where a benchmark runs: the SQLite file, one Cassandra node, or the local 3-node cluster
 * (`npx spamgraph cassandra start --nodes 3`, RF 3, default consistency levels).
 */
export type Backend = Config['storageBackend'] | 'cluster';

/** The cluster's contact points (`cassandra start --nodes 3`). */
export const CLUSTER_POINTS = '127.0.0.1:9042,127.0.0.2:9042,127.0.0.3:9042';

/**
 * The single node: `BENCH_CASSANDRA` (host:port) when set — e.g. 127.0.0.9:9042 for a node
 * started with `cassandra start --host 127.0.0.9` beside the cluster — else 127.0.0.1:9042.
 */
export const singleNodePoint = (): string => process.env.BENCH_CASSANDRA || '127.0.0.1:9042';

const up = (point: string): Promise<boolean> => {
  const [host = '127.0.0.1', port = '9042'] = point.split(':');
  return cassandraUp(host, Number(port));
};

/**
 * Backends to measure: `--backends a,b`, else sqlite, the single node when one answers, and
 * the cluster when 127.0.0.2 answers too. With the cluster up, 127.0.0.1 is its node 1, so the
 * single node is measured only when `BENCH_CASSANDRA` names it.
 */
export async function pickBackends(flag: string | undefined): Promise<Backend[]> {
  if (flag) {
    const asked = flag.split(',').map((b) => b.trim());
    const bad = asked.filter((b) => !['sqlite', 'cassandra', 'cluster'].includes(b));
    if (bad.length > 0)
      throw new Error(`--backends: unknown ${bad.join(', ')} (sqlite, cassandra, cluster)`);
    return asked as Backend[];
  }
  const cluster = await up('127.0.0.2:9042');
  const single = (!cluster || process.env.BENCH_CASSANDRA) && (await up(singleNodePoint()));
  return [
    'sqlite',
    ...(single ? (['cassandra'] as const) : []),
    ...(cluster ? (['cluster'] as const) : []),
  ];
}

/** The note printed when no node answered (not when `--backends` left Cassandra out). */
export const NO_CASSANDRA_NOTE =
  '(no Cassandra at 127.0.0.1:9042: run `npx spamgraph cassandra start` to include it; ' +
  '`--nodes 3` for the cluster, with `--host 127.0.0.9` and BENCH_CASSANDRA=127.0.0.9:9042 for a single node beside it)';

/**
 * Fresh storage (temp dir / keyspace), free ports for every service and fresh secrets
 * (`NODE_ENV=production` refuses to start without them; they live only as long as the run).
 */
export interface BenchEnv {
  env: NodeJS.ProcessEnv;
  config: Config;
  /** Deletes the temp dir and drops the keyspace. */
  cleanup(): Promise<void>;
}

export async function benchEnv(backend: Backend, name: string): Promise<BenchEnv> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `spamgraph-bench-${name}-`));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    STORAGE_BACKEND: backend === 'sqlite' ? 'sqlite' : 'cassandra',
    ...(backend === 'cluster'
      ? { CASSANDRA_CONTACT_POINTS: CLUSTER_POINTS, CASSANDRA_REPLICATION: '3' }
      : backend === 'cassandra'
        ? { CASSANDRA_CONTACT_POINTS: singleNodePoint() }
        : {}),
    SQLITE_PATH: path.join(tmp, 'bench.db'),
    DATA_DIR: path.join(tmp, 'data'),
    CASSANDRA_KEYSPACE: `bench_${name.replace(/\W/g, '_')}_${process.pid}`,
    GATEWAY_PORT: String(await freePort()),
    FEATURE_SERVER_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    SESSION_SECRET: randomBytes(48).toString('base64url'),
    GATEWAY_SECRET: randomBytes(48).toString('base64url'),
    // Throughput benchmarks load from one address; the rate limit is bench:abuse's subject.
    GATEWAY_RATE_PER_SECOND: '0',
  };
  for (const s of SUBGRAPHS) env[s.portEnv] = String(await freePort());
  const config = loadConfig(env);
  return {
    env,
    config,
    async cleanup() {
      if (backend !== 'sqlite') await dropKeyspace(config.cassandra);
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Services running as processes; `stop()` ends them all. */
export interface RunningServices {
  gatewayUrl: string;
  /** Base URL of each subgraph, by name (`model`, `user-data`, …). */
  subgraphUrls: Record<string, string>;
  /** Process id of each service, by name (`gateway` too). */
  pids: Record<string, number>;
  stop(): Promise<void>;
}

/** Every subgraph and the gateway as `npm start` runs them (the gateway needs all). */
export async function startServices(
  b: BenchEnv,
  gatewayEnv: Record<string, string> = {},
): Promise<RunningServices> {
  const services = SUBGRAPHS.map((s) =>
    spawnService(s.name, path.join(DIST, s.entry), `http://127.0.0.1:${b.env[s.portEnv]}/health`, {
      ...b.env,
      ...s.env,
    }),
  );
  const gatewayPort = b.config.ports.gateway;
  services.push(
    spawnService(
      'gateway',
      path.join(DIST, 'gateway/index.js'),
      `http://127.0.0.1:${gatewayPort}/health`,
      { ...b.env, ...gatewayEnv },
    ),
  );
  try {
    for (const s of services) await waitHealthy(s);
  } catch (e) {
    await stopServices(services);
    throw e;
  }
  return {
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    subgraphUrls: Object.fromEntries(
      SUBGRAPHS.map((s) => [s.name, `http://127.0.0.1:${b.env[s.portEnv]}`]),
    ),
    pids: Object.fromEntries(services.map((s) => [s.name, s.child.pid ?? 0])),
    stop: () => stopServices(services),
  };
}

/** `Authorization` header of a credential (session token or API key). */
export const bearer = (credential: string): Record<string, string> => ({
  authorization: `Bearer ${credential}`,
});

/** What a benchmark authenticates with: raw credentials, to send as {@link bearer}. */
export interface BenchCredentials {
  /** An `admin` API key: `/metrics` scrapes, feature-store writes. */
  admin: string;
  /** An `ingest` API key: `receiveSms` / `storeSms` for any recipient. */
  ingest: string;
  /** A `user`-role API key: reads only (Feast REST, models), no inbox. */
  reader: string;
  /** A session token per user name asked for: each reads its own inbox. */
  sessions: Record<string, string>;
}

/**
 * Makes the credentials of a run in its storage (before the services start): the three API
 * keys and a signed-up `user` account, logged in, for each of `users` (inbox owners are
 * accounts of the inbox's name).
 */
export async function benchCredentials(
  storage: Storage,
  config: Config,
  users: readonly string[] = [],
): Promise<BenchCredentials> {
  const accounts = accountServiceOf(storage.accounts, config);
  const key = async (name: string, role: Role) => (await accounts.createApiKey(name, role)).key;
  const sessions: Record<string, string> = {};
  for (const user of users) {
    sessions[user] = (await accounts.signUp(user, randomBytes(18).toString('base64url'))).token;
  }
  return {
    admin: await key('bench-admin', 'admin'),
    ingest: await key('bench-ingest', 'ingest'),
    reader: await key('bench-reader', 'user'),
    sessions,
  };
}

/** The session of `user` in `creds` (a typo in a bench fails loudly, not as 401s). */
export function sessionOf(creds: BenchCredentials, user: string): string {
  const token = creds.sessions[user];
  if (!token) throw new Error(`no session for ${user}: pass it to benchCredentials`);
  return token;
}

/** A GET with `credential` (e.g. `/metrics` as the admin key); its text, or an error. */
export async function getText(url: string, credential: string): Promise<string> {
  const res = await fetch(url, { headers: bearer(credential) });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status} ${text.slice(0, 200)}`);
  return text;
}

/**
 * POSTs `body` (JSON) to `url` with `credential` once and returns the parsed answer.
 *
 * @throws when the status is not 2xx or the answer holds GraphQL `errors` (UNAUTHENTICATED,
 *   FORBIDDEN, …): a benchmark must not time refusals it did not mean to.
 */
export async function postChecked<T = unknown>(
  url: string,
  body: string,
  credential: string | undefined,
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(credential ? bearer(credential) : {}),
      ...headers,
    },
    body,
  });
  const text = await res.text();
  let json: { errors?: { message?: string; extensions?: { code?: string } }[] } | undefined;
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    // not JSON: only the status speaks
  }
  const error = json?.errors?.[0];
  if (!res.ok || error) {
    const why = error ? `${error.extensions?.code ?? ''} ${error.message ?? ''}` : text;
    throw new Error(`POST ${url}: HTTP ${res.status} ${why.trim().slice(0, 200)}`);
  }
  return json as T;
}

/** One measured case. */
export interface Measured {
  p50: number;
  p99: number;
  rps: number;
  requests: number;
  errors: number;
}

/**
 * Measures POSTs of `bodies` (cycled) to `url` with `credential` (`Authorization: Bearer`)
 * and any other `headers` for `seconds` at `connections`, after a warm-up of a third of that.
 * The first body is sent once beforehand and must succeed (see {@link postChecked}), so a
 * refused credential stops the run instead of being timed.
 */
export async function measure(opts: {
  url: string;
  bodies: string[];
  credential?: string;
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
  warmupSeconds?: number;
}): Promise<Measured> {
  await postChecked(opts.url, opts.bodies[0] ?? '', opts.credential, opts.headers);
  let k = 0;
  const base = {
    url: opts.url,
    method: 'POST' as const,
    headers: {
      'content-type': 'application/json',
      ...(opts.credential ? bearer(opts.credential) : {}),
      ...opts.headers,
    },
    connections: opts.connections,
    requests: [
      {
        setupRequest: (req: autocannon.Request) => ({
          ...req,
          body: opts.bodies[k++ % opts.bodies.length] ?? '',
        }),
      },
    ],
  };
  await autocannon({
    ...base,
    duration: opts.warmupSeconds ?? Math.max(1, Math.round(opts.seconds / 3)),
  });
  const r = await autocannon({ ...base, duration: opts.seconds });
  return {
    p50: r.latency.p50,
    p99: r.latency.p99,
    rps: r.requests.average,
    requests: r.requests.total,
    errors: r.non2xx + r.errors + r.timeouts,
  };
}

/** Stores `n` messages for `user`, one a minute up to now, the text of message i from `text`. */
export async function seedInbox(
  storage: Storage,
  user: string,
  n: number,
  text: (i: number) => string,
): Promise<void> {
  const t0 = Date.now() - n * 60_000;
  for (let i = 0; i < n; i++) {
    await storage.inboxes.insert({
      smsId: newSmsId(new Date(t0 + i * 60_000)),
      recipientId: user,
      senderId: `+1555${String(i).padStart(6, '0')}`,
      text: text(i),
    });
  }
}

/** The inbox owner of the inbox benchmarks (bench:inbox, the gateway-cost part of bench:compare). */
export const BENCH_INBOX_USER = 'bench-user';

/** The page the inbox benchmarks read: `inbox(first: 50)` with cursors, as the app asks. */
export const BENCH_INBOX_QUERY = `query Bench($u: ID!) { inbox(userId: $u, first: 50) { edges { cursor node { smsId senderId text receivedAt } } pageInfo { hasNextPage endCursor } } }`;
