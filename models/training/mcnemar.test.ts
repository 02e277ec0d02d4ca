import { chiSquare1Sf, erfc, logGamma, mcnemarExactP, mcnemarTest } from './mcnemar';

/** |got / want − 1|: the relative error, what matters for p-values spanning 300 decades. */
const relError = (got: number, want: number) => Math.abs(got / want - 1);

// Reference values: mpmath at 40 digits (binomial sums and erfc, exactly as specified).
const EXACT: [b: number, c: number, p: number][] = [
  [10, 2, 0.03857421875], // 2 · 79 / 4096
  [25, 10, 0.01667384780012071],
  [5, 0, 0.0625],
  [24, 0, 1.1920928955078125e-7], // 2 / 2^24
  [30, 20, 0.20263875106454066],
  [1000, 900, 0.02310884510890107],
  [25200, 24800, 0.07436051924948761],
  [25500, 24500, 7.902628543393206e-6],
  [26000, 24000, 3.8574699510318216e-19],
  [50500, 49500, 0.0015823598788515956],
  [51000, 49000, 2.588716038346898e-10],
  [50100, 49900, 0.5291572940801932],
];
const CHI_SQUARE_P: [b: number, c: number, p: number][] = [
  [25, 10, 0.017960477526078766],
  [10, 2, 0.04330814281079197],
  [24, 0, 2.667954593624794e-6],
  [12, 12, 0.8382564863858263],
  [25500, 24500, 7.907844938296996e-6],
  [26000, 24000, 3.8987613576101247e-19],
  [51000, 49000, 2.592157679681921e-10],
];

describe('mcnemarExactP', () => {
  it.each(EXACT)('b = %d, c = %d → %d', (b, c, p) => {
    expect(relError(mcnemarExactP(b, c), p)).toBeLessThan(1e-9);
    expect(mcnemarExactP(c, b)).toBe(mcnemarExactP(b, c));
  });

  it('is 1 without discordant pairs, when b = c, and when the tail is above 1/2', () => {
    expect(mcnemarExactP(0, 0)).toBe(1);
    expect(mcnemarExactP(1, 0)).toBe(1);
    expect(mcnemarExactP(12, 12)).toBe(1);
    expect(mcnemarExactP(13, 12)).toBe(1);
    expect(mcnemarExactP(50_000, 50_000)).toBe(1);
  });

  it('stays finite far out in the tail, down to underflow (never NaN)', () => {
    expect(relError(mcnemarExactP(0, 1000), 2 ** -999)).toBeLessThan(1e-9);
    // True value 1.27e-439: below the smallest double.
    expect(mcnemarExactP(30_000, 20_000)).toBe(0);
  });

  it('refuses counts that are not non-negative integers', () => {
    expect(() => mcnemarExactP(-1, 3)).toThrow(RangeError);
    expect(() => mcnemarExactP(2.5, 3)).toThrow('b must be a non-negative integer, got 2.5');
    expect(() => mcnemarExactP(1, NaN)).toThrow('c must be a non-negative integer, got NaN');
  });
});

describe('the chi-square with continuity correction', () => {
  it('is (|b − c| − 1)² / (b + c): 5.6 for b = 25, c = 10', () => {
    expect(mcnemarTest(25, 10).chiSquare).toBeCloseTo(5.6, 12);
    expect(mcnemarTest(0, 0).chiSquare).toBe(0);
  });

  it.each(CHI_SQUARE_P)('b = %d, c = %d → p %d', (b, c, p) => {
    expect(relError(mcnemarTest(b, c).chiSquareP, p)).toBeLessThan(1e-9);
  });

  it('erfc matches reference values from 0 to the smallest doubles', () => {
    for (const [z, want] of [
      [0.5, 0.4795001221869535],
      [1, 0.15729920705028513],
      [2, 0.004677734981047266],
      [3, 2.209049699858544e-5],
      [5, 1.537459794428035e-12],
      [10, 2.088487583762545e-45],
      [20, 5.395865611607901e-176],
      [26, 5.663192408856143e-296],
    ] as const) {
      expect(relError(erfc(z), want)).toBeLessThan(1e-12);
    }
    expect(erfc(0)).toBe(1);
    expect(erfc(-1)).toBeCloseTo(2 - 0.15729920705028513, 15);
    expect(chiSquare1Sf(0)).toBe(1);
  });
});

describe('mcnemarTest', () => {
  it('reports both tests and uses the exact p-value', () => {
    expect(mcnemarTest(10, 2)).toEqual({
      b: 10,
      c: 2,
      exactP: expect.closeTo(0.03857421875, 12) as number,
      chiSquare: 49 / 12,
      chiSquareP: expect.closeTo(0.04330814281079197, 12) as number,
      pValue: expect.closeTo(0.03857421875, 12) as number,
      method: 'exact binomial',
    });
  });

  it('says p = 1 when nothing is discordant', () => {
    expect(mcnemarTest(0, 0)).toEqual({
      b: 0,
      c: 0,
      exactP: 1,
      chiSquare: 0,
      chiSquareP: 1,
      pValue: 1,
      method: 'exact binomial',
    });
  });
});

describe('logGamma', () => {
  it('matches ln((x − 1)!) and ln Γ(1/2)', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    // ln(100000!) (mpmath): 1,051,299.2218991218…
    expect(relError(logGamma(100_001), 1051299.2218991218)).toBeLessThan(1e-15);
  });
});
