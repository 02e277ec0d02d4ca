/**
 * Push: applications send fresh feature rows through a push source, to the online store, the
 * offline store (a new Parquet part of the batch source), or both. Every row is checked
 * first — its columns, its values, its entity key, and an event time no further in the
 * future than the store's skew allows — and one bad row rejects the whole push: nothing is
 * written. The answer says how many rows landed online and how many were older than what
 * the online store holds.
 */
import { BadUserInputError } from '../platform/errors';
import { PushSourceNotFoundError } from './errors';
import { idProblem } from '../platform/text';
import { parseTimestamp } from '../platform/timestamp';
import type { OfflineJournal } from './offline/offlineJournal';
import type { FeatureRow, OfflineStore } from './offline/offlineStore';
import type { OnlineStore } from './online/onlineStore';
import type { Entity, FeatureRepo, FeatureView } from './types';
import { checkValue } from './values';

export type PushTarget = 'online' | 'offline' | 'online_and_offline';

/** Most rows one push accepts. */
export const MAX_PUSH_ROWS = 10_000;

/** Default of how far in the future an event time may be (clocks of writers drift). */
export const DEFAULT_MAX_FUTURE_SKEW_SECONDS = 300;

export interface PushResult {
  pushSource: string;
  views: string[];
  /** Rows pushed (each went to every view fed by the push source). */
  rows: number;
  to: PushTarget;
  /** Rows that became the online value of their entity, summed over the online views. */
  written: number;
  /**
   * Rows the online store kept out because it holds a newer event time for that entity
   * (the online value did not change), summed over the online views.
   */
  older: number;
  /** Distinct entity keys of the `older` rows. */
  olderKeys: string[];
  /** Rows appended to the offline store (or its journal), summed over the views. */
  offlineRows: number;
}

/**
 * Parses an event time: strict RFC 3339 text (no timezone = UTC; a space for `T`, a date
 * alone) or epoch milliseconds, 1970 … 9999; impossible dates (`2021-02-30`) are refused.
 */
export function parseEventTime(v: unknown, where: string): Date {
  return parseTimestamp(v, where);
}

/** What rows are checked against besides their view: how far in the future they may be. */
export interface RowLimits {
  /** Latest accepted event (and created) time: now + the allowed skew. */
  notAfter?: { at: Date; now: Date; skewSeconds: number };
}

/** The time, or BAD_USER_INPUT when it is further in the future than `limits` allow. */
function notTooLate(t: Date, where: string, row: number, limits: RowLimits): Date {
  const n = limits.notAfter;
  if (n && t.getTime() > n.at.getTime()) {
    const ahead = Math.round((t.getTime() - n.now.getTime()) / 1000);
    throw new BadUserInputError(
      `${where}: ${t.toISOString()} is ${ahead} s in the future (now ${n.now.toISOString()}); ` +
        `event times may be at most ${n.skewSeconds} s ahead`,
      { row },
    );
  }
  return t;
}

/** Views fed by the push source `name`, or NOT_FOUND. */
function pushedViews(repo: FeatureRepo, name: string): FeatureView[] {
  const views = repo.featureViews.filter(
    (v) => v.source.kind === 'push_source' && v.source.name === name,
  );
  if (views.length === 0) {
    const known = [
      ...new Set(
        repo.featureViews.flatMap((v) => (v.source.kind === 'push_source' ? [v.source.name] : [])),
      ),
    ];
    throw new PushSourceNotFoundError(name, known);
  }
  return views;
}

/** Checks rows against one view: join key, event_timestamp, every field, nothing else. */
export function toFeatureRows(
  view: FeatureView,
  entity: Entity,
  rows: readonly unknown[],
  limits: RowLimits = {},
): FeatureRow[] {
  const ts =
    view.source.kind === 'push_source'
      ? view.source.batchSource.timestampField
      : view.source.timestampField;
  const allowed = new Set([entity.joinKey, ts, 'created', ...view.schema.map((f) => f.name)]);
  return rows.map((raw, i) => {
    const where = `rows[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new BadUserInputError(`${where}: expected an object of column → value`);
    }
    const row = raw as Record<string, unknown>;
    const extra = Object.keys(row).filter((k) => !allowed.has(k));
    if (extra.length)
      throw new BadUserInputError(
        `${where}: unknown column(s) ${extra.join(', ')} for ${view.name}`,
      );
    const key = row[entity.joinKey];
    if (typeof key !== 'string' || key.length === 0 || key.length > 128) {
      throw new BadUserInputError(`${where}.${entity.joinKey}: expected a 1–128 character string`);
    }
    const problem = idProblem(key);
    if (problem) throw new BadUserInputError(`${where}.${entity.joinKey} ${problem}`, { row: i });
    const values: FeatureRow['values'] = {};
    for (const f of view.schema) {
      if (!(f.name in row)) throw new BadUserInputError(`${where}: missing column ${f.name}`);
      values[f.name] = checkValue(f, row[f.name], where);
    }
    const time = (v: unknown, w: string) => notTooLate(parseEventTime(v, w), w, i, limits);
    return {
      entityKey: key,
      eventTimestamp: time(row[ts], `${where}.${ts}`),
      // Feast's SDK sends `created: null` for rows without one.
      created: row.created == null ? undefined : time(row.created, `${where}.created`),
      values,
    };
  });
}

/** How a push writes offline. */
export interface PushOptions {
  /**
   * Append offline rows to this journal (one Parquet part per flush, visible offline after
   * it) instead of writing a Parquet part now: for streams of small pushes.
   */
  journal?: OfflineJournal;
  /** Limits on event times (the store passes now + its skew). */
  limits?: RowLimits;
}

/** Pushes `rows` through push source `name`. */
export async function push(
  deps: { repo: FeatureRepo; online: OnlineStore; offline: OfflineStore },
  name: string,
  rows: unknown,
  to: PushTarget,
  opts: PushOptions = {},
): Promise<PushResult> {
  if (!['online', 'offline', 'online_and_offline'].includes(to)) {
    throw new BadUserInputError(
      `to must be online, offline or online_and_offline, got ${JSON.stringify(to)}`,
    );
  }
  if (!Array.isArray(rows) || rows.length === 0)
    throw new BadUserInputError('rows must be a non-empty list');
  if (rows.length > MAX_PUSH_ROWS)
    throw new BadUserInputError(`at most ${MAX_PUSH_ROWS} rows per push`);
  const views = pushedViews(deps.repo, name);
  // Validate everything before writing anything.
  const prepared = views.map((view) => {
    const entity = deps.repo.entities.find((e) => e.name === view.entities[0]);
    if (!entity) throw new BadUserInputError(`feature view ${view.name} has no known entity`);
    return { view, entity, rows: toFeatureRows(view, entity, rows, opts.limits) };
  });
  const result: PushResult = {
    pushSource: name,
    views: views.map((v) => v.name),
    rows: rows.length,
    to,
    written: 0,
    older: 0,
    olderKeys: [],
    offlineRows: 0,
  };
  const olderKeys = new Set<string>();
  for (const p of prepared) {
    if (to !== 'online') {
      if (opts.journal) opts.journal.append(p.view, p.entity, p.rows);
      else await deps.offline.append(p.view, p.entity, p.rows, 'push');
      result.offlineRows += p.rows.length;
    }
    if (to !== 'offline' && p.view.online) {
      const w = await deps.online.write(p.view, p.rows);
      result.written += w.written;
      result.older += w.older;
      for (const k of w.olderKeys) olderKeys.add(k);
    }
  }
  return { ...result, olderKeys: [...olderKeys] };
}
