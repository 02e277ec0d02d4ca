import type { IncomingMessage } from 'node:http';
import { callerAddress } from './callerAddress';

const req = (remoteAddress: string | undefined, xff?: string | string[]) =>
  ({
    socket: { remoteAddress },
    headers: xff === undefined ? {} : { 'x-forwarded-for': xff },
  }) as unknown as IncomingMessage;

describe('callerAddress', () => {
  it('is the socket peer unless TRUST_PROXY is set', () => {
    expect(callerAddress(req('::ffff:192.0.2.4', '203.0.113.7'), false)).toBe('192.0.2.4');
    expect(callerAddress(req('::1'), false)).toBe('::1');
    expect(callerAddress(req(undefined), false)).toBe('unknown');
  });
  it('behind a trusted proxy, is the first X-Forwarded-For hop', () => {
    expect(callerAddress(req('127.0.0.1', ' 203.0.113.7 , 10.0.0.1'), true)).toBe('203.0.113.7');
    expect(callerAddress(req('127.0.0.1', ['198.51.100.9', '10.0.0.1']), true)).toBe(
      '198.51.100.9',
    );
    expect(callerAddress(req('127.0.0.1', ''), true)).toBe('127.0.0.1');
    expect(callerAddress(req('127.0.0.1'), true)).toBe('127.0.0.1');
  });
});
