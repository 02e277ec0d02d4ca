import { applyPlatt, fitPlatt, IDENTITY_PLATT, reliabilityTable } from './calibration';
import { sigmoid } from './linear';
import { createRng } from './random';

/** Scores drawn uniformly in [-4, 4] and labels drawn with P(spam) = σ(a·s + b). */
function plattData(a: number, b: number, n: number, seed: number) {
  const rng = createRng(seed);
  const scores: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = rng.next() * 8 - 4;
    scores.push(s);
    y.push(rng.next() < sigmoid(a * s + b) ? 1 : 0);
  }
  return { scores, y };
}

describe('fitPlatt', () => {
  it('recovers the map the labels were drawn from', () => {
    const { scores, y } = plattData(2, -1, 20_000, 7);
    const platt = fitPlatt(scores, y);
    expect(platt.a).toBeCloseTo(2, 1);
    expect(platt.b).toBeCloseTo(-1, 1);
  });

  it('shrinks over-confident scores (a < 1) and stretches timid ones (a > 1)', () => {
    const timid = plattData(3, 0, 5_000, 1);
    expect(
      fitPlatt(
        timid.scores.map((s) => s / 3),
        timid.y,
      ).a,
    ).toBeGreaterThan(5);
    const bold = plattData(0.5, 0, 5_000, 2);
    expect(
      fitPlatt(
        bold.scores.map((s) => s * 4),
        bold.y,
      ).a,
    ).toBeLessThan(0.3);
  });

  it('gives a monotone map: higher scores never get lower probabilities', () => {
    const { scores, y } = plattData(1.5, 0.3, 2_000, 3);
    const platt = fitPlatt(scores, y);
    expect(platt.a).toBeGreaterThan(0);
    const grid = Array.from({ length: 201 }, (_, i) => -10 + i / 10);
    const p = applyPlatt(platt, grid);
    for (let i = 1; i < p.length; i++) expect(p[i]!).toBeGreaterThanOrEqual(p[i - 1]!);
    expect(p[0]!).toBeLessThan(0.01);
    expect(p[200]!).toBeGreaterThan(0.99);
  });

  it('stays finite on perfectly separated scores (smoothed targets)', () => {
    const platt = fitPlatt([-3, -2, -1, 1, 2, 3], [0, 0, 0, 1, 1, 1]);
    expect(Number.isFinite(platt.a) && Number.isFinite(platt.b)).toBe(true);
    const [low, high] = applyPlatt(platt, [-3, 3]);
    expect(low).toBeGreaterThan(1 / 5 / 2); // not 0: targets are 1/5 and 4/5 here
    expect(high).toBeLessThan(1 - 1 / 5 / 2);
  });

  it('rejects empty or inconsistent input', () => {
    expect(() => fitPlatt([], [])).toThrow('no scores to calibrate on');
    expect(() => fitPlatt([1], [1, 0])).toThrow('1 scores but 2 labels');
    expect(() => fitPlatt([NaN], [1])).toThrow('score 0 is NaN');
    expect(() => fitPlatt([1], [2])).toThrow('label 0 must be 0 or 1, got 2');
  });
});

describe('applyPlatt', () => {
  it('is the logistic function under the identity map', () => {
    expect(applyPlatt(IDENTITY_PLATT, [0, 2])).toEqual([0.5, sigmoid(2)]);
    expect(applyPlatt({ a: 2, b: -1 }, [0.5])).toEqual([0.5]);
  });
});

describe('reliabilityTable', () => {
  it('bins by predicted probability, the last bin including 1', () => {
    const p = [0.05, 0.15, 0.12, 0.95, 1, 0.5];
    const y = [0, 0, 1, 1, 1, 0];
    const r = reliabilityTable(p, y, 10);
    expect(r.bins).toHaveLength(10);
    expect(r.bins[0]).toEqual({ from: 0, to: 0.1, count: 1, meanPredicted: 0.05, observedSpam: 0 });
    expect(r.bins[1]).toMatchObject({ count: 2, observedSpam: 0.5 });
    expect(r.bins[1]!.meanPredicted).toBeCloseTo(0.135, 12);
    expect(r.bins[2]).toEqual({
      from: 0.2,
      to: 0.3,
      count: 0,
      meanPredicted: null,
      observedSpam: null,
    });
    expect(r.bins[5]).toMatchObject({ count: 1, meanPredicted: 0.5, observedSpam: 0 });
    expect(r.bins[9]).toMatchObject({ count: 2, meanPredicted: 0.975, observedSpam: 1 });
    // ECE = (1·0.05 + 2·0.365 + 1·0.5 + 2·0.025) / 6
    expect(r.expectedCalibrationError).toBeCloseTo((0.05 + 0.73 + 0.5 + 0.05) / 6, 12);
    const brier = [0.05 ** 2, 0.15 ** 2, 0.88 ** 2, 0.05 ** 2, 0, 0.25];
    expect(r.brier).toBeCloseTo(brier.reduce((a, b) => a + b) / 6, 12);
  });

  it('is perfect for perfect predictions, and clips log loss at 1e-15', () => {
    const r = reliabilityTable([0, 1, 1], [0, 1, 1], 4);
    expect(r).toMatchObject({ expectedCalibrationError: 0, brier: 0 });
    expect(r.logLoss).toBeLessThan(1e-14);
    expect(reliabilityTable([0], [1]).logLoss).toBeCloseTo(-Math.log(1e-15), 6);
  });

  it('rejects probabilities outside [0, 1], bad labels and bad bin counts', () => {
    expect(() => reliabilityTable([], [])).toThrow('no predictions');
    expect(() => reliabilityTable([1.5], [1])).toThrow('prediction 0 (1.5) is not in [0, 1]');
    expect(() => reliabilityTable([0.5], [3])).toThrow('label 0 must be 0 or 1');
    expect(() => reliabilityTable([0.5], [1], 0)).toThrow('bins must be an integer ≥ 1');
    expect(() => reliabilityTable([0.5], [1, 0])).toThrow('1 predictions but 2 labels');
  });
});
