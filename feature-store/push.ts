/**
 * Push: applications send fresh feature rows through a push source, to the online store, the
 * offline store (a new Parquet part of the batch source), or both. Every row is checked
 * first; one bad row rejects the whole push and nothing is written.
 */
import { BadUserInputError } from '../platform/errors';
import type { OfflineJournal } from './offline/offlineJournal';
import type { FeatureRow, OfflineStore } from './offline/offlineStore';
import type { OnlineStore } from './online/onlineStore';
import type { Entity, FeatureRepo, FeatureView } from './types';
import { checkValue } from './values';

export type PushTarget = 'online' | 'offline' | 'online_and_offline';

/** Most rows one push accepts. */
export const MAX_PUSH_ROWS = 10_000;

export interface PushResult {
  pushSource: string;
  views: string[];
  rows: number;
  to: PushTarget;
}

/** Parses an event time given as ISO-8601 text (with timezone) or epoch milliseconds. */
export function parseEventTime(v: unknown, where: string): Date {
  const d =
    typeof v === 'number' && Number.isFinite(v)
      ? new Date(v)
      : typeof v === 'string' &&
          /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(
            v.trim(),
          )
        ? new Date(/(Z|[+-]\d{2}:?\d{2})$/.test(v.trim()) ? v.trim() : `${v.trim()}Z`)
        : null;
  if (!d || Number.isNaN(d.getTime())) {
    throw new BadUserInputError(
      `${where}: cannot parse timestamp ${JSON.stringify(v)} (ISO-8601 or epoch ms)`,
    );
  }
  return d;
}

/** Views fed by the push source `name`, or BAD_USER_INPUT. */
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
    throw new BadUserInputError(
      `unknown push source "${name}"; known: ${known.join(', ') || 'none'}`,
    );
  }
  return views;
}

/** Checks rows against one view: join key, event_timestamp, every field, nothing else. */
export function toFeatureRows(
  view: FeatureView,
  entity: Entity,
  rows: readonly unknown[],
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
    const values: FeatureRow['values'] = {};
    for (const f of view.schema) {
      if (!(f.name in row)) throw new BadUserInputError(`${where}: missing column ${f.name}`);
      values[f.name] = checkValue(f, row[f.name], where);
    }
    return {
      entityKey: key,
      eventTimestamp: parseEventTime(row[ts], `${where}.${ts}`),
      created:
        row.created === undefined ? undefined : parseEventTime(row.created, `${where}.created`),
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
    return { view, entity, rows: toFeatureRows(view, entity, rows) };
  });
  for (const p of prepared) {
    if (to !== 'online') {
      if (opts.journal) opts.journal.append(p.view, p.entity, p.rows);
      else await deps.offline.append(p.view, p.entity, p.rows, 'push');
    }
    if (to !== 'offline' && p.view.online) await deps.online.write(p.view, p.rows);
  }
  return { pushSource: name, views: views.map((v) => v.name), rows: rows.length, to };
}
