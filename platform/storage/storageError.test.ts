/**
 * Which driver failures become STORAGE_UNAVAILABLE: everything the cluster can cause —
 * including a socket closed under a request when a node is killed (seen on the 3-node
 * cluster as INTERNAL_SERVER_ERROR before) — but not a bad argument, which is a bug.
 */
import { errors as driverErrors } from 'cassandra-driver';
import { StorageUnavailableError } from '../errors';
import { toStorageError } from './cassandra';

describe('toStorageError', () => {
  const socketClosed = Object.assign(
    new (driverErrors.DriverError as unknown as new (m: string) => Error)('Socket was closed'),
    {
      isSocketError: true,
    },
  );
  it.each([
    ['a socket closed under the request', socketClosed],
    ['no host available', new driverErrors.NoHostAvailableError({})],
    [
      'a client-side timeout',
      new driverErrors.OperationTimedOutError('timed out', '127.0.0.3:9042'),
    ],
    ['a server error', new driverErrors.ResponseError(0x1100, 'write timeout')],
    ['a busy connection', new driverErrors.BusyConnectionError('127.0.0.1:9042', 2048, 2)],
  ])('%s → STORAGE_UNAVAILABLE naming what failed', (_, e) => {
    const got = toStorageError(e, 'store an sms');
    expect(got).toBeInstanceOf(StorageUnavailableError);
    expect((got as Error).message).toMatch(/^Cassandra failed to store an sms: /);
  });

  it('leaves bad arguments and other errors alone', () => {
    const bad = new driverErrors.ArgumentError('wrong type');
    expect(toStorageError(bad, 'x')).toBe(bad);
    const other = new TypeError('bug');
    expect(toStorageError(other, 'x')).toBe(other);
  });
});
