/**
 * Where a model's serving features live in the feature store: the view of its feature
 * service that holds the features computed from text (labels are left out). Features computed
 * for messages that have none online are written back by the feature repo's `messageRows` and
 * `storeMessageRows`, as ingestion writes them.
 */
import type { FeatureRow, FeatureValue } from '../../feature-store';
import { NotFoundError } from '../../platform/errors';
import type { Classifier } from '../classifiers';
import { textFeatureView, type TextFeatureView } from '../featureRepo/messageRows';

/** The one feature view that serves a classifier, and the refs to read. */
export interface ServingView {
  /** The service's view of features computed from text. */
  text: TextFeatureView;
  /** `view:feature`, in the classifier's feature order. */
  refs: string[];
}

/**
 * The view of `classifier.featureService` that holds every one of the classifier's features.
 *
 * @throws NotFoundError when the service has no such view.
 */
export function servingViewOf(classifier: Classifier): ServingView {
  const text = textFeatureView(classifier.featureService);
  if (!classifier.featureNames.every((f) => text.features.includes(f))) {
    throw new NotFoundError(
      `feature service ${text.service} (model ${classifier.version}) has no view with ${classifier.featureNames.join(', ')}`,
    );
  }
  return { text, refs: classifier.featureNames.map((f) => `${text.view.name}:${f}`) };
}

/**
 * One stored feature vector from the values of one entity (`values[i]` for `refs[i]`, lists
 * concatenated), or null when any is missing or not numeric. A `'sparse'` vector is its index
 * list then its value list, which must be as long as each other.
 */
export function vectorOf(
  values: readonly FeatureValue[],
  length: number | 'sparse',
): number[] | null {
  const flat: number[] = [];
  for (const v of values) {
    if (typeof v === 'number') flat.push(v);
    else if (Array.isArray(v)) {
      // An int64 list beyond 2^53 (bigints) is no model input.
      for (const x of v as readonly unknown[]) {
        if (typeof x !== 'number') return null;
        flat.push(x);
      }
    } else return null;
  }
  if (length === 'sparse') {
    const [indices] = values;
    return Array.isArray(indices) && flat.length === 2 * indices.length ? flat : null;
  }
  return flat.length === length ? flat : null;
}

/** The stored vector of one entity when `c` accepts it, else null (then text is used). */
export function storedVectorOf(c: Classifier, values: readonly FeatureValue[]): number[] | null {
  const vector = vectorOf(values, c.featureLength);
  if (!vector) return null;
  try {
    c.validate([vector]);
    return vector;
  } catch {
    return null;
  }
}

/** The vector `c` scores from a row computed from text: what is stored is what is scored. */
export function vectorOfRow(c: Classifier, row: FeatureRow): number[] | Error {
  const vector = vectorOf(
    c.featureNames.map((n) => row.values[n] ?? null),
    c.featureLength,
  );
  return vector ?? new Error(`${c.version} cannot score the features of ${row.entityKey}`);
}

/**
 * Names of the entries of a classifier's vector `values`: its features, `name[i]` for one
 * list feature, `indices[k]` then `values[k]` for a packed sparse vector.
 */
export function featureNames(c: Classifier, values: readonly number[]): string[] {
  if (c.featureLength === 'sparse') {
    const n = values.length / 2;
    return c.featureNames.flatMap((name) => Array.from({ length: n }, (_, k) => `${name}[${k}]`));
  }
  const [only] = c.featureNames;
  if (c.featureNames.length === 1 && only !== undefined && c.featureLength !== 1) {
    return Array.from({ length: c.featureLength }, (_, i) => `${only}[${i}]`);
  }
  return [...c.featureNames];
}
