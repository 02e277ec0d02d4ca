/**
 * Point-in-time correct training data, with Feast's semantics: for an entity row at time t,
 * each view gives its latest row with event time ≤ t and ≥ t − ttl (ttl 0: no lower bound);
 * rows with equal event times are broken by the created timestamp; entity rows with no match
 * are kept, with nulls. One DuckDB query of chained ASOF LEFT JOINs over the Parquet parts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Entity, FeatureValue, FeatureView } from '../types';
import { batchSourceOf } from '../types';
import { duckdb, sqlIdent, sqlString } from './duckdb';
import { fromDuck, type OfflineStore } from './offlineStore';

/** Entity key and the moment it is looked at. */
export interface EntityRow {
  entityKey: string;
  eventTimestamp: Date;
}

/** Some features of one view. */
export interface FeatureRef {
  view: FeatureView;
  features: string[];
}

/** Training rows in the order of the entity rows. */
export interface HistoricalResult {
  /** Output feature column names (`view__feature` with full names). */
  featureColumns: string[];
  rows: { entityKey: string; eventTimestamp: Date; values: Record<string, FeatureValue> }[];
}

/** Column name of a feature in results. */
export const featureColumn = (view: string, feature: string, full: boolean) =>
  full ? `${view}__${feature}` : feature;

/**
 * Joins `refs` onto `entityRows` as of each row's time.
 *
 * @remarks A view whose source has no data yet contributes nulls.
 */
export async function getHistoricalFeatures(
  offline: OfflineStore,
  entity: Entity,
  entityRows: EntityRow[],
  refs: FeatureRef[],
  opts: { fullFeatureNames?: boolean } = {},
): Promise<HistoricalResult> {
  const full = opts.fullFeatureNames ?? false;
  const featureColumns = refs.flatMap((r) =>
    r.features.map((f) => featureColumn(r.view.name, f, full)),
  );
  if (entityRows.length === 0) return { featureColumns, rows: [] };
  const tmp = path.join(os.tmpdir(), `spamgraph-entities-${randomUUID()}.ndjson`);
  fs.writeFileSync(
    tmp,
    entityRows
      .map((r, i) => JSON.stringify({ i, k: r.entityKey, t: r.eventTimestamp.toISOString() }))
      .join('\n') + '\n',
  );
  const ctes = [
    `e AS (SELECT * FROM read_json(${sqlString(tmp)}, format = 'newline_delimited', columns = {i: 'BIGINT', k: 'VARCHAR', t: 'TIMESTAMPTZ'}))`,
  ];
  const joins: string[] = [];
  const selects: string[] = [];
  refs.forEach((ref, n) => {
    const source = batchSourceOf(ref.view);
    const alias = `v${n}`;
    const within =
      ref.view.ttlSeconds > 0
        ? `${alias}.__ts >= e.t - to_seconds(${ref.view.ttlSeconds})`
        : 'TRUE';
    for (const f of ref.features) {
      const out = sqlIdent(featureColumn(ref.view.name, f, full));
      selects.push(`CASE WHEN ${within} THEN ${alias}.${sqlIdent(f)} END AS ${out}`);
    }
    if (!offline.hasData(source)) {
      // Nothing offline yet: an empty relation of the right shape keeps the query uniform.
      ctes.push(
        `${alias} AS (SELECT NULL::VARCHAR AS __k, NULL::TIMESTAMPTZ AS __ts, ${ref.features
          .map((f) => `NULL AS ${sqlIdent(f)}`)
          .join(', ')} WHERE FALSE)`,
      );
    } else {
      const ts = sqlIdent(source.timestampField);
      const created = sqlIdent(source.createdTimestampColumn ?? 'created');
      ctes.push(
        `${alias} AS (SELECT ${sqlIdent(entity.joinKey)} AS __k, ${ts} AS __ts, ${ref.features.map(sqlIdent).join(', ')}
          FROM ${offline.scan(source)}
          QUALIFY row_number() OVER (PARTITION BY ${sqlIdent(entity.joinKey)}, ${ts} ORDER BY ${created} DESC NULLS LAST) = 1)`,
      );
    }
    joins.push(`ASOF LEFT JOIN ${alias} ON e.k = ${alias}.__k AND e.t >= ${alias}.__ts`);
  });
  const sql = `WITH ${ctes.join(',\n')}
    SELECT e.i, e.k, e.t${selects.length ? ', ' + selects.join(', ') : ''}
    FROM e ${joins.join(' ')} ORDER BY e.i`;
  const conn = await duckdb();
  try {
    const reader = await conn.runAndReadAll(sql);
    return {
      featureColumns,
      rows: reader.getRowObjectsJS().map((r) => ({
        entityKey: String(r.k),
        eventTimestamp: r.t as unknown as Date,
        values: Object.fromEntries(featureColumns.map((c) => [c, fromDuck(r[c])])),
      })),
    };
  } finally {
    conn.closeSync();
    fs.rmSync(tmp, { force: true });
  }
}
