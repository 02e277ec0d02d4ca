import type { SparseVector } from '../features';
import {
  decisionValues,
  logisticProba,
  roundWeight,
  sigmoid,
  trainLinear,
  WEIGHT_DIGITS,
} from './linear';

const row = (indices: number[], values = indices.map(() => 1)): SparseVector => ({
  indices,
  values,
});

/** Spam rows hold feature 1 (and sometimes 3), ham rows feature 2: linearly separable. */
function separable(): { X: SparseVector[]; y: number[] } {
  const X: SparseVector[] = [];
  const y: number[] = [];
  for (let i = 0; i < 10; i++) {
    X.push(i % 2 === 0 ? row([1]) : row([1, 3], [0.8, 0.6]));
    y.push(1);
    X.push(row([2], [0.5 + i / 20]));
    y.push(0);
  }
  return { X, y };
}

describe('trainLinear (logistic loss)', () => {
  it('learns the log-odds exactly where the answer is known in closed form', () => {
    // Without feature 0: 1 spam of 4 (b = ln 1/3); with it: 3 of 4 (w + b = ln 3).
    const X = [...[0, 1, 2, 3].map(() => row([])), ...[0, 1, 2, 3].map(() => row([0]))];
    const y = [1, 0, 0, 0, 1, 1, 1, 0];
    const { model, report } = trainLinear(X, y, 1, { l2: 1e-10 });
    expect(model.bias).toBeCloseTo(Math.log(1 / 3), 4);
    expect(model.weights[0]).toBeCloseTo(2 * Math.log(3), 4);
    expect(report.reason).not.toBe('max-iterations');
  });

  it('weighs spam rows by spamWeight (an intercept-only model learns the weighted odds)', () => {
    const X = [row([]), row([]), row([]), row([])];
    expect(trainLinear(X, [1, 1, 1, 0], 1, { l2: 1 }).model.bias).toBeCloseTo(Math.log(3), 4);
    const weighted = trainLinear(X, [1, 1, 1, 0], 1, { l2: 1, spamWeight: 2 }).model;
    expect(weighted.bias).toBeCloseTo(Math.log(6), 4);
  });

  it('converges on a separable toy set and scores every row on its side', () => {
    const { X, y } = separable();
    const { model, report } = trainLinear(X, y, 5, { l2: 1e-3 });
    expect(report.reason).not.toBe('max-iterations');
    expect(report.activeColumns).toBe(3);
    const p = logisticProba(model, X);
    p.forEach((q, i) => expect(q > 0.9 || q < 0.1 ? (q > 0.5 ? 1 : 0) : -1).toBe(y[i]));
    expect(logisticProba(model, [row([1]), row([2])]).map((q) => q > 0.5)).toEqual([true, false]);
  });

  it('shrinks the weights as l2 grows', () => {
    const { X, y } = separable();
    const norm = (l2: number) =>
      Math.hypot(...trainLinear(X, y, 5, { l2 }).model.weights.filter((w) => w !== 0));
    expect(norm(1e-1)).toBeLessThan(norm(1e-2));
    expect(norm(1e-2)).toBeLessThan(norm(1e-3));
  });

  it('leaves unseen columns at exactly 0 and rounds weights to WEIGHT_DIGITS digits', () => {
    const { X, y } = separable();
    const { model, report } = trainLinear(X, y, 5, { l2: 1e-3 });
    expect(model.weights).toHaveLength(5);
    expect([model.weights[0], model.weights[4]]).toEqual([0, 0]);
    expect(report.nonZeroWeights).toBe(3);
    for (const w of [...model.weights, model.bias]) {
      expect(Number(w.toPrecision(WEIGHT_DIGITS))).toBe(w);
    }
  });

  it('is deterministic', () => {
    const { X, y } = separable();
    const a = trainLinear(X, y, 5, { l2: 1e-3 }).model;
    const b = trainLinear(X, y, 5, { l2: 1e-3 }).model;
    expect([...a.weights, a.bias]).toEqual([...b.weights, b.bias]);
  });

  it('rejects empty or inconsistent data and invalid options', () => {
    const { X, y } = separable();
    expect(() => trainLinear([], [], 5)).toThrow('cannot train on zero rows');
    expect(() => trainLinear(X, y.slice(1), 5)).toThrow('20 rows but 19 labels');
    expect(() =>
      trainLinear(
        X,
        y.map(() => 2),
        5,
      ),
    ).toThrow('label 0 must be 0 or 1, got 2');
    expect(() => trainLinear(X, y, 3)).toThrow('row 2: index 3 not in [0, 3)');
    expect(() => trainLinear([row([0], [NaN])], [1], 1)).toThrow('row 0: values must be finite');
    expect(() => trainLinear(X, y, 5, { l2: 0 })).toThrow('l2 must be a positive number');
    expect(() => trainLinear(X, y, 5, { spamWeight: -1 })).toThrow('spamWeight must be');
    expect(() => trainLinear(X, y, 5, { loss: 'hinge' as 'logistic' })).toThrow(
      'unknown loss hinge',
    );
  });
});

describe('trainLinear (squared hinge loss)', () => {
  it('finds the closed-form intercept: 3 spam, 1 ham → b = 1/2', () => {
    // Minimizes 3(1 − b)² + (1 + b)²: 8b = 4.
    const X = [row([]), row([]), row([]), row([])];
    const { model } = trainLinear(X, [1, 1, 1, 0], 1, { loss: 'squaredHinge', l2: 1 });
    expect(model.bias).toBeCloseTo(0.5, 5);
  });

  it('separates a separable toy set with margins close to 1', () => {
    const { X, y } = separable();
    const { model, report } = trainLinear(X, y, 5, { loss: 'squaredHinge', l2: 1e-6 });
    expect(report.reason).not.toBe('max-iterations');
    const margins = decisionValues(model, X).map((z, i) => (y[i] === 1 ? z : -z));
    for (const m of margins) expect(m).toBeGreaterThan(0.99);
    expect(Math.min(...margins)).toBeLessThan(1.05); // support vectors sit on the margin
  });

  it('differs from the logistic model on the same data', () => {
    const { X, y } = separable();
    const svm = trainLinear(X, y, 5, { loss: 'squaredHinge', l2: 1e-3 }).model;
    const lr = trainLinear(X, y, 5, { loss: 'logistic', l2: 1e-3 }).model;
    expect([...svm.weights]).not.toEqual([...lr.weights]);
  });
});

describe('decisionValues and logisticProba', () => {
  it('compute w·x + b and its sigmoid', () => {
    const model = { dimension: 3, weights: Float64Array.of(1, -2, 0.5), bias: 0.25 };
    expect(decisionValues(model, [row([0, 2], [2, 2]), row([]), row([1], [0.5])])).toEqual([
      3.25, 0.25, -0.75,
    ]);
    expect(logisticProba(model, [row([])])).toEqual([sigmoid(0.25)]);
  });
});

describe('sigmoid and roundWeight', () => {
  it('stay finite and exact at the extremes', () => {
    expect([sigmoid(0), sigmoid(-1000), sigmoid(1000)]).toEqual([0.5, 0, 1]);
    expect(sigmoid(2) + sigmoid(-2)).toBeCloseTo(1, 15);
    expect(roundWeight(0.123456789)).toBe(0.123457);
    expect(Object.is(roundWeight(-1e-30 * 0), 0)).toBe(true);
  });
});
