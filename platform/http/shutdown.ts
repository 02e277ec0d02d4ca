/**
 * The one shutdown path of a service process: on SIGTERM, SIGINT, or the loss of the parent
 * that spawned it (`npm start`), run the service's steps in order — stop accepting and drain
 * requests, stop Apollo, flush buffered writes, close storage — then exit 0, or 1 when a step
 * failed or the hard deadline passed first.
 *
 * @remarks
 * Apollo Server's own signal handler is off (`stopOnTerminationSignals: false`): it re-raises
 * the signal once Apollo has stopped, which killed the process before the offline journal was
 * flushed and storage closed. A second signal during the shutdown is ignored (Ctrl-C reaches
 * every process of the terminal's group, and `npm start` sends SIGTERM as well); the deadline
 * bounds a step that hangs.
 */
import type { Logger } from '../logger';

/** One step of a shutdown; a failed step is logged and the next ones still run. */
export interface ShutdownStep {
  name: string;
  run(): Promise<void>;
}

/** Options of {@link onShutdown}. */
export interface ShutdownOptions {
  /** The service, for the log lines. */
  name: string;
  logger: Logger;
  /** The steps, in order. */
  steps: readonly ShutdownStep[];
  /** After this long the process exits with code 1, whatever is still running. */
  timeoutMs: number;
  /** Ends the process (tests replace it); default `process.exit`. */
  exit?: (code: number) => void;
}

/** A service's shutdown, started by a signal or by hand. */
export interface Shutdown {
  /** True once the shutdown has begun (readiness answers 503 from then on). */
  readonly started: boolean;
  /** Runs the steps (once; later calls wait for the same run) and exits. */
  run(reason: string): Promise<void>;
}

/** Runs `steps` in order; returns whether every one succeeded. */
async function runSteps(steps: readonly ShutdownStep[], logger: Logger): Promise<boolean> {
  let ok = true;
  for (const step of steps) {
    const t0 = Date.now();
    try {
      await step.run();
      logger.debug({ step: step.name, ms: Date.now() - t0 }, `shutdown: ${step.name} done`);
    } catch (e) {
      ok = false;
      logger.error({ err: e, step: step.name }, `shutdown: ${step.name} failed`);
    }
  }
  return ok;
}

/**
 * Installs the shutdown of this process: SIGTERM and SIGINT start it, and so does the
 * disconnection of the IPC channel of a parent that spawned it with one (`npm start` does:
 * when the parent dies, even by SIGKILL, its children stop instead of living on).
 */
export function onShutdown(opts: ShutdownOptions): Shutdown {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let running: Promise<void> | undefined;
  const shutdown: Shutdown = {
    get started() {
      return running !== undefined;
    },
    run(reason) {
      running ??= (async () => {
        opts.logger.info({ reason }, `${opts.name} stopping`);
        const deadline = setTimeout(() => {
          opts.logger.error(
            { timeoutMs: opts.timeoutMs },
            `${opts.name}: shutdown exceeded ${opts.timeoutMs} ms, exiting`,
          );
          exit(1);
        }, opts.timeoutMs);
        const ok = await runSteps(opts.steps, opts.logger);
        clearTimeout(deadline);
        opts.logger.info({ ok }, `${opts.name} stopped`);
        exit(ok ? 0 : 1);
      })();
      return running;
    },
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => void shutdown.run(signal));
  }
  if (process.send !== undefined) {
    process.once('disconnect', () => void shutdown.run('parent process gone'));
  }
  return shutdown;
}
