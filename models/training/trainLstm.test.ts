import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EntityRow, HistoricalResult, FeatureValue } from '../../feature-store';
import { labelOf } from '../versions';
import { loadLstmClassifier } from '../classifiers/lstm';
import { createRng } from '../classifiers/random';
import { stratifiedSplit, validationSplit } from './split';
import { validationRecordOf } from './lstmRecord';
import { idListVector } from './lstmRows';
import { trainV2, trainV3 } from './trainLstm';
import { TEST_FRACTION, type HistoricalSource } from './types';

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

/**
 * A hard, noisy problem (80 rows; spam tokens are rare and 20 % of labels are flipped), so the
 * validation accuracy goes up and down between epochs.
 */
function noisyTable(seed: number): Map<string, Values> {
  const rng = createRng(seed);
  const t = new Map<string, Values>();
  for (let i = 0; i < 80; i++) {
    const spam = i % 2 === 0;
    const ids = Array.from({ length: 30 }, (_, j) =>
      j < 20 ? 0 : spam && rng.next() < 0.3 ? 170 + rng.int(10) : 1 + rng.int(169),
    );
    const flip = rng.next() < 0.2;
    t.set(`n${i}`, { features: ids, label: spam !== flip ? 1 : 0 });
  }
  return t;
}

interface EpochLine {
  epoch: number;
  loss: number;
  valLoss?: number;
  valAccuracy?: number;
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
      // 12 spam and 18 ham train: round(12 × 0.15) = 2 and round(18 × 0.15) = 3 validate.
      'models: V2: validation (stratified, seed 3, fraction 0.15 of train): 25 fit, 5 validation (2 spam, 3 ham)',
    ]);
    expect(lines[4]).toBe(
      'models: V2: tfjs 4.22.0, backend wasm; 3 epochs, batch size 8, learning rate 0.01; keeping the best epoch by validation accuracy',
    );
    const epochLines = lines.filter((l) => l.includes(': epoch '));
    expect(epochLines).toHaveLength(3);
    expect(epochLines[2]).toMatch(
      /^models: V2: epoch 3\/3: loss \d+\.\d{4}, val loss \d+\.\d{4}, val accuracy \d\.\d{4}( \(best\))?, \d+\.\d s \(elapsed \d+\.\d s\)$/,
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^models: V2: kept the weights of epoch [123]: val accuracy \d\.\d{4}, val loss \d+\.\d{4}$/,
      ),
    );
    const m = r.metadata;
    expect(m).toMatchObject({
      version: 'V2',
      featureNames: ['features'],
      seed: 3,
      data: { featureService: 'labeled_sms_2', entityRows: 42, dropped: 2, spam: 16, ham: 24 },
      split: { method: 'stratified', testFraction: 0.25, nTrain: 30, nTest: 10 },
      trainedAt: '2026-03-04T05:06:07.000Z',
      hyperparameters: { epochs: 3, batchSize: 8, validationFraction: 0.15 },
      extra: {
        tfjsBackend: 'wasm',
        parameters: 1406,
        epochs: 3,
        // Refit (the default) trained the saved model on all 30 training rows.
        trainMetricsRows: 30,
        validation: {
          fraction: 0.15,
          nFit: 25,
          nValidation: 5,
          spam: 2,
          ham: 3,
          patience: null,
          epochsRun: 3,
          stoppedEarly: false,
        },
      },
    });
    expect(m.hyperparameters).not.toHaveProperty('patience');
    expect(m.extra.epochLog).toHaveLength(3);
    expect((m.extra.epochLog as object[])[2]).toMatchObject({
      epoch: 3,
      valLoss: expect.any(Number) as number,
      valAccuracy: expect.any(Number) as number,
    });
    // Tested once on the 10 test rows; training metrics are of the 30 rows the refit saw.
    expect(m.metrics.n).toBe(10);
    expect(m.trainMetrics.n).toBe(30);
    const v = validationRecordOf(m)!;
    expect(v.metrics.n).toBe(5);
    expect(m.hyperparameters.refit).toBe(true);
    expect(m.extra.refit).toMatchObject({ epochs: v.bestEpoch, nTrain: 30 });
    expect((m.extra.refit as { epochLog: object[] }).epochLog).toHaveLength(v.bestEpoch);
    expect(lines).toContain(
      `models: V2: refit: a fresh model on all 30 training rows for ${v.bestEpoch} epoch(s), the best epoch on validation`,
    );
    expect(lines.filter((l) => l.includes(': refit epoch '))).toHaveLength(v.bestEpoch);

    const c = await loadLstmClassifier('V2', dir);
    expect(c.artifactDigest).toBe(r.artifactDigest);
    expect(c.metadata).toEqual(m);
  });

  it('keeps the weights of the epoch with the best validation accuracy, not the last', async () => {
    const t = noisyTable(2);
    const { store } = fakeStore(t);
    const ids = [...t.keys()];
    const r = await trainV2({
      store,
      ids,
      seed: 5,
      outDir: dir,
      epochs: 8,
      batchSize: 8,
      learningRate: 0.05,
      validationFraction: 0.3,
      refit: false,
    });
    const v = validationRecordOf(r.metadata)!;
    expect(r.metadata.extra).not.toHaveProperty('refit');
    expect(r.metadata.trainMetrics.n).toBe(v.nFit);
    const log = r.metadata.extra.epochLog as Required<EpochLine>[];
    expect(log).toHaveLength(8);
    // The fixture is chosen so that the last epoch is not the best one.
    const last = log[7]!;
    expect(v.bestEpoch).toBeLessThan(8);
    expect(last.valAccuracy).toBeLessThan(v.accuracy);
    // The best epoch: the highest validation accuracy, ties → the lowest loss, then the first.
    const best = [...log].sort(
      (a, b) => b.valAccuracy - a.valAccuracy || a.valLoss - b.valLoss || a.epoch - b.epoch,
    )[0]!;
    expect(v.bestEpoch).toBe(best.epoch);
    expect(v.accuracy).toBeCloseTo(best.valAccuracy, 6);
    expect(v.metrics.accuracy).toBe(v.accuracy);

    // The saved model scores the validation rows (the same carve, recomputed here) exactly
    // as the best epoch did, not as the last one did.
    const labels = ids.map((id) => t.get(id)!.label as number);
    const split = stratifiedSplit(labels, TEST_FRACTION, 5);
    const { validation } = validationSplit(labels, split.train, 0.3, 5);
    expect(validation).toHaveLength(v.nValidation);
    expect(validation.filter((i) => split.test.includes(i))).toEqual([]);
    const c = await loadLstmClassifier('V2', dir);
    const p = await c.predictProba(validation.map((i) => t.get(ids[i]!)!.features as number[]));
    const correct = p.filter((q, k) => (labelOf(q) === 'spam' ? 1 : 0) === labels[validation[k]!]);
    expect(correct.length / validation.length).toBeCloseTo(v.accuracy, 9);
  });

  it('stops after `patience` epochs without a better validation accuracy', async () => {
    const t = noisyTable(1);
    const { store } = fakeStore(t);
    const lines: string[] = [];
    const r = await trainV2({
      store,
      ids: [...t.keys()],
      seed: 5,
      outDir: dir,
      epochs: 8,
      batchSize: 8,
      learningRate: 0.05,
      validationFraction: 0.3,
      patience: 2,
      onProgress: (l) => lines.push(l),
    });
    const v = validationRecordOf(r.metadata)!;
    expect(v).toMatchObject({ patience: 2, stoppedEarly: true });
    expect(v.epochsRun).toBe(v.bestEpoch + 2);
    expect(v.epochsRun).toBeLessThan(8);
    expect(r.metadata.extra.epochLog).toHaveLength(v.epochsRun);
    expect(r.metadata.hyperparameters).toMatchObject({ epochs: 8, patience: 2 });
    expect(lines.filter((l) => l.includes(': epoch '))).toHaveLength(v.epochsRun);
    expect(lines).toContain(
      `models: V2: stopped after epoch ${v.epochsRun}: no better validation accuracy for 2 epochs`,
    );
  });

  it('with validation fraction 0, fits on the whole training split and keeps the last epoch', async () => {
    const { store } = fakeStore(table());
    const lines: string[] = [];
    const r = await trainV3({
      store,
      ids: [...table().keys()],
      seed: 3,
      outDir: dir,
      epochs: 2,
      batchSize: 16,
      validationFraction: 0,
      onProgress: (l) => lines.push(l),
    });
    expect(lines[3]).toBe(
      'models: V3: tfjs 4.22.0, backend wasm; 2 epochs, batch size 16, learning rate 0.005',
    );
    expect(lines.filter((l) => l.includes('validation') || l.includes(' val '))).toEqual([]);
    expect(r.metadata.extra).not.toHaveProperty('validation');
    expect(r.metadata.extra.epochLog as EpochLine[]).toEqual([
      { epoch: 1, loss: expect.any(Number) as number, seconds: expect.any(Number) as number },
      { epoch: 2, loss: expect.any(Number) as number, seconds: expect.any(Number) as number },
    ]);
    expect(r.metadata.trainMetrics.n).toBe(30);
    expect(r.metadata.hyperparameters.validationFraction).toBe(0);
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
    await expect(trainV2({ ...base, validationFraction: 1 })).rejects.toThrow(
      'validation fraction must be in [0, 1), got 1',
    );
    await expect(trainV3({ ...base, validationFraction: 0, refit: true })).rejects.toThrow(
      'refit needs validation rows: the validation fraction is 0',
    );
    await expect(trainV3({ ...base, validationFraction: 0, patience: 3 })).rejects.toThrow(
      'patience needs validation rows: the validation fraction is 0',
    );
    await expect(trainV2({ ...base, patience: 0 })).rejects.toThrow(
      'patience must be a positive integer, got 0',
    );
    // 1 spam and 1 ham train: 15 % of them is no row at all.
    await expect(trainV2({ ...base, outDir: dir })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message:
        'validation fraction 0.15 of the 2 training rows gives 0 spam and 0 ham to validate on, ' +
        '1 spam and 1 ham to fit on: each needs both labels (another fraction, or 0 for none)',
    });
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
