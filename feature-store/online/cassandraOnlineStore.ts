/**
 * Online store on Cassandra: one table per view, partition per entity (a read is one
 * single-partition lookup). Every write carries `USING TIMESTAMP` derived from the row's
 * event time, so Cassandra's last-write-wins keeps the newest *event*, not the newest
 * arrival: a late push of older features can never overwrite newer ones.
 *
 * @remarks Write timestamps, and why deletes need generations. A write's timestamp is
 * `generation × 2^54 + event time in µs` (2^54 µs ≈ 570 years: event times up to 2540).
 * Every entity starts in generation 0, where the timestamp is the event time itself (as
 * before generations existed). A delete cannot be a plain `DELETE`: its tombstone must
 * carry a timestamp ≥ the bad row's (else it shadows nothing), and a tombstone at T
 * shadows every later write at ≤ T — after deleting a row stamped 9999-12-31, no genuine
 * event time could ever be written again. So a delete writes a *marker* (payload `''`,
 * served as absent) at the first timestamp of the next generation, above every cell of
 * the entity, and later writes of that entity read its generation back (the marker's
 * write time) and stamp themselves above the marker: any event time lands again, and
 * newest-event-wins holds within the generation. A write that read the generation before
 * a concurrent delete stays below the marker (it happened before the repair). Writes read
 * the stored rows first anyway, to count the rows that are older than what is stored.
 * At most 511 deletes of one entity fit in Cassandra's 64-bit timestamps.
 */
import { decodeValues, encodeValues } from './payload';
import { types, type Client, type QueryOptions } from 'cassandra-driver';
import { mapLimit } from '../../platform/concurrency';
import { concernOptions } from '../../platform/storage/consistency';
import { cassandraCall } from '../../platform/storage/cassandra';
import type { FeatureRow } from '../offline/offlineStore';
import type { FeatureView } from '../types';
import { BadUserInputError } from '../../platform/errors';
import {
  classifyRows,
  onlineTable,
  type OnlineRow,
  type OnlineStore,
  type OnlineWriteResult,
} from './onlineStore';

/**
 * Online feature statements: `features` levels. Upserts carry their own write timestamps, so
 * a retry is idempotent. The read before a write (stored event times and generations) runs at
 * the write level, so it sees every acknowledged write when both are quorums.
 */
const FEATURES = concernOptions('features');
const FEATURES_BEFORE_WRITE = {
  ...FEATURES.read,
  executionProfile: FEATURES.write.executionProfile,
};

/** Unlogged batches stay under Cassandra's default 5 KiB batch-size warning. */
const BATCH_BYTES = 4500;
const BATCH_ROWS = 200;
/**
 * Keys per multi-partition read. A node serves one `IN` query's partitions one after another,
 * so several small queries in parallel answer sooner: 50 keys on one local node took 4.3 ms as
 * one query, 1.6 ms as 2 × 25, 1.1 ms as 5 × 10, 2.2 ms as 50 single-key queries. The price is
 * more requests per read: with the server saturated (8 clients × 100 entities) 10 keys gave
 * ≈ 10 % less throughput than 25.
 */
export const READ_KEYS_PER_QUERY = 10;

/** Bits of a write timestamp below the generation (event times in µs fit below 2^54). */
const GENERATION_BITS = 54;
const MAX_EVENT_MS = 2 ** GENERATION_BITS / 1000;
/** Payload of a deleted entity's marker row (never valid JSON of values). */
const DELETED = '';

/** What a write or delete needs to know of an entity's stored row. */
interface StoredState {
  /** Event time of the live row; null when there is none (never written, or deleted). */
  eventTs: Date | null;
  /** The generation of the newest cell (0 for never-deleted entities). */
  generation: number;
}

/** The write timestamp of an event time in a generation (see the module remarks). */
function writeTimestamp(generation: number, eventTs: Date): types.Long {
  const ms = eventTs.getTime();
  if (!(ms >= 0 && ms < MAX_EVENT_MS)) {
    throw new BadUserInputError(
      `event time ${eventTs.toISOString()} cannot be stored online (1970 … 2540 only)`,
    );
  }
  return types.Long.fromNumber(generation)
    .shiftLeft(GENERATION_BITS)
    .add(types.Long.fromNumber(ms).multiply(1000));
}

export class CassandraOnlineStore implements OnlineStore {
  constructor(
    private readonly client: Client,
    private readonly keyspace: string,
    private readonly concurrency: number,
  ) {}

  private table(view: string) {
    return `${this.keyspace}.${onlineTable(view)}`;
  }

  async ensureTable(view: FeatureView): Promise<void> {
    await cassandraCall(`create the online table of ${view.name}`, () =>
      this.client.execute(
        `CREATE TABLE IF NOT EXISTS ${this.table(view.name)} (
           entity_key text PRIMARY KEY, event_ts timestamp, payload text
         )`,
      ),
    );
  }

  async dropTable(viewName: string): Promise<void> {
    await cassandraCall(`drop the online table of ${viewName}`, () =>
      this.client.execute(`DROP TABLE IF EXISTS ${this.table(viewName)}`),
    );
  }

  async write(view: FeatureView, rows: FeatureRow[]): Promise<OnlineWriteResult> {
    const state = await this.readState(
      view,
      rows.map((r) => r.entityKey),
    );
    const { result, toWrite } = classifyRows(
      rows,
      new Map([...state].map(([k, s]) => [k, s.eventTs])),
    );
    const generation = (key: string) => state.get(key)?.generation ?? 0;
    const query = `INSERT INTO ${this.table(view.name)} (entity_key, event_ts, payload) VALUES (?, ?, ?) USING TIMESTAMP ?`;
    const batches = this.batchesOf(toWrite);
    await mapLimit(batches, this.concurrency, (batch) =>
      cassandraCall(`write online features of ${view.name}`, () =>
        this.client.batch(
          batch.map(({ row: r, payload }) => ({
            query,
            params: [
              r.entityKey,
              r.eventTimestamp,
              payload,
              writeTimestamp(generation(r.entityKey), r.eventTimestamp),
            ],
          })),
          { ...FEATURES.write, logged: false },
        ),
      ),
    );
    return result;
  }

  /**
   * Token-aware batching: rows whose partitions live on the same replica travel in one small
   * UNLOGGED batch to that replica (one request instead of many, no coordinator fan-out);
   * batches stay under Cassandra's 5 KiB batch-size warning.
   */
  private batchesOf(rows: FeatureRow[]): { row: FeatureRow; payload: string }[][] {
    const batches: { row: FeatureRow; payload: string }[][] = [];
    for (const g of this.groupByReplica(rows, (r) => r.entityKey).values()) {
      let batch: { row: FeatureRow; payload: string }[] = [];
      let bytes = 0;
      for (const row of g) {
        const payload = encodeValues(row.values);
        // Measured on 5.0: a row's share of a batch mutation ≈ its JSON + key + ~100 bytes.
        const size = payload.length + row.entityKey.length + 100;
        if (batch.length > 0 && (bytes + size > BATCH_BYTES || batch.length >= BATCH_ROWS)) {
          batches.push(batch);
          batch = [];
          bytes = 0;
        }
        batch.push({ row, payload });
        bytes += size;
      }
      if (batch.length > 0) batches.push(batch);
    }
    return batches;
  }

  async delete(view: FeatureView, entityKeys: readonly string[]): Promise<string[]> {
    const unique = [...new Set(entityKeys)];
    const state = await this.readState(view, unique);
    const deleted = unique.filter((k) => state.get(k)?.eventTs);
    const query = `INSERT INTO ${this.table(view.name)} (entity_key, event_ts, payload) VALUES (?, ?, ?) USING TIMESTAMP ?`;
    await mapLimit(deleted, this.concurrency, (k) =>
      cassandraCall(`delete online features of ${view.name}`, () =>
        this.client.execute(
          query,
          [
            k,
            new Date(0),
            DELETED,
            types.Long.fromNumber((state.get(k)?.generation ?? 0) + 1).shiftLeft(GENERATION_BITS),
          ],
          FEATURES.write,
        ),
      ),
    );
    return deleted;
  }

  /** The stored state of each key that has a row (live or a delete marker). */
  private async readState(
    view: FeatureView,
    entityKeys: readonly string[],
  ): Promise<Map<string, StoredState>> {
    const state = new Map<string, StoredState>();
    const rows = await this.select(
      view,
      'entity_key, event_ts, payload, WRITETIME(payload) AS wp, WRITETIME(event_ts) AS we',
      entityKeys,
      FEATURES_BEFORE_WRITE,
    );
    for (const row of rows) {
      const times = [row.get('wp'), row.get('we')].filter((t): t is types.Long => t != null);
      const newest = times.reduce<types.Long>(
        (a, b) => (b.greaterThan(a) ? b : a),
        types.Long.ZERO,
      );
      const payload = row.get('payload') as string | null;
      const eventTs = row.get('event_ts') as Date | null;
      state.set(row.get('entity_key') as string, {
        eventTs: payload && eventTs ? eventTs : null,
        generation: newest.shiftRight(GENERATION_BITS).toNumber(),
      });
    }
    return state;
  }

  async read(view: FeatureView, entityKeys: readonly string[]): Promise<(OnlineRow | null)[]> {
    const found = new Map<string, OnlineRow>();
    for (const row of await this.select(
      view,
      'entity_key, event_ts, payload',
      entityKeys,
      FEATURES.read,
    )) {
      const payload = row.get('payload') as string | null;
      const eventTs = row.get('event_ts') as Date | null;
      if (!payload || !eventTs) continue; // a delete marker (or a partial row): absent
      found.set(row.get('entity_key') as string, {
        eventTimestamp: eventTs,
        values: decodeValues(payload),
      });
    }
    return entityKeys.map((k) => found.get(k) ?? null);
  }

  /**
   * Token-aware multi-key reads: keys owned by the same replica go to it as one `IN` query
   * of a few partitions (all local to that node), instead of one request per key.
   */
  private async select(
    view: FeatureView,
    columns: string,
    entityKeys: readonly string[],
    options: QueryOptions,
  ): Promise<types.Row[]> {
    const q = `SELECT ${columns} FROM ${this.table(view.name)} WHERE entity_key IN ?`;
    const unique = [...new Set(entityKeys)];
    const chunks: string[][] = [];
    for (const group of this.groupByReplica(unique, (k) => k).values()) {
      for (let i = 0; i < group.length; i += READ_KEYS_PER_QUERY)
        chunks.push(group.slice(i, i + READ_KEYS_PER_QUERY));
    }
    const found: types.Row[] = [];
    await mapLimit(chunks, this.concurrency, async (keys) => {
      const rs = await cassandraCall(`read online features of ${view.name}`, () =>
        this.client.execute(q, [keys], {
          ...options,
          routingKey: Buffer.from(keys[0] ?? '', 'utf8'),
        }),
      );
      found.push(...rs.rows);
    });
    return found;
  }

  /** Groups items by the first replica of their partition key (one group when unknown). */
  private groupByReplica<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
    // One node owns every token: skip hashing each key (the driver's Murmur3 on its own
    // 64-bit integers showed up in the model subgraph's CPU profile).
    if (this.client.hosts.length <= 1) return new Map([['', [...items]]]);
    const groups = new Map<string, T[]>();
    for (const item of items) {
      const replica =
        this.client.getReplicas(this.keyspace, Buffer.from(key(item), 'utf8'))?.[0]?.address ?? '';
      const g = groups.get(replica);
      if (g) g.push(item);
      else groups.set(replica, [item]);
    }
    return groups;
  }
}
