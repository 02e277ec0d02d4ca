/**
 * Keeps a set of service processes running (what `npm start` does): a service that dies is
 * started again after a backoff — 0.5 s, doubling up to 30 s, back to 0.5 s once it has stayed
 * up for a minute — while the others keep serving; `stop()` ends them all, in order.
 */
import type { Logger } from './logger';
import { spawnService, stopServices, waitHealthy, type ServiceProcess } from './processes';

/** What to run: the arguments of {@link spawnService}. */
export interface ServiceSpec {
  name: string;
  entry: string;
  healthUrl: string;
  env: NodeJS.ProcessEnv;
}

/** Options of {@link Supervisor}. */
export interface SupervisorOptions {
  logger: Logger;
  /** First restart delay (default 500 ms); it doubles on each failure in a row. */
  firstDelayMs?: number;
  /** Longest restart delay (default 30 s). */
  maxDelayMs?: number;
  /** Up this long, a service's next failure starts again from the first delay (default 60 s). */
  stableMs?: number;
  /** How long a starting service may take to answer `/health` (default 60 s). */
  startTimeoutMs?: number;
  /** After SIGTERM, how long a service may take to exit before SIGKILL (default 25 s). */
  killAfterMs?: number;
}

interface Supervised {
  spec: ServiceSpec;
  current: ServiceProcess;
  /** Failures in a row (reset once the service stays up for `stableMs`). */
  failures: number;
  healthyAt: number;
  restartTimer?: NodeJS.Timeout;
}

/** The services of one `npm start`, kept running. */
export class Supervisor {
  private readonly services = new Map<string, Supervised>();
  private stopping = false;
  private readonly firstDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly stableMs: number;
  private readonly startTimeoutMs: number;
  private readonly killAfterMs: number;

  constructor(private readonly opts: SupervisorOptions) {
    this.firstDelayMs = opts.firstDelayMs ?? 500;
    this.maxDelayMs = opts.maxDelayMs ?? 30_000;
    this.stableMs = opts.stableMs ?? 60_000;
    this.startTimeoutMs = opts.startTimeoutMs ?? 60_000;
    this.killAfterMs = opts.killAfterMs ?? 25_000;
  }

  /** The delay before restart number `failures` (1-based). */
  delayFor(failures: number): number {
    return Math.min(this.firstDelayMs * 2 ** (failures - 1), this.maxDelayMs);
  }

  /**
   * Starts a service and waits until it answers `/health`; from then on it is restarted when
   * it dies.
   *
   * @throws Error when it exits or stays unhealthy during this first start (not restarted).
   */
  async start(spec: ServiceSpec): Promise<void> {
    if (this.stopping) throw new Error(`not starting ${spec.name}: stopping`);
    const s: Supervised = { spec, current: this.spawn(spec), failures: 0, healthyAt: 0 };
    this.services.set(spec.name, s);
    await waitHealthy(s.current, this.startTimeoutMs);
    s.healthyAt = Date.now();
    this.watch(s);
  }

  /** Pids of the running services, by name. */
  pids(): Record<string, number | undefined> {
    return Object.fromEntries([...this.services].map(([n, s]) => [n, s.current.child.pid]));
  }

  /**
   * Stops restarting and ends every service: the `first` ones (e.g. the gateway, so clients
   * stop coming), then the rest; SIGTERM, then SIGKILL after `killAfterMs`.
   */
  async stop(first: readonly string[] = []): Promise<void> {
    this.stopping = true;
    for (const s of this.services.values()) clearTimeout(s.restartTimer);
    const all = [...this.services.values()].map((s) => s.current);
    await stopServices(
      all.filter((p) => first.includes(p.name)),
      this.killAfterMs,
    );
    await stopServices(
      all.filter((p) => !first.includes(p.name)),
      this.killAfterMs,
    );
  }

  private spawn(spec: ServiceSpec): ServiceProcess {
    return spawnService(spec.name, spec.entry, spec.healthUrl, spec.env);
  }

  /** Restarts the service when its process dies. */
  private watch(s: Supervised): void {
    const child = s.current.child;
    child.once('exit', (code, signal) => {
      if (this.stopping || s.current.child !== child) return;
      const { logger } = this.opts;
      if (code === 0) {
        // Only a shutdown exits 0: someone stopped it on purpose.
        logger.warn({ child: s.spec.name }, `${s.spec.name} stopped (exit 0); not restarted`);
        return;
      }
      if (s.healthyAt > 0 && Date.now() - s.healthyAt >= this.stableMs) s.failures = 0;
      s.failures++;
      s.healthyAt = 0;
      const delayMs = this.delayFor(s.failures);
      logger.error(
        { child: s.spec.name, code, signal, delayMs },
        `${s.spec.name} exited (${signal ?? `code ${code}`}); restarting in ${delayMs} ms`,
      );
      s.restartTimer = setTimeout(() => void this.restart(s), delayMs);
    });
  }

  private async restart(s: Supervised): Promise<void> {
    if (this.stopping) return;
    s.current = this.spawn(s.spec);
    this.watch(s);
    try {
      await waitHealthy(s.current, this.startTimeoutMs);
      s.healthyAt = Date.now();
      this.opts.logger.info({ child: s.spec.name }, `${s.spec.name} restarted`);
    } catch (e) {
      // Its exit (if it died) schedules the next try; one that hangs unhealthy is killed.
      this.opts.logger.error({ err: e, child: s.spec.name }, (e as Error).message);
      if (s.current.child.exitCode === null && !this.stopping) s.current.child.kill('SIGKILL');
    }
  }
}
