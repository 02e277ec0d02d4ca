/**
 * Where each node of a local multi-node cluster lives, which address it binds and which token
 * it owns. Pure: creates nothing.
 *
 * @remarks
 * Node n binds 127.0.0.n with the usual ports (9042 CQL, 7000 storage): on Linux the whole
 * 127.0.0.0/8 answers on `lo` without an alias, so the same port is free on every address.
 */
import { join, resolve } from 'node:path';

import type { ClusterMember } from './config';
import { ConfigError } from '../../platform/errors';
import { nodeLayoutIn, type NodeLayout } from './paths';

/** Most nodes a local cluster may have (two cores; three is the tested size). */
export const MAX_CLUSTER_NODES = 9;

/** Files shared by the whole cluster, plus one {@link NodeLayout} per node. */
export interface ClusterLayout {
  /** `<cacheDir>/cluster` */
  clusterDir: string;
  /** JSON with the node count the cluster was created with. */
  stateFile: string;
  /** Held while any cluster node is being started. */
  lockFile: string;
  nodes: NodeLayout[];
}

/**
 * Checks a node count (from `--nodes`).
 *
 * @throws ConfigError when it is not an integer in 2..{@link MAX_CLUSTER_NODES}
 */
export function validateNodeCount(count: number): void {
  if (!Number.isInteger(count) || count < 2 || count > MAX_CLUSTER_NODES)
    throw new ConfigError(
      `cassandra --nodes ${count} is not a node count between 2 and ${MAX_CLUSTER_NODES}`,
    );
}

/** Address of node `n` (1-based): 127.0.0.n. */
export const nodeAddress = (n: number): string => `127.0.0.${n}`;

/**
 * Paths of node `n` (1-based): everything under `<cacheDir>/cluster/node<n>/`, jars shared.
 *
 * @remarks
 * `dataDir` is the node folder itself, so its data, commitlog, hints, saved_caches and logs
 * sit side by side in it.
 */
export function clusterNodeLayout(cacheDir: string, version: string, n: number): NodeLayout {
  const root = resolve(cacheDir);
  const dir = join(root, 'cluster', `node${n}`);
  return nodeLayoutIn(root, dir, dir, version);
}

/** Layout of a cluster of `count` nodes. */
export function clusterLayout(cacheDir: string, version: string, count: number): ClusterLayout {
  const clusterDir = join(resolve(cacheDir), 'cluster');
  return {
    clusterDir,
    stateFile: join(clusterDir, 'cluster.json'),
    lockFile: join(clusterDir, 'start.lock'),
    nodes: Array.from({ length: count }, (_, i) => clusterNodeLayout(cacheDir, version, i + 1)),
  };
}

/**
 * Token of node `n` of `count`: Murmur3's range (-2^63 .. 2^63-1) cut in equal parts, so
 * each node owns the same share with one token and no token allocation wait.
 */
export function nodeToken(n: number, count: number): string {
  const span = 2n ** 64n;
  return (-(2n ** 63n) + (span * BigInt(n - 1)) / BigInt(count)).toString();
}

/**
 * Membership of node `n`: node 1 is the only seed.
 *
 * @param freshCluster - true while the cluster is created from nothing (no data to stream)
 */
export function clusterMember(
  n: number,
  count: number,
  storagePort: number,
  freshCluster: boolean,
): ClusterMember {
  return {
    seeds: `${nodeAddress(1)}:${storagePort}`,
    initialToken: nodeToken(n, count),
    autoBootstrap: !freshCluster,
  };
}
