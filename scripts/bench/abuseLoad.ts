/**
 * The parts of `npm run bench:abuse` (abuse.ts): the services as processes with their pids,
 * timed refusals, a normal user's probe, and a bounded load of the worst accepted query while
 * every service's RSS is sampled.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import autocannon from 'autocannon';
import { startServices, type BenchEnv } from './harness';

/** Whose 200-message inbox the worst query scores. */
export const TARGET = 'bench-target';
/** The normal user, with 300 messages. */
export const USER = 'bench-user';
const NORMAL = JSON.stringify({
  query: `query Inbox($u: ID!) { inbox(userId: $u, first: 50) { edges { cursor node { smsId senderId text receivedAt } } pageInfo { hasNextPage endCursor } } }`,
  variables: { u: USER },
});
const verdict = (alias: string, version: string, skip: boolean) =>
  `${alias}: spamPrediction(version: ${version}, skipCache: ${skip}) { label spamProbability fromCache }`;
/** The worst query the limits accept: cost 1,000, five verdicts × 200 messages. */
export const WORST = JSON.stringify({
  query: `{ inbox(userId: "${TARGET}", first: 200) { edges { node { smsId text ${[
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

/** `errors[0].extensions.code` of an answer ('' for none). */
function codeOf(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString()) as { errors?: { extensions?: { code?: string } }[] };
    return parsed.errors?.[0]?.extensions?.code ?? '';
  } catch {
    return 'not JSON';
  }
}

/** One POST; its status, wall time and `errors[0].extensions.code`. */
function send(url: string, body: string, from: string) {
  const started = process.hrtime.bigint();
  return new Promise<{ status: number; ms: number; code: string }>((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          resolve({ status: res.statusCode ?? 0, ms, code: codeOf(Buffer.concat(chunks)) });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const percentile = (values: number[], p: number): number => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const round = (ms: number) => Math.round(ms * 10) / 10;

/** Refusal times of `body`: 3 warm-up sends, then 20 measured, each from its own address. */
export async function timeRefusal(url: string, label: string, body: string) {
  let n = 0;
  for (let i = 0; i < 3; i++) await send(url, body, `192.0.2.${++n}`);
  const runs = [];
  for (let i = 0; i < 20; i++) runs.push(await send(url, body, `192.0.2.${++n}`));
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

/** Normal-user inbox queries, one after another, until `done()`; their latencies. */
export async function probe(url: string, done: () => boolean, min = 50): Promise<number[]> {
  const ms: number[] = [];
  while (!done() || ms.length < min) {
    const r = await send(url, NORMAL, '203.0.113.200');
    if (r.status !== 200)
      throw new Error(`the normal inbox query failed: HTTP ${r.status} ${r.code}`);
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

/** The worst accepted query as load, from one address or a new one each time. */
export async function load(run: Running, opts: LoadOptions, spread: boolean) {
  const peak: Record<string, number> = {};
  const sample = () => {
    for (const [name, pid] of Object.entries(run.pids))
      peak[name] = Math.max(peak[name] ?? 0, rssMb(pid));
  };
  const sampler = setInterval(sample, 250);
  let n = 0;
  let finished = false;
  const attack = autocannon({
    url: run.url,
    method: 'POST',
    connections: opts.connections,
    duration: opts.seconds,
    maxOverallRequests: opts.maxRequests,
    timeout: 60,
    requests: [
      {
        setupRequest: (req: autocannon.Request) => ({
          ...req,
          body: WORST,
          headers: {
            'content-type': 'application/json',
            'x-forwarded-for': spread
              ? `10.${(++n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`
              : '198.51.100.66',
          },
        }),
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
  const [result, probeMs] = await Promise.all([attack, probe(run.url, () => finished)]);
  clearInterval(sampler);
  sample();
  const codes = result.statusCodeStats as Record<string, { count: number } | undefined>;
  return {
    requests: result.requests.total,
    ok: codes['200']?.count ?? 0,
    limited: codes['429']?.count ?? 0,
    other:
      result.requests.total -
      (codes['200']?.count ?? 0) -
      (codes['429']?.count ?? 0) +
      result.errors +
      result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
    peak,
    probeP99: percentile(probeMs, 99),
  };
}
