import { randomUUID } from 'node:crypto';
import { describeEachBackend } from '../../testing/backends';
import type { Storage } from '../index';
import { newSmsId } from '../inbox/smsId';
import { openSqlite } from '../sqlite';
import { CassandraIngestionLogStore } from './cassandraIngestionLog';
import { IDEMPOTENCY_KEY_TTL_SECONDS, type IngestionLogStore } from './ingestionLog';
import { SqliteIngestionLogStore } from './sqliteIngestionLog';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const key = () => `key-${randomUUID()}`;
const claimOf = (recipientId: string, idempotencyKey: string, digest = 'd1') => ({
  recipientId,
  idempotencyKey,
  smsId: newSmsId(),
  requestDigest: digest,
});

/** Another store on the same connection with its own ttl. */
function storeWithTtl(storage: Storage, ttlSeconds: number): IngestionLogStore {
  const c = storage.connection;
  return c.backend === 'sqlite'
    ? new SqliteIngestionLogStore(c.db, { ttlSeconds })
    : new CassandraIngestionLogStore(c.client, c.keyspace, { ttlSeconds });
}

describeEachBackend('IngestionLogStore contract', (ctx) => {
  it('the first claim of a key creates it; a second returns the first, unchanged', async () => {
    const k = key();
    const first = claimOf('alice', k, 'digest-a');
    const a = await ctx.storage.ingestionLog.claim(first);
    expect(a).toEqual({ created: true, record: { ...first, featuresStoredAt: null } });
    const b = await ctx.storage.ingestionLog.claim(claimOf('alice', k, 'digest-b'));
    expect(b).toEqual({ created: false, record: { ...first, featuresStoredAt: null } });
    expect(await ctx.storage.ingestionLog.get('alice', k)).toEqual({
      ...first,
      featuresStoredAt: null,
    });
  });

  it('scopes keys by recipient, and keeps unicode keys exactly', async () => {
    const k = `ключ-🔑-${randomUUID()}`;
    const forAlice = claimOf('alice', k);
    const forBob = claimOf('bob', k);
    expect((await ctx.storage.ingestionLog.claim(forAlice)).created).toBe(true);
    expect((await ctx.storage.ingestionLog.claim(forBob)).created).toBe(true);
    expect((await ctx.storage.ingestionLog.get('bob', k))?.smsId).toBe(forBob.smsId);
    expect(await ctx.storage.ingestionLog.get('carol', k)).toBeNull();
  });

  it('of concurrent claims of one key exactly one wins, and all see the winner', async () => {
    const k = key();
    const claims = Array.from({ length: 8 }, () => claimOf('dave', k));
    const results = await Promise.all(claims.map((c) => ctx.storage.ingestionLog.claim(c)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const winner = results.find((r) => r.created)!.record.smsId;
    expect(new Set(results.map((r) => r.record.smsId))).toEqual(new Set([winner]));
  });

  it('records when the features were stored; marking an unknown key creates nothing', async () => {
    const k = key();
    const c = claimOf('erin', k);
    await ctx.storage.ingestionLog.claim(c);
    const at = new Date('2026-11-26T10:00:00.123Z');
    await ctx.storage.ingestionLog.markFeaturesStored('erin', k, at);
    expect(await ctx.storage.ingestionLog.get('erin', k)).toEqual({ ...c, featuresStoredAt: at });
    const again = await ctx.storage.ingestionLog.claim(claimOf('erin', k));
    expect(again).toEqual({ created: false, record: { ...c, featuresStoredAt: at } });
    const unknown = key();
    await ctx.storage.ingestionLog.markFeaturesStored('erin', unknown, at);
    expect(await ctx.storage.ingestionLog.get('erin', unknown)).toBeNull();
  });

  it('forgets keys after their ttl (real time), and the key can then be claimed anew', async () => {
    // 2 s, not 1: Cassandra counts a ttl in whole seconds from the second of the write.
    const shortLived = storeWithTtl(ctx.storage, 2);
    const k = key();
    await shortLived.claim(claimOf('frank', k));
    await shortLived.markFeaturesStored('frank', k, new Date());
    expect(await shortLived.get('frank', k)).not.toBeNull();
    await sleep(2_600);
    expect(await shortLived.get('frank', k)).toBeNull();
    const fresh = claimOf('frank', k);
    expect(await shortLived.claim(fresh)).toEqual({
      created: true,
      record: { ...fresh, featuresStoredAt: null },
    });
  });

  it('keeps keys for 7 days by default', async () => {
    expect(IDEMPOTENCY_KEY_TTL_SECONDS).toBe(604_800);
    const k = key();
    await ctx.storage.ingestionLog.claim(claimOf('gina', k));
    const c = ctx.storage.connection;
    if (c.backend === 'cassandra') {
      const rs = await c.client.execute(
        `SELECT TTL(sms_id) AS ttl FROM ${c.keyspace}.ingestion_log WHERE recipient_id = ? AND idempotency_key = ?`,
        ['gina', k],
        { prepare: true },
      );
      const left = rs.first().get('ttl') as number;
      expect(left).toBeGreaterThan(IDEMPOTENCY_KEY_TTL_SECONDS - 60);
      expect(left).toBeLessThanOrEqual(IDEMPOTENCY_KEY_TTL_SECONDS);
    } else {
      const row = c.db
        .prepare(
          'SELECT expires_at FROM ingestion_log WHERE recipient_id = ? AND idempotency_key = ?',
        )
        .get('gina', k) as { expires_at: number };
      const left = (row.expires_at - Date.now()) / 1000;
      expect(left).toBeGreaterThan(IDEMPOTENCY_KEY_TTL_SECONDS - 60);
      expect(left).toBeLessThanOrEqual(IDEMPOTENCY_KEY_TTL_SECONDS);
    }
  });

  it('init is idempotent and keeps data', async () => {
    const k = key();
    const c = claimOf('hank', k);
    await ctx.storage.ingestionLog.claim(c);
    await ctx.storage.init();
    expect((await ctx.storage.ingestionLog.get('hank', k))?.smsId).toBe(c.smsId);
  });
});

describe('SqliteIngestionLogStore with a fake clock', () => {
  it('treats an expired key as free and purges it on the next claim', async () => {
    const db = openSqlite(':memory:');
    let now = Date.UTC(2026, 10, 26);
    const log = new SqliteIngestionLogStore(db, { ttlSeconds: 10, now: () => now });
    await log.init();
    const first = claimOf('ivy', 'k');
    await log.claim(first);
    now += 9_999;
    expect((await log.claim(claimOf('ivy', 'k'))).record.smsId).toBe(first.smsId);
    now += 1;
    expect(await log.get('ivy', 'k')).toBeNull();
    const second = claimOf('ivy', 'k');
    expect((await log.claim(second)).created).toBe(true);
    expect(db.prepare('SELECT count(*) AS n FROM ingestion_log').get()).toEqual({ n: 1 });
    db.close();
  });
});
