import { StorageUnavailableError } from '../../platform/errors';
import { createLogger } from '../../platform/logger';
import { newSmsId } from '../../platform/storage/inbox/smsId';
import { describeEachBackend } from '../../platform/testing/backends';
import { backfillFeatures, type BackfillProgress } from './backfill';
import { GroupCommitWriter } from './groupCommit';
import type { IngestedMessage } from './messageFeatures';
import { SmsIngestion, requestDigest, storageRetryFor } from './smsIngestion';

const msg = (i: number): IngestedMessage => ({
  smsId: `id-${i}`,
  text: `t${i}`,
  receivedAt: new Date(0),
});

/** A batch writer whose writes finish only when the test says so. */
function manualWriter() {
  const calls: { ids: string[]; finish: (e?: Error) => void }[] = [];
  return {
    calls,
    write: (messages: readonly IngestedMessage[]) =>
      new Promise<void>((resolve, reject) => {
        calls.push({
          ids: messages.map((m) => m.smsId),
          finish: (e) => (e ? reject(e) : resolve()),
        });
      }),
  };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('GroupCommitWriter', () => {
  it('writes at once when idle; arrivals during a write share the next one', async () => {
    const w = manualWriter();
    const sizes: number[] = [];
    const gc = new GroupCommitWriter(w, { onBatch: (n) => sizes.push(n) });
    const first = gc.write(msg(0));
    await tick();
    expect(w.calls.map((c) => c.ids)).toEqual([['id-0']]);
    const rest = [1, 2, 3].map((i) => gc.write(msg(i)));
    await tick();
    expect(w.calls).toHaveLength(1); // waiting for the write in flight
    w.calls[0]!.finish();
    await first;
    await tick();
    expect(w.calls.map((c) => c.ids)).toEqual([['id-0'], ['id-1', 'id-2', 'id-3']]);
    w.calls[1]!.finish();
    await Promise.all(rest);
    expect(sizes).toEqual([1, 3]);
  });

  it('a failed write rejects its own messages only', async () => {
    const w = manualWriter();
    const gc = new GroupCommitWriter(w);
    const a = gc.write(msg(0));
    await tick();
    const b = gc.write(msg(1));
    w.calls[0]!.finish(new Error('offline store full'));
    await expect(a).rejects.toThrow('offline store full');
    await tick();
    w.calls[1]!.finish();
    await expect(b).resolves.toBeUndefined();
  });

  it('splits what waits into writes of at most maxBatch', async () => {
    const w = manualWriter();
    const gc = new GroupCommitWriter(w, { maxBatch: 2 });
    const all = [0, 1, 2, 3, 4].map((i) => gc.write(msg(i)));
    for (let i = 0; i < 3; i++) {
      await tick();
      w.calls[i]!.finish();
    }
    await Promise.all(all);
    expect(w.calls.map((c) => c.ids)).toEqual([['id-0'], ['id-1', 'id-2'], ['id-3', 'id-4']]);
  });
});

describe('storageRetryFor', () => {
  it('retries on Cassandra (a dead replica fails one attempt), never on SQLite (writes already wait out a lock)', () => {
    expect(storageRetryFor('cassandra')).toEqual({ attempts: 4, baseDelayMs: 50 });
    expect(storageRetryFor('sqlite')).toEqual({ attempts: 1, baseDelayMs: 0 });
  });
});

describeEachBackend('SmsIngestion and backfill on real storage', (ctx) => {
  const written: string[] = [];
  const sink = {
    write: async (m: { smsId: string }) => {
      written.push(m.smsId);
    },
  };
  const logger = createLogger('test', 'silent');

  it('a retry finishes a first attempt that died after claiming its key', async () => {
    const ingestion = new SmsIngestion({
      inboxes: ctx.storage.inboxes,
      ingestionLog: ctx.storage.ingestionLog,
      features: sink,
      logger,
    });
    const input = { recipientId: 'rita', senderId: 's', text: 'hello' };
    const smsId = newSmsId();
    // The first attempt claimed the key, then died before storing anything.
    await ctx.storage.ingestionLog.claim({
      recipientId: 'rita',
      idempotencyKey: 'k',
      smsId,
      requestDigest: requestDigest(input),
    });
    const got = await ingestion.receive({ ...input, idempotencyKey: 'k' });
    expect(got).toMatchObject({
      featuresStored: true,
      replayed: true,
      sms: { smsId, text: 'hello' },
    });
    expect((await ctx.storage.inboxes.get('rita', smsId))?.text).toBe('hello');
    expect(written).toContain(smsId);
    expect((await ctx.storage.ingestionLog.get('rita', 'k'))?.featuresStoredAt).toBeInstanceOf(
      Date,
    );
  });

  describe('retries by idempotency key when storage fails mid-call', () => {
    const down = () => new StorageUnavailableError('Cassandra failed to store an sms: 2 failed');
    /** The real stores, with the next `n` calls of one method failing (optionally after running). */
    function flaky() {
      const failures = { insert: 0, claimAfterApplying: 0, features: 0 };
      const inboxes = Object.create(ctx.storage.inboxes) as typeof ctx.storage.inboxes;
      inboxes.insert = async (sms) => {
        if (failures.insert-- > 0) throw down();
        return ctx.storage.inboxes.insert(sms);
      };
      const ingestionLog = Object.create(
        ctx.storage.ingestionLog,
      ) as typeof ctx.storage.ingestionLog;
      ingestionLog.claim = async (r) => {
        const got = await ctx.storage.ingestionLog.claim(r);
        // Applied on the server, the answer lost on the way back (a coordinator killed).
        if (failures.claimAfterApplying-- > 0) throw down();
        return got;
      };
      const features: string[] = [];
      const sink = {
        write: async (m: { smsId: string }) => {
          if (failures.features-- > 0) throw down();
          features.push(m.smsId);
        },
      };
      const ingestion = new SmsIngestion({
        inboxes,
        ingestionLog,
        features: sink,
        logger,
        retry: { attempts: 4, baseDelayMs: 1 },
      });
      return { failures, ingestion, features };
    }
    const input = (text: string) => ({ recipientId: 'rhea', senderId: '+15550199', text });
    const inboxTexts = async () =>
      (await ctx.storage.inboxes.listInbox('rhea', { limit: 100 })).items.map((m) => m.text);

    it('a claim applied but unanswered, then a failed insert: stored once, not a replay', async () => {
      const f = flaky();
      f.failures.claimAfterApplying = 1;
      f.failures.insert = 1;
      const got = await f.ingestion.receive({ ...input('retry ✓ 1'), idempotencyKey: 'r-1' });
      expect(got).toMatchObject({ featuresStored: true, replayed: false });
      expect((await inboxTexts()).filter((t) => t === 'retry ✓ 1')).toHaveLength(1);
      expect((await ctx.storage.ingestionLog.get('rhea', 'r-1'))?.smsId).toBe(got.sms.smsId);
      expect(f.features).toEqual([got.sms.smsId]);
    });

    it('feature writes that fail twice are retried: features stored', async () => {
      const f = flaky();
      f.failures.features = 2;
      const got = await f.ingestion.receive({ ...input('retry ✓ 2'), idempotencyKey: 'r-2' });
      expect(got.featuresStored).toBe(true);
      expect(f.features).toEqual([got.sms.smsId]);
    });

    it('gives up with STORAGE_UNAVAILABLE after its attempts; the same key later completes it once', async () => {
      const f = flaky();
      f.failures.insert = 4;
      await expect(
        f.ingestion.receive({ ...input('retry ✓ 3'), idempotencyKey: 'r-3' }),
      ).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
      expect(await inboxTexts()).not.toContain('retry ✓ 3');
      const claimed = await ctx.storage.ingestionLog.get('rhea', 'r-3');
      // The client retries by key once storage is back: the claim gets its message.
      const again = await f.ingestion.receive({ ...input('retry ✓ 3'), idempotencyKey: 'r-3' });
      expect(again).toMatchObject({ featuresStored: true, replayed: true });
      expect(again.sms.smsId).toBe(claimed?.smsId);
      expect((await inboxTexts()).filter((t) => t === 'retry ✓ 3')).toHaveLength(1);
    });

    it('never retries a call without a key (a retry could store it twice)', async () => {
      const f = flaky();
      f.failures.insert = 1;
      await expect(f.ingestion.receive(input('retry ✓ 4'))).rejects.toMatchObject({
        code: 'STORAGE_UNAVAILABLE',
      });
      expect(f.failures.insert).toBe(0);
      expect(await inboxTexts()).not.toContain('retry ✓ 4');
    });
  });

  it('backfill pages through every message, reports progress, writes only what is missing', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const smsId = newSmsId();
      ids.push(smsId);
      await ctx.storage.inboxes.insert({
        smsId,
        recipientId: `u${i}`,
        senderId: 's',
        text: `m${i}`,
      });
    }
    const total = (await ctx.storage.inboxes.scan({ limit: 5000 })).items.length;
    const have = new Set(ids.slice(0, 3)); // these already have features
    const writes: string[][] = [];
    const features = {
      missing: async (smsIds: readonly string[]) =>
        new Set(smsIds.filter((id) => ids.includes(id) && !have.has(id))),
      write: async (ms: readonly IngestedMessage[]) => {
        writes.push(ms.map((m) => m.smsId));
        ms.forEach((m) => have.add(m.smsId));
        return { written: ms.length, older: 0 };
      },
    };
    const progress: BackfillProgress[] = [];
    const dry = await backfillFeatures(
      { inboxes: ctx.storage.inboxes, features },
      { batchSize: 3, dryRun: true },
    );
    expect(dry).toMatchObject({ scanned: total, missing: 4, written: 0, dryRun: true });
    expect(writes).toEqual([]);
    const run = await backfillFeatures(
      { inboxes: ctx.storage.inboxes, features },
      { batchSize: 3, onProgress: (p) => progress.push(p) },
    );
    expect(run).toMatchObject({ scanned: total, missing: 4, written: 4, dryRun: false });
    expect(writes.flat().sort()).toEqual(ids.slice(3).sort());
    expect(writes.every((w) => w.length <= 3)).toBe(true);
    expect(progress.map((p) => p.scanned)).toEqual(
      Array.from({ length: Math.ceil(total / 3) }, (_, i) => Math.min(total, (i + 1) * 3)),
    );
    const again = await backfillFeatures({ inboxes: ctx.storage.inboxes, features }, {});
    expect(again).toMatchObject({ missing: 0, written: 0 });
  });

  it('backfill counts as written only the messages whose features landed', async () => {
    const smsId = newSmsId();
    await ctx.storage.inboxes.insert({ smsId, recipientId: 'olga', senderId: 's', text: 'x' });
    // The online store holds a newer (e.g. future-stamped) row for it: the write never lands.
    const features = {
      missing: async (smsIds: readonly string[]) => new Set(smsIds.filter((id) => id === smsId)),
      write: async (ms: readonly IngestedMessage[]) => ({ written: 0, older: ms.length }),
    };
    for (let run = 0; run < 2; run++) {
      const r = await backfillFeatures({ inboxes: ctx.storage.inboxes, features }, {});
      expect([r.missing, r.written, r.older]).toEqual([1, 0, 1]);
    }
  });
});
