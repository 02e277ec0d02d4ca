/**
 * `npm run bench:abuse`: what the gateway's abuse limits buy, through the real processes
 * (issue 10, "Done when"). Prints (1) how fast the 20,000-alias query and a 10 MB query are
 * refused, and (2) during a bounded load of the worst query the limits still accept (cost
 * 1,000: five verdicts on each of 200 messages, three of them skipping the cache), every
 * service's peak RSS and a normal user's inbox p99 against its idle p99.
 *
 * Everyone is signed in (anonymous callers may not read an inbox): the normal user reads their
 * own inbox with their session; the attacker is another account scoring its own 200-message
 * inbox. Rate limits are per principal — an account's requests share one bucket whatever their
 * address (only anonymous callers are limited per address) — so the load runs three times:
 * the attacker from one address, the attacker from a new address per request (the rate limit
 * still answers most of both), and a botnet of `--bots` accounts in turn, each from a new
 * address (only the cost limit and admission hold). Loopback only; the load is bounded in time
 * and count.
 *
 * Options: --backends sqlite,cassandra  --connections 8  --seconds 20  --max-requests 2000
 * --bots 16
 */
import { parseArgs } from 'node:util';
import { openSpamFeatureStore } from '../../models';
import { loadConfig } from '../../platform/config';
import { openStorage } from '../../platform/storage';
import {
  ALIASES,
  bots,
  load,
  probe,
  send,
  start,
  TARGET,
  TEN_MB,
  timeRefusal,
  USER,
  worstOf,
  type Attack,
  type LoadOptions,
  type Running,
} from './abuseLoad';
import {
  NO_CASSANDRA_NOTE,
  benchCredentials,
  benchEnv,
  pickBackends,
  postChecked,
  seedInbox,
  sessionOf,
  type Backend,
  type BenchCredentials,
  type BenchEnv,
} from './harness';
import { percentile } from '../stats/percentile';
import { machineLine, table } from './machine';

const SERVICES = ['gateway', 'user-data', 'model', 'inbox', 'feature-store'];

/** The attacker's 200 messages (each botnet account gets a copy in its own inbox). */
const attackerText = (i: number) =>
  i % 2
    ? `Are we still on for lunch at ${i % 12}? I can book the usual place`
    : `WINNER!! Claim your £${i}00 prize now: call 0906170${i}`;

/** The inboxes and the accounts (signed in) of a run, in its storage. */
async function seed(b: BenchEnv, botnet: string[]): Promise<BenchCredentials> {
  const storage = await openStorage(b.config);
  try {
    await seedInbox(storage, TARGET, 200, attackerText);
    await seedInbox(
      storage,
      USER,
      300,
      (i) => `Benchmark message number ${i}: see you at ${i % 12}?`,
    );
    await Promise.all(botnet.map((bot) => seedInbox(storage, bot, 200, attackerText)));
    // As `npm start` does on a first run: register the feature definitions (without them every
    // verdict of the worst query is a NOT_FOUND error in a 200 answer, not a model run).
    await (await openSpamFeatureStore(storage, b.config)).apply();
    return await benchCredentials(storage, b.config, [USER, TARGET, ...botnet]);
  } finally {
    await storage.close();
  }
}

/** Checks that `session` may read `user`'s inbox: a FORBIDDEN answer would count as a 200. */
async function checkOwnInbox(run: Running, user: string, session: string): Promise<void> {
  await postChecked(
    run.url,
    JSON.stringify({ query: `{ inbox(userId: "${user}", first: 1) { edges { cursor } } }` }),
    session,
  );
}

/** Prints how fast the two oversized queries are refused, sent by the signed-in attacker. */
async function printRefusals(run: Running, backend: Backend, attacker: string): Promise<void> {
  console.log(
    `\n[${backend}] refusals, sent by the signed-in attacker (20 each after 3 warm-up; each from its own address)`,
  );
  const refusals = [
    await timeRefusal(run.url, '20,000 aliased verdicts, first: 200', ALIASES, attacker),
    await timeRefusal(run.url, '10 MB query', TEN_MB, attacker),
  ];
  console.log(table(['case', 'body', 'status', 'code', 'p50 ms', 'max ms'], refusals));
  console.log('target: < 100 ms each');
}

/** One load case: who attacks, and what runs unmeasured before it. */
interface Case {
  label: string;
  attack: Attack;
  prepare?: () => Promise<void>;
}

/** The attacker alone from one address, then from a new address each, then the botnet. */
function casesOf(run: Running, creds: BenchCredentials, botnet: string[]): Case[] {
  const alone = [{ credential: sessionOf(creds, TARGET), body: worstOf(TARGET) }];
  return [
    { label: 'one account, one address', attack: { attackers: alone, spreadAddresses: false } },
    {
      label: 'one account, a new address each',
      attack: { attackers: alone, spreadAddresses: true },
    },
    {
      label: `${botnet.length} accounts in turn, a new address each`,
      attack: {
        attackers: botnet.map((bot) => ({ credential: sessionOf(creds, bot), body: worstOf(bot) })),
        spreadAddresses: true,
      },
      // Each account's first worst query computes and stores its messages' features and
      // caches the verdicts that do not skip the cache (the attacker's did in the cases before).
      prepare: async () => {
        for (const [i, bot] of botnet.entries()) {
          const from = `192.0.2.${100 + (i % 100)}`;
          const r = await send(run.url, worstOf(bot), from, sessionOf(creds, bot));
          if (r.status !== 200 || r.code) {
            throw new Error(`${bot}'s worst query failed: HTTP ${r.status} ${r.code} ${r.message}`);
          }
        }
      },
    },
  ];
}

/** Runs every load case while the normal user probes; prints one row each. */
async function printLoads(
  run: Running,
  backend: Backend,
  opts: Options,
  creds: BenchCredentials,
  botnet: string[],
  refillMs: number,
): Promise<void> {
  const normal = sessionOf(creds, USER);
  let idleDone = false;
  const timer = setTimeout(() => (idleDone = true), 10_000);
  const idle = await probe(run.url, normal, () => idleDone, 200);
  clearTimeout(timer);
  const idleP99 = percentile(idle, 99);
  console.log(
    `\n[${backend}] load: the worst accepted query, ${opts.connections} connections, ≤ ${opts.seconds} s, ≤ ${opts.maxRequests} requests; normal user's inbox(first: 50) as that user, idle p99 ${idleP99.toFixed(1)} ms (${idle.length} requests)`,
  );
  const rows = [];
  const failures = [];
  for (const [i, c] of casesOf(run, creds, botnet).entries()) {
    // Every case starts with full buckets: the attacker's is empty after the case before.
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, refillMs));
    if (c.prepare) {
      process.stderr.write(`… ${backend}: ${c.label}: one unmeasured worst query each\n`);
      await c.prepare();
    }
    const r = await load(run, opts, c.attack, normal);
    if (r.firstFailure) failures.push(`${c.label}: answers with errors, first: ${r.firstFailure}`);
    rows.push([
      c.label,
      r.requests,
      r.ok,
      r.limited,
      r.other,
      r.p50,
      r.p99,
      SERVICES.map((s) => Math.round(r.peak[s] ?? NaN)).join(' / '),
      `${r.probeP99.toFixed(1)} (${(r.probeP99 / idleP99).toFixed(1)}×)`,
    ]);
  }
  console.log(
    table(
      [
        'attacker',
        'requests',
        '200',
        '429',
        'other',
        'p50 ms',
        'p99 ms',
        `peak RSS MB (${SERVICES.join(' / ')})`,
        'normal p99 ms',
      ],
      rows,
    ),
  );
  for (const f of failures) console.log(f);
  console.log('200: answered without errors (a 200 with GraphQL errors counts as other)');
  console.log('targets: every RSS < 1,024 MB; normal p99 ≤ 3× idle');
  console.log(
    'rate limits are per principal: a signed-in attacker has one bucket whatever its addresses; anonymous callers (one bucket per address) may not read an inbox at all',
  );
}

async function runOne(backend: Backend, opts: Options): Promise<void> {
  const b = await benchEnv(backend, 'abuse');
  delete b.env.GATEWAY_RATE_PER_SECOND; // the production default: the rate limit is on
  const limits = loadConfig(b.env).gatewayLimits;
  const refillMs = (limits.rateBurst / limits.ratePerSecond) * 1000;
  const botnet = bots(opts.bots);
  try {
    const creds = await seed(b, botnet);
    const run = await start(b);
    try {
      await checkOwnInbox(run, USER, sessionOf(creds, USER));
      await checkOwnInbox(run, TARGET, sessionOf(creds, TARGET));
      await printRefusals(run, backend, sessionOf(creds, TARGET));
      await printLoads(run, backend, opts, creds, botnet, refillMs);
    } finally {
      await run.stop();
    }
  } finally {
    await b.cleanup();
  }
}

/** The load's bounds and the size of the botnet. */
interface Options extends LoadOptions {
  bots: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      backends: { type: 'string' },
      connections: { type: 'string', default: '8' },
      seconds: { type: 'string', default: '20' },
      'max-requests': { type: 'string', default: '2000' },
      bots: { type: 'string', default: '16' },
    },
  });
  const backends = await pickBackends(values.backends);
  const opts: Options = {
    connections: Number(values.connections),
    seconds: Number(values.seconds),
    maxRequests: Number(values['max-requests']),
    bots: Number(values.bots),
  };
  if (!(opts.bots >= 1)) throw new Error('--bots must be at least 1');
  console.log('bench:abuse — the gateway’s abuse limits under attack, through the real processes');
  console.log(machineLine());
  for (const b of backends) await runOne(b, opts);
  if (!values.backends && backends.every((b) => b === 'sqlite')) console.log(NO_CASSANDRA_NOTE);
}

main().catch((e: unknown) => {
  console.error(`bench:abuse: ${(e as Error).message}`);
  process.exit(1);
});
