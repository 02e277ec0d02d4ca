/** Stratified train/test split with a seed: the same labels and seed give the same split. */
import { createRng, deriveSeed, isValidSeed, shuffleInPlace } from '../classifiers/random';

/** Row indices of each side, ascending. */
export interface Split {
  train: number[];
  test: number[];
}

/**
 * Splits row indices so that each label keeps its share on both sides: for each label with
 * `k` rows, `round(k × testFraction)` of them, picked by a seeded shuffle, go to the test side.
 *
 * @param labels - one label per row (any values; each distinct value is a stratum)
 * @param testFraction - in (0, 1), e.g. 0.25
 * @param seed - unsigned 32-bit integer
 * @throws RangeError when `testFraction` is not in (0, 1) or the seed is invalid.
 */
export function stratifiedSplit(
  labels: readonly (string | number)[],
  testFraction: number,
  seed: number,
): Split {
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new RangeError(`testFraction must be in (0, 1), got ${testFraction}`);
  }
  if (!isValidSeed(seed)) throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
  const rng = createRng(deriveSeed(seed, 'split'));
  const strata = new Map<string | number, number[]>();
  labels.forEach((label, i) => {
    const rows = strata.get(label);
    if (rows) rows.push(i);
    else strata.set(label, [i]);
  });
  const train: number[] = [];
  const test: number[] = [];
  // Strata in sorted order, so the result does not depend on which label comes first.
  const keys = [...strata.keys()].sort((a, b) => (String(a) < String(b) ? -1 : 1));
  for (const key of keys) {
    const rows = shuffleInPlace(strata.get(key)!, rng);
    const nTest = Math.round(rows.length * testFraction);
    test.push(...rows.slice(0, nTest));
    train.push(...rows.slice(nTest));
  }
  const asc = (a: number, b: number) => a - b;
  return { train: train.sort(asc), test: test.sort(asc) };
}

/** The training split, divided into the rows a model is fit on and the rows it is validated on. */
export interface ValidationSplit {
  /** Rows to fit on, ascending. */
  fit: number[];
  /** Rows held out for model selection (epochs, settings), ascending; empty when disabled. */
  validation: number[];
}

/**
 * Carves a validation set out of the training rows only, stratified and seeded like
 * {@link stratifiedSplit} (with a seed derived for this purpose, so it draws its own stream):
 * no test row can ever reach it, and the same labels, rows and seed give the same carve.
 *
 * @param labels - one label per row of the whole data set
 * @param train - the training rows (indices into `labels`), e.g. `stratifiedSplit(…).train`
 * @param fraction - in [0, 1); 0 gives no validation rows
 * @param seed - the user's seed (unsigned 32-bit integer)
 * @throws RangeError when `fraction` is not in [0, 1), the seed is invalid, or a row of
 *   `train` is not an index of `labels`.
 */
export function validationSplit(
  labels: readonly (string | number)[],
  train: readonly number[],
  fraction: number,
  seed: number,
): ValidationSplit {
  if (!(fraction >= 0 && fraction < 1)) {
    throw new RangeError(`validation fraction must be in [0, 1), got ${fraction}`);
  }
  if (!isValidSeed(seed)) throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
  const bad = train.find((i) => !Number.isInteger(i) || i < 0 || i >= labels.length);
  if (bad !== undefined) throw new RangeError(`training row ${bad} is not a row of the labels`);
  const rows = [...train].sort((a, b) => a - b);
  if (fraction === 0) return { fit: rows, validation: [] };
  const inner = stratifiedSplit(
    rows.map((i) => labels[i]!),
    fraction,
    deriveSeed(seed, 'validation'),
  );
  return { fit: inner.train.map((k) => rows[k]!), validation: inner.test.map((k) => rows[k]!) };
}
