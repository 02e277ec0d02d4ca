/**
 * `GET /ready`: whether a service can do its work now — storage takes writes, the services it
 * depends on answer — as JSON with one entry per check, 503 when any fails (or while the
 * service drains for shutdown). `/health` stays the cheap "the process answers" probe.
 */
import type express from 'express';

/** One named readiness check: resolves when fine, rejects with the reason otherwise. */
export type ReadinessChecks = Record<string, () => Promise<void>>;

/** The body of `/ready`. */
export interface ReadinessReport {
  status: 'ready' | 'unavailable';
  service: string;
  checks: Record<string, { status: 'ok' } | { status: 'failed'; error: string }>;
}

/** A check that has not answered after this long has failed. */
export const CHECK_TIMEOUT_MS = 2000;

function withTimeout(check: () => Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    check(),
    new Promise<void>((_r, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Runs every check at once (each bounded by {@link CHECK_TIMEOUT_MS}). */
export async function runReadinessChecks(
  service: string,
  checks: ReadinessChecks,
): Promise<ReadinessReport> {
  const names = Object.keys(checks);
  const results = await Promise.allSettled(
    names.map((n) => withTimeout(checks[n] as () => Promise<void>, CHECK_TIMEOUT_MS)),
  );
  const report: ReadinessReport = { status: 'ready', service, checks: {} };
  results.forEach((r, i) => {
    const name = names[i] as string;
    if (r.status === 'fulfilled') report.checks[name] = { status: 'ok' };
    else {
      report.status = 'unavailable';
      report.checks[name] = { status: 'failed', error: (r.reason as Error).message };
    }
  });
  return report;
}

/**
 * `GET /ready` handler: 200 with every check `ok`, else 503. While `draining()` says so, a
 * `shutdown` check fails, so load balancers stop sending before the port closes.
 */
export function readyHandler(
  service: string,
  checks: ReadinessChecks,
  draining: () => boolean = () => false,
): express.RequestHandler {
  return (_req, res, next) => {
    const all: ReadinessChecks = draining()
      ? { ...checks, shutdown: () => Promise.reject(new Error('draining for shutdown')) }
      : checks;
    runReadinessChecks(service, all).then(
      (report) => res.status(report.status === 'ready' ? 200 : 503).json(report),
      next,
    );
  };
}

/**
 * A check per dependency service: its `/health` answers 200 within the check timeout.
 * `urls` maps a name to the service's GraphQL URL (`…/graphql`) or base URL.
 */
export function dependencyChecks(urls: Record<string, string>): ReadinessChecks {
  return Object.fromEntries(
    Object.entries(urls).map(([name, url]) => [
      name,
      async () => {
        const healthUrl = url.replace(/\/graphql\/?$/, '').replace(/\/$/, '') + '/health';
        let res: Response;
        try {
          res = await fetch(healthUrl, { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
        } catch (e) {
          const cause = (e as Error & { cause?: { code?: string } }).cause?.code;
          throw new Error(`unreachable at ${healthUrl}${cause ? ` (${cause})` : ''}`, { cause: e });
        }
        await res.body?.cancel();
        if (!res.ok) throw new Error(`unhealthy at ${healthUrl} (HTTP ${res.status})`);
      },
    ]),
  );
}
