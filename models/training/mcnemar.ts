/**
 * McNemar's test: do two classifiers scored on the same messages differ in their error rates?
 * Only the discordant pairs count — `b` messages only the first model gets right, `c` only the
 * second — and under the null hypothesis each of those is a fair coin, so b ~ Bin(b + c, 1/2).
 *
 * @remarks Both the exact binomial test and the continuity-corrected chi-square are computed;
 * the exact one is "the" p-value at every size: computed in log space it stays finite and
 * accurate for b + c in the hundreds of thousands, so the approximation (meant for hand
 * calculation, and poor below b + c = 25) is never needed. The chi-square is reported beside
 * it because other tools (R's `mcnemar.test`, statsmodels' default) print that one.
 */

/** The outcome of {@link mcnemarTest}. */
export interface McNemarTest {
  /** Messages only the first model (A) gets right. */
  b: number;
  /** Messages only the second model (B) gets right. */
  c: number;
  /** Exact two-sided binomial p-value: `min(1, 2·P[X ≤ min(b, c)])`, X ~ Bin(b + c, 1/2). */
  exactP: number;
  /** `(|b − c| − 1)² / (b + c)` (0 when b + c = 0), as R and statsmodels compute it. */
  chiSquare: number;
  /** Upper tail of chi-square with 1 degree of freedom at {@link chiSquare}. */
  chiSquareP: number;
  /** The p-value conclusions use: always {@link exactP} (see the module remarks). */
  pValue: number;
  method: 'exact binomial';
}

const LN2 = Math.log(2);

// Lanczos approximation, g = 7, 9 terms: about 15 significant digits for x ≥ 0.5.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** ln Γ(x) for x ≥ 0.5. */
export function logGamma(x: number): number {
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const logChoose = (n: number, k: number): number =>
  logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);

/**
 * ln P[X ≤ k] for X ~ Bin(n, 1/2) and k ≤ n / 2.
 *
 * @remarks The largest term, P[X = k], comes from ln Γ; the smaller ones are summed relative
 * to it through the ratio P[X = i − 1] / P[X = i] = i / (n − i + 1), so nothing underflows
 * however far out in the tail k is, and the loop stops once a term no longer counts.
 */
function logLowerTail(n: number, k: number): number {
  let ratio = 1;
  let sum = 1;
  for (let i = k; i >= 1; i--) {
    ratio *= i / (n - i + 1);
    sum += ratio;
    if (ratio < sum * 1e-17) break;
  }
  return logChoose(n, k) - n * LN2 + Math.log(sum);
}

/**
 * The exact two-sided p-value of McNemar's test, `min(1, 2·P[X ≤ min(b, c)])` with
 * X ~ Bin(b + c, 1/2); 1 when there is no discordant pair.
 *
 * @throws RangeError when b or c is not a non-negative integer.
 */
export function mcnemarExactP(b: number, c: number): number {
  checkCount(b, 'b');
  checkCount(c, 'c');
  // |b − c| ≤ 1 (b + c = 0 included): by symmetry the tail is at least 1/2, so p is exactly 1.
  if (Math.abs(b - c) <= 1) return 1;
  return Math.min(1, Math.exp(LN2 + logLowerTail(b + c, Math.min(b, c))));
}

/**
 * The complementary error function, from the regularized upper incomplete gamma function:
 * erfc(z) = Q(1/2, z²) for z ≥ 0 (series below z² = 1.5, Lentz's continued fraction above),
 * about 15 significant digits, down to the smallest double (erfc(26) ≈ 5.7e-296).
 */
export function erfc(z: number): number {
  if (Number.isNaN(z)) return NaN;
  if (z < 0) return 2 - erfc(-z);
  const x = z * z;
  if (x === 0) return 1;
  // x^a e^(−x) / Γ(a) with a = 1/2, in log space.
  const front = 0.5 * Math.log(x) - x - 0.5 * Math.log(Math.PI);
  if (x < 1.5) {
    let term = 2; // 1/a
    let sum = term;
    for (let ap = 0.5; Math.abs(term) > Math.abs(sum) * 1e-17;) {
      ap += 1;
      term *= x / ap;
      sum += term;
    }
    return 1 - sum * Math.exp(front);
  }
  const tiny = 1e-300;
  let bn = x + 0.5; // x + 1 − a
  let cn = 1 / tiny;
  let dn = 1 / bn;
  let h = dn;
  for (let i = 1; i < 300; i++) {
    const an = -i * (i - 0.5);
    bn += 2;
    dn = an * dn + bn;
    if (Math.abs(dn) < tiny) dn = tiny;
    cn = bn + an / cn;
    if (Math.abs(cn) < tiny) cn = tiny;
    dn = 1 / dn;
    const delta = dn * cn;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(front) * h;
}

/** P[χ²₁ > x]: the upper tail of chi-square with one degree of freedom, erfc(√(x/2)). */
export const chiSquare1Sf = (x: number): number => (x <= 0 ? 1 : erfc(Math.sqrt(x / 2)));

/**
 * McNemar's test on the discordant counts: `b` (only A right) and `c` (only B right).
 *
 * @throws RangeError when b or c is not a non-negative integer.
 */
export function mcnemarTest(b: number, c: number): McNemarTest {
  const exactP = mcnemarExactP(b, c);
  const chiSquare = b + c === 0 ? 0 : (Math.abs(b - c) - 1) ** 2 / (b + c);
  return {
    b,
    c,
    exactP,
    chiSquare,
    chiSquareP: chiSquare1Sf(chiSquare),
    pValue: exactP,
    method: 'exact binomial',
  };
}

function checkCount(v: number, name: string): void {
  if (!Number.isSafeInteger(v) || v < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${v}`);
  }
}
