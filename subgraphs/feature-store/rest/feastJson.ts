/**
 * Feast's JSON shapes on the wire: column-major online responses with RFC 3339 timestamps,
 * and column-major data frames in push requests.
 */
import type {
  FeatureValue,
  Int64,
  MaterializeResult,
  OnlineFeatures,
  OnlineWriteSummary,
  PushResult,
  ValueType,
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

/**
 * A float64 as Feast writes it: always with a fraction or an exponent (`0.0`, `1.0`, `1e+21`),
 * so Feast's SDK, which types a JSON value by its look, reads a double and not an int64.
 */
function floatText(v: number): string {
  const s = String(v);
  return Number.isInteger(v) && !s.includes('e') ? `${s}.0` : s;
}

/** One value of a column of type `dtype` as JSON text (bigints as their exact digits). */
function valueText(dtype: ValueType, v: FeatureValue): string {
  if (v === null) return 'null';
  switch (dtype) {
    case 'float64':
      return floatText(v as number);
    case 'float64_list':
      return `[${(v as number[]).map(floatText).join(',')}]`;
    case 'int64':
      return String(v);
    case 'int64_list':
      return `[${(v as Int64[]).join(',')}]`;
    default:
      return JSON.stringify(v);
  }
}

/**
 * `POST /get-online-features` response body as JSON text, in Feast's shape
 * (`{metadata: {feature_names}, results: [{values, statuses, event_timestamps}…]}`), each
 * value written as its declared type: float64 with a fraction, int64 exact beyond 2^53.
 */
export function feastOnlineResponseText(r: OnlineFeatures): string {
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
  const results = r.columns.map((c) => {
    const values = c.values.map((v) => valueText(c.dtype, v)).join(',');
    return `{"values":[${values}],"statuses":${JSON.stringify(c.statuses)},"event_timestamps":${JSON.stringify(c.eventTimestamps.map(format))}}`;
  });
  return `{"metadata":{"feature_names":${JSON.stringify(r.featureNames)}},"results":[${results.join(',')}]}`;
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

/**
 * `POST /write-to-online-store` response body (Feast answers `null`; the counts are ours): rows
 * written, how many became the online value, how many were older than what it holds.
 */
export const toFeastOnlineWriteResponse = (r: OnlineWriteSummary) => ({
  feature_view_name: r.view,
  rows: r.rows,
  written: r.written,
  older: r.older,
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
