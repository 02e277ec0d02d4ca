import express from 'express';
import { StorageUnavailableError } from '../../../platform/errors';
import { listen, type Listening } from '../../../platform/http/listen';
import { createLogger } from '../../../platform/logger';
import { errorHandler } from './errors';

describe('REST errorHandler', () => {
  let server: Listening;
  const logged: unknown[] = [];
  beforeAll(async () => {
    const logger = createLogger('test', 'silent');
    logger.error = ((obj: unknown) => void logged.push(obj)) as typeof logger.error;
    const app = express();
    app.get('/storage', () => {
      throw new StorageUnavailableError('Cassandra failed to read: no hosts');
    });
    app.get('/bug', () => {
      throw new Error('SELECT secret FROM t');
    });
    app.use(errorHandler(logger, '5 MB'));
    server = await listen(app, 0);
  });
  afterAll(async () => server?.close());

  const get = async (path: string) => {
    const res = await fetch(`${server.url}${path}`);
    return { status: res.status, body: await res.json() };
  };

  it('answers a typed error with its code and the status HTTP_STATUS gives it', async () => {
    expect(await get('/storage')).toEqual({
      status: 503,
      body: {
        error: { code: 'STORAGE_UNAVAILABLE', message: 'Cassandra failed to read: no hosts' },
      },
    });
  });

  it('masks and logs anything else', async () => {
    expect(await get('/bug')).toEqual({
      status: 500,
      body: { error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } },
    });
    expect(logged).toEqual([
      { err: expect.objectContaining({ message: 'SELECT secret FROM t' }), path: '/bug' },
    ]);
  });
});
