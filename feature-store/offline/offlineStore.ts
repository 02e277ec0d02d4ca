/**
 * The offline store: each batch source is a folder of Parquet part files under
 * DATA_DIR/offline/<source path>/. Writers add whole part files (temp file + rename), so
 * concurrent offline pushes never tear or lose rows; readers see every complete part.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringifyJsonExact } from '../../platform/json/exactJson';
import type { Entity, FeatureValue, FeatureView, Field, FileSource, Int64 } from '../types';
import { int64OfBigInt } from '../values';
import { batchSourceOf } from '../types';
import { duckdb, sqlIdent, sqlString } from './duckdb';

/** One row of one feature view, as written offline or online. */
export interface FeatureRow {
  entityKey: string;
  eventTimestamp: Date;
  /** When the row was written; breaks ties between rows with the same event time. */
  created?: Date;
  values: Record<string, FeatureValue>;
}

const DUCK_TYPE: Record<Field['dtype'], string> = {
  int64: 'BIGINT',
  float64: 'DOUBLE',
  string: 'VARCHAR',
  bool: 'BOOLEAN',
  int64_list: 'BIGINT[]',
  float64_list: 'DOUBLE[]',
};

/** DuckDB's JS values → ours (BIGINT comes back as bigint: a number when safe). */
export function fromDuck(v: unknown): FeatureValue {
  if (typeof v === 'bigint') return int64OfBigInt(v);
  if (Array.isArray(v)) {
    return v.map((x: unknown) =>
      typeof x === 'bigint' ? int64OfBigInt(x) : (x as number),
    ) as Int64[];
  }
  return v as FeatureValue;
}

export class OfflineStore {
  constructor(readonly root: string) {}

  /** Folder of a source's part files. */
  dir(source: FileSource): string {
    return path.join(this.root, source.path);
  }

  /** True when the source has at least one complete part file. */
  hasData(source: FileSource): boolean {
    const d = this.dir(source);
    return fs.existsSync(d) && fs.readdirSync(d).some((f) => f.endsWith('.parquet'));
  }

  /** `read_parquet(...)` over every complete part of the source. */
  scan(source: FileSource): string {
    return `read_parquet(${sqlString(path.join(this.dir(source), '*.parquet'))}, union_by_name = true)`;
  }

  /**
   * Writes `rows` as one new Parquet part of the view's batch source.
   *
   * @returns the part file's path.
   */
  async append(
    view: FeatureView,
    entity: Entity,
    rows: FeatureRow[],
    label = 'push',
  ): Promise<string> {
    const id = `${new Date().toISOString().replace(/[:.]/g, '')}-${randomUUID().slice(0, 8)}`;
    const tmpJson = path.join(os.tmpdir(), `spamgraph-${id}.ndjson`);
    fs.writeFileSync(tmpJson, ndjsonLines(view, entity, rows, new Date()));
    try {
      return await this.writePart(view, entity, tmpJson, `part-${id}-${label}.parquet`);
    } finally {
      fs.rmSync(tmpJson, { force: true });
    }
  }

  /**
   * Writes the rows of an NDJSON file (lines from {@link ndjsonLines}) as the Parquet part
   * `name` of the view's batch source: a temp file, then a rename, so readers never see a
   * partial part.
   *
   * @returns the part file's path.
   */
  async writePart(
    view: FeatureView,
    entity: Entity,
    ndjsonFile: string,
    name: string,
  ): Promise<string> {
    const source = batchSourceOf(view);
    const dir = this.dir(source);
    fs.mkdirSync(dir, { recursive: true });
    const final = path.join(dir, name);
    const tmpParquet = path.join(dir, `.${name}.${randomUUID().slice(0, 8)}.tmp`);
    const columns = [
      `${sqlString(entity.joinKey)}: 'VARCHAR'`,
      `${sqlString(source.timestampField)}: 'TIMESTAMPTZ'`,
      `${sqlString(source.createdTimestampColumn ?? 'created')}: 'TIMESTAMPTZ'`,
      ...view.schema.map((f) => `${sqlString(f.name)}: '${DUCK_TYPE[f.dtype]}'`),
    ];
    const conn = await duckdb();
    try {
      await conn.run(
        `COPY (SELECT * FROM read_json(${sqlString(ndjsonFile)}, format = 'newline_delimited', columns = {${columns.join(', ')}}))
         TO ${sqlString(tmpParquet)} (FORMAT parquet, COMPRESSION zstd)`,
      );
      fs.renameSync(tmpParquet, final);
      return final;
    } finally {
      conn.closeSync();
      fs.rmSync(tmpParquet, { force: true });
    }
  }

  /**
   * The distinct entity keys with at least one row of the view's batch source at or before
   * `until` (event time), in key order.
   */
  async entityKeys(view: FeatureView, entity: Entity, until: Date): Promise<string[]> {
    const source = batchSourceOf(view);
    if (!this.hasData(source)) return [];
    const ts = sqlIdent(source.timestampField);
    const key = sqlIdent(entity.joinKey);
    const conn = await duckdb();
    try {
      const reader = await conn.runAndReadAll(
        `SELECT DISTINCT ${key} AS k FROM ${this.scan(source)} WHERE ${ts} <= $until ORDER BY k`,
        { until: until.toISOString() },
      );
      return reader.getRowObjectsJS().map((r) => String(r.k));
    } finally {
      conn.closeSync();
    }
  }

  /**
   * The latest row per entity with `start ≤ event time ≤ end` (ties: latest created),
   * what materialization copies online.
   */
  async latestPerEntity(
    view: FeatureView,
    entity: Entity,
    start: Date,
    end: Date,
  ): Promise<FeatureRow[]> {
    const source = batchSourceOf(view);
    if (!this.hasData(source)) return [];
    const ts = sqlIdent(source.timestampField);
    const created = sqlIdent(source.createdTimestampColumn ?? 'created');
    const key = sqlIdent(entity.joinKey);
    const cols = view.schema.map((f) => sqlIdent(f.name)).join(', ');
    const conn = await duckdb();
    try {
      const reader = await conn.runAndReadAll(
        `SELECT ${key} AS k, ${ts} AS ts, ${created} AS cr, ${cols}
         FROM ${this.scan(source)}
         WHERE ${ts} BETWEEN $start AND $end
         QUALIFY row_number() OVER (PARTITION BY ${key} ORDER BY ${ts} DESC, ${created} DESC NULLS LAST) = 1`,
        { start: start.toISOString(), end: end.toISOString() },
      );
      return reader.getRowObjectsJS().map((r) => ({
        entityKey: String(r.k),
        eventTimestamp: r.ts as unknown as Date,
        created: (r.cr as unknown as Date | null) ?? undefined,
        values: Object.fromEntries(view.schema.map((f) => [f.name, fromDuck(r[f.name])])),
      }));
    } finally {
      conn.closeSync();
    }
  }
}

/**
 * Rows of one view as NDJSON lines in the batch source's columns (join key, event time,
 * created, features), the input of {@link OfflineStore.writePart}.
 *
 * @param created - the created time of rows that carry none
 */
export function ndjsonLines(
  view: FeatureView,
  entity: Entity,
  rows: readonly FeatureRow[],
  created: Date,
): string {
  const source = batchSourceOf(view);
  const createdIso = created.toISOString();
  return rows
    .map(
      (r) =>
        // Exact digits for int64 beyond 2^53: DuckDB reads them into BIGINT as they are.
        stringifyJsonExact({
          [entity.joinKey]: r.entityKey,
          [source.timestampField]: r.eventTimestamp.toISOString(),
          [source.createdTimestampColumn ?? 'created']: r.created?.toISOString() ?? createdIso,
          ...r.values,
        }) + '\n',
    )
    .join('');
}
