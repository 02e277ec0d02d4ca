/**
 * Who may do what (issue 10's findings, replayed): through the real gateway and straight at the
 * real subgraphs, once per backend. Every refusal is asserted with its code, and that nothing
 * in storage changed (inboxes, ingestion, online features, labels online and offline).
 */
import { randomUUID } from 'node:crypto';
import type { FeatureStore } from '../feature-store';
import { openSpamFeatureStore } from '../models';
import { RequestSigner } from '../platform/auth/requestSignature';
import { SessionTokens } from '../platform/auth/sessionTokens';
import { describeEachBackend } from '../platform/testing/backends';
import { newSmsId } from '../platform/storage/inbox/smsId';
import { extraGateway, post } from './testing/gatewayRequests';
import { ANONYMOUS_HEADERS, bearer, startTestStack, type TestStack } from './testing/stack';

const INBOX = `query I($u: ID!) { inbox(userId: $u) { edges { node { smsId text } } } }`;
const SMS = `query S($u: ID!, $id: ID!) { sms(userId: $u, smsId: $id) { text } }`;
const STORE = `mutation St($to: ID!) { storeSms(input: { recipientId: $to, senderId: "+1555", text: "planted" }) { smsId } }`;
const RECEIVE = `mutation R($to: ID!) { receiveSms(input: { recipientId: $to, senderId: "+1555", text: "planted", idempotencyKey: "k-planted" }) { featuresStored } }`;
const ONLINE = `query O($ids: [ID!]!) { onlineFeatures(features: ["sms_features2:features"], entities: $ids) { results { values } } }`;
const LABELS = `query L($ids: [ID!]!) { onlineFeatures(features: ["sms_labels:label"], entities: $ids) { results { values } } }`;
const REPORT = `mutation Rp($id: ID!) { reportSpam(smsId: $id, label: SPAM) { label } }`;
const PUSH = `mutation P($rows: JSON!) { pushFeatures(pushSource: "smss2_push", rows: $rows, to: ONLINE) { rows } }`;
const HOUR = 3_600_000;
const WINDOW = `start: "${new Date(Date.now() - HOUR).toISOString()}", end: "${new Date().toISOString()}"`;
const MATERIALIZE = `mutation { materialize(${WINDOW}) { rows } }`;
const MATERIALIZE_INCREMENTAL = `mutation { materializeIncremental(end: "${new Date().toISOString()}") { rows } }`;
const BACKFILL = `mutation { backfillFeatures { written } }`;
const ENTITIES = `query E($r: [_Any!]!) { _entities(representations: $r) { ... on Sms { smsId text recipientId } } }`;
const PREDICT_ENTITY = `query E($r: [_Any!]!) { _entities(representations: $r) { ... on Sms { spamPrediction(version: V2) { label } } } }`;
const VERDICT_ENTITY = `query E($r: [_Any!]!) { _entities(representations: $r) { ... on Sms { userVerdict { label } } } }`;

describeEachBackend('who may do what (security)', (ctx) => {
  let stack: TestStack;
  let store: FeatureStore;
  const suffix = randomUUID().slice(0, 6);
  const alice = `alice-${suffix}`;
  const bob = `bob-${suffix}`;
  let aliceAuth: Record<string, string>;
  let bobAuth: Record<string, string>;
  let bobSmsId: string;

  beforeAll(async () => {
    store = await openSpamFeatureStore(ctx.storage, ctx.config);
    await store.apply();
    stack = await startTestStack(ctx.storage, ctx.config, { featureStore: store });
    aliceAuth = bearer(await stack.signUp(alice));
    bobAuth = bearer(await stack.signUp(bob));
    const got = await stack.query<{ receiveSms: { sms: { smsId: string } } }>(
      `mutation { receiveSms(input: { recipientId: "${bob}", senderId: "+1555", text: "bob's secret: the code is 4521" }) { sms { smsId } } }`,
      {},
      bearer(stack.keys.ingest),
    );
    expect(got.errors).toBeUndefined();
    bobSmsId = got.data!.receiveSms.sms.smsId;
  }, 120_000);
  afterAll(async () => stack?.close());

  /** What storage holds that a refused request could have changed. */
  const snapshot = async () => ({
    inboxes: await Promise.all(
      [alice, bob].map(async (u) =>
        (await ctx.storage.inboxes.listInbox(u, { limit: 50 })).items.map((s) => s.text),
      ),
    ),
    replayKeys: await Promise.all(
      [alice, bob].map((u) => ctx.storage.ingestionLog.get(u, 'k-planted')),
    ),
    online: (
      await stack.query<{ onlineFeatures: { results: { values: unknown[] }[] } }>(ONLINE, {
        ids: [bobSmsId, 'poisoned'],
      })
    ).data?.onlineFeatures.results[1]?.values,
    labels: (
      await stack.query<{ onlineFeatures: { results: { values: unknown[] }[] } }>(LABELS, {
        ids: [bobSmsId],
      })
    ).data?.onlineFeatures.results[1]?.values,
    labelHistory: await labelHistory(),
  });

  /** Every label row offline of bob's message, as training would read it now. */
  const labelHistory = async () => {
    await store.flushOffline();
    const got = await store.getHistoricalFeatures({
      features: ['sms_labels:label'],
      entityRows: [{ entityKey: bobSmsId, eventTimestamp: new Date(Date.now() + HOUR) }],
    });
    return got.rows.map((r) => r.values.label);
  };

  const codes = (res: { errors?: { extensions?: Record<string, unknown> }[] }) =>
    res.errors?.map((e) => e.extensions?.code);

  const adminOps: [string, string, Record<string, unknown>][] = [
    [
      'pushFeatures',
      PUSH,
      {
        rows: [
          {
            sms_id: 'poisoned',
            event_timestamp: new Date().toISOString(),
            features: Array(30).fill(1),
          },
        ],
      },
    ],
    ['materialize', MATERIALIZE, {}],
    ['materializeIncremental', MATERIALIZE_INCREMENTAL, {}],
    ['backfillFeatures', BACKFILL, {}],
  ];

  describe('without credentials: UNAUTHENTICATED, nothing stored', () => {
    it.each([
      ['inbox', INBOX, () => ({ u: bob })],
      ['sms', SMS, () => ({ u: bob, id: bobSmsId })],
      ['storeSms', STORE, () => ({ to: bob })],
      ['receiveSms', RECEIVE, () => ({ to: bob })],
      ['reportSpam', REPORT, () => ({ id: bobSmsId })],
      ['textToPrediction', '{ textToPrediction(version: V1, text: "hi") { label } }', () => ({})],
      ['recentCallLog', '{ recentCallLog(version: V1) { input } }', () => ({})],
      ['models', '{ models { version } }', () => ({})],
      ['featureViews', '{ featureViews { name } }', () => ({})],
      ['onlineFeatures', ONLINE, () => ({ ids: [bobSmsId] })],
      ...adminOps.map(([n, q, v]) => [n, q, () => v] as const),
    ] as const)('%s', async (name, query, vars) => {
      const before = await snapshot();
      const res = await stack.query(query, vars(), ANONYMOUS_HEADERS);
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
      // `sms` is nullable: its field is null; every other field here takes data with it
      expect(res.data ?? null).toEqual(name === 'sms' ? { sms: null } : null);
      expect(await snapshot()).toEqual(before);
    });

    it('me is null; signUp and logIn are open to all', async () => {
      expect(await stack.query('{ me { name } }', {}, ANONYMOUS_HEADERS)).toEqual({
        data: { me: null },
      });
    });
  });

  describe("a user: their own inbox only, and no admin's work", () => {
    it('reads, scores and judges their own inbox, and receives into it', async () => {
      const got = await stack.query(
        RECEIVE.replace('k-planted', `k-${suffix}`),
        { to: alice },
        aliceAuth,
      );
      expect(got).toEqual({ data: { receiveSms: { featuresStored: true } } });
      const inbox = await stack.query<{
        inbox: { edges: { node: { smsId: string; spamPrediction: { label: string } } }[] };
      }>(
        `query { inbox(userId: "${alice}") { edges { node { smsId text spamPrediction(version: V2) { label } } } } }`,
        {},
        aliceAuth,
      );
      expect(inbox.errors).toBeUndefined();
      expect(inbox.data!.inbox.edges).toHaveLength(1);
      const before = await snapshot();
      const own = inbox.data!.inbox.edges[0]!.node.smsId;
      expect(await stack.query(REPORT, { id: own }, aliceAuth)).toEqual({
        data: { reportSpam: { label: 'SPAM' } },
      });
      expect(await snapshot()).toEqual(before); // bob's message: untouched
    });

    it("another user's inbox and message: FORBIDDEN, the same whether they exist or not", async () => {
      const before = await snapshot();
      const tries = [
        await stack.query(INBOX, { u: bob }, aliceAuth),
        await stack.query(INBOX, { u: `nobody-${suffix}` }, aliceAuth),
        await stack.query(SMS, { u: bob, id: bobSmsId }, aliceAuth),
        await stack.query(SMS, { u: bob, id: newSmsId() }, aliceAuth),
        await stack.query(SMS, { u: `nobody-${suffix}`, id: bobSmsId }, aliceAuth),
      ];
      for (const res of tries) {
        expect(res).toEqual({
          data: res === tries[0] || res === tries[1] ? null : { sms: null },
          errors: [
            {
              message: 'you may only read your own inbox',
              path: [expect.any(String)],
              extensions: { code: 'FORBIDDEN', serviceName: 'user-data' },
            },
          ],
        });
      }
      expect(JSON.stringify(tries)).not.toContain('4521');
      expect(await snapshot()).toEqual(before);
      // while bob reads his own
      const own = await stack.query<{ inbox: { edges: { node: { text: string } }[] } }>(
        INBOX,
        { u: bob },
        bobAuth,
      );
      expect(own.data?.inbox.edges.map((e) => e.node.text)).toEqual([
        "bob's secret: the code is 4521",
      ]);
    });

    it("delivering to another user's inbox: FORBIDDEN, nothing stored", async () => {
      const before = await snapshot();
      for (const q of [STORE, RECEIVE]) {
        const res = await stack.query(q, { to: bob }, aliceAuth);
        expect(codes(res)).toEqual(['FORBIDDEN']);
      }
      expect(await snapshot()).toEqual(before);
    });

    it("reporting on another user's message: FORBIDDEN, the same whether it exists or not", async () => {
      const before = await snapshot();
      const tries = [
        await stack.query(REPORT, { id: bobSmsId }, aliceAuth),
        await stack.query(REPORT, { id: newSmsId() }, aliceAuth),
      ];
      for (const res of tries) {
        expect(res).toEqual({
          data: null,
          errors: [
            {
              message: 'you may only report messages of your own inbox',
              path: ['reportSpam'],
              extensions: { code: 'FORBIDDEN', serviceName: 'inbox' },
            },
          ],
        });
      }
      // an ingest key delivers messages but judges none
      expect(codes(await stack.query(REPORT, { id: bobSmsId }, bearer(stack.keys.ingest)))).toEqual(
        ['FORBIDDEN'],
      );
      expect(await snapshot()).toEqual(before);
    });

    it.each(adminOps)(
      '%s: FORBIDDEN for a user and an ingest key, nothing changed',
      async (_n, q, v) => {
        const before = await snapshot();
        for (const who of [aliceAuth, bearer(stack.keys.ingest)]) {
          expect(codes(await stack.query(q, v, who))).toEqual(['FORBIDDEN']);
        }
        expect(await snapshot()).toEqual(before);
      },
    );

    it('reads the feature registry and online features (reads need only an identity)', async () => {
      const res = await stack.query<{ featureViews: unknown[] }>(
        '{ featureViews { name } }',
        {},
        aliceAuth,
      );
      expect(res.data?.featureViews.length).toBeGreaterThan(0);
    });
  });

  describe('ingest keys and admins', () => {
    it('an ingest key delivers to anyone but reads no inbox', async () => {
      const key = bearer(stack.keys.ingest);
      const to = `carrier-${suffix}`;
      expect(codes(await stack.query(STORE, { to }, key))).toBeUndefined();
      expect(codes(await stack.query(INBOX, { u: to }, key))).toEqual(['FORBIDDEN']);
      expect(
        (await ctx.storage.inboxes.listInbox(to, { limit: 5 })).items.map((s) => s.text),
      ).toEqual(['planted']);
    });

    it('an admin reads any inbox; a revoked key is refused at the gateway', async () => {
      const res = await stack.query<{ inbox: { edges: unknown[] } }>(INBOX, { u: bob });
      expect(res.data?.inbox.edges).toHaveLength(1);
      const { record, key } = await stack.accounts.createApiKey(`gone-${suffix}`, 'admin');
      await ctx.storage.accounts.revokeApiKey(record.id);
      const answer = await post(
        `${stack.gatewayUrl}/graphql`,
        { query: INBOX, variables: { u: bob } },
        bearer(key),
      );
      expect(answer).toEqual({
        status: 401,
        body: { errors: [{ message: 'invalid API key', extensions: { code: 'UNAUTHENTICATED' } }] },
      });
    });
  });

  describe('/metrics of every service: admins only', () => {
    const services = ['gateway', 'user-data', 'model', 'inbox', 'feature-store'];
    const metricsUrl = (name: string) =>
      name === 'gateway'
        ? `${stack.gatewayUrl}/metrics`
        : `${stack.subgraphUrls[name]!.replace(/\/graphql$/, '')}/metrics`;

    it.each(services)('%s: nobody → 401, a user or an ingest key → 403', async (name) => {
      const anonymous = await fetch(metricsUrl(name));
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
      for (const auth of [aliceAuth, bearer(stack.keys.ingest)]) {
        const res = await fetch(metricsUrl(name), { headers: auth });
        expect(res.status).toBe(403);
        expect(await res.json()).toEqual({
          errors: [{ message: 'needs the admin role', extensions: { code: 'FORBIDDEN' } }],
        });
      }
    });

    it.each(services)("%s: an admin reads the process's RSS and heap", async (name) => {
      const res = await fetch(metricsUrl(name), { headers: bearer(stack.keys.admin) });
      expect(res.status).toBe(200);
      const text = await res.text();
      const prefix = `spamgraph_${name.replace('-', '_')}_process_`;
      const rss = /^(\S+)process_resident_memory_bytes (\d+)/m.exec(text);
      expect(rss?.[1]).toBe(prefix);
      expect(Number(rss?.[2])).toBeGreaterThan(10 * 2 ** 20);
      expect(text).toContain(`# HELP ${prefix}nodejs_heap_live_bytes`);
    });
  });

  describe('sessions', () => {
    it('logOut ends the session at once; forged and foreign tokens are refused', async () => {
      const token = await stack.signUp(`leaver-${suffix}`);
      expect(await stack.query('{ me { name role } }', {}, bearer(token))).toEqual({
        data: { me: { name: `leaver-${suffix}`, role: 'USER' } },
      });
      expect(await stack.query('mutation { logOut }', {}, bearer(token))).toEqual({
        data: { logOut: true },
      });
      const gw = `${stack.gatewayUrl}/graphql`;
      const me = { query: '{ me { name } }' };
      expect(await post(gw, me, bearer(token))).toEqual({
        status: 401,
        body: {
          errors: [
            { message: 'session ended: log in again', extensions: { code: 'UNAUTHENTICATED' } },
          ],
        },
      });
      const fresh = await stack.signUp(`stayer-${suffix}`);
      const [h, p] = fresh.split('.');
      const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
      const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url')}.${fresh.split('.')[2]}`;
      // the same claims, signed with another deployment's secret
      const foreign = await new SessionTokens('another deployment secret, 32+ chars').issue({
        userId: String(claims.sub),
        name: String(claims.name),
        role: 'admin',
        sessionId: String(claims.sid),
        expiresAt: new Date(Date.now() + HOUR),
      });
      for (const bad of [tampered, foreign, 'garbage']) {
        expect((await post(gw, me, bearer(bad))).status).toBe(401);
      }
    });

    it('an address sending bad credentials is made to wait before any more are checked', async () => {
      const gw = await extraGateway(stack, { credentialFailures: { limit: 3, windowMs: 60_000 } });
      try {
        const url = `${gw.url}/graphql`;
        const me = { query: '{ me { name } }' };
        for (let i = 0; i < 3; i++) {
          expect((await post(url, me, bearer(`sgk_${randomUUID()}_x`))).status).toBe(401);
        }
        const refused = await post(url, me, bearer(stack.keys.admin));
        expect(refused).toEqual({
          status: 429,
          body: {
            errors: [
              {
                message: 'too many invalid credentials: retry in 60 s',
                extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 60 },
              },
            ],
          },
        });
        // without a credential nothing needs checking: anonymous fields still answer
        expect(await post(url, me)).toEqual({ status: 200, body: { data: { me: null } } });
      } finally {
        await gw.close();
      }
    });

    it('cookie mode: the token goes into an httpOnly SameSite=Strict cookie, never the body', async () => {
      const res = await fetch(`${stack.gatewayUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-session-cookie': '1' },
        body: JSON.stringify({
          query: `mutation { signUp(input: { name: "cookie-${suffix}", password: "long enough password" }) { token account { name } } }`,
        }),
      });
      expect(await res.json()).toEqual({
        data: { signUp: { token: null, account: { name: `cookie-${suffix}` } } },
      });
      const cookie = res.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/^sg_session=[^;]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Strict$/);
      const session = cookie.split(';')[0]!;
      const asCookie = { cookie: session, authorization: '' };
      expect(await stack.query('{ me { name } }', {}, asCookie)).toEqual({
        data: { me: { name: `cookie-${suffix}` } },
      });
      const out = await fetch(`${stack.gatewayUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-session-cookie': '1', cookie: session },
        body: JSON.stringify({ query: 'mutation { logOut }' }),
      });
      expect(await out.json()).toEqual({ data: { logOut: true } });
      expect(out.headers.get('set-cookie')).toMatch(/^sg_session=; Max-Age=0;/);
      // the old cookie is now anonymous (and cleared), not an error: the app can log in again
      expect(await stack.query('{ me { name } }', {}, asCookie)).toEqual({ data: { me: null } });
    });
  });

  describe('subgraphs accept only what the gateway signed', () => {
    const bodies: [string, { query: string; variables?: Record<string, unknown> }][] = [
      ['user-data', { query: INBOX, variables: { u: 'x' } }],
      [
        'user-data',
        { query: ENTITIES, variables: { r: [{ __typename: 'Sms', smsId: newSmsId() }] } },
      ],
      [
        'model',
        {
          query: PREDICT_ENTITY,
          variables: { r: [{ __typename: 'Sms', smsId: newSmsId(), text: 'forged' }] },
        },
      ],
      ['inbox', { query: RECEIVE, variables: { to: 'x' } }],
      ['inbox', { query: REPORT, variables: { id: newSmsId() } }],
      [
        'inbox',
        { query: VERDICT_ENTITY, variables: { r: [{ __typename: 'Sms', smsId: newSmsId() }] } },
      ],
      ['feature-store', { query: PUSH, variables: { rows: [] } }],
    ];

    it.each(bodies)(
      '%s: unsigned, foreign-signed or re-bodied → 401, nothing stored',
      async (name, body) => {
        const before = await snapshot();
        const unauthenticated = (message: string) => ({
          status: 401,
          body: { errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] },
        });
        expect(await stack.callSubgraph(name, body, { signature: null })).toEqual(
          unauthenticated('only the gateway may call this service'),
        );
        const foreign = await new RequestSigner('not the deployment secret').sign(
          {
            principal: { kind: 'apiKey', id: 'x', name: 'x', role: 'admin' },
            clientAddress: '1.2.3.4',
          },
          JSON.stringify(body),
        );
        expect(await stack.callSubgraph(name, body, { signature: foreign })).toEqual(
          unauthenticated('invalid gateway signature'),
        );
        const other = await stack.signer.sign(
          {
            principal: { kind: 'apiKey', id: 'x', name: 'x', role: 'admin' },
            clientAddress: '1.2.3.4',
          },
          JSON.stringify({ query: '{ __typename }' }),
        );
        expect(await stack.callSubgraph(name, body, { signature: other })).toEqual(
          unauthenticated('invalid gateway signature'),
        );
        expect(await snapshot()).toEqual(before);
      },
    );

    it('a forged text for a real message is refused: the model writes no features for it', async () => {
      const before = await snapshot();
      const forged = {
        query: PREDICT_ENTITY,
        variables: {
          r: [{ __typename: 'Sms', smsId: bobSmsId, text: 'WIN WIN WIN free prize call now' }],
        },
      };
      expect((await stack.callSubgraph('model', forged, { signature: null })).status).toBe(401);
      expect(await snapshot()).toEqual(before);
    });

    it("user-data's entities resolve only the caller's own messages, even when signed", async () => {
      const entities = {
        query: ENTITIES,
        variables: { r: [{ __typename: 'Sms', smsId: bobSmsId }] },
      };
      const as = async (name: string) => {
        const account = await ctx.storage.accounts.accountByName(name);
        return stack.callSubgraph('user-data', entities, {
          principal: { kind: 'user', id: account!.id, name, role: 'user', sessionId: 's' },
        });
      };
      expect((await as(alice)).body).toEqual({ data: { _entities: [null] } });
      expect((await as(bob)).body).toEqual({
        data: {
          _entities: [
            { smsId: bobSmsId, text: "bob's secret: the code is 4521", recipientId: bob },
          ],
        },
      });
    });

    it("the inbox's entities give a verdict only to the message's owner, even when signed", async () => {
      expect(await stack.query(REPORT, { id: bobSmsId }, bobAuth)).toEqual({
        data: { reportSpam: { label: 'SPAM' } },
      });
      const verdict = {
        query: VERDICT_ENTITY,
        variables: { r: [{ __typename: 'Sms', smsId: bobSmsId }] },
      };
      const as = async (name: string) => {
        const account = await ctx.storage.accounts.accountByName(name);
        return stack.callSubgraph('inbox', verdict, {
          principal: { kind: 'user', id: account!.id, name, role: 'user', sessionId: 's' },
        });
      };
      expect((await as(alice)).body).toEqual({ data: { _entities: [null] } });
      expect((await as(bob)).body).toEqual({
        data: { _entities: [{ userVerdict: { label: 'SPAM' } }] },
      });
    });
  });
});
