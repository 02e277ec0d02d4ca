/**
 * Public options of a managed node, their defaults, and the small JSON state file that
 * remembers what the running node was started with.
 */
import { readFile, writeFile } from 'node:fs/promises';

import { validateSettings, type NodeSettings } from './config';
import {
  DEFAULT_CASSANDRA_VERSION,
  DEFAULT_CQL_PORT,
  DEFAULT_HEAP,
  DEFAULT_HOST,
  DEFAULT_START_TIMEOUT_MS,
  DEFAULT_STORAGE_PORT,
  defaultCacheDir,
  nodeLayout,
  type NodeLayout,
} from './paths';
import { createProgress, type Progress } from '../../platform/progress';

/** Options of {@link startCassandraNode} and friends; every field has a default. */
export interface CassandraNodeOptions {
  /** Default: `<repo root>/.cache/cassandra` (gitignored). */
  cacheDir?: string;
  /** Default: the newest 5.0.x verified on Maven Central ({@link DEFAULT_CASSANDRA_VERSION}). */
  version?: string;
  /** Default 9042. */
  cqlPort?: number;
  /** Internode port; default 7000. Change it with cqlPort to run a second node elsewhere. */
  storagePort?: number;
  /** JVM heap (-Xms and -Xmx); default `1g`. */
  heap?: string;
  /** Listen/RPC address; default 127.0.0.1. */
  host?: string;
  /** Human progress lines; default: stderr (a progress bar when it is a TTY). */
  onProgress?: (line: string) => void;
  /** How long start waits for CQL to answer; default 180000. */
  startTimeoutMs?: number;
  /** How long stop waits after SIGTERM before SIGKILL; default 60000. */
  stopTimeoutMs?: number;
}

/** What {@link cassandraNodeStatus} reports. */
export interface CassandraNodeStatus {
  running: boolean;
  pid?: number;
  /** The address it listens on (CQL and internode). */
  host: string;
  cqlPort: number;
  version: string;
  cacheDir: string;
  /** Cassandra's own log (`<cacheDir>/logs/system.log`). */
  logFile: string;
  /** True only when `SELECT release_version FROM system.local` answered. */
  cqlReady: boolean;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  layout: NodeLayout;
  settings: NodeSettings;
  startTimeoutMs: number;
  stopTimeoutMs: number;
  progress: Progress;
}

/**
 * Fills defaults and validates.
 *
 * @throws ConfigError for an unusable heap, port or host
 */
export function resolveOptions(opts: CassandraNodeOptions = {}): ResolvedOptions {
  const settings: NodeSettings = {
    host: opts.host ?? DEFAULT_HOST,
    cqlPort: opts.cqlPort ?? DEFAULT_CQL_PORT,
    storagePort: opts.storagePort ?? DEFAULT_STORAGE_PORT,
    heap: opts.heap ?? DEFAULT_HEAP,
  };
  validateSettings(settings);
  return {
    layout: nodeLayout(
      opts.cacheDir ?? defaultCacheDir(),
      opts.version ?? DEFAULT_CASSANDRA_VERSION,
    ),
    settings,
    startTimeoutMs: opts.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
    stopTimeoutMs: opts.stopTimeoutMs ?? 60_000,
    progress: createProgress('cassandra', opts.onProgress),
  };
}

/** What the running node was started with (status must report those, not today's options). */
export interface NodeState {
  pid: number;
  version: string;
  host: string;
  cqlPort: number;
  startedAt: string;
}

/** Writes the state file next to the pid file. */
export async function writeNodeState(file: string, state: NodeState): Promise<void> {
  await writeFile(file, `${JSON.stringify(state, null, 2)}\n`);
}

/** Reads the state file; undefined when missing or not for `pid`. */
export async function readNodeState(file: string, pid: number): Promise<NodeState | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<NodeState>;
    if (
      parsed.pid !== pid ||
      typeof parsed.version !== 'string' ||
      typeof parsed.cqlPort !== 'number'
    )
      return undefined;
    return {
      pid,
      version: parsed.version,
      host: typeof parsed.host === 'string' ? parsed.host : DEFAULT_HOST,
      cqlPort: parsed.cqlPort,
      startedAt: String(parsed.startedAt ?? ''),
    };
  } catch {
    return undefined;
  }
}
