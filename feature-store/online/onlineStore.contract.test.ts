/**
 * The online store's write counts and deletes, on each backend: what landed and what was
 * older, in-batch order, repeated repairs (Cassandra's generations), and a row stamped far in
 * the future written straight into storage.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeEachBackend } from '../../platform/testing/backends';
import { FeatureStore } from '../featureStore';
import type { FeatureRow } from '../offline/offlineStore';
import { at, testRepo, vectorView } from '../testing';
import { poisonOnlineRow } from '../testing/poison';

describeEachBackend('OnlineStore writes and deletes', (ctx) => {
  let root: string;
  let store: FeatureStore;
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'spamgraph-online-'));
    store = await FeatureStore.open({
      storage: ctx.storage,
      offlineRoot: root,
      definitions: { ...testRepo, project: 'online_contract' },
      registryTtlMs: 0,
    });
    await store.apply();
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const row = (key: string, hour: number, n = hour): FeatureRow => ({
    entityKey: key,
    eventTimestamp: at(`2020-01-01T${String(hour).padStart(2, '0')}:00:00`),
    values: { v: [n, n, n] },
  });
  const write = (...rows: FeatureRow[]) => store.online.write(vectorView, rows);
  const read = async (...keys: string[]) =>
    (await store.online.read(vectorView, keys)).map((r) => r && r.values.v);

  it('counts what landed and what was older, in the order given', async () => {
    expect(await write(row('a', 10), row('b', 10))).toEqual({
      written: 2,
      older: 0,
      olderKeys: [],
    });
    // a@9 is older than a@10; a@11 lands; a@10 is then older than a@11; b@10 ties: written.
    expect(await write(row('a', 9), row('a', 11), row('a', 10), row('b', 10, 7))).toEqual({
      written: 2,
      older: 2,
      olderKeys: ['a'],
    });
    expect(await read('a', 'b', 'c')).toEqual([[11, 11, 11], [7, 7, 7], null]);
  });

  it('deletes rows, after which any event time lands again — as often as needed', async () => {
    await write(row('d', 20));
    expect(await store.online.delete(vectorView, ['d', 'nobody', 'd'])).toEqual(['d']);
    expect(await store.online.delete(vectorView, ['d'])).toEqual([]); // already gone
    expect(await read('d')).toEqual([null]);
    expect(await write(row('d', 1))).toEqual({ written: 1, older: 0, olderKeys: [] });
    expect(await read('d')).toEqual([[1, 1, 1]]);
    for (let round = 0; round < 3; round++) {
      expect(await store.online.delete(vectorView, ['d'])).toEqual(['d']);
      expect(await write(row('d', 5), row('d', 3))).toEqual({
        written: 1,
        older: 1,
        olderKeys: ['d'],
      });
      expect(await read('d')).toEqual([[5, 5, 5]]);
    }
  });

  it('repairs a row written straight into storage with a far-future time', async () => {
    await poisonOnlineRow(ctx.storage, 'vectors', 'p', { v: [6, 6, 6] }, at('9999-12-31'));
    expect(await write(row('p', 12))).toEqual({ written: 0, older: 1, olderKeys: ['p'] });
    expect(await read('p')).toEqual([[6, 6, 6]]);
    expect(await store.online.delete(vectorView, ['p'])).toEqual(['p']);
    expect(await write(row('p', 12))).toEqual({ written: 1, older: 0, olderKeys: [] });
    expect(await read('p')).toEqual([[12, 12, 12]]);
  });

  it('refuses, on Cassandra, an event time its write timestamps cannot hold', async () => {
    const late = { ...row('late', 1), eventTimestamp: at('2600-01-01') };
    if (ctx.backend === 'cassandra') {
      await expect(write(late)).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        message: 'event time 2600-01-01T00:00:00.000Z cannot be stored online (1970 … 2540 only)',
      });
      expect(await read('late')).toEqual([null]);
    } else {
      expect(await write(late)).toEqual({ written: 1, older: 0, olderKeys: [] });
    }
  });
});
