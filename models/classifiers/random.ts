/**
 * A small seeded pseudo-random generator, so splits and forests are reproducible from a seed.
 *
 * @remarks Mulberry32 (Tommy Ettinger): 32-bit state, period 2^32, good enough statistical
 * quality for sampling rows and features; not for cryptography.
 */

/** A deterministic stream of numbers. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
}

/** Largest accepted seed (seeds are unsigned 32-bit integers). */
export const MAX_SEED = 0xffff_ffff;

/** The default seed of split and model. */
export const DEFAULT_SEED = 42;

/** True when `seed` is an integer in [0, 2^32). */
export const isValidSeed = (seed: number): boolean =>
  Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED;

/**
 * A generator seeded with `seed`; the same seed always gives the same stream.
 *
 * @throws RangeError when `seed` is not an integer in [0, 2^32).
 */
export function createRng(seed: number): Rng {
  if (!isValidSeed(seed)) throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int(n) {
      if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer ≥ 1, got ${n}`);
      return Math.floor(next() * n);
    },
  };
}

/**
 * A seed for one purpose (`'split'`, `'forest'`…) derived from a user's seed, so two uses of
 * the same seed draw independent streams.
 */
export function deriveSeed(seed: number, purpose: string): number {
  // FNV-1a over the purpose, mixed with the seed.
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < purpose.length; i++) {
    h ^= purpose.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Shuffles `items` in place (Fisher–Yates) and returns it. */
export function shuffleInPlace<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
  return items;
}
