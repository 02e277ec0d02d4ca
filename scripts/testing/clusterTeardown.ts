/**
 * Global teardown of the cluster suite: stops the cluster the setup started (SIGTERM, so
 * each node flushes), unless `SPAMGRAPH_CLUSTER_KEEP=1` asks to keep it for another run.
 */
import { stopCassandraCluster } from '../cassandra-node/cluster';

export default async function clusterTeardown(): Promise<void> {
  if (process.env.SPAMGRAPH_CLUSTER_KEEP === '1') return;
  await stopCassandraCluster({
    cacheDir: process.env.SPAMGRAPH_CLUSTER_CACHE_DIR,
    onProgress: (line) => process.stderr.write(`${line}\n`),
  });
}
