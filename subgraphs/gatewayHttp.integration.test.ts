/**
 * The gateway's HTTP hardening against the real stack, once per backend: body problems and
 * foreign hosts answered with coded JSON (never HTML, no stack, no path) and their writes not
 * stored; security headers; production mode; the response cap; and the client's disconnect and
 * the deadline cancelling the subgraph call in progress.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { describeEachBackend } from '../platform/testing/backends';
import { listen } from '../platform/http/listen';
import { newSmsId } from '../platform/storage/inbox/smsId';
import { bearer, startTestStack, type TestStack } from './testing/stack';
import {
  extraGateway,
  post as jsonPost,
  receive as rawReceive,
  refused,
  RECEIVE,
  type Answer,
  type ExtraGateway,
} from './testing/gatewayRequests';

/** A POST over node:http, where every header (Host, Content-Encoding) is ours to set. */
function rawPost(url: string, body: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(chunks).toString()),
        });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A subgraph that never answers, and says when a request reaches it and when it is dropped. */
async function silentSubgraph() {
  let arrived!: () => void;
  let dropped!: () => void;
  const reached = new Promise<void>((r) => (arrived = r));
  const gone = new Promise<void>((r) => (dropped = r));
  const server = await listen((req, res) => {
    req.resume();
    arrived();
    res.on('close', () => dropped());
  }, 0);
  return { url: `${server.url}/graphql`, reached, gone, close: () => server.close() };
}

const INBOX = (user: string) =>
  `{ inbox(userId: "${user}", first: 50) { edges { node { text } } } }`;

describeEachBackend('gateway HTTP hardening', (ctx) => {
  let stack: TestStack;
  // Every request here is an admin's unless it says otherwise: the limits apply to all.
  const post = (u: string, body: unknown, headers: Record<string, string> = {}) =>
    jsonPost(u, body, { ...bearer(stack.keys.admin), ...headers });
  const receive = (u: string, to: string, text: string, headers: Record<string, string> = {}) =>
    rawReceive(u, to, text, { ...bearer(stack.keys.admin), ...headers });
  const extras: ExtraGateway[] = [];
  beforeAll(async () => {
    stack = await startTestStack(ctx.storage, ctx.config);
  }, 60_000);
  afterAll(async () => {
    for (const g of extras) await g.close();
    await stack?.close();
  });
  const url = () => `${stack.gatewayUrl}/graphql`;
  const stored = async (recipient: string) =>
    (await ctx.storage.inboxes.listInbox(recipient, { limit: 10 })).items.map((s) => s.text);
  const gateway = async (opts: Parameters<typeof extraGateway>[1]) => {
    const g = await extraGateway(stack, opts);
    extras.push(g);
    return g;
  };

  it('answers every body problem with coded JSON, no stack, no path; nothing is stored', async () => {
    const to = `r-${randomUUID().slice(0, 8)}`;
    const write = JSON.stringify({
      query: RECEIVE,
      variables: { input: { recipientId: to, senderId: 's', text: 'hi' } },
    });
    const json = 'application/json';
    const cases: [Record<string, string>, string, Answer][] = [
      [
        { 'content-type': `${json}; charset=latin1` },
        write,
        {
          status: 415,
          body: refused('UNSUPPORTED_MEDIA_TYPE', 'request body must be JSON in UTF-8'),
        },
      ],
      [
        { 'content-type': 'text/plain' },
        write,
        {
          status: 415,
          body: refused('UNSUPPORTED_MEDIA_TYPE', 'request body must be application/json'),
        },
      ],
      [
        { 'content-type': 'application/x-www-form-urlencoded' },
        `q=${write}`,
        {
          status: 415,
          body: refused('UNSUPPORTED_MEDIA_TYPE', 'request body must be application/json'),
        },
      ],
      [
        {},
        write,
        {
          status: 415,
          body: refused('UNSUPPORTED_MEDIA_TYPE', 'request body must be application/json'),
        },
      ],
      [
        { 'content-type': json, 'content-encoding': 'x-zip' },
        write,
        { status: 415, body: refused('UNSUPPORTED_MEDIA_TYPE', 'unsupported content encoding') },
      ],
      [
        { 'content-type': json },
        write.slice(0, -3),
        {
          status: 400,
          body: refused(
            'BAD_USER_INPUT',
            expect.stringMatching(/^request body is not valid JSON: /) as unknown as string,
          ),
        },
      ],
      // 10 MB: refused on its Content-Length, before it is read
      [
        { 'content-type': json },
        write.replace('"hi"', `"${'x'.repeat(10 * 2 ** 20)}"`),
        { status: 413, body: refused('BAD_USER_INPUT', 'request body too large (limit 1 MB)') },
      ],
    ];
    for (const [headers, body, expected] of cases) {
      expect(await rawPost(url(), body, headers)).toEqual(expected);
    }
    expect(await stored(to)).toEqual([]);
    // an unknown route and an unsupported method are JSON too
    const nope = await fetch(`${stack.gatewayUrl}/nope`);
    expect([nope.status, await nope.json()]).toEqual([
      404,
      refused('NOT_FOUND', 'no route GET /nope'),
    ]);
    const put = await fetch(url(), {
      method: 'PUT',
      headers: { 'content-type': json },
      body: '{}',
    });
    expect(put.status).toBe(405);
    expect(await put.json()).toEqual(
      refused('BAD_REQUEST' as never, 'Apollo Server supports only GET/POST requests.'),
    );
  });

  it('refuses a Host it does not serve (421 HOST_NOT_ALLOWED): the write is not stored', async () => {
    const to = `r-${randomUUID().slice(0, 8)}`;
    const write = JSON.stringify({
      query: RECEIVE,
      variables: { input: { recipientId: to, senderId: 's', text: 'rebound' } },
    });
    const as = (host: string) => ({
      'content-type': 'application/json',
      host,
      ...bearer(stack.keys.ingest),
    });
    expect(await rawPost(url(), write, as('evil.example'))).toEqual({
      status: 421,
      body: refused(
        'HOST_NOT_ALLOWED',
        'host "evil.example" is not served here (see ALLOWED_HOSTS)',
      ),
    });
    expect(await rawPost(url(), write, as('localhost.evil.example:80'))).toMatchObject({
      status: 421,
    });
    expect(await stored(to)).toEqual([]);
    const port = new URL(url()).port;
    expect(await rawPost(url(), write, as(`localhost:${port}`))).toMatchObject({ status: 200 });
    expect(await stored(to)).toEqual(['rebound']);
    // a deployment's own name, once configured
    const named = await gateway({ allowedHosts: ['api.example.com'] });
    expect(await rawPost(`${named.url}/graphql`, write, as('api.example.com'))).toMatchObject({
      status: 200,
    });
    expect(await rawPost(`${named.url}/graphql`, write, as(`localhost:${port}`))).toMatchObject({
      status: 421,
    });
  });

  it('sends security headers on /, /graphiql and /graphql', async () => {
    const common = {
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
    };
    const pick = (h: Headers) =>
      Object.fromEntries(
        [...Object.keys(common), 'content-security-policy'].map((k) => [k, h.get(k)]),
      );
    const page =
      "default-src 'self';script-src 'self';script-src-attr 'none';style-src 'self';" +
      "img-src 'self' data:;font-src 'self' data:;connect-src 'self';object-src 'none';" +
      "base-uri 'self';form-action 'self';frame-ancestors 'none'";
    const root = await fetch(`${stack.gatewayUrl}/`, { redirect: 'manual' });
    expect(pick(root.headers)).toEqual({ ...common, 'content-security-policy': page });
    const graphiql = pick((await fetch(`${stack.gatewayUrl}/graphiql`)).headers);
    const hash = "'sha256-[A-Za-z0-9+/]{43}='";
    expect(graphiql['content-security-policy']).toMatch(
      new RegExp(
        `^default-src 'self';script-src 'self' ${hash};script-src-attr 'none';style-src 'self' ${hash};img-src`,
      ),
    );
    const api = await fetch(url(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    });
    expect(pick(api.headers)).toEqual({
      ...common,
      'content-security-policy':
        "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'",
    });
  });

  it('in production: no introspection, no field suggestions', async () => {
    const prod = await gateway({ production: true });
    const ask = (g: string, query: string) => post(`${g}/graphql`, { query });
    for (const query of [
      '{ __schema { queryType { name } } }',
      '{ __type(name: "Sms") { name } }',
    ]) {
      const { status, body } = await ask(prod.url, query);
      expect(status).toBe(400);
      expect((body as ReturnType<typeof refused>).errors.map((e) => e.extensions.code)).toEqual([
        'GRAPHQL_VALIDATION_FAILED',
      ]);
      expect((await ask(stack.gatewayUrl, query)).status).toBe(200);
    }
    const typo = '{ modls { version } }';
    const message = (a: Answer) => (a.body as ReturnType<typeof refused>).errors[0]?.message;
    expect(message(await ask(prod.url, typo))).toBe(
      'Cannot query field "modls" on type "Query". [Suggestion hidden]?',
    );
    expect(message(await ask(stack.gatewayUrl, typo))).toBe(
      'Cannot query field "modls" on type "Query". Did you mean "models"?',
    );
  });

  it('refuses a response over the cap with RESPONSE_TOO_LARGE instead of sending it', async () => {
    const user = `u-${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 50; i++) {
      await ctx.storage.inboxes.insert({
        smsId: newSmsId(new Date(Date.now() - i * 60_000)),
        recipientId: user,
        senderId: 's',
        text: `message ${i} `.padEnd(120, 'x'),
      });
    }
    const capped = await gateway({ limits: { maxResponseBytes: 4096 } });
    expect(await post(`${capped.url}/graphql`, { query: INBOX(user) })).toEqual({
      status: 502,
      body: refused(
        'RESPONSE_TOO_LARGE',
        'the response would be larger than the limit of 4096 bytes',
      ),
    });
    const small = await post(`${capped.url}/graphql`, {
      query: `{ inbox(userId: "${user}", first: 2) { edges { node { text } } } }`,
    });
    expect(small.status).toBe(200);
    expect((await post(url(), { query: INBOX(user) })).status).toBe(200);
  });

  it('cancels the subgraph call when the client disconnects', async () => {
    const silent = await silentSubgraph();
    const gw = await gateway({
      subgraphUrls: { 'user-data': silent.url },
      limits: { deadlineMs: 600_000 },
    });
    const req = http.request(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    req.on('error', () => undefined); // we hang up ourselves
    req.end(JSON.stringify({ query: INBOX('alice') }));
    await silent.reached;
    req.destroy();
    await silent.gone; // the gateway dropped its call: without that, this test times out
    await silent.close();
  });

  it('cancels the subgraph call at the deadline and answers 504 DEADLINE_EXCEEDED', async () => {
    const silent = await silentSubgraph();
    const gw = await gateway({
      subgraphUrls: { 'user-data': silent.url },
      limits: { deadlineMs: 300 },
    });
    const to = `r-${randomUUID().slice(0, 8)}`;
    expect(await post(`${gw.url}/graphql`, { query: INBOX('alice') })).toEqual({
      status: 504,
      body: refused('DEADLINE_EXCEEDED', 'the request took longer than 300 ms'),
    });
    await silent.gone;
    // a write through the same gateway (inbox subgraph, not the silent one) still works
    expect((await receive(`${gw.url}/graphql`, to, 'after')).status).toBe(200);
    expect(await stored(to)).toEqual(['after']);
    await silent.close();
  });
});
