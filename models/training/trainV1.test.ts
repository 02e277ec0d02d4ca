import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EntityRow, HistoricalResult, FeatureValue } from '../../feature-store';
import { FEATURES_V1_NAMES } from '../features';
import { loadV1Classifier } from '../classifiers/v1';
import { trainV1 } from './trainV1';
import type { HistoricalSource } from './types';

type Values = Record<string, FeatureValue>;

/** A feature store that answers from a table, and records what it was asked. */
function fakeStore(table: Map<string, Values>) {
  const calls: { featureService?: string | null; entityRows: EntityRow[] }[] = [];
  const store: HistoricalSource = {
    getHistoricalFeatures: (sel) => {
      calls.push({ featureService: sel.featureService, entityRows: sel.entityRows });
      const result: HistoricalResult = {
        featureColumns: [...FEATURES_V1_NAMES, 'label'],
        rows: sel.entityRows.map((r) => ({
          entityKey: r.entityKey,
          eventTimestamp: r.eventTimestamp,
          values:
            table.get(r.entityKey) ??
            Object.fromEntries([...FEATURES_V1_NAMES, 'label'].map((n) => [n, null])),
        })),
      };
      return Promise.resolve(result);
    },
  };
  return { store, calls };
}

/** 12 spam-like and 28 ham-like rows, plus 2 with a null feature and 1 without a label. */
function table(): Map<string, Values> {
  const t = new Map<string, Values>();
  const row = (vector: number[], label: number | null): Values => ({
    ...Object.fromEntries(FEATURES_V1_NAMES.map((n, i) => [n, vector[i]!])),
    label,
  });
  for (let i = 0; i < 40; i++) {
    const spam = i < 12;
    const v = spam
      ? [0.4 + (i % 5) / 20, 0.3 + (i % 3) / 10, i % 2, 0, 1, i % 3 === 0 ? 1 : 0, 0, 0, 1]
      : [0.02 + (i % 7) / 50, 0.05 + (i % 4) / 40, i % 9 === 0 ? 1 : 0, 0, 0, 0, 0, 0, 0];
    t.set(`s${i}`, row(v, spam ? 1 : 0));
  }
  t.set('nullFeature1', { ...row([0, 0, 0, 0, 0, 0, 0, 0, 0], 1), cap_r: null });
  t.set('nullFeature2', { ...row([0, 0, 0, 0, 0, 0, 0, 0, 0], 0), cash: null });
  t.set('noLabel', row([0, 0, 0, 0, 0, 0, 0, 0, 0], null));
  return t;
}

const IDS = [...table().keys(), 's0', 'unknown'];
let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'spamgraph-train-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('trainV1', () => {
  it('trains from the feature store as of the time freeze and saves a loadable artifact', async () => {
    const { store, calls } = fakeStore(table());
    const lines: string[] = [];
    const now = () => new Date('2026-03-04T05:06:07Z');
    const r = await trainV1({
      store,
      ids: IDS,
      seed: 3,
      outDir: dir,
      onProgress: (l) => lines.push(l),
      now,
    });

    // One historical read: labeled_sms_1, every distinct id once, all at 2019-05-05.
    expect(calls).toHaveLength(1);
    expect(calls[0]!.featureService).toBe('labeled_sms_1');
    expect(calls[0]!.entityRows.map((e) => e.entityKey)).toEqual([...table().keys(), 'unknown']);
    expect(new Set(calls[0]!.entityRows.map((e) => e.eventTimestamp.toISOString()))).toEqual(
      new Set(['2019-05-05T00:00:00.000Z']),
    );

    expect(lines.slice(0, 3)).toEqual([
      'models: V1: reading labeled_sms_1 as of 2019-05-05T00:00:00.000Z for 45 sms ids…',
      'models: V1: 40 labeled rows (12 spam, 28 ham), 4 dropped',
      'models: V1: stratified split (seed 3): 30 train, 10 test',
    ]);
    expect(lines.slice(3, 13).map((l) => l.replace(/: \d+ nodes.*/, ''))).toEqual(
      Array.from({ length: 10 }, (_, i) => `models: V1: tree ${i + 1}/10`),
    );
    expect(lines[13]).toMatch(
      /^models: V1: test accuracy \d\.\d{4}, precision \d\.\d{4}, recall \d\.\d{4}, F1 \d\.\d{4}$/,
    );
    expect(lines).toHaveLength(14);

    const m = r.metadata;
    expect(m).toMatchObject({
      version: 'V1',
      featureNames: [...FEATURES_V1_NAMES],
      seed: 3,
      hyperparameters: { nTrees: 10, maxDepth: 10, maxFeatures: 'sqrt', seed: 3 },
      data: {
        featureService: 'labeled_sms_1',
        timeFreeze: '2019-05-05T00:00:00.000Z',
        entityRows: 44,
        dropped: 4,
        spam: 12,
        ham: 28,
      },
      split: { method: 'stratified', testFraction: 0.25, nTrain: 30, nTest: 10 },
      trainedAt: '2026-03-04T05:06:07.000Z',
      artifactDigest: r.artifactDigest,
    });
    // 3 of 12 spam and 7 of 28 ham held out.
    expect(m.metrics.confusion.tp + m.metrics.confusion.fn).toBe(3);
    expect(m.metrics.confusion.tn + m.metrics.confusion.fp).toBe(7);
    expect(m.trainMetrics.n).toBe(30);

    const c = await loadV1Classifier(dir);
    expect(c.artifactDigest).toBe(r.artifactDigest);
    expect(c.metadata).toEqual(m);
  });

  it('is reproducible from its seed', async () => {
    const { store } = fakeStore(table());
    const a = await trainV1({ store, ids: IDS, seed: 11, outDir: dir });
    const b = await trainV1({ store, ids: IDS, seed: 11, outDir: path.join(dir, 'b') });
    const c = await trainV1({ store, ids: IDS, seed: 12, outDir: path.join(dir, 'c') });
    expect(b.artifactDigest).toBe(a.artifactDigest);
    expect(b.metadata.metrics).toEqual(a.metadata.metrics);
    expect(c.artifactDigest).not.toBe(a.artifactDigest);
  });

  it('refuses no ids, a bad seed, too few rows and a label that is not 0/1', async () => {
    const { store } = fakeStore(table());
    await expect(trainV1({ store, ids: [], outDir: dir })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'no sms ids to train on',
    });
    await expect(trainV1({ store, ids: IDS, seed: 2 ** 32, outDir: dir })).rejects.toThrow(
      'seed must be an integer in [0, 4294967295], got 4294967296',
    );
    await expect(
      trainV1({ store, ids: ['s0', 's20', 's21', 'noLabel'], outDir: dir }),
    ).rejects.toThrow(
      'need at least 2 spam and 2 ham rows with every V1 feature as of 2019-05-05T00:00:00.000Z ' +
        'for a stratified split, got 1 spam and 2 ham (1 rows dropped): were the sources ' +
        'created (`fs create-sources`, `fs apply`) for these ids?',
    );
    const bad = table();
    bad.set('s0', { ...bad.get('s0')!, label: 2 });
    await expect(trainV1({ store: fakeStore(bad).store, ids: IDS, outDir: dir })).rejects.toThrow(
      'labeled_sms_1: label of s0 is 2, expected 0 or 1',
    );
    await expect(fs.readdir(dir)).resolves.toEqual([]);
  });
});
