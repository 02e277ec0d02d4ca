/**
 * Feature integrity (issue 10), replayed against the real gateway and the Feast REST server on
 * each backend: a write must be declared as JSON, event times are strict and at most the skew
 * ahead, entity keys are clean ids, answers say what landed, and an admin can repair a
 * future-stamped row. Every refusal is checked twice: its coded error, and storage unchanged.
 */
import { at, testRepo } from '../../feature-store/testing';
import { onlineKeys, poisonOnlineRow } from '../../feature-store/testing/poison';
import {
  openTestFeatureStore,
  TEST_NOW,
  type TestFeatureStore,
} from '../../feature-store/testing/testFeatureStore';
import { describeEachBackend } from '../../platform/testing/backends';
import { bearer, startTestStack, type TestStack } from '../testing/stack';
import { parseRestError } from './rest/errors';

const PUSH = `mutation Push($rows: JSON!, $to: PushTarget) {
  pushFeatures(pushSource: "vec_push", rows: $rows, to: $to) {
    pushSource featureViews rows to written older offlineRows
  }
}`;
const ONLINE = `query Online($entities: [ID!]!) {
  onlineFeatures(features: ["vectors:v"], entities: $entities) { results { values statuses } }
}`;
const MATERIALIZE = `mutation M($start: DateTime!, $end: DateTime!) {
  materialize(start: $start, end: $end, featureViews: ["scores"]) { rows written older }
}`;

const vectorSource = testRepo.featureViews.find((v) => v.name === 'vectors')!.source;
const vectorBatch = vectorSource.kind === 'push_source' ? vectorSource.batchSource : undefined;
/** TEST_NOW + `seconds`, as pushed. */
const inSeconds = (seconds: number) => new Date(TEST_NOW.getTime() + seconds * 1000).toISOString();
const row = (msg_id: string, event_timestamp: unknown, v = [1, 2, 3]) => ({
  msg_id,
  event_timestamp,
  v,
});
const refused = (message: string, extra: Record<string, unknown> = {}) => ({
  data: null,
  errors: [
    {
      message,
      path: ['pushFeatures'],
      extensions: { code: 'BAD_USER_INPUT', serviceName: 'feature-store', ...extra },
    },
  ],
});
const pushed = (n: { rows: number; written: number; older: number; offlineRows?: number }) => ({
  data: {
    pushFeatures: {
      pushSource: 'vec_push',
      featureViews: ['vectors'],
      to: 'ONLINE_AND_OFFLINE',
      offlineRows: n.rows,
      ...n,
    },
  },
});

describeEachBackend('feature integrity (security)', (ctx) => {
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

  const push = (rows: unknown, to?: string) => stack.query(PUSH, { rows, to });
  /** What storage holds: online keys of `vectors`, its offline parts, the registry's windows. */
  const snapshot = async () => ({
    online: await onlineKeys(ctx.storage, 'vectors'),
    parts: t.parts(vectorBatch!).length,
    windows: await t.store.registry.intervals('test', 'scores'),
  });
  /** The online `v` of `keys` through the gateway (values, NOT_FOUND as null). */
  const online = async (...keys: string[]) =>
    (
      await stack.query<{ onlineFeatures: { results: { values: unknown[] }[] } }>(ONLINE, {
        entities: keys,
      })
    ).data?.onlineFeatures.results[1]?.values;
  /** A REST call as an admin (its writes need one) with exactly these other headers. */
  const rest = async (path: string, body: unknown, headers: Record<string, string>) => {
    const res = await fetch(`${stack.featureServerUrl}${path}`, {
      method: 'POST',
      headers: { ...bearer(stack.keys.admin), ...headers },
      // Bytes, so fetch adds no content type of its own.
      body: new TextEncoder().encode(JSON.stringify(body)),
    });
    const json = (await res.json()) as unknown;
    if (res.status < 400) return { status: res.status, body: json };
    const d = parseRestError(json);
    return { status: res.status, body: { error: { code: d.code, message: d.message } } };
  };
  const df = (key: string, ts: unknown) => ({
    push_source_name: 'vec_push',
    df: { msg_id: [key], event_timestamp: [ts], v: [[1, 2, 3]] },
    to: 'online_and_offline',
  });

  describe('Feast REST reads JSON only', () => {
    it.each([
      [
        'text/plain from a foreign origin (a cross-site form)',
        'text/plain',
        'content type "text/plain"',
      ],
      ['text/plain with a charset', 'text/plain;charset=UTF-8', 'content type "text/plain"'],
      [
        'a urlencoded form',
        'application/x-www-form-urlencoded',
        'content type "application/x-www-form-urlencoded"',
      ],
      ['a multipart form', 'multipart/form-data; boundary=x', 'content type "multipart/form-data"'],
      ['no content type', undefined, 'no content type'],
      ['JSON in latin1', 'application/json; charset=latin1', 'charset "latin1" (JSON is UTF-8)'],
      ['JSON in UTF-16', 'application/json;charset="utf-16"', 'charset "utf-16" (JSON is UTF-8)'],
      ['text/json', 'text/json', 'content type "text/json"'],
      [
        'a JSON suffix type',
        'application/merge-patch+json',
        'content type "application/merge-patch+json"',
      ],
    ])('/push with %s → 415, nothing written', async (_name, type, problem) => {
      const before = await snapshot();
      const headers: Record<string, string> = { origin: 'https://evil.example' };
      if (type) headers['content-type'] = type;
      expect(await rest('/push', df('ct', inSeconds(-60)), headers)).toEqual({
        status: 415,
        body: {
          error: {
            code: 'UNSUPPORTED_MEDIA_TYPE',
            message: `POST /push takes a JSON body: send Content-Type: application/json (got ${problem})`,
          },
        },
      });
      expect(await snapshot()).toEqual(before);
      expect(await online('ct')).toEqual([null]);
    });

    it.each(['/get-online-features', '/materialize', '/materialize-incremental'])(
      '%s as text/plain → 415, nothing done',
      async (path) => {
        const before = await snapshot();
        const body = { start_ts: '2019-01-01', end_ts: '2020-01-01', features: ['vectors:v'] };
        expect(await rest(path, body, { 'content-type': 'text/plain' })).toEqual({
          status: 415,
          body: {
            error: {
              code: 'UNSUPPORTED_MEDIA_TYPE',
              message: `POST ${path} takes a JSON body: send Content-Type: application/json (got content type "text/plain")`,
            },
          },
        });
        expect(await snapshot()).toEqual(before);
      },
    );

    it.each([
      ['application/json', 'j1'],
      ['application/json; charset=utf-8', 'j2'],
      ['Application/JSON; Charset="UTF-8"', 'j3'],
    ])('accepts %s (what Feast’s SDK sends)', async (type, key) => {
      expect(await rest('/push', df(key, inSeconds(-60)), { 'content-type': type })).toEqual({
        status: 200,
        body: {
          push_source_name: 'vec_push',
          feature_views: ['vectors'],
          rows: 1,
          to: 'online_and_offline',
          written: 1,
          older: 0,
          offline_rows: 1,
        },
      });
      expect(await online(key)).toEqual([[1, 2, 3]]);
    });
  });

  describe('event times: at most 5 minutes ahead, strict RFC 3339', () => {
    it.each([
      ['299 s ahead', inSeconds(299)],
      ['exactly 300 s ahead', inSeconds(300)],
      ['in the past, as epoch ms', TEST_NOW.getTime() - 1],
    ])('accepts a row %s', async (name, ts) => {
      const key = `ok-${name}`;
      expect(await push([row(key, ts)])).toEqual(pushed({ rows: 1, written: 1, older: 0 }));
      expect(await online(key)).toEqual([[1, 2, 3]]);
    });

    it.each([
      ['301 s ahead', inSeconds(301), '2020-01-01T12:05:01.000Z is 301 s in the future'],
      ['10 minutes ahead', inSeconds(600), '2020-01-01T12:10:00.000Z is 600 s in the future'],
      ['an hour ahead', inSeconds(3600), '2020-01-01T13:00:00.000Z is 3600 s in the future'],
      [
        'at 9999-12-31',
        '9999-12-31T00:00:00Z',
        '9999-12-31T00:00:00.000Z is 251824334400 s in the future',
      ],
      [
        'an hour ahead as epoch ms',
        TEST_NOW.getTime() + 3_600_000,
        '2020-01-01T13:00:00.000Z is 3600 s in the future',
      ],
    ])('refuses a push with one row %s: nothing written', async (_name, ts, what) => {
      const before = await snapshot();
      expect(await push([row('fine', inSeconds(-60)), row('future', ts)])).toEqual(
        refused(
          `rows[1].event_timestamp: ${what} (now 2020-01-01T12:00:00.000Z); event times may be at most 300 s ahead`,
          { row: 1 },
        ),
      );
      expect(await rest('/push', df('future', ts), { 'content-type': 'application/json' })).toEqual(
        {
          status: 400,
          body: {
            error: {
              code: 'BAD_USER_INPUT',
              message: `rows[0].event_timestamp: ${what} (now 2020-01-01T12:00:00.000Z); event times may be at most 300 s ahead`,
            },
          },
        },
      );
      expect(await snapshot()).toEqual(before);
      expect(await online('fine', 'future')).toEqual([null, null]);
    });

    it('refuses a created time in the future too', async () => {
      const before = await snapshot();
      expect(await push([{ ...row('c1', inSeconds(-60)), created: inSeconds(900) }])).toEqual(
        refused(
          'rows[0].created: 2020-01-01T12:15:00.000Z is 900 s in the future (now 2020-01-01T12:00:00.000Z); event times may be at most 300 s ahead',
          { row: 0 },
        ),
      );
      expect(await snapshot()).toEqual(before);
    });

    const outside = (v: string) =>
      `"${v}" is outside 1970-01-01T00:00:00Z … 9999-12-31T23:59:59.999Z`;
    it.each([
      ['0049-06-01', outside('0049-06-01')],
      ['0049-06-01 00:00Z', outside('0049-06-01 00:00Z')],
      ['1969-12-31T23:59:59Z', outside('1969-12-31T23:59:59Z')],
      [
        '2021-02-30T00:00:00Z',
        '"2021-02-30T00:00:00Z" is not a real date-time: day 30 of 2021-02 does not exist',
      ],
      ['2019-02-29', '"2019-02-29" is not a real date-time: day 29 of 2019-02 does not exist'],
      [
        '2016-12-31T23:59:60Z',
        '"2016-12-31T23:59:60Z" is not a real date-time: leap seconds (:60) are not supported',
      ],
      [
        '2019-01-01T24:00:00Z',
        '"2019-01-01T24:00:00Z" is not a real date-time: hour 24 does not exist',
      ],
      ['2019-01-01T00:00:00+24:00', '"2019-01-01T00:00:00+24:00" has an impossible UTC offset'],
      [
        '-000001-01-01T00:00:00Z',
        'cannot parse timestamp "-000001-01-01T00:00:00Z" (ISO-8601 or epoch ms)',
      ],
      [
        '+002019-01-01T00:00:00Z',
        'cannot parse timestamp "+002019-01-01T00:00:00Z" (ISO-8601 or epoch ms)',
      ],
      ['next tuesday', 'cannot parse timestamp "next tuesday" (ISO-8601 or epoch ms)'],
    ])('refuses the event time %j: nothing written', async (ts, why) => {
      const before = await snapshot();
      expect(await push([row('strict', ts)])).toEqual(refused(`rows[0].event_timestamp: ${why}`));
      expect(await snapshot()).toEqual(before);
    });

    it('materialize refuses impossible dates in GraphQL and REST: nothing recorded', async () => {
      const before = await snapshot();
      const gql = await stack.query(MATERIALIZE, {
        start: '2021-02-30T00:00:00Z',
        end: '2021-03-31T00:00:00Z',
      });
      expect(gql.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
        [
          'Variable "$start" got invalid value "2021-02-30T00:00:00Z"; DateTime "2021-02-30T00:00:00Z" is not a real date-time: day 30 of 2021-02 does not exist',
          'BAD_USER_INPUT',
        ],
      ]);
      const body = { start_ts: '0049-06-01', end_ts: '2020-01-01', feature_views: ['scores'] };
      expect(await rest('/materialize', body, { 'content-type': 'application/json' })).toEqual({
        status: 400,
        body: { error: { code: 'BAD_USER_INPUT', message: `start_ts: ${outside('0049-06-01')}` } },
      });
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('entity keys are clean ids', () => {
    it.each([
      [
        'a zero-width space',
        'ab\u200bc',
        'must not contain invisible, formatting or separator characters (U+200B)',
      ],
      [
        'an RTL override',
        '\u202ecba',
        'must not contain invisible, formatting or separator characters (U+202E)',
      ],
      [
        'a line separator',
        'a\u2028b',
        'must not contain invisible, formatting or separator characters (U+2028)',
      ],
      [
        'a lone high surrogate',
        'a\ud83d',
        'must be well-formed Unicode (it holds a lone surrogate)',
      ],
      [
        'a lone low surrogate',
        '\ude00a',
        'must be well-formed Unicode (it holds a lone surrogate)',
      ],
      [
        'NFD',
        'caf\u0065\u0301',
        'must be in Unicode normalization form NFC (e.g. é as one code point, not e + ◌́)',
      ],
      ['a trailing space', 'abc ', 'must not start or end with a space'],
    ])('refuses a key with %s in a push and a read: nothing written', async (_name, key, why) => {
      const before = await snapshot();
      expect(await push([row(key, inSeconds(-60))])).toEqual(
        refused(`rows[0].msg_id ${why}`, { row: 0 }),
      );
      const read = await stack.query(ONLINE, { entities: [key] });
      expect(read.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
        [`entity key ${JSON.stringify(key)} ${why}`, 'BAD_USER_INPUT'],
      ]);
      expect(await snapshot()).toEqual(before);
    });

    it('the NFC spelling is an ordinary key', async () => {
      expect(await push([row('caf\u00e9', inSeconds(-60))])).toEqual(
        pushed({ rows: 1, written: 1, older: 0 }),
      );
      expect(await online('caf\u00e9')).toEqual([[1, 2, 3]]);
    });
  });

  describe('answers say what landed; an admin repairs a future-stamped row', () => {
    it('a row stamped at the allowed limit wins, genuine pushes say older, delete repairs', async () => {
      expect(await push([row('poisoned', inSeconds(300), [9, 9, 9])])).toEqual(
        pushed({ rows: 1, written: 1, older: 0 }),
      );
      // As an attacker could have stored it before event times were bounded.
      await poisonOnlineRow(ctx.storage, 'vectors', 'ancient', { v: [6, 6, 6] }, at('9999-12-31'));
      const genuine = [
        row('poisoned', inSeconds(-600), [1, 1, 1]),
        row('ancient', inSeconds(-600), [2, 2, 2]),
      ];
      expect(await push(genuine)).toEqual(pushed({ rows: 2, written: 0, older: 2 }));
      expect(
        await rest('/push', df('poisoned', inSeconds(-1)), { 'content-type': 'application/json' }),
      ).toMatchObject({ status: 200, body: { rows: 1, written: 0, older: 1, offline_rows: 1 } });
      expect(await online('poisoned', 'ancient')).toEqual([
        [9, 9, 9],
        [6, 6, 6],
      ]);

      expect(await t.store.deleteOnline('vectors', ['poisoned', 'ancient', 'nobody'])).toEqual({
        view: 'vectors',
        deleted: ['poisoned', 'ancient'],
        notFound: ['nobody'],
      });
      expect(await online('poisoned', 'ancient')).toEqual([null, null]);
      expect(await push(genuine)).toEqual(pushed({ rows: 2, written: 2, older: 0 }));
      expect(await online('poisoned', 'ancient')).toEqual([
        [1, 1, 1],
        [2, 2, 2],
      ]);
      // Newest event wins again: an older row stays out, a newer one lands.
      expect(await push([row('ancient', inSeconds(-900), [3, 3, 3])])).toEqual(
        pushed({ rows: 1, written: 0, older: 1 }),
      );
      expect(await push([row('ancient', inSeconds(-300), [4, 4, 4])])).toEqual(
        pushed({ rows: 1, written: 1, older: 0 }),
      );
      expect(await online('ancient')).toEqual([[4, 4, 4]]);
    });

    it('deleteOnline refuses bad input and deletes nothing', async () => {
      await push([row('stays', inSeconds(-60))]);
      const before = await snapshot();
      await expect(t.store.deleteOnline('nope', ['stays'])).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: 'unknown feature view "nope"; known: scores, labels, vectors',
      });
      await expect(t.store.deleteOnline('vectors', ['stays', 'a\u2028b'])).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        message:
          'entity key "a\u2028b" must not contain invisible, formatting or separator characters (U+2028)',
      });
      await expect(t.store.deleteOnline('vectors', [])).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        message: 'entities must not be empty',
      });
      expect(await snapshot()).toEqual(before);
      expect(await online('stays')).toEqual([[1, 2, 3]]);
    });
  });
});
