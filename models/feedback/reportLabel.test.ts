/**
 * reportLabel: a user's verdict as an `sms_labels` row, online (the newest report wins) and in
 * the offline history (point in time), on the real feature store over each backend; and
 * nothing written when the store cannot take it.
 */
import type { FeatureStore } from '../../feature-store';
import { isSpamgraphError } from '../../platform/errors';
import { newSmsId } from '../../platform/storage/inbox/smsId';
import {
  describeEachBackend,
  dropTestStorage,
  openTestStorage,
  testConfig,
} from '../../platform/testing/backends';
import { openSpamFeatureStore } from '../featureRepo/open';
import { labelRowOf, readReports, reportLabel, type SpamReport } from './reportLabel';

const T0 = new Date('2026-11-20T10:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

/** The code and message of what `p` rejects with. */
const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (isSpamgraphError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('did not reject');
};

describe('labelRowOf', () => {
  it('is one sms_labels row: the id, the time of the report twice, 1 for spam and 0 for ham', () => {
    const at = new Date('2026-11-26T17:03:55.123Z');
    expect(labelRowOf({ smsId: 'id-1', label: 'spam', reportedAt: at })).toStrictEqual({
      sms_id: 'id-1',
      event_timestamp: '2026-11-26T17:03:55.123Z',
      created: '2026-11-26T17:03:55.123Z',
      label: 1,
    });
    expect(labelRowOf({ smsId: 'id-1', label: 'ham', reportedAt: at }).label).toBe(0);
  });
});

describeEachBackend('reportLabel', (ctx) => {
  let store: FeatureStore;
  beforeAll(async () => {
    store = await openSpamFeatureStore(ctx.storage, ctx.config);
    await store.apply();
  });

  /** The label training sees for `smsId` as of each time (after flushing buffered history). */
  const offlineAsOf = async (smsId: string, times: Date[]) => {
    await store.flushOffline();
    const got = await store.getHistoricalFeatures({
      features: ['sms_labels:label'],
      entityRows: times.map((eventTimestamp) => ({ entityKey: smsId, eventTimestamp })),
    });
    return got.rows.map((r) => r.values.label);
  };

  it('stores a report online and offline; a later one replaces it online, history keeps both', async () => {
    const smsId = newSmsId(T0);
    const spam: SpamReport = { smsId, label: 'spam', reportedAt: minutes(1) };
    await reportLabel(store, spam);
    expect(await readReports(store, [smsId])).toEqual([spam]);

    const ham: SpamReport = { smsId, label: 'ham', reportedAt: minutes(2) };
    await reportLabel(store, ham);
    expect(await readReports(store, [smsId])).toEqual([ham]);
    expect(await offlineAsOf(smsId, [T0, minutes(1), minutes(1.5), minutes(3)])).toEqual([
      null,
      1,
      1,
      0,
    ]);
  });

  it('a report older than the stored one stays out online, and is kept as history', async () => {
    const smsId = newSmsId(T0);
    await reportLabel(store, { smsId, label: 'ham', reportedAt: minutes(5) });
    await reportLabel(store, { smsId, label: 'spam', reportedAt: minutes(4) });
    expect(await readReports(store, [smsId])).toEqual([
      { smsId, label: 'ham', reportedAt: minutes(5) },
    ]);
    expect(await offlineAsOf(smsId, [minutes(4.5), minutes(6)])).toEqual([1, 0]);
  });

  it('reads many messages in one go, null where nobody reported', async () => {
    const [a, b, c] = [newSmsId(), newSmsId(), newSmsId()] as const;
    await reportLabel(store, { smsId: b, label: 'spam', reportedAt: minutes(1) });
    const read = jest.spyOn(store, 'getOnlineFeatures');
    try {
      expect(await readReports(store, [a, b, c])).toEqual([
        null,
        { smsId: b, label: 'spam', reportedAt: minutes(1) },
        null,
      ]);
      expect(read).toHaveBeenCalledTimes(1);
      expect(await readReports(store, [])).toEqual([]);
      expect(read).toHaveBeenCalledTimes(1);
    } finally {
      read.mockRestore();
    }
  });

  it('a stored label that is neither 0 nor 1 is an error, not a verdict', async () => {
    const smsId = newSmsId();
    await store.push('sms_labels_push', [
      { sms_id: smsId, event_timestamp: minutes(1).toISOString(), label: 7 },
    ]);
    await expect(readReports(store, [smsId])).rejects.toThrow(
      `sms_labels:label of ${smsId} is 7, expected 0 or 1`,
    );
  });
});

describeEachBackend('reportLabel when the feature store cannot take it', (ctx) => {
  it('is STORAGE_UNAVAILABLE before `fs apply`, and writes nothing', async () => {
    const store = await openSpamFeatureStore(ctx.storage, ctx.config);
    const smsId = newSmsId();
    expect(await refusal(reportLabel(store, { smsId, label: 'spam', reportedAt: T0 }))).toEqual({
      code: 'STORAGE_UNAVAILABLE',
      message:
        'the feature store cannot take reports: project spamgraph has no registry yet: run `npx spamgraph fs apply`',
    });
    expect(await refusal(readReports(store, [smsId]))).toMatchObject({
      code: 'STORAGE_UNAVAILABLE',
    });
    await store.apply();
    expect(await readReports(store, [smsId])).toEqual([null]);
    await store.flushOffline();
    expect(store.offline.hasData(labelsSourceOf(store))).toBe(false);
  });

  it('is STORAGE_UNAVAILABLE when the storage is down, and writes nothing offline', async () => {
    // Storage of its own, closed under a store that has read its registry.
    const config = testConfig(ctx.backend);
    const storage = await openTestStorage(config);
    const store = await openSpamFeatureStore(storage, config);
    await store.apply();
    await store.registered();
    await storage.close();
    try {
      const smsId = newSmsId();
      expect(
        await refusal(reportLabel(store, { smsId, label: 'spam', reportedAt: T0 })),
      ).toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
      await store.flushOffline();
      expect(store.offline.hasData(labelsSourceOf(store))).toBe(false);
    } finally {
      await dropTestStorage(await openTestStorage(config), config);
    }
  });
});

/** The batch source of `sms_labels` in the store's definitions. */
function labelsSourceOf(store: FeatureStore) {
  const view = store.definitions.featureViews.find((v) => v.name === 'sms_labels')!;
  return view.source.kind === 'push_source' ? view.source.batchSource : view.source;
}
