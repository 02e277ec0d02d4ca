/** The gateway itself over HTTP: GraphiQL without a CDN, health, and failures of what is behind it. */
import { testConfig, openTestStorage, dropTestStorage } from '../platform/testing/backends';
import { startTestStack, type TestStack } from './testing/stack';
import type { Config } from '../platform/config';
import type { Storage } from '../platform/storage';

describe('gateway', () => {
  let config: Config;
  let storage: Storage;
  let stack: TestStack;
  beforeAll(async () => {
    config = testConfig('sqlite');
    storage = await openTestStorage(config);
    stack = await startTestStack(storage, config);
  });
  afterAll(async () => {
    await stack.close();
    await dropTestStorage(storage, config).catch(() => undefined);
  });

  it('answers unreadable bodies with JSON errors, gateway and subgraphs alike', async () => {
    const post = (url: string, body: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const big = JSON.stringify({
      query: 'query($f: [Float!]!) { featuresToPrediction(version: V1, features: $f) { label } }',
      variables: { f: Array.from({ length: 300_000 }, () => 0.5) },
    });
    for (const url of [`${stack.gatewayUrl}/graphql`, stack.subgraphUrls.model!]) {
      const tooBig = await post(url, big);
      expect(tooBig.status).toBe(413);
      expect(await tooBig.json()).toEqual({
        errors: [
          {
            message: 'request body too large (limit 1 MB)',
            extensions: { code: 'BAD_USER_INPUT' },
          },
        ],
      });
      const broken = await post(url, '{"query": "{ models { version "');
      expect(broken.status).toBe(400);
      const body = (await broken.json()) as { errors: { message: string; extensions: unknown }[] };
      expect(body.errors[0]!.message).toMatch(/^request body is not valid JSON/);
      expect(body.errors[0]!.extensions).toEqual({ code: 'BAD_USER_INPUT' });
    }
  });

  it('serves GraphiQL from local assets only (no CDN)', async () => {
    const page = await fetch(`${stack.gatewayUrl}/graphiql`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    const scripts = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(scripts).toEqual([
      '/graphiql/assets/graphiql.css',
      '/graphiql/assets/react.js',
      '/graphiql/assets/react-dom.js',
      '/graphiql/assets/graphiql.js',
    ]);
    for (const src of scripts) {
      const res = await fetch(`${stack.gatewayUrl}${src}`);
      expect(res.status).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
    const missing = await fetch(`${stack.gatewayUrl}/graphiql/assets/evil.js`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'no such asset' },
    });
  });

  it('reports health of every subgraph', async () => {
    const res = await fetch(`${stack.gatewayUrl}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', service: 'gateway' });
  });

  it('rejects an invalid operation with GRAPHQL_VALIDATION_FAILED', async () => {
    const res = await stack.query('{ inbox(userId: "a") { nope } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0]?.message).toBe('Cannot query field "nope" on type "SmsConnection".');
  });

  it('rejects a syntax error with GRAPHQL_PARSE_FAILED', async () => {
    const res = await stack.query('{ inbox(');
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  // Last: it breaks the storage under the stack.
  it('answers STORAGE_UNAVAILABLE when storage is gone, and health says so', async () => {
    await storage.close();
    // The gateway cannot check the credential: it says why, and nothing runs.
    const res = await stack.query('{ inbox(userId: "alice") { edges { node { text } } } }');
    expect(res.data).toBeUndefined();
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions!.code).toBe('STORAGE_UNAVAILABLE');
    expect(res.errors![0]!.message).toMatch(/^SQLite failed to .*: the database is closed$/);
    // Without a credential to check, a subgraph's own storage failure comes through.
    const signUp = await stack.query(
      'mutation { signUp(input: { name: "newcomer", password: "long enough password" }) { expiresAt } }',
      {},
      { authorization: '' },
    );
    expect(signUp.data).toBeNull();
    expect(signUp.errors?.map((e) => e.extensions?.code)).toEqual(['STORAGE_UNAVAILABLE']);
    const sub = await fetch(stack.subgraphUrls['user-data']!.replace(/graphql$/, 'health'));
    expect(sub.status).toBe(503);
    const gw = await fetch(`${stack.gatewayUrl}/health`);
    expect(gw.status).toBe(503);
    expect(await gw.json()).toEqual({
      status: 'unavailable',
      service: 'gateway',
      error:
        'subgraph user-data unhealthy (HTTP 503); subgraph model unhealthy (HTTP 503); ' +
        'subgraph inbox unhealthy (HTTP 503); subgraph feature-store unhealthy (HTTP 503)',
    });
  });
});

describe('gateway with a subgraph down', () => {
  it('answers with an error, not a hang, and health names the subgraph', async () => {
    const config = testConfig('sqlite');
    const storage = await openTestStorage(config);
    const stack = await startTestStack(storage, config);
    try {
      await stack.stopSubgraph('user-data');
      const res = await stack.query('{ inbox(userId: "alice") { edges { node { text } } } }');
      expect(res.data).toBeNull();
      expect(res.errors).toEqual([
        {
          message: 'subgraph user-data failed: ECONNREFUSED',
          extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'user-data' },
        },
      ]);
      const gw = await fetch(`${stack.gatewayUrl}/health`);
      expect(gw.status).toBe(503);
      expect(((await gw.json()) as { error: string }).error).toMatch(
        /^subgraph user-data unreachable at http:\/\/127\.0\.0\.1:\d+\/health/,
      );
    } finally {
      await stack.close();
      await dropTestStorage(storage, config);
    }
  });
});
