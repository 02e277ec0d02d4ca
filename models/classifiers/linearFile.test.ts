import { readLabeledCsvFile } from '../dataset/labeledCsvFile';
import { BadUserInputError } from '../../platform/errors';
import { extractV3, FEATURES_V3_DIMENSION, V3_SETTINGS, type SparseVector } from '../features';
import { fixtures } from '../testing/fixtures';
import { trainLinear, type LinearOptions } from './linear';
import {
  calibratedProba,
  linearDigest,
  linearFile,
  parseLinearFile,
  type CalibratedLinear,
  type LinearFile,
} from './linearFile';

const OPTIONS: LinearOptions = {
  loss: 'squaredHinge',
  l2: 1e-3,
  spamWeight: 1.5,
  maxIterations: 200,
};

/** A model trained on the fixture texts (features v3), with a made-up Platt map. */
async function trained(): Promise<{ model: CalibratedLinear; X: SparseVector[] }> {
  const rows = await readLabeledCsvFile(fixtures.goodCsv);
  const X = rows.map((r) => extractV3(r.text));
  const y = rows.map((r) => (r.label === 'spam' ? 1 : 0));
  const { model } = trainLinear(X, y, FEATURES_V3_DIMENSION, OPTIONS);
  return { model: { model, platt: { a: 1.3, b: -0.2 } }, X };
}

/** The file as it comes back from disk: through JSON text. */
const throughJson = (f: LinearFile): unknown => JSON.parse(JSON.stringify(f, null, 2));

describe('linearFile', () => {
  it('keeps only the non-zero weights, indices increasing, and the settings and options', async () => {
    const { model } = await trained();
    const file = linearFile(model, OPTIONS, V3_SETTINGS);
    const { indices, values } = file.weights;
    expect(indices.length).toBeGreaterThan(100);
    expect(indices.length).toBe([...model.model.weights].filter((w) => w !== 0).length);
    expect(values.every((w) => w !== 0)).toBe(true);
    indices.forEach((i, k) => k > 0 && expect(i).toBeGreaterThan(indices[k - 1]!));
    expect(file).toMatchObject({
      format: 'spamgraph.linear-model',
      formatVersion: 1,
      dimension: FEATURES_V3_DIMENSION,
      options: OPTIONS,
      calibration: { method: 'platt', a: 1.3, b: -0.2 },
      bias: model.model.bias,
    });
    expect(file.features).toEqual({
      ...V3_SETTINGS,
      wordNgrams: [1, 2],
      patterns: [...V3_SETTINGS.patterns],
    });
  });
});

describe('parseLinearFile', () => {
  it('round-trips through JSON to identical predictions and the same digest', async () => {
    const { model, X } = await trained();
    const file = linearFile(model, OPTIONS, V3_SETTINGS);
    const loaded = parseLinearFile(throughJson(file), 'model.json');
    expect(calibratedProba(loaded, X)).toEqual(calibratedProba(model, X));
    const bytes = (w: Float64Array) => Buffer.from(w.buffer, w.byteOffset, w.byteLength);
    expect(bytes(loaded.model.weights).equals(bytes(model.model.weights))).toBe(true);
    expect(linearDigest(loaded.file)).toBe(linearDigest(file));
    expect(linearDigest(file)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('digests content, not layout: key order on disk does not matter, a weight does', async () => {
    const { model } = await trained();
    const file = linearFile(model, OPTIONS, V3_SETTINGS);
    const reordered = Object.fromEntries(Object.entries(file).reverse()) as unknown as LinearFile;
    expect(linearDigest(reordered)).toBe(linearDigest(file));
    const edited = structuredClone(file);
    edited.weights.values[0] = edited.weights.values[0]! + 1e-6;
    expect(linearDigest(edited)).not.toBe(linearDigest(file));
  });

  it('rejects a file that is not a usable model, naming the problem', async () => {
    const { model } = await trained();
    const good = linearFile(model, OPTIONS, V3_SETTINGS);
    const variant = (edit: (f: LinearFile) => void): unknown => {
      const f = structuredClone(good);
      edit(f);
      return f;
    };
    const cases: [unknown, RegExp][] = [
      [{ ...good, format: 'other' }, /format/],
      [variant((f) => (f.dimension = 10)), /dimension 10 does not match its feature settings/],
      [variant((f) => f.weights.indices.reverse()), /weight index 1 out of range or out of order/],
      [variant((f) => (f.weights.indices[0] = -1)), /weight index 0 out of range/],
      [variant((f) => f.weights.values.pop()), /weight indices but .* values/],
      [variant((f) => (f.weights.values[3] = 0)), /weights must leave zeros out/],
      [variant((f) => (f.features.bits = 17)), /dimension .* does not match/],
      [{ ...good, calibration: { method: 'isotonic' } }, /calibration/],
      [variant((f) => (f.options.loss = 'hinge' as 'logistic')), /options.loss/],
    ];
    for (const [json, message] of cases) {
      expect(() => parseLinearFile(json, 'm.json')).toThrow(BadUserInputError);
      expect(() => parseLinearFile(json, 'm.json')).toThrow(message);
    }
  });
});

describe('calibratedProba', () => {
  it('applies the Platt map to the decision value', () => {
    const model = { dimension: 2, weights: Float64Array.of(2, 0), bias: -1 };
    const p = calibratedProba({ model, platt: { a: 0.5, b: 0.25 } }, [
      { indices: [0], values: [1] },
      { indices: [], values: [] },
    ]);
    expect(p).toEqual([1 / (1 + Math.exp(-0.75)), 1 / (1 + Math.exp(0.25))]);
  });
});
