import { createRng, deriveSeed, isValidSeed, shuffleInPlace } from './random';

describe('createRng (Mulberry32)', () => {
  it('gives the same stream for the same seed, another for another seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('matches the published Mulberry32 (Tommy Ettinger) reference', () => {
    // The widely copied reference, written out independently of the module's code.
    function reference(seed: number): () => number {
      let a = seed;
      return () => {
        let t = (a += 0x6d2b79f5);
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    }
    for (const seed of [0, 1, 42, 123456789]) {
      const ours = createRng(seed);
      const ref = reference(seed);
      expect(Array.from({ length: 20 }, () => ours.next())).toEqual(
        Array.from({ length: 20 }, () => ref()),
      );
    }
    // A pinned value, so a change of algorithm cannot go unnoticed.
    expect(Math.round(createRng(0).next() * 2 ** 32)).toBe(1144304738);
  });

  it('draws floats in [0, 1) and integers in [0, n)', () => {
    const r = createRng(7);
    const floats = Array.from({ length: 1000 }, () => r.next());
    expect(floats.every((x) => x >= 0 && x < 1)).toBe(true);
    const ints = Array.from({ length: 1000 }, () => r.int(3));
    expect([...new Set(ints)].sort()).toEqual([0, 1, 2]);
    expect(() => r.int(0)).toThrow(RangeError);
  });

  it('refuses seeds that are not unsigned 32-bit integers', () => {
    expect(isValidSeed(0)).toBe(true);
    expect(isValidSeed(4294967295)).toBe(true);
    expect(isValidSeed(4294967296)).toBe(false);
    expect(isValidSeed(-1)).toBe(false);
    expect(isValidSeed(1.5)).toBe(false);
    expect(() => createRng(-1)).toThrow('seed must be an integer in [0, 2^32), got -1');
  });
});

describe('deriveSeed', () => {
  it('is stable, and differs by purpose and by seed', () => {
    expect(deriveSeed(42, 'split')).toBe(deriveSeed(42, 'split'));
    expect(deriveSeed(42, 'split')).not.toBe(deriveSeed(42, 'forest'));
    expect(deriveSeed(42, 'split')).not.toBe(deriveSeed(43, 'split'));
    expect(isValidSeed(deriveSeed(4294967295, 'x'))).toBe(true);
  });
});

describe('shuffleInPlace', () => {
  it('permutes in place, deterministically by seed', () => {
    const items = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const a = shuffleInPlace([...items], createRng(1));
    expect([...a].sort((x, y) => x - y)).toEqual(items);
    expect(a).not.toEqual(items);
    expect(shuffleInPlace([...items], createRng(1))).toEqual(a);
    const arr = [3, 1, 2];
    expect(shuffleInPlace(arr, createRng(5))).toBe(arr);
  });
});
