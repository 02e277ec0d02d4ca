/**
 * Where a managed Cassandra node keeps its jars, config, data, logs and pid file.
 *
 * @remarks
 * Everything lives under one cache folder so that `rm -rf .cache/cassandra` is a full reset.
 * Jars are per version (`<cacheDir>/<version>/lib`); config, data and logs are shared by
 * versions so a patch upgrade keeps its data.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Newest 5.0.x on Maven Central when this was written (checked with a version range). */
export const DEFAULT_CASSANDRA_VERSION = '5.0.9';
export const DEFAULT_CQL_PORT = 9042;
export const DEFAULT_STORAGE_PORT = 7000;
export const DEFAULT_HEAP = '1g';
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_START_TIMEOUT_MS = 180_000;

/** Every file and folder of one managed node. */
export interface NodeLayout {
  cacheDir: string;
  version: string;
  /** `<cacheDir>/<version>`: the throwaway pom and the "assembled" marker. */
  versionDir: string;
  libDir: string;
  pomFile: string;
  /** Written only after Maven succeeded, so an interrupted download is retried. */
  assembledMarker: string;
  confDir: string;
  yamlFile: string;
  logbackFile: string;
  dataDir: string;
  logsDir: string;
  /** Cassandra's own log (logback). */
  logFile: string;
  /** The JVM's stdout/stderr: crashes before logback starts land here. */
  stdoutFile: string;
  pidFile: string;
  /** JSON with the version/ports the running node was started with. */
  stateFile: string;
  /** Held (O_EXCL) while a start is in progress, so two CLIs never start two nodes. */
  lockFile: string;
}

/**
 * Finds the repository root by walking up from `start` to the first folder holding a
 * `package.json`.
 *
 * @param start - folder to start from (defaults to this file's folder)
 * @returns the repo root, or `start` itself when none is found
 */
export function findRepoRoot(start: string = __dirname): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(start);
    dir = parent;
  }
}

/** Default cache folder: `<repo root>/.cache/cassandra` (gitignored). */
export function defaultCacheDir(): string {
  return join(findRepoRoot(), '.cache', 'cassandra');
}

/**
 * Computes every path of a node from its cache folder and version. Pure: creates nothing.
 *
 * @param cacheDir - root cache folder (made absolute)
 * @param version - Cassandra version, e.g. `5.0.9`
 */
export function nodeLayout(cacheDir: string, version: string): NodeLayout {
  const root = resolve(cacheDir);
  return nodeLayoutIn(root, root, join(root, 'data'), version);
}

/**
 * The paths of a node living in `dir` (conf, logs, pid and state files) with its data in
 * `dataDir`, running the jars assembled under `<root>/<version>` (shared by every node).
 */
export function nodeLayoutIn(
  root: string,
  dir: string,
  dataDir: string,
  version: string,
): NodeLayout {
  const versionDir = join(root, version);
  const confDir = join(dir, 'conf');
  const logsDir = join(dir, 'logs');
  return {
    cacheDir: dir,
    version,
    versionDir,
    libDir: join(versionDir, 'lib'),
    pomFile: join(versionDir, 'pom.xml'),
    assembledMarker: join(versionDir, '.assembled'),
    confDir,
    yamlFile: join(confDir, 'cassandra.yaml'),
    logbackFile: join(confDir, 'logback.xml'),
    dataDir,
    logsDir,
    logFile: join(logsDir, 'system.log'),
    stdoutFile: join(logsDir, 'stdout.log'),
    pidFile: join(dir, 'cassandra.pid'),
    stateFile: join(dir, 'node.json'),
    lockFile: join(dir, 'start.lock'),
  };
}
