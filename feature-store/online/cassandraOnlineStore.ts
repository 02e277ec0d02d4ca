/**
 * Online store on Cassandra: one table per view, partition per entity (a read is one
 * single-partition lookup). Every write carries `USING TIMESTAMP` = the row's event time in
 * microseconds, so Cassandra's last-write-wins keeps the newest *event*, not the newest
 * arrival: a late push of older features can never overwrite newer ones.
 */
import { types, type Client } from 'cassandra-driver';
import { mapLimit } from '../../platform/concurrency';
import { cassandraCall } from '../../platform/storage/cassandra';
import type { FeatureRow } from '../offline/offlineStore';
import type { FeatureView } from '../types';
import { onlineTable, type OnlineRow, type OnlineStore } from './onlineStore';

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

  async write(view: FeatureView, rows: FeatureRow[]): Promise<void> {
    const q = `INSERT INTO ${this.table(view.name)} (entity_key, event_ts, payload) VALUES (?, ?, ?) USING TIMESTAMP ?`;
    await mapLimit(rows, this.concurrency, (r) =>
      cassandraCall(`write online features of ${view.name}`, () =>
        this.client.execute(
          q,
          [
            r.entityKey,
            r.eventTimestamp,
            JSON.stringify(r.values),
            types.Long.fromNumber(r.eventTimestamp.getTime() * 1000),
          ],
          { prepare: true },
        ),
      ),
    );
  }

  async read(view: FeatureView, entityKeys: readonly string[]): Promise<(OnlineRow | null)[]> {
    const q = `SELECT event_ts, payload FROM ${this.table(view.name)} WHERE entity_key = ?`;
    return mapLimit(entityKeys, this.concurrency, async (k) => {
      const rs = await cassandraCall(`read online features of ${view.name}`, () =>
        this.client.execute(q, [k], { prepare: true }),
      );
      const row = rs.first();
      if (!row) return null;
      return {
        eventTimestamp: row.get('event_ts') as Date,
        values: JSON.parse(row.get('payload') as string),
      };
    });
  }
}
