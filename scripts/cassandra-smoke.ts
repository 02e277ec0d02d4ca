/**
 * Manual smoke test of the managed Cassandra node (downloads and boots a real one).
 *
 * Usage: `npx tsx scripts/cassandra-smoke.ts [start|status|stop|cql|cycle]`
 *   - cycle (default): start, CQL round trip, stop, start again on existing data, stop.
 */
import { randomUUID } from 'node:crypto';

import { Client, types } from 'cassandra-driver';

import { cassandraNodeStatus, startCassandraNode, stopCassandraNode } from './cassandra-node';

const secs = (t: number): string => `${((Date.now() - t) / 1000).toFixed(1)} s`;

/** Keyspace + table + insert/select, USING TIMESTAMP and TTL; throws on any wrong answer. */
async function cqlRoundTrip(port: number): Promise<void> {
  const client = new Client({
    contactPoints: [`127.0.0.1:${port}`],
    localDataCenter: 'datacenter1',
  });
  const ks = `smoke_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const t = Date.now();
  await client.connect();
  try {
    await client.execute(
      `CREATE KEYSPACE ${ks} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
    );
    await client.execute(`CREATE TABLE ${ks}.kv (k text PRIMARY KEY, v text)`);
    await client.execute(`INSERT INTO ${ks}.kv (k, v) VALUES (?, ?)`, ['a', 'one'], {
      prepare: true,
    });
    // Older timestamp must lose against the existing write.
    await client.execute(`INSERT INTO ${ks}.kv (k, v) VALUES ('a', 'old') USING TIMESTAMP 1`);
    const a = (
      await client.execute(`SELECT v, writetime(v) AS wt FROM ${ks}.kv WHERE k = 'a'`)
    ).first();
    if (a?.get('v') !== 'one') throw new Error(`expected 'one', got ${String(a?.get('v'))}`);
    await client.execute(`INSERT INTO ${ks}.kv (k, v) VALUES ('b', 'ts') USING TIMESTAMP 1234567`);
    const b = (
      await client.execute(`SELECT writetime(v) AS wt FROM ${ks}.kv WHERE k = 'b'`)
    ).first();
    const wt = b?.get('wt') as types.Long | undefined;
    if (wt?.toString() !== '1234567') throw new Error(`writetime ${String(wt)} != 1234567`);
    await client.execute(`INSERT INTO ${ks}.kv (k, v) VALUES ('c', 'ttl') USING TTL 2`);
    const ttl = (await client.execute(`SELECT ttl(v) AS t FROM ${ks}.kv WHERE k = 'c'`))
      .first()
      ?.get('t') as number;
    if (!(ttl > 0 && ttl <= 2)) throw new Error(`ttl ${ttl} not in 1..2`);
    await new Promise((r) => setTimeout(r, 2500));
    const gone = await client.execute(`SELECT v FROM ${ks}.kv WHERE k = 'c'`);
    if (gone.rowLength !== 0) throw new Error('TTL row still visible after expiry');
    const rel = (await client.execute('SELECT release_version FROM system.local'))
      .first()
      ?.get('release_version');
    console.log(
      `cql ok on ${rel as string}: keyspace ${ks}, insert/select, USING TIMESTAMP, TTL expiry (${secs(t)})`,
    );
    await client.execute(`DROP KEYSPACE ${ks}`);
  } finally {
    await client.shutdown();
  }
}

async function main(cmd: string): Promise<void> {
  let t = Date.now();
  switch (cmd) {
    case 'start':
      console.log(await startCassandraNode(), secs(t));
      return;
    case 'status':
      console.log(await cassandraNodeStatus());
      return;
    case 'stop':
      console.log(await stopCassandraNode(), secs(t));
      return;
    case 'cql':
      await cqlRoundTrip((await cassandraNodeStatus()).cqlPort);
      return;
    case 'cycle': {
      const s1 = await startCassandraNode();
      console.log(`start #1: ${secs(t)}`, s1);
      t = Date.now();
      const again = await startCassandraNode();
      console.log(`start #2 (idempotent): ${secs(t)}, same pid: ${again.pid === s1.pid}`);
      await cqlRoundTrip(s1.cqlPort);
      t = Date.now();
      console.log('stop:', await stopCassandraNode(), secs(t));
      t = Date.now();
      const s2 = await startCassandraNode();
      console.log(`restart on existing data: ${secs(t)}`);
      await cqlRoundTrip(s2.cqlPort);
      t = Date.now();
      console.log('stop:', await stopCassandraNode(), secs(t));
      console.log('final status:', await cassandraNodeStatus());
      return;
    }
    default:
      throw new Error(`unknown command ${cmd}; use start|status|stop|cql|cycle`);
  }
}

main(process.argv[2] ?? 'cycle').catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
