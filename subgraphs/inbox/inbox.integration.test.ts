/**
 * The inbox subgraph through the real Apollo Gateway over HTTP, once per storage backend:
 * receiving messages, idempotency, features in the online and offline stores, the backfill,
 * and the path where the feature store cannot take the features.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  openSpamFeatureStore,
  extractV1,
  extractV2,
  extractV3,
  loadTokenizer,
  type Tokenizer,
} from '../../models';
import type { FeatureStore } from '../../feature-store';
import { isSmsId } from '../../platform/storage/inbox/smsId';
import { describeEachBackend } from '../../platform/testing/backends';
import { sampleValue } from '../../platform/http/prometheusText';
import { bearer, startTestStack, type TestStack } from '../testing/stack';

const RECEIVE = `mutation R($input: ReceiveSmsInput!) {
  receiveSms(input: $input) {
    featuresStored replayed
    sms { smsId recipientId senderId text receivedAt }
  }
}`;
const RECEIVE_AND_SCORE = `mutation R($input: ReceiveSmsInput!) {
  receiveSms(input: $input) {
    featuresStored
    sms { smsId text v1: spamPrediction(version: V1) { label fromCache } v3: spamPrediction(version: V3) { label fromCache } }
  }
}`;
const STORE = `mutation S($input: StoreSmsInput!) { storeSms(input: $input) { smsId } }`;
const INBOX = `query I($u: ID!) { inbox(userId: $u, first: 200) { edges { node { smsId senderId text } } } }`;
const BACKFILL = `mutation B($dry: Boolean, $batch: Int) {
  backfillFeatures(dryRun: $dry, batchSize: $batch) { scanned missing written dryRun seconds }
}`;

const SPAM =
  'WINNER!! You have been selected to receive a £900 prize reward! To claim call 09061701461. Claim code KL341.';

interface Received {
  featuresStored: boolean;
  replayed: boolean;
  sms: { smsId: string; recipientId: string; senderId: string; text: string; receivedAt: string };
}

const user = () => `user-${randomUUID().slice(0, 8)}`;

describeEachBackend('inbox subgraph via gateway', (ctx) => {
  let stack: TestStack;
  let store: FeatureStore;
  let tokenizer: Tokenizer;
  beforeAll(async () => {
    store = await openSpamFeatureStore(ctx.storage, ctx.config);
    await store.apply();
    tokenizer = await loadTokenizer();
    stack = await startTestStack(ctx.storage, ctx.config, { featureStore: store });
  }, 60_000);
  afterAll(async () => stack?.close());

  const receive = async (input: Record<string, unknown>) => {
    const res = await stack.query<{ receiveSms: Received }>(RECEIVE, { input });
    expect(res.errors).toBeUndefined();
    return res.data!.receiveSms;
  };
  const inbox = async (u: string) => {
    const res = await stack.query<{
      inbox: { edges: { node: { smsId: string; senderId: string; text: string } }[] };
    }>(INBOX, { u });
    expect(res.errors).toBeUndefined();
    return res.data!.inbox.edges.map((e) => e.node);
  };
  const onlineOf = async (smsId: string) => {
    const online = await store.getOnlineFeatures({
      features: [
        'sms_features1:cap_r',
        'sms_features1:cash',
        'sms_features2:features',
        'sms_features3:indices',
        'sms_features3:values',
      ],
      entities: [smsId],
    });
    return online.columns.slice(1).map((c) => ({ value: c.values[0], status: c.statuses[0] }));
  };

  it('stores the message, then its v1, v2 and v3 features online and its v2 and v3 features offline', async () => {
    const u = user();
    const before = Date.now();
    const got = await receive({ recipientId: u, senderId: '+44 7700 900123', text: SPAM });
    expect(got).toMatchObject({
      featuresStored: true,
      replayed: false,
      sms: { recipientId: u, senderId: '+44 7700 900123', text: SPAM },
    });
    expect(isSmsId(got.sms.smsId)).toBe(true);
    const at = Date.parse(got.sms.receivedAt);
    expect(at).toBeGreaterThanOrEqual(before - 1);
    expect(at).toBeLessThanOrEqual(Date.now());
    expect(await inbox(u)).toEqual([
      { smsId: got.sms.smsId, senderId: '+44 7700 900123', text: SPAM },
    ]);

    const v1 = extractV1(SPAM);
    expect(await onlineOf(got.sms.smsId)).toEqual([
      { value: v1[0], status: 'PRESENT' },
      { value: v1[8], status: 'PRESENT' },
      { value: extractV2(tokenizer, SPAM), status: 'PRESENT' },
      { value: extractV3(SPAM).indices, status: 'PRESENT' },
      { value: extractV3(SPAM).values, status: 'PRESENT' },
    ]);
    // Offline history, as training reads it: as of the arrival, the pushed token ids — once
    // the journal is flushed (the service does it every 5 s and at shutdown).
    const historyOf = () =>
      store.getHistoricalFeatures({
        features: ['sms_features2:features', 'sms_features3:indices', 'sms_features3:values'],
        entityRows: [{ entityKey: got.sms.smsId, eventTimestamp: new Date(at + 1) }],
      });
    await store.flushOffline();
    const history = await historyOf();
    expect(history.rows.map((r) => r.values)).toEqual([
      { features: extractV2(tokenizer, SPAM), ...extractV3(SPAM) },
    ]);
  });

  it('writes offline history as one Parquet part per journal flush, not one per message', async () => {
    await store.flushOffline();
    const dir = path.join(ctx.config.dataDir, 'offline', 'sms_features2');
    const parts = () => fs.readdirSync(dir).filter((f) => f.endsWith('.parquet')).length;
    const before = parts();
    const got = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        receive({ recipientId: user(), senderId: 'x', text: `message ${i}` }),
      ),
    );
    expect(got.every((g) => g.featuresStored)).toBe(true);
    expect(parts()).toBe(before);
    await store.flushOffline();
    expect(parts()).toBe(before + 1);
  });

  it('scores a received message from its stored features, with no text processing', async () => {
    const computed = async () => {
      const text = await stack.modelMetrics();
      return ['V1', 'V3'].map((v) =>
        sampleValue(text, `spamgraph_features_computed_from_text_total{version="${v}"}`),
      );
    };
    const before = await computed();
    const res = await stack.query<{
      receiveSms: { featuresStored: boolean; sms: Record<string, { label: string }> };
    }>(RECEIVE_AND_SCORE, { input: { recipientId: user(), senderId: 'x', text: SPAM } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.receiveSms.featuresStored).toBe(true);
    expect(res.data!.receiveSms.sms.v1!.label).toBe('SPAM');
    expect(res.data!.receiveSms.sms.v3!.label).toBe('SPAM');
    expect(await computed()).toEqual(before);
  });

  it('the same idempotency key twice returns the same message, stored once', async () => {
    const u = user();
    const input = {
      recipientId: u,
      senderId: 'bank',
      text: 'Your code is 1234 🔐',
      idempotencyKey: randomUUID(),
    };
    const first = await receive(input);
    const again = await receive(input);
    expect(again).toEqual({ ...first, replayed: true });
    expect((await inbox(u)).map((s) => s.smsId)).toEqual([first.sms.smsId]);
  });

  it('concurrent calls with one key store one message', async () => {
    const u = user();
    const input = { recipientId: u, senderId: 'x', text: 'only once', idempotencyKey: 'k-1' };
    const results = await Promise.all(Array.from({ length: 6 }, () => receive(input)));
    expect(new Set(results.map((r) => r.sms.smsId)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await inbox(u)).toHaveLength(1);
  });

  it('a key reused for another message is IDEMPOTENCY_CONFLICT, and nothing is stored', async () => {
    const u = user();
    const key = `ключ-${randomUUID()}`;
    const first = await receive({
      recipientId: u,
      senderId: 'a',
      text: 'first',
      idempotencyKey: key,
    });
    for (const other of [{ text: 'second' }, { senderId: 'b' }]) {
      const res = await stack.query(RECEIVE, {
        input: { recipientId: u, senderId: 'a', text: 'first', idempotencyKey: key, ...other },
      });
      expect(res.data).toBeNull();
      expect(res.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_CONFLICT');
      expect(res.errors?.[0]?.message).toMatch(/already used for another message/);
    }
    // The same key for another recipient is another key.
    const other = await receive({
      recipientId: user(),
      senderId: 'a',
      text: 'x',
      idempotencyKey: key,
    });
    expect(other.replayed).toBe(false);
    expect(await inbox(u)).toEqual([{ smsId: first.sms.smsId, senderId: 'a', text: 'first' }]);
  });

  it.each([
    ['an empty text', { text: '' }, /text must not be empty/],
    ['a blank text', { text: ' \n ' }, /text must not be empty/],
    ['a text of 2,001 characters', { text: 'é'.repeat(2001) }, /2001 characters; at most 2000/],
    ['a control character in the text', { text: 'a\u0000b' }, /control characters/],
    ['an empty recipient', { recipientId: '' }, /recipientId must not be empty/],
    ['a recipient of 129 characters', { recipientId: 'u'.repeat(129) }, /longer than 128/],
    ['a newline in the sender', { senderId: 'a\nb' }, /control characters/],
    ['an empty idempotency key', { idempotencyKey: '' }, /idempotencyKey must not be empty/],
    [
      'an idempotency key of 201 characters',
      { idempotencyKey: 'k'.repeat(201) },
      /longer than 200/,
    ],
    ['a tab in the idempotency key', { idempotencyKey: 'a\tb' }, /control characters/],
  ])('%s is BAD_USER_INPUT and stores nothing', async (_name, change, message) => {
    const u = user();
    const res = await stack.query(RECEIVE, {
      input: { recipientId: u, senderId: 's', text: 'hello', ...change },
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(message);
    expect(await inbox(u)).toEqual([]);
  });

  it('wrong types and missing fields are BAD_USER_INPUT', async () => {
    for (const input of [
      { recipientId: 'a', senderId: 'b', text: 42 },
      { recipientId: 'a', senderId: 'b' },
      { recipientId: 'a', senderId: 'b', text: 'x', idempotencyKey: ['k'] },
    ]) {
      const res = await stack.query(RECEIVE, { input });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('keeps a 2,000-character unicode text exactly', async () => {
    const text = '👍é中'.repeat(666) + 'ok';
    const got = await receive({ recipientId: user(), senderId: 'x', text });
    expect(got.sms.text).toBe(text);
    expect(got.featuresStored).toBe(true);
  });

  it('backfills the features of messages that came by another path, once', async () => {
    const u = user();
    const ids: string[] = [];
    for (const text of ['free cash now', 'see you at 6', 'WIN a prize']) {
      const res = await stack.query<{ storeSms: { smsId: string } }>(STORE, {
        input: { recipientId: u, senderId: 'x', text },
      });
      ids.push(res.data!.storeSms.smsId);
    }
    expect((await onlineOf(ids[0]!))[2]!.status).toBe('NOT_FOUND');
    const dry = await stack.query<{ backfillFeatures: Record<string, unknown> }>(BACKFILL, {
      dry: true,
      batch: 2,
    });
    expect(dry.errors).toBeUndefined();
    // Earlier tests' messages all have features: exactly these three are missing.
    expect(dry.data!.backfillFeatures).toMatchObject({ missing: 3, written: 0, dryRun: true });
    expect((await onlineOf(ids[0]!))[2]!.status).toBe('NOT_FOUND');
    const run = await stack.query<{ backfillFeatures: Record<string, number> }>(BACKFILL, {});
    expect(run.data!.backfillFeatures).toMatchObject({ missing: 3, written: 3, dryRun: false });
    expect(run.data!.backfillFeatures.scanned).toBe(dry.data!.backfillFeatures.scanned);
    expect(await onlineOf(ids[1]!)).toEqual([
      { value: extractV1('see you at 6')[0], status: 'PRESENT' },
      { value: 0, status: 'PRESENT' },
      { value: extractV2(tokenizer, 'see you at 6'), status: 'PRESENT' },
      { value: extractV3('see you at 6').indices, status: 'PRESENT' },
      { value: extractV3('see you at 6').values, status: 'PRESENT' },
    ]);
    const again = await stack.query<{ backfillFeatures: Record<string, number> }>(BACKFILL, {});
    expect(again.data!.backfillFeatures).toMatchObject({ missing: 0, written: 0 });
  });

  it.each([0, -1, 5001])('backfill batchSize %d is BAD_USER_INPUT', async (batch) => {
    const res = await stack.query(BACKFILL, { batch });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/batchSize must be 1–5000/);
  });

  it('counts received messages and feature writes in /metrics', async () => {
    const metricsUrl = `${stack.subgraphUrls.inbox!.replace(/\/graphql$/, '')}/metrics`;
    const res = await fetch(metricsUrl, { headers: bearer(stack.keys.admin) });
    const text = await res.text();
    expect(sampleValue(text, 'spamgraph_inbox_received_total{outcome="stored"}')).toBeGreaterThan(
      5,
    );
    expect(sampleValue(text, 'spamgraph_inbox_received_total{outcome="replayed"}')).toBeGreaterThan(
      1,
    );
    expect(sampleValue(text, 'spamgraph_inbox_feature_write_batch_size_count')).toBeGreaterThan(0);
    // metrics are for admins: nobody else reads them
    expect((await fetch(metricsUrl)).status).toBe(401);
    const ingest = await fetch(metricsUrl, { headers: bearer(stack.keys.ingest) });
    expect(ingest.status).toBe(403);
    expect(await ingest.json()).toEqual({
      errors: [{ message: 'needs the admin role', extensions: { code: 'FORBIDDEN' } }],
    });
  });
});

describeEachBackend('inbox subgraph when the feature store cannot take features', (ctx) => {
  let stack: TestStack;
  let store: FeatureStore;
  beforeAll(async () => {
    // Not applied: pushes fail with NOT_FOUND until `fs apply`.
    store = await openSpamFeatureStore(ctx.storage, ctx.config);
    stack = await startTestStack(ctx.storage, ctx.config, { featureStore: store });
  }, 60_000);
  afterAll(async () => stack?.close());

  it('keeps the message, says featuresStored: false, and a retry or the backfill finishes', async () => {
    const u = user();
    const keyed = { recipientId: u, senderId: 'x', text: 'keyed', idempotencyKey: 'k' };
    const a = await stack.query<{ receiveSms: Received }>(RECEIVE, { input: keyed });
    const b = await stack.query<{ receiveSms: Received }>(RECEIVE, {
      input: { recipientId: u, senderId: 'x', text: 'unkeyed' },
    });
    expect(a.errors).toBeUndefined();
    expect(a.data!.receiveSms).toMatchObject({ featuresStored: false, replayed: false });
    expect(b.data!.receiveSms).toMatchObject({ featuresStored: false, replayed: false });
    const stored = await stack.query<{ inbox: { edges: unknown[] } }>(INBOX, { u });
    expect(stored.data!.inbox.edges).toHaveLength(2);

    await store.apply();
    // The retry with the same key stores the features the first call could not.
    const retry = await stack.query<{ receiveSms: Received }>(RECEIVE, { input: keyed });
    expect(retry.data!.receiveSms).toMatchObject({
      featuresStored: true,
      replayed: true,
      sms: { smsId: a.data!.receiveSms.sms.smsId },
    });
    const run = await stack.query<{ backfillFeatures: Record<string, number> }>(BACKFILL, {});
    expect(run.data!.backfillFeatures).toMatchObject({ scanned: 2, missing: 1, written: 1 });
  });
});
