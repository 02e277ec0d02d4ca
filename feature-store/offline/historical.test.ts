import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { at, labelView, scoreView, testEntity, vectorView } from '../testing';
import { getHistoricalFeatures } from './historical';
import { OfflineStore } from './offlineStore';

describe('point-in-time historical retrieval', () => {
  let root: string;
  let offline: OfflineStore;
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'spamgraph-offline-'));
    offline = new OfflineStore(root);
    await offline.append(scoreView, testEntity, [
      {
        entityKey: 'a',
        eventTimestamp: at('2020-01-01T10:00:00'),
        values: { score: 0.1, count: 1 },
      },
      {
        entityKey: 'a',
        eventTimestamp: at('2020-01-01T12:00:00'),
        values: { score: 0.2, count: 2 },
      },
      {
        entityKey: 'b',
        eventTimestamp: at('2020-01-01T12:00:00'),
        created: at('2020-01-02'),
        values: { score: 0.9, count: 9 },
      },
      {
        entityKey: 'b',
        eventTimestamp: at('2020-01-01T12:00:00'),
        created: at('2020-01-03'),
        values: { score: 0.8, count: 8 },
      },
    ]);
    await offline.append(labelView, testEntity, [
      { entityKey: 'a', eventTimestamp: at('2019-01-01'), values: { label: 1 } },
    ]);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const refs = [
    { view: scoreView, features: ['score', 'count'] },
    { view: labelView, features: ['label'] },
  ];
  const run = (rows: [string, string][]) =>
    getHistoricalFeatures(
      offline,
      testEntity,
      rows.map(([k, t]) => ({ entityKey: k, eventTimestamp: at(t) })),
      refs,
    ).then((r) => r.rows.map((x) => [x.entityKey, x.values]));

  it('before the first row: nulls, row kept', async () => {
    expect(await run([['a', '2020-01-01T09:59:59']])).toEqual([
      ['a', { score: null, count: null, label: 1 }],
    ]);
  });

  it('exactly at the event time: that row', async () => {
    expect(await run([['a', '2020-01-01T10:00:00']])).toEqual([
      ['a', { score: 0.1, count: 1, label: 1 }],
    ]);
  });

  it('between two rows: the earlier; after both: the later', async () => {
    expect(
      await run([
        ['a', '2020-01-01T10:30:00'],
        ['a', '2020-01-01T12:30:00'],
      ]),
    ).toEqual([
      ['a', { score: 0.1, count: 1, label: 1 }],
      ['a', { score: 0.2, count: 2, label: 1 }],
    ]);
  });

  it('outside the ttl (1 h): null, while a ttl-0 view still answers', async () => {
    expect(
      await run([
        ['a', '2020-01-01T13:00:00'],
        ['a', '2020-01-01T13:00:01'],
      ]),
    ).toEqual([
      ['a', { score: 0.2, count: 2, label: 1 }],
      ['a', { score: null, count: null, label: 1 }],
    ]);
  });

  it('ties on event time: the row created last wins', async () => {
    expect(await run([['b', '2020-01-01T12:00:00']])).toEqual([
      ['b', { score: 0.8, count: 8, label: null }],
    ]);
  });

  it('unknown entities are kept with nulls, in input order, duplicates allowed', async () => {
    expect(
      await run([
        ['zz', '2021-01-01'],
        ['a', '2020-01-01T12:00:00'],
        ['zz', '2021-01-01'],
      ]),
    ).toEqual([
      ['zz', { score: null, count: null, label: null }],
      ['a', { score: 0.2, count: 2, label: 1 }],
      ['zz', { score: null, count: null, label: null }],
    ]);
  });

  it('full feature names prefix the view; a view with no data gives nulls', async () => {
    const r = await getHistoricalFeatures(
      offline,
      testEntity,
      [{ entityKey: 'a', eventTimestamp: at('2020-06-01') }],
      [
        { view: labelView, features: ['label'] },
        { view: vectorView, features: ['v'] },
      ],
      { fullFeatureNames: true },
    );
    expect(r.featureColumns).toEqual(['labels__label', 'vectors__v']);
    expect(r.rows[0]!.values).toEqual({ labels__label: 1, vectors__v: null });
  });

  it('reads list features back as numbers', async () => {
    await offline.append(vectorView, testEntity, [
      { entityKey: 'a', eventTimestamp: at('2020-01-01'), values: { v: [1, 2, 3] } },
    ]);
    const r = await getHistoricalFeatures(
      offline,
      testEntity,
      [{ entityKey: 'a', eventTimestamp: at('2020-02-01') }],
      [{ view: vectorView, features: ['v'] }],
    );
    expect(r.rows[0]!.values).toEqual({ v: [1, 2, 3] });
  });

  it('latestPerEntity picks the newest row in [start, end] per entity', async () => {
    const rows = await offline.latestPerEntity(
      scoreView,
      testEntity,
      at('2020-01-01T00:00:00'),
      at('2020-01-01T11:00:00'),
    );
    expect(rows.map((r) => [r.entityKey, r.values])).toEqual([['a', { score: 0.1, count: 1 }]]);
    const all = await offline.latestPerEntity(
      scoreView,
      testEntity,
      at('2019-01-01'),
      at('2021-01-01'),
    );
    expect(all.map((r) => [r.entityKey, r.values]).sort()).toEqual([
      ['a', { score: 0.2, count: 2 }],
      ['b', { score: 0.8, count: 8 }],
    ]);
  });
});
