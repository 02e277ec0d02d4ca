import { forwardedFor } from './subgraphDataSource';

describe('forwardedFor', () => {
  it('sends only the peer address when the gateway trusts no proxy (clients cannot spoof)', () => {
    expect(forwardedFor('127.0.0.1', '203.0.113.7', false)).toBe('127.0.0.1');
    expect(forwardedFor('::1', undefined, false)).toBe('::1');
  });
  it('appends the peer to the incoming chain behind a trusted proxy', () => {
    expect(forwardedFor('10.0.0.2', '203.0.113.7, 10.0.0.1', true)).toBe(
      '203.0.113.7, 10.0.0.1, 10.0.0.2',
    );
    expect(forwardedFor('10.0.0.2', ['203.0.113.7', '10.0.0.1'], true)).toBe(
      '203.0.113.7, 10.0.0.1, 10.0.0.2',
    );
    expect(forwardedFor('10.0.0.2', '  ', true)).toBe('10.0.0.2');
    expect(forwardedFor(undefined, undefined, true)).toBe('unknown');
  });
});
