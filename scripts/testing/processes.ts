/**
 * Helpers of the end-to-end tests that run real service processes: the children of a pid,
 * whether a port answers, polling with a bound (never a fixed sleep).
 */
import fs from 'node:fs';
import net from 'node:net';
import { isProcessAlive } from '../../platform/processes';

/** Pids whose parent is `pid` (Linux /proc). */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid && isProcessAlive(Number(name))) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** The command line of `pid` ('' once it is gone). */
export function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/**
 * Polls `check` every `everyMs` until it returns true; the ms it took. A check that throws
 * counts as "not yet" (a node still starting refuses connections); after `timeoutMs` it throws
 * naming `what` and the last such error.
 */
export async function waitUntil(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<number> {
  const t0 = Date.now();
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return Date.now() - t0;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() - t0 > timeoutMs) {
      const cause = lastError ? ` (last error: ${(lastError as Error).message})` : '';
      throw new Error(`${what}: not within ${timeoutMs} ms${cause}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** GET `url`: 200 within 1 s. */
export const answers = (url: string): Promise<boolean> =>
  fetch(url, { signal: AbortSignal.timeout(1000) }).then(
    (r) => r.ok,
    () => false,
  );
