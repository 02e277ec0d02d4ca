/**
 * Training rows from the feature store: point-in-time historical retrieval of a feature
 * service (features + label) for some sms ids, all looked up as of one instant (the time
 * freeze) — never read from the CSV.
 */
import { BadUserInputError } from '../../platform/errors';
import type { FeatureValue } from '../../feature-store';
import type { HistoricalSource } from './types';

/** Feature vectors and labels (1 = spam, 0 = ham) of the rows that had everything. */
export interface LabeledVectors<V = number[]> {
  ids: string[];
  X: V[];
  y: number[];
  /** Entity rows asked for (distinct ids). */
  entityRows: number;
  /** Rows left out because a feature or the label was null at the time freeze. */
  dropped: number;
}

/** Options of {@link loadLabeledVectors}. */
export interface LabeledVectorsRequest<V = number[]> {
  featureService: string;
  ids: readonly string[];
  at: Date;
  /**
   * The feature vector of one row's values, or null when a feature is null (the row is
   * dropped).
   *
   * @throws BadUserInputError when a value has the wrong type.
   */
  toVector(values: Readonly<Record<string, FeatureValue>>): V | null;
}

/**
 * Reads the rows of `ids` as of `at` and keeps those with every feature and a label.
 *
 * @throws BadUserInputError when a label is neither 0, 1 nor null; NotFoundError (from the
 *   store) when the feature service is not registered.
 */
export async function loadLabeledVectors<V = number[]>(
  store: HistoricalSource,
  req: LabeledVectorsRequest<V>,
): Promise<LabeledVectors<V>> {
  const distinct = [...new Set(req.ids)];
  const result = await store.getHistoricalFeatures({
    featureService: req.featureService,
    entityRows: distinct.map((entityKey) => ({ entityKey, eventTimestamp: req.at })),
  });
  const out: LabeledVectors<V> = { ids: [], X: [], y: [], entityRows: distinct.length, dropped: 0 };
  for (const row of result.rows) {
    const label = row.values.label ?? null;
    if (label !== null && label !== 0 && label !== 1) {
      throw new BadUserInputError(
        `${req.featureService}: label of ${row.entityKey} is ${JSON.stringify(label)}, expected 0 or 1`,
      );
    }
    const vector = req.toVector(row.values);
    if (label === null || vector === null) {
      out.dropped++;
      continue;
    }
    out.ids.push(row.entityKey);
    out.X.push(vector);
    out.y.push(label);
  }
  return out;
}

/**
 * A {@link LabeledVectorsRequest.toVector} for scalar numeric features, in `names` order.
 */
export function scalarVector(
  names: readonly string[],
): (values: Readonly<Record<string, FeatureValue>>) => number[] | null {
  return (values) => {
    const vector: number[] = [];
    for (const name of names) {
      const v = values[name] ?? null;
      if (v === null) return null;
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new BadUserInputError(`feature ${name} is ${JSON.stringify(v)}, expected a number`);
      }
      vector.push(v);
    }
    return vector;
  };
}

/** Where the labels of the training rows came from (recorded as `extra.labels`). */
export interface LabelOrigins {
  /** Rows of the imported dataset. */
  fromDataset: number;
  /** Rows outside it: users' verdicts (`reportSpam`). */
  fromUsers: number;
}

/**
 * How many of the rows `ids` came from the dataset `datasetIds` and how many from users (every
 * row counts as the dataset's when `datasetIds` is not given).
 */
export function labelOrigins(
  ids: readonly string[],
  datasetIds: readonly string[] | undefined,
): LabelOrigins {
  if (!datasetIds) return { fromDataset: ids.length, fromUsers: 0 };
  const dataset = new Set(datasetIds);
  const fromUsers = ids.filter((id) => !dataset.has(id)).length;
  return { fromDataset: ids.length - fromUsers, fromUsers };
}
