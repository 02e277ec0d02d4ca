/**
 * The online store concern: the latest row per entity per feature view, for low-latency
 * serving. Writes are ordered by event time: an older row never replaces a newer one, and
 * every write says how many rows landed and how many were older than what is stored.
 */
import type { FeatureRow } from '../offline/offlineStore';
import type { FeatureValue, FeatureView } from '../types';

/** What the online store holds for one entity of one view. */
export interface OnlineRow {
  eventTimestamp: Date;
  values: Record<string, FeatureValue>;
}

/** What one online write did. */
export interface OnlineWriteResult {
  /** Rows that became the stored row of their entity. */
  written: number;
  /** Rows not written because the entity's stored row is newer (by event time). */
  older: number;
  /** Distinct entity keys of the `older` rows, in first-seen order. */
  olderKeys: string[];
}

export interface OnlineStore {
  /** Creates the view's table when missing (idempotent). */
  ensureTable(view: FeatureView): Promise<void>;
  /** Drops the table of a view removed from the definitions. */
  dropTable(viewName: string): Promise<void>;
  /**
   * Writes rows; for each entity the row with the newest event time wins, whatever the
   * order of arrival (equal event times: the later created wins on SQLite; on Cassandra the
   * write timestamp is the event time, so equal times resolve by Cassandra's own rule).
   * An equal event time counts as written; on SQLite one that lost on `created` as older.
   */
  write(view: FeatureView, rows: FeatureRow[]): Promise<OnlineWriteResult>;
  /**
   * Deletes the stored rows of `entityKeys` (an admin's repair of a bad row); a later write
   * of any event time lands again.
   *
   * @returns the keys that had a row, in the order given (each once).
   */
  delete(view: FeatureView, entityKeys: readonly string[]): Promise<string[]>;
  /** One read per entity at most, batched; null where the entity has no row. */
  read(view: FeatureView, entityKeys: readonly string[]): Promise<(OnlineRow | null)[]>;
}

/** Table name of a view's online data (view names are validated lower snake case). */
export const onlineTable = (viewName: string) => `fs_online_${viewName}`;

/**
 * Classifies `rows` in order against the event times stored before the write (`stored`,
 * updated in place as rows land): what a backend that cannot tell from the write itself
 * (Cassandra) reports. A row older than the stored or an earlier row of the same key is
 * `older`; the others are written.
 *
 * @returns the result, and the rows to write.
 */
export function classifyRows(
  rows: readonly FeatureRow[],
  stored: Map<string, Date | null>,
): { result: OnlineWriteResult; toWrite: FeatureRow[] } {
  const toWrite: FeatureRow[] = [];
  const olderKeys = new Set<string>();
  for (const r of rows) {
    const current = stored.get(r.entityKey);
    if (current && r.eventTimestamp.getTime() < current.getTime()) {
      olderKeys.add(r.entityKey);
      continue;
    }
    stored.set(r.entityKey, r.eventTimestamp);
    toWrite.push(r);
  }
  return {
    result: {
      written: toWrite.length,
      older: rows.length - toWrite.length,
      olderKeys: [...olderKeys],
    },
    toWrite,
  };
}
