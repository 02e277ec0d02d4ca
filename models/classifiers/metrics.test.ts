import { computeMetrics, confusionOf, formatMetrics, metricsFromConfusion } from './metrics';

describe('confusionOf (spam = 1 is the positive class)', () => {
  it('counts each cell', () => {
    // pairs (actual, predicted): (1,1) ×3, (0,1) ×1, (0,0) ×4, (1,0) ×2
    const actual = [1, 1, 1, 0, 0, 0, 0, 0, 1, 1];
    const predicted = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
    expect(confusionOf(actual, predicted)).toEqual({ tp: 3, fp: 1, tn: 4, fn: 2 });
  });

  it('refuses mismatched lengths and values other than 0 and 1', () => {
    expect(() => confusionOf([1], [1, 0])).toThrow('1 labels but 2 predictions');
    expect(() => confusionOf([2], [1])).toThrow('row 0: labels and predictions must be 0 or 1');
    expect(() => confusionOf([1, 0], [1, 0.5])).toThrow(/row 1/);
  });
});

describe('metricsFromConfusion', () => {
  it('computes accuracy, precision, recall and F1 exactly', () => {
    expect(metricsFromConfusion({ tp: 3, fp: 1, tn: 4, fn: 2 })).toEqual({
      n: 10,
      accuracy: 7 / 10,
      precision: 3 / 4,
      recall: 3 / 5,
      f1: 6 / 9, // 2PR/(P+R) = 2·0.75·0.6 / 1.35 = 2/3
      confusion: { tp: 3, fp: 1, tn: 4, fn: 2 },
    });
  });

  it('uses 0 where a ratio has no denominator (zero_division=0)', () => {
    // Never predicts spam: precision undefined → 0, F1 → 0.
    expect(metricsFromConfusion({ tp: 0, fp: 0, tn: 5, fn: 3 })).toMatchObject({
      accuracy: 5 / 8,
      precision: 0,
      recall: 0,
      f1: 0,
    });
    // No spam at all, none predicted: recall undefined → 0, accuracy perfect.
    expect(metricsFromConfusion({ tp: 0, fp: 0, tn: 4, fn: 0 })).toMatchObject({
      accuracy: 1,
      precision: 0,
      recall: 0,
      f1: 0,
    });
    // Everything called spam.
    expect(metricsFromConfusion({ tp: 2, fp: 6, tn: 0, fn: 0 })).toMatchObject({
      accuracy: 0.25,
      precision: 0.25,
      recall: 1,
      f1: 0.4,
    });
  });

  it('refuses an empty matrix', () => {
    expect(() => metricsFromConfusion({ tp: 0, fp: 0, tn: 0, fn: 0 })).toThrow(
      'no predictions to measure',
    );
  });

  it('computeMetrics chains both', () => {
    expect(computeMetrics([1, 0, 1, 0], [1, 0, 0, 0])).toEqual({
      n: 4,
      accuracy: 0.75,
      precision: 1,
      recall: 0.5,
      f1: 2 / 3,
      confusion: { tp: 1, fp: 0, tn: 2, fn: 1 },
    });
  });
});

describe('formatMetrics', () => {
  it('shows accuracy, precision, recall and F1 with four decimals on one line', () => {
    expect(formatMetrics(computeMetrics([1, 1, 1, 0], [1, 0, 0, 0]))).toBe(
      'accuracy 0.5000, precision 1.0000, recall 0.3333, F1 0.5000',
    );
  });
});
