/**
 * Global setup of the cluster suite: starts the local 3-node cluster (scripts/cassandra-node,
 * one node after another, progress on stderr) unless one already answers, and tells the
 * tests where it is. Its data lives in `SPAMGRAPH_CLUSTER_CACHE_DIR` (default: the usual
 * Cassandra cache folder), beside the jars it reuses.
 */
import { startCassandraCluster } from '../cassandra-node/cluster';
import { defaultCacheDir } from '../cassandra-node/paths';

export default async function clusterSetup(): Promise<void> {
  const cacheDir = process.env.SPAMGRAPH_CLUSTER_CACHE_DIR || defaultCacheDir();
  const t = Date.now();
  const nodes = await startCassandraCluster({
    nodes: 3,
    cacheDir,
    onProgress: (line) => process.stderr.write(`${line}\n`),
  });
  const down = nodes.filter((n) => !n.up).map((n) => n.address);
  if (down.length > 0)
    throw new Error(`cluster suite: nodes not up after start: ${down.join(', ')}`);
  process.stderr.write(`cluster suite: 3 nodes up (${((Date.now() - t) / 1000).toFixed(1)} s)\n`);
  process.env.SPAMGRAPH_CLUSTER_CACHE_DIR = cacheDir;
}
