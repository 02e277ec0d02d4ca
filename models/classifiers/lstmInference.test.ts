/** The serving forward pass against the tfjs model's own predict, on the committed V2 and V3. */
import { lstmInferenceOf } from './lstm';
import { loadLstmArtifact } from './lstmArtifact';
import { lstmProba } from './lstmModel';
import { LSTM_SPECS } from './lstmSpec';
import { createRng } from './random';

/** Pre-padded sequences of every shape serving can meet. */
function sequences(): number[][] {
  const rng = createRng(11);
  const seqs: number[][] = [
    Array.from({ length: 30 }, () => 0), // padding only
    Array.from({ length: 30 }, (_, j) => 1 + ((j * 37) % 179)), // no padding
    [...Array.from({ length: 29 }, () => 0), 5], // one token
    [...Array.from({ length: 20 }, () => 0), 4, 0, 0, 9, 0, 17, 2, 0, 0, 3], // zeros inside
  ];
  for (let i = 0; i < 60; i++) {
    const n = 1 + rng.int(30);
    seqs.push(Array.from({ length: 30 }, (_, j) => (j < 30 - n ? 0 : 1 + rng.int(179))));
  }
  return seqs;
}

describe.each(['V2', 'V3'] as const)('LstmInference %s', (version) => {
  it.each(['javascript', 'tfjs'] as const)(
    'the %s engine matches model.predict within 1e-5, in order, for any batch size',
    async (engine) => {
      const { model } = await loadLstmArtifact(version);
      const spec = LSTM_SPECS[version];
      const inference = lstmInferenceOf(model, spec, engine);
      const batch = sequences();
      const expected = await lstmProba(model, batch, 30);
      const got = inference.predict(batch);
      expect(got).toHaveLength(batch.length);
      got.forEach((p, i) => expect(Math.abs(p - (expected[i] as number))).toBeLessThan(1e-5));
      // one at a time gives the same as in a batch
      expect(inference.predict([batch[3]!])[0]).toBeCloseTo(got[3]!, 6);
      expect(inference.predict([])).toEqual([]);
      model.dispose();
    },
  );

  it('picks the engine by size: JavaScript for V2, tfjs for V3', async () => {
    const { model } = await loadLstmArtifact(version);
    expect(lstmInferenceOf(model, LSTM_SPECS[version]).engine).toBe(
      version === 'V2' ? 'javascript' : 'tfjs',
    );
    model.dispose();
  });
});
