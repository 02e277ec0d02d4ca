/**
 * Checked constructors for definitions, so a typo in a repo fails at load time with a clear
 * message instead of at serving time.
 */
import { BadUserInputError } from '../platform/errors';
import type {
  Entity,
  FeatureRepo,
  FeatureService,
  FeatureView,
  FileSource,
  PushSource,
} from './types';

const NAME_RE = /^[a-z][a-z0-9_]{0,62}$/;

function checkName(kind: string, name: string): void {
  if (!NAME_RE.test(name)) {
    throw new BadUserInputError(`${kind} name "${name}" must match ${NAME_RE} (lower snake case)`);
  }
}

export function entity(spec: Omit<Entity, 'kind' | 'valueType'>): Entity {
  checkName('entity', spec.name);
  checkName('join key', spec.joinKey);
  return { kind: 'entity', valueType: 'string', ...spec };
}

export function fileSource(spec: Omit<FileSource, 'kind'>): FileSource {
  checkName('source', spec.name);
  return { kind: 'file_source', ...spec };
}

export function pushSource(spec: Omit<PushSource, 'kind'>): PushSource {
  checkName('push source', spec.name);
  return { kind: 'push_source', ...spec };
}

export function featureView(spec: Omit<FeatureView, 'kind'>): FeatureView {
  checkName('feature view', spec.name);
  if (spec.ttlSeconds < 0 || !Number.isFinite(spec.ttlSeconds)) {
    throw new BadUserInputError(`feature view ${spec.name}: ttl must be ≥ 0 seconds`);
  }
  const seen = new Set<string>();
  for (const f of spec.schema) {
    checkName(`field of ${spec.name}`, f.name);
    if (seen.has(f.name))
      throw new BadUserInputError(`feature view ${spec.name}: field ${f.name} twice`);
    seen.add(f.name);
    if (f.length !== undefined && !f.dtype.endsWith('_list')) {
      throw new BadUserInputError(`feature view ${spec.name}: length only applies to list fields`);
    }
  }
  return { kind: 'feature_view', ...spec };
}

export function featureService(spec: Omit<FeatureService, 'kind'>): FeatureService {
  checkName('feature service', spec.name);
  return { kind: 'feature_service', ...spec };
}

/**
 * Assembles a repo and checks its references: every view's entities exist, every service
 * names existing views and fields, names are unique per kind.
 */
export function featureRepo(repo: FeatureRepo): FeatureRepo {
  const unique = (kind: string, names: string[]) => {
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw new BadUserInputError(`${kind} "${dup}" is defined twice`);
  };
  unique(
    'entity',
    repo.entities.map((e) => e.name),
  );
  unique(
    'feature view',
    repo.featureViews.map((v) => v.name),
  );
  unique(
    'feature service',
    repo.featureServices.map((s) => s.name),
  );
  const entities = new Set(repo.entities.map((e) => e.name));
  const views = new Map(repo.featureViews.map((v) => [v.name, v]));
  for (const v of repo.featureViews) {
    for (const e of v.entities) {
      if (!entities.has(e))
        throw new BadUserInputError(`feature view ${v.name}: unknown entity ${e}`);
    }
  }
  for (const s of repo.featureServices) {
    for (const p of s.features) {
      const v = views.get(p.view);
      if (!v)
        throw new BadUserInputError(`feature service ${s.name}: unknown feature view ${p.view}`);
      for (const f of p.features) {
        if (!v.schema.some((x) => x.name === f)) {
          throw new BadUserInputError(`feature service ${s.name}: ${p.view} has no feature ${f}`);
        }
      }
    }
  }
  return repo;
}
