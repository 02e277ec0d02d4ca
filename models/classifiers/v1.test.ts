import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FEATURES_V1_NAMES, extractV1 } from '../features';
import type { ModelMetadata } from './metadata';
import {
  DEFAULT_FOREST_OPTIONS,
  forestProba,
  trainForest,
  type Forest,
  type ForestOptions,
} from './randomForest';
import {
  V1_ARTIFACT_DIR,
  forestDigest,
  loadV1Classifier,
  saveV1Artifact,
  type ForestFile,
} from './v1';

const metrics = {
  n: 4,
  accuracy: 0.75,
  precision: 1,
  recall: 0.5,
  f1: 2 / 3,
  confusion: { tp: 1, fp: 0, tn: 2, fn: 1 },
};

const record = (): Omit<ModelMetadata, 'artifactDigest'> => ({
  format: 'spamgraph.model-metadata',
  formatVersion: 1,
  version: 'V1',
  description: 'test forest',
  library: 'test',
  featureNames: [...FEATURES_V1_NAMES],
  hyperparameters: { nTrees: 3 },
  seed: 9,
  data: {
    source: 'test',
    featureService: 'labeled_sms_1',
    timeFreeze: '2019-05-05T00:00:00.000Z',
    entityRows: 16,
    dropped: 0,
    spam: 8,
    ham: 8,
  },
  split: { method: 'stratified', testFraction: 0.25, nTrain: 12, nTest: 4 },
  metrics,
  trainMetrics: metrics,
  extra: {},
  trainedAt: '2026-01-02T03:04:05.000Z',
  trainingSeconds: 0.01,
});

// Spam-like rows (capitals, symbols, cue words) and ham-like rows, with some overlap.
const X = Array.from({ length: 16 }, (_, i) =>
  i % 2 === 0
    ? [0.5 + i / 100, 0.4 + i / 50, 1, i % 4 === 0 ? 1 : 0, 1, 0, 0, 1, i % 3 === 0 ? 1 : 0]
    : [0.05 + i / 100, 0.1 + i / 60, i % 5 === 0 ? 1 : 0, 0, 0, 0, 0, 0, 0],
);
const y = X.map((_, i) => (i % 2 === 0 || i === 15 ? 1 : 0));
const options: ForestOptions = { ...DEFAULT_FOREST_OPTIONS, nTrees: 3, seed: 9 };
const { forest } = trainForest(X, y, options);
const probes = [
  [0.7, 0.6, 1, 1, 1, 1, 1, 1, 1],
  [0.02, 0.1, 0, 0, 0, 0, 0, 0, 0],
  [0.3, 0.3, 1, 0, 0, 0, 0, 0, 0],
];

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'spamgraph-v1-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const modelFile = () => path.join(dir, 'model.json');
const readModel = async () => JSON.parse(await fs.readFile(modelFile(), 'utf8')) as ForestFile;

describe('V1 artifact round trip', () => {
  it('saves and loads a classifier that predicts exactly as the trained forest', async () => {
    const digest = await saveV1Artifact(dir, forest, options, record());
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(digest).toBe(forestDigest(forest, options));

    const c = await loadV1Classifier(dir);
    expect(c).toMatchObject({
      version: 'V1',
      featureService: 'labeled_sms_1',
      featureNames: FEATURES_V1_NAMES,
      featureLength: 9,
      artifactDigest: digest,
    });
    expect(c.metadata).toEqual({ ...record(), artifactDigest: digest });
    const expected = forestProba(forest, probes);
    expect(await c.predictProba(probes)).toEqual(expected);
    expect(expected[0]).toBe(1);
    expect(expected[1]).toBe(0);
    expect(c.textToFeatures('WIN free CASH!')).toEqual(extractV1('WIN free CASH!'));
  });

  it('gives the same digest and the same bytes when saved again', async () => {
    const other = await fs.mkdtemp(path.join(os.tmpdir(), 'spamgraph-v1-'));
    try {
      const a = await saveV1Artifact(dir, forest, options, record());
      const b = await saveV1Artifact(other, forest, options, record());
      expect(b).toBe(a);
      expect(await fs.readFile(path.join(other, 'model.json'), 'utf8')).toBe(
        await fs.readFile(modelFile(), 'utf8'),
      );
      // A different forest has a different digest.
      const retrained = trainForest(X, y, { ...options, seed: 10 }).forest;
      expect(forestDigest(retrained, { ...options, seed: 10 })).not.toBe(a);
    } finally {
      await fs.rm(other, { recursive: true, force: true });
    }
  });

  it('writes the file in Prettier’s layout: one node per line', async () => {
    await saveV1Artifact(dir, forest, options, record());
    const lines = (await fs.readFile(modelFile(), 'utf8')).split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '{',
      '  "format": "spamgraph.random-forest",',
      '  "formatVersion": 1,',
      '  "version": "V1",',
    ]);
    const nodes = forest.trees.reduce((s, t) => s + t.length, 0);
    expect(lines.filter((l) => /^ {6}\[-?\d/.test(l))).toHaveLength(nodes);
  });
});

describe('V1 artifact errors', () => {
  it('names the missing file and says how to get one', async () => {
    await expect(loadV1Classifier(dir)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `${path.join(dir, 'metadata.json')} not found: train it with \`npx spamgraph models train v1\``,
    });
    await saveV1Artifact(dir, forest, options, record());
    await fs.rm(modelFile());
    await expect(loadV1Classifier(dir)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('model.json not found') as string,
    });
  });

  it('refuses a truncated file', async () => {
    await saveV1Artifact(dir, forest, options, record());
    const text = await fs.readFile(modelFile(), 'utf8');
    await fs.writeFile(modelFile(), text.slice(0, text.length / 2));
    await expect(loadV1Classifier(dir)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(/model\.json: not valid JSON/) as string,
    });
  });

  it('refuses an edited threshold (digest mismatch)', async () => {
    const digest = await saveV1Artifact(dir, forest, options, record());
    const file = await readModel();
    file.trees[0]![0]![1] += 0.001;
    await fs.writeFile(modelFile(), JSON.stringify(file));
    const err = loadV1Classifier(dir);
    await expect(err).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(err).rejects.toThrow(
      new RegExp(`does not match metadata\\.json \\(${digest}\\): the model was edited`),
    );
  });

  it('refuses a file of another shape, and trees that point nowhere', async () => {
    await saveV1Artifact(dir, forest, options, record());
    const file = await readModel();
    await fs.writeFile(modelFile(), JSON.stringify({ ...file, trees: 'many' }));
    await expect(loadV1Classifier(dir)).rejects.toThrow(
      /invalid V1 model: trees: Invalid input: expected array, received string/,
    );
    const broken: Forest = {
      nFeatures: 9,
      trees: [
        [
          [0, 0.5, 1, 9, 0.5, 2],
          [-1, 0, -1, -1, 0, 1],
        ],
      ],
    };
    await saveV1Artifact(dir, broken, { ...options, nTrees: 1 }, record());
    await expect(loadV1Classifier(dir)).rejects.toThrow(
      'invalid V1 model: tree 0 node 0: bad child 9',
    );
  });

  it('refuses trees trained on other features, and invalid metadata', async () => {
    await saveV1Artifact(dir, forest, options, {
      ...record(),
      featureNames: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'],
    });
    await expect(loadV1Classifier(dir)).rejects.toThrow(
      'trained on features [a, b, c, d, e, f, g, h, i], V1 computes [cap_r,nal_r,free,money,prize,win,won,winner,cash]',
    );
    await saveV1Artifact(dir, forest, options, record());
    const metaFile = path.join(dir, 'metadata.json');
    const meta = JSON.parse(await fs.readFile(metaFile, 'utf8')) as Record<string, unknown>;
    await fs.writeFile(metaFile, JSON.stringify({ ...meta, artifactDigest: 'abc' }));
    await expect(loadV1Classifier(dir)).rejects.toThrow(
      `${metaFile}: invalid model metadata: artifactDigest: a sha256 hex digest`,
    );
  });
});

describe('V1 classifier input', () => {
  it('answers BAD_USER_INPUT for a wrong length or a value that is not a finite number', async () => {
    await saveV1Artifact(dir, forest, options, record());
    const c = await loadV1Classifier(dir);
    await expect(c.predictProba([probes[0]!, [1, 2, 3]])).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'V1 expects 9 features per vector; vector 1 has 3 values',
    });
    await expect(c.predictProba([[0, 0, NaN, 0, 0, 0, 0, 0, 0]])).rejects.toThrow(
      'V1: vector 0, feature 2: NaN is not a finite number',
    );
    const text = ['0', 0, 0, 0, 0, 0, 0, 0, 0] as unknown as number[];
    await expect(c.predictProba([text])).rejects.toThrow(
      'V1: vector 0, feature 0: "0" is not a finite number',
    );
    expect(await c.predictProba([])).toEqual([]);
  });
});

describe('the committed V1 artifact', () => {
  it('loads, verifies, and tells clear spam from clear ham', async () => {
    const c = await loadV1Classifier(V1_ARTIFACT_DIR);
    expect(c.metadata.data.timeFreeze).toBe('2019-05-05T00:00:00.000Z');
    expect(c.metadata.data.featureService).toBe('labeled_sms_1');
    const texts = [
      'WINNER!! You have WON a FREE PRIZE worth £1000 CASH. Call 09061234567 NOW to claim!!',
      'URGENT! Your mobile has won £2,000 cash. To claim call 0800-123-4567 before 5pm!',
      'Are you coming to dinner tonight? Mum made lasagne',
      'ok see you at the station in ten minutes',
    ];
    const p = await c.predictProba(texts.map((t) => c.textToFeatures(t)));
    expect(p.map((v) => (v > 0.5 ? 'spam' : 'ham'))).toEqual(['spam', 'spam', 'ham', 'ham']);
  });
});
