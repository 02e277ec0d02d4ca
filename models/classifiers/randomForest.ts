/**
 * A random forest for binary classification: CART trees (Gini impurity) grown on bootstrap
 * samples, a random subset of features tried at each split, probabilities averaged over trees.
 *
 * @remarks
 * Written here rather than taken from `ml-random-forest` (2.1.0, tried first): that library
 * samples features once per tree instead of per split, its `predictProbability` miscounts
 * votes, its out-of-bag step throws on small data, and its split search is quadratic (≈ 70 s
 * for 10 trees on 5,000 rows vs well under a second here).
 *
 * Semantics follow scikit-learn's `RandomForestClassifier` where it matters:
 * - a split sends `x[feature] <= threshold` left, the threshold being the midpoint of two
 *   consecutive distinct values; a split is kept only when it lowers the weighted Gini impurity;
 * - at each node the features are visited in a random order until `maxFeatures` non-constant
 *   ones have been tried (a constant feature does not count);
 * - a leaf holds the share of spam among the (bootstrap) samples that reached it, and the
 *   forest's probability is the mean of the leaves' shares.
 *
 * Everything random comes from one seeded {@link Rng}: the same data, options and seed give
 * the same forest, node for node.
 */
import { createRng, isValidSeed, shuffleInPlace, type Rng } from './random';

/** Hyperparameters of {@link trainForest}. */
export interface ForestOptions {
  /** Number of trees. */
  nTrees: number;
  /** Maximum depth of a tree (the root is depth 0). */
  maxDepth: number;
  /** Features tried at each split: a count, `'sqrt'` (⌊√d⌋, at least 1) or `'all'`. */
  maxFeatures: number | 'sqrt' | 'all';
  /** A node with fewer samples is a leaf. */
  minSamplesSplit: number;
  /** Each child of a split keeps at least this many samples. */
  minSamplesLeaf: number;
  /** Draw each tree's rows with replacement (n of n); false trains every tree on all rows. */
  bootstrap: boolean;
  /** Seed of every random choice (unsigned 32-bit integer). */
  seed: number;
}

/** The V1 starting point: 10 trees of depth ≤ 10, √d features per split, seed 42. */
export const DEFAULT_FOREST_OPTIONS: Readonly<ForestOptions> = Object.freeze({
  nTrees: 10,
  maxDepth: 10,
  maxFeatures: 'sqrt',
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  bootstrap: true,
  seed: 42,
});

/**
 * One node, preorder, as a tuple: `[feature, threshold, left, right, spamShare, samples]`.
 * A leaf has `feature = -1, threshold = 0, left = right = -1`. Children always come after
 * their parent, so a valid tree has no cycles.
 */
export type TreeNode = [
  feature: number,
  threshold: number,
  left: number,
  right: number,
  spamShare: number,
  samples: number,
];

/** A trained forest: plain data, JSON-ready. */
export interface Forest {
  /** Length of the feature vectors it was trained on. */
  nFeatures: number;
  trees: TreeNode[][];
}

/** What {@link trainForest} reports after each tree. */
export interface TreeReport {
  /** 1-based. */
  index: number;
  total: number;
  nodes: number;
  leaves: number;
  depth: number;
}

/** A trained forest and its mean-decrease-in-impurity feature importances (sum 1). */
export interface ForestTraining {
  forest: Forest;
  importances: number[];
}

/** Minimum impurity decrease (in samples × Gini / 2) for a split to count as one. */
const MIN_DECREASE = 1e-9;

function optionProblems(o: ForestOptions, nFeatures: number): string[] {
  const problems: string[] = [];
  const posInt = (v: number, name: string, min: number) => {
    if (!Number.isInteger(v) || v < min) problems.push(`${name} must be an integer ≥ ${min}`);
  };
  posInt(o.nTrees, 'nTrees', 1);
  posInt(o.maxDepth, 'maxDepth', 0);
  posInt(o.minSamplesSplit, 'minSamplesSplit', 2);
  posInt(o.minSamplesLeaf, 'minSamplesLeaf', 1);
  if (typeof o.maxFeatures === 'number') {
    if (!Number.isInteger(o.maxFeatures) || o.maxFeatures < 1 || o.maxFeatures > nFeatures) {
      problems.push(`maxFeatures must be an integer in [1, ${nFeatures}], 'sqrt' or 'all'`);
    }
  } else if (o.maxFeatures !== 'sqrt' && o.maxFeatures !== 'all') {
    problems.push(`maxFeatures must be an integer, 'sqrt' or 'all'`);
  }
  if (!isValidSeed(o.seed)) problems.push('seed must be an integer in [0, 2^32)');
  return problems;
}

/** How many features a split tries, for `d` features. */
export function featuresPerSplit(maxFeatures: ForestOptions['maxFeatures'], d: number): number {
  if (maxFeatures === 'all') return d;
  if (maxFeatures === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(d)));
  return maxFeatures;
}

/** Checks a training set; returns its width. */
function checkData(X: readonly (readonly number[])[], y: readonly number[]): number {
  if (X.length === 0) throw new RangeError('cannot train on zero rows');
  if (X.length !== y.length) {
    throw new RangeError(`X has ${X.length} rows but y has ${y.length} labels`);
  }
  const d = X[0]!.length;
  if (d === 0) throw new RangeError('rows must have at least one feature');
  X.forEach((row, i) => {
    if (row.length !== d) throw new RangeError(`row ${i} has ${row.length} features, not ${d}`);
    if (!row.every(Number.isFinite)) throw new RangeError(`row ${i} holds a non-finite value`);
    if (y[i] !== 0 && y[i] !== 1) throw new RangeError(`label ${i} must be 0 or 1, got ${y[i]}`);
  });
  return d;
}

/** Midpoint of two consecutive distinct values `a < b`, always in [a, b). */
function midpoint(a: number, b: number): number {
  const m = a / 2 + b / 2;
  return m >= b ? a : m;
}

class TreeBuilder {
  readonly nodes: TreeNode[] = [];
  readonly decrease: Float64Array;
  depth = 0;

  constructor(
    private readonly cols: readonly Float64Array[],
    private readonly y: Uint8Array,
    private readonly o: ForestOptions,
    private readonly perSplit: number,
    private readonly rng: Rng,
  ) {
    this.decrease = new Float64Array(cols.length);
  }

  /** Grows the subtree of the samples `idx` (indices into the training rows, repeats allowed). */
  grow(idx: number[], depth: number): number {
    const n = idx.length;
    let pos = 0;
    for (const i of idx) pos += this.y[i]!;
    const id = this.nodes.length;
    this.nodes.push([-1, 0, -1, -1, pos / n, n]);
    this.depth = Math.max(this.depth, depth);
    if (depth >= this.o.maxDepth || pos === 0 || pos === n || n < this.o.minSamplesSplit) {
      return id;
    }
    const split = this.bestSplit(idx, pos);
    if (!split) return id;
    const col = this.cols[split.feature]!;
    const left: number[] = [];
    const right: number[] = [];
    for (const i of idx) (col[i]! <= split.threshold ? left : right).push(i);
    this.decrease[split.feature]! += split.decrease;
    const node = this.nodes[id]!;
    node[0] = split.feature;
    node[1] = split.threshold;
    node[2] = this.grow(left, depth + 1);
    node[3] = this.grow(right, depth + 1);
    return id;
  }

  /**
   * The split of lowest weighted Gini impurity over up to `perSplit` non-constant features,
   * or undefined when none lowers it. Scores are `Σ pos·neg / size` over the children, which is
   * the weighted impurity times n/2.
   */
  private bestSplit(
    idx: number[],
    pos: number,
  ): { feature: number; threshold: number; decrease: number } | undefined {
    const n = idx.length;
    const { minSamplesLeaf } = this.o;
    const parent = (pos * (n - pos)) / n;
    let best: { feature: number; threshold: number; score: number } | undefined;
    const order = shuffleInPlace(
      Array.from(this.cols, (_, f) => f),
      this.rng,
    );
    let tried = 0;
    for (const f of order) {
      if (tried >= this.perSplit) break;
      const col = this.cols[f]!;
      const sorted = idx.slice().sort((a, b) => col[a]! - col[b]!);
      if (col[sorted[0]!] === col[sorted[n - 1]!]) continue; // constant here: does not count
      tried++;
      let nl = 0;
      let pl = 0;
      for (let k = 0; k < n - 1; k++) {
        const i = sorted[k]!;
        nl++;
        pl += this.y[i]!;
        const v = col[i]!;
        const w = col[sorted[k + 1]!]!;
        if (v === w) continue;
        const nr = n - nl;
        if (nl < minSamplesLeaf || nr < minSamplesLeaf) continue;
        const pr = pos - pl;
        const score = (pl * (nl - pl)) / nl + (pr * (nr - pr)) / nr;
        if (score < (best?.score ?? parent - MIN_DECREASE)) {
          best = { feature: f, threshold: midpoint(v, w), score };
        }
      }
    }
    return best && { ...best, decrease: 2 * (parent - best.score) };
  }
}

/**
 * Trains a forest on rows `X` (equal-length finite numbers) and labels `y` (1 = spam, 0 = ham).
 *
 * @param onTree - called after each tree (progress).
 * @throws RangeError on empty or inconsistent data or invalid options (programming errors).
 */
export function trainForest(
  X: readonly (readonly number[])[],
  y: readonly number[],
  options: Partial<ForestOptions> = {},
  onTree?: (report: TreeReport) => void,
): ForestTraining {
  const o: ForestOptions = { ...DEFAULT_FOREST_OPTIONS, ...options };
  const d = checkData(X, y);
  const problems = optionProblems(o, d);
  if (problems.length > 0) throw new RangeError(`invalid forest options: ${problems.join('; ')}`);
  const n = X.length;
  const cols = Array.from({ length: d }, (_, f) => Float64Array.from(X, (row) => row[f]!));
  const labels = Uint8Array.from(y);
  const rng = createRng(o.seed);
  const perSplit = featuresPerSplit(o.maxFeatures, d);
  const trees: TreeNode[][] = [];
  const importances = new Array<number>(d).fill(0);
  for (let t = 0; t < o.nTrees; t++) {
    const idx = o.bootstrap
      ? Array.from({ length: n }, () => rng.int(n))
      : Array.from({ length: n }, (_, i) => i);
    const builder = new TreeBuilder(cols, labels, o, perSplit, rng);
    builder.grow(idx, 0);
    trees.push(builder.nodes);
    const total = builder.decrease.reduce((a, b) => a + b, 0);
    if (total > 0) builder.decrease.forEach((v, f) => (importances[f]! += v / total / o.nTrees));
    onTree?.({
      index: t + 1,
      total: o.nTrees,
      nodes: builder.nodes.length,
      leaves: builder.nodes.filter((node) => node[0] === -1).length,
      depth: builder.depth,
    });
  }
  const sum = importances.reduce((a, b) => a + b, 0);
  return {
    forest: { nFeatures: d, trees },
    importances: sum > 0 ? importances.map((v) => v / sum) : importances,
  };
}

/** The spam share of the leaf `row` reaches in `tree`. */
export function treeProba(tree: readonly TreeNode[], row: readonly number[]): number {
  let node = tree[0]!;
  while (node[0] !== -1) node = tree[row[node[0]]! <= node[1] ? node[2] : node[3]]!;
  return node[4];
}

/**
 * Spam probability of each row: the mean over trees of the leaf's spam share.
 * Rows must have `forest.nFeatures` finite numbers (callers validate user input).
 */
export function forestProba(forest: Forest, rows: readonly (readonly number[])[]): number[] {
  return rows.map((row) => {
    let sum = 0;
    for (const tree of forest.trees) sum += treeProba(tree, row);
    return sum / forest.trees.length;
  });
}

/**
 * Structural problems of a forest read from a file (empty when it is safe to predict with):
 * features in range, children after their parent and inside the tree, shares in [0, 1].
 */
export function forestProblems(forest: Forest): string[] {
  const problems: string[] = [];
  if (forest.trees.length === 0) problems.push('the forest has no tree');
  forest.trees.forEach((tree, t) => {
    if (tree.length === 0) problems.push(`tree ${t} has no node`);
    tree.forEach(([feature, , left, right, share], i) => {
      const at = `tree ${t} node ${i}`;
      if (!(share >= 0 && share <= 1)) problems.push(`${at}: spam share ${share} not in [0, 1]`);
      if (feature === -1) {
        if (left !== -1 || right !== -1) problems.push(`${at}: a leaf has children`);
        return;
      }
      if (!(feature >= 0 && feature < forest.nFeatures)) {
        problems.push(`${at}: feature ${feature} not in [0, ${forest.nFeatures})`);
      }
      for (const child of [left, right]) {
        if (!(child > i && child < tree.length)) problems.push(`${at}: bad child ${child}`);
      }
    });
  });
  return problems.slice(0, 5);
}
