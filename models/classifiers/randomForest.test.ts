import {
  DEFAULT_FOREST_OPTIONS,
  featuresPerSplit,
  forestProba,
  forestProblems,
  trainForest,
  treeProba,
  type Forest,
  type TreeNode,
} from './randomForest';

const SINGLE_TREE = { nTrees: 1, bootstrap: false, maxFeatures: 'all' } as const;

/** Clear spam and clear ham v1-like vectors (cap_r, nal_r, then 7 cue flags). */
function separable(): { X: number[][]; y: number[] } {
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 20; i++) {
    const j = i / 100;
    X.push([0.6 + j, 0.5 + j, 1, i % 2, 1, 1, i % 3 === 0 ? 1 : 0, 1, 1]);
    y.push(1);
    X.push([0.02 + j / 10, 0.05 + j / 10, 0, 0, 0, 0, 0, 0, 0]);
    y.push(0);
  }
  return { X, y };
}

describe('trainForest: one CART tree', () => {
  it('splits at the midpoint between classes (x <= threshold goes left)', () => {
    const { forest, importances } = trainForest([[1], [2], [3], [4]], [0, 0, 1, 1], SINGLE_TREE);
    expect(forest).toEqual({
      nFeatures: 1,
      trees: [
        [
          [0, 2.5, 1, 2, 0.5, 4],
          [-1, 0, -1, -1, 0, 2],
          [-1, 0, -1, -1, 1, 2],
        ],
      ],
    });
    expect(importances).toEqual([1]);
    expect(forestProba(forest, [[2.5], [2.50001], [-10], [10]])).toEqual([0, 1, 0, 1]);
  });

  it('picks the feature with the lowest weighted Gini impurity', () => {
    // Feature 0 separates 3 of 4 rows; feature 1 separates all of them.
    const X = [
      [0, 10],
      [1, 11],
      [0, 20],
      [1, 21],
    ];
    const { forest, importances } = trainForest(X, [0, 0, 1, 1], SINGLE_TREE);
    expect(forest.trees[0]![0]).toEqual([1, 15.5, 1, 2, 0.5, 4]);
    expect(importances).toEqual([0, 1]);
  });

  it('never splits between equal values, and stops when no split lowers the impurity', () => {
    // Only 1 | 2 can be split; the left side [0, 1, 0] cannot be split further.
    const { forest } = trainForest([[1], [1], [1], [2]], [0, 1, 0, 1], SINGLE_TREE);
    expect(forest.trees[0]).toEqual([
      [0, 1.5, 1, 2, 0.5, 4],
      [-1, 0, -1, -1, 1 / 3, 3],
      [-1, 0, -1, -1, 1, 1],
    ]);
  });

  it('keeps the threshold between two adjacent floats', () => {
    const b = 1 + Number.EPSILON;
    const { forest } = trainForest([[1], [b]], [0, 1], SINGLE_TREE);
    expect(forest.trees[0]![0]).toEqual([0, 1, 1, 2, 0.5, 2]);
    expect(forestProba(forest, [[1], [b]])).toEqual([0, 1]);
  });

  it('respects maxDepth and minSamplesLeaf', () => {
    // A noisy staircase that a deep tree would carve into many leaves.
    const X = Array.from({ length: 60 }, (_, i) => [i]);
    const y = X.map(([i]) => ((i! * 7) % 5 < 2 ? 1 : 0));
    const depth = (tree: TreeNode[], id = 0): number => {
      const n = tree[id]!;
      return n[0] === -1 ? 0 : 1 + Math.max(depth(tree, n[2]), depth(tree, n[3]));
    };
    const shallow = trainForest(X, y, { ...SINGLE_TREE, maxDepth: 2 }).forest.trees[0]!;
    expect(depth(shallow)).toBe(2);
    const deep = trainForest(X, y, { ...SINGLE_TREE, maxDepth: 30 }).forest.trees[0]!;
    expect(depth(deep)).toBeGreaterThan(2);
    const wide = trainForest(X, y, { ...SINGLE_TREE, maxDepth: 30, minSamplesLeaf: 5 });
    const leaves = wide.forest.trees[0]!.filter((n) => n[0] === -1);
    expect(Math.min(...leaves.map((n) => n[5]))).toBeGreaterThanOrEqual(5);
    expect(leaves.reduce((s, n) => s + n[5], 0)).toBe(60);
  });

  it('makes a pure or single-row node a leaf', () => {
    expect(trainForest([[1], [2]], [1, 1], SINGLE_TREE).forest.trees).toEqual([
      [[-1, 0, -1, -1, 1, 2]],
    ]);
    expect(trainForest([[1]], [0], SINGLE_TREE).forest.trees).toEqual([[[-1, 0, -1, -1, 0, 1]]]);
  });
});

describe('trainForest: the forest', () => {
  it('labels clear spam and clear ham correctly', () => {
    const { X, y } = separable();
    const { forest } = trainForest(X, y); // defaults: 10 trees, depth 10, √9 = 3 features
    expect(forest.trees).toHaveLength(10);
    const probes = [
      [0.7, 0.6, 1, 1, 1, 1, 1, 1, 1], // shouting, symbols, every cue word
      [0.55, 0.45, 1, 0, 1, 1, 0, 1, 1],
      [0.03, 0.05, 0, 0, 0, 0, 0, 0, 0], // calm, plain words
      [0, 0, 0, 0, 0, 0, 0, 0, 0],
    ];
    expect(forestProba(forest, probes)).toEqual([1, 1, 0, 0]);
  });

  it('is reproducible from its seed', () => {
    const { X, y } = separable();
    const noisy = y.map((v, i) => (i % 7 === 0 ? 1 - v : v));
    const a = trainForest(X, noisy, { seed: 5 });
    expect(trainForest(X, noisy, { seed: 5 })).toEqual(a);
    expect(trainForest(X, noisy, { seed: 6 }).forest).not.toEqual(a.forest);
  });

  it('averages the leaves’ spam shares over the trees', () => {
    const forest: Forest = {
      nFeatures: 1,
      trees: [
        [
          [0, 0.5, 1, 2, 0.5, 4],
          [-1, 0, -1, -1, 0.2, 2],
          [-1, 0, -1, -1, 0.9, 2],
        ],
        [[-1, 0, -1, -1, 0.4, 4]],
      ],
    };
    expect(treeProba(forest.trees[0]!, [0.5])).toBe(0.2);
    expect(forestProba(forest, [[0], [1]])).toEqual([(0.2 + 0.4) / 2, (0.9 + 0.4) / 2]);
  });

  it('reports each tree and returns importances summing to 1', () => {
    const { X, y } = separable();
    const reports: unknown[] = [];
    const { importances } = trainForest(X, y, { nTrees: 3 }, (r) => reports.push(r));
    expect(reports).toHaveLength(3);
    expect(reports[2]).toMatchObject({ index: 3, total: 3 });
    expect(importances.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('refuses bad data and bad options', () => {
    expect(() => trainForest([], [])).toThrow('cannot train on zero rows');
    expect(() => trainForest([[1]], [1, 0])).toThrow('X has 1 rows but y has 2 labels');
    expect(() => trainForest([[1], [1, 2]], [1, 0])).toThrow('row 1 has 2 features, not 1');
    expect(() => trainForest([[NaN]], [1])).toThrow('row 0 holds a non-finite value');
    expect(() => trainForest([[1]], [2])).toThrow('label 0 must be 0 or 1, got 2');
    expect(() => trainForest([[1]], [1], { nTrees: 0 })).toThrow(/nTrees must be an integer ≥ 1/);
    expect(() => trainForest([[1]], [1], { maxFeatures: 2 })).toThrow(/maxFeatures/);
    expect(() => trainForest([[1]], [1], { seed: -3 })).toThrow(/seed/);
  });
});

describe('featuresPerSplit', () => {
  it('resolves sqrt, all and counts', () => {
    expect(featuresPerSplit('sqrt', 9)).toBe(3);
    expect(featuresPerSplit('sqrt', 2)).toBe(1);
    expect(featuresPerSplit('all', 9)).toBe(9);
    expect(featuresPerSplit(4, 9)).toBe(4);
    expect(DEFAULT_FOREST_OPTIONS).toEqual({
      nTrees: 10,
      maxDepth: 10,
      maxFeatures: 'sqrt',
      minSamplesSplit: 2,
      minSamplesLeaf: 1,
      bootstrap: true,
      seed: 42,
    });
  });
});

describe('forestProblems', () => {
  const leaf = (share = 0): TreeNode => [-1, 0, -1, -1, share, 1];
  it('accepts a valid forest and names what is wrong with a broken one', () => {
    expect(
      forestProblems({ nFeatures: 1, trees: [[[0, 1, 1, 2, 0.5, 2], leaf(), leaf(1)]] }),
    ).toEqual([]);
    expect(forestProblems({ nFeatures: 1, trees: [] })).toEqual(['the forest has no tree']);
    expect(
      forestProblems({
        nFeatures: 1,
        trees: [[[3, 1, 0, 5, 0.5, 2], [-1, 0, 2, -1, 1.5, 1], leaf()], []],
      }),
    ).toEqual([
      'tree 0 node 0: feature 3 not in [0, 1)',
      'tree 0 node 0: bad child 0',
      'tree 0 node 0: bad child 5',
      'tree 0 node 1: spam share 1.5 not in [0, 1]',
      'tree 0 node 1: a leaf has children',
    ]);
  });
});
