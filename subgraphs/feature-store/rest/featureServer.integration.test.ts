/**
 * The Feast-compatible REST API over HTTP on a free port, once per storage backend, serving
 * the small test repo (feature-store/testing) with a fixed clock.
 */
import { at, testRepo } from '../../../feature-store/testing';
import { listen, type Listening } from '../../../platform/http/listen';
import { createLogger } from '../../../platform/logger';
import {
  dropTestStorage,
  describeEachBackend,
  openTestStorage,
  testConfig,
} from '../../../platform/testing/backends';
import {
  openTestFeatureStore,
  type TestFeatureStore,
} from '../../../feature-store/testing/testFeatureStore';
import { AccountService } from '../../../platform/auth/accountService';
import type { Storage } from '../../../platform/storage';
import { createFeatureServer } from './app';
import { parseRestError } from './errors';

const logger = createLogger('test', 'silent');
const ROUTES =
  'routes: GET /health, POST /get-online-features, POST /push, POST /write-to-online-store, POST /materialize, POST /materialize-incremental';

/** The account service of a test server, and an admin key every request sends by default. */
async function testAccounts(storage: Storage) {
  const accounts = new AccountService(storage.accounts, 'rest-test-session-secret');
  const { key } = await accounts.createApiKey('rest-admin', 'admin');
  return { accounts, adminKey: key };
}

/**
 * Status and parsed JSON body of one request (as `credential`, default the admin key). An error
 * body (Feast's detail string, see errors.ts) is read back as `{error: {code, message}}` and
 * its Feast class as `feast`.
 */
async function call(
  base: string,
  path: string,
  body?: unknown,
  init: RequestInit & { headers?: Record<string, string> } = {},
  credential?: string,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
    headers: {
      'content-type': 'application/json',
      ...(credential ? { authorization: `Bearer ${credential}` } : {}),
      ...init.headers,
    },
  });
  return { status: res.status, body: restBody(res.status, await res.json()) };
}

/** An error body as `{error: {code, message}}` (+ the Feast class unless it is the plain one). */
function restBody(status: number, json: unknown): unknown {
  if (status < 400 || typeof json !== 'string') return json; // /health has its own shape
  const d = parseRestError(json);
  const feast = FEAST_DEFAULT.has(d.class) ? {} : { feast: d.class };
  return { error: { code: d.code, message: d.message }, ...feast };
}
const FEAST_DEFAULT = new Set([
  'FeastError',
  'FeastPermissionError',
  'FeastObjectNotFoundException',
]);

const badInput = (message: string, status = 400) => ({
  status,
  body: { error: { code: 'BAD_USER_INPUT', message } },
});

/** The join key column as Feast sends it. */
const keyColumn = (keys: string[]) => ({
  values: keys,
  statuses: keys.map(() => 'PRESENT'),
  event_timestamps: keys.map(() => '1970-01-01T00:00:00Z'),
});

const vectorSource = testRepo.featureViews.find((v) => v.name === 'vectors')!.source;
const vectorBatch = vectorSource.kind === 'push_source' ? vectorSource.batchSource : undefined;

describeEachBackend('Feast REST feature server', (ctx) => {
  let t: TestFeatureStore;
  let server: Listening;
  let base: string;
  let adminKey: string;
  beforeAll(async () => {
    t = await openTestFeatureStore(ctx.storage);
    const auth = await testAccounts(ctx.storage);
    adminKey = auth.adminKey;
    server = await listen(
      createFeatureServer(t.store, {
        logger,
        health: () => ctx.storage.ping(),
        accounts: auth.accounts,
      }),
      0,
    );
    base = server.url;
  });
  afterAll(async () => {
    await server?.close();
    t?.remove();
  });

  const post = (
    path: string,
    body: unknown,
    init?: RequestInit & { headers?: Record<string, string> },
  ) => call(base, path, body, init, adminKey);
  const vectorParts = () => t.parts(vectorBatch!).length;

  describe('who may call it', () => {
    const pushOne = (id: string) => ({
      push_source_name: 'vec_push',
      df: { msg_id: [id], event_timestamp: ['2020-01-01T11:00:00Z'], v: [[6, 6, 6]] },
    });
    const read = (id: string) => ({ feature_service: 'vec', entities: { msg_id: [id] } });

    it.each([
      '/get-online-features',
      '/push',
      '/write-to-online-store',
      '/materialize',
      '/materialize-incremental',
    ])('%s without a credential → 401 UNAUTHENTICATED with a Bearer challenge', async (route) => {
      const res = await fetch(`${base}${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(pushOne('anon')),
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      // Feast's error detail: the SDK raises FeastPermissionError with this message.
      expect(parseRestError(await res.json())).toEqual({
        module: 'feast.errors',
        class: 'FeastPermissionError',
        message: 'send Authorization: Bearer <session token or API key>',
        code: 'UNAUTHENTICATED',
      });
    });

    it('a forged, malformed or revoked credential → 401, and nothing is written', async () => {
      const auth = await testAccounts(ctx.storage);
      const { record, key } = await auth.accounts.createApiKey('soon-revoked', 'admin');
      await ctx.storage.accounts.revokeApiKey(record.id);
      const forged = `${key.slice(0, -4)}AAAA`;
      for (const credential of [key, forged, 'sgk_nope', 'not.a.jwt', 'sgk_\u00e9']) {
        const res = await call(base, '/push', pushOne('poison'), {}, credential);
        expect(res.status).toBe(401);
      }
      expect(await post('/get-online-features', read('poison'))).toMatchObject({
        status: 200,
        body: { results: [{ values: ['poison'] }, { statuses: ['NOT_FOUND'] }] },
      });
    });

    it('a user (session token) and an ingest key read, but may not write: 403', async () => {
      const auth = await testAccounts(ctx.storage);
      const { token } = await auth.accounts.signUp(
        `rest-reader-${Date.now()}`,
        'a long password 1',
      );
      const ingest = (await auth.accounts.createApiKey('rest-ingest', 'ingest')).key;
      for (const credential of [token, ingest]) {
        expect((await call(base, '/get-online-features', read('x'), {}, credential)).status).toBe(
          200,
        );
        for (const route of [
          '/push',
          '/write-to-online-store',
          '/materialize',
          '/materialize-incremental',
        ]) {
          expect(await call(base, route, pushOne('by-reader'), {}, credential)).toEqual({
            status: 403,
            body: { error: { code: 'FORBIDDEN', message: 'needs the admin role' } },
          });
        }
      }
      expect(await post('/get-online-features', read('by-reader'))).toMatchObject({
        body: { results: [{ values: ['by-reader'] }, { statuses: ['NOT_FOUND'] }] },
      });
    });
  });

  describe("Feast's typing on the wire", () => {
    /** The raw text of a response (what Feast's SDK types values by). */
    const rawPost = async (path: string, text: string) => {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
        body: text,
      });
      return { status: res.status, text: await res.text() };
    };

    it('float64 values are written as floats, even when whole (0.0, 1.0), lists too', async () => {
      // Within the scores view's ttl of the test store's clock (2020-01-01T12:00Z).
      const now = '2020-01-01T11:30:00Z';
      await t.store.writeToOnlineStore('scores', [
        { msg_id: 'fl0', event_timestamp: now, score: 0, count: 2 },
        { msg_id: 'fl1', event_timestamp: now, score: 1, count: 3 },
        { msg_id: 'fl2', event_timestamp: now, score: -2.5e-7, count: 0 },
      ]);
      const got = await rawPost(
        '/get-online-features',
        JSON.stringify({
          features: ['scores:score', 'scores:count'],
          entities: { msg_id: ['fl0', 'fl1', 'fl2', 'none'] },
        }),
      );
      expect(got.status).toBe(200);
      expect(got.text).toContain('"values":[0.0,1.0,-2.5e-7,null]');
      // int64 stays an integer
      expect(got.text).toContain('"values":[2,3,0,null]');
    });

    it('int64 beyond 2^53 goes in and out exact (push, write-to-online-store, read)', async () => {
      const big = '9007199254740993';
      const pushed = await rawPost(
        '/push',
        `{"push_source_name":"vec_push","to":"online_and_offline","df":{"msg_id":["i1"],"event_timestamp":["2020-01-01T00:00:00Z"],"v":[[${big},-9223372036854775808,1]]}}`,
      );
      expect(pushed.status).toBe(200);
      const written = await rawPost(
        '/write-to-online-store',
        `{"feature_view_name":"vectors","df":{"msg_id":["i2"],"event_timestamp":["2020-01-01T00:00:00"],"created":[null],"v":[[1,9223372036854775807,${big}]]}}`,
      );
      expect(written).toEqual({
        status: 200,
        text: '{"feature_view_name":"vectors","rows":1,"written":1,"older":0}',
      });
      const got = await rawPost(
        '/get-online-features',
        '{"features":["vectors:v"],"entities":{"msg_id":["i1","i2"]}}',
      );
      expect(got.text).toContain(
        `"values":[[${big},-9223372036854775808,1],[1,9223372036854775807,${big}]]`,
      );
      // The offline copy of the push is exact too.
      const h = await t.store.getHistoricalFeatures({
        features: ['vectors:v'],
        entityRows: [{ entityKey: 'i1', eventTimestamp: at('2020-06-01') }],
      });
      expect(h.rows[0]!.values.v).toEqual([BigInt(big), -(2n ** 63n), 1]);
    });

    it('an int64 outside 64 bits, or a float in an int64 list, is refused by name', async () => {
      const got = await rawPost(
        '/push',
        '{"push_source_name":"vec_push","df":{"msg_id":["i3"],"event_timestamp":["2020-01-01T00:00:00Z"],"v":[[1,9223372036854775808,2]]}}',
      );
      expect(got.status).toBe(400);
      expect(parseRestError(JSON.parse(got.text))).toMatchObject({
        code: 'BAD_USER_INPUT',
        message:
          'rows[0].v: item 1: expected a 64-bit integer, 9223372036854775808 is outside the 64-bit range',
      });
    });
  });

  describe("POST /write-to-online-store (what Feast's SDK sends for online writes)", () => {
    const write = (df: Record<string, unknown[]>, extra: Record<string, unknown> = {}) =>
      post('/write-to-online-store', {
        feature_view_name: 'vectors',
        df,
        allow_registry_cache: false,
        ...extra,
      });

    it('writes rows straight online (not offline); an older row does not replace a newer one', async () => {
      const parts = vectorParts();
      expect(
        await write({
          msg_id: ['w1', 'w2'],
          v: [
            [1, 2, 3],
            [4, 5, 6],
          ],
          event_timestamp: ['2020-01-01T10:00:00', '2020-01-01T10:00:00'],
          created: [null, '2020-01-01T10:00:01'],
        }),
      ).toEqual({
        status: 200,
        body: { feature_view_name: 'vectors', rows: 2, written: 2, older: 0 },
      });
      expect(
        await write({
          msg_id: ['w1'],
          v: [[0, 0, 0]],
          event_timestamp: ['2020-01-01T09:00:00'],
          created: [null],
        }),
      ).toEqual({
        status: 200,
        body: { feature_view_name: 'vectors', rows: 1, written: 0, older: 1 },
      });
      expect(vectorParts()).toBe(parts);
      const read = await post('/get-online-features', {
        features: ['vectors:v'],
        entities: { msg_id: ['w1', 'w2'] },
      });
      expect(read.body).toMatchObject({
        results: [
          { values: ['w1', 'w2'] },
          {
            values: [
              [1, 2, 3],
              [4, 5, 6],
            ],
            statuses: ['PRESENT', 'PRESENT'],
          },
        ],
      });
    });

    it.each([
      ['no feature_view_name', { df: { msg_id: ['x'] } }, 'feature_view_name is required'],
      [
        'a row-major df',
        { feature_view_name: 'vectors', df: [{ msg_id: 'x' }] },
        'df must be an object of column → list of values (column-major, like Feast)',
      ],
      [
        'a missing feature',
        {
          feature_view_name: 'vectors',
          df: { msg_id: ['x'], event_timestamp: ['2020-01-01T00:00:00Z'] },
        },
        'rows[0]: missing column v',
      ],
      [
        'a view fed by no online store',
        { feature_view_name: 'vectors', df: { msg_id: ['x'] }, allow_registry_cache: 'yes' },
        'allow_registry_cache: expected true or false, got "yes"',
      ],
    ])('%s → 400, nothing written', async (_name, body, message) => {
      expect(await post('/write-to-online-store', body)).toEqual(badInput(message));
      const read = await post('/get-online-features', {
        features: ['vectors:v'],
        entities: { msg_id: ['x'] },
      });
      expect(read.body).toMatchObject({ results: [{}, { statuses: ['NOT_FOUND'] }] });
    });
  });

  it('GET /health', async () => {
    expect(await call(base, '/health')).toEqual({
      status: 200,
      body: { status: 'ok', service: 'feature-server' },
    });
  });

  it('POST /push with a column-major df goes online by default, like Feast', async () => {
    const parts = vectorParts();
    const res = await post('/push', {
      push_source_name: 'vec_push',
      df: {
        msg_id: ['r1', 'r2'],
        event_timestamp: ['2020-01-01 11:00:00', '2020-01-01T11:30:00.250Z'],
        v: [
          [1, 2, 3],
          [4, 5, 6],
        ],
      },
      allow_registry_cache: true, // Feast options we do not use are ignored
    });
    expect(res).toEqual({
      status: 200,
      body: {
        push_source_name: 'vec_push',
        feature_views: ['vectors'],
        rows: 2,
        to: 'online',
        written: 2,
        older: 0,
        offline_rows: 0,
      },
    });
    expect(vectorParts()).toBe(parts);
  });

  it('POST /get-online-features by feature service: Feast’s exact response shape', async () => {
    await post('/push', {
      push_source_name: 'vec_push',
      df: { msg_id: ['g1'], event_timestamp: ['2020-01-01T11:00:00Z'], v: [[7, 8, 9]] },
    });
    const res = await post('/get-online-features', {
      feature_service: 'vec',
      entities: { msg_id: ['g1', 'nobody'] },
    });
    expect(res).toEqual({
      status: 200,
      body: {
        metadata: { feature_names: ['msg_id', 'v'] },
        results: [
          keyColumn(['g1', 'nobody']),
          {
            values: [[7, 8, 9], null],
            statuses: ['PRESENT', 'NOT_FOUND'],
            event_timestamps: ['2020-01-01T11:00:00Z', '1970-01-01T00:00:00Z'],
          },
        ],
      },
    });
  });

  it('POST /get-online-features by features, with full feature names', async () => {
    await post('/push', {
      push_source_name: 'vec_push',
      df: { msg_id: ['f1'], event_timestamp: ['2020-01-01T11:30:00.250Z'], v: [[3, 2, 1]] },
      to: 'online',
    });
    const res = await post('/get-online-features', {
      features: ['vectors:v', 'scores:score'],
      entities: { msg_id: ['f1'] },
      full_feature_names: true,
    });
    expect(res).toEqual({
      status: 200,
      body: {
        metadata: { feature_names: ['msg_id', 'vectors__v', 'scores__score'] },
        results: [
          keyColumn(['f1']),
          {
            values: [[3, 2, 1]],
            statuses: ['PRESENT'],
            event_timestamps: ['2020-01-01T11:30:00.250Z'],
          },
          { values: [null], statuses: ['NOT_FOUND'], event_timestamps: ['1970-01-01T00:00:00Z'] },
        ],
      },
    });
  });

  // Until issue 10 any content type was read as JSON (plain `curl -d`); a cross-site form
  // could then write, so a body must now be declared as JSON (security.integration.test.ts).
  it('refuses a body posted without a JSON content type (plain `curl -d`): 415', async () => {
    const res = await post(
      '/get-online-features',
      JSON.stringify({ features: ['vectors:v'], entities: { msg_id: ['nobody'] } }),
      { headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    );
    expect(res).toEqual({
      status: 415,
      body: {
        error: {
          code: 'UNSUPPORTED_MEDIA_TYPE',
          message:
            'POST /get-online-features takes a JSON body: send Content-Type: application/json (got content type "application/x-www-form-urlencoded")',
        },
      },
    });
  });

  it('POST /push to online_and_offline, then /materialize and /materialize-incremental', async () => {
    const parts = vectorParts();
    const pushed = await post('/push', {
      push_source_name: 'vec_push',
      df: {
        msg_id: ['m1', 'm2'],
        event_timestamp: ['2019-06-01T00:00:00Z', Date.parse('2019-08-01T00:00:00Z')],
        v: [
          [1, 1, 1],
          [2, 2, 2],
        ],
      },
      to: 'online_and_offline',
    });
    expect(pushed.body).toEqual({
      push_source_name: 'vec_push',
      feature_views: ['vectors'],
      rows: 2,
      to: 'online_and_offline',
      written: 2,
      older: 0,
      offline_rows: 2,
    });
    expect(vectorParts()).toBe(parts + 1);

    const m = await post('/materialize', {
      start_ts: '2019-05-01T00:00:00',
      end_ts: '2019-07-01T00:00:00Z',
      feature_views: ['vectors'],
    });
    // m1's offline row has the event time online already has: on SQLite the online row was
    // created later and stays (older); Cassandra resolves equal times itself (written).
    const tie = ctx.backend === 'sqlite' ? { written: 0, older: 1 } : { written: 1, older: 0 };
    expect(m).toEqual({
      status: 200,
      body: {
        feature_views: [
          {
            name: 'vectors',
            start_ts: '2019-05-01T00:00:00Z',
            end_ts: '2019-07-01T00:00:00Z',
            rows: 1,
            ...tie,
            seconds: expect.any(Number),
          },
        ],
        rows: 1,
        ...tie,
        seconds: expect.any(Number),
        rows_per_second: expect.any(Number),
      },
    });
    const inc = await post('/materialize-incremental', {
      end_ts: '2019-09-01T00:00:00Z',
      feature_views: ['vectors'],
    });
    expect(inc).toEqual({
      status: 200,
      body: {
        feature_views: [
          {
            name: 'vectors',
            start_ts: '2019-07-01T00:00:00Z',
            end_ts: '2019-09-01T00:00:00Z',
            rows: 1,
            ...tie,
            seconds: expect.any(Number),
          },
        ],
        rows: 1,
        ...tie,
        seconds: expect.any(Number),
        rows_per_second: expect.any(Number),
      },
    });
    const again = await post('/materialize-incremental', {
      end_ts: '2019-09-01T00:00:00Z',
      feature_views: ['vectors'],
    });
    expect(again.body).toEqual({
      feature_views: [],
      rows: 0,
      written: 0,
      older: 0,
      seconds: expect.any(Number),
      rows_per_second: 0,
    });
  });

  describe('errors are JSON with the status of their code', () => {
    it.each([
      [
        'get-online-features',
        { feature_service: 'nope', entities: { msg_id: ['a'] } },
        404,
        'FeatureServiceNotFoundException',
        'unknown feature service "nope"; known: scored, vec',
      ],
      [
        'get-online-features',
        { features: ['zzz:v'], entities: { msg_id: ['a'] } },
        404,
        'FeatureViewNotFoundException',
        'unknown feature view "zzz"; known: scores, labels, vectors',
      ],
      [
        'push',
        { push_source_name: 'nope', df: { msg_id: ['a'] } },
        422,
        'PushSourceNotFoundException',
        'unknown push source "nope"; known: vec_push',
      ],
      [
        'write-to-online-store',
        { feature_view_name: 'zzz', df: { msg_id: ['a'] } },
        404,
        'FeatureViewNotFoundException',
        'unknown feature view "zzz"; known: scores, labels, vectors',
      ],
      [
        'materialize',
        {
          start_ts: '2020-01-01T00:00:00Z',
          end_ts: '2020-01-02T00:00:00Z',
          feature_views: ['zzz'],
        },
        404,
        'FeatureViewNotFoundException',
        'unknown feature view "zzz"; known: scores, labels, vectors',
      ],
    ])(
      "%s naming what does not exist → %d, Feast's %s",
      async (route, body, status, feast, message) => {
        expect(await post(`/${route}`, body)).toEqual({
          status,
          body: { error: { code: 'NOT_FOUND', message }, feast },
        });
      },
    );

    it.each([
      [
        'an unknown feature',
        { features: ['scores:nope'], entities: { msg_id: ['a'] } },
        'feature view scores has no feature "nope"',
      ],
      [
        'both a service and features',
        { feature_service: 'vec', features: ['vectors:v'], entities: { msg_id: ['a'] } },
        'give exactly one of feature_service or features',
      ],
      [
        'neither',
        { entities: { msg_id: ['a'] } },
        'give exactly one of feature_service or features',
      ],
      [
        'entities keyed by something else',
        { features: ['vectors:v'], entities: { driver_id: ['a'] } },
        'entities must have exactly one key, the join key "msg_id"; got "driver_id"',
      ],
      [
        'entities as a list',
        { features: ['vectors:v'], entities: ['a'] },
        'entities must be an object like {"msg_id": ["…"]}',
      ],
      [
        'a number as an entity key',
        { features: ['vectors:v'], entities: { msg_id: ['a', 5] } },
        'entities.msg_id[1]: expected a string, got 5',
      ],
      [
        'no entities',
        { features: ['vectors:v'], entities: { msg_id: [] } },
        'entities must not be empty',
      ],
      [
        'features not a list',
        { features: 'vectors:v', entities: { msg_id: ['a'] } },
        'features: expected a list of strings, got "vectors:v"',
      ],
      [
        'full_feature_names not a boolean',
        { features: ['vectors:v'], entities: { msg_id: ['a'] }, full_feature_names: 'yes' },
        'full_feature_names: expected true or false, got "yes"',
      ],
    ])('get-online-features: %s → 400', async (_name, body, message) => {
      expect(await post('/get-online-features', body)).toEqual(badInput(message));
    });

    const df = { msg_id: ['bad'], event_timestamp: ['2020-01-01T11:00:00Z'], v: [[1, 2, 3]] };
    it.each([
      ['no push source', { df }, 'push_source_name is required'],
      [
        'a row-major df',
        { push_source_name: 'vec_push', df: [{ msg_id: 'bad' }] },
        'df must be an object of column → list of values (column-major, like Feast)',
      ],
      [
        'columns of different lengths',
        { push_source_name: 'vec_push', df: { ...df, v: [] } },
        'df.v has 0 values but df.msg_id has 1: columns must be equally long',
      ],
      [
        'a column that is not a list',
        { push_source_name: 'vec_push', df: { ...df, v: 'x' } },
        'df.v must be a list of values',
      ],
      [
        'a vector of the wrong length',
        { push_source_name: 'vec_push', df: { ...df, v: [[1, 2]] } },
        'rows[0].v: expected a list of 3 64-bit integers, got a list of length 2',
      ],
      [
        'an unparsable timestamp',
        { push_source_name: 'vec_push', df: { ...df, event_timestamp: ['soon'] } },
        'rows[0].event_timestamp: cannot parse timestamp "soon" (ISO-8601 or epoch ms)',
      ],
      [
        'an unknown target',
        { push_source_name: 'vec_push', df, to: 'sideways' },
        'to must be online, offline or online_and_offline, got "sideways"',
      ],
      ['an empty df', { push_source_name: 'vec_push', df: {} }, 'df has no columns'],
    ])('push: %s → 400, nothing written', async (_name, body, message) => {
      const parts = vectorParts();
      expect(await post('/push', { to: 'online_and_offline', ...body })).toEqual(badInput(message));
      expect(vectorParts()).toBe(parts);
      const read = await post('/get-online-features', {
        features: ['vectors:v'],
        entities: { msg_id: ['bad'] },
      });
      expect((read.body as { results: { statuses: string[] }[] }).results[1]!.statuses).toEqual([
        'NOT_FOUND',
      ]);
    });

    it.each([
      ['/materialize', { end_ts: '2020-01-01T00:00:00Z' }, 'start_ts is required'],
      [
        '/materialize',
        { start_ts: 'yesterday', end_ts: '2020-01-01T00:00:00Z' },
        'start_ts: cannot parse timestamp "yesterday" (ISO-8601 or epoch ms)',
      ],
      [
        '/materialize',
        { start_ts: '2020-01-02T00:00:00Z', end_ts: '2020-01-01T00:00:00Z' },
        'start (2020-01-02T00:00:00.000Z) must be before end (2020-01-01T00:00:00.000Z)',
      ],
      ['/materialize-incremental', {}, 'end_ts is required'],
      [
        '/materialize-incremental',
        { end_ts: '2020-01-01T00:00:00Z', feature_views: 'vectors' },
        'feature_views: expected a list of strings, got "vectors"',
      ],
    ])('%s %j → 400', async (path, body, message) => {
      expect(await post(path, body)).toEqual(badInput(message));
    });

    it('malformed JSON → 400', async () => {
      expect(await post('/push', '{"push_source_name": ')).toEqual(
        badInput('the request body is not valid JSON (an object is expected)'),
      );
    });

    it('a body that is not an object → 400', async () => {
      expect(await post('/materialize', '[1, 2]')).toEqual(
        badInput('the request body must be a JSON object'),
      );
    });

    it('a body over 5 MB → 413, nothing written', async () => {
      const parts = vectorParts();
      const n = 200_000;
      const res = await post('/push', {
        push_source_name: 'vec_push',
        df: {
          msg_id: Array.from({ length: n }, (_, i) => `big${i}`),
          event_timestamp: Array.from({ length: n }, () => '2020-01-01T11:00:00Z'),
          v: Array.from({ length: n }, () => [1, 2, 3]),
        },
        to: 'online_and_offline',
      });
      expect(res).toEqual(badInput('the request body is larger than the 5 MB limit', 413));
      expect(vectorParts()).toBe(parts);
    });

    it('an unknown route → 404 naming the routes', async () => {
      expect(await post('/get-online-feature', {})).toEqual({
        status: 404,
        body: {
          error: { code: 'NOT_FOUND', message: `no route POST /get-online-feature; ${ROUTES}` },
        },
      });
      expect(await call(base, '/push')).toEqual({
        status: 404,
        body: { error: { code: 'NOT_FOUND', message: `no route GET /push; ${ROUTES}` } },
      });
    });
  });

  it('keeps the clock of the store: a score past its 1 h ttl is OUTSIDE_MAX_AGE', async () => {
    const scores = testRepo.featureViews.find((v) => v.name === 'scores')!;
    await t.store.online.write(scores, [
      {
        entityKey: 'old',
        eventTimestamp: at('2020-01-01T10:00:00'),
        values: { score: 1, count: 1 },
      },
    ]);
    const res = await post('/get-online-features', {
      features: ['scores:score'],
      entities: { msg_id: ['old'] },
    });
    expect((res.body as { results: unknown[] }).results[1]).toEqual({
      values: [null],
      statuses: ['OUTSIDE_MAX_AGE'],
      event_timestamps: ['2020-01-01T10:00:00Z'],
    });
  });
});

describe('Feast REST feature server without a registry, and on closed storage', () => {
  it('answers 404 NOT_FOUND before `fs apply` and 503 STORAGE_UNAVAILABLE without storage', async () => {
    const config = testConfig('sqlite');
    const storage = await openTestStorage(config);
    const t = await openTestFeatureStore(storage, { apply: false, project: 'unapplied' });
    const { accounts, adminKey } = await testAccounts(storage);
    const server = await listen(
      createFeatureServer(t.store, { logger, health: () => storage.ping(), accounts }),
      0,
    );
    try {
      expect(
        await call(
          server.url,
          '/get-online-features',
          { feature_service: 'vec', entities: { msg_id: ['a'] } },
          {},
          adminKey,
        ),
      ).toEqual({
        status: 404,
        body: {
          error: {
            code: 'NOT_FOUND',
            message: 'project unapplied has no registry yet: run `npx spamgraph fs apply`',
          },
        },
      });
      await storage.close();
      expect(await call(server.url, '/health')).toEqual({
        status: 503,
        body: {
          status: 'unavailable',
          service: 'feature-server',
          error: 'the SQLite file is closed',
        },
      });
      const res = await call(
        server.url,
        '/materialize-incremental',
        { end_ts: '2020-01-01' },
        {},
        adminKey,
      );
      expect(res.status).toBe(503);
      expect(res.body).toEqual({
        error: { code: 'STORAGE_UNAVAILABLE', message: expect.stringMatching(/^SQLite failed/) },
      });
    } finally {
      await server.close();
      t.remove();
      await dropTestStorage(storage, config).catch(() => undefined);
    }
  });
});
