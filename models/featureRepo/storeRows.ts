/**
 * Writing {@link messageRows}' rows to the feature store, as ingestion and serving's
 * write-through do: through the view's push source when it has one (Feast's `push`), else
 * straight to the online store (Feast's `write_to_online_store`: no offline history).
 */
import { batchSourceOf, type FeatureStore } from '../../feature-store';
import { sms } from './definitions';
import type { MessageRows } from './messageRows';

/**
 * The rows as a push or an online write takes them: the entity's join key, the source's
 * timestamp field (ISO-8601), `created` when set, then the features.
 */
export function pushRowsOf(rows: MessageRows): Record<string, unknown>[] {
  const ts = batchSourceOf(rows.view).timestampField;
  return rows.rows.map((r) => ({
    [sms.joinKey]: r.entityKey,
    [ts]: r.eventTimestamp.toISOString(),
    ...(r.created && { created: r.created.toISOString() }),
    ...r.values,
  }));
}

/** What {@link storeMessageRows} did online. */
export interface StoredRows {
  /** Rows that became the online value. */
  written: number;
  /** Entity keys whose rows were older than what the online store holds (not written). */
  olderKeys: string[];
}

/**
 * Stores `rows`: pushed to `to` when the view has a push source (the offline half buffered
 * in the store's journal, visible offline after its next flush), else written online only.
 *
 * @throws NotFoundError when the definitions are not registered (`fs apply`);
 *   StorageUnavailableError when a store cannot be written.
 */
export async function storeMessageRows(
  store: Pick<FeatureStore, 'push' | 'writeToOnlineStore'>,
  rows: MessageRows,
  to: 'online' | 'online_and_offline',
): Promise<StoredRows> {
  if (rows.rows.length === 0) return { written: 0, olderKeys: [] };
  const data = pushRowsOf(rows);
  const { written, olderKeys } = !rows.pushSource
    ? await store.writeToOnlineStore(rows.view.name, data)
    : to === 'online'
      ? await store.push(rows.pushSource, data, 'online')
      : await store.push(rows.pushSource, data, to, { bufferOffline: true });
  return { written, olderKeys };
}
