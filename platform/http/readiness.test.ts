/** `/ready`'s report: one entry per check, 503 when one fails, bounded by the check timeout. */
import { CHECK_TIMEOUT_MS, dependencyChecks, runReadinessChecks } from './readiness';
import { freePort, listen } from './listen';

describe('runReadinessChecks', () => {
  it('reports each check, and unavailable when one fails', async () => {
    expect(
      await runReadinessChecks('inbox', {
        storage: async () => undefined,
        registry: () => Promise.reject(new Error('project spam has no registry yet')),
      }),
    ).toEqual({
      status: 'unavailable',
      service: 'inbox',
      checks: {
        storage: { status: 'ok' },
        registry: { status: 'failed', error: 'project spam has no registry yet' },
      },
    });
    expect(await runReadinessChecks('model', { storage: async () => undefined })).toEqual({
      status: 'ready',
      service: 'model',
      checks: { storage: { status: 'ok' } },
    });
  });

  it('fails a check that does not answer in time', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
    try {
      const report = runReadinessChecks('gateway', { stuck: () => new Promise(() => undefined) });
      await jest.advanceTimersByTimeAsync(CHECK_TIMEOUT_MS);
      expect(await report).toEqual({
        status: 'unavailable',
        service: 'gateway',
        checks: { stuck: { status: 'failed', error: `no answer within ${CHECK_TIMEOUT_MS} ms` } },
      });
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('dependencyChecks', () => {
  it('asks each dependency’s /health', async () => {
    const up = await listen((req, res) => {
      res.statusCode = req.url === '/health' ? 200 : 404;
      res.end();
    }, 0);
    const sick = await listen((_req, res) => {
      res.statusCode = 503;
      res.end();
    }, 0);
    const downPort = await freePort();
    try {
      const report = await runReadinessChecks(
        'gateway',
        dependencyChecks({
          up: `${up.url}/graphql`,
          sick: `${sick.url}/graphql`,
          down: `http://127.0.0.1:${downPort}/graphql`,
        }),
      );
      expect(report).toEqual({
        status: 'unavailable',
        service: 'gateway',
        checks: {
          up: { status: 'ok' },
          sick: { status: 'failed', error: `unhealthy at ${sick.url}/health (HTTP 503)` },
          down: {
            status: 'failed',
            error: `unreachable at http://127.0.0.1:${downPort}/health (ECONNREFUSED)`,
          },
        },
      });
    } finally {
      await up.close();
      await sick.close();
    }
  });
});
