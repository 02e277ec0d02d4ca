/** The feature store end to end on real storage, once per backend, with the small test repo. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeEachBackend } from '../platform/testing/backends';
import { FeatureStore } from './featureStore';
import { at, testRepo } from './testing';
import type { FeatureRepo } from './types';

describeEachBackend('FeatureStore', (ctx) => {
  let root: string;
  let clock: Date;
  const open = (definitions: FeatureRepo = testRepo) =>
    FeatureStore.open({
      storage: ctx.storage,
      offlineRoot: root,
      definitions,
      registryTtlMs: 0,
      now: () => clock,
    });

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'spamgraph-fs-'));
    clock = at('2020-01-01T12:00:00');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('refuses to serve before apply, with a hint', async () => {
    const store = await open();
    await expect(
      store.getOnlineFeatures({ featureService: 'scored', entities: ['a'] }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'project test has no registry yet: run `npx spamgraph fs apply`',
    });
  });

  it('plans and applies: everything added, then unchanged', async () => {
    const store = await open();
    const first = await store.apply();
    expect(first.added.map((i) => `${i.kind}:${i.name}`)).toEqual([
      'entity:msg',
      'feature_view:scores',
      'feature_view:labels',
      'feature_view:vectors',
      'feature_service:scored',
      'feature_service:vec',
    ]);
    expect(first.onlineTablesCreated).toEqual(['scores', 'labels', 'vectors']);
    const again = await store.plan();
    expect([again.added, again.changed, again.removed]).toEqual([[], [], []]);
    expect(again.unchanged).toHaveLength(6);
  });

  it('pushes online: a newer event replaces, an older one does not', async () => {
    const store = await open();
    const row = (v: number[], t: string) => ({ msg_id: 'm1', event_timestamp: t, v });
    await store.push('vec_push', [row([1, 1, 1], '2020-01-01T10:00:00Z')], 'online');
    await store.push('vec_push', [row([2, 2, 2], '2020-01-01T11:00:00Z')], 'online');
    await store.push('vec_push', [row([0, 0, 0], '2020-01-01T09:00:00Z')], 'online'); // late, older
    const r = await store.getOnlineFeatures({ featureService: 'vec', entities: ['m1', 'nobody'] });
    expect(r.featureNames).toEqual(['msg_id', 'v']);
    expect(r.columns[1]).toEqual({
      dtype: 'int64_list',
      values: [[2, 2, 2], null],
      statuses: ['PRESENT', 'NOT_FOUND'],
      eventTimestamps: [at('2020-01-01T11:00:00'), null],
    });
    expect(r.columns[0]!.values).toEqual(['m1', 'nobody']);
  });

  it('keeps pushed rows offline too, and concurrent offline pushes lose nothing', async () => {
    const store = await open();
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        store.push(
          'vec_push',
          [{ msg_id: `c${i}`, event_timestamp: '2020-01-01T00:00:00Z', v: [i, i, i] }],
          'offline',
        ),
      ),
    );
    const h = await store.getHistoricalFeatures({
      features: ['vectors:v'],
      entityRows: Array.from({ length: 8 }, (_, i) => ({
        entityKey: `c${i}`,
        eventTimestamp: at('2020-06-01'),
      })),
    });
    expect(h.rows.map((r) => r.values.v)).toEqual(Array.from({ length: 8 }, (_, i) => [i, i, i]));
    // offline only: not online
    const online = await store.getOnlineFeatures({ features: ['vectors:v'], entities: ['c0'] });
    expect(online.columns[1]!.statuses).toEqual(['NOT_FOUND']);
  });

  it('keeps int64 beyond 2^53 exact online, offline and through materialization', async () => {
    const store = await open();
    const big = [9007199254740993n, -9223372036854775808n, 9223372036854775807n];
    // As JSON readers give them: bigints beyond 2^53, or strings of digits (GraphQL clients).
    const rows = [
      { msg_id: 'big1', event_timestamp: '2020-01-01T00:00:00Z', v: big },
      { msg_id: 'big2', event_timestamp: '2020-01-01T00:00:00Z', v: ['9007199254740995', '1', 7n] },
    ];
    await store.push('vec_push', rows, 'online_and_offline');
    const online = await store.getOnlineFeatures({
      features: ['vectors:v'],
      entities: ['big1', 'big2'],
    });
    expect(online.columns[1]!.values).toEqual([big, [9007199254740995n, 1, 7]]);
    const h = await store.getHistoricalFeatures({
      features: ['vectors:v'],
      entityRows: ['big1', 'big2'].map((entityKey) => ({
        entityKey,
        eventTimestamp: at('2020-06-01'),
      })),
    });
    expect(h.rows.map((r) => r.values.v)).toEqual([big, [9007199254740995n, 1, 7]]);
    // Materialized from the offline copy into an emptied online table: still exact.
    await store.deleteOnline('vectors', ['big1', 'big2']);
    await store.materialize(at('2019-12-31'), at('2020-01-02'), ['vectors']);
    const again = await store.getOnlineFeatures({ features: ['vectors:v'], entities: ['big1'] });
    expect(again.columns[1]!.values).toEqual([big]);
  });

  it('materializes a window, remembers it, and continues incrementally', async () => {
    const store = await open();
    const { offline } = store;
    const entity = testRepo.entities[0]!;
    const [scores, labels] = testRepo.featureViews;
    await offline.append(scores!, entity, [
      {
        entityKey: 'a',
        eventTimestamp: at('2020-01-01T11:30:00'),
        values: { score: 0.5, count: 5 },
      },
      {
        entityKey: 'b',
        eventTimestamp: at('2020-01-01T10:00:00'),
        values: { score: null, count: 1 },
      },
      {
        entityKey: 'c',
        eventTimestamp: at('2020-01-03T00:00:00'),
        values: { score: 0.7, count: 7 },
      },
    ]);
    await offline.append(labels!, entity, [
      { entityKey: 'a', eventTimestamp: at('2019-01-01'), values: { label: 1 } },
    ]);
    const progress: string[] = [];
    const r = await store.materialize(
      at('2019-01-01'),
      at('2020-01-02'),
      ['scores', 'labels'],
      (v, d, t) => progress.push(`${v} ${d}/${t}`),
    );
    expect(r.views.map((v) => [v.view, v.rows])).toEqual([
      ['scores', 2],
      ['labels', 1],
    ]);
    // Views run concurrently: one progress for both, from when both know their row counts.
    expect(progress.at(-1)).toBe('2 views 3/3');
    const done = progress.map((l) => Number(/^2 views (\d+)\/3$/.exec(l)?.[1]));
    expect(done.every((n, i) => Number.isInteger(n) && n >= (done[i - 1] ?? 0))).toBe(true);
    const online = await store.getOnlineFeatures({
      featureService: 'scored',
      entities: ['a', 'b', 'c'],
      fullFeatureNames: true,
    });
    expect(online.featureNames).toEqual([
      'msg_id',
      'scores__score',
      'scores__count',
      'labels__label',
    ]);
    // a: fresh; b: older than the 1 h ttl at 12:00 → OUTSIDE_MAX_AGE; c: after the window
    expect(online.columns[1]!.statuses).toEqual(['PRESENT', 'OUTSIDE_MAX_AGE', 'NOT_FOUND']);
    expect(online.columns[1]!.values).toEqual([0.5, null, null]);
    expect(online.columns[3]!.statuses).toEqual(['PRESENT', 'NOT_FOUND', 'NOT_FOUND']);
    // b's score is null but within ttl later: NULL_VALUE
    clock = at('2020-01-01T10:30:00');
    const nullRead = await store.getOnlineFeatures({ features: ['scores:score'], entities: ['b'] });
    expect(nullRead.columns[1]!.statuses).toEqual(['NULL_VALUE']);
    clock = at('2020-01-03T00:30:00');

    const inc = await store.materializeIncremental(at('2020-01-04'), ['scores']);
    expect(inc.views.map((v) => [v.view, v.start, v.end, v.rows])).toEqual([
      ['scores', at('2020-01-02'), at('2020-01-04'), 1],
    ]);
    expect((await store.registry.intervals('test', 'scores')).map((i) => [i.start, i.end])).toEqual(
      [
        [at('2020-01-02'), at('2020-01-04')],
        [at('2019-01-01'), at('2020-01-02')],
      ],
    );
    const again = await store.materializeIncremental(at('2020-01-04'), ['scores']);
    expect(again.views).toEqual([]);
    const c = await store.getOnlineFeatures({ features: ['scores:score'], entities: ['c'] });
    expect(c.columns[1]!.values).toEqual([0.7]);
  });

  it('rejects bad input with BAD_USER_INPUT and writes nothing', async () => {
    const store = await open();
    const bad = async (p: Promise<unknown>, message: RegExp, code = 'BAD_USER_INPUT') => {
      await expect(p).rejects.toMatchObject({ code });
      await expect(p).rejects.toThrow(message);
    };
    const missing = (p: Promise<unknown>, message: RegExp) => bad(p, message, 'NOT_FOUND');
    const ok = { msg_id: 'bad1', event_timestamp: '2020-01-01T00:00:00Z', v: [1, 2, 3] };
    await missing(
      store.push('nope', [ok], 'online'),
      /unknown push source "nope"; known: vec_push/,
    );
    await bad(
      store.push('vec_push', [ok, { ...ok, v: [1, 2] }], 'online'),
      /rows\[1\]\.v: expected a list of 3 64-bit integers, got a list of length 2/,
    );
    await bad(
      store.push('vec_push', [{ ...ok, v: [1, 2.5, 3] }], 'online'),
      /rows\[0\]\.v: item 1: expected a 64-bit integer, got 2.5/,
    );
    await bad(
      store.push('vec_push', [{ ...ok, v: [1, 2 ** 60, 3] }], 'online'),
      /item 1: expected a 64-bit integer, 1152921504606847000 cannot be held exactly/,
    );
    await bad(
      store.push('vec_push', [{ ...ok, v: [1, 2n ** 63n, 3] }], 'online'),
      /item 1: expected a 64-bit integer, 9223372036854775808 is outside the 64-bit range/,
    );
    await bad(
      store.push('vec_push', [{ ...ok, v: 'x' }], 'online'),
      /rows\[0\]\.v: expected a list of 3 64-bit integers, got "x"/,
    );
    await bad(
      store.push('vec_push', [{ ...ok, event_timestamp: 'yesterday' }], 'online'),
      /cannot parse timestamp "yesterday"/,
    );
    await bad(store.push('vec_push', [{ ...ok, extra: 1 }], 'online'), /unknown column\(s\) extra/);
    await bad(
      store.push('vec_push', [{ ...ok, msg_id: '' }], 'online'),
      /msg_id: expected a 1–128 character string/,
    );
    await bad(store.push('vec_push', [], 'online'), /rows must be a non-empty list/);
    await bad(
      store.push('vec_push', [ok], 'sideways' as never),
      /to must be online, offline or online_and_offline/,
    );
    const read = await store.getOnlineFeatures({ features: ['vectors:v'], entities: ['bad1'] });
    expect(read.columns[1]!.statuses).toEqual(['NOT_FOUND']);
    await missing(
      store.getOnlineFeatures({ featureService: 'nope', entities: ['a'] }),
      /unknown feature service "nope"; known: scored, vec/,
    );
    await bad(
      store.getOnlineFeatures({ features: ['scores:nope'], entities: ['a'] }),
      /feature view scores has no feature "nope"/,
    );
    await missing(
      store.getOnlineFeatures({ features: ['zzz:score'], entities: ['a'] }),
      /unknown feature view "zzz"/,
    );
    await bad(
      store.getOnlineFeatures({ features: ['scores'], entities: ['a'] }),
      /must look like view:feature/,
    );
    await bad(
      store.getOnlineFeatures({
        features: ['scores:score'],
        featureService: 'scored',
        entities: ['a'],
      }),
      /exactly one/,
    );
    await bad(
      store.getOnlineFeatures({ features: ['scores:score'], entities: [] }),
      /entities must not be empty/,
    );
    await bad(
      store.getOnlineFeatures({ features: ['scores:score'], entities: Array(1001).fill('x') }),
      /at most 1000 entities/,
    );
    await bad(store.materialize(at('2020-01-02'), at('2020-01-01')), /must be before end/);
    await missing(
      store.materialize(at('2020-01-01'), at('2020-01-02'), ['zzz']),
      /unknown feature view "zzz"/,
    );
  });

  it('apply of definitions without a view drops its online table and reports it', async () => {
    const store = await open({
      ...testRepo,
      featureViews: testRepo.featureViews.filter((v) => v.name !== 'vectors'),
      featureServices: testRepo.featureServices.filter((s) => s.name !== 'vec'),
    });
    const plan = await store.plan();
    expect(plan.removed.map((i) => `${i.kind}:${i.name}`)).toEqual([
      'feature_view:vectors',
      'feature_service:vec',
    ]);
    const applied = await store.apply();
    expect(applied.onlineTablesDropped).toEqual(['vectors']);
    await expect(
      store.getOnlineFeatures({ features: ['vectors:v'], entities: ['m1'] }),
    ).rejects.toThrow(/unknown feature view "vectors"/);
    // re-adding it recreates an empty table
    const back = await open();
    const p2 = await back.apply();
    expect(p2.added.map((i) => i.name)).toEqual(['vectors', 'vec']);
    const r = await back.getOnlineFeatures({ features: ['vectors:v'], entities: ['m1'] });
    expect(r.columns[1]!.statuses).toEqual(['NOT_FOUND']);
  });
});
