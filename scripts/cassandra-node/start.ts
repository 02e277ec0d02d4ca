/**
 * Spawning a node and waiting until it really answers CQL.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import {
  buildJvmArgs,
  renderCassandraYaml,
  renderLogbackXml,
  type ClusterMember,
  type NodeSettings,
} from './config';
import { isPortOpen, probeCql } from './cql';
import { CassandraNodeError } from './node-error';
import { writeNodeState } from './options';
import type { NodeLayout } from './paths';
import {
  isProcessAlive,
  removeFiles,
  sleep,
  spawnDetached,
  tailLines,
  terminate,
  writePidFile,
} from './process';
import type { Progress } from '../../platform/progress';

/** Gap between two readiness probes. */
const POLL_MS = 500;

/**
 * Fails clearly when a port the node needs is held by something that is not our node.
 *
 * @throws CassandraNodeError naming the port and, when it speaks CQL, the other server's version
 */
export async function assertPortsFree(layout: NodeLayout, s: NodeSettings): Promise<void> {
  const ports: Array<[string, number]> = [
    ['CQL port', s.cqlPort],
    ['storage (internode) port', s.storagePort],
  ];
  for (const [what, port] of ports) {
    if (!(await isPortOpen(s.host, port))) continue;
    // Short probe: only to say whether the squatter is another Cassandra.
    const other = what === 'CQL port' ? await probeCql(s.host, port, 2000) : undefined;
    const who = other
      ? `it answers CQL as Cassandra ${other}: another node, e.g. Docker or another cacheDir`
      : 'it is not a Cassandra node we manage';
    throw new CassandraNodeError(
      'STORAGE_UNAVAILABLE',
      `${what} ${s.host}:${port} is already in use by another process, not by the node of ${layout.cacheDir} ` +
        `(no live pid in ${layout.pidFile}; ${who}). Stop that process, or choose other ports (cqlPort/storagePort).`,
      { port },
    );
  }
}

/** Writes conf/ (yaml, logback) and creates data/log/tmp folders. */
export async function writeNodeConfig(
  layout: NodeLayout,
  s: NodeSettings,
  member?: ClusterMember,
): Promise<void> {
  await Promise.all(
    [
      layout.confDir,
      join(layout.confDir, 'triggers'),
      layout.dataDir,
      layout.logsDir,
      join(layout.cacheDir, 'tmp'),
    ].map((d) => mkdir(d, { recursive: true })),
  );
  await writeFile(layout.yamlFile, renderCassandraYaml(layout, s, member));
  await writeFile(layout.logbackFile, renderLogbackXml(layout));
}

/** Path of the jamm agent jar in lib/, if the assembly has one. */
export async function findJammJar(libDir: string): Promise<string | undefined> {
  const jar = (await readdir(libDir)).find((f) => /^jamm-[\d.]+\.jar$/.test(f));
  return jar ? join(libDir, jar) : undefined;
}

/** The last lines worth showing when a start fails: the JVM's own output first. */
async function logTail(layout: NodeLayout): Promise<{ file: string; lines: string[] }> {
  const out = await tailLines(layout.stdoutFile, 20);
  if (out.length > 0) return { file: layout.stdoutFile, lines: out };
  return { file: layout.logFile, lines: await tailLines(layout.logFile, 20) };
}

/**
 * Polls until `SELECT release_version FROM system.local` answers, every {@link POLL_MS}.
 *
 * @returns the release version the node reports
 * @throws CassandraNodeError with the log tail when the process dies or `deadline` passes
 */
export async function waitForCql(
  pid: number,
  layout: NodeLayout,
  s: NodeSettings,
  deadline: number,
): Promise<string> {
  for (;;) {
    if (!isProcessAlive(pid)) {
      const tail = await logTail(layout);
      throw new CassandraNodeError(
        'STORAGE_UNAVAILABLE',
        `Cassandra (pid ${pid}) exited while starting. Last lines of ${tail.file}:\n${tail.lines.join('\n')}`,
        { pid, logTail: tail.lines },
      );
    }
    const version = await probeCql(s.host, s.cqlPort);
    if (version) return version;
    if (Date.now() >= deadline) {
      const tail = await logTail(layout);
      throw new CassandraNodeError(
        'STORAGE_UNAVAILABLE',
        `Cassandra (pid ${pid}) did not answer CQL on ${s.host}:${s.cqlPort} in time. Last lines of ${tail.file}:\n${tail.lines.join('\n')}`,
        { pid, logTail: tail.lines },
      );
    }
    await sleep(POLL_MS);
  }
}

/** What a cluster start adds to {@link spawnAndWait}. */
export interface SpawnExtras {
  /** Cluster membership (seeds, token); absent for the single node. */
  member?: ClusterMember;
  /** Called every {@link TICK_MS} while waiting, with the elapsed ms (e.g. "joining … 12 s"). */
  onWaitTick?: (elapsedMs: number) => void;
}

/** Gap between two "still waiting" ticks. */
const TICK_MS = 5000;

/**
 * Spawns the JVM detached, records pid + state, and waits for CQL.
 *
 * @param java - java binary
 * @returns pid and the version the node reports
 * @throws CassandraNodeError when it dies or times out (a timed-out JVM is stopped again)
 */
export async function spawnAndWait(
  java: string,
  layout: NodeLayout,
  s: NodeSettings,
  timeoutMs: number,
  progress: Progress,
  extras: SpawnExtras = {},
): Promise<{ pid: number; version: string }> {
  await writeNodeConfig(layout, s, extras.member);
  const args = buildJvmArgs(layout, s, await findJammJar(layout.libDir), extras.member);
  // A fresh stdout file per start, so a failure's tail belongs to this run.
  await writeFile(layout.stdoutFile, '');
  const started = Date.now();
  const pid = spawnDetached(java, args, layout.stdoutFile, layout.cacheDir);
  await writePidFile(layout.pidFile, pid);
  await writeNodeState(layout.stateFile, {
    pid,
    version: layout.version,
    host: s.host,
    cqlPort: s.cqlPort,
    startedAt: new Date(started).toISOString(),
  });
  progress.line(
    `cassandra: starting ${layout.version} (pid ${pid}), waiting for CQL on ${s.host}:${s.cqlPort}; log ${layout.logFile}`,
  );
  const tick = extras.onWaitTick;
  const ticker = tick ? setInterval(() => tick(Date.now() - started), TICK_MS) : undefined;
  try {
    const version = await waitForCql(pid, layout, s, started + timeoutMs);
    progress.line(
      `cassandra: ready in ${((Date.now() - started) / 1000).toFixed(1)} s (Cassandra ${version}, pid ${pid})`,
    );
    return { pid, version };
  } catch (e) {
    // Never leave a half-started JVM or a pid file pointing at a dead one.
    if (isProcessAlive(pid)) await terminate(pid, 10_000);
    await removeFiles(layout.pidFile, layout.stateFile);
    throw e;
  } finally {
    if (ticker) clearInterval(ticker);
  }
}
