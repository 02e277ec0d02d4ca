/**
 * Running the services as child processes (what `npm start` and the benchmarks do): spawn
 * compiled entry points, wait on their /health (polling, never a fixed sleep), stop them all.
 *
 * @remarks
 * Children are spawned with an IPC channel they never use for messages: when the parent dies
 * — even by SIGKILL, which no handler sees — the channel closes and each child runs its own
 * shutdown (platform/http/shutdown.ts), so no service outlives the process that started it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** One started service. */
export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  healthUrl: string;
}

/**
 * Spawns `node <entry>` with `env`; output goes to this process's stdout/stderr. The child
 * stops when this process goes (see the module's remarks).
 */
export function spawnService(
  name: string,
  entry: string,
  healthUrl: string,
  env: NodeJS.ProcessEnv,
  stdio: 'inherit' | 'ignore' = 'inherit',
): ServiceProcess {
  const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', stdio, stdio, 'ipc'] });
  return { name, child, healthUrl };
}

/**
 * Polls `url` until it answers 200, the process exits, or `timeoutMs` passes.
 *
 * @throws Error naming the service when it died or never became healthy.
 */
export async function waitHealthy(svc: ServiceProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null = svc.child.exitCode ?? (svc.child.signalCode ? -1 : null);
  svc.child.once('exit', (code) => (exited = code ?? -1));
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`${svc.name} exited with code ${exited} during start`);
    try {
      const res = await fetch(svc.healthUrl, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${svc.name} did not become healthy at ${svc.healthUrl} within ${timeoutMs} ms`);
}

/** Sends SIGTERM to every service and waits (SIGKILL after `graceMs`). */
export async function stopServices(services: ServiceProcess[], graceMs = 5000): Promise<void> {
  await Promise.all(
    services.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
          const timer = setTimeout(() => s.child.kill('SIGKILL'), graceMs);
          s.child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          s.child.kill('SIGTERM');
        }),
    ),
  );
}

/**
 * Calls `onGone` once when this process's parent goes (it is re-parented: the parent pid
 * changes). `npm start` runs `sh -c "… && node start.js"`: a signal to npm kills the shell,
 * not us, and without this our children would keep serving. Polls every `everyMs`.
 *
 * @returns a function that stops watching.
 */
export function watchParent(onGone: () => void, everyMs = 500): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      onGone();
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * True when `pid` is a live process. A zombie (exited, not yet reaped by its parent) counts as
 * dead: `kill(pid, 0)` alone still succeeds for it.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 3, after the parenthesised command name (which may itself hold spaces).
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true; // no /proc (macOS): trust kill(0)
  }
}
