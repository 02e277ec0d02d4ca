/**
 * Per-principal rate limits: a token bucket of cost units per principal. Every request takes
 * one unit when it arrives (so a flood of cheap or broken requests is limited too) and the rest
 * of its price (gateway/costModel.ts) once the operation is known.
 */
import { LRUCache } from 'lru-cache';
import { principalKey } from '../platform/auth/authorize';
import type { Caller } from './authenticate';

/**
 * Who a request is charged to: the account or API key when it has credentials (so one user
 * cannot spread over many addresses, nor share an address's bucket with strangers), else the
 * client's address (authenticate.ts: the first `X-Forwarded-For` hop only behind a trusted
 * proxy).
 */
export function principalOf(caller: Caller): string {
  const p = caller.principal;
  return p.kind === 'anonymous' ? `ip:${caller.clientAddress}` : principalKey(p);
}

/** Settings of a {@link RateLimiter}. */
export interface RateLimiterOptions {
  /** Units a bucket regains per second; 0 turns the limiter off. */
  perSecond: number;
  /** Units a full bucket holds: the largest burst. */
  burst: number;
  /** Clock in ms (tests pass their own). */
  now?: () => number;
}

/** The answer of {@link RateLimiter.take}. */
export type TakeResult =
  | { ok: true }
  | {
      ok: false;
      retryAfterSeconds: number;
      /** exact, for holding an answer */ retryAfterMs: number;
    };

interface Bucket {
  units: number;
  at: number;
  /** A refused principal was told to come back then; until then it is refused at once. */
  blockedUntil?: number;
}

// Principals remembered at once: a forgotten one starts again with a full bucket, so the bound
// only matters under a flood of distinct addresses, where it keeps memory flat.
const MAX_PRINCIPALS = 100_000;

/** Token buckets by principal, refilled lazily on each take. */
export class RateLimiter {
  private readonly buckets = new LRUCache<string, Bucket>({ max: MAX_PRINCIPALS });
  private readonly now: () => number;

  constructor(private readonly opts: RateLimiterOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** False when the limiter is off (`perSecond` 0). */
  get enabled(): boolean {
    return this.opts.perSecond > 0;
  }

  /**
   * Takes `units` from the principal's bucket, or nothing when it holds fewer: then says how
   * long until it would hold enough, and refuses everything the principal sends before then.
   * (A client that retries at once is refused at the door, for one rate unit, instead of having
   * every retry parsed and priced again: under a flood, that work is what slows everyone else.)
   * A price above the burst is charged as the burst (the cost limit bounds prices; a bucket
   * can never hold more).
   */
  take(principal: string, units: number): TakeResult {
    if (!this.enabled) return { ok: true };
    const need = Math.min(units, this.opts.burst);
    const bucket = this.refill(principal);
    const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
    if (bucket.blockedUntil !== undefined && bucket.at < bucket.blockedUntil) {
      const ms = bucket.blockedUntil - bucket.at;
      return { ok: false, retryAfterSeconds: seconds(ms), retryAfterMs: ms };
    }
    if (bucket.units >= need) {
      bucket.units -= need;
      return { ok: true };
    }
    // until the bucket holds what was asked for
    const waitMs = ((need - bucket.units) / this.opts.perSecond) * 1000;
    bucket.blockedUntil = bucket.at + waitMs;
    return { ok: false, retryAfterSeconds: seconds(waitMs), retryAfterMs: waitMs };
  }

  private refill(principal: string): Bucket {
    const now = this.now();
    const bucket = this.buckets.get(principal);
    if (!bucket) {
      const fresh = { units: this.opts.burst, at: now };
      this.buckets.set(principal, fresh);
      return fresh;
    }
    const elapsed = Math.max(0, now - bucket.at) / 1000;
    bucket.units = Math.min(this.opts.burst, bucket.units + elapsed * this.opts.perSecond);
    bucket.at = now;
    return bucket;
  }
}
