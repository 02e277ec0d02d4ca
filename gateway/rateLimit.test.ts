import type express from 'express';
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
    expect(l.take('a', 1)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(l.take('a', 25)).toEqual({ ok: false, retryAfterSeconds: 3 });
    // another principal is not affected
    expect(l.take('b', 30)).toEqual({ ok: true });
  });

  it('refills at its rate up to the burst, never beyond', () => {
    const l = limiter();
    expect(l.take('a', 30)).toEqual({ ok: true });
    clock.now += 500; // 5 units back
    expect(l.take('a', 6)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(l.take('a', 5)).toEqual({ ok: true });
    clock.now += 3_600_000;
    expect(l.take('a', 30)).toEqual({ ok: true });
    expect(l.take('a', 1)).toEqual({ ok: false, retryAfterSeconds: 1 });
  });

  it('charges a price above the burst as the burst; a price of 0 takes nothing', () => {
    const l = limiter();
    expect(l.take('a', 0)).toEqual({ ok: true });
    expect(l.take('a', 1_000)).toEqual({ ok: true });
    expect(l.take('a', 0)).toEqual({ ok: true });
    expect(l.take('a', 1)).toEqual({ ok: false, retryAfterSeconds: 1 });
  });

  it('is off at 0 per second', () => {
    const l = new RateLimiter({ perSecond: 0, burst: 1 });
    expect(l.enabled).toBe(false);
    for (let i = 0; i < 5; i++) expect(l.take('a', 100)).toEqual({ ok: true });
  });
});

describe('principalOf', () => {
  const req = (remoteAddress: string, xff?: string | string[]) =>
    ({
      socket: { remoteAddress },
      headers: xff === undefined ? {} : { 'x-forwarded-for': xff },
    }) as unknown as express.Request;

  it('is the client address; a forwarded chain counts only behind a trusted proxy', () => {
    expect(principalOf(req('127.0.0.1', '203.0.113.7'), false)).toBe('ip:127.0.0.1');
    expect(principalOf(req('10.0.0.2', '203.0.113.7, 10.0.0.1'), true)).toBe('ip:203.0.113.7');
    expect(principalOf(req('10.0.0.2', ['198.51.100.1', '10.0.0.1']), true)).toBe(
      'ip:198.51.100.1',
    );
    expect(principalOf(req('10.0.0.2', ' '), true)).toBe('ip:10.0.0.2');
  });
});
