import { randomBytes, randomUUID } from 'node:crypto';
import {
  dropTestStorage,
  describeEachBackend,
  openTestStorage,
  testConfig,
} from '../../testing/backends';
import { cassandraStorage, sqliteStorage, type Storage, type StorageOptions } from '..';
import { openSqlite, type SqliteDatabase } from '../sqlite';
import { CALL_LOG_TTL_SECONDS, type CallLogEntry, type CallLogStore } from './callLog';
import { CassandraCallLogStore } from './cassandraCallLog';
import type { PredictionScope } from './predictionCache';
import { SqliteCallLogStore } from './sqliteCallLog';
import { SqlitePredictionCache } from './sqlitePredictionCache';

const digest = () => randomBytes(32).toString('hex');
const scope = (version = 'V2'): PredictionScope => ({ version, artifactDigest: digest() });
const caller = () => `10.0.${randomUUID()}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Another facade on the same connection with other settings (never closed: shares it). */
function sibling(storage: Storage, opts: StorageOptions): Storage {
  const c = storage.connection;
  return c.backend === 'sqlite'
    ? sqliteStorage(c.db, opts)
    : cassandraStorage(c.client, c.keyspace, c.concurrency, opts);
}

/** Seconds the backend will keep the cached prediction, read from the raw table. */
async function predictionTtlLeft(storage: Storage, s: PredictionScope, d: string): Promise<number> {
  const c = storage.connection;
  const key = [s.version, s.artifactDigest, d];
  const where = 'WHERE version = ? AND artifact_digest = ? AND input_digest = ?';
  if (c.backend === 'sqlite') {
    const row = c.db
      .prepare<string[], { expires_at: number }>(`SELECT expires_at FROM prediction_cache ${where}`)
      .get(...key);
    return (row!.expires_at - Date.now()) / 1000;
  }
  const rs = await c.client.execute(
    `SELECT TTL(spam_probability) AS ttl FROM ${c.keyspace}.prediction_cache ${where}`,
    key,
    { prepare: true },
  );
  return rs.first().get('ttl') as number;
}

/** Seconds the backend will keep the caller's only call log entry, read from the raw table. */
async function callTtlLeft(storage: Storage, who: string, version: string): Promise<number> {
  const c = storage.connection;
  if (c.backend === 'sqlite') {
    const row = c.db
      .prepare<[string, string], { expires_at: number }>(
        'SELECT expires_at FROM call_log WHERE caller = ? AND version = ?',
      )
      .get(who, version);
    return (row!.expires_at - Date.now()) / 1000;
  }
  const rs = await c.client.execute(
    `SELECT TTL(input) AS ttl FROM ${c.keyspace}.call_log WHERE caller = ? AND version = ?`,
    [who, version],
    { prepare: true },
  );
  return rs.first().get('ttl') as number;
}

describeEachBackend('PredictionCache contract', (ctx) => {
  it('misses, then hits with the exact probability once stored', async () => {
    const s = scope();
    const d = digest();
    expect(await ctx.storage.predictions.getMany(s, [d])).toEqual([null]);
    await ctx.storage.predictions.putMany(s, [{ inputDigest: d, spamProbability: 0.8473629184 }]);
    expect(await ctx.storage.predictions.getMany(s, [d])).toEqual([0.8473629184]);
  });

  it('misses for another artifact digest or another version', async () => {
    const s = scope('V1');
    const d = digest();
    await ctx.storage.predictions.putMany(s, [{ inputDigest: d, spamProbability: 0.25 }]);
    expect(await ctx.storage.predictions.getMany(s, [d])).toEqual([0.25]);
    const otherArtifact = { ...s, artifactDigest: digest() };
    expect(await ctx.storage.predictions.getMany(otherArtifact, [d])).toEqual([null]);
    expect(await ctx.storage.predictions.getMany({ ...s, version: 'V3' }, [d])).toEqual([null]);
  });

  it('answers in the order asked, duplicates included, null for misses', async () => {
    const s = scope();
    const [a, b, c, missing] = [digest(), digest(), digest(), digest()];
    await ctx.storage.predictions.putMany(s, [
      { inputDigest: a, spamProbability: 0.1 },
      { inputDigest: b, spamProbability: 0.2 },
      { inputDigest: c, spamProbability: 0.3 },
    ]);
    expect(await ctx.storage.predictions.getMany(s, [c, missing, a, c, b, missing, a])).toEqual([
      0.3,
      null,
      0.1,
      0.3,
      0.2,
      null,
      0.1,
    ]);
  });

  it('round-trips 0, 1 and awkward doubles exactly', async () => {
    const s = scope();
    const values = [0, 1, 0.1 + 0.2, Number.MIN_VALUE, 1 - Number.EPSILON / 2, 1 / 3];
    const entries = values.map((spamProbability) => ({ inputDigest: digest(), spamProbability }));
    await ctx.storage.predictions.putMany(s, entries);
    const got = await ctx.storage.predictions.getMany(
      s,
      entries.map((e) => e.inputDigest),
    );
    expect(got).toEqual(values);
    expect(Object.is(got[0], 0)).toBe(true);
  });

  it('reads 300 keys in one getMany', async () => {
    const s = scope();
    const digests = Array.from({ length: 300 }, digest);
    // Every third one stays a miss.
    const stored = digests
      .map((inputDigest, i) => ({ inputDigest, spamProbability: i / 1000 }))
      .filter((_, i) => i % 3 !== 0);
    await ctx.storage.predictions.putMany(s, stored);
    expect(await ctx.storage.predictions.getMany(s, digests)).toEqual(
      digests.map((_, i) => (i % 3 === 0 ? null : i / 1000)),
    );
  });

  it('overwrites on put; the last of a repeated digest wins', async () => {
    const s = scope();
    const [a, b] = [digest(), digest()];
    await ctx.storage.predictions.putMany(s, [{ inputDigest: a, spamProbability: 0.9 }]);
    await ctx.storage.predictions.putMany(s, [{ inputDigest: a, spamProbability: 0.05 }]);
    // A greater value first: a store that let the greater one win would keep 0.7.
    await ctx.storage.predictions.putMany(s, [
      { inputDigest: b, spamProbability: 0.7 },
      { inputDigest: b, spamProbability: 0.4 },
    ]);
    expect(await ctx.storage.predictions.getMany(s, [a, b])).toEqual([0.05, 0.4]);
  });

  it('answers [] for no digests and stores nothing for no entries', async () => {
    const s = scope();
    expect(await ctx.storage.predictions.getMany(s, [])).toEqual([]);
    await ctx.storage.predictions.putMany(s, []);
    const d = digest();
    expect(await ctx.storage.predictions.getMany(s, [d])).toEqual([null]);
  });

  it('keeps entries for the configured ttl (30 days by default)', async () => {
    const s = scope();
    const d = digest();
    await ctx.storage.predictions.putMany(s, [{ inputDigest: d, spamProbability: 0.5 }]);
    const left = await predictionTtlLeft(ctx.storage, s, d);
    expect(ctx.config.predictionCacheTtlSeconds).toBe(30 * 86_400);
    expect(left).toBeGreaterThan(30 * 86_400 - 60);
    expect(left).toBeLessThanOrEqual(30 * 86_400);
  });

  it('openStorage applies PREDICTION_CACHE_TTL_SECONDS', async () => {
    const config = testConfig(ctx.backend, { PREDICTION_CACHE_TTL_SECONDS: '4321' });
    const storage = await openTestStorage(config);
    try {
      const s = scope();
      const d = digest();
      await storage.predictions.putMany(s, [{ inputDigest: d, spamProbability: 0.5 }]);
      const left = await predictionTtlLeft(storage, s, d);
      expect(left).toBeGreaterThan(4321 - 60);
      expect(left).toBeLessThanOrEqual(4321);
    } finally {
      await dropTestStorage(storage, config);
    }
  }, 60_000);

  it('forgets entries once their ttl has passed (real time)', async () => {
    // 2 s, not 1: Cassandra counts a ttl in whole seconds from the second of the write, so a
    // 1 s entry may already be gone when read back a few milliseconds later.
    const shortLived = sibling(ctx.storage, { predictionCacheTtlSeconds: 2 }).predictions;
    const s = scope();
    const [short, long] = [digest(), digest()];
    await ctx.storage.predictions.putMany(s, [{ inputDigest: long, spamProbability: 0.6 }]);
    await shortLived.putMany(s, [{ inputDigest: short, spamProbability: 0.4 }]);
    expect(await ctx.storage.predictions.getMany(s, [short, long])).toEqual([0.4, 0.6]);
    await sleep(2_600);
    expect(await ctx.storage.predictions.getMany(s, [short, long])).toEqual([null, 0.6]);
  });

  it('clear forgets every entry of every scope', async () => {
    const [s1, s2] = [scope('V1'), scope('V2')];
    const [a, b] = [digest(), digest()];
    await ctx.storage.predictions.putMany(s1, [{ inputDigest: a, spamProbability: 0.3 }]);
    await ctx.storage.predictions.putMany(s2, [{ inputDigest: b, spamProbability: 0.7 }]);
    expect(await ctx.storage.predictions.getMany(s1, [a])).toEqual([0.3]);
    await ctx.storage.predictions.clear();
    expect(await ctx.storage.predictions.getMany(s1, [a])).toEqual([null]);
    expect(await ctx.storage.predictions.getMany(s2, [b])).toEqual([null]);
    // Still usable afterwards.
    await ctx.storage.predictions.putMany(s2, [{ inputDigest: b, spamProbability: 0.9 }]);
    expect(await ctx.storage.predictions.getMany(s2, [b])).toEqual([0.9]);
  });
});

describeEachBackend('CallLogStore contract', (ctx) => {
  const entry = (over: Partial<CallLogEntry> & { calledAt: Date }): CallLogEntry => ({
    caller: 'nobody',
    version: 'V2',
    operation: 'textToPrediction',
    input: 'hello',
    ...over,
  });

  /** A store with its own ttl on the test connection. */
  const storeWithTtl = (ttlSeconds: number): CallLogStore => {
    const c = ctx.storage.connection;
    return c.backend === 'sqlite'
      ? new SqliteCallLogStore(c.db, { ttlSeconds })
      : new CassandraCallLogStore(c.client, c.keyspace, { ttlSeconds });
  };

  it('lists entries newest first, with exact fields', async () => {
    const who = caller();
    const t0 = Date.now() - 10 * 60_000;
    const entries = [0, 1, 2].map((i) => ({
      caller: who,
      version: 'V2',
      calledAt: new Date(t0 + i * 1000 + i), // distinct milliseconds, too
      operation: i === 1 ? 'featuresToPrediction' : 'textToPrediction',
      input: i === 1 ? '[0.5,1,0]' : `text ${i}`,
    }));
    for (const e of entries) await ctx.storage.callLog.append(e);
    expect(await ctx.storage.callLog.recent(who, 'V2', new Date(t0 - 60_000), 10)).toEqual([
      entries[2],
      entries[1],
      entries[0],
    ]);
  });

  it('keeps callers and versions apart', async () => {
    const [alice, bob] = [caller(), caller()];
    const at = new Date(Date.now() - 1000);
    await ctx.storage.callLog.append(entry({ caller: alice, version: 'V1', calledAt: at }));
    await ctx.storage.callLog.append(entry({ caller: alice, version: 'V2', calledAt: at }));
    await ctx.storage.callLog.append(entry({ caller: bob, version: 'V1', calledAt: at }));
    const since = new Date(0);
    const v1 = await ctx.storage.callLog.recent(alice, 'V1', since, 10);
    expect(v1.map((e) => [e.caller, e.version])).toEqual([[alice, 'V1']]);
    const v2 = await ctx.storage.callLog.recent(alice, 'V2', since, 10);
    expect(v2.map((e) => [e.caller, e.version])).toEqual([[alice, 'V2']]);
    expect(await ctx.storage.callLog.recent(bob, 'V2', since, 10)).toEqual([]);
    expect(await ctx.storage.callLog.recent(caller(), 'V1', since, 10)).toEqual([]);
  });

  it('returns only calls at or after `since`', async () => {
    const who = caller();
    const t0 = Date.now() - 5 * 60_000;
    const times = [0, 60_000, 60_001, 120_000].map((dt) => new Date(t0 + dt));
    for (const [i, calledAt] of times.entries()) {
      await ctx.storage.callLog.append(entry({ caller: who, calledAt, input: `#${i}` }));
    }
    const got = await ctx.storage.callLog.recent(who, 'V2', new Date(t0 + 60_000), 10);
    expect(got.map((e) => e.input)).toEqual(['#3', '#2', '#1']);
    const none = await ctx.storage.callLog.recent(who, 'V2', new Date(t0 + 120_001), 10);
    expect(none).toEqual([]);
  });

  it('returns at most `limit` entries, the newest', async () => {
    const who = caller();
    const t0 = Date.now() - 60_000;
    for (let i = 0; i < 5; i++) {
      await ctx.storage.callLog.append(
        entry({ caller: who, calledAt: new Date(t0 + i * 10), input: `#${i}` }),
      );
    }
    const since = new Date(t0);
    const two = await ctx.storage.callLog.recent(who, 'V2', since, 2);
    expect(two.map((e) => e.input)).toEqual(['#4', '#3']);
    expect(await ctx.storage.callLog.recent(who, 'V2', since, 0)).toEqual([]);
    expect(await ctx.storage.callLog.recent(who, 'V2', since, 100)).toHaveLength(5);
  });

  it('keeps unicode and a 2,000-character input intact', async () => {
    const who = caller();
    const unicode = 'WIN £1000 ✓ 你好 🎉 “now” \u0000 end';
    const long = 'é🎉'.repeat(1000); // 2,000 characters (code points), 3,000 UTF-16 units
    const at = Date.now() - 5000;
    await ctx.storage.callLog.append(
      entry({ caller: who, calledAt: new Date(at), input: unicode }),
    );
    await ctx.storage.callLog.append(
      entry({ caller: who, calledAt: new Date(at + 1), input: long }),
    );
    const got = await ctx.storage.callLog.recent(who, 'V2', new Date(at), 10);
    expect(got.map((e) => e.input)).toEqual([long, unicode]);
  });

  it('keeps entries for one hour by default', async () => {
    const who = caller();
    await ctx.storage.callLog.append(entry({ caller: who, calledAt: new Date() }));
    const left = await callTtlLeft(ctx.storage, who, 'V2');
    expect(left).toBeGreaterThan(CALL_LOG_TTL_SECONDS - 60);
    expect(left).toBeLessThanOrEqual(CALL_LOG_TTL_SECONDS);
  });

  it('forgets entries once their ttl has passed (real time)', async () => {
    // 2 s, not 1: Cassandra counts a ttl in whole seconds from the second of the write, so a
    // 1 s entry may already be gone when read back a few milliseconds later.
    const shortLived = storeWithTtl(2);
    const who = caller();
    const now = Date.now();
    await ctx.storage.callLog.append(
      entry({ caller: who, calledAt: new Date(now), input: 'kept' }),
    );
    await shortLived.append(entry({ caller: who, calledAt: new Date(now + 1), input: 'expires' }));
    const since = new Date(now - 1000);
    const before = await ctx.storage.callLog.recent(who, 'V2', since, 10);
    expect(before.map((e) => e.input)).toEqual(['expires', 'kept']);
    await sleep(2_600);
    const after = await ctx.storage.callLog.recent(who, 'V2', since, 10);
    expect(after.map((e) => e.input)).toEqual(['kept']);
  });

  it('init is idempotent and keeps data', async () => {
    const who = caller();
    const s = scope();
    const d = digest();
    await ctx.storage.callLog.append(entry({ caller: who, calledAt: new Date(), input: 'kept' }));
    await ctx.storage.predictions.putMany(s, [{ inputDigest: d, spamProbability: 0.125 }]);
    await ctx.storage.init();
    await ctx.storage.init();
    const got = await ctx.storage.callLog.recent(who, 'V2', new Date(0), 10);
    expect(got.map((e) => e.input)).toEqual(['kept']);
    expect(await ctx.storage.predictions.getMany(s, [d])).toEqual([0.125]);
  });
});

describe('SQLite stores: expiry and purging (fake clock)', () => {
  let db: SqliteDatabase;
  let clock: number;
  const now = () => clock;
  const count = (table: string) =>
    (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  beforeEach(() => {
    db = openSqlite(':memory:');
    clock = Date.UTC(2026, 5, 1);
  });
  afterEach(() => db.close());

  it('call log: hides expired rows at once, deletes them at most once a minute', async () => {
    const log = new SqliteCallLogStore(db, { ttlSeconds: 10, now });
    await log.init();
    const at = (ms: number, input: string): CallLogEntry => ({
      caller: 'c',
      version: 'V1',
      calledAt: new Date(ms),
      operation: 'textToPrediction',
      input,
    });
    await log.append(at(clock, 'a')); // first append purges (nothing yet)
    clock += 11_000; // a expired
    expect(await log.recent('c', 'V1', new Date(0), 10)).toEqual([]);
    await log.append(at(clock, 'b')); // 11 s after the last purge: none
    expect(count('call_log')).toBe(2);
    clock += 50_000; // b expired too; 61 s after the last purge
    await log.append(at(clock, 'c'));
    expect(count('call_log')).toBe(1);
    expect((await log.recent('c', 'V1', new Date(0), 10)).map((e) => e.input)).toEqual(['c']);
  });

  it('call log: orders calls of the same millisecond newest first', async () => {
    const log = new SqliteCallLogStore(db, { now });
    await log.init();
    for (const input of ['first', 'second', 'third']) {
      await log.append({
        caller: 'c',
        version: 'V1',
        calledAt: new Date(clock),
        operation: 'textToPrediction',
        input,
      });
    }
    const got = await log.recent('c', 'V1', new Date(clock), 10);
    expect(got.map((e) => e.input)).toEqual(['third', 'second', 'first']);
  });

  it('prediction cache: hides expired rows at once, deletes them at most once a minute', async () => {
    const cache = new SqlitePredictionCache(db, { ttlSeconds: 10, now });
    await cache.init();
    const s = scope();
    await cache.putMany(s, [{ inputDigest: 'a', spamProbability: 0.5 }]);
    clock += 11_000;
    expect(await cache.getMany(s, ['a'])).toEqual([null]);
    await cache.putMany(s, [{ inputDigest: 'b', spamProbability: 0.5 }]);
    expect(count('prediction_cache')).toBe(2);
    clock += 50_000;
    await cache.putMany(s, [{ inputDigest: 'c', spamProbability: 0.5 }]);
    expect(count('prediction_cache')).toBe(1);
    expect(await cache.getMany(s, ['a', 'b', 'c'])).toEqual([null, null, 0.5]);
  });
});
