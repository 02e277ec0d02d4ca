/**
 * What an attacker with write access to storage could have done before event times were
 * bounded: an online row stamped far in the future, written straight into the view's table
 * (on Cassandra with `USING TIMESTAMP` = that event time, as pushes then wrote it). Tests use
 * it to prove that `deleteOnline` repairs such a row on each backend.
 */
import { types } from 'cassandra-driver';
import type { Storage } from '../../platform/storage';
import { onlineTable } from '../online/onlineStore';
import type { FeatureValue } from '../types';

/** Writes `values` as the online row of `entityKey` in `view`, stamped `eventTs`. */
export async function poisonOnlineRow(
  storage: Storage,
  view: string,
  entityKey: string,
  values: Record<string, FeatureValue>,
  eventTs: Date,
): Promise<void> {
  const c = storage.connection;
  const payload = JSON.stringify(values);
  if (c.backend === 'sqlite') {
    c.db
      .prepare(
        `INSERT OR REPLACE INTO ${onlineTable(view)} (entity_key, event_ts, created_ts, payload) VALUES (?, ?, ?, ?)`,
      )
      .run(entityKey, eventTs.getTime(), eventTs.getTime(), payload);
    return;
  }
  await c.client.execute(
    `INSERT INTO ${c.keyspace}.${onlineTable(view)} (entity_key, event_ts, payload) VALUES (?, ?, ?) USING TIMESTAMP ?`,
    [entityKey, eventTs, payload, types.Long.fromNumber(eventTs.getTime()).multiply(1000)],
    { prepare: true },
  );
}

/** Every entity key with a row in `view`'s online table, sorted (to prove nothing changed). */
export async function onlineKeys(storage: Storage, view: string): Promise<string[]> {
  const c = storage.connection;
  const keys =
    c.backend === 'sqlite'
      ? c.db
          .prepare<[], { entity_key: string }>(`SELECT entity_key FROM ${onlineTable(view)}`)
          .all()
          .map((r) => r.entity_key)
      : (
          await c.client.execute(
            `SELECT entity_key, payload FROM ${c.keyspace}.${onlineTable(view)}`,
          )
        ).rows
          .filter((r) => r.get('payload')) // a deleted entity's marker is no row
          .map((r) => r.get('entity_key') as string);
  return keys.sort();
}
