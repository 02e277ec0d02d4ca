/**
 * Inboxes in Cassandra, one table per query:
 * - `inbox_by_user`: partition per user, clustered by TIMEUUID descending → an inbox page is
 *   one sequential slice of one partition;
 * - `sms_by_id`: partition per message → entity lookups by id alone (federation references).
 * Both rows are written in one *unlogged* batch (one round trip, each row at the inbox's
 * write level). Not a logged batch: its batchlog must reach two other nodes, so on a 3-node
 * cluster every message failed for the 10–20 s between a node's crash and its conviction by
 * the failure detector (measured: "batchlog write at consistency TWO, 1 acknowledged").
 * The two rows are upserts of the same values, so a retry (receiveSms by idempotency key
 * retries until both landed) repairs a half-written message.
 */
import type { Client, types } from 'cassandra-driver';
import { mapLimit } from '../../concurrency';
import { cassandraCall } from '../cassandra';
import { concernOptions } from '../consistency';
import type { InboxPage, InboxStore, NewSms, ScanPage, StoredSms } from './inboxStore';
import { smsIdDate } from './smsId';

/** Inbox statements: `inbox` levels; reads and upserts are idempotent. */
const INBOX = concernOptions('inbox');

/** {@link InboxStore} on Apache Cassandra / Astra DB. */
export class CassandraInboxStore implements InboxStore {
  private readonly q: Record<
    'insertInbox' | 'insertById' | 'first' | 'after' | 'byId' | 'scanFirst' | 'scanAfter',
    string
  >;

  constructor(
    private readonly client: Client,
    private readonly keyspace: string,
    private readonly concurrency: number,
  ) {
    const ks = keyspace;
    this.q = {
      insertInbox: `INSERT INTO ${ks}.inbox_by_user (user_id, sms_id, sender_id, text) VALUES (?, ?, ?, ?)`,
      insertById: `INSERT INTO ${ks}.sms_by_id (sms_id, recipient_id, sender_id, text) VALUES (?, ?, ?, ?)`,
      first: `SELECT sms_id, sender_id, text FROM ${ks}.inbox_by_user WHERE user_id = ? LIMIT ?`,
      after: `SELECT sms_id, sender_id, text FROM ${ks}.inbox_by_user WHERE user_id = ? AND sms_id < ? LIMIT ?`,
      byId: `SELECT sms_id, recipient_id, sender_id, text FROM ${ks}.sms_by_id WHERE sms_id = ?`,
      // Token order, as Spark's connector reads a table: each page continues the ring after
      // the last partition seen.
      scanFirst: `SELECT sms_id, recipient_id, sender_id, text FROM ${ks}.sms_by_id LIMIT ?`,
      scanAfter: `SELECT sms_id, recipient_id, sender_id, text FROM ${ks}.sms_by_id WHERE token(sms_id) > token(?) LIMIT ?`,
    };
  }

  async init(): Promise<void> {
    const ks = this.keyspace;
    await cassandraCall('create the inbox tables', async () => {
      await this.client.execute(
        `CREATE TABLE IF NOT EXISTS ${ks}.inbox_by_user (
           user_id text, sms_id timeuuid, sender_id text, text text,
           PRIMARY KEY ((user_id), sms_id)
         ) WITH CLUSTERING ORDER BY (sms_id DESC)`,
      );
      await this.client.execute(
        `CREATE TABLE IF NOT EXISTS ${ks}.sms_by_id (
           sms_id timeuuid PRIMARY KEY, recipient_id text, sender_id text, text text
         )`,
      );
    });
  }

  async insert(sms: NewSms): Promise<StoredSms> {
    await cassandraCall('store an sms', () =>
      this.client.batch(
        [
          {
            query: this.q.insertInbox,
            params: [sms.recipientId, sms.smsId, sms.senderId, sms.text],
          },
          {
            query: this.q.insertById,
            params: [sms.smsId, sms.recipientId, sms.senderId, sms.text],
          },
        ],
        { ...INBOX.write, logged: false },
      ),
    );
    return { ...sms, receivedAt: smsIdDate(sms.smsId) };
  }

  async listInbox(
    userId: string,
    opts: { limit: number; beforeSmsId?: string },
  ): Promise<InboxPage> {
    const n = opts.limit + 1; // one more tells whether a next page exists
    const rs = await cassandraCall('read an inbox', () =>
      opts.beforeSmsId
        ? this.client.execute(this.q.after, [userId, opts.beforeSmsId, n], INBOX.read)
        : this.client.execute(this.q.first, [userId, n], INBOX.read),
    );
    const items = rs.rows.slice(0, opts.limit).map((r) => ({
      smsId: String(r.get('sms_id')),
      recipientId: userId,
      senderId: r.get('sender_id') as string,
      text: r.get('text') as string,
      receivedAt: (r.get('sms_id') as types.TimeUuid).getDate(),
    }));
    return { items, hasMore: rs.rowLength > opts.limit };
  }

  async get(userId: string, smsId: string): Promise<StoredSms | null> {
    const [sms] = await this.getMany([smsId]);
    return sms && sms.recipientId === userId ? sms : null;
  }

  async getMany(smsIds: readonly string[]): Promise<(StoredSms | null)[]> {
    // One single-partition read per id, in parallel but bounded: IN over many partitions
    // would make one coordinator wait for all of them.
    return mapLimit(smsIds, this.concurrency, async (id) => {
      const rs = await cassandraCall('read sms by id', () =>
        this.client.execute(this.q.byId, [id], INBOX.read),
      );
      const r = rs.first();
      return r ? byIdRow(r) : null;
    });
  }

  async scan(opts: { limit: number; after?: string }): Promise<ScanPage> {
    const rs = await cassandraCall('scan the inboxes', () =>
      opts.after
        ? this.client.execute(this.q.scanAfter, [opts.after, opts.limit], INBOX.read)
        : this.client.execute(this.q.scanFirst, [opts.limit], INBOX.read),
    );
    const items = rs.rows.map(byIdRow);
    const last = items.length === opts.limit ? items[items.length - 1] : undefined;
    return { items, next: last ? last.smsId : null };
  }
}

/** A message from a `sms_by_id` row. */
function byIdRow(r: types.Row): StoredSms {
  return {
    smsId: String(r.get('sms_id')),
    recipientId: r.get('recipient_id') as string,
    senderId: r.get('sender_id') as string,
    text: r.get('text') as string,
    receivedAt: (r.get('sms_id') as types.TimeUuid).getDate(),
  };
}
