import { createRng } from '../classifiers/random';
import { initTfjs, tf } from '../classifiers/tfjsBackend';
import { runEpochs, scoreLstm, type EpochDone } from './lstmEpochs';

/** A tiny softmax classifier on 3 inputs: enough to train, fast to run. */
function tinyModel(): tf.LayersModel {
  const m = tf.sequential();
  m.add(
    tf.layers.dense({
      inputShape: [3],
      units: 2,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
    }),
  );
  m.compile({ optimizer: tf.train.sgd(0.5), loss: 'sparseCategoricalCrossentropy' });
  return m;
}

const rows = {
  X: [
    [0, 0, 1],
    [0, 1, 1],
    [1, 0, 0],
    [1, 1, 0],
    [0, 0, 2],
    [2, 0, 0],
  ],
  y: [0, 0, 1, 1, 0, 1],
};
const plan = (epochs: number) => ({ epochs, batchSize: 4, sequenceLength: 3, rng: createRng(5) });

beforeAll(async () => {
  await initTfjs();
});

describe('runEpochs', () => {
  it('runs every epoch without a check, reporting each', async () => {
    const model = tinyModel();
    const done: EpochDone[] = [];
    const run = await runEpochs(model, rows, plan(3), { done: (e) => done.push(e) });
    expect(run.stoppedEarly).toBe(false);
    expect(run.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(done).toEqual(run.epochs);
    expect(done.every((e) => e.note === '' && e.loss > 0 && e.elapsed >= e.seconds)).toBe(true);
    // Training on these separable rows lowers the loss.
    expect(run.epochs[2]!.loss).toBeLessThan(run.epochs[0]!.loss);
    model.dispose();
  });

  it('stops when a check says so, but not early on the last epoch', async () => {
    const model = tinyModel();
    const checked: number[] = [];
    const check = (epoch: number) => {
      checked.push(epoch);
      return Promise.resolve({ stop: epoch >= 2, note: ` check ${epoch}` });
    };
    const early = await runEpochs(model, rows, plan(4), { check, done: () => {} });
    expect(early.stoppedEarly).toBe(true);
    expect(early.epochs.map((e) => e.note)).toEqual([' check 1', ' check 2']);
    const last = await runEpochs(model, rows, plan(2), { check, done: () => {} });
    expect(last.stoppedEarly).toBe(false);
    expect(checked).toEqual([1, 2, 1, 2]);
    model.dispose();
  });

  it('gives the same losses for the same seed (batches shuffled by the plan generator)', async () => {
    const losses = async () => {
      const model = tinyModel();
      const run = await runEpochs(model, rows, plan(2), { done: () => {} });
      model.dispose();
      return run.epochs.map((e) => e.loss);
    };
    expect(await losses()).toEqual(await losses());
  });
});

describe('scoreLstm', () => {
  it('scores predictions against labels, with the mean cross-entropy', async () => {
    const model = tinyModel();
    const { metrics, loss } = await scoreLstm(model, rows, 3);
    expect(metrics.n).toBe(6);
    expect(metrics.confusion.tp + metrics.confusion.fn).toBe(3);
    expect(loss).toBeGreaterThan(0);
    model.dispose();
  });
});
