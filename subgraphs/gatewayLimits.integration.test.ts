/**
 * The gateway's abuse limits (gateway/README.md) over HTTP against the real stack, once per
 * backend: every refusal's code and HTTP status, and that a refused operation computed, cached
 * or stored nothing.
 */
import { randomUUID } from 'node:crypto';
import { openSpamFeatureStore } from '../models';
import { describeEachBackend } from '../platform/testing/backends';
import { newSmsId } from '../platform/storage/inbox/smsId';
import { bearer, startTestStack, type TestStack } from './testing/stack';
import {
  extraGateway,
  post as rawPost,
  receive as rawReceive,
  refused,
  RECEIVE,
  type ExtraGateway,
} from './testing/gatewayRequests';

const verdicts = (n: number, version = 'V1') =>
  Array.from({ length: n }, (_, i) => `a${i}: spamPrediction(version: ${version}) { label }`).join(
    ' ',
  );
const ONLINE = `query O($ids: [ID!]!) { onlineFeatures(features: ["sms_features2:features"], entities: $ids) { results { statuses } } }`;
const PUSH = `pushFeatures(pushSource: "smss2_push", rows: $rows, to: $to) { rows }`;
const features = Array.from({ length: 30 }, (_, i) => i % 7);
const twice = (field: string) => `${field} @include(if: true) @skip(if: false)`;

describeEachBackend('gateway abuse limits', (ctx) => {
  let stack: TestStack;
  // Every request here is an admin's unless it says otherwise: the limits apply to all.
  const post = (u: string, body: unknown, headers: Record<string, string> = {}) =>
    rawPost(u, body, { ...bearer(stack.keys.admin), ...headers });
  const receive = (u: string, to: string, text: string, headers: Record<string, string> = {}) =>
    rawReceive(u, to, text, { ...bearer(stack.keys.admin), ...headers });
  const extras: ExtraGateway[] = [];
  const victim = `victim-${randomUUID().slice(0, 8)}`;
  beforeAll(async () => {
    const store = await openSpamFeatureStore(ctx.storage, ctx.config);
    await store.apply();
    stack = await startTestStack(ctx.storage, ctx.config, { featureStore: store });
    const t0 = Date.now() - 200 * 60_000;
    for (let i = 0; i < 200; i++) {
      await ctx.storage.inboxes.insert({
        smsId: newSmsId(new Date(t0 + i * 60_000)),
        recipientId: victim,
        senderId: `+1555${String(i).padStart(6, '0')}`,
        text: i % 2 ? `Lunch at ${i % 12}? The usual place` : `WIN a £${i} prize! Call 0906170${i}`,
      });
    }
  }, 120_000);
  afterAll(async () => {
    for (const g of extras) await g.close();
    await stack?.close();
  });

  const url = () => `${stack.gatewayUrl}/graphql`;
  const stored = async (recipient: string) =>
    (await ctx.storage.inboxes.listInbox(recipient, { limit: 10 })).items.map((s) => s.text);
  const onlineStatus = async (id: string) =>
    (
      await stack.query<{ onlineFeatures: { results: { statuses: string[] }[] } }>(ONLINE, {
        ids: [id],
      })
    ).data?.onlineFeatures.results[1]?.statuses;

  it('refuses the 20,000-alias query on a 200-message inbox: nothing scored, nothing cached', async () => {
    const query = `{ inbox(userId: "${victim}", first: 200) { edges { node { ${verdicts(20_000)} } } } }`;
    expect(await post(url(), { query })).toEqual({
      status: 400,
      body: refused('QUERY_TOO_COMPLEX', 'query too complex: more than 2000 tokens'),
    });
    const page = await stack.query<{
      inbox: { edges: { node: { spamPrediction: { fromCache: boolean } } }[] };
    }>(
      `{ inbox(userId: "${victim}", first: 3) { edges { node { spamPrediction(version: V1) { fromCache } } } } }`,
    );
    expect(page.data?.inbox.edges.map((e) => e.node.spamPrediction.fromCache)).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('prices verdicts by the page size above them, literal or variable: over 1,000 is refused', async () => {
    const six = `query($n: Int) { inbox(userId: "${victim}", first: $n) { edges { node { ${verdicts(6, 'V2')} } } } }`;
    expect(await post(url(), { query: six, variables: { n: 200 } })).toEqual({
      status: 400,
      body: refused('QUERY_TOO_COMPLEX', 'query too complex: it costs 1200, the limit is 1000', {
        limit: 'cost',
        cost: 1200,
        maxCost: 1000,
      }),
    });
    // the same document with a smaller page passes: priced per request, not per document
    const ok = await post(url(), { query: six, variables: { n: 2 } });
    expect(ok.status).toBe(200);
    const edges = (ok.body as { data: { inbox: { edges: { node: Record<string, unknown> }[] } } })
      .data.inbox.edges;
    expect(edges.map((e) => Object.keys(e.node))).toEqual([
      ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'],
      ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'],
    ]);
  });

  it('the worst accepted query (5 verdicts × 200 messages, cost 1,000) works exactly', async () => {
    const five = [0, 1, 2, 3, 4]
      .map(
        (i) =>
          `v${i}: spamPrediction(version: V1, skipCache: ${i % 2 === 1}) { label spamProbability }`,
      )
      .join(' ');
    type Verdict = { label: string; spamProbability: number };
    const res = await stack.query<{ inbox: { edges: { node: Record<string, Verdict> }[] } }>(
      `{ inbox(userId: "${victim}", first: 200) { edges { node { smsId ${five} } } } }`,
    );
    expect(res.errors).toBeUndefined();
    const edges = res.data!.inbox.edges;
    expect(edges).toHaveLength(200);
    for (const { node } of edges) {
      const v = node.v0!;
      expect(v.label).toBe(v.spamProbability > 0.5 ? 'SPAM' : 'HAM');
      expect([node.v1, node.v2, node.v3, node.v4]).toEqual([v, v, v, v]);
    }
    const oneMore = `{ t: textToPrediction(version: V1, text: "x") { label } inbox(userId: "${victim}", first: 200) { edges { node { ${five} } } } }`;
    expect((await post(url(), { query: oneMore })).body).toEqual(
      refused('QUERY_TOO_COMPLEX', 'query too complex: it costs 1001, the limit is 1000', {
        limit: 'cost',
        cost: 1001,
        maxCost: 1000,
      }),
    );
  });

  it('refuses admin mutations over the cost limit: nothing pushed, nothing materialized', async () => {
    const [pushed, offline] = [randomUUID(), randomUUID()];
    const at = new Date(Date.now() - 60_000).toISOString();
    const rows = (id: string) => [{ sms_id: id, event_timestamp: at, features }];
    const pushes = Array.from({ length: 11 }, (_, i) => `p${i}: ${PUSH}`).join(' ');
    const m = `mutation($rows: JSON!, $to: PushTarget) { ${pushes} }`;
    expect(
      await post(url(), { query: m, variables: { rows: rows(pushed), to: 'ONLINE' } }),
    ).toEqual({
      status: 400,
      body: refused('QUERY_TOO_COMPLEX', 'query too complex: it costs 1100, the limit is 1000', {
        limit: 'cost',
        cost: 1100,
        maxCost: 1000,
      }),
    });
    expect(await onlineStatus(pushed)).toEqual(['NOT_FOUND']);
    // Offline rows, then 5 materializations in one operation (1,250): refused, none copied.
    const one = `mutation($rows: JSON!, $to: PushTarget) { ${PUSH} }`;
    const off = await stack.query(one, { rows: rows(offline), to: 'OFFLINE' });
    expect(off.errors).toBeUndefined();
    const window = `start: "${new Date(Date.now() - 3_600_000).toISOString()}", end: "${new Date().toISOString()}"`;
    const materialize = (n: number) =>
      `mutation { ${Array.from({ length: n }, (_, i) => `m${i}: materialize(${window}, featureViews: ["sms_features2"]) { rows }`).join(' ')} }`;
    expect(await post(url(), { query: materialize(5) })).toEqual({
      status: 400,
      body: refused('QUERY_TOO_COMPLEX', 'query too complex: it costs 1250, the limit is 1000', {
        limit: 'cost',
        cost: 1250,
        maxCost: 1000,
      }),
    });
    // 200 of them (the finding): refused before parsing
    expect((await post(url(), { query: materialize(200) })).status).toBe(400);
    expect(await onlineStatus(offline)).toEqual(['NOT_FOUND']);
    // within the limit both work, so the checks above could have failed
    expect((await stack.query(materialize(1))).errors).toBeUndefined();
    expect(await onlineStatus(offline)).toEqual(['PRESENT']);
    expect((await stack.query(one, { rows: rows(pushed), to: 'ONLINE' })).errors).toBeUndefined();
    expect(await onlineStatus(pushed)).toEqual(['PRESENT']);
  });

  it('refuses depth, aliases, directives and tokens over their limits: nothing stored', async () => {
    const to = `r-${randomUUID().slice(0, 8)}`;
    const input = { recipientId: to, senderId: 's', text: 'hello there' };
    const sms = (selection: string) =>
      `mutation($input: ReceiveSmsInput!) { receiveSms(input: $input) { ${selection} } }`;
    const cases: [string, string][] = [
      [
        sms(Array.from({ length: 16 }, (_, i) => `r${i}: replayed`).join(' ')),
        'Aliases limit of 15 exceeded, found 16.',
      ],
      [
        sms(
          `${twice('featuresStored')} ${twice('replayed')} ${twice('sms')} { ${twice('smsId')} ${twice('text')} senderId @include(if: true) }`,
        ),
        'Directives limit of 10 exceeded, found 11.',
      ],
    ];
    for (const [query, why] of cases) {
      const { status, body } = await post(url(), { query, variables: { input } });
      expect([status, body]).toEqual([
        400,
        refused('QUERY_TOO_COMPLEX', `query too complex: ${why}`, {
          limit: why.startsWith('Aliases') ? 'aliases' : 'directives',
        }),
      ]);
    }
    const tokens = sms(`replayed ${'__typename '.repeat(2_000)}`);
    expect(await post(url(), { query: tokens, variables: { input } })).toEqual({
      status: 400,
      body: refused('QUERY_TOO_COMPLEX', 'query too complex: more than 2000 tokens'),
    });
    // depth: a gateway limited to 3 levels refuses receiveSms { sms { spamPrediction { label } } }
    const shallow = await extraGateway(stack, { limits: { maxDepth: 3 } });
    extras.push(shallow);
    const deep = sms('sms { spamPrediction(version: V1) { label } }');
    expect(await post(`${shallow.url}/graphql`, { query: deep, variables: { input } })).toEqual({
      status: 400,
      body: refused(
        'QUERY_TOO_COMPLEX',
        'query too complex: Query depth limit of 3 exceeded, found 4.',
        {
          limit: 'depth',
        },
      ),
    });
    expect(await stored(to)).toEqual([]);
    expect((await post(url(), { query: RECEIVE, variables: { input } })).status).toBe(200);
    expect(await stored(to)).toEqual(['hello there']);
  });

  it('limits each principal (account or key) with a token bucket that refills; a refused write stores nothing', async () => {
    const clock = { now: 0 };
    const gw = await extraGateway(stack, {
      trustProxy: true,
      limits: { ratePerSecond: 2, rateBurst: 4 },
      now: () => clock.now,
    });
    extras.push(gw);
    const to = `r-${randomUUID().slice(0, 8)}`;
    const keyA = (await stack.accounts.createApiKey('rate-a', 'admin')).key;
    const keyB = (await stack.accounts.createApiKey('rate-b', 'admin')).key;
    const as = (key: string, ip = '203.0.113.1') => ({ ...bearer(key), 'x-forwarded-for': ip });
    const gwUrl = `${gw.url}/graphql`;
    // a page of 3 verdicts: 1 unit on arrival + 2 more once priced → 1 unit left
    const three = `{ inbox(userId: "${victim}", first: 3) { edges { node { spamPrediction(version: V1) { label } } } } }`;
    expect((await post(gwUrl, { query: three }, as(keyA))).status).toBe(200);
    expect((await receive(gwUrl, to, 'first', as(keyA))).status).toBe(200);
    const limited = await receive(gwUrl, to, 'second', as(keyA));
    expect(limited).toEqual({
      status: 429,
      body: refused('RATE_LIMITED', 'rate limit exceeded: retry in 1 s', { retryAfterSeconds: 1 }),
    });
    // the bucket is the key's, not the address's: another address does not help
    expect((await receive(gwUrl, to, 'second', as(keyA, '198.51.100.7'))).status).toBe(429);
    expect(await stored(to)).toEqual(['first']);
    // another principal, from the same address, has its own bucket
    expect((await receive(gwUrl, to, 'third', as(keyB))).status).toBe(200);
    // 1 s later: 2 units back; a 3-verdict page needs 3 → refused after pricing
    clock.now += 1_000;
    expect(await post(gwUrl, { query: three }, as(keyA))).toEqual({
      status: 429,
      body: refused('RATE_LIMITED', 'rate limit exceeded: retry in 1 s', { retryAfterSeconds: 1 }),
    });
    clock.now += 1_000;
    expect((await receive(gwUrl, to, 'fourth', as(keyA))).status).toBe(200);
    expect((await stored(to)).sort()).toEqual(['first', 'fourth', 'third']);
  });

  it('limits anonymous callers by address (behind a trusted proxy: the first X-Forwarded-For hop)', async () => {
    const gw = await extraGateway(stack, {
      trustProxy: true,
      limits: { ratePerSecond: 1, rateBurst: 2 },
      now: () => 0,
    });
    extras.push(gw);
    const gwUrl = `${gw.url}/graphql`;
    const from = (ip: string) => ({ authorization: '', 'x-forwarded-for': ip });
    const me = { query: '{ me { name } }' };
    expect(await rawPost(gwUrl, me, from('203.0.113.5'))).toEqual({
      status: 200,
      body: { data: { me: null } },
    });
    expect((await rawPost(gwUrl, me, from('203.0.113.5'))).status).toBe(200);
    // refused at the door, and held until the bucket has the unit back (1 s at 1 unit/s)
    const t0 = performance.now();
    expect((await rawPost(gwUrl, me, from('203.0.113.5'))).status).toBe(429);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(900);
    expect((await rawPost(gwUrl, me, from('198.51.100.5'))).status).toBe(200);
    // a signed-in caller at the limited address is charged to its own key
    expect((await post(gwUrl, me, { 'x-forwarded-for': '203.0.113.5' })).status).toBe(200);
  });
});
