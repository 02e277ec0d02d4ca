/**
 * The prediction cache in Cassandra: `prediction_cache`, one partition per prediction
 * ((version, artifact_digest, input_digest)), so entries spread evenly over the cluster and
 * every read is a single-partition lookup. Rows are written `USING TTL` and expire on their own.
 */
import type { Client } from 'cassandra-driver';
import { mapLimit } from '../../concurrency';
import { cassandraCall } from '../cassandra';
import { concernOptions } from '../consistency';
import {
  PREDICTION_CACHE_TTL_SECONDS,
  type CachedPrediction,
  type PredictionCache,
  type PredictionScope,
} from './predictionCache';

/** Prediction cache statements: `predictionCache` levels; reads and upserts are idempotent. */
const CACHE = concernOptions('predictionCache');

/**
 * Rows per unlogged batch in `putMany`. Cassandra warns about unlogged batches spanning more
 * than 10 partitions (`unlogged_batch_across_partitions_warn_threshold`), and every row here
 * is its own partition.
 */
const BATCH_ROWS = 10;

/** {@link PredictionCache} on Apache Cassandra / Astra DB. */
export class CassandraPredictionCache implements PredictionCache {
  private readonly q: Record<'select' | 'insert' | 'truncate', string>;
  private readonly ttlSeconds: number;

  /**
   * @param concurrency - at most this many requests in flight per call (reads and batches).
   * @param opts.ttlSeconds - how long an entry lives (default
   *   {@link PREDICTION_CACHE_TTL_SECONDS}).
   */
  constructor(
    private readonly client: Client,
    private readonly keyspace: string,
    private readonly concurrency: number,
    { ttlSeconds = PREDICTION_CACHE_TTL_SECONDS }: { ttlSeconds?: number } = {},
  ) {
    const ks = keyspace;
    this.ttlSeconds = ttlSeconds;
    this.q = {
      select: `SELECT spam_probability FROM ${ks}.prediction_cache WHERE version = ? AND artifact_digest = ? AND input_digest = ?`,
      insert: `INSERT INTO ${ks}.prediction_cache (version, artifact_digest, input_digest, spam_probability) VALUES (?, ?, ?, ?) USING TTL ?`,
      truncate: `TRUNCATE ${ks}.prediction_cache`,
    };
  }

  async init(): Promise<void> {
    await cassandraCall('create the prediction cache table', () =>
      this.client.execute(
        `CREATE TABLE IF NOT EXISTS ${this.keyspace}.prediction_cache (
           version text, artifact_digest text, input_digest text, spam_probability double,
           PRIMARY KEY ((version, artifact_digest, input_digest))
         )`,
      ),
    );
  }

  async getMany(
    scope: PredictionScope,
    inputDigests: readonly string[],
  ): Promise<(number | null)[]> {
    if (inputDigests.length === 0) return [];
    // One single-partition read per distinct digest, in parallel but bounded: IN over many
    // partitions would make one coordinator wait for all of them.
    const unique = [...new Set(inputDigests)];
    const found = await mapLimit(unique, this.concurrency, async (digest) => {
      const rs = await cassandraCall('read cached predictions', () =>
        this.client.execute(
          this.q.select,
          [scope.version, scope.artifactDigest, digest],
          CACHE.read,
        ),
      );
      const row = rs.first();
      return row ? (row.get('spam_probability') as number) : null;
    });
    const byDigest = new Map(unique.map((d, i) => [d, found[i] ?? null]));
    return inputDigests.map((d) => byDigest.get(d) ?? null);
  }

  async putMany(scope: PredictionScope, entries: readonly CachedPrediction[]): Promise<void> {
    if (entries.length === 0) return;
    // Last one wins for a repeated digest. Writes in one batch share one timestamp, and on a
    // timestamp tie Cassandra keeps the greater value, not the later statement.
    const latest = new Map(entries.map((e) => [e.inputDigest, e.spamProbability]));
    const rows = [...latest].map(([digest, p]) => ({
      query: this.q.insert,
      params: [scope.version, scope.artifactDigest, digest, p, this.ttlSeconds],
    }));
    // Small unlogged batches, `concurrency` in flight. Measured on a local Cassandra 5 node
    // (2 cores, 32 in flight, medians of 3 runs): batches of 10 stored 11k–14k rows/s for
    // 100-row calls and 17k–26k rows/s for 2,000-row calls, against 3k–6k and 4k–12k rows/s
    // for concurrent single inserts (batches of 20: no faster). Each batch stays ≤ 10 rows so
    // no coordinator holds much; unlogged, as there is nothing to keep atomic.
    const batches: (typeof rows)[] = [];
    for (let i = 0; i < rows.length; i += BATCH_ROWS) batches.push(rows.slice(i, i + BATCH_ROWS));
    await mapLimit(batches, this.concurrency, (batch) =>
      cassandraCall('store cached predictions', () =>
        batch.length === 1
          ? this.client.execute(batch[0]!.query, batch[0]!.params, CACHE.write)
          : this.client.batch(batch, { ...CACHE.write, logged: false }),
      ),
    );
  }

  async clear(): Promise<void> {
    await cassandraCall('clear the prediction cache', () => this.client.execute(this.q.truncate));
  }
}
