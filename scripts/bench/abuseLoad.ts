/**
 * The parts of `npm run bench:abuse` (abuse.ts): the services as processes with their pids,
 * timed refusals, a normal user's probe, and a bounded load of the worst accepted query while
 * every service's RSS is sampled. Every request is signed in (`Authorization: Bearer <session
 * token>`): anonymous callers may not read an inbox at all, and rate limits are per principal
 * (the account, whatever its address; only anonymous callers are limited per address).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import autocannon from 'autocannon';
import { percentile } from '../stats/percentile';
import { bearer, startServices, type BenchEnv } from './harness';

/** The attacker's account: the worst query scores its own 200-message inbox. */
export const TARGET = 'bench-target';
/** The normal user, with 300 messages, reading their own inbox. */
export const USER = 'bench-user';
/** The accounts of a botnet (each with a copy of the attacker's inbox), `n` of them. */
export const bots = (n: number): string[] => Array.from({ length: n }, (_, i) => `bench-bot-${i}`);
const NORMAL = JSON.stringify({
  query: `query Inbox($u: ID!) { inbox(userId: $u, first: 50) { edges { cursor node { smsId senderId text receivedAt } } pageInfo { hasNextPage endCursor } } }`,
  variables: { u: USER },
});
const verdict = (alias: string, version: string, skip: boolean) =>
  `${alias}: spamPrediction(version: ${version}, skipCache: ${skip}) { label spamProbability fromCache }`;
/** The worst query the limits accept on `user`'s inbox: cost 1,000, five verdicts × 200 messages. */
export const worstOf = (user: string): string =>
  JSON.stringify({
    query: `{ inbox(userId: "${user}", first: 200) { edges { node { smsId text ${[
      verdict('a', 'V3', true),
      verdict('b', 'V2', true),
      verdict('c', 'V1', true),
      verdict('d', 'V3', false),
      verdict('e', 'V2', false),
    ].join(' ')} } } } }`,
  });
/** The finding: 20,000 aliased verdicts on a 200-message inbox. */
export const ALIASES = JSON.stringify({
  query: `{ inbox(userId: "${TARGET}", first: 200) { edges { node { ${Array.from(
    { length: 20_000 },
    (_, i) => `a${i}: spamPrediction(version: V3) { label }`,
  ).join(' ')} } } } }`,
});
// A query padded with a comment to 10 MB: its size alone must refuse it.
export const TEN_MB = JSON.stringify({
  query: `{ models { version } } #${'x'.repeat(10 * 2 ** 20)}`,
});

/** Every subgraph and the gateway, the gateway trusting X-Forwarded-For so addresses can vary. */
export async function start(b: BenchEnv): Promise<Running> {
  const run = await startServices(b, { TRUST_PROXY: 'true' });
  return { url: `${run.gatewayUrl}/graphql`, pids: run.pids, stop: run.stop };
}

/** The services as processes. */
export interface Running {
  url: string;
  pids: Record<string, number>;
  stop(): Promise<void>;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

/** `errors[0]` of an answer: its `extensions.code` and message ('' for none). */
function errorOf(body: Buffer): { code: string; message: string } {
  try {
    const parsed = JSON.parse(body.toString()) as {
      errors?: { message?: string; extensions?: { code?: string } }[];
    };
    const e = parsed.errors?.[0];
    return { code: e ? (e.extensions?.code ?? 'ERROR') : '', message: e?.message ?? '' };
  } catch {
    return { code: 'not JSON', message: '' };
  }
}

/** One POST as `credential` from `from`; its status, wall time and `errors[0]`'s code. */
export function send(url: string, body: string, from: string, credential: string) {
  const started = process.hrtime.bigint();
  return new Promise<{ status: number; ms: number; code: string; message: string }>(
    (resolve, reject) => {
      const req = http.request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'x-forwarded-for': from,
            ...bearer(credential),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            resolve({ status: res.statusCode ?? 0, ms, ...errorOf(Buffer.concat(chunks)) });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    },
  );
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * Refusal times of `body` sent as `credential`: 3 warm-up sends, then 20 measured, each from
 * its own address.
 *
 * @throws when the credential itself is refused (401 / 403): that is not the refusal timed.
 */
export async function timeRefusal(url: string, label: string, body: string, credential: string) {
  let n = 0;
  for (let i = 0; i < 3; i++) await send(url, body, `192.0.2.${++n}`, credential);
  const runs = [];
  for (let i = 0; i < 20; i++) runs.push(await send(url, body, `192.0.2.${++n}`, credential));
  const denied = runs.find((r) => r.status === 401 || r.status === 403);
  if (denied) throw new Error(`${label}: the credential was refused (${denied.status})`);
  const ms = runs.map((r) => r.ms);
  const size =
    body.length >= 2 ** 20
      ? `${Math.round(body.length / 2 ** 20)} MB`
      : `${Math.round(body.length / 1024)} KB`;
  return [
    label,
    size,
    runs[0]!.status,
    runs[0]!.code,
    round(percentile(ms, 50)),
    round(Math.max(...ms)),
  ];
}

/** Peak resident memory (MB) of a process, from /proc (Linux) or ps. */
function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (m?.[1]) return Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  try {
    return (
      Number(
        execFileSync('ps', ['-o', 'rss=', '-p', String(pid)])
          .toString()
          .trim(),
      ) / 1024
    );
  } catch {
    return NaN;
  }
}

/**
 * Normal-user inbox queries as that user (`session`), one after another, until `done()`;
 * their latencies.
 */
export async function probe(
  url: string,
  session: string,
  done: () => boolean,
  min = 50,
): Promise<number[]> {
  const ms: number[] = [];
  while (!done() || ms.length < min) {
    const r = await send(url, NORMAL, '203.0.113.200', session);
    if (r.status !== 200 || r.code) {
      throw new Error(`the normal inbox query failed: HTTP ${r.status} ${r.code} ${r.message}`);
    }
    ms.push(r.ms);
  }
  return ms;
}

/** Bounds of the load. */
export interface LoadOptions {
  connections: number;
  seconds: number;
  maxRequests: number;
}

/** Who attacks: which principals send the worst query, from which addresses. */
export interface Attack {
  /** Signed-in attackers, taken in turn request by request, each with its worst query. */
  attackers: { credential: string; body: string }[];
  /** A new `X-Forwarded-For` address per request (else one address for all). */
  spreadAddresses: boolean;
}

/**
 * The worst accepted query as load from `attack`, while the normal user (`session`) probes
 * their inbox.
 */
export async function load(run: Running, opts: LoadOptions, attack: Attack, session: string) {
  const peak: Record<string, number> = {};
  const sample = () => {
    for (const [name, pid] of Object.entries(run.pids))
      peak[name] = Math.max(peak[name] ?? 0, rssMb(pid));
  };
  const sampler = setInterval(sample, 250);
  let n = 0;
  // 200 answers with GraphQL errors (a verdict refused or failed): not answered, counted in
  // `other` (the first one's code and message are kept for the report).
  let failed = 0;
  let firstFailure = '';
  let finished = false;
  const flood = autocannon({
    url: run.url,
    method: 'POST',
    connections: opts.connections,
    duration: opts.seconds,
    maxOverallRequests: opts.maxRequests,
    timeout: 60,
    requests: [
      {
        setupRequest: (req: autocannon.Request) => {
          const i = ++n;
          const who = attack.attackers[i % attack.attackers.length]!;
          return {
            ...req,
            body: who.body,
            headers: {
              'content-type': 'application/json',
              ...bearer(who.credential),
              'x-forwarded-for': attack.spreadAddresses
                ? `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`
                : '198.51.100.66',
            },
          };
        },
        onResponse: (status: number, body: string) => {
          if (status !== 200 || !body.includes('"errors"')) return;
          failed++;
          if (!firstFailure) {
            const e = errorOf(Buffer.from(body));
            firstFailure = `${e.code} ${e.message}`.slice(0, 200);
          }
        },
      },
    ],
  }).then(
    (r) => {
      finished = true;
      return r;
    },
    (e: unknown) => {
      finished = true;
      throw e;
    },
  );
  const [result, probeMs] = await Promise.all([flood, probe(run.url, session, () => finished)]);
  clearInterval(sampler);
  sample();
  const codes = result.statusCodeStats as Record<string, { count: number } | undefined>;
  return {
    requests: result.requests.total,
    ok: (codes['200']?.count ?? 0) - failed,
    limited: codes['429']?.count ?? 0,
    other:
      result.requests.total -
      (codes['200']?.count ?? 0) -
      (codes['429']?.count ?? 0) +
      failed +
      result.errors +
      result.timeouts,
    firstFailure,
    p50: result.latency.p50,
    p99: result.latency.p99,
    peak,
    probeP99: percentile(probeMs, 99),
  };
}
