import type { SparseVector } from '../features';
import { candidateGrid, DEFAULT_CANDIDATES, selectLinear, type Carve } from './linearSelection';
import { createRng } from './random';

/**
 * 120 noisy rows: feature 0 says spam, feature 1 says ham, 20 % of the labels flipped, and four
 * random features of 20 (columns 2–21) per row that only a weakly regularized model fits.
 */
function noisy(): { X: SparseVector[]; y: number[] } {
  const rng = createRng(5);
  const X: SparseVector[] = [];
  const y: number[] = [];
  for (let i = 0; i < 120; i++) {
    const spam = i % 2;
    const noise = new Set<number>();
    while (noise.size < 4) noise.add(2 + rng.int(20));
    X.push({
      indices: [spam === 1 ? 0 : 1, ...[...noise].sort((a, b) => a - b)],
      values: [0.5, 0.4, 0.4, 0.4, 0.4],
    });
    y.push(rng.next() < 0.2 ? 1 - spam : spam);
  }
  return { X, y };
}

const CARVES: Carve[] = [
  { fit: [...Array(90).keys()], validation: [...Array(30).keys()].map((i) => 90 + i) },
  { fit: [...Array(90).keys()].map((i) => 30 + i), validation: [...Array(30).keys()] },
];

describe('candidateGrid', () => {
  it('crosses the values, l2 varying fastest, then spamWeight, then loss', () => {
    expect(candidateGrid(['logistic', 'squaredHinge'], [1, 2], [1, 3])).toEqual([
      { loss: 'logistic', l2: 1, spamWeight: 1 },
      { loss: 'logistic', l2: 2, spamWeight: 1 },
      { loss: 'logistic', l2: 1, spamWeight: 3 },
      { loss: 'logistic', l2: 2, spamWeight: 3 },
      { loss: 'squaredHinge', l2: 1, spamWeight: 1 },
      { loss: 'squaredHinge', l2: 2, spamWeight: 1 },
      { loss: 'squaredHinge', l2: 1, spamWeight: 3 },
      { loss: 'squaredHinge', l2: 2, spamWeight: 3 },
    ]);
  });
});

describe('DEFAULT_CANDIDATES', () => {
  it('tries both losses at the l2 values each does best at', () => {
    expect(DEFAULT_CANDIDATES).toEqual([
      { loss: 'logistic', l2: 1e-5, spamWeight: 1 },
      { loss: 'logistic', l2: 1e-6, spamWeight: 1 },
      { loss: 'squaredHinge', l2: 1e-4, spamWeight: 1 },
      { loss: 'squaredHinge', l2: 1e-5, spamWeight: 1 },
    ]);
  });
});

describe('selectLinear', () => {
  it('scores every candidate on every carve and picks the lowest calibrated log loss', () => {
    const { X, y } = noisy();
    const seen: number[] = [];
    const grid = candidateGrid(['logistic'], [1e-6, 1e-2], [1]);
    const s = selectLinear(X, y, 22, CARVES, grid, (c) => seen.push(c.l2));
    expect(seen).toEqual([1e-6, 1e-2]);
    expect(s.scores.map((c) => c.l2)).toEqual([1e-6, 1e-2]);
    const [weak, strong] = s.scores;
    // The noise features cannot help on unseen rows; only regularization keeps them small.
    expect(strong!.logLoss).toBeLessThan(weak!.logLoss);
    expect(s.best).toEqual(strong);
    for (const c of s.scores) {
      expect(c.accuracy).toBeGreaterThan(0.6);
      expect(c.errors).toBe(Math.round(60 * (1 - c.accuracy)));
    }
  });

  it('trains each candidate with its own loss', () => {
    const { X, y } = noisy();
    const grid = candidateGrid(['logistic', 'squaredHinge'], [1e-2], [1]);
    const [lr, svm] = selectLinear(X, y, 22, CARVES, grid).scores;
    expect([lr!.loss, svm!.loss]).toEqual(['logistic', 'squaredHinge']);
    expect(svm!.logLoss).not.toBe(lr!.logLoss);
  });

  it("returns the best candidate's validation scores of every carve, with their labels", () => {
    const { X, y } = noisy();
    const s = selectLinear(X, y, 22, CARVES, candidateGrid(['logistic'], [1e-2], [1]));
    expect(s.heldOut.scores).toHaveLength(60);
    expect(s.heldOut.labels).toEqual(
      [...CARVES[0]!.validation, ...CARVES[1]!.validation].map((i) => y[i]),
    );
  });

  it('needs candidates and carves with rows on both sides', () => {
    const { X, y } = noisy();
    expect(() => selectLinear(X, y, 22, CARVES, [])).toThrow('no candidate to select from');
    expect(() => selectLinear(X, y, 22, [], candidateGrid(['logistic'], [1], [1]))).toThrow(
      'every carve needs fit and validation rows',
    );
    const empty = [{ fit: [0, 1], validation: [] }];
    expect(() => selectLinear(X, y, 22, empty, candidateGrid(['logistic'], [1], [1]))).toThrow(
      RangeError,
    );
  });
});
