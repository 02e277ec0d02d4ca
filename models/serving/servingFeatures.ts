/**
 * Where a model's serving features live in the feature store: the views of its feature
 * service that hold the classifier's feature names (labels are left out), and how to write
 * features computed from text back (through the view's push source when it has one, as
 * Feast's `push`; else straight to the online store, as Feast's `write_to_online_store`).
 */
import type { FeatureStore, FeatureRepo, FeatureValue } from '../../feature-store';
import { NotFoundError } from '../../platform/errors';
import type { Classifier } from '../classifiers';

/** The one feature view that serves a classifier, and the refs to read. */
export interface ServingView {
  view: string;
  /** `view:feature`, in the classifier's feature order. */
  refs: string[];
  /** Push source feeding the view, if any (write-through goes through it). */
  pushSource?: string;
}

/**
 * The view of `classifier.featureService` in `repo` that holds every one of the
 * classifier's features.
 *
 * @throws NotFoundError when the registered repo lacks the service or the features.
 */
export function servingViewOf(repo: FeatureRepo, classifier: Classifier): ServingView {
  const service = repo.featureServices.find((s) => s.name === classifier.featureService);
  if (!service) {
    throw new NotFoundError(
      `feature service ${classifier.featureService} (model ${classifier.version}) is not registered: run \`npx spamgraph fs apply\``,
    );
  }
  const projection = service.features.find((p) =>
    classifier.featureNames.every((f) => p.features.includes(f)),
  );
  const view = projection && repo.featureViews.find((v) => v.name === projection.view);
  if (!view) {
    throw new NotFoundError(
      `feature service ${service.name} has no view with ${classifier.featureNames.join(', ')}`,
    );
  }
  return {
    view: view.name,
    refs: classifier.featureNames.map((f) => `${view.name}:${f}`),
    pushSource: view.source.kind === 'push_source' ? view.source.name : undefined,
  };
}

/**
 * One stored feature vector from the online values of one entity (`values[i]` for
 * `refs[i]`), or null when any is missing or not numeric.
 */
export function vectorOf(values: readonly FeatureValue[], length: number): number[] | null {
  const flat: number[] = [];
  for (const v of values) {
    if (typeof v === 'number') flat.push(v);
    else if (Array.isArray(v) && v.every((x) => typeof x === 'number')) flat.push(...v);
    else return null;
  }
  return flat.length === length ? flat : null;
}

/** The online row that stores `vector` for `classifier` (inverse of {@link vectorOf}). */
export function rowOf(
  classifier: Classifier,
  entityKey: string,
  joinKey: string,
  vector: readonly number[],
  eventTimestamp: Date,
): Record<string, unknown> {
  const row: Record<string, unknown> = {
    [joinKey]: entityKey,
    event_timestamp: eventTimestamp.toISOString(),
  };
  const names = classifier.featureNames;
  if (names.length === 1 && vector.length !== 1) row[names[0] as string] = [...vector];
  else names.forEach((n, i) => (row[n] = vector[i]));
  return row;
}

/** Writes computed vectors through to the online store (see the module comment). */
export async function writeThrough(
  store: FeatureStore,
  serving: ServingView,
  rows: Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  if (serving.pushSource) await store.push(serving.pushSource, rows, 'online');
  else await store.writeToOnlineStore(serving.view, rows);
}
