/** user-data through the real Apollo Gateway over HTTP, once per storage backend. */
import { randomUUID } from 'node:crypto';
import { describeEachBackend } from '../../platform/testing/backends';
import { startTestStack, type TestStack } from '../testing/stack';
import { newSmsId } from '../../platform/storage/inbox/smsId';
import { encodeCursor } from './cursor';

const STORE = `mutation Store($input: StoreSmsInput!) {
  storeSms(input: $input) { smsId recipientId senderId text receivedAt }
}`;
const INBOX = `query Inbox($userId: ID!, $first: Int, $after: String) {
  inbox(userId: $userId, first: $first, after: $after) {
    edges { cursor node { smsId senderId text receivedAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const SMS = `query One($userId: ID!, $smsId: ID!) { sms(userId: $userId, smsId: $smsId) { smsId text } }`;

interface StoredFields {
  smsId: string;
  recipientId: string;
  senderId: string;
  text: string;
  receivedAt: string;
}
interface InboxData {
  inbox: {
    edges: {
      cursor: string;
      node: { smsId: string; senderId: string; text: string; receivedAt: string };
    }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

describeEachBackend('user-data via gateway', (ctx) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack(ctx.storage, ctx.config);
  });
  afterAll(async () => stack?.close());

  const store = async (recipientId: string, text: string, senderId = '+15550100') => {
    const res = await stack.query<{ storeSms: StoredFields }>(STORE, {
      input: { recipientId, senderId, text },
    });
    expect(res.errors).toBeUndefined();
    return res.data!.storeSms;
  };
  const inboxOf = async (userId: string, vars: Record<string, unknown> = {}) =>
    stack.query<InboxData>(INBOX, { userId, ...vars });

  it('stores an sms with a TIMEUUID id whose time is receivedAt', async () => {
    const before = Date.now();
    const sms = await store('ana', 'Lunch at 1? 🍜');
    expect(sms.smsId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(sms).toMatchObject({
      recipientId: 'ana',
      senderId: '+15550100',
      text: 'Lunch at 1? 🍜',
    });
    const at = Date.parse(sms.receivedAt);
    expect(at).toBeGreaterThanOrEqual(before - 1);
    expect(at).toBeLessThanOrEqual(Date.now() + 1);
    expect(sms.receivedAt).toBe(new Date(at).toISOString());
  });

  it('lists the inbox newest first and pages with cursors', async () => {
    const user = `u-${randomUUID()}`;
    const sent = [];
    for (let i = 0; i < 5; i++) sent.push(await store(user, `message ${i}`));
    const p1 = await inboxOf(user, { first: 2 });
    expect(p1.errors).toBeUndefined();
    expect(p1.data!.inbox.edges.map((e) => e.node.text)).toEqual(['message 4', 'message 3']);
    expect(p1.data!.inbox.pageInfo).toEqual({
      hasNextPage: true,
      endCursor: encodeCursor(sent[3]!.smsId),
    });
    const p2 = await inboxOf(user, { first: 2, after: p1.data!.inbox.pageInfo.endCursor });
    expect(p2.data!.inbox.edges.map((e) => e.node.text)).toEqual(['message 2', 'message 1']);
    const p3 = await inboxOf(user, { first: 2, after: p2.data!.inbox.pageInfo.endCursor });
    expect(p3.data!.inbox.edges.map((e) => e.node.text)).toEqual(['message 0']);
    expect(p3.data!.inbox.pageInfo.hasNextPage).toBe(false);
    const all = await inboxOf(user);
    expect(all.data!.inbox.edges).toHaveLength(5);
  });

  it('gives an unknown user an empty inbox', async () => {
    const res = await inboxOf(`nobody-${randomUUID()}`);
    expect(res).toEqual({
      data: { inbox: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } },
    });
  });

  it('answers first: 0 with no edges but tells whether messages exist', async () => {
    const user = `u-${randomUUID()}`;
    await store(user, 'only one');
    const res = await inboxOf(user, { first: 0 });
    expect(res.data!.inbox).toEqual({
      edges: [],
      pageInfo: { hasNextPage: true, endCursor: null },
    });
  });

  it('reads one sms, null for another user or an unknown id', async () => {
    const sms = await store('carla', 'Your parcel is on its way');
    expect((await stack.query(SMS, { userId: 'carla', smsId: sms.smsId })).data).toEqual({
      sms: { smsId: sms.smsId, text: 'Your parcel is on its way' },
    });
    expect((await stack.query(SMS, { userId: 'dora', smsId: sms.smsId })).data).toEqual({
      sms: null,
    });
    expect((await stack.query(SMS, { userId: 'carla', smsId: newSmsId() })).data).toEqual({
      sms: null,
    });
  });

  it('resolves Sms by reference in one batch (what the model subgraph will rely on)', async () => {
    const a = await store('eve', 'first');
    const b = await store('eve', 'second');
    // signed as the gateway signs an admin's request
    const res = await stack.callSubgraph('user-data', {
      query:
        'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Sms { smsId text recipientId } } }',
      variables: {
        r: [
          { __typename: 'Sms', smsId: b.smsId },
          { __typename: 'Sms', smsId: 'not-a-uuid' },
          { __typename: 'Sms', smsId: a.smsId.toUpperCase() },
        ],
      },
    });
    expect(res.body).toEqual({
      data: {
        _entities: [
          { smsId: b.smsId, text: 'second', recipientId: 'eve' },
          null,
          { smsId: a.smsId, text: 'first', recipientId: 'eve' },
        ],
      },
    });
  });

  describe('bad input gets BAD_USER_INPUT and changes nothing', () => {
    const user = `bad-${randomUUID()}`;
    const expectBadInput = (
      res: { data?: unknown; errors?: { extensions?: Record<string, unknown>; message: string }[] },
      messagePart: RegExp,
    ) => {
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.message).toMatch(messagePart);
    };

    it.each([
      ['empty text', { recipientId: user, senderId: 'x', text: '' }, /text must not be empty/],
      [
        'blank text',
        { recipientId: user, senderId: 'x', text: ' \n\t ' },
        /text must not be empty/,
      ],
      [
        'text over 2,000 characters',
        { recipientId: user, senderId: 'x', text: 'a'.repeat(2001) },
        /2001 characters; at most 2000/,
      ],
      [
        'empty recipient',
        { recipientId: '', senderId: 'x', text: 'hi' },
        /recipientId must not be empty/,
      ],
      [
        'control characters in sender',
        { recipientId: user, senderId: 'a\u0000b', text: 'hi' },
        /senderId must not contain control/,
      ],
      [
        'recipient over 128 characters',
        { recipientId: 'r'.repeat(129), senderId: 'x', text: 'hi' },
        /recipientId is longer than 128/,
      ],
    ])('storeSms: %s', async (_name, input, message) => {
      expectBadInput(await stack.query(STORE, { input }), message);
      expect((await inboxOf(user)).data!.inbox.edges).toEqual([]);
    });

    it('storeSms accepts 2,000 emoji (code points, not UTF-16 units)', async () => {
      const sms = await store(`emoji-${randomUUID()}`, '😀'.repeat(2000));
      expect([...sms.text]).toHaveLength(2000);
    });

    it('storeSms with a wrong type is rejected by GraphQL itself', async () => {
      const res = await stack.query(STORE, {
        input: { recipientId: user, senderId: 'x', text: 42 },
      });
      expect(res.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      expect((await inboxOf(user)).data!.inbox.edges).toEqual([]);
    });

    it.each([
      ['negative first', { first: -1 }, /first must be between 0 and 200, got -1/],
      ['huge first', { first: 100000 }, /first must be between 0 and 200, got 100000/],
      ['garbage cursor', { after: 'zzz' }, /after is not a cursor/],
      [
        'cursor of something else',
        { after: Buffer.from('sms:123').toString('base64url') },
        /after is not a cursor/,
      ],
      ['empty cursor', { after: '' }, /after is not a cursor/],
    ])('inbox: %s', async (_name, vars, message) => {
      expectBadInput(await inboxOf('someone', vars), message);
    });

    it('inbox: empty userId', async () => {
      expectBadInput(await inboxOf(''), /userId must not be empty/);
    });

    it.each([
      ['not-a-uuid'],
      [''],
      ['550e8400-e29b-41d4-a716-446655440000' /* v4, not time-based */],
    ])('sms: malformed smsId %j', async (smsId) => {
      expectBadInput(
        await stack.query(SMS, { userId: 'carla', smsId }),
        /smsId must be a time-based UUID/,
      );
    });
  });
});
