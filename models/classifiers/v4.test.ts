import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractV3, FEATURES_V3_DIMENSION, packSparse } from '../features';
import { V4_ARTIFACT_DIR, V4_MODEL_FILE, loadV4Classifier } from './v4';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'spamgraph-v4c-'));
  for (const f of [V4_MODEL_FILE, 'metadata.json']) {
    await fs.copyFile(path.join(V4_ARTIFACT_DIR, f), path.join(dir, f));
  }
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** The parts of model.json the tests edit. */
interface ModelJson {
  weights: { values: number[] };
  features: { charNgrams: number[] };
  bias?: number;
}

const edit = async (fn: (model: ModelJson) => void) => {
  const file = path.join(dir, V4_MODEL_FILE);
  const json = JSON.parse(await fs.readFile(file, 'utf8')) as ModelJson;
  fn(json);
  await fs.writeFile(file, JSON.stringify(json));
};

describe('V4 classifier (committed artifact)', () => {
  it('scores packed v3 vectors: text → features is the extractor, probabilities in (0, 1)', async () => {
    const c = await loadV4Classifier();
    expect(c.version).toBe('V4');
    expect(c.featureService).toBe('labeled_sms_3');
    expect(c.featureLength).toBe('sparse');
    const text = 'WINNER!! Claim your £900 prize now: call 09061701461, code KL341';
    expect(c.textToFeatures(text)).toEqual(packSparse(extractV3(text)));
    const [spam, ham] = await c.predictProba([
      c.textToFeatures(text),
      c.textToFeatures('Are we still on for lunch tomorrow? I can pick you up at 12'),
    ]);
    expect(spam).toBeGreaterThan(0.9);
    expect(ham).toBeLessThan(0.1);
    // The record keeps what the issue asks: test metrics, calibration, label origins.
    expect(c.metadata.metrics.accuracy).toBeGreaterThanOrEqual(0.98);
    expect(c.metadata.metrics.f1).toBeGreaterThanOrEqual(0.94);
    expect((c.metadata.extra.reliability as { bins: unknown[] }).bins).toHaveLength(10);
  });

  it.each([
    ['an odd length', [1, 2, 3], /odd length/],
    ['unsorted indices', [5, 3, 0.1, 0.2], /strictly increasing/],
    ['an index past the dimension', [FEATURES_V3_DIMENSION, 0.5], /not an integer in/],
    ['a fractional index', [1.5, 0.5], /not an integer in/],
    ['a non-finite value', [1, Number.NaN], /not a finite number/],
  ])('refuses %s with BAD_USER_INPUT', async (_name, vector, message) => {
    const c = await loadV4Classifier();
    expect(() => c.validate([vector])).toThrow(message);
    await expect(c.predictProba([vector])).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('scores the empty vector (no n-gram) as the intercept alone', async () => {
    const c = await loadV4Classifier();
    const [p] = await c.predictProba([[]]);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
  });
});

describe('loadV4Classifier checks the artifact whole', () => {
  it('loads a copy with the same digest', async () => {
    expect((await loadV4Classifier(dir)).artifactDigest).toBe(
      (await loadV4Classifier()).artifactDigest,
    );
  });

  it('refuses edited weights (digest mismatch)', async () => {
    await edit((m) => {
      m.weights.values[0] = m.weights.values[0]! * 2;
    });
    await expect(loadV4Classifier(dir)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(/does not match metadata\.json/),
    });
  });

  it('refuses weights trained on other feature settings', async () => {
    await edit((m) => {
      m.features.charNgrams = [3, 4, 5];
    });
    await expect(loadV4Classifier(dir)).rejects.toMatchObject({
      message: expect.stringMatching(/trained on feature settings/),
    });
  });

  it('refuses a file that is not a linear model, and a missing one', async () => {
    await edit((m) => {
      delete m.bias;
    });
    await expect(loadV4Classifier(dir)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(/invalid linear model/),
    });
    await fs.rm(path.join(dir, V4_MODEL_FILE));
    await expect(loadV4Classifier(dir)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses metadata of another version', async () => {
    const file = path.join(dir, 'metadata.json');
    const meta = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
    await fs.writeFile(file, JSON.stringify({ ...meta, version: 'V1' }));
    await expect(loadV4Classifier(dir)).rejects.toMatchObject({
      message: expect.stringMatching(/metadata\.json is for V1, not V4/),
    });
  });
});
