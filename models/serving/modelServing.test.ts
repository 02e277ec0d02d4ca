/**
 * ModelServing on real storage (both backends) and the real feature store, with small
 * hand-made classifiers whose answers and call counts the tests can see.
 */
import { openSpamFeatureStore } from '../featureRepo/open';
import type { FeatureStore } from '../../feature-store';
import { describeEachBackend } from '../../platform/testing/backends';
import { isSpamgraphError } from '../../platform/errors';
import { extractV1 } from '../features';
import type { Classifier } from '../classifiers';
import type { ModelVersion } from '../versions';
import { loadLstmClassifier } from '../classifiers/lstm';
import { loadV1Classifier } from '../classifiers/v1';
import { MAX_SHADOW_BATCHES, ModelServing } from './modelServing';
import type { ServingObserver } from './observer';

/** V1 wrapped: a chosen artifact digest and answer, counting its model calls. */
async function fakeV1(digest: string, answer: (row: readonly number[]) => number) {
  const real = await loadV1Classifier();
  const calls: number[] = [];
  const classifier: Classifier = {
    ...real,
    artifactDigest: digest,
    predictProba: (batch) => {
      real.validate(batch);
      calls.push(batch.length);
      return Promise.resolve(batch.map(answer));
    },
  };
  return { classifier, calls };
}

function recordingObserver() {
  const events: string[] = [];
  const observer: ServingObserver = {
    modelCall: (v, n) => events.push(`model ${v} ${n}`),
    cacheLookup: (v, hits, misses) => events.push(`cache ${v} ${hits}/${misses}`),
    memoryHits: (v, hits) => events.push(`memory ${v} ${hits}`),
    onlineRead: (v, n, missing, seconds) => {
      expect(seconds).toBeGreaterThanOrEqual(0);
      events.push(`online ${v} ${n} missing ${missing}`);
    },
    cacheRead: (v, n, seconds) => {
      expect(seconds).toBeGreaterThanOrEqual(0);
      events.push(`cache read ${v} ${n}`);
    },
    shadowCompared: (a, b, outcomes) =>
      events.push(
        `shadow ${a}→${b} ${outcomes.map((o) => (o.agree ? 'agree' : 'disagree')).join(',')}`,
      ),
    shadowSkipped: (a, b, n, reason) => events.push(`shadow skipped ${a}→${b} ${n} ${reason}`),
  };
  return { events, observer };
}

const code = (e: unknown) => (isSpamgraphError(e) ? e.code : String(e));

describeEachBackend('ModelServing', (ctx) => {
  let store: FeatureStore;
  beforeAll(async () => {
    store = await openSpamFeatureStore(ctx.storage, ctx.config);
    await store.apply();
  });

  const open = async (
    classifier: Classifier,
    extra: Partial<Parameters<typeof ModelServing.open>[0]> = {},
  ) =>
    ModelServing.open({
      store,
      cache: ctx.storage.predictions,
      enabled: [classifier.version],
      load: () => Promise.resolve(classifier),
      ...extra,
    });

  it('caches by input digest: the second call runs no model, and says so', async () => {
    const { classifier, calls } = await fakeV1('a'.repeat(64), (r) => r[0]!);
    const serving = await open(classifier);
    const v = extractV1('FREE entry to WIN cash now');
    const first = await serving.predict('V1', [v]);
    const second = await serving.predict('V1', [v]);
    expect(first).toEqual([
      { version: 'V1', label: 'ham', spamProbability: v[0], fromCache: false },
    ]);
    expect(second).toEqual([{ ...first[0], fromCache: true }]);
    expect(calls).toEqual([1]);
    // skipCache runs the model again.
    expect((await serving.predict('V1', [v], { skipCache: true }))[0]!.fromCache).toBe(false);
    expect(calls).toEqual([1, 1]);
  });

  it('a fresh process finds verdicts in storage; repeats are answered from memory', async () => {
    const v = extractV1('Call now to claim your reward');
    const first = await fakeV1('4'.repeat(64), () => 0.8);
    await (await open(first.classifier)).predict('V1', [v]);
    const second = await fakeV1('4'.repeat(64), () => 0.1);
    const { events, observer } = recordingObserver();
    const serving = await open(second.classifier, { observer });
    const a = await serving.predict('V1', [v]);
    const b = await serving.predict('V1', [v]);
    expect(a).toEqual([{ version: 'V1', label: 'spam', spamProbability: 0.8, fromCache: true }]);
    expect(b).toEqual(a);
    expect(second.calls).toEqual([]);
    // The second lookup is answered from memory: no storage read.
    expect(events).toEqual([
      'memory V1 0',
      'cache read V1 1',
      'cache V1 1/0',
      'memory V1 1',
      'cache V1 1/0',
    ]);
  });

  it('never serves a verdict cached under another artifact digest', async () => {
    const v = extractV1('see you at 5');
    const old = await fakeV1('b'.repeat(64), () => 0.9);
    await (await open(old.classifier)).predict('V1', [v]);
    const retrained = await fakeV1('c'.repeat(64), () => 0.1);
    const [p] = await (await open(retrained.classifier)).predict('V1', [v]);
    expect(p).toEqual({ version: 'V1', label: 'ham', spamProbability: 0.1, fromCache: false });
    expect(retrained.calls).toEqual([1]);
  });

  it('scores distinct vectors of a batch once, in one model call, answering in order', async () => {
    const { classifier, calls } = await fakeV1('d'.repeat(64), (r) => r[1]!);
    const serving = await open(classifier);
    const a = extractV1('AAA!!');
    const b = extractV1('bbb');
    const out = await serving.predict('V1', [a, b, a]);
    expect(out.map((p) => p.spamProbability)).toEqual([a[1], b[1], a[1]]);
    expect(calls).toEqual([2]);
  });

  it('rejects wrong vectors with BAD_USER_INPUT before touching the cache', async () => {
    const { classifier, calls } = await fakeV1('e'.repeat(64), () => 0.5);
    const serving = await open(classifier);
    await expect(serving.predict('V1', [[1, 2, 3]])).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    await expect(serving.predict('V1', [[...extractV1('x').slice(1), NaN]])).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect(calls).toEqual([]);
  });

  it('answers MODEL_VERSION_DISABLED for a version it does not serve', async () => {
    const { classifier } = await fakeV1('f'.repeat(64), () => 0.5);
    const serving = await open(classifier);
    let err: unknown;
    try {
      serving.classifier('V3' as ModelVersion);
    } catch (e) {
      err = e;
    }
    expect(code(err)).toBe('MODEL_VERSION_DISABLED');
    await expect(serving.predictText('V2', 'hi')).rejects.toMatchObject({
      code: 'MODEL_VERSION_DISABLED',
    });
  });

  it('messages: stored features win over text; missing ones come from text and are written through', async () => {
    const { classifier, calls } = await fakeV1('1'.repeat(64), (r) => r[0]!);
    const { events, observer } = recordingObserver();
    const serving = await open(classifier, { observer });
    // m1 has online features that differ from its text's; m2 has none.
    const stored = [0.25, 0.5, 0, 0, 0, 0, 0, 0, 1];
    await store.writeToOnlineStore('sms_features1', [
      {
        sms_id: 'm1',
        event_timestamp: '2026-01-01T00:00:00Z',
        ...Object.fromEntries(classifier.featureNames.map((n, i) => [n, stored[i]])),
      },
    ]);
    const out = await serving.predictMessages('V1', [
      { smsId: 'm1', text: 'ignored because features exist' },
      { smsId: 'm2', text: 'HELLO there' },
      { smsId: 'm3', text: null },
    ]);
    expect(out[0]).toMatchObject({ spamProbability: 0.25, fromCache: false });
    expect(out[1]).toMatchObject({ spamProbability: extractV1('HELLO there')[0] });
    expect(out[2]).toBeInstanceOf(Error);
    expect(code(out[2])).toBe('BAD_USER_INPUT');
    expect(calls).toEqual([2]);
    expect(events).toEqual([
      'online V1 3 missing 1',
      'memory V1 0',
      'cache read V1 2',
      'cache V1 0/2',
      'model V1 2',
    ]);
    // m2's features were written through: the store now serves them.
    const online = await store.getOnlineFeatures({
      features: ['sms_features1:cap_r', 'sms_features1:cash'],
      entities: ['m2'],
    });
    expect(online.columns[1]!.statuses).toEqual(['PRESENT']);
    expect(online.columns[1]!.values).toEqual([extractV1('HELLO there')[0]]);
    // Next time: features from the store, verdicts from the cache, no model.
    const again = await serving.predictMessages('V1', [
      { smsId: 'm1', text: null },
      { smsId: 'm2', text: null },
    ]);
    expect(again.map((p) => (p as { fromCache: boolean }).fromCache)).toEqual([true, true]);
    expect(calls).toEqual([2]);
  });

  it('a malformed message id fails only its own message', async () => {
    const { classifier, calls } = await fakeV1('5'.repeat(64), (r) => r[0]!);
    const serving = await open(classifier);
    const out = await serving.predictMessages('V1', [
      { smsId: 'x'.repeat(129), text: 'hello' },
      { smsId: 'ok-1', text: 'HELLO' },
      { smsId: '', text: 'hi' },
    ]);
    expect(code(out[0])).toBe('BAD_USER_INPUT');
    expect(out[1]).toMatchObject({ spamProbability: 1, label: 'spam', fromCache: false });
    expect(code(out[2])).toBe('BAD_USER_INPUT');
    expect(calls).toEqual([1]);
    const none = await serving.predictMessages('V1', [{ smsId: '', text: 'hi' }]);
    expect(code(none[0])).toBe('BAD_USER_INPUT');
  });

  it('re-pushed features miss the cache and get a fresh verdict', async () => {
    const { classifier, calls } = await fakeV1('2'.repeat(64), (r) => r[0]!);
    const serving = await open(classifier);
    const row = (capR: number, ts: string) => ({
      sms_id: 'm9',
      event_timestamp: ts,
      ...Object.fromEntries(classifier.featureNames.map((n, i) => [n, i === 0 ? capR : 0])),
    });
    await store.writeToOnlineStore('sms_features1', [row(0.3, '2026-01-01T00:00:00Z')]);
    const [a] = await serving.predictMessages('V1', [{ smsId: 'm9' }]);
    await store.writeToOnlineStore('sms_features1', [row(0.7, '2026-02-01T00:00:00Z')]);
    const [b] = await serving.predictMessages('V1', [{ smsId: 'm9' }]);
    expect(a).toMatchObject({ spamProbability: 0.3, fromCache: false });
    expect(b).toMatchObject({ spamProbability: 0.7, label: 'spam', fromCache: false });
    expect(calls).toEqual([1, 1]);
  });

  it('V2 features computed from text go through the push source, as 30 token ids', async () => {
    const v2 = await loadLstmClassifier('V2');
    const serving = await open(v2);
    const text = 'Congratulations you have won a free prize call now';
    const [p] = await serving.predictMessages('V2', [{ smsId: 'm-v2', text }]);
    expect(p).toMatchObject({ version: 'V2', fromCache: false });
    const online = await store.getOnlineFeatures({
      features: ['sms_features2:features'],
      entities: ['m-v2'],
    });
    expect(online.columns[1]!.values[0]).toEqual(v2.textToFeatures(text));
  });

  it('textToFeatures names every value and reports its own cache', async () => {
    const { classifier } = await fakeV1('3'.repeat(64), () => 0.5);
    const serving = await open(classifier);
    const a = serving.textToFeatures('V1', 'Win CASH');
    const b = serving.textToFeatures('V1', 'Win CASH');
    expect(a).toEqual({
      version: 'V1',
      names: ['cap_r', 'nal_r', 'free', 'money', 'prize', 'win', 'won', 'winner', 'cash'],
      values: extractV1('Win CASH'),
      fromCache: false,
    });
    expect(b.fromCache).toBe(true);
    expect(() => serving.textToFeatures('V1', '   ')).toThrow(/must not be empty/);
    expect(() => serving.textToFeatures('V1', 'x'.repeat(2001))).toThrow(/2001 characters/);
  });

  it('shadow: the challenger scores the same messages after the answer; busy batches are skipped, failures counted', async () => {
    const champion = await fakeV1('d'.repeat(64), (r) => r[0]!);
    let release: () => void = () => undefined;
    let failNext = false;
    const gate = () => new Promise<void>((resolve) => (release = resolve));
    let waiting = gate();
    const base = await fakeV1('e'.repeat(64), () => 0.9);
    const challenger: Classifier = {
      ...base.classifier,
      version: 'V4',
      predictProba: async (batch) => {
        await waiting;
        if (failNext) throw new Error('challenger down');
        return batch.map(() => 0.9);
      },
    };
    const { events, observer } = recordingObserver();
    const serving = await ModelServing.open({
      store,
      cache: ctx.storage.predictions,
      enabled: ['V1', 'V4'],
      load: (v) => Promise.resolve(v === 'V1' ? champion.classifier : challenger),
      observer,
    });
    const messages = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        smsId: `shadow-${ctx.backend}-${Date.now()}-${n}-${i}`,
        text: i === 0 ? 'HELLO THERE FRIEND' : `see you at ${i}`,
      }));
    const batches = Array.from({ length: MAX_SHADOW_BATCHES + 1 }, (_, k) => messages(k + 1));
    for (const batch of batches) {
      const answered = await serving.predictMessages('V1', batch);
      serving.shadow('V1', 'V4', batch, answered);
    }
    const shadowEvents = () => events.filter((e) => e.startsWith('shadow'));
    // One batch more than may run at once: skipped at the door, never queued.
    expect(shadowEvents()).toEqual([`shadow skipped V1→V4 ${MAX_SHADOW_BATCHES + 1} busy`]);
    release();
    await serving.shadowSettled();
    const compared = shadowEvents().slice(1);
    expect(compared).toHaveLength(MAX_SHADOW_BATCHES);
    // V1 here answers cap_r: 1 for the all-caps text (spam), 0 otherwise (ham); V4 says 0.9.
    // Batches finish in any order: batch k has k messages, the first one agreeing.
    expect(compared.sort()).toEqual(
      Array.from(
        { length: MAX_SHADOW_BATCHES },
        (_, k) => `shadow V1→V4 ${['agree', ...Array<string>(k).fill('disagree')].join(',')}`,
      ).sort(),
    );
    failNext = true;
    waiting = Promise.resolve();
    // New texts (cached verdicts would need no model call).
    const last = messages(2).map((m, i) => ({ ...m, text: `never seen before ${i} ${m.smsId}` }));
    serving.shadow('V1', 'V4', last, await serving.predictMessages('V1', last));
    await serving.shadowSettled();
    expect(shadowEvents().at(-1)).toBe('shadow skipped V1→V4 2 error');
  });
});
