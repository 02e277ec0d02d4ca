import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FEATURES_V2_LENGTH } from '../features';
import { loadLstmClassifier } from './lstm';
import { lstmDigest, saveLstmArtifact, serializeModel } from './lstmArtifact';
import { buildLstmModel } from './lstmModel';
import { LSTM_SPECS, type LstmVersion } from './lstmSpec';
import type { ModelMetadata } from './metadata';
import { initTfjs, tf } from './tfjsBackend';

let dir: string;
beforeAll(async () => {
  await initTfjs();
});
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'spamgraph-lstm-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const metrics = {
  n: 4,
  accuracy: 0.5,
  precision: 0.5,
  recall: 0.5,
  f1: 0.5,
  confusion: { tp: 1, fp: 1, tn: 1, fn: 1 },
};
const record = (version: LstmVersion): Omit<ModelMetadata, 'artifactDigest'> => ({
  format: 'spamgraph.model-metadata',
  formatVersion: 1,
  version,
  description: 'test',
  library: 'test',
  featureNames: ['features'],
  hyperparameters: {},
  seed: 1,
  data: {
    source: 'test',
    featureService: 'labeled_sms_2',
    timeFreeze: '2020-07-02T00:00:00.000Z',
    entityRows: 8,
    dropped: 0,
    spam: 4,
    ham: 4,
  },
  split: { method: 'stratified', testFraction: 0.25, nTrain: 6, nTest: 2 },
  metrics,
  trainMetrics: metrics,
  extra: {},
  trainedAt: '2026-01-01T00:00:00.000Z',
  trainingSeconds: 1,
});

const probes = [
  Array.from({ length: 30 }, (_, i) => (i * 7) % 180),
  Array.from({ length: 30 }, () => 0),
  Array.from({ length: 30 }, (_, i) => (i < 20 ? 0 : 170 + (i % 10))),
];

describe('LSTM architectures', () => {
  it('V2: embedding 6 → spatial dropout 0.05 → LSTM 6 → softmax 2, 1,406 parameters', () => {
    const m = buildLstmModel(LSTM_SPECS.V2, 1);
    expect(m.layers.map((l) => [l.getClassName(), l.countParams(), l.outputShape])).toEqual([
      ['Embedding', 180 * 6, [null, 30, 6]],
      ['SpatialDropout1D', 0, [null, 30, 6]],
      ['LSTM', 4 * (6 * (6 + 6) + 6), [null, 6]],
      ['Dense', 6 * 2 + 2, [null, 2]],
    ]);
    expect(m.countParams()).toBe(1406);
    m.dispose();
  });

  it('V3: embedding 64 → spatial dropout 0.3 → LSTM 96 (dropout 0.3) → softmax 2, 73,538 parameters', () => {
    const m = buildLstmModel(LSTM_SPECS.V3, 1);
    expect(m.layers.map((l) => [l.getClassName(), l.countParams(), l.outputShape])).toEqual([
      ['Embedding', 180 * 64, [null, 30, 64]],
      ['SpatialDropout1D', 0, [null, 30, 64]],
      ['LSTM', 4 * (96 * (64 + 96) + 96), [null, 96]],
      ['Dense', 96 * 2 + 2, [null, 2]],
    ]);
    expect(m.countParams()).toBe(73538);
    const cfg = m.layers.map((l) => l.getConfig());
    expect(cfg[1]).toMatchObject({ rate: 0.3 });
    expect(cfg[2]).toMatchObject({ units: 96, dropout: 0.3 });
    m.dispose();
  });

  it('is the same for the same seed, different for another', async () => {
    const [a, b, c] = [1, 1, 2].map((s) => buildLstmModel(LSTM_SPECS.V2, s));
    const [da, db, dc] = await Promise.all(
      [a!, b!, c!].map(async (m) => (await serializeModel('V2', m)).weights),
    );
    expect(Buffer.from(da!).equals(Buffer.from(db!))).toBe(true);
    expect(Buffer.from(da!).equals(Buffer.from(dc!))).toBe(false);
    [a, b, c].forEach((m) => m!.dispose());
  });
});

describe('LSTM artifacts', () => {
  it('save → load gives the same predictions and digest; files as documented', async () => {
    const model = buildLstmModel(LSTM_SPECS.V2, 7);
    const digest = await saveLstmArtifact(dir, model, record('V2'));
    expect((await fs.readdir(dir)).sort()).toEqual(['metadata.json', 'model.json', 'weights.bin']);
    const { file, weights } = await serializeModel('V2', model);
    expect(lstmDigest(file, weights)).toBe(digest);
    expect((await fs.stat(path.join(dir, 'weights.bin'))).size).toBe(1406 * 4);

    const c = await loadLstmClassifier('V2', dir);
    expect(c).toMatchObject({
      version: 'V2',
      featureService: 'labeled_sms_2',
      featureNames: ['features'],
      featureLength: FEATURES_V2_LENGTH,
      artifactDigest: digest,
    });
    const expected = tf.tidy(() => {
      const y = model.predict(tf.tensor2d(probes, [3, 30])) as tf.Tensor2D;
      return Array.from(y.slice([0, 1], [3, 1]).dataSync());
    });
    const got = await c.predictProba(probes);
    // Serving runs its own forward pass (lstmInference) in float64: equal up to float32 noise.
    expect(got).toHaveLength(expected.length);
    got.forEach((p, i) => expect(p).toBeCloseTo(expected[i]!, 6));
    expect(got.every((p) => p > 0 && p < 1)).toBe(true);
    expect(await c.predictProba([])).toEqual([]);
    const v = c.textToFeatures('Free entry to win a prize, call now');
    expect(v).toHaveLength(30);
    expect(await c.predictProba([v])).toHaveLength(1);
    model.dispose();
  });

  it('refuses a missing, truncated, edited or mismatched artifact with a clear error', async () => {
    const model = buildLstmModel(LSTM_SPECS.V2, 7);
    const digest = await saveLstmArtifact(dir, model, record('V2'));
    model.dispose();
    const weightsFile = path.join(dir, 'weights.bin');
    const good = await fs.readFile(weightsFile);

    await fs.writeFile(weightsFile, good.subarray(0, 100));
    await expect(loadLstmClassifier('V2', dir)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining(
        'weights.bin has 100 bytes, the manifest needs 5624',
      ) as string,
    });

    const edited = Buffer.from(good);
    edited[17] = edited[17]! ^ 0xff;
    await fs.writeFile(weightsFile, edited);
    await expect(loadLstmClassifier('V2', dir)).rejects.toThrow(
      new RegExp(`does not match metadata\\.json \\(${digest}\\): the model was edited`),
    );

    await fs.writeFile(weightsFile, good);
    await expect(loadLstmClassifier('V3', dir)).rejects.toThrow('metadata.json is for V2, not V3');

    const modelFile = path.join(dir, 'model.json');
    const text = await fs.readFile(modelFile, 'utf8');
    await fs.writeFile(modelFile, text.slice(0, 200));
    await expect(loadLstmClassifier('V2', dir)).rejects.toThrow(/model\.json: not valid JSON/);
    await fs.writeFile(modelFile, JSON.stringify({ ...JSON.parse(text), weightsManifest: [] }));
    await expect(loadLstmClassifier('V2', dir)).rejects.toThrow(
      /invalid V2 model: weightsManifest/,
    );

    await fs.rm(weightsFile);
    await fs.writeFile(modelFile, text);
    await expect(loadLstmClassifier('V2', dir)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('weights.bin not found') as string,
    });
    await expect(loadLstmClassifier('V2', path.join(dir, 'nowhere'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('refuses a model trained with another tokenizer', async () => {
    const model = buildLstmModel(LSTM_SPECS.V2, 7);
    await saveLstmArtifact(dir, model, {
      ...record('V2'),
      extra: { tokenizerDigest: 'f'.repeat(64) },
    });
    model.dispose();
    await expect(loadLstmClassifier('V2', dir)).rejects.toThrow(
      /trained with tokenizer ffffffffffff, the tokenizer file is [0-9a-f]{12}/,
    );
  });
});

describe('LSTM classifier input', () => {
  it('answers BAD_USER_INPUT for a wrong length, a non-integer or an id outside the vocabulary', async () => {
    const model = buildLstmModel(LSTM_SPECS.V2, 7);
    await saveLstmArtifact(dir, model, record('V2'));
    model.dispose();
    const c = await loadLstmClassifier('V2', dir);
    await expect(c.predictProba([probes[0]!, [1, 2, 3]])).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'V2 expects 30 features per vector; vector 1 has 3 values',
    });
    await expect(c.predictProba([[...probes[1]!.slice(1), 1.5]])).rejects.toThrow(
      'V2: vector 0 must hold integers',
    );
    await expect(c.predictProba([[...probes[1]!.slice(1), 180]])).rejects.toThrow(
      'V2: vector 0, feature 29: 180 is not a token id in [0, 180)',
    );
    const text = [...probes[1]!.slice(1), '3'] as unknown as number[];
    await expect(c.predictProba([text])).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(c.predictProba(['ab' as unknown as number[]])).rejects.toThrow(
      'V2 expects 30 features per vector; vector 0 has string',
    );
  });
});

describe('the committed artifacts', () => {
  const texts = [
    'WINNER!! You have WON a FREE PRIZE worth £1000 CASH. Call 09061234567 NOW to claim!!',
    'URGENT! Your mobile has won £2,000 cash. To claim call 0800-123-4567 before 5pm!',
    'Are you coming to dinner tonight? Mum made lasagne',
    'ok see you at the station in ten minutes',
  ];
  it.each(['V2', 'V3'] as const)(
    '%s loads, verifies, and tells clear spam from clear ham',
    async (v) => {
      const c = await loadLstmClassifier(v);
      expect(c.metadata.data).toMatchObject({
        featureService: 'labeled_sms_2',
        timeFreeze: '2020-07-02T00:00:00.000Z',
      });
      const p = await c.predictProba(texts.map((t) => c.textToFeatures(t)));
      expect(p.map((x) => (x > 0.5 ? 'spam' : 'ham'))).toEqual(['spam', 'spam', 'ham', 'ham']);
    },
  );
});
