/**
 * `npm run bench:abuse`: what the gateway's abuse limits buy, through the real processes
 * (issue 10, "Done when"). Prints (1) how fast the 20,000-alias query and a 10 MB query are
 * refused, and (2) during a bounded load of the worst query the limits still accept (cost
 * 1,000: five verdicts on each of 200 messages, three of them skipping the cache), every
 * service's peak RSS and a normal user's inbox p99 against its idle p99 — once with the load
 * from one address (the rate limit answers most of it) and once from a new address per request
 * (a botnet: only the cost limit holds). Loopback only; the load is bounded in time and count.
 *
 * Options: --backends sqlite,cassandra  --connections 8  --seconds 20  --max-requests 2000
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { openStorage } from '../../platform/storage';
import { ALIASES, load, probe, start, TARGET, TEN_MB, timeRefusal, USER } from './abuseLoad';
import type { LoadOptions } from './abuseLoad';
import { NO_CASSANDRA_NOTE, benchEnv, pickBackends, seedInbox, type Backend } from './harness';
import { machineLine, table } from './machine';

const SERVICES = ['gateway', 'user-data', 'model', 'inbox', 'feature-store'];

async function runOne(backend: Backend, opts: LoadOptions): Promise<void> {
  const b = await benchEnv(backend, 'abuse');
  delete b.env.GATEWAY_RATE_PER_SECOND; // the production default: the rate limit is on
  // Production mode wants its secrets; these live only as long as the run.
  b.env.SESSION_SECRET = randomBytes(48).toString('base64');
  b.env.GATEWAY_SECRET = randomBytes(48).toString('base64');
  try {
    const storage = await openStorage(b.config);
    await seedInbox(storage, TARGET, 200, (i) =>
      i % 2
        ? `Are we still on for lunch at ${i % 12}? I can book the usual place`
        : `WINNER!! Claim your £${i}00 prize now: call 0906170${i}`,
    );
    await seedInbox(
      storage,
      USER,
      300,
      (i) => `Benchmark message number ${i}: see you at ${i % 12}?`,
    );
    await storage.close();
    const run = await start(b);
    try {
      console.log(`\n[${backend}] refusals (20 each after 3 warm-up; each from its own address)`);
      const refusals = [
        await timeRefusal(run.url, '20,000 aliased verdicts, first: 200', ALIASES),
        await timeRefusal(run.url, '10 MB query', TEN_MB),
      ];
      console.log(table(['case', 'body', 'status', 'code', 'p50 ms', 'max ms'], refusals));
      console.log('target: < 100 ms each');
      let idleDone = false;
      const timer = setTimeout(() => (idleDone = true), 10_000);
      const idle = await probe(run.url, () => idleDone, 200);
      clearTimeout(timer);
      const idleP99 = [...idle].sort((a, b) => a - b)[Math.floor(0.99 * idle.length)] ?? NaN;
      console.log(
        `\n[${backend}] load: the worst accepted query, ${opts.connections} connections, ≤ ${opts.seconds} s, ≤ ${opts.maxRequests} requests; normal user's inbox(first: 50) idle p99 ${idleP99.toFixed(1)} ms (${idle.length} requests)`,
      );
      const rows = [];
      for (const spread of [false, true]) {
        const r = await load(run, opts, spread);
        rows.push([
          spread ? 'a new address each' : 'one address',
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
      console.log('targets: every RSS < 1,024 MB; normal p99 ≤ 3× idle');
    } finally {
      await run.stop();
    }
  } finally {
    await b.cleanup();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      backends: { type: 'string' },
      connections: { type: 'string', default: '8' },
      seconds: { type: 'string', default: '20' },
      'max-requests': { type: 'string', default: '2000' },
    },
  });
  const backends = await pickBackends(values.backends);
  const opts: LoadOptions = {
    connections: Number(values.connections),
    seconds: Number(values.seconds),
    maxRequests: Number(values['max-requests']),
  };
  console.log('bench:abuse — the gateway’s abuse limits under attack, through the real processes');
  console.log(machineLine());
  for (const b of backends) await runOne(b, opts);
  if (!backends.includes('cassandra')) console.log(NO_CASSANDRA_NOTE);
}

main().catch((e: unknown) => {
  console.error(`bench:abuse: ${(e as Error).message}`);
  process.exit(1);
});
