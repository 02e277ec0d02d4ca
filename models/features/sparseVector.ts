/**
 * Sparse feature vectors: the shape features v3 take in the feature store and in a model call
 * (index/value lists, indices sorted and unique, zeros left out).
 */

/** A sparse vector: `values[k]` sits at `indices[k]`; every other entry is 0. */
export interface SparseVector {
  /** Strictly increasing integers in [0, dimension). */
  indices: number[];
  /** Finite, non-zero, one per index. */
  values: number[];
}

/**
 * What is wrong with `v` as a sparse vector of `dimension` entries, or null when it is one:
 * two arrays of equal length, indices strictly increasing integers in [0, dimension), values
 * finite numbers. (Zero values are allowed here: they are harmless, only wasteful.)
 *
 * @remarks Checked value by value, as data read from storage or sent by a client is untyped.
 */
export function sparseVectorProblem(v: unknown, dimension: number): string | null {
  if (typeof v !== 'object' || v === null) return `is ${v === null ? 'null' : typeof v}`;
  const { indices, values } = v as Partial<SparseVector>;
  if (!Array.isArray(indices) || !Array.isArray(values)) return 'needs indices and values arrays';
  if (indices.length !== values.length) {
    return `has ${indices.length} indices but ${values.length} values`;
  }
  let previous = -1;
  for (let k = 0; k < indices.length; k++) {
    const i: unknown = indices[k];
    if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= dimension) {
      return `index ${k} (${JSON.stringify(i)}) is not an integer in [0, ${dimension})`;
    }
    if (i <= previous) return `indices are not strictly increasing at ${k} (${previous}, ${i})`;
    previous = i;
    const x: unknown = values[k];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      return `value ${k} (${JSON.stringify(x)}) is not a finite number`;
    }
  }
  return null;
}

/** Dot product of a sparse vector with dense weights (indices must be inside `weights`). */
export function sparseDot(v: SparseVector, weights: ArrayLike<number>): number {
  let sum = 0;
  const { indices, values } = v;
  for (let k = 0; k < indices.length; k++) sum += values[k]! * weights[indices[k]!]!;
  return sum;
}

/**
 * A sparse vector as one flat list, its indices then its values (`[i₀…iₙ₋₁, v₀…vₙ₋₁]`): the
 * form a V4 feature vector takes wherever vectors are plain number lists (prediction cache
 * digests, `featuresToPrediction`, `textToFeatures`).
 */
export const packSparse = (v: SparseVector): number[] => [...v.indices, ...v.values];

/**
 * The sparse vector of a packed list (see {@link packSparse}), or what is wrong with it.
 *
 * @returns the vector, or a problem such as `has an odd length (5)`.
 */
export function unpackSparse(packed: readonly unknown[], dimension: number): SparseVector | string {
  if (!Array.isArray(packed)) return `is ${typeof packed}, not a list`;
  if (packed.length % 2 !== 0) {
    return `has an odd length (${packed.length}): a packed sparse vector is its indices, then as many values`;
  }
  const n = packed.length / 2;
  const v = { indices: packed.slice(0, n), values: packed.slice(n) } as SparseVector;
  return sparseVectorProblem(v, dimension) ?? v;
}
