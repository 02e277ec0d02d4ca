/**
 * Input hygiene and feature integrity of message ingestion (issue 10), through the real
 * gateway on each backend: ids and texts that look clean but are not (lone surrogates,
 * zero-width and bidi characters, line separators, NFD) are refused by `receiveSms`,
 * `storeSms` and the inbox reads, with nothing stored; and the backfill counts as written
 * only the features that landed, until an admin removes the future-stamped row in the way.
 */
import { openSpamFeatureStore } from '../../models';
import type { FeatureStore } from '../../feature-store';
import { poisonOnlineRow } from '../../feature-store/testing/poison';
import { describeEachBackend } from '../../platform/testing/backends';
import { startTestStack, type TestStack } from '../testing/stack';

const RECEIVE = `mutation R($input: ReceiveSmsInput!) { receiveSms(input: $input) { sms { smsId } } }`;
const STORE = `mutation S($input: StoreSmsInput!) { storeSms(input: $input) { smsId } }`;
const INBOX = `query I($u: ID!) { inbox(userId: $u, first: 10) { edges { node { smsId } } } }`;
const BACKFILL = `mutation { backfillFeatures { scanned missing written older dryRun } }`;

const INVISIBLE = 'must not contain invisible, formatting or separator characters';
const LONE = 'must be well-formed Unicode (it holds a lone surrogate)';
const NFC = 'must be in Unicode normalization form NFC (e.g. é as one code point, not e + ◌́)';

/** Bad ids, each with what the refusal says after the field name. */
const BAD_IDS: [string, string, string][] = [
  ['a zero-width space', 'ali\u200bce', `${INVISIBLE} (U+200B)`],
  ['an RTL override', '\u202eecila', `${INVISIBLE} (U+202E)`],
  ['a line separator', 'ali\u2028ce', `${INVISIBLE} (U+2028)`],
  ['a no-break space', 'ali\u00a0ce', `${INVISIBLE} (U+00A0)`],
  ['NFD', 'Jose\u0301', NFC],
  ['a lone high surrogate', 'alice\ud83d', LONE],
  ['a lone low surrogate', '\ude00alice', LONE],
  ['a leading space', ' alice', 'must not start or end with a space'],
];
/** Texts that are not well formed, or blank once invisible characters are set aside. */
const BAD_TEXTS: [string, string, string][] = [
  ['a lone high surrogate', 'win \ud83d', `text ${LONE}`],
  ['a lone low surrogate', '\ude00 win', `text ${LONE}`],
  ['a zero-width space only', '\u200b', 'text must not be empty'],
  [
    'zero-width characters and spaces',
    ' \u200b\u200c\u200d\u2060\ufeff ',
    'text must not be empty',
  ],
  ['a bidi override only', '\u202e', 'text must not be empty'],
  ['line separators only', '\u2028\u2029', 'text must not be empty'],
  ['Hangul fillers', '\u3164\u3164', 'text must not be empty'],
  ['a braille blank', '\u2800', 'text must not be empty'],
];

describeEachBackend('message ingestion (security)', (ctx) => {
  let stack: TestStack;
  let store: FeatureStore;
  beforeAll(async () => {
    store = await openSpamFeatureStore(ctx.storage, ctx.config);
    await store.apply();
    stack = await startTestStack(ctx.storage, ctx.config, { featureStore: store });
  }, 60_000);
  afterAll(async () => stack?.close());

  /** Every stored message id (to prove a refusal stored nothing). */
  const allMessages = async () =>
    (await ctx.storage.inboxes.scan({ limit: 5000 })).items.map((s) => s.smsId).sort();
  /** The refusal of an operation as [message, code, field]. */
  const refusal = async (query: string, variables: Record<string, unknown>) => {
    const res = await stack.query(query, variables);
    expect(res.data ?? null).toBeNull();
    return res.errors?.map((e) => [e.message, e.extensions?.code, e.extensions?.field]);
  };
  const ok = { recipientId: 'alice', senderId: '+44 7700 900123', text: 'see you at 6' };

  describe.each([
    ['receiveSms', RECEIVE],
    ['storeSms', STORE],
  ])('%s', (_op, mutation) => {
    it.each(BAD_IDS)('refuses a recipient with %s: nothing stored', async (_name, id, why) => {
      const before = await allMessages();
      expect(await refusal(mutation, { input: { ...ok, recipientId: id } })).toEqual([
        [`recipientId ${why}`, 'BAD_USER_INPUT', 'recipientId'],
      ]);
      expect(await allMessages()).toEqual(before);
    });

    it.each(BAD_IDS)('refuses a sender with %s: nothing stored', async (_name, id, why) => {
      const before = await allMessages();
      expect(await refusal(mutation, { input: { ...ok, senderId: id } })).toEqual([
        [`senderId ${why}`, 'BAD_USER_INPUT', 'senderId'],
      ]);
      expect(await allMessages()).toEqual(before);
    });

    it.each(BAD_TEXTS)('refuses a text of %s: nothing stored', async (_name, text, message) => {
      const before = await allMessages();
      expect(await refusal(mutation, { input: { ...ok, text } })).toEqual([
        [message, 'BAD_USER_INPUT', 'text'],
      ]);
      expect(await allMessages()).toEqual(before);
    });
  });

  it.each(BAD_IDS)('refuses to read the inbox of an id with %s', async (_name, id, why) => {
    expect(await refusal(INBOX, { u: id })).toEqual([
      [`userId ${why}`, 'BAD_USER_INPUT', 'userId'],
    ]);
  });

  it('stores the clean spellings (NFC, inner spaces, emoji joined by U+200D in a text)', async () => {
    const input = { recipientId: 'Jos\u00e9', senderId: 'Royal Mail', text: '👨‍👩‍👧 at 6' };
    const res = await stack.query<{ storeSms: { smsId: string } }>(STORE, { input });
    expect(res.errors).toBeUndefined();
    const stored = await ctx.storage.inboxes.get('Jos\u00e9', res.data!.storeSms.smsId);
    expect(stored && [stored.recipientId, stored.senderId, stored.text]).toEqual([
      input.recipientId,
      input.senderId,
      input.text,
    ]);
  });

  it('backfill counts only features that landed, until the row in the way is deleted', async () => {
    await stack.query(BACKFILL); // earlier messages get their features
    const res = await stack.query<{ storeSms: { smsId: string } }>(STORE, { input: ok });
    const smsId = res.data!.storeSms.smsId;
    // A row stamped in the far future (with no value, so the message looks unscored): every
    // write of the message's genuine features is older than it.
    await poisonOnlineRow(
      ctx.storage,
      'sms_features2',
      smsId,
      { features: null },
      new Date('9999-12-31T00:00:00Z'),
    );
    const scanned = (await allMessages()).length;
    for (let run = 0; run < 2; run++) {
      expect(await stack.query(BACKFILL)).toEqual({
        data: {
          backfillFeatures: { scanned, missing: 1, written: 0, older: 1, dryRun: false },
        },
      });
    }
    expect((await store.deleteOnline('sms_features2', [smsId])).deleted).toEqual([smsId]);
    expect(await stack.query(BACKFILL)).toEqual({
      data: { backfillFeatures: { scanned, missing: 1, written: 1, older: 0, dryRun: false } },
    });
    expect(await stack.query(BACKFILL)).toEqual({
      data: { backfillFeatures: { scanned, missing: 0, written: 0, older: 0, dryRun: false } },
    });
    const online = await store.getOnlineFeatures({
      features: ['sms_features2:features'],
      entities: [smsId],
    });
    expect(online.columns[1]!.statuses).toEqual(['PRESENT']);
    expect(online.columns[1]!.eventTimestamps[0]!.getTime()).toBeLessThan(Date.now());
  });
});
