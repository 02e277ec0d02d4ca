/**
 * Failed log-ins counted per account name and per client address in a sliding window; over the
 * limit, log-in is refused (RATE_LIMITED with a retry-after) before any password is checked, so
 * guessing costs the attacker time and costs us no Argon2 work. In memory, bounded (LRU): one
 * user-data process owns log-in; several would each count their own share.
 */
import { LRUCache } from 'lru-cache';
import { RateLimitedError } from '../errors';

/** Limits of {@link LoginThrottle}. */
export interface LoginThrottleOptions {
  /** Failures per account name in a window (default 5). */
  perAccount?: number;
  /** Failures per client address in a window (default 20). */
  perAddress?: number;
  /** The window (default 15 minutes). */
  windowMs?: number;
  now?: () => number;
}

/** Failure timestamps per key (bounded LRU), pruned to the window; `limit` in a window. */
export class FailureLog {
  private readonly times: LRUCache<string, number[]>;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {
    this.times = new LRUCache({ max: 100_000 });
  }

  /** Seconds until the oldest failure in the window leaves it, when the key is at its limit. */
  retryAfter(key: string, now: number): number | undefined {
    const live = (this.times.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (live.length < this.limit) return undefined;
    return Math.max(1, Math.ceil((live[0]! + this.windowMs - now) / 1000));
  }

  add(key: string, now: number): void {
    const live = (this.times.get(key) ?? []).filter((t) => t > now - this.windowMs);
    live.push(now);
    this.times.set(key, live.slice(-this.limit));
  }

  clear(key: string): void {
    this.times.delete(key);
  }
}

/** Counts failed log-ins and refuses attempts over the limits. */
export class LoginThrottle {
  private readonly accounts: FailureLog;
  private readonly addresses: FailureLog;
  private readonly now: () => number;

  constructor(opts: LoginThrottleOptions = {}) {
    const windowMs = opts.windowMs ?? 15 * 60_000;
    this.accounts = new FailureLog(opts.perAccount ?? 5, windowMs);
    this.addresses = new FailureLog(opts.perAddress ?? 20, windowMs);
    this.now = opts.now ?? Date.now;
  }

  /**
   * Refuses an attempt when the account or the address is over its limit.
   *
   * @throws RateLimitedError (the message names neither which limit nor whether the account exists).
   */
  check(name: string, address: string): void {
    const now = this.now();
    const wait = Math.max(
      this.accounts.retryAfter(name, now) ?? 0,
      this.addresses.retryAfter(address, now) ?? 0,
    );
    if (wait > 0) {
      throw new RateLimitedError(`too many failed log-ins: try again in ${wait} s`, wait);
    }
  }

  /** Records a failed attempt. */
  failed(name: string, address: string): void {
    const now = this.now();
    this.accounts.add(name, now);
    this.addresses.add(address, now);
  }

  /** A successful log-in clears the account's failures (not the address's). */
  succeeded(name: string): void {
    this.accounts.clear(name);
  }
}
