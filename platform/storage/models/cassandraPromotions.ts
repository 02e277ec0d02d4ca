/**
 * Promotions in Cassandra: one small partition (`scope = 'spam'`) clustered by a TIMEUUID of
 * the promotion time, newest first, so the current choice is the first row of one partition.
 */
import { types, type Client } from 'cassandra-driver';
import { cassandraCall } from '../cassandra';
import { concernOptions } from '../consistency';
import type { Promotion, PromotionStore } from './promotions';

/** Promotion statements: `metadata` levels. */
const PROMOTIONS = concernOptions('metadata');

/** The one partition: every deployment of the spam models shares it. */
const SCOPE = 'spam';

/** {@link PromotionStore} on Apache Cassandra / Astra DB. */
export class CassandraPromotionStore implements PromotionStore {
  constructor(
    private readonly client: Client,
    private readonly keyspace: string,
  ) {}

  async init(): Promise<void> {
    await cassandraCall('create the promotions table', () =>
      this.client.execute(
        `CREATE TABLE IF NOT EXISTS ${this.keyspace}.model_promotions (
           scope text, promoted_at timeuuid, champion text, challenger text, promoted_by text,
           PRIMARY KEY (scope, promoted_at)
         ) WITH CLUSTERING ORDER BY (promoted_at DESC)`,
      ),
    );
  }

  async record(p: Promotion): Promise<void> {
    await cassandraCall('record a promotion', () =>
      this.client.execute(
        `INSERT INTO ${this.keyspace}.model_promotions (scope, promoted_at, champion, challenger, promoted_by) VALUES (?, ?, ?, ?, ?)`,
        [SCOPE, types.TimeUuid.fromDate(p.promotedAt), p.champion, p.challenger, p.promotedBy],
        PROMOTIONS.write,
      ),
    );
  }

  async history(limit: number): Promise<Promotion[]> {
    const rs = await cassandraCall('read promotions', () =>
      this.client.execute(
        `SELECT promoted_at, champion, challenger, promoted_by FROM ${this.keyspace}.model_promotions WHERE scope = ? LIMIT ?`,
        [SCOPE, limit],
        PROMOTIONS.read,
      ),
    );
    return rs.rows.map((r) => ({
      champion: r.get('champion') as string,
      challenger: (r.get('challenger') as string | null) ?? null,
      promotedAt: (r.get('promoted_at') as types.TimeUuid).getDate(),
      promotedBy: r.get('promoted_by') as string,
    }));
  }
}
