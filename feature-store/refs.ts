/** Resolving what a caller asks for (a feature service, or `view:feature` refs) against a repo. */
import { BadUserInputError } from '../platform/errors';
import { FeatureServiceNotFoundError, FeatureViewNotFoundError } from './errors';
import type { FeatureRef } from './offline/historical';
import type { FeatureRepo, FeatureView } from './types';

/** The view named `name`, or BAD_USER_INPUT listing the known ones. */
export function viewByName(repo: FeatureRepo, name: string): FeatureView {
  const v = repo.featureViews.find((x) => x.name === name);
  if (!v) {
    throw new FeatureViewNotFoundError(
      name,
      repo.featureViews.map((x) => x.name),
    );
  }
  return v;
}

/**
 * Features to read: exactly one of `featureService` or `features` (`view:feature` strings).
 * Refs of the same view are grouped, in first-seen order.
 */
export function resolveFeatureRefs(
  repo: FeatureRepo,
  ask: { featureService?: string | null; features?: readonly string[] | null },
): FeatureRef[] {
  const hasService = ask.featureService != null;
  const hasFeatures = ask.features != null;
  if (hasService === hasFeatures) {
    throw new BadUserInputError('give exactly one of featureService or features');
  }
  if (hasService) {
    const s = repo.featureServices.find((x) => x.name === ask.featureService);
    if (!s) {
      throw new FeatureServiceNotFoundError(
        ask.featureService ?? '',
        repo.featureServices.map((x) => x.name),
      );
    }
    return s.features.map((p) => ({ view: viewByName(repo, p.view), features: [...p.features] }));
  }
  const list = ask.features ?? [];
  if (list.length === 0) throw new BadUserInputError('features must not be empty');
  const grouped = new Map<string, FeatureRef>();
  for (const ref of list) {
    const m = /^([a-z][a-z0-9_]*):([a-z][a-z0-9_]*)$/.exec(ref);
    if (!m || !m[1] || !m[2]) {
      throw new BadUserInputError(`feature reference "${ref}" must look like view:feature`);
    }
    const view = viewByName(repo, m[1]);
    if (!view.schema.some((f) => f.name === m[2])) {
      throw new BadUserInputError(`feature view ${view.name} has no feature "${m[2]}"`);
    }
    const g = grouped.get(view.name) ?? { view, features: [] };
    if (!g.features.includes(m[2])) g.features.push(m[2]);
    grouped.set(view.name, g);
  }
  return [...grouped.values()];
}
