/**
 * `spamgraph cassandra start | stop | status`: one real Cassandra node for dev and CI, or with
 * `--nodes n` a local cluster on 127.0.0.1..n.
 */
import type { Command } from 'commander';
import {
  cassandraClusterStatus,
  cassandraNodeStatus,
  formatRing,
  startCassandraCluster,
  startCassandraNode,
  stopCassandraCluster,
  stopCassandraNode,
  type ClusterNodeStatus,
} from '../cassandra-node';
import { ConfigError } from '../../platform/errors';
import type { CliIo } from './io';

interface NodeFlags {
  heap?: string;
  port?: string;
  host?: string;
  cacheDir?: string;
  json?: boolean;
  nodes?: string;
  node?: string;
  kill?: boolean;
}

const nodeOptions = (f: NodeFlags, io: CliIo) => ({
  heap: f.heap,
  cqlPort: f.port === undefined ? undefined : Number(f.port),
  host: f.host,
  cacheDir: f.cacheDir,
  onProgress: (line: string) => io.err(line),
});

/**
 * Parses a positive integer flag.
 *
 * @throws ConfigError naming the flag
 */
export function parseCount(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new ConfigError(`cassandra ${flag} "${value}" is not a number`);
  return Number(value);
}

/** Cluster options from the flags; `undefined` when none of them asks for the cluster. */
export function clusterOptions(f: NodeFlags, io: CliIo) {
  const nodes = parseCount('--nodes', f.nodes);
  const node = parseCount('--node', f.node);
  if (nodes === undefined && node === undefined && !f.kill) return undefined;
  if (f.port !== undefined || f.host !== undefined)
    throw new ConfigError(
      'cassandra --port and --host apply to the single node; cluster nodes use 9042 on 127.0.0.n',
    );
  return {
    nodes,
    node,
    kill: f.kill ?? false,
    heap: f.heap,
    cacheDir: f.cacheDir,
    onProgress: (line: string) => io.err(line),
  };
}

const printRing = (io: CliIo, ring: ClusterNodeStatus[]): void => {
  const up = ring.filter((n) => n.up).length;
  io.out(`cassandra: ${ring.length}-node cluster, ${up}/${ring.length} nodes answer CQL`);
  for (const l of formatRing(ring)) io.out(l);
};

export function registerCassandra(program: Command, io: CliIo): void {
  const cmd = program
    .command('cassandra')
    .description(
      'a real Apache Cassandra 5.0 node (or local cluster) assembled from Maven Central',
    );
  const withFlags = (c: Command) =>
    c
      .option('--heap <size>', 'JVM heap, e.g. 1g (cluster nodes: 768m)')
      .option('--port <port>', 'CQL port (default 9042; single node only)')
      .option(
        '--host <address>',
        'loopback address of the single node (default 127.0.0.1; e.g. 127.0.0.9 beside a cluster)',
      )
      .option('--cache-dir <dir>', 'where the node lives (default .cache/cassandra)');
  withFlags(cmd.command('start'))
    .description('download (first time), configure and start the node; wait until CQL answers')
    .option('--nodes <n>', 'start a local cluster of n nodes on 127.0.0.1..n, one after another')
    .option('--node <n>', 'start only cluster node n; wait until it is UP in gossip')
    .action(async (f: NodeFlags) => {
      const c = clusterOptions(f, io);
      if (c) {
        printRing(io, await startCassandraCluster(c));
        return;
      }
      const s = await startCassandraNode(nodeOptions(f, io));
      io.out(
        `cassandra: running (pid ${s.pid}) on ${s.host}:${s.cqlPort}, Cassandra ${s.version}; log ${s.logFile}`,
      );
    });
  withFlags(cmd.command('stop'))
    .description('stop the node (and the cluster, if any) started by `cassandra start`')
    .option('--node <n>', 'stop only cluster node n')
    .option('--kill', 'SIGKILL at once (kill -9), as a crash would')
    .action(async (f: NodeFlags) => {
      const c = clusterOptions(f, io);
      if (!c) {
        const r = await stopCassandraNode(nodeOptions(f, io));
        io.out(r.stopped ? `cassandra: stopped (pid ${r.pid})` : 'cassandra: was not running');
      }
      if (c || (await cassandraClusterStatus({ cacheDir: f.cacheDir })) !== undefined) {
        const stopped = await stopCassandraCluster(
          c ?? { cacheDir: f.cacheDir, onProgress: (l) => io.err(l) },
        );
        io.out(
          stopped.length > 0
            ? `cassandra: cluster node(s) ${stopped.map((s) => `${s.node} (pid ${s.pid})`).join(', ')} ${c?.kill ? 'killed' : 'stopped'}`
            : 'cassandra: no cluster node was running',
        );
      }
    });
  withFlags(cmd.command('status'))
    .description('is the node running and answering CQL? With a cluster: every node of the ring')
    .option('--json', 'print the status as JSON')
    .action(async (f: NodeFlags) => {
      const s = await cassandraNodeStatus(nodeOptions(f, io));
      const ring = await cassandraClusterStatus({ cacheDir: f.cacheDir });
      if (f.json) io.out(JSON.stringify(ring ? { ...s, cluster: ring } : s));
      else {
        if (s.running)
          io.out(
            `cassandra: running (pid ${s.pid}) on ${s.host}:${s.cqlPort}, CQL ${s.cqlReady ? 'ready' : 'not answering yet'}`,
          );
        else if (!ring) io.out('cassandra: not running');
        if (ring) printRing(io, ring);
      }
    });
}
