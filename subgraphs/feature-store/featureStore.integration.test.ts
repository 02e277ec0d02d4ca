/**
 * The feature-store subgraph through the real Apollo Gateway over HTTP, once per storage
 * backend, serving the small test repo (feature-store/testing) with a fixed clock.
 */
import { FeatureStore } from '../../feature-store';
import { spamRepo } from '../../models';
import { at, testRepo } from '../../feature-store/testing';
import { describeEachBackend } from '../../platform/testing/backends';
import { startTestStack, type GraphQLResponse, type TestStack } from '../testing/stack';
import {
  openTestFeatureStore,
  TEST_NOW,
  type TestFeatureStore,
} from '../../feature-store/testing/testFeatureStore';

const VIEWS = `{ featureViews {
  name description entities ttlSeconds online tags { key value }
  fields { name dtype length description }
  source {
    __typename name description
    ... on FileSource { path timestampField createdTimestampColumn }
    ... on PushSource { batchSource { name path timestampField createdTimestampColumn } }
  }
} }`;
const SERVICES = `{ featureServices {
  name description tags { key value } featureRefs
  featureViews { featureView { name } fields { name dtype length } }
} }`;
const ONLINE = `query Online($service: String, $features: [String!], $entities: [ID!]!, $full: Boolean) {
  onlineFeatures(featureService: $service, features: $features, entities: $entities, fullFeatureNames: $full) {
    featureNames
    results { values statuses eventTimestamps }
  }
}`;
const PUSH = `mutation Push($source: String!, $rows: JSON!, $to: PushTarget) {
  pushFeatures(pushSource: $source, rows: $rows, to: $to) { pushSource featureViews rows to }
}`;
const RESULT = 'featureViews { featureView start end rows seconds } rows seconds rowsPerSecond';
const MATERIALIZE = `mutation M($start: DateTime!, $end: DateTime!, $views: [String!]) {
  materialize(start: $start, end: $end, featureViews: $views) { ${RESULT} }
}`;
const INCREMENTAL = `mutation I($end: DateTime!, $views: [String!]) {
  materializeIncremental(end: $end, featureViews: $views) { ${RESULT} }
}`;

interface Column {
  values: unknown[];
  statuses: string[];
  eventTimestamps: (string | null)[];
}
interface OnlineData {
  onlineFeatures: { featureNames: string[]; results: Column[] };
}

/** The join key column of an online read of `keys`. */
const keyColumn = (keys: string[]): Column => ({
  values: keys,
  statuses: keys.map(() => 'PRESENT'),
  eventTimestamps: keys.map(() => null),
});

/** What a rejected operation answers through the gateway. */
const rejected = (field: string, message: string, extra: Record<string, unknown> = {}) => ({
  data: null,
  errors: [
    {
      message,
      path: [field],
      extensions: { code: 'BAD_USER_INPUT', serviceName: 'feature-store', ...extra },
    },
  ],
});

const vectorSource = testRepo.featureViews.find((v) => v.name === 'vectors')!.source;
const vectorBatch = vectorSource.kind === 'push_source' ? vectorSource.batchSource : undefined;

describeEachBackend('feature-store via gateway', (ctx) => {
  let t: TestFeatureStore;
  let stack: TestStack;
  beforeAll(async () => {
    t = await openTestFeatureStore(ctx.storage);
    stack = await startTestStack(ctx.storage, ctx.config, { featureStore: t.store });
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    t?.remove();
  });
  beforeEach(() => {
    t.clock.now = TEST_NOW;
  });

  const online = (vars: Record<string, unknown>) => stack.query<OnlineData>(ONLINE, vars);
  const pushRows = (rows: unknown, to?: string, source = 'vec_push') =>
    stack.query(PUSH, { source, rows, to });
  const vectorParts = () => t.parts(vectorBatch!).length;

  it('lists the registered feature views with fields and sources', async () => {
    const source = {
      name: 'scores_source',
      description: null,
      path: 'scores',
      timestampField: 'event_timestamp',
      createdTimestampColumn: 'created',
    };
    expect(await stack.query(VIEWS)).toEqual({
      data: {
        featureViews: [
          {
            name: 'scores',
            description: null,
            entities: ['msg'],
            ttlSeconds: 3600,
            online: true,
            tags: [],
            fields: [
              { name: 'score', dtype: 'FLOAT64', length: null, description: null },
              { name: 'count', dtype: 'INT64', length: null, description: null },
            ],
            source: { __typename: 'FileSource', ...source },
          },
          {
            name: 'labels',
            description: null,
            entities: ['msg'],
            ttlSeconds: 0,
            online: true,
            tags: [],
            fields: [{ name: 'label', dtype: 'INT64', length: null, description: null }],
            source: {
              __typename: 'FileSource',
              ...source,
              name: 'labels_source',
              path: 'labels',
            },
          },
          {
            name: 'vectors',
            description: null,
            entities: ['msg'],
            ttlSeconds: 0,
            online: true,
            tags: [],
            fields: [{ name: 'v', dtype: 'INT64_LIST', length: 3, description: null }],
            source: {
              __typename: 'PushSource',
              name: 'vec_push',
              description: null,
              batchSource: {
                name: 'vec_source',
                path: 'vectors',
                timestampField: 'event_timestamp',
                createdTimestampColumn: 'created',
              },
            },
          },
        ],
      },
    });
  });

  it('lists the feature services with their views and fields, and the entities', async () => {
    expect(await stack.query(SERVICES)).toEqual({
      data: {
        featureServices: [
          {
            name: 'scored',
            description: null,
            tags: [],
            featureRefs: ['scores:score', 'scores:count', 'labels:label'],
            featureViews: [
              {
                featureView: { name: 'scores' },
                fields: [
                  { name: 'score', dtype: 'FLOAT64', length: null },
                  { name: 'count', dtype: 'INT64', length: null },
                ],
              },
              {
                featureView: { name: 'labels' },
                fields: [{ name: 'label', dtype: 'INT64', length: null }],
              },
            ],
          },
          {
            name: 'vec',
            description: null,
            tags: [],
            featureRefs: ['vectors:v'],
            featureViews: [
              {
                featureView: { name: 'vectors' },
                fields: [{ name: 'v', dtype: 'INT64_LIST', length: 3 }],
              },
            ],
          },
        ],
      },
    });
    expect(await stack.query('{ entities { name joinKey valueType description } }')).toEqual({
      data: {
        entities: [{ name: 'msg', joinKey: 'msg_id', valueType: 'STRING', description: null }],
      },
    });
  });

  it('pushes online and serves the rows column-major (PRESENT / NOT_FOUND)', async () => {
    const parts = vectorParts();
    const pushed = await pushRows(
      [
        { msg_id: 'p1', event_timestamp: '2020-01-01T11:00:00Z', v: [1, 2, 3] },
        { msg_id: 'p2', event_timestamp: Date.parse('2020-01-01T11:30:00Z'), v: [4, 5, 6] },
      ],
      'ONLINE',
    );
    expect(pushed).toEqual({
      data: {
        pushFeatures: { pushSource: 'vec_push', featureViews: ['vectors'], rows: 2, to: 'ONLINE' },
      },
    });
    expect(vectorParts()).toBe(parts); // online only
    expect(await online({ service: 'vec', entities: ['p1', 'nobody', 'p2'] })).toEqual({
      data: {
        onlineFeatures: {
          featureNames: ['msg_id', 'v'],
          results: [
            keyColumn(['p1', 'nobody', 'p2']),
            {
              values: [[1, 2, 3], null, [4, 5, 6]],
              statuses: ['PRESENT', 'NOT_FOUND', 'PRESENT'],
              eventTimestamps: ['2020-01-01T11:00:00.000Z', null, '2020-01-01T11:30:00.000Z'],
            },
          ],
        },
      },
    });
  });

  it('carries int64 beyond 2^53 as strings of digits, in and out (JSON numbers would round)', async () => {
    const big = '9007199254740993';
    const pushed = await pushRows(
      [{ msg_id: 'gbig', event_timestamp: '2020-01-01T11:00:00Z', v: [big, '1', 2] }],
      'ONLINE',
    );
    expect(pushed.errors).toBeUndefined();
    const read = await online({ features: ['vectors:v'], entities: ['gbig'] });
    expect(read.data?.onlineFeatures.results[1]?.values).toEqual([[big, 1, 2]]);
    // Stored as the integer, not as text: the library reads a bigint.
    const lib = await t.store.getOnlineFeatures({ features: ['vectors:v'], entities: ['gbig'] });
    expect(lib.columns[1]!.values).toEqual([[BigInt(big), 1, 2]]);
  });

  it('keeps the newer row when an older one arrives late', async () => {
    const row = (v: number, time: string) => ({
      msg_id: 'late',
      event_timestamp: time,
      v: [v, v, v],
    });
    for (const [v, time] of [
      [2, '2020-01-01T11:00:00Z'],
      [1, '2020-01-01T10:00:00Z'], // late and older: ignored
    ] as const) {
      expect((await pushRows([row(v, time)], 'ONLINE')).errors).toBeUndefined();
    }
    const read = async () =>
      (await online({ features: ['vectors:v'], entities: ['late'] })).data?.onlineFeatures
        .results[1];
    expect(await read()).toEqual({
      values: [[2, 2, 2]],
      statuses: ['PRESENT'],
      eventTimestamps: ['2020-01-01T11:00:00.000Z'],
    });
    await pushRows([row(3, '2020-01-01T11:59:00Z')], 'ONLINE');
    expect(await read()).toEqual({
      values: [[3, 3, 3]],
      statuses: ['PRESENT'],
      eventTimestamps: ['2020-01-01T11:59:00.000Z'],
    });
  });

  it('pushes online and offline by default', async () => {
    const parts = vectorParts();
    const res = await pushRows([
      { msg_id: 'both', event_timestamp: '2020-01-01 11:00:00', v: [7, 8, 9] },
    ]);
    expect(res).toEqual({
      data: {
        pushFeatures: {
          pushSource: 'vec_push',
          featureViews: ['vectors'],
          rows: 1,
          to: 'ONLINE_AND_OFFLINE',
        },
      },
    });
    expect(vectorParts()).toBe(parts + 1);
    const read = await online({ features: ['vectors:v'], entities: ['both'] });
    expect(read.data?.onlineFeatures.results[1]?.statuses).toEqual(['PRESENT']);
  });

  it('pushes offline only; materialize then brings the rows online', async () => {
    const parts = vectorParts();
    const res = await pushRows(
      [
        { msg_id: 'off1', event_timestamp: '2019-06-01T00:00:00Z', v: [1, 1, 1] },
        { msg_id: 'off2', event_timestamp: '2019-06-02T00:00:00Z', v: [2, 2, 2] },
        { msg_id: 'off1', event_timestamp: '2019-06-03T00:00:00Z', v: [3, 3, 3] },
      ],
      'OFFLINE',
    );
    expect(res.data).toEqual({
      pushFeatures: { pushSource: 'vec_push', featureViews: ['vectors'], rows: 3, to: 'OFFLINE' },
    });
    expect(vectorParts()).toBe(parts + 1);
    const vars = { features: ['vectors:v'], entities: ['off1', 'off2'] };
    expect((await online(vars)).data?.onlineFeatures.results[1]?.statuses).toEqual([
      'NOT_FOUND',
      'NOT_FOUND',
    ]);
    const m = await stack.query(MATERIALIZE, {
      start: '2019-05-01T00:00:00Z',
      end: '2019-07-01T00:00:00+02:00',
      views: ['vectors'],
    });
    expect(m).toEqual({
      data: {
        materialize: {
          featureViews: [
            {
              featureView: 'vectors',
              start: '2019-05-01T00:00:00.000Z',
              end: '2019-06-30T22:00:00.000Z',
              rows: 2,
              seconds: expect.any(Number),
            },
          ],
          rows: 2,
          seconds: expect.any(Number),
          rowsPerSecond: expect.any(Number),
        },
      },
    });
    expect((await online(vars)).data?.onlineFeatures.results[1]).toEqual({
      values: [
        [3, 3, 3],
        [2, 2, 2],
      ],
      statuses: ['PRESENT', 'PRESENT'],
      eventTimestamps: ['2019-06-03T00:00:00.000Z', '2019-06-02T00:00:00.000Z'],
    });
  });

  it('materializes, enforces the ttl at read time, and continues incrementally', async () => {
    const entity = testRepo.entities[0]!;
    const scores = testRepo.featureViews.find((v) => v.name === 'scores')!;
    await t.store.offline.append(scores, entity, [
      {
        entityKey: 'ma',
        eventTimestamp: at('2020-01-01T11:30:00'),
        values: { score: 0.5, count: 5 },
      },
      {
        entityKey: 'mb',
        eventTimestamp: at('2020-01-01T10:00:00'),
        values: { score: null, count: 1 },
      },
      {
        entityKey: 'mc',
        eventTimestamp: at('2020-01-01T18:00:00'),
        values: { score: 0.7, count: 7 },
      },
    ]);
    const m = await stack.query(MATERIALIZE, {
      start: '2019-12-31T00:00:00Z',
      end: '2020-01-01T12:00:00Z',
      views: ['scores'],
    });
    expect(m.data).toEqual({
      materialize: {
        featureViews: [
          {
            featureView: 'scores',
            start: '2019-12-31T00:00:00.000Z',
            end: '2020-01-01T12:00:00.000Z',
            rows: 2,
            seconds: expect.any(Number),
          },
        ],
        rows: 2,
        seconds: expect.any(Number),
        rowsPerSecond: expect.any(Number),
      },
    });
    const vars = {
      features: ['scores:score', 'scores:count'],
      entities: ['ma', 'mb', 'mc'],
      full: true,
    };
    // At 12:00 mb (10:00) is past the 1 h ttl; mc is after the window.
    expect(await online(vars)).toEqual({
      data: {
        onlineFeatures: {
          featureNames: ['msg_id', 'scores__score', 'scores__count'],
          results: [
            keyColumn(['ma', 'mb', 'mc']),
            {
              values: [0.5, null, null],
              statuses: ['PRESENT', 'OUTSIDE_MAX_AGE', 'NOT_FOUND'],
              eventTimestamps: ['2020-01-01T11:30:00.000Z', '2020-01-01T10:00:00.000Z', null],
            },
            {
              values: [5, null, null],
              statuses: ['PRESENT', 'OUTSIDE_MAX_AGE', 'NOT_FOUND'],
              eventTimestamps: ['2020-01-01T11:30:00.000Z', '2020-01-01T10:00:00.000Z', null],
            },
          ],
        },
      },
    });
    t.clock.now = at('2020-01-01T10:30:00');
    const early = await online({ ...vars, entities: ['mb'], full: false });
    expect(early.data?.onlineFeatures.featureNames).toEqual(['msg_id', 'score', 'count']);
    expect(early.data?.onlineFeatures.results.slice(1).map((c) => [c.values, c.statuses])).toEqual([
      [[null], ['NULL_VALUE']],
      [[1], ['PRESENT']],
    ]);

    t.clock.now = at('2020-01-01T19:00:00');
    const inc = await stack.query(INCREMENTAL, { end: '2020-01-02T00:00:00Z', views: ['scores'] });
    expect(inc.data).toEqual({
      materializeIncremental: {
        featureViews: [
          {
            featureView: 'scores',
            start: '2020-01-01T12:00:00.000Z',
            end: '2020-01-02T00:00:00.000Z',
            rows: 1,
            seconds: expect.any(Number),
          },
        ],
        rows: 1,
        seconds: expect.any(Number),
        rowsPerSecond: expect.any(Number),
      },
    });
    const mc = await online({ features: ['scores:score'], entities: ['mc'] });
    expect(mc.data?.onlineFeatures.results[1]?.values).toEqual([0.7]);
    const again = await stack.query(INCREMENTAL, {
      end: '2020-01-02T00:00:00Z',
      views: ['scores'],
    });
    expect(again.data).toEqual({
      materializeIncremental: {
        featureViews: [],
        rows: 0,
        seconds: expect.any(Number),
        rowsPerSecond: 0,
      },
    });
  });

  it('reads a feature service with full feature names', async () => {
    const res = await online({ service: 'scored', entities: ['nobody'], full: true });
    expect(res.data?.onlineFeatures.featureNames).toEqual([
      'msg_id',
      'scores__score',
      'scores__count',
      'labels__label',
    ]);
    expect(res.data?.onlineFeatures.results.map((c) => c.statuses)).toEqual([
      ['PRESENT'],
      ['NOT_FOUND'],
      ['NOT_FOUND'],
      ['NOT_FOUND'],
    ]);
  });

  describe('bad input gets BAD_USER_INPUT (NOT_FOUND for unknown names) and writes nothing', () => {
    const ok = { msg_id: 'bad', event_timestamp: '2020-01-01T11:00:00Z', v: [1, 2, 3] };

    it.each([
      [
        'an unknown push source',
        'nope',
        [ok],
        'unknown push source "nope"; known: vec_push',
        { code: 'NOT_FOUND' },
      ],
      [
        'a vector of the wrong length',
        'vec_push',
        [{ ...ok, v: [1, 2] }],
        'rows[0].v: expected a list of 3 64-bit integers, got a list of length 2',
        { field: 'v' },
      ],
      [
        'a float in an integer vector',
        'vec_push',
        [{ ...ok, v: [1, 2.5, 3] }],
        'rows[0].v: item 1: expected a 64-bit integer, got 2.5',
        { field: 'v' },
      ],
      [
        'a string for a vector',
        'vec_push',
        [{ ...ok, v: 'x' }],
        'rows[0].v: expected a list of 3 64-bit integers, got "x"',
        { field: 'v' },
      ],
      [
        'one bad row among good ones',
        'vec_push',
        [ok, { ...ok, msg_id: 'bad2', v: null }, { ...ok, msg_id: 'bad3', v: [1] }],
        'rows[2].v: expected a list of 3 64-bit integers, got a list of length 1',
        { field: 'v' },
      ],
      [
        'an unparsable timestamp',
        'vec_push',
        [{ ...ok, event_timestamp: 'yesterday' }],
        'rows[0].event_timestamp: cannot parse timestamp "yesterday" (ISO-8601 or epoch ms)',
        {},
      ],
      [
        'a missing timestamp',
        'vec_push',
        [{ msg_id: 'bad', v: [1, 2, 3] }],
        'rows[0].event_timestamp: cannot parse timestamp undefined (ISO-8601 or epoch ms)',
        {},
      ],
      ['rows that are not a list', 'vec_push', ok, 'rows must be a non-empty list', {}],
      ['no rows', 'vec_push', [], 'rows must be a non-empty list', {}],
      [
        'an unknown column',
        'vec_push',
        [{ ...ok, extra: 1 }],
        'rows[0]: unknown column(s) extra for vectors',
        {},
      ],
      [
        'a missing feature',
        'vec_push',
        [{ msg_id: 'bad', event_timestamp: '2020-01-01T11:00:00Z' }],
        'rows[0]: missing column v',
        {},
      ],
      [
        'an empty join key',
        'vec_push',
        [{ ...ok, msg_id: '' }],
        'rows[0].msg_id: expected a 1–128 character string',
        {},
      ],
    ])('pushFeatures: %s', async (_name, source, rows, message, extra) => {
      const parts = vectorParts();
      expect(await pushRows(rows, 'ONLINE_AND_OFFLINE', source)).toEqual(
        rejected('pushFeatures', message, extra),
      );
      expect(vectorParts()).toBe(parts);
      const read = await online({ features: ['vectors:v'], entities: ['bad', 'bad2'] });
      expect(read.data?.onlineFeatures.results[1]?.statuses).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    });

    it.each([
      [
        'an unknown feature service',
        { service: 'nope', entities: ['a'] },
        'unknown feature service "nope"; known: scored, vec',
        'NOT_FOUND',
      ],
      [
        'an unknown feature view',
        { features: ['zzz:score'], entities: ['a'] },
        'unknown feature view "zzz"; known: scores, labels, vectors',
        'NOT_FOUND',
      ],
      [
        'an unknown feature',
        { features: ['scores:nope'], entities: ['a'] },
        'feature view scores has no feature "nope"',
      ],
      [
        'a reference without a view',
        { features: ['score'], entities: ['a'] },
        'feature reference "score" must look like view:feature',
      ],
      [
        'both a service and features',
        { service: 'vec', features: ['vectors:v'], entities: ['a'] },
        'give exactly one of featureService or features',
      ],
      ['neither', { entities: ['a'] }, 'give exactly one of featureService or features'],
      ['no features', { features: [], entities: ['a'] }, 'features must not be empty'],
      ['no entities', { service: 'vec', entities: [] }, 'entities must not be empty'],
      [
        'an empty entity key',
        { service: 'vec', entities: ['a', ''] },
        'entity keys must be 1–128 character strings',
      ],
      [
        'too many entities',
        { service: 'vec', entities: Array.from({ length: 1001 }, (_, i) => `e${i}`) },
        'at most 1000 entities per read, got 1001',
      ],
    ])('onlineFeatures: %s', async (_name, vars, message, code = 'BAD_USER_INPUT') => {
      expect(await online(vars)).toEqual(rejected('onlineFeatures', message, { code }));
    });

    it.each([
      [
        'an unknown feature view',
        { start: '2020-01-01T00:00:00Z', end: '2020-01-02T00:00:00Z', views: ['zzz'] },
        'unknown feature view "zzz"; known: scores, labels, vectors',
        'NOT_FOUND',
      ],
      [
        'start after end',
        { start: '2020-01-02T00:00:00Z', end: '2020-01-01T00:00:00Z' },
        'start (2020-01-02T00:00:00.000Z) must be before end (2020-01-01T00:00:00.000Z)',
      ],
    ])('materialize: %s', async (_name, vars, message, code = 'BAD_USER_INPUT') => {
      expect(await stack.query(MATERIALIZE, vars)).toEqual(
        rejected('materialize', message, { code }),
      );
    });

    it('materialize: an unparsable DateTime is the subgraph’s BAD_USER_INPUT, not a failed call', async () => {
      expect(
        await stack.query(MATERIALIZE, { start: 'yesterday', end: '2020-01-01T00:00:00Z' }),
      ).toEqual({
        data: null,
        errors: [
          {
            message:
              'Variable "$start" got invalid value "yesterday"; DateTime must be an ISO-8601 string with a timezone, e.g. 2026-01-31T12:00:00Z',
            extensions: { code: 'BAD_USER_INPUT', serviceName: 'feature-store' },
          },
        ],
      });
      const noZone = await stack.query(INCREMENTAL, { end: '2020-01-01T00:00:00' });
      expect(noZone.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    });

    it('wrong GraphQL types are rejected by the gateway itself', async () => {
      const badTarget = (await pushRows([ok], 'SIDEWAYS')) as GraphQLResponse;
      expect(badTarget.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(badTarget.errors?.[0]?.message).toMatch(
        /Value "SIDEWAYS" does not exist in "PushTarget" enum/,
      );
      const badEntities = await online({ service: 'vec', entities: [{ id: 1 }] });
      expect(badEntities.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      const read = await online({ features: ['vectors:v'], entities: ['bad'] });
      expect(read.data?.onlineFeatures.results[1]?.statuses).toEqual(['NOT_FOUND']);
    });
  });
});

describeEachBackend('feature-store via gateway, default project', (ctx) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack(ctx.storage, ctx.config);
  }, 60_000);
  afterAll(async () => stack?.close());

  it('answers NOT_FOUND before `fs apply`, then serves spamRepo', async () => {
    const before = await stack.query('{ featureServices { name } }');
    expect(before).toEqual({
      data: null,
      errors: [
        {
          message: 'project spamgraph has no registry yet: run `npx spamgraph fs apply`',
          path: ['featureServices'],
          extensions: { code: 'NOT_FOUND', serviceName: 'feature-store' },
        },
      ],
    });
    const applier = await FeatureStore.open({
      storage: ctx.storage,
      offlineRoot: FeatureStore.offlineRootOf(ctx.config.dataDir),
      definitions: spamRepo,
    });
    await applier.apply();
    const res = await stack.query(
      `{ featureServices { name description tags { key value } featureRefs }
         featureViews { name ttlSeconds tags { key value } fields { name dtype length } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.featureServices).toEqual([
      {
        name: 'labeled_sms_1',
        description: 'Features v1 with labels: training and serving of model V1.',
        tags: [{ key: 'model', value: 'v1' }],
        featureRefs: [
          'sms_features1:cap_r',
          'sms_features1:nal_r',
          'sms_features1:free',
          'sms_features1:money',
          'sms_features1:prize',
          'sms_features1:win',
          'sms_features1:won',
          'sms_features1:winner',
          'sms_features1:cash',
          'sms_labels:label',
        ],
      },
      {
        name: 'labeled_sms_2',
        description: 'Features v2 with labels: training and serving of models V2 and V3.',
        tags: [{ key: 'model', value: 'v2,v3' }],
        featureRefs: ['sms_features2:features', 'sms_labels:label'],
      },
      {
        name: 'labeled_sms_3',
        description: 'Features v3 with labels: training and serving of model V4.',
        tags: [{ key: 'model', value: 'v4' }],
        featureRefs: ['sms_features3:indices', 'sms_features3:values', 'sms_labels:label'],
      },
    ]);
    expect(res.data?.featureViews).toContainEqual({
      name: 'sms_features2',
      ttlSeconds: 315_360_000,
      tags: [
        { key: 'team', value: 'spam' },
        { key: 'model', value: 'v2,v3' },
      ],
      fields: [{ name: 'features', dtype: 'INT64_LIST', length: 30 }],
    });
  });
});
