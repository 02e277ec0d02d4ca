/**
 * What every spam model offers, whatever its kind (random forest, LSTM…): text → features,
 * a batch of feature vectors → spam probabilities, and the digest of the artifact behind it.
 */
import { BadUserInputError } from '../../platform/errors';
import type { ModelVersion } from '../versions';
import type { ModelMetadata } from './metadata';

/** A loaded, ready-to-score model. Implementations are immutable and safe to share. */
export interface Classifier {
  readonly version: ModelVersion;
  /** The feature service that serves its features (e.g. `labeled_sms_1`). */
  readonly featureService: string;
  /**
   * Names of the features, in the store: for V1 one per vector entry; for a list feature (v2)
   * the single list's name; for a sparse vector (v3) its `indices` and `values` lists.
   */
  readonly featureNames: readonly string[];
  /**
   * Length of a feature vector, or `'sparse'`: then a vector is a sparse one packed as its
   * indices followed by its values (`[i₀…iₙ₋₁, v₀…vₙ₋₁]`, the store's two lists concatenated),
   * so every vector stays a flat list of numbers for caches, digests and GraphQL.
   */
  readonly featureLength: number | 'sparse';
  /**
   * sha256 (hex) of the artifact's content: changes whenever the model does. Prediction
   * caches key on it.
   */
  readonly artifactDigest: string;
  /** What runs it here, e.g. `tfjs wasm` or `random forest (JavaScript)`. */
  readonly runtime: string;
  /** The training record saved with the artifact (metrics, data window, seed…). */
  readonly metadata: ModelMetadata;
  /** The feature vector of one text, exactly as training computed it. */
  textToFeatures(text: string): number[];
  /**
   * Checks feature vectors without scoring them (serving uses it to fail one message, not
   * the batch).
   *
   * @throws BadUserInputError naming the first bad vector.
   */
  validate(batch: readonly (readonly number[])[]): void;
  /**
   * Spam probability (0..1) of each feature vector, in order: one model call per batch.
   *
   * @throws BadUserInputError when a vector has the wrong length or a value that is not a
   *   finite number.
   */
  predictProba(batch: readonly (readonly number[])[]): Promise<number[]>;
}

/**
 * Checks that every vector has `length` finite numbers (`integers` too when asked).
 *
 * @throws BadUserInputError naming the first bad vector.
 */
export function assertFeatureBatch(
  version: ModelVersion,
  batch: readonly (readonly number[])[],
  length: number,
  integers = false,
): void {
  batch.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== length) {
      const got = Array.isArray(row) ? `${row.length} values` : typeof row;
      throw new BadUserInputError(
        `${version} expects ${length} features per vector; vector ${i} has ${got}`,
      );
    }
    const bad = row.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
    if (bad !== -1) {
      const v: unknown = row[bad];
      const shown = typeof v === 'number' ? String(v) : JSON.stringify(v);
      throw new BadUserInputError(
        `${version}: vector ${i}, feature ${bad}: ${shown} is not a finite number`,
      );
    }
    if (integers && !row.every(Number.isInteger)) {
      throw new BadUserInputError(`${version}: vector ${i} must hold integers`);
    }
  });
}
