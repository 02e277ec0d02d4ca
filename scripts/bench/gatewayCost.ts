/**
 * The gateway's own cost, for `bench:compare`: the same `inbox(first: 50)` query sent by its
 * owner through the gateway, and straight to the user-data subgraph signed as the gateway signs
 * it (`x-spamgraph-signature` for the owner's principal) — interleaved at concurrency 1 and 8,
 * p50 / p99 / req/s of each and the difference, with the CPU time the gateway process spent
 * per request (utime + stime from /proc, over the measured seconds).
 */
import fs from 'node:fs';
import { accountServiceOf, requestSignerOf } from '../../platform/auth/secrets';
import { SIGNATURE_HEADER } from '../../platform/auth/requestSignature';
import { openStorage } from '../../platform/storage';
import {
  BENCH_INBOX_QUERY,
  BENCH_INBOX_USER,
  benchCredentials,
  benchEnv,
  measure,
  seedInbox,
  sessionOf,
  startServices,
  type Measured,
} from './harness';

const USER = BENCH_INBOX_USER;
const BODY = JSON.stringify({ query: BENCH_INBOX_QUERY, variables: { u: USER } });

/** CPU seconds (user + system) process `pid` has used so far (Linux /proc). */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at ") ".
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15)
  return ticks / 100; // USER_HZ is 100 on Linux
}

export interface GatewayCostRow {
  connections: number;
  gateway: Measured;
  direct: Measured;
  /** Gateway CPU ms per request during the measured seconds through it. */
  gatewayCpuMs: number;
}

/** Runs the cases on SQLite; one row per concurrency. */
export async function gatewayCost(opts: { seconds: number; connections: number[] }) {
  const b = await benchEnv('sqlite', 'gateway-cost');
  try {
    const storage = await openStorage(b.config);
    await seedInbox(storage, USER, 300, (i) => `Benchmark message ${i}: see you at ${i % 12}?`);
    const creds = await benchCredentials(storage, b.config, [USER]);
    const principal = await accountServiceOf(storage.accounts, b.config).authenticateToken(
      sessionOf(creds, USER),
    );
    await storage.close();
    const signer = requestSignerOf(b.config);
    const services = await startServices(b);
    try {
      const gatewayPid = services.pids.gateway!;
      const rows: GatewayCostRow[] = [];
      for (const [i, connections] of opts.connections.entries()) {
        const throughGateway = async () => {
          const cpu0 = cpuSeconds(gatewayPid);
          const m = await measure({
            url: `${services.gatewayUrl}/graphql`,
            bodies: [BODY],
            credential: sessionOf(creds, USER),
            connections,
            seconds: opts.seconds,
            warmupSeconds: 0, // warmed below; the CPU reading must cover only this run
          });
          return { m, cpuMs: ((cpuSeconds(gatewayPid) - cpu0) * 1000) / Math.max(1, m.requests) };
        };
        const direct = async () => {
          // Signed now: a signature holds 60 s, longer than one case.
          const signature = await signer.sign({ principal, clientAddress: '127.0.0.1' }, BODY);
          return measure({
            url: `${services.subgraphUrls['user-data']}/graphql`,
            bodies: [BODY],
            headers: { [SIGNATURE_HEADER]: signature },
            connections,
            seconds: opts.seconds,
            warmupSeconds: 1,
          });
        };
        // Warm both paths, then measure them in alternating order.
        await measure({
          url: `${services.gatewayUrl}/graphql`,
          bodies: [BODY],
          credential: sessionOf(creds, USER),
          connections,
          seconds: 1,
          warmupSeconds: 1,
        });
        let g: Awaited<ReturnType<typeof throughGateway>>;
        let d: Measured;
        process.stderr.write(`… gateway cost: inbox(first: 50), c=${connections}\n`);
        if (i % 2 === 0) {
          g = await throughGateway();
          d = await direct();
        } else {
          d = await direct();
          g = await throughGateway();
        }
        rows.push({ connections, gateway: g.m, direct: d, gatewayCpuMs: g.cpuMs });
      }
      return rows;
    } finally {
      await services.stop();
    }
  } finally {
    await b.cleanup();
  }
}
