import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EntityRow, HistoricalResult } from '../../feature-store/offline/historical';
import type { FeatureValue } from '../../feature-store/types';
import { loadLstmClassifier } from '../classifiers/lstm';
import { idListVector, trainV2, trainV3 } from './trainLstm';
import type { HistoricalSource } from './types';

type Values = Record<string, FeatureValue>;

function fakeStore(table: Map<string, Values>) {
  const calls: { featureService?: string | null; entityRows: EntityRow[] }[] = [];
  const store: HistoricalSource = {
    getHistoricalFeatures: (sel) => {
      calls.push({ featureService: sel.featureService, entityRows: sel.entityRows });
      const result: HistoricalResult = {
        featureColumns: ['features', 'label'],
        rows: sel.entityRows.map((r) => ({
          entityKey: r.entityKey,
          eventTimestamp: r.eventTimestamp,
          values: table.get(r.entityKey) ?? { features: null, label: null },
        })),
      };
      return Promise.resolve(result);
    },
  };
  return { store, calls };
}

/** 16 spam rows (ids 170..179 near the end) and 24 ham rows (ids 1..20), plus two dropped. */
function table(): Map<string, Values> {
  const t = new Map<string, Values>();
  for (let i = 0; i < 40; i++) {
    const spam = i < 16;
    const ids = Array.from({ length: 30 }, (_, j) =>
      j < 20 ? 0 : spam ? 170 + ((i + j) % 10) : 1 + ((i * 3 + j) % 20),
    );
    t.set(`s${i}`, { features: ids, label: spam ? 1 : 0 });
  }
  t.set('noFeatures', { features: null, label: 1 });
  t.set('noLabel', { features: Array.from({ length: 30 }, () => 0), label: null });
  return t;
}

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'spamgraph-train-lstm-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('trainV2', () => {
  it('trains from labeled_sms_2 as of 2020-07-02 with progress per epoch, and saves a loadable artifact', async () => {
    const { store, calls } = fakeStore(table());
    const lines: string[] = [];
    const r = await trainV2({
      store,
      ids: [...table().keys()],
      seed: 3,
      outDir: dir,
      epochs: 3,
      batchSize: 8,
      onProgress: (l) => lines.push(l),
      now: () => new Date('2026-03-04T05:06:07Z'),
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.featureService).toBe('labeled_sms_2');
    expect(
      calls[0]!.entityRows.every(
        (e) => e.eventTimestamp.toISOString() === '2020-07-02T00:00:00.000Z',
      ),
    ).toBe(true);
    expect(lines.slice(0, 4)).toEqual([
      'models: V2: reading labeled_sms_2 as of 2020-07-02T00:00:00.000Z for 42 sms ids…',
      'models: V2: 40 labeled rows (16 spam, 24 ham), 2 dropped',
      'models: V2: stratified split (seed 3): 30 train, 10 test',
      'models: V2: tfjs 4.22.0, backend wasm; 3 epochs, batch size 8, learning rate 0.01',
    ]);
    const epochLines = lines.filter((l) => l.includes(': epoch '));
    expect(epochLines).toHaveLength(3);
    expect(epochLines[2]).toMatch(
      /^models: V2: epoch 3\/3: loss \d+\.\d{4}, \d+\.\d s \(elapsed \d+\.\d s\)$/,
    );
    const m = r.metadata;
    expect(m).toMatchObject({
      version: 'V2',
      featureNames: ['features'],
      seed: 3,
      data: { featureService: 'labeled_sms_2', entityRows: 42, dropped: 2, spam: 16, ham: 24 },
      split: { method: 'stratified', testFraction: 0.25, nTrain: 30, nTest: 10 },
      trainedAt: '2026-03-04T05:06:07.000Z',
      extra: { tfjsBackend: 'wasm', parameters: 1406, epochs: 3 },
    });
    expect(m.extra.epochLog).toHaveLength(3);
    expect((m.extra.epochLog as object[])[2]).toMatchObject({ epoch: 3 });
    expect(m.metrics.n).toBe(10);

    const c = await loadLstmClassifier('V2', dir);
    expect(c.artifactDigest).toBe(r.artifactDigest);
    expect(c.metadata).toEqual(m);
  });

  it('refuses bad options and too little data', async () => {
    const { store } = fakeStore(table());
    const base = { store, ids: ['s0', 's1', 's20', 's21'], outDir: dir };
    await expect(trainV2({ ...base, epochs: 0 })).rejects.toThrow(
      'epochs must be a positive integer, got 0',
    );
    await expect(trainV3({ ...base, batchSize: 1.5 })).rejects.toThrow(
      'batch size must be a positive integer, got 1.5',
    );
    await expect(trainV2({ ...base, ids: [] })).rejects.toThrow('no sms ids to train on');
    await expect(trainV2({ ...base, ids: ['s0', 's20', 's21'] })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining('got 1 spam and 2 ham') as string,
    });
  });
});

describe('idListVector', () => {
  it('reads the 30 ids, null when missing, BAD_USER_INPUT when malformed', () => {
    const v = idListVector(3);
    expect(v({ features: [1, 2, 3] })).toEqual([1, 2, 3]);
    expect(v({ features: null })).toBeNull();
    expect(v({})).toBeNull();
    expect(() => v({ features: [1, 2] })).toThrow(
      'feature features is [1,2], expected 3 integer token ids',
    );
    expect(() => v({ features: 'x' })).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});
