/**
 * Probability calibration: Platt scaling of raw scores on held-out rows, and the measures that
 * say whether "70 % spam" means 70 % (reliability table, expected calibration error, Brier
 * score, log loss).
 *
 * @remarks
 * Platt scaling fits `p = σ(a·s + b)` to labels by maximum likelihood, with Platt's smoothed
 * targets (`(N₊ + 1) / (N₊ + 2)` for positives, `1 / (N₋ + 2)` for negatives) so that a
 * perfectly separated held-out set does not push `a` to infinity. The solver is the Newton
 * method with backtracking of Lin, Lin & Weng, "A note on Platt's probabilistic outputs for
 * support vector machines" (2007), which converges in a handful of steps. With `a > 0` the
 * map is strictly increasing, so calibration never reorders messages (accuracy at a
 * threshold may move, ranking does not).
 */
import { sigmoid } from './linear';

/** A fitted Platt map: `p = σ(a·score + b)`. */
export interface PlattScaling {
  a: number;
  b: number;
}

/** The identity map on probabilities of a logistic score (`a = 1, b = 0`). */
export const IDENTITY_PLATT: Readonly<PlattScaling> = Object.freeze({ a: 1, b: 0 });

function checkScores(scores: readonly number[], y: readonly number[]): void {
  if (scores.length === 0) throw new RangeError('no scores to calibrate on');
  if (scores.length !== y.length) {
    throw new RangeError(`${scores.length} scores but ${y.length} labels`);
  }
  scores.forEach((s, i) => {
    if (!Number.isFinite(s)) throw new RangeError(`score ${i} is ${s}`);
    if (y[i] !== 0 && y[i] !== 1) throw new RangeError(`label ${i} must be 0 or 1, got ${y[i]}`);
  });
}

/** Negative log-likelihood of `σ(a·s + b)` against the smoothed targets. */
function plattLoss(scores: readonly number[], t: Float64Array, a: number, b: number): number {
  let loss = 0;
  for (let i = 0; i < scores.length; i++) {
    const z = a * scores[i]! + b;
    // −[t log σ(z) + (1 − t) log(1 − σ(z))] = log(1 + e^z) − t·z, computed without overflow.
    loss += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - t[i]! * z;
  }
  return loss;
}

/**
 * Fits a Platt map to raw scores (e.g. a linear model's decision values) of held-out rows.
 *
 * @throws RangeError on empty or inconsistent input.
 */
export function fitPlatt(scores: readonly number[], y: readonly number[]): PlattScaling {
  checkScores(scores, y);
  const nPos = y.filter((v) => v === 1).length;
  const nNeg = y.length - nPos;
  const hi = (nPos + 1) / (nPos + 2);
  const lo = 1 / (nNeg + 2);
  const t = Float64Array.from(y, (v) => (v === 1 ? hi : lo));
  let a = 1;
  let b = Math.log((nPos + 1) / (nNeg + 1));
  let loss = plattLoss(scores, t, a, b);
  for (let it = 0; it < 100; it++) {
    // Gradient and Hessian of the loss in (a, b); a small ridge keeps the Hessian invertible.
    let ga = 0;
    let gb = 0;
    let haa = 1e-12;
    let hab = 0;
    let hbb = 1e-12;
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i]!;
      const p = sigmoid(a * s + b);
      const d = p - t[i]!;
      const w = p * (1 - p);
      ga += d * s;
      gb += d;
      haa += w * s * s;
      hab += w * s;
      hbb += w;
    }
    if (Math.abs(ga) < 1e-9 && Math.abs(gb) < 1e-9) break;
    const det = haa * hbb - hab * hab;
    const da = -(hbb * ga - hab * gb) / det;
    const db = -(haa * gb - hab * ga) / det;
    let step = 1;
    while (step > 1e-10) {
      const next = plattLoss(scores, t, a + step * da, b + step * db);
      if (next < loss + 1e-4 * step * (ga * da + gb * db)) {
        a += step * da;
        b += step * db;
        loss = next;
        break;
      }
      step /= 2;
    }
    if (step <= 1e-10) break;
  }
  return { a, b };
}

/** Calibrated probability of each raw score. */
export const applyPlatt = (platt: PlattScaling, scores: readonly number[]): number[] =>
  scores.map((s) => sigmoid(platt.a * s + platt.b));

/** One bin of a reliability table: predictions in [from, to) (the last bin includes 1). */
export interface ReliabilityBin {
  from: number;
  to: number;
  count: number;
  /** Mean predicted spam probability in the bin (null when empty). */
  meanPredicted: number | null;
  /** Share of spam among the bin's rows (null when empty). */
  observedSpam: number | null;
}

/** A reliability table and the summary numbers of calibration. */
export interface Reliability {
  bins: ReliabilityBin[];
  /** Σ (count / n) · |meanPredicted − observedSpam| over the bins. */
  expectedCalibrationError: number;
  /** Mean squared error of the probabilities. */
  brier: number;
  /** Mean negative log-likelihood (probabilities clipped to [1e-15, 1 − 1e-15]). */
  logLoss: number;
}

function checkProbabilities(p: readonly number[], y: readonly number[], nBins: number): void {
  if (p.length === 0) throw new RangeError('no predictions');
  if (p.length !== y.length) throw new RangeError(`${p.length} predictions but ${y.length} labels`);
  if (!(Number.isInteger(nBins) && nBins >= 1)) throw new RangeError('bins must be an integer ≥ 1');
  p.forEach((v, i) => {
    if (!(v >= 0 && v <= 1)) throw new RangeError(`prediction ${i} (${v}) is not in [0, 1]`);
    if (y[i] !== 0 && y[i] !== 1) throw new RangeError(`label ${i} must be 0 or 1, got ${y[i]}`);
  });
}

/**
 * The reliability table of probabilities `p` against labels `y` over `nBins` equal-width bins
 * (default 10), with ECE, Brier score and log loss.
 *
 * @throws RangeError on empty or inconsistent input.
 */
export function reliabilityTable(
  p: readonly number[],
  y: readonly number[],
  nBins = 10,
): Reliability {
  checkProbabilities(p, y, nBins);
  const count = new Array<number>(nBins).fill(0);
  const sumP = new Array<number>(nBins).fill(0);
  const sumY = new Array<number>(nBins).fill(0);
  let brier = 0;
  let logLoss = 0;
  p.forEach((v, i) => {
    const k = Math.min(nBins - 1, Math.floor(v * nBins));
    count[k]!++;
    sumP[k]! += v;
    sumY[k]! += y[i]!;
    brier += (v - y[i]!) ** 2;
    const q = Math.min(1 - 1e-15, Math.max(1e-15, y[i] === 1 ? v : 1 - v));
    logLoss -= Math.log(q);
  });
  const n = p.length;
  let ece = 0;
  const bins = count.map((c, k): ReliabilityBin => {
    const meanPredicted = c === 0 ? null : sumP[k]! / c;
    const observedSpam = c === 0 ? null : sumY[k]! / c;
    if (c > 0) ece += (c / n) * Math.abs(meanPredicted! - observedSpam!);
    return { from: k / nBins, to: (k + 1) / nBins, count: c, meanPredicted, observedSpam };
  });
  return { bins, expectedCalibrationError: ece, brier: brier / n, logLoss: logLoss / n };
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * The table with every figure rounded to 6 decimals, as training records keep it (summary
 * numbers first, then the bins).
 */
export function roundedReliability(r: Reliability): Reliability {
  const r6 = (x: number | null) => (x === null ? null : round6(x));
  return {
    expectedCalibrationError: round6(r.expectedCalibrationError),
    brier: round6(r.brier),
    logLoss: round6(r.logLoss),
    bins: r.bins.map((b) => ({
      from: round6(b.from),
      to: round6(b.to),
      count: b.count,
      meanPredicted: r6(b.meanPredicted),
      observedSpam: r6(b.observedSpam),
    })),
  };
}
