/**
 * Feast's JSON shapes on the wire: column-major online responses with RFC 3339 timestamps,
 * and column-major data frames in push requests.
 */
import type {
  MaterializeResult,
  OnlineFeatures,
  PushResult,
  FeatureStatus,
  FeatureValue,
} from '../../../feature-store';
import { BadUserInputError } from '../../../platform/errors';

/** What Feast sends where a value has no event time (NOT_FOUND, the join key column). */
export const FEAST_NO_TIMESTAMP = '1970-01-01T00:00:00Z';

/**
 * A timestamp as protobuf's JSON mapping (what Feast's server emits) writes it: UTC, no
 * fraction when the milliseconds are 0, else three digits; null → {@link FEAST_NO_TIMESTAMP}.
 */
export function feastTimestamp(d: Date | null): string {
  if (d === null) return FEAST_NO_TIMESTAMP;
  return d.toISOString().replace('.000Z', 'Z');
}

/** `POST /get-online-features` response body. */
export interface FeastOnlineResponse {
  metadata: { feature_names: string[] };
  results: { values: FeatureValue[]; statuses: FeatureStatus[]; event_timestamps: string[] }[];
}

export function toFeastOnlineResponse(r: OnlineFeatures): FeastOnlineResponse {
  // Rows materialized together share event times: format each distinct one once (formatting
  // was a third of the CPU of a 100-entity read).
  const formatted = new Map<number, string>();
  const format = (d: Date | null) => {
    if (d === null) return FEAST_NO_TIMESTAMP;
    const t = d.getTime();
    let s = formatted.get(t);
    if (s === undefined) formatted.set(t, (s = feastTimestamp(d)));
    return s;
  };
  return {
    metadata: { feature_names: r.featureNames },
    results: r.columns.map((c) => ({
      values: c.values,
      statuses: c.statuses,
      event_timestamps: c.eventTimestamps.map(format),
    })),
  };
}

/**
 * Rows of a Feast JSON data frame (`{column: [values…]}`, what pandas' `to_dict("list")`
 * gives): row i takes entry i of every column.
 */
export function dataFrameRows(df: unknown): Record<string, unknown>[] {
  if (typeof df !== 'object' || df === null || Array.isArray(df)) {
    throw new BadUserInputError(
      'df must be an object of column → list of values (column-major, like Feast)',
      { field: 'df' },
    );
  }
  const columns = Object.entries(df as Record<string, unknown>);
  if (columns.length === 0) throw new BadUserInputError('df has no columns', { field: 'df' });
  let rows = -1;
  let first = '';
  for (const [name, values] of columns) {
    if (!Array.isArray(values)) {
      throw new BadUserInputError(`df.${name} must be a list of values`, { field: 'df' });
    }
    if (rows === -1) [rows, first] = [values.length, name];
    else if (values.length !== rows) {
      throw new BadUserInputError(
        `df.${name} has ${values.length} values but df.${first} has ${rows}: columns must be equally long`,
        { field: 'df' },
      );
    }
  }
  return Array.from({ length: rows }, (_, i) =>
    Object.fromEntries(columns.map(([name, values]) => [name, (values as unknown[])[i]])),
  );
}

/**
 * `POST /push` response body: what was written (Feast itself answers with an empty body):
 * rows pushed, rows that became the online value, rows older than what the online store
 * holds (the online value did not change), rows appended offline.
 */
export const toFeastPushResponse = (r: PushResult) => ({
  push_source_name: r.pushSource,
  feature_views: r.views,
  rows: r.rows,
  to: r.to,
  written: r.written,
  older: r.older,
  offline_rows: r.offlineRows,
});

/** `POST /materialize[-incremental]` response body. */
export const toFeastMaterializeResponse = (r: MaterializeResult) => ({
  feature_views: r.views.map((v) => ({
    name: v.view,
    start_ts: feastTimestamp(v.start),
    end_ts: feastTimestamp(v.end),
    rows: v.rows,
    written: v.written,
    older: v.older,
    seconds: v.seconds,
  })),
  rows: r.rows,
  written: r.written,
  older: r.older,
  seconds: r.seconds,
  rows_per_second: r.rowsPerSecond,
});
