/**
 * The feature store library's values → the subgraph's GraphQL types (names follow the SDL,
 * enums are upper case). Pure functions, so resolvers stay one line each.
 */
import type {
  MaterializeResult as LibMaterializeResult,
  OnlineFeatures as LibOnlineFeatures,
  PushResult as LibPushResult,
  PushTarget as LibPushTarget,
} from '../../feature-store';
import type * as lib from '../../feature-store';
import type {
  Entity,
  FeatureField,
  FileSource,
  MaterializeResult,
  OnlineFeatures,
  PushResult,
  PushSource,
  PushTarget,
  ResolversTypes,
  Tag,
  ValueType,
} from './generated/resolvers-types';

const VALUE_TYPES: Record<lib.ValueType, ValueType> = {
  int64: 'INT64',
  float64: 'FLOAT64',
  string: 'STRING',
  bool: 'BOOL',
  int64_list: 'INT64_LIST',
  float64_list: 'FLOAT64_LIST',
};

const PUSH_TARGETS: Record<PushTarget, LibPushTarget> = {
  ONLINE: 'online',
  OFFLINE: 'offline',
  ONLINE_AND_OFFLINE: 'online_and_offline',
};
const PUSH_TARGETS_BACK: Record<LibPushTarget, PushTarget> = {
  online: 'ONLINE',
  offline: 'OFFLINE',
  online_and_offline: 'ONLINE_AND_OFFLINE',
};

/** The library's push target of a GraphQL one. */
export const toLibPushTarget = (to: PushTarget): LibPushTarget => PUSH_TARGETS[to];

const tags = (t: Record<string, string> | undefined): Tag[] =>
  Object.entries(t ?? {}).map(([key, value]) => ({ key, value }));

export const toEntity = (e: lib.Entity): Entity => ({
  name: e.name,
  joinKey: e.joinKey,
  valueType: VALUE_TYPES[e.valueType],
  description: e.description ?? null,
});

export const toField = (f: lib.Field): FeatureField => ({
  name: f.name,
  dtype: VALUE_TYPES[f.dtype],
  length: f.length ?? null,
  description: f.description ?? null,
});

const toFileSource = (s: lib.FileSource): FileSource & { __typename: 'FileSource' } => ({
  __typename: 'FileSource',
  name: s.name,
  description: s.description ?? null,
  path: s.path,
  timestampField: s.timestampField,
  createdTimestampColumn: s.createdTimestampColumn ?? null,
});

const toSource = (
  s: lib.DataSource,
): (FileSource & { __typename: 'FileSource' }) | (PushSource & { __typename: 'PushSource' }) =>
  s.kind === 'push_source'
    ? {
        __typename: 'PushSource',
        name: s.name,
        description: s.description ?? null,
        batchSource: toFileSource(s.batchSource),
      }
    : toFileSource(s);

export const toFeatureView = (v: lib.FeatureView): ResolversTypes['FeatureView'] => ({
  name: v.name,
  description: v.description ?? null,
  entities: [...v.entities],
  ttlSeconds: v.ttlSeconds,
  online: v.online,
  tags: tags(v.tags),
  fields: v.schema.map(toField),
  source: toSource(v.source),
});

/**
 * A service with its projections resolved against `repo` (a registered repo was checked
 * by `featureRepo`, so every view and field exists).
 */
export function toFeatureService(
  s: lib.FeatureService,
  repo: lib.FeatureRepo,
): ResolversTypes['FeatureService'] {
  const projections = s.features.map((p) => {
    const view = repo.featureViews.find((v) => v.name === p.view);
    if (!view) throw new Error(`feature service ${s.name} names unknown view ${p.view}`);
    const fields = p.features.map((name) => {
      const f = view.schema.find((x) => x.name === name);
      if (!f) throw new Error(`feature service ${s.name}: ${p.view} has no feature ${name}`);
      return toField(f);
    });
    return { featureView: toFeatureView(view), fields };
  });
  return {
    name: s.name,
    description: s.description ?? null,
    tags: tags(s.tags),
    featureViews: projections,
    featureRefs: s.features.flatMap((p) => p.features.map((f) => `${p.view}:${f}`)),
  };
}

/**
 * A value as GraphQL's JSON scalar carries it: an int64 beyond 2^53 (a bigint) as the string of
 * its digits, since a JSON number that large reaches a JS client rounded.
 */
function graphqlValue(v: lib.FeatureValue): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v) && v.some((x) => typeof x === 'bigint')) {
    return v.map((x) => (typeof x === 'bigint' ? x.toString() : x));
  }
  return v;
}

export const toOnlineFeatures = (r: LibOnlineFeatures): OnlineFeatures => ({
  featureNames: r.featureNames,
  results: r.columns.map((c) => ({
    values: c.values.map(graphqlValue),
    statuses: c.statuses,
    eventTimestamps: c.eventTimestamps,
  })),
});

export const toPushResult = (r: LibPushResult): PushResult => ({
  pushSource: r.pushSource,
  featureViews: r.views,
  rows: r.rows,
  to: PUSH_TARGETS_BACK[r.to],
  written: r.written,
  older: r.older,
  offlineRows: r.offlineRows,
});

export const toMaterializeResult = (r: LibMaterializeResult): MaterializeResult => ({
  featureViews: r.views.map((v) => ({
    featureView: v.view,
    start: v.start,
    end: v.end,
    rows: v.rows,
    written: v.written,
    older: v.older,
    seconds: v.seconds,
  })),
  rows: r.rows,
  written: r.written,
  older: r.older,
  seconds: r.seconds,
  rowsPerSecond: r.rowsPerSecond,
});
