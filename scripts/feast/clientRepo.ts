/**
 * A Feast repository for our definitions: `feature_store.yaml` pointing Feast's SDK at our
 * feature server (`online_store: {type: remote}`) — or, for `bench:compare`, at Feast's own
 * SQLite online store behind `feast serve` — and `definitions.py` declaring the same entities,
 * sources, views and services in Feast's Python API, so `feast apply` gives Feast a registry
 * matching ours. Each FileSource reads our offline Parquet folder (Feast's materialize).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FeatureRepo, FeatureView, FileSource, ValueType } from '../../feature-store';

/** Feast's Python type of each of our value types (`feast.types`). */
const FEAST_TYPE: Record<ValueType, string> = {
  int64: 'Int64',
  float64: 'Float64',
  string: 'String',
  bool: 'Bool',
  int64_list: 'Array(Int64)',
  float64_list: 'Array(Float64)',
};

/** Where the Feast repository's online store is. */
export type FeastOnline =
  /** Our feature server (`online_store: {type: remote}`), with a Bearer credential. */
  | { type: 'remote'; serverUrl: string; tokenEnvVar: string }
  /** Feast's own SQLite online store (a file of the repo), as `feast serve` uses it. */
  | { type: 'sqlite'; path: string }
  /** Feast's Cassandra online store (`feast[cassandra]`); the keyspace must exist. */
  | { type: 'cassandra'; hosts: string[]; port: number; keyspace: string };

export interface ClientRepoOptions {
  online: FeastOnline;
  /** Our offline store's root: each FileSource's path is read from below it (materialize). */
  offlineRoot: string;
}

/** A Python string literal. */
const py = (s: string) => JSON.stringify(s);

function sourceVar(s: FileSource): string {
  return `${s.name}_file`;
}

function fileSourcePy(s: FileSource, root: string): string {
  const created = s.createdTimestampColumn
    ? `, created_timestamp_column=${py(s.createdTimestampColumn)}`
    : '';
  return `${sourceVar(s)} = FileSource(name=${py(s.name)}, path=${py(path.join(root, s.path))}, timestamp_field=${py(s.timestampField)}${created})`;
}

function viewPy(v: FeatureView, repo: FeatureRepo): string {
  const entity = repo.entities.find((e) => e.name === v.entities[0])!;
  const fields = [
    `Field(name=${py(entity.joinKey)}, dtype=String)`,
    ...v.schema.map((f) => `Field(name=${py(f.name)}, dtype=${FEAST_TYPE[f.dtype]})`),
  ];
  const source = v.source.kind === 'push_source' ? `${v.source.name}` : sourceVar(v.source);
  return [
    `${v.name} = FeatureView(`,
    `    name=${py(v.name)},`,
    `    entities=[${entity.name}],`,
    `    ttl=timedelta(seconds=${v.ttlSeconds}),`,
    `    schema=[${fields.join(', ')}],`,
    `    source=${source},`,
    `    online=${v.online ? 'True' : 'False'},`,
    `)`,
  ].join('\n');
}

/** `definitions.py`: our repo in Feast's Python API. */
export function definitionsPy(repo: FeatureRepo, offlineRoot: string): string {
  const files = new Map<string, FileSource>();
  const pushes = new Map<string, { name: string; batch: FileSource }>();
  for (const v of repo.featureViews) {
    if (v.source.kind === 'push_source') {
      files.set(v.source.batchSource.name, v.source.batchSource);
      pushes.set(v.source.name, { name: v.source.name, batch: v.source.batchSource });
    } else files.set(v.source.name, v.source);
  }
  const lines = [
    '# Written by spamgraph (scripts/feast/clientRepo.ts) from the TypeScript definitions.',
    'from datetime import timedelta',
    '',
    'from feast import Entity, FeatureService, FeatureView, Field, FileSource, PushSource, ValueType',
    'from feast.types import Array, Bool, Float64, Int64, String',
    '',
    ...repo.entities.map(
      (e) =>
        `${e.name} = Entity(name=${py(e.name)}, join_keys=[${py(e.joinKey)}], value_type=ValueType.STRING)`,
    ),
    '',
    ...[...files.values()].map((s) => fileSourcePy(s, offlineRoot)),
    ...[...pushes.values()].map(
      (p) => `${p.name} = PushSource(name=${py(p.name)}, batch_source=${sourceVar(p.batch)})`,
    ),
    '',
    ...repo.featureViews.map((v) => viewPy(v, repo)),
    '',
    ...repo.featureServices.map((s) => {
      const parts = s.features.map((p) => {
        const view = repo.featureViews.find((v) => v.name === p.view)!;
        const all = view.schema.length === p.features.length;
        return all ? p.view : `${p.view}[[${p.features.map(py).join(', ')}]]`;
      });
      return `${s.name} = FeatureService(name=${py(s.name)}, features=[${parts.join(', ')}])`;
    }),
    '',
  ];
  return lines.join('\n');
}

/** `feature_store.yaml` of the client. */
export function featureStoreYaml(project: string, opts: ClientRepoOptions): string {
  const o = opts.online;
  const online =
    o.type === 'remote'
      ? ['online_store:', '  type: remote', `  path: ${o.serverUrl}`]
      : o.type === 'sqlite'
        ? ['online_store:', '  type: sqlite', `  path: ${o.path}`]
        : [
            'online_store:',
            '  type: cassandra',
            `  hosts: [${o.hosts.join(', ')}]`,
            `  port: ${o.port}`,
            `  keyspace: ${o.keyspace}`,
          ];
  const auth =
    o.type === 'remote' ? ['auth:', '  type: oidc', `  token_env_var: ${o.tokenEnvVar}`] : [];
  return [
    `project: ${project}`,
    'provider: local',
    'registry: data/registry.db',
    ...online,
    'offline_store:',
    '  type: file',
    ...auth,
    'entity_key_serialization_version: 3',
    '',
  ].join('\n');
}

/** Writes the client repository into `dir` (created); returns `dir`. */
export function writeClientRepo(dir: string, repo: FeatureRepo, opts: ClientRepoOptions): string {
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'feature_store.yaml'), featureStoreYaml(repo.project, opts));
  fs.writeFileSync(path.join(dir, 'definitions.py'), definitionsPy(repo, opts.offlineRoot));
  return dir;
}
