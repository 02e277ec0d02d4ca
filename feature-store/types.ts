/**
 * Feast's vocabulary, in TypeScript: entities, data sources, feature views and feature
 * services. Definitions are plain data (serializable into the registry), built with the
 * checked constructors in definitions.ts.
 */

/** Value types a feature can have (Feast's ValueType subset we need). */
export type ValueType = 'int64' | 'float64' | 'string' | 'bool' | 'int64_list' | 'float64_list';

/** One typed column of a feature view. */
export interface Field {
  name: string;
  dtype: ValueType;
  /** For list types: the exact length every vector must have (e.g. 30 token ids). */
  length?: number;
  description?: string;
}

/** What features describe; `joinKey` is the column that identifies one. */
export interface Entity {
  kind: 'entity';
  name: string;
  joinKey: string;
  valueType: 'string';
  description?: string;
}

/** Offline data in Parquet files (a file, or a folder of part files written by pushes). */
export interface FileSource {
  kind: 'file_source';
  name: string;
  /** Path relative to the offline store root (DATA_DIR/offline). */
  path: string;
  timestampField: string;
  createdTimestampColumn?: string;
  description?: string;
}

/** Rows pushed by applications; lands online and/or in its batch source offline. */
export interface PushSource {
  kind: 'push_source';
  name: string;
  batchSource: FileSource;
  description?: string;
}

export type DataSource = FileSource | PushSource;

/** A group of features of one entity, read from one source. */
export interface FeatureView {
  kind: 'feature_view';
  name: string;
  entities: string[];
  /** Max age of a value in seconds; 0 = forever (Feast semantics). */
  ttlSeconds: number;
  schema: Field[];
  source: DataSource;
  /** Whether materialization and pushes keep it in the online store. */
  online: boolean;
  description?: string;
  tags?: Record<string, string>;
}

/** A feature view, or a subset of its features, inside a service. */
export interface FeatureViewProjection {
  view: string;
  features: string[];
}

/** A named set of features a model consumes (what callers ask for). */
export interface FeatureService {
  kind: 'feature_service';
  name: string;
  features: FeatureViewProjection[];
  description?: string;
  tags?: Record<string, string>;
}

/** Everything a project defines; what `apply` registers. */
export interface FeatureRepo {
  project: string;
  entities: Entity[];
  featureViews: FeatureView[];
  featureServices: FeatureService[];
}

/**
 * An int64 value: a number within ±(2^53 − 1), a bigint beyond (exact to 2^63 − 1; JSON numbers
 * in JS are doubles, so larger integers travel as bigints: platform/json/exactJson.ts).
 */
export type Int64 = number | bigint;

/**
 * A feature value as stored and served (lists for vectors). Only int64 values beyond 2^53 are
 * bigints; every float64 is a number.
 */
export type FeatureValue = number | bigint | string | boolean | Int64[] | null;

/** Feast's online read statuses. */
export type FeatureStatus = 'PRESENT' | 'NULL_VALUE' | 'NOT_FOUND' | 'OUTSIDE_MAX_AGE';

/** The batch source behind a view (a push source's batch source for pushed views). */
export function batchSourceOf(view: FeatureView): FileSource {
  return view.source.kind === 'push_source' ? view.source.batchSource : view.source;
}
