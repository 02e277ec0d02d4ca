import { ANONYMOUS } from '../platform/auth/principal';
import { principalOf, RateLimiter } from './rateLimit';

describe('RateLimiter', () => {
  const clock = { now: 0 };
  const limiter = () => new RateLimiter({ perSecond: 10, burst: 30, now: () => clock.now });
  beforeEach(() => {
    clock.now = 1_000_000;
  });

  it('gives each principal a full bucket, takes units, and refuses with the wait', () => {
    const l = limiter();
    expect(l.take('a', 25)).toEqual({ ok: true });
    expect(l.take('a', 5)).toEqual({ ok: true });
    expect(l.take('b', 5)).toEqual({ ok: true });
    expect(l.take('b', 25)).toEqual({ ok: true });
    expect(l.take('b', 25)).toMatchObject({ ok: false, retryAfterSeconds: 3 });
    expect(l.take('a', 1)).toMatchObject({ ok: false, retryAfterSeconds: 1 });
    // another principal is not affected
    l.take('c', 0);
    expect(l.take('c', 30)).toEqual({ ok: true });
  });

  it('refuses a refused principal at once until the bucket holds what it asked for', () => {
    const l = limiter();
    expect(l.take('a', 30)).toEqual({ ok: true });
    clock.now += 500; // 5 units back
    expect(l.take('a', 25)).toMatchObject({ ok: false, retryAfterSeconds: 2 });
    // told to wait 2 s: even 1 unit is refused until then, and takes nothing
    expect(l.take('a', 1)).toMatchObject({ ok: false, retryAfterSeconds: 2 });
    clock.now += 1_000;
    expect(l.take('a', 1)).toMatchObject({ ok: false, retryAfterSeconds: 1 });
    clock.now += 1_000; // 25 units now
    expect(l.take('a', 25)).toEqual({ ok: true });
  });

  it('refills at its rate up to the burst, never beyond', () => {
    const l = limiter();
    expect(l.take('a', 30)).toEqual({ ok: true });
    clock.now += 500; // 5 units back
    expect(l.take('a', 6)).toMatchObject({ ok: false, retryAfterSeconds: 1 });
    clock.now += 100; // the 6th unit
    expect(l.take('a', 6)).toEqual({ ok: true });
    clock.now += 3_600_000;
    expect(l.take('a', 30)).toEqual({ ok: true });
    expect(l.take('a', 1)).toMatchObject({ ok: false, retryAfterSeconds: 1 });
  });

  it('charges a price above the burst as the burst; a price of 0 takes nothing', () => {
    const l = limiter();
    expect(l.take('a', 0)).toEqual({ ok: true });
    expect(l.take('a', 1_000)).toEqual({ ok: true });
    expect(l.take('a', 0)).toEqual({ ok: true });
    expect(l.take('a', 1)).toMatchObject({ ok: false, retryAfterSeconds: 1 });
  });

  it('is off at 0 per second', () => {
    const l = new RateLimiter({ perSecond: 0, burst: 1 });
    expect(l.enabled).toBe(false);
    for (let i = 0; i < 5; i++) expect(l.take('a', 100)).toEqual({ ok: true });
  });
});

describe('principalOf', () => {
  const anonymous = { principal: ANONYMOUS, clientAddress: '203.0.113.7' };
  const user = {
    principal: { kind: 'user', id: 'u1', name: 'alice', role: 'user', sessionId: 's' } as const,
    clientAddress: '203.0.113.7',
  };
  const key = {
    principal: { kind: 'apiKey', id: 'k1', name: 'carrier', role: 'ingest' } as const,
    clientAddress: '198.51.100.1',
  };

  it('charges a signed-in caller to the account or key, wherever it calls from', () => {
    expect(principalOf(user)).toBe('user:u1');
    expect(principalOf({ ...user, clientAddress: '192.0.2.9' })).toBe('user:u1');
    expect(principalOf(key)).toBe('key:k1');
  });
  it('charges an anonymous caller to its address, apart from signed-in callers there', () => {
    expect(principalOf(anonymous)).toBe('ip:203.0.113.7');
    expect(principalOf(anonymous)).not.toBe(principalOf(user));
  });
});
