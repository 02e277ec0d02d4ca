/**
 * `npm run bench:soak`: minutes of mixed traffic through the real gateway and subgraph
 * processes — 60 % inbox pages with predictions (owners' sessions), 20 % keyed `receiveSms`
 * (ingest key), 20 % Feast `POST /get-online-features` of 10 received messages (read-only
 * key) — printing each minute's throughput, p50/p99 and errors, then the totals and every
 * process's RSS at start and end (services and Cassandra nodes), per backend, in one run.
 *
 * Options: --backends cluster,cassandra,sqlite (default: what answers, see pickBackends)
 *          --minutes 10 (per backend)  --connections 8  --users 20
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { openSpamFeatureStore } from '../../models';
import { openStorage } from '../../platform/storage';
import { cassandraClusterStatus } from '../cassandra-node/cluster';
import { cassandraNodeStatus } from '../cassandra-node';
import {
  NO_CASSANDRA_NOTE,
  bearer,
  benchCredentials,
  getText,
  benchEnv,
  pickBackends,
  sessionOf,
  startServices,
  type Backend,
  type BenchCredentials,
  type RunningServices,
} from './harness';
import { sampleValue } from '../../platform/http/prometheusText';
import { percentile } from '../stats/percentile';
import { machineLine, table } from './machine';

type Kind = 'inbox' | 'receive' | 'features';
const KINDS: Kind[] = ['inbox', 'receive', 'features'];

const INBOX = `query I($u: ID!) { inbox(userId: $u, first: 20) { edges { node { smsId spamPrediction { label } } } } }`;
const RECEIVE = `mutation R($input: ReceiveSmsInput!) { receiveSms(input: $input) { sms { smsId } } }`;

const TEXTS = [
  'See you at the usual place at 7? Bring the charger please',
  'WINNER!! Your number was selected for a £900 prize. Call 09061701461 now to claim',
  'Your parcel could not be delivered. Pay the £1.99 fee at parcel-redeliver.example',
  'Running late, start without me. Sorry!',
  'URGENT: your account is locked, verify at secure-login.example within 24h',
];

/** Latencies and errors of one window (a minute, or the whole run). */
class Window {
  readonly ms: Record<Kind, number[]> = { inbox: [], receive: [], features: [] };
  readonly errors = new Map<string, number>();
  constructor(readonly startedAt = Date.now()) {}
  add(kind: Kind, ms: number, error?: string) {
    this.ms[kind].push(ms);
    if (error) this.errors.set(error, (this.errors.get(error) ?? 0) + 1);
  }
  summary(endedAt = Date.now()) {
    const all = KINDS.flatMap((k) => this.ms[k]);
    const s = (endedAt - this.startedAt) / 1000;
    return {
      requests: all.length,
      rps: all.length / s,
      p50: percentile(all, 50),
      p99: percentile(all, 99),
      byKind: Object.fromEntries(
        KINDS.map((k) => [k, { n: this.ms[k].length, p99: percentile(this.ms[k], 99) }]),
      ),
      errors: [...this.errors].reduce((n, [, c]) => n + c, 0),
      errorCodes: [...this.errors].map(([c, n]) => `${c}×${n}`).join(' ') || '-',
    };
  }
}

/** Resident memory of `pid` in MiB (Linux /proc), or NaN when it is gone. */
function rssMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** What a service's `/metrics` says of its V8 memory, in MiB; NaN where it has not said yet. */
interface HeapFigures {
  /** Heap in use after the latest full collection: what the process keeps. */
  live: number;
  /** The heap V8 has reserved (live + garbage + room to allocate into). */
  total: number;
  /** Off-heap memory of JS objects (Buffers, typed arrays). */
  external: number;
  /** Full (mark-compact) collections so far. */
  fullGcs: number;
}

const MiB = 2 ** 20;

/** `GET /metrics` of the gateway and every subgraph (admin key): each one's heap figures. */
async function heapOf(
  services: RunningServices,
  creds: BenchCredentials,
): Promise<Record<string, HeapFigures>> {
  const bases: Record<string, string> = { ...services.subgraphUrls, gateway: services.gatewayUrl };
  const entries = await Promise.all(
    Object.entries(bases).map(async ([name, base]) => {
      const prefix = `spamgraph_${name.replace(/-/g, '_')}_process_`;
      let text = '';
      try {
        text = await getText(`${base.replace(/\/graphql$/, '')}/metrics`, creds.admin);
      } catch {
        // a service that cannot answer shows NaN
      }
      // An absent series is 0 (no full GC yet); a service that did not answer, NaN throughout.
      const value = (metric: string) => (text ? sampleValue(text, `${prefix}${metric}`) : NaN);
      return [
        name,
        {
          live: value('nodejs_heap_live_bytes') / MiB,
          total: value('nodejs_heap_size_total_bytes') / MiB,
          external: value('nodejs_external_memory_bytes') / MiB,
          fullGcs: value('nodejs_gc_duration_seconds_count{kind="major"}'),
        },
      ] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** Each service's smallest and largest live heap over the per-minute samples (MiB). */
function liveRangeOf(samples: Record<string, HeapFigures>[]): Record<string, string> {
  const names = new Set(samples.flatMap((x) => Object.keys(x)));
  return Object.fromEntries(
    [...names].map((n) => {
      const live = samples.map((x) => x[n]?.live ?? NaN).filter((v) => !Number.isNaN(v));
      return [
        n,
        live.length ? `${Math.min(...live).toFixed(0)}–${Math.max(...live).toFixed(0)}` : '–',
      ];
    }),
  );
}

/** The processes whose memory the soak watches: the services, and the Cassandra node(s). */
async function watchedPids(
  backend: Backend,
  services: RunningServices,
): Promise<Record<string, number>> {
  const pids: Record<string, number> = { ...services.pids };
  if (backend === 'cluster') {
    for (const n of (await cassandraClusterStatus()) ?? [])
      if (n.pid) pids[`cassandra node ${n.node}`] = n.pid;
  } else if (backend === 'cassandra') {
    const s = await cassandraNodeStatus();
    if (s.pid) pids['cassandra'] = s.pid;
  }
  return pids;
}

interface Soak {
  gateway: string;
  featureServer: string;
  creds: BenchCredentials;
  users: string[];
  /** Received message ids (the online-features reads ask for these). */
  received: string[];
  seq: number;
  /** Every service's heap figures now, and the gateway's RSS (MiB), for the per-minute lines. */
  sampleMemory: () => Promise<{ gatewayRss: number; heap: Record<string, HeapFigures> }>;
  /** What `sampleMemory` gave each minute. */
  samples: Record<string, HeapFigures>[];
}

async function post(url: string, body: unknown, credential: string): Promise<string | undefined> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(credential) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) return `HTTP_${res.status}`;
  if (!url.endsWith('/graphql')) return undefined;
  const json = JSON.parse(text) as {
    data?: { receiveSms?: { sms: { smsId: string } } };
    errors?: { extensions?: { code?: string } }[];
  };
  if (json.errors?.length) return String(json.errors[0]?.extensions?.code ?? 'GRAPHQL_ERROR');
  return json.data?.receiveSms ? `ok:${json.data.receiveSms.sms.smsId}` : undefined;
}

/** One request of `kind`; the error code, or undefined. */
async function one(s: Soak, kind: Kind): Promise<string | undefined> {
  const gql = `${s.gateway}/graphql`;
  if (kind === 'inbox') {
    const u = s.users[Math.floor(Math.random() * s.users.length)]!;
    return post(gql, { query: INBOX, variables: { u } }, sessionOf(s.creds, u));
  }
  if (kind === 'receive') {
    const i = s.seq++;
    const got = await post(
      gql,
      {
        query: RECEIVE,
        variables: {
          input: {
            recipientId: s.users[i % s.users.length],
            senderId: `+1555${String(i % 1000).padStart(4, '0')}`,
            text: `${TEXTS[i % TEXTS.length]} #${i}`,
            idempotencyKey: `soak-${process.pid}-${i}`,
          },
        },
      },
      s.creds.ingest,
    );
    if (got?.startsWith('ok:')) {
      s.received.push(got.slice(3));
      return undefined;
    }
    return got;
  }
  const ids = Array.from(
    { length: 10 },
    () => s.received[Math.floor(Math.random() * s.received.length)]!,
  );
  return post(
    `${s.featureServer}/get-online-features`,
    { features: ['sms_features1:cap_r', 'sms_features2:features'], entities: { sms_id: ids } },
    s.creds.reader,
  );
}

/** Runs the mix for `opts.minutes` at `opts.connections`; the totals and a line per minute. */
async function runMix(
  s: Soak,
  backend: Backend,
  opts: { minutes: number; connections: number },
): Promise<{ total: Window; lines: (string | number)[][] }> {
  const total = new Window();
  let minute = new Window();
  const end = Date.now() + opts.minutes * 60_000;
  const lines: (string | number)[][] = [];
  const tick = setInterval(() => {
    const m = minute.summary();
    minute = new Window();
    const memory = s.sampleMemory();
    const line: (string | number)[] = [
      lines.length + 1,
      m.requests,
      m.rps.toFixed(0),
      m.p50,
      m.p99,
      m.byKind.inbox!.p99,
      m.byKind.receive!.p99,
      m.byKind.features!.p99,
      m.errorCodes,
    ];
    lines.push(line);
    void memory.then(({ gatewayRss: rss, heap }) => {
      s.samples.push(heap);
      const live = heap.gateway?.live ?? NaN;
      line.push(rss.toFixed(0), live.toFixed(0));
      process.stderr.write(
        `… ${backend} minute ${line[0]}: ${m.requests} requests, p99 ${m.p99} ms, errors ${m.errorCodes}, gateway RSS ${rss.toFixed(0)} MiB, live heap ${live.toFixed(0)} MiB\n`,
      );
    });
  }, 60_000);
  await Promise.all(
    Array.from({ length: opts.connections }, async () => {
      while (Date.now() < end) {
        const r = Math.random();
        const kind: Kind = r < 0.6 ? 'inbox' : r < 0.8 ? 'receive' : 'features';
        const t = Date.now();
        let error: string | undefined;
        try {
          error = await one(s, kind);
        } catch (e) {
          error = (e as Error).name;
        }
        const ms = Date.now() - t;
        total.add(kind, ms, error);
        minute.add(kind, ms, error);
      }
    }),
  );
  clearInterval(tick);
  return { total, lines };
}

async function soakOne(
  backend: Backend,
  opts: { minutes: number; connections: number; users: number },
) {
  const b = await benchEnv(backend, 'soak');
  const users = Array.from({ length: opts.users }, (_, i) => `soak-user-${i}`);
  try {
    const storage = await openStorage(b.config);
    await (await openSpamFeatureStore(storage, b.config)).apply();
    const creds = await benchCredentials(storage, b.config, users);
    await storage.close();
    const services = await startServices(b);
    try {
      const s: Soak = {
        sampleMemory: async () => ({
          gatewayRss: rssMiB(services.pids.gateway!),
          heap: await heapOf(services, creds),
        }),
        samples: [],
        gateway: services.gatewayUrl,
        featureServer: `http://127.0.0.1:${b.config.ports.featureServer}`,
        creds,
        users,
        received: [],
        seq: 0,
      };
      // Every inbox gets messages first, so pages and feature reads find something.
      for (let i = 0; i < opts.users * 5; i++) {
        const e = await one(s, 'receive');
        if (e) throw new Error(`seeding receiveSms failed: ${e}`);
      }
      const pids = await watchedPids(backend, services);
      const rssStart = Object.fromEntries(Object.entries(pids).map(([n, p]) => [n, rssMiB(p)]));
      const heapStart = await heapOf(services, creds);
      const { total, lines } = await runMix(s, backend, opts);
      const rssEnd = Object.fromEntries(Object.entries(pids).map(([n, p]) => [n, rssMiB(p)]));
      const heapEnd = await heapOf(services, creds);
      return {
        backend,
        total: total.summary(),
        lines,
        rssStart,
        rssEnd,
        heapStart,
        heapEnd,
        liveRange: liveRangeOf(s.samples),
        received: s.received.length,
      };
    } finally {
      await services.stop();
    }
  } finally {
    await b.cleanup();
  }
}

/** The per-minute tables, the totals and the RSS table. */
function printResults(results: Awaited<ReturnType<typeof soakOne>>[]): void {
  for (const r of results) {
    console.log(`\n${r.backend}: per minute`);
    console.log(
      table(
        [
          'min',
          'requests',
          'req/s',
          'p50 ms',
          'p99 ms',
          'inbox p99',
          'receive p99',
          'features p99',
          'errors',
          'gateway RSS MiB',
          'gateway live heap MiB',
        ],
        r.lines,
      ),
    );
  }
  console.log('\ntotals');
  console.log(
    table(
      [
        'backend',
        'requests',
        'req/s',
        'p50 ms',
        'p99 ms',
        'inbox n / p99',
        'receive n / p99',
        'features n / p99',
        'errors',
      ],
      results.map((r) => [
        r.backend,
        r.total.requests,
        r.total.rps.toFixed(0),
        r.total.p50,
        r.total.p99,
        ...KINDS.map((k) => `${r.total.byKind[k]!.n} / ${r.total.byKind[k]!.p99}`),
        r.total.errorCodes,
      ]),
    ),
  );
  printMemory(results);
}

/** RSS of every process and the V8 heap figures of every service, start and end. */
function printMemory(results: Awaited<ReturnType<typeof soakOne>>[]): void {
  console.log(
    '\nMemory (MiB) at the start and the end of the measured minutes: RSS, and for the services ' +
      "V8's live heap (in use after the latest full collection: what the process keeps), the heap " +
      'V8 holds at the end, off-heap (external) memory, and the full collections in between',
  );
  const mib = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '–' : n.toFixed(0));
  console.log(
    table(
      [
        'backend',
        'process',
        'RSS start',
        'RSS end',
        'RSS growth',
        'live heap start',
        'live heap end',
        'live heap each minute',
        'heap held end',
        'external end',
        'full GCs',
      ],
      results.flatMap((r) =>
        Object.keys(r.rssStart).map((p) => {
          const a = r.heapStart[p];
          const b = r.heapEnd[p];
          return [
            r.backend,
            p,
            mib(r.rssStart[p]),
            mib(r.rssEnd[p]),
            mib(r.rssEnd[p]! - r.rssStart[p]!),
            mib(a?.live),
            mib(b?.live),
            r.liveRange[p] ?? '–',
            mib(b?.total),
            mib(b?.external),
            a && b ? mib(b.fullGcs - a.fullGcs) : '–',
          ];
        }),
      ),
    ),
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      backends: { type: 'string' },
      minutes: { type: 'string', default: '10' },
      connections: { type: 'string', default: '8' },
      users: { type: 'string', default: '20' },
    },
  });
  const opts = {
    minutes: Number(values.minutes),
    connections: Number(values.connections),
    users: Number(values.users),
  };
  if (!(opts.minutes > 0) || !(opts.connections >= 1) || !(opts.users >= 1)) {
    throw new Error('--minutes, --connections and --users must be positive numbers');
  }
  const backends = await pickBackends(values.backends);
  console.log(
    `bench:soak — ${opts.minutes} min per backend of mixed traffic at concurrency ${opts.connections}: ` +
      '60 % inbox(first: 20) with spamPrediction (owner sessions), 20 % keyed receiveSms, 20 % get-online-features ×10 entities',
  );
  console.log(machineLine());
  const results = [];
  for (const b of backends) {
    process.stderr.write(`… ${b}: ${opts.minutes} min\n`);
    results.push(await soakOne(b, opts));
  }
  printResults(results);
  if (!values.backends && backends.every((b) => b === 'sqlite')) console.log(NO_CASSANDRA_NOTE);
}

main().catch((e: unknown) => {
  console.error(`bench:soak: ${(e as Error).message}`);
  process.exit(1);
});
