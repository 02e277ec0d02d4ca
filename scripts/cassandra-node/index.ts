/**
 * One real Apache Cassandra 5.0 node for development and CI, assembled from Maven Central
 * (no Docker, no Apache mirrors) and run as a detached JVM managed by a pid file.
 *
 * @example
 * ```ts
 * const node = await startCassandraNode();   // downloads once, then ~10 s
 * // … connect with cassandra-driver to 127.0.0.1:9042, localDataCenter 'datacenter1'
 * await stopCassandraNode();
 * ```
 */
import { mkdir } from 'node:fs/promises';

import { assembleCassandra } from './assemble';
import { probeCql } from './cql';
import { acquireLock } from './lock';
import {
  readNodeState,
  resolveOptions,
  type CassandraNodeOptions,
  type CassandraNodeStatus,
  type ResolvedOptions,
} from './options';
import { isCassandraProcess, readPidFile, removeFiles, terminate } from './process';
import { assertPortsFree, spawnAndWait, waitForCql } from './start';
import { requireSupportedJava } from './tools';

export type { CassandraNodeOptions, CassandraNodeStatus } from './options';
export { CassandraNodeError } from './node-error';
export { DEFAULT_CASSANDRA_VERSION } from './paths';

/** The pid from the pid file when it is a live Cassandra JVM; undefined otherwise. */
async function livePid(r: ResolvedOptions): Promise<number | undefined> {
  const pid = await readPidFile(r.layout.pidFile);
  return pid !== undefined && isCassandraProcess(pid) ? pid : undefined;
}

async function statusOf(
  r: ResolvedOptions,
  pid: number | undefined,
  cqlReady?: boolean,
): Promise<CassandraNodeStatus> {
  const state = pid === undefined ? undefined : await readNodeState(r.layout.stateFile, pid);
  const cqlPort = state?.cqlPort ?? r.settings.cqlPort;
  const host = state?.host ?? r.settings.host;
  const ready =
    pid === undefined ? false : (cqlReady ?? (await probeCql(host, cqlPort)) !== undefined);
  return {
    running: pid !== undefined,
    ...(pid !== undefined ? { pid } : {}),
    host,
    cqlPort,
    version: state?.version ?? r.layout.version,
    cacheDir: r.layout.cacheDir,
    logFile: r.layout.logFile,
    cqlReady: ready,
  };
}

/**
 * Reports whether the node of `cacheDir` is running and answering CQL. Reads only: a stale
 * pid file (dead or recycled pid) is reported as not running and left for start/stop to clean.
 */
export async function cassandraNodeStatus(
  opts?: CassandraNodeOptions,
): Promise<CassandraNodeStatus> {
  const r = resolveOptions(opts);
  return statusOf(r, await livePid(r));
}

/**
 * Starts the node, assembling it from Maven Central first if needed. Idempotent: when the
 * node of `cacheDir` is already running (pid alive) it only waits for CQL and returns its
 * status; a lock file keeps concurrent callers from starting a second node.
 *
 * @throws DependencyMissingError when java (11/17) or, for the first assembly, mvn is missing
 * @throws CassandraNodeError when a port is taken by something else, or the node dies or
 *   does not answer CQL within `startTimeoutMs` (message holds the log tail)
 */
export async function startCassandraNode(
  opts?: CassandraNodeOptions,
): Promise<CassandraNodeStatus> {
  const r = resolveOptions(opts);
  const { layout, settings, progress } = r;
  await mkdir(layout.cacheDir, { recursive: true });
  const release = await acquireLock(layout.lockFile, r.startTimeoutMs);
  try {
    const running = await livePid(r);
    if (running !== undefined) {
      const state = await readNodeState(layout.stateFile, running);
      const s = {
        ...settings,
        host: state?.host ?? settings.host,
        cqlPort: state?.cqlPort ?? settings.cqlPort,
      };
      if (state && state.version !== layout.version) {
        progress.line(
          `cassandra: node already running as ${state.version} (asked for ${layout.version}); stop it to switch`,
        );
      }
      // Another start may have just spawned it: wait (bounded) rather than start a second one.
      await waitForCql(running, layout, s, Date.now() + r.startTimeoutMs);
      return statusOf(r, running, true);
    }
    await removeFiles(layout.pidFile, layout.stateFile);
    await assertPortsFree(layout, settings);
    const { java } = requireSupportedJava();
    await assembleCassandra(layout, progress);
    const { pid } = await spawnAndWait(java, layout, settings, r.startTimeoutMs, progress);
    return statusOf(r, pid, true);
  } finally {
    progress.done();
    await release();
  }
}

/**
 * Stops the node: SIGTERM (Cassandra flushes and exits), SIGKILL after `stopTimeoutMs`,
 * then removes the pid file. Stopping a node that is not running is not an error.
 *
 * @returns `stopped: true` and the pid when a live node was stopped
 */
export async function stopCassandraNode(
  opts?: CassandraNodeOptions,
): Promise<{ stopped: boolean; pid?: number }> {
  const r = resolveOptions(opts);
  const pid = await livePid(r);
  if (pid === undefined) {
    await removeFiles(r.layout.pidFile, r.layout.stateFile);
    return { stopped: false };
  }
  const started = Date.now();
  const { killed } = await terminate(pid, r.stopTimeoutMs);
  await removeFiles(r.layout.pidFile, r.layout.stateFile);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  r.progress.line(
    `cassandra: stopped pid ${pid} in ${secs} s${killed ? ' (SIGKILL after timeout)' : ''}`,
  );
  return { stopped: true, pid };
}

export {
  cassandraClusterStatus,
  startCassandraCluster,
  stopCassandraCluster,
  DEFAULT_CLUSTER_HEAP,
  type CassandraClusterOptions,
  type ClusterNodeStatus,
} from './cluster';
export { formatRing } from './cluster-status';
