/**
 * OS-process side of a node: pid file, liveness, detached spawn, terminate, log tail.
 *
 * @remarks
 * The node is spawned detached with its output in a file and `unref()`ed, so it outlives the
 * CLI that started it; the pid file is the only link back to it.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';

import { isProcessAlive } from '../../platform/processes';
import { CASSANDRA_MAIN_CLASS } from './config';

export { isProcessAlive };

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Reads a pid file.
 *
 * @returns the pid, or undefined when the file is missing or does not hold a positive integer
 */
export async function readPidFile(pidFile: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(pidFile, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Writes `pid` as the only content of `pidFile` (plain, so `kill $(cat …)` works). */
export async function writePidFile(pidFile: string, pid: number): Promise<void> {
  await writeFile(pidFile, `${pid}\n`);
}

/**
 * True when `pid` is alive and runs Cassandra's daemon, so a pid recycled by the OS for some
 * other program is never mistaken for (or killed as) our node.
 */
export function isCassandraProcess(pid: number): boolean {
  if (!isProcessAlive(pid)) return false;
  const cmdlineFile = `/proc/${pid}/cmdline`;
  if (!existsSync('/proc/self/cmdline')) return true; // no /proc: cannot tell, trust the pid file
  try {
    return readFileSync(cmdlineFile, 'utf8').split('\0').includes(CASSANDRA_MAIN_CLASS);
  } catch {
    return false;
  }
}

/**
 * Starts `command` detached, appending its stdout/stderr to `outputFile`.
 *
 * @returns the child's pid
 */
export function spawnDetached(
  command: string,
  args: string[],
  outputFile: string,
  cwd: string,
): number {
  const fd = openSync(outputFile, 'a');
  try {
    const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', fd, fd] });
    if (child.pid === undefined) throw new Error(`could not spawn ${command}`);
    // Let this process exit while the node keeps running.
    child.unref();
    return child.pid;
  } finally {
    closeSync(fd); // the child holds its own copy
  }
}

/**
 * Stops a process: SIGTERM (Cassandra drains and flushes on it), then SIGKILL after
 * `timeoutMs`.
 *
 * @returns whether SIGKILL was needed
 */
export async function terminate(pid: number, timeoutMs: number): Promise<{ killed: boolean }> {
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return { killed: false };
    await sleep(100);
  }
  signal('SIGKILL');
  while (isProcessAlive(pid)) await sleep(50);
  return { killed: true };
}

/**
 * Last `n` non-empty lines of a text file (reads it whole: our logs roll at 20 MB).
 *
 * @returns the lines, or [] when the file does not exist
 */
export async function tailLines(file: string, n: number): Promise<string[]> {
  try {
    const lines = (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim() !== '');
    return lines.slice(-n);
  } catch {
    return [];
  }
}

/** Removes files, ignoring those already gone. */
export async function removeFiles(...files: string[]): Promise<void> {
  await Promise.all(files.map((f) => rm(f, { force: true })));
}
