/**
 * Helpers of the cluster suite (`npm run test:cluster`, see jest.cluster.config.js): storage
 * on the local 3-node cluster at RF 3, killing and restarting its nodes, and looking at what
 * each node holds (hints waiting for a node, reads coordinated by one node at ONE).
 */
import { Client, policies, types } from 'cassandra-driver';
import type { Config } from '../../platform/config';
import {
  cassandraClusterStatus,
  startCassandraCluster,
  stopCassandraCluster,
} from '../cassandra-node/cluster';
import { testConfig } from '../../platform/testing/backends';
import { waitUntil } from './processes';

/** The three nodes' CQL addresses. */
export const CLUSTER_CONTACT_POINTS = ['127.0.0.1:9042', '127.0.0.2:9042', '127.0.0.3:9042'];

/** A config for a fresh keyspace on the cluster, replicated to all three nodes. */
export function clusterTestConfig(env: NodeJS.ProcessEnv = {}): Config {
  return testConfig('cassandra', {
    CASSANDRA_CONTACT_POINTS: CLUSTER_CONTACT_POINTS.join(','),
    CASSANDRA_REPLICATION: '3',
    ...env,
  });
}

const clusterOpts = (log: (line: string) => void = () => undefined) => ({
  cacheDir: process.env.SPAMGRAPH_CLUSTER_CACHE_DIR,
  onProgress: log,
});

/** `kill -9` node `n` (1–3), as a crash would. */
export async function killNode(n: number, log?: (line: string) => void): Promise<void> {
  await stopCassandraCluster({ ...clusterOpts(log), node: n, kill: true });
}

/** Stops node `n` cleanly (SIGTERM: it drains and flushes). */
export async function stopNode(n: number, log?: (line: string) => void): Promise<void> {
  await stopCassandraCluster({ ...clusterOpts(log), node: n });
}

/**
 * Starts node `n` again and waits until it is UP in gossip, answers CQL and agrees on the
 * schema (a node that takes writes for tables it does not know yet can wedge its schema:
 * Cassandra 5.0.9 then fails every later migration with "Unknown CF").
 */
export async function startNode(n: number, log?: (line: string) => void): Promise<void> {
  await startCassandraCluster({ ...clusterOpts(log), node: n });
  await waitForSchemaAgreement();
}

/** Starts every stopped node (a test's clean-up: the next test gets the whole cluster). */
export async function startAllNodes(log?: (line: string) => void): Promise<void> {
  await startCassandraCluster(clusterOpts(log));
  await waitForSchemaAgreement();
}

/** Each node's own schema version (`system.local`), by address; undefined when it is down. */
export async function schemaVersions(): Promise<Record<string, string | undefined>> {
  const versions = await Promise.all(
    CLUSTER_CONTACT_POINTS.map(async (point) => {
      const address = point.split(':')[0]!;
      const client = await clientOn(address).catch(() => undefined);
      if (!client) return [address, undefined] as const;
      try {
        const rs = await client.execute('SELECT schema_version FROM system.local');
        return [address, String(rs.first()?.get('schema_version'))] as const;
      } finally {
        await client.shutdown();
      }
    }),
  );
  return Object.fromEntries(versions);
}

/** Waits until every node answers with the same schema version (60 s at most). */
export async function waitForSchemaAgreement(timeoutMs = 60_000): Promise<void> {
  let last: Record<string, string | undefined> = {};
  try {
    await waitUntil(
      'schema agreement',
      async () => {
        last = await schemaVersions();
        const v = Object.values(last);
        return v.every((x) => x !== undefined && x === v[0]);
      },
      timeoutMs,
      500,
    );
  } catch {
    throw new Error(`the nodes disagree on the schema: ${JSON.stringify(last)}`);
  }
}

/** Each node's address and whether it is up, as the live nodes see the ring. */
export async function ringUp(): Promise<Record<string, boolean>> {
  const ring = (await cassandraClusterStatus(clusterOpts())) ?? [];
  return Object.fromEntries(ring.map((n) => [n.address, n.up]));
}

/** A driver client that talks to `address` only (it coordinates every request). */
export async function clientOn(address: string, keyspace?: string): Promise<Client> {
  const client = new Client({
    contactPoints: [address],
    localDataCenter: 'datacenter1',
    keyspace,
    policies: {
      loadBalancing: new policies.loadBalancing.AllowListPolicy(
        new policies.loadBalancing.DCAwareRoundRobinPolicy('datacenter1'),
        [`${address}:9042`],
      ),
    },
  });
  await client.connect();
  return client;
}

/**
 * Hints that `address`'s node keeps for other nodes (Cassandra 5's
 * `system_views.pending_hints`): files per target node address.
 */
export async function pendingHintsOn(address: string): Promise<Record<string, number>> {
  const client = await clientOn(address);
  try {
    const rs = await client.execute('SELECT address, files FROM system_views.pending_hints', [], {
      consistency: types.consistencies.one,
    });
    return Object.fromEntries(
      rs.rows.map((r) => [String(r.get('address')), Number(r.get('files') ?? 0)]),
    );
  } finally {
    await client.shutdown();
  }
}
