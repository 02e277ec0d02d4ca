/** `spamgraph cassandra start | stop | status`: one real Cassandra node for dev and CI. */
import type { Command } from 'commander';
import { cassandraNodeStatus, startCassandraNode, stopCassandraNode } from '../cassandra-node';
import type { CliIo } from './io';

interface NodeFlags {
  heap?: string;
  port?: string;
  cacheDir?: string;
  json?: boolean;
}

const nodeOptions = (f: NodeFlags, io: CliIo) => ({
  heap: f.heap,
  cqlPort: f.port === undefined ? undefined : Number(f.port),
  cacheDir: f.cacheDir,
  onProgress: (line: string) => io.err(line),
});

export function registerCassandra(program: Command, io: CliIo): void {
  const cmd = program
    .command('cassandra')
    .description('a real Apache Cassandra 5.0 node assembled from Maven Central');
  const withFlags = (c: Command) =>
    c
      .option('--heap <size>', 'JVM heap, e.g. 1g')
      .option('--port <port>', 'CQL port (default 9042)')
      .option('--cache-dir <dir>', 'where the node lives (default .cache/cassandra)');
  withFlags(cmd.command('start'))
    .description('download (first time), configure and start the node; wait until CQL answers')
    .action(async (f: NodeFlags) => {
      const s = await startCassandraNode(nodeOptions(f, io));
      io.out(
        `cassandra: running (pid ${s.pid}) on 127.0.0.1:${s.cqlPort}, Cassandra ${s.version}; log ${s.logFile}`,
      );
    });
  withFlags(cmd.command('stop'))
    .description('stop the node started by `cassandra start`')
    .action(async (f: NodeFlags) => {
      const r = await stopCassandraNode(nodeOptions(f, io));
      io.out(r.stopped ? `cassandra: stopped (pid ${r.pid})` : 'cassandra: was not running');
    });
  withFlags(cmd.command('status'))
    .description('is the node running and answering CQL?')
    .option('--json', 'print the status as JSON')
    .action(async (f: NodeFlags) => {
      const s = await cassandraNodeStatus(nodeOptions(f, io));
      if (f.json) io.out(JSON.stringify(s));
      else if (s.running)
        io.out(
          `cassandra: running (pid ${s.pid}) on 127.0.0.1:${s.cqlPort}, CQL ${s.cqlReady ? 'ready' : 'not answering yet'}`,
        );
      else io.out('cassandra: not running');
    });
}
