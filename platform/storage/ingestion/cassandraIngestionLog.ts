/**
 * The ingestion log in Cassandra: `ingestion_log`, one partition per (recipient, key). A claim
 * is a lightweight transaction (`INSERT … IF NOT EXISTS`), so of two concurrent claims of one
 * key exactly one wins; rows are written `USING TTL`, so Cassandra forgets keys by itself.
 */
import type { Client, types } from 'cassandra-driver';
import { cassandraCall } from '../cassandra';
import { concernOptions } from '../consistency';
import {
  IDEMPOTENCY_KEY_TTL_SECONDS,
  type IngestionLogStore,
  type IngestionRecord,
} from './ingestionLog';

/** Ingestion log statements: `ingestion` levels; the claim and the mark are LWTs (not idempotent). */
const LOG = concernOptions('ingestion');

const toRecord = (r: types.Row): IngestionRecord => {
  const stored = r.get('features_stored_at') as Date | null;
  return {
    recipientId: r.get('recipient_id') as string,
    idempotencyKey: r.get('idempotency_key') as string,
    smsId: String(r.get('sms_id')),
    requestDigest: r.get('request_digest') as string,
    featuresStoredAt: stored ?? null,
  };
};

/** {@link IngestionLogStore} on Apache Cassandra / Astra DB. */
export class CassandraIngestionLogStore implements IngestionLogStore {
  private readonly q: Record<'claim' | 'get' | 'ttl' | 'mark', string>;
  private readonly ttlSeconds: number;

  /** @param opts.ttlSeconds - how long a key is remembered (default 7 days). */
  constructor(
    private readonly client: Client,
    private readonly keyspace: string,
    { ttlSeconds = IDEMPOTENCY_KEY_TTL_SECONDS }: { ttlSeconds?: number } = {},
  ) {
    const ks = keyspace;
    this.ttlSeconds = ttlSeconds;
    const cols = 'recipient_id, idempotency_key, sms_id, request_digest, features_stored_at';
    this.q = {
      claim: `INSERT INTO ${ks}.ingestion_log (recipient_id, idempotency_key, sms_id, request_digest) VALUES (?, ?, ?, ?) IF NOT EXISTS USING TTL ?`,
      get: `SELECT ${cols} FROM ${ks}.ingestion_log WHERE recipient_id = ? AND idempotency_key = ?`,
      ttl: `SELECT TTL(sms_id) AS ttl FROM ${ks}.ingestion_log WHERE recipient_id = ? AND idempotency_key = ?`,
      // IF EXISTS: never resurrect an expired key as a row without a message.
      mark: `UPDATE ${ks}.ingestion_log USING TTL ? SET features_stored_at = ? WHERE recipient_id = ? AND idempotency_key = ? IF EXISTS`,
    };
  }

  async init(): Promise<void> {
    await cassandraCall('create the ingestion log table', () =>
      this.client.execute(
        `CREATE TABLE IF NOT EXISTS ${this.keyspace}.ingestion_log (
           recipient_id text, idempotency_key text, sms_id timeuuid, request_digest text,
           features_stored_at timestamp,
           PRIMARY KEY ((recipient_id, idempotency_key))
         )`,
      ),
    );
  }

  async claim(
    record: Omit<IngestionRecord, 'featuresStoredAt'>,
  ): Promise<{ record: IngestionRecord; created: boolean }> {
    const rs = await cassandraCall('claim an idempotency key', () =>
      this.client.execute(
        this.q.claim,
        [
          record.recipientId,
          record.idempotencyKey,
          record.smsId,
          record.requestDigest,
          this.ttlSeconds,
        ],
        LOG.lwt,
      ),
    );
    const row = rs.first();
    if (row.get('[applied]') === true)
      return { record: { ...record, featuresStoredAt: null }, created: true };
    // Not applied: the LWT answers with the row that holds the key.
    return { record: toRecord(row), created: false };
  }

  async markFeaturesStored(recipientId: string, idempotencyKey: string, at: Date): Promise<void> {
    await cassandraCall('update the ingestion log', async () => {
      // The column must expire with its row, not a full TTL later.
      const rs = await this.client.execute(this.q.ttl, [recipientId, idempotencyKey], LOG.read);
      const ttl = rs.first()?.get('ttl') as number | null | undefined;
      if (!ttl) return;
      await this.client.execute(this.q.mark, [ttl, at, recipientId, idempotencyKey], LOG.lwt);
    });
  }

  async get(recipientId: string, idempotencyKey: string): Promise<IngestionRecord | null> {
    const rs = await cassandraCall('read the ingestion log', () =>
      this.client.execute(this.q.get, [recipientId, idempotencyKey], LOG.read),
    );
    const row = rs.first();
    return row ? toRecord(row) : null;
  }
}
