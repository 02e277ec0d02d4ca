/**
 * The online store concern: the latest row per entity per feature view, for low-latency
 * serving. Writes are ordered by event time: an older row never replaces a newer one.
 */
import type { FeatureRow } from '../offline/offlineStore';
import type { FeatureValue, FeatureView } from '../types';

/** What the online store holds for one entity of one view. */
export interface OnlineRow {
  eventTimestamp: Date;
  values: Record<string, FeatureValue>;
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
   */
  write(view: FeatureView, rows: FeatureRow[]): Promise<void>;
  /** One read per entity at most, batched; null where the entity has no row. */
  read(view: FeatureView, entityKeys: readonly string[]): Promise<(OnlineRow | null)[]>;
}

/** Table name of a view's online data (view names are validated lower snake case). */
export const onlineTable = (viewName: string) => `fs_online_${viewName}`;
