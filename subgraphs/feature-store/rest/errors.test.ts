import express from 'express';
import {
  FeatureServiceNotFoundError,
  FeatureViewNotFoundError,
  PushSourceNotFoundError,
} from '../../../feature-store';
import { ForbiddenError, StorageUnavailableError } from '../../../platform/errors';
import { listen, type Listening } from '../../../platform/http/listen';
import { createLogger } from '../../../platform/logger';
import { errorHandler, parseRestError } from './errors';

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
    app.get('/view', () => {
      throw new FeatureViewNotFoundError('v', ['a', 'b']);
    });
    app.get('/service', () => {
      throw new FeatureServiceNotFoundError('s', []);
    });
    app.get('/push-source', () => {
      throw new PushSourceNotFoundError('p', ['q']);
    });
    app.get('/forbidden', () => {
      throw new ForbiddenError('needs the admin role');
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
    return { status: res.status, body: (await res.json()) as unknown };
  };

  it('answers a typed error with its code and the status HTTP_STATUS gives it, as Feast does', async () => {
    const got = await get('/storage');
    expect(got.status).toBe(503);
    // Feast's `FeastError.to_error_detail()`: a JSON string holding module, class and message.
    expect(typeof got.body).toBe('string');
    expect(JSON.parse(got.body as string)).toEqual({
      module: 'feast.errors',
      class: 'FeastError',
      message: 'Cassandra failed to read: no hosts',
      code: 'STORAGE_UNAVAILABLE',
    });
  });

  it.each([
    ['/view', 404, 'FeatureViewNotFoundException', 'unknown feature view "v"; known: a, b'],
    [
      '/service',
      404,
      'FeatureServiceNotFoundException',
      'unknown feature service "s"; known: none',
    ],
    ['/push-source', 422, 'PushSourceNotFoundException', 'unknown push source "p"; known: q'],
    ['/forbidden', 403, 'FeastPermissionError', 'needs the admin role'],
  ])('%s: Feast status %d and class %s', async (path, status, cls, message) => {
    const got = await get(path);
    expect(got.status).toBe(status);
    expect(parseRestError(got.body)).toEqual({
      module: 'feast.errors',
      class: cls,
      message,
      code: status === 403 ? 'FORBIDDEN' : 'NOT_FOUND',
    });
  });

  it('masks and logs anything else', async () => {
    const got = await get('/bug');
    expect(got.status).toBe(500);
    expect(parseRestError(got.body)).toEqual({
      module: 'feast.errors',
      class: 'FeastError',
      message: 'Internal server error',
      code: 'INTERNAL_SERVER_ERROR',
    });
    expect(logged).toEqual([
      { err: expect.objectContaining({ message: 'SELECT secret FROM t' }), path: '/bug' },
    ]);
  });
});
