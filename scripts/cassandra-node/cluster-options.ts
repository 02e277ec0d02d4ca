/**
 * Options of the local cluster, their defaults, and `cluster/cluster.json` (the node count it
 * was created with, and whether it has formed).
 */
import { readFile, writeFile } from 'node:fs/promises';

import { clusterLayout, nodeAddress, validateNodeCount } from './cluster-layout';
import type { ClusterLayout } from './cluster-layout';
import type { RingNode } from './cluster-status';
import { validateSettings, type NodeSettings } from './config';
import { CassandraNodeError } from './node-error';
import {
  DEFAULT_CASSANDRA_VERSION,
  DEFAULT_CQL_PORT,
  DEFAULT_START_TIMEOUT_MS,
  DEFAULT_STORAGE_PORT,
  defaultCacheDir,
} from './paths';
import { createProgress, type Progress } from '../../platform/progress';

/** Three 1 GiB heaps plus off-heap fit easily in 24 GiB; 768 MiB keeps GC pauses short. */
export const DEFAULT_CLUSTER_HEAP = '768m';

/** Options of the cluster functions; every field has a default. */
export interface CassandraClusterOptions {
  /** Node count for a start of the whole cluster; default: the existing cluster's, else 3. */
  nodes?: number;
  /** One node (1-based) to start or stop instead of all. */
  node?: number;
  /** Stop with SIGKILL at once (kill -9), as a crash would. */
  kill?: boolean;
  cacheDir?: string;
  version?: string;
  /** Per-node JVM heap; default {@link DEFAULT_CLUSTER_HEAP}. */
  heap?: string;
  onProgress?: (line: string) => void;
  /** Per node; default 180000. */
  startTimeoutMs?: number;
  /** SIGTERM grace before SIGKILL; default 60000. */
  stopTimeoutMs?: number;
}

/** Status of one cluster node: the local process plus the cluster's view of it. */
export interface ClusterNodeStatus extends RingNode {
  node: number;
  pid?: number;
}

/** Cluster options with every default filled in. */
export interface ResolvedCluster {
  layout: ClusterLayout;
  count: number;
  settings: (n: number) => NodeSettings;
  progress: Progress;
  startTimeoutMs: number;
  stopTimeoutMs: number;
}

/** Cluster-wide facts kept in `cluster/cluster.json`. */
export interface ClusterState {
  nodes: number;
  createdAt: string;
  /** When every node had joined once; until then new nodes join without bootstrap. */
  formedAt?: string;
}

async function readClusterState(file: string): Promise<ClusterState | undefined> {
  try {
    const s = JSON.parse(await readFile(file, 'utf8')) as Partial<ClusterState>;
    return typeof s.nodes === 'number'
      ? {
          nodes: s.nodes,
          createdAt: String(s.createdAt),
          ...(typeof s.formedAt === 'string' ? { formedAt: s.formedAt } : {}),
        }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Writes `cluster.json`. */
export async function writeClusterState(file: string, state: ClusterState): Promise<void> {
  await writeFile(file, `${JSON.stringify(state, null, 2)}\n`);
}

/**
 * Fills defaults. The node count comes from `opts.nodes`, else the existing cluster, else 3.
 *
 * @throws ConfigError for a bad count, node number or heap
 */
export async function resolveCluster(
  opts: CassandraClusterOptions,
): Promise<ResolvedCluster & { existing?: ClusterState }> {
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  const version = opts.version ?? DEFAULT_CASSANDRA_VERSION;
  const probe = clusterLayout(cacheDir, version, 0);
  const existing = await readClusterState(probe.stateFile);
  const count = opts.nodes ?? existing?.nodes ?? 3;
  validateNodeCount(count);
  if (
    opts.node !== undefined &&
    !(Number.isInteger(opts.node) && opts.node >= 1 && opts.node <= count)
  )
    throw new CassandraNodeError(
      'CONFIG_INVALID',
      `cassandra --node ${opts.node} is not a node of this ${count}-node cluster`,
    );
  const heap = opts.heap ?? DEFAULT_CLUSTER_HEAP;
  const settings = (n: number): NodeSettings => ({
    host: nodeAddress(n),
    cqlPort: DEFAULT_CQL_PORT,
    storagePort: DEFAULT_STORAGE_PORT,
    heap,
  });
  validateSettings(settings(1));
  return {
    layout: clusterLayout(cacheDir, version, count),
    count,
    settings,
    progress: createProgress('cassandra', opts.onProgress),
    startTimeoutMs: opts.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
    stopTimeoutMs: opts.stopTimeoutMs ?? 60_000,
    ...(existing ? { existing } : {}),
  };
}
