import type { ModelMetadata } from '../../models';
import {
  recordReliability,
  reliabilityDistance,
  reliabilityOf,
  roundReliability,
} from './reliability';

describe('reliabilityOf', () => {
  it('bins probabilities into equal-width bins (the last one includes 1) with ECE, Brier and log loss', () => {
    const p = [0.05, 0.05, 0.15, 0.95, 1, 0.5];
    const y = [0, 0, 1, 1, 1, 0];
    const r = reliabilityOf(p, y, 4);
    expect(r.bins).toEqual([
      { from: 0, to: 0.25, count: 3, meanPredicted: (0.05 + 0.05 + 0.15) / 3, observedSpam: 1 / 3 },
      { from: 0.25, to: 0.5, count: 0, meanPredicted: null, observedSpam: null },
      { from: 0.5, to: 0.75, count: 1, meanPredicted: 0.5, observedSpam: 0 },
      { from: 0.75, to: 1, count: 2, meanPredicted: 0.975, observedSpam: 1 },
    ]);
    const ece = (3 / 6) * Math.abs(0.25 / 3 - 1 / 3) + (1 / 6) * 0.5 + (2 / 6) * 0.025;
    expect(r.expectedCalibrationError).toBeCloseTo(ece, 12);
    const brier = (0.05 ** 2 * 2 + 0.85 ** 2 + 0.05 ** 2 + 0 + 0.5 ** 2) / 6;
    expect(r.brier).toBeCloseTo(brier, 12);
    const logLoss =
      -(
        2 * Math.log(0.95) +
        Math.log(0.15) +
        Math.log(0.95) +
        Math.log(1 - 1e-15) +
        Math.log(0.5)
      ) / 6;
    expect(r.logLoss).toBeCloseTo(logLoss, 12);
  });

  it('refuses empty, unequal or out-of-range input', () => {
    expect(() => reliabilityOf([], [])).toThrow(RangeError);
    expect(() => reliabilityOf([0.5], [1, 0])).toThrow(RangeError);
    expect(() => reliabilityOf([1.5], [1])).toThrow(/not in \[0, 1\]/);
    expect(() => reliabilityOf([0.5], [2])).toThrow(/0 or 1/);
  });
});

describe('roundReliability and reliabilityDistance', () => {
  const r = reliabilityOf([0.1234567891, 0.9], [0, 1], 2);

  it('rounds every figure to 6 decimals, as training records do', () => {
    expect(roundReliability(r).bins[0]).toEqual({
      from: 0,
      to: 0.5,
      count: 1,
      meanPredicted: 0.123457,
      observedSpam: 0,
    });
    expect(reliabilityDistance(r, roundReliability(r))).toBeLessThan(1e-6);
  });

  it('is infinite when the bins do not line up', () => {
    const other = reliabilityOf([0.6, 0.9], [0, 1], 2);
    expect(reliabilityDistance(r, other)).toBe(Infinity);
    expect(reliabilityDistance(r, reliabilityOf([0.1, 0.9], [0, 1], 4))).toBe(Infinity);
  });
});

describe('recordReliability', () => {
  const record = (extra: Record<string, unknown>) => ({ version: 'V4', extra }) as ModelMetadata;

  it('is the record’s block, or null without one', () => {
    const block = roundReliability(reliabilityOf([0.2, 0.8], [0, 1], 2));
    expect(recordReliability(record({ reliability: block }))).toEqual(block);
    expect(recordReliability(record({}))).toBeNull();
  });

  it('refuses a malformed block', () => {
    expect(() => recordReliability(record({ reliability: { bins: [] } }))).toThrow(/malformed/);
  });
});
