/**
 * `fs apply`: compares the definitions with the registry, prints a plan, then registers the
 * definitions and makes the online store match (tables for online views; removed or
 * no-longer-online views lose their table and materialization history).
 */
import type { OnlineStore } from './online/onlineStore';
import type { RegistryStore } from './registry/registryStore';
import type { FeatureRepo } from './types';

type Kind = 'entity' | 'feature_view' | 'feature_service';

/** One line of a plan. */
export interface PlanItem {
  kind: Kind;
  name: string;
}

export interface ApplyPlan {
  added: PlanItem[];
  changed: PlanItem[];
  removed: PlanItem[];
  unchanged: PlanItem[];
  /** Online tables created / dropped by the apply. */
  onlineTablesCreated: string[];
  onlineTablesDropped: string[];
}

const items = (repo: FeatureRepo | undefined) =>
  new Map<string, { kind: Kind; name: string; spec: string }>(
    [
      ...(repo?.entities ?? []),
      ...(repo?.featureViews ?? []),
      ...(repo?.featureServices ?? []),
    ].map((d) => [`${d.kind}:${d.name}`, { kind: d.kind, name: d.name, spec: JSON.stringify(d) }]),
  );

/** The plan of applying `next` over the registered `current` (undefined: first apply). */
export function planApply(current: FeatureRepo | undefined, next: FeatureRepo): ApplyPlan {
  const before = items(current);
  const after = items(next);
  const plan: ApplyPlan = {
    added: [],
    changed: [],
    removed: [],
    unchanged: [],
    onlineTablesCreated: [],
    onlineTablesDropped: [],
  };
  for (const [key, a] of after) {
    const b = before.get(key);
    const item = { kind: a.kind, name: a.name };
    if (!b) plan.added.push(item);
    else if (b.spec !== a.spec) plan.changed.push(item);
    else plan.unchanged.push(item);
  }
  for (const [key, b] of before)
    if (!after.has(key)) plan.removed.push({ kind: b.kind, name: b.name });
  const onlineNext = new Set(next.featureViews.filter((v) => v.online).map((v) => v.name));
  plan.onlineTablesCreated = [...onlineNext].filter(
    (n) => !current?.featureViews.some((v) => v.name === n && v.online),
  );
  plan.onlineTablesDropped = (current?.featureViews ?? [])
    .filter((v) => v.online && !onlineNext.has(v.name))
    .map((v) => v.name);
  return plan;
}

/** Applies `next`: online tables first, registry last, so a failure leaves the old registry. */
export async function applyRepo(
  registry: RegistryStore,
  online: OnlineStore,
  next: FeatureRepo,
  now = new Date(),
): Promise<ApplyPlan> {
  const current = (await registry.getRepo(next.project))?.repo;
  const plan = planApply(current, next);
  for (const v of next.featureViews) if (v.online) await online.ensureTable(v);
  for (const name of plan.onlineTablesDropped) {
    await online.dropTable(name);
    await registry.clearIntervals(next.project, name);
  }
  await registry.saveRepo(next.project, next, now);
  return plan;
}
