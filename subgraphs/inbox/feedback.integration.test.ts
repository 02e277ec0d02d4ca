/**
 * Users' verdicts through the real Apollo Gateway over HTTP, once per storage backend:
 * `reportSpam` on one's own message lands as its label online (shown as `Sms.userVerdict`) and
 * offline (point in time); who may report; bad ids; one online read per inbox page; and the
 * path where the feature store cannot take a report.
 */
import { randomUUID } from 'node:crypto';
import { openSpamFeatureStore } from '../../models';
import type { FeatureStore } from '../../feature-store';
import { newSmsId } from '../../platform/storage/inbox/smsId';
import { describeEachBackend } from '../../platform/testing/backends';
import { ANONYMOUS_HEADERS, bearer, startTestStack, type TestStack } from '../testing/stack';

const REPORT = `mutation R($id: ID!, $label: SpamLabel!) {
  reportSpam(smsId: $id, label: $label) { smsId label reportedAt }
}`;
const INBOX = `query I($u: ID!, $first: Int) {
  inbox(userId: $u, first: $first) { edges { node { smsId text userVerdict { smsId label reportedAt } } } }
}`;
const RECEIVE = `mutation R($input: ReceiveSmsInput!) {
  receiveSms(input: $input) { sms { smsId receivedAt userVerdict { label } } }
}`;
const NOT_YOURS = 'you may only report messages of your own inbox';

interface Report {
  smsId: string;
  label: 'SPAM' | 'HAM';
  reportedAt: string;
}
interface InboxNode {
  smsId: string;
  text: string;
  userVerdict: Report | null;
}

const name = (who: string) => `${who}-${randomUUID().slice(0, 8)}`;

describeEachBackend('reportSpam and Sms.userVerdict via gateway', (ctx) => {
  let stack: TestStack;
  let store: FeatureStore;
  beforeAll(async () => {
    store = await openSpamFeatureStore(ctx.storage, ctx.config);
    await store.apply();
    stack = await startTestStack(ctx.storage, ctx.config, { featureStore: store });
  }, 60_000);
  afterAll(async () => stack?.close());

  /** A new user and their session's headers. */
  const newUser = async (who: string) => {
    const user = name(who);
    return { user, auth: bearer(await stack.signUp(user)) };
  };
  /** Delivers `text` to `user` (as the ingest key) and returns the message's id and time. */
  const deliver = async (user: string, text = 'hello') => {
    const res = await stack.query<{ receiveSms: { sms: { smsId: string; receivedAt: string } } }>(
      RECEIVE,
      { input: { recipientId: user, senderId: '+1555', text } },
      bearer(stack.keys.ingest),
    );
    expect(res.errors).toBeUndefined();
    return res.data!.receiveSms.sms;
  };
  const report = (id: string, label: string, headers: Record<string, string>) =>
    stack.query<{ reportSpam: Report }>(REPORT, { id, label }, headers);
  const inboxOf = async (user: string, headers: Record<string, string>, first = 50) => {
    const res = await stack.query<{ inbox: { edges: { node: InboxNode }[] } }>(
      INBOX,
      { u: user, first },
      headers,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.inbox.edges.map((e) => e.node);
  };
  /** The online label and its event time, as serving reads it. */
  const onlineLabel = async (smsId: string) => {
    const got = await store.getOnlineFeatures({
      features: ['sms_labels:label'],
      entities: [smsId],
    });
    return { value: got.columns[1]!.values[0], at: got.columns[1]!.eventTimestamps[0] ?? null };
  };
  /** The label training sees as of each time (after the buffered history is flushed). */
  const offlineAsOf = async (smsId: string, times: (string | Date)[]) => {
    await store.flushOffline();
    const got = await store.getHistoricalFeatures({
      features: ['sms_labels:label'],
      entityRows: times.map((t) => ({ entityKey: smsId, eventTimestamp: new Date(t) })),
    });
    return got.rows.map((r) => r.values.label);
  };

  it('a user marks their message as spam, then not spam: shown in the inbox, online and offline', async () => {
    const { user, auth } = await newUser('alice');
    const sms = await deliver(user, 'WIN a prize now');
    expect(await inboxOf(user, auth)).toEqual([
      { smsId: sms.smsId, text: 'WIN a prize now', userVerdict: null },
    ]);

    const before = Date.now();
    const spam = await report(sms.smsId, 'SPAM', auth);
    expect(spam.errors).toBeUndefined();
    const spamReport = spam.data!.reportSpam;
    expect(spamReport).toEqual({ smsId: sms.smsId, label: 'SPAM', reportedAt: expect.any(String) });
    const spamAt = Date.parse(spamReport.reportedAt);
    expect(spamAt).toBeGreaterThanOrEqual(before);
    expect(spamAt).toBeLessThanOrEqual(Date.now());
    expect(await inboxOf(user, auth)).toEqual([
      { smsId: sms.smsId, text: 'WIN a prize now', userVerdict: spamReport },
    ]);
    expect(await onlineLabel(sms.smsId)).toEqual({ value: 1, at: new Date(spamAt) });
    expect(await offlineAsOf(sms.smsId, [sms.receivedAt, spamReport.reportedAt])).toEqual([
      null,
      1,
    ]);

    const ham = await report(sms.smsId, 'HAM', auth);
    const hamReport = ham.data!.reportSpam;
    expect(hamReport).toEqual({ smsId: sms.smsId, label: 'HAM', reportedAt: expect.any(String) });
    const hamAt = Date.parse(hamReport.reportedAt);
    expect(hamAt).toBeGreaterThan(spamAt);
    expect((await inboxOf(user, auth))[0]!.userVerdict).toEqual(hamReport);
    expect(await onlineLabel(sms.smsId)).toEqual({ value: 0, at: new Date(hamAt) });
    // History keeps both: training as of before the change still sees the first verdict.
    expect(
      await offlineAsOf(sms.smsId, [sms.receivedAt, new Date(hamAt - 1), hamReport.reportedAt]),
    ).toEqual([null, 1, 0]);
  });

  it('reads the verdicts of a page of 50 in one storage read and one online read', async () => {
    const { user, auth } = await newUser('bulk');
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) ids.push((await deliver(user, `message ${i}`)).smsId);
    for (const [i, id] of [ids[3]!, ids[40]!].entries()) {
      expect((await report(id, i === 0 ? 'SPAM' : 'HAM', auth)).errors).toBeUndefined();
    }
    const online = jest.spyOn(store, 'getOnlineFeatures');
    const byId = jest.spyOn(ctx.storage.inboxes, 'getMany');
    try {
      const page = await inboxOf(user, auth, 50);
      expect(page).toHaveLength(50);
      const verdicts = new Map(page.map((m) => [m.smsId, m.userVerdict?.label ?? null]));
      expect([...verdicts.values()].filter((v) => v !== null)).toHaveLength(2);
      expect([verdicts.get(ids[3]!), verdicts.get(ids[40]!)]).toEqual(['SPAM', 'HAM']);
      const labelReads = online.mock.calls.filter(([sel]) =>
        sel.features?.includes('sms_labels:label'),
      );
      expect(labelReads.map(([sel]) => sel.entities.length)).toEqual([50]);
      expect(byId.mock.calls.map(([got]) => got.length)).toEqual([50]);
    } finally {
      online.mockRestore();
      byId.mockRestore();
    }
  });

  it("another user's message and a missing one: FORBIDDEN alike, nothing stored", async () => {
    const bob = await newUser('bob');
    const mallory = await newUser('mallory');
    const sms = await deliver(bob.user);
    const missing = newSmsId();
    for (const id of [sms.smsId, missing]) {
      expect(await report(id, 'SPAM', mallory.auth)).toEqual({
        data: null,
        errors: [
          {
            message: NOT_YOURS,
            path: ['reportSpam'],
            extensions: { code: 'FORBIDDEN', serviceName: 'inbox' },
          },
        ],
      });
    }
    expect(await onlineLabel(sms.smsId)).toEqual({ value: null, at: null });
    expect(await offlineAsOf(sms.smsId, [new Date()])).toEqual([null]);
    expect((await inboxOf(bob.user, bob.auth))[0]!.userVerdict).toBeNull();
  });

  it('without credentials UNAUTHENTICATED; an ingest key FORBIDDEN; nothing stored', async () => {
    const { user } = await newUser('carol');
    const sms = await deliver(user);
    const anonymous = await report(sms.smsId, 'SPAM', ANONYMOUS_HEADERS);
    expect(anonymous.data ?? null).toBeNull();
    expect(anonymous.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
      ['authentication required', 'UNAUTHENTICATED'],
    ]);
    const ingest = await report(sms.smsId, 'SPAM', bearer(stack.keys.ingest));
    expect(ingest.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
      ['needs the user or admin role', 'FORBIDDEN'],
    ]);
    expect(await onlineLabel(sms.smsId)).toEqual({ value: null, at: null });
  });

  it.each([
    ['an empty id', ''],
    ['an id of 129 characters', 'a'.repeat(129)],
    ['a control character', `${newSmsId()}\u0000`],
    ['a newline', `${newSmsId().slice(0, 10)}\n${newSmsId().slice(11)}`],
    ['an id that is not a TIMEUUID', 'sms-0001'],
  ])('%s is BAD_USER_INPUT', async (_name, id) => {
    const { auth } = await newUser('dave');
    const res = await report(id, 'HAM', auth);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
      ['BAD_USER_INPUT', 'smsId'],
    ]);
    expect(res.errors?.[0]?.message).toMatch(/^smsId must be a time-based UUID \(TIMEUUID\)/);
  });

  it("an admin reports on anyone's message; on a missing one NOT_FOUND", async () => {
    const { user, auth } = await newUser('erin');
    const sms = await deliver(user);
    const got = await report(sms.smsId.toUpperCase(), 'SPAM', {});
    expect(got.data?.reportSpam).toMatchObject({ smsId: sms.smsId, label: 'SPAM' });
    expect((await inboxOf(user, auth))[0]!.userVerdict?.label).toBe('SPAM');
    const missing = newSmsId();
    expect((await report(missing, 'SPAM', {})).errors).toEqual([
      {
        message: `no message has id ${missing}`,
        path: ['reportSpam'],
        extensions: { code: 'NOT_FOUND', field: 'smsId', serviceName: 'inbox' },
      },
    ]);
  });

  it('receiveSms shows the verdict to the owner only, not to the ingest key that delivered', async () => {
    const { user, auth } = await newUser('frank');
    const input = { recipientId: user, senderId: 'x', text: 'free prize', idempotencyKey: 'k-1' };
    const verdictVia = async (headers: Record<string, string>) => {
      const res = await stack.query<{
        receiveSms: { sms: { smsId: string; userVerdict: { label: string } | null } };
      }>(RECEIVE, { input }, headers);
      expect(res.errors).toBeUndefined();
      const { smsId, userVerdict } = res.data!.receiveSms.sms;
      return { smsId, userVerdict };
    };
    const first = await verdictVia(bearer(stack.keys.ingest));
    expect(first.userVerdict).toBeNull();
    expect((await report(first.smsId, 'SPAM', auth)).errors).toBeUndefined();
    // The same key again returns the same message: its owner sees the verdict, the carrier not.
    expect(await verdictVia(auth)).toEqual({ smsId: first.smsId, userVerdict: { label: 'SPAM' } });
    expect(await verdictVia(bearer(stack.keys.ingest))).toEqual({
      smsId: first.smsId,
      userVerdict: null,
    });
  });
});

describeEachBackend('reportSpam when the feature store cannot take it', (ctx) => {
  let stack: TestStack;
  let store: FeatureStore;
  beforeAll(async () => {
    // Not applied: the store has no registry until `fs apply`.
    store = await openSpamFeatureStore(ctx.storage, ctx.config);
    stack = await startTestStack(ctx.storage, ctx.config, { featureStore: store });
  }, 60_000);
  afterAll(async () => stack?.close());

  it('is STORAGE_UNAVAILABLE and stores nothing; after `fs apply` it lands', async () => {
    const user = name('grace');
    const auth = bearer(await stack.signUp(user));
    const sent = await stack.query<{ receiveSms: { sms: { smsId: string } } }>(
      RECEIVE.replace(' userVerdict { label }', ''),
      { input: { recipientId: user, senderId: 'x', text: 'hi' } },
      auth,
    );
    const smsId = sent.data!.receiveSms.sms.smsId;
    const refused = await stack.query(REPORT, { id: smsId, label: 'SPAM' }, auth);
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
      [
        'the feature store cannot take reports: project spamgraph has no registry yet: run `npx spamgraph fs apply`',
        'STORAGE_UNAVAILABLE',
      ],
    ]);
    // The inbox still answers; only the verdicts are missing, and say why.
    const page = await stack.query<{ inbox: { edges: { node: { userVerdict: unknown } }[] } }>(
      INBOX,
      { u: user },
      auth,
    );
    expect(page.data?.inbox.edges.map((e) => e.node.userVerdict)).toEqual([null]);
    expect(page.errors?.map((e) => e.extensions?.code)).toEqual(['STORAGE_UNAVAILABLE']);

    await store.apply();
    expect((await stack.query(REPORT, { id: smsId, label: 'SPAM' }, auth)).errors).toBeUndefined();
    const online = await store.getOnlineFeatures({
      features: ['sms_labels:label'],
      entities: [smsId],
    });
    expect(online.columns[1]!.values).toEqual([1]);
  });
});
