import { initTfjs, tf } from '../classifiers/tfjsBackend';
import { BestWeights, isBetterEpoch } from './bestEpoch';

/** A one-layer model whose weights we set by hand: [kernel 2×1, bias 1]. */
function tinyModel(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: 'zeros' }));
  return m;
}

/** Gives the model weights that spell `v`: kernel [v, v + 0.5], bias [−v]. */
function setTo(model: tf.LayersModel, v: number) {
  const w = [tf.tensor2d([[v], [v + 0.5]]), tf.tensor1d([-v])];
  model.setWeights(w);
  w.forEach((t) => t.dispose());
}

const weightsOf = (model: tf.LayersModel) => model.getWeights().map((t) => [...t.dataSync()]);

beforeAll(async () => {
  await initTfjs();
});

describe('isBetterEpoch', () => {
  it('prefers the higher accuracy, then the lower loss; anything beats nothing', () => {
    const e = (epoch: number, accuracy: number, loss: number) => ({ epoch, accuracy, loss });
    expect(isBetterEpoch(e(2, 0.9, 0.5), e(1, 0.8, 0.1))).toBe(true);
    expect(isBetterEpoch(e(2, 0.8, 0.1), e(1, 0.9, 0.5))).toBe(false);
    expect(isBetterEpoch(e(2, 0.9, 0.2), e(1, 0.9, 0.3))).toBe(true);
    expect(isBetterEpoch(e(2, 0.9, 0.3), e(1, 0.9, 0.2))).toBe(false);
    // A full tie keeps the earlier epoch.
    expect(isBetterEpoch(e(2, 0.9, 0.3), e(1, 0.9, 0.3))).toBe(false);
    expect(isBetterEpoch(e(1, 0, 9), undefined)).toBe(true);
  });
});

describe('BestWeights', () => {
  it('restores the weights of the best epoch, not the last', () => {
    const model = tinyModel();
    const keeper = new BestWeights(model);
    // epoch: [weights, val accuracy, val loss]
    const epochs: [number, number, number][] = [
      [1, 0.8, 0.5],
      [2, 0.9, 0.4], // better
      [3, 0.85, 0.3],
      [4, 0.9, 0.35], // best: same accuracy as 2, lower loss
      [5, 0.9, 0.35], // full tie with 4: 4 stays
      [6, 0.7, 0.9], // the last, and the worst
    ];
    const improved = epochs.map(([v, accuracy, loss], i) => {
      setTo(model, v);
      return keeper.observe({ epoch: i + 1, accuracy, loss }).improved;
    });
    expect(improved).toEqual([true, true, false, true, false, false]);
    expect(weightsOf(model)).toEqual([[6, 6.5], [-6]]);
    expect(keeper.restore()).toEqual({ epoch: 4, accuracy: 0.9, loss: 0.35 });
    expect(weightsOf(model)).toEqual([[4, 4.5], [-4]]);
    keeper.dispose();
    model.dispose();
  });

  it('keeps a copy: changing the model after the best epoch does not change what is restored', () => {
    const model = tinyModel();
    const keeper = new BestWeights(model);
    setTo(model, 1);
    keeper.observe({ epoch: 1, accuracy: 0.5, loss: 1 });
    setTo(model, 2);
    keeper.observe({ epoch: 2, accuracy: 0.4, loss: 1 });
    keeper.restore();
    expect(weightsOf(model)).toEqual([[1, 1.5], [-1]]);
    keeper.dispose();
    model.dispose();
  });

  it('says stop after `patience` epochs in a row without a better one', () => {
    const model = tinyModel();
    const keeper = new BestWeights(model, 2);
    const stops = [0.5, 0.6, 0.6, 0.7, 0.65, 0.6, 0.9].map(
      (accuracy, i) => keeper.observe({ epoch: i + 1, accuracy, loss: 0.5 }).stop,
    );
    // 3: no gain (1), 4: best, 5: (1), 6: (2) → stop.
    expect(stops).toEqual([false, false, false, false, false, true, false]);
    expect(keeper.best).toEqual({ epoch: 7, accuracy: 0.9, loss: 0.5 });
    const never = new BestWeights(model);
    expect(
      [0.9, 0.1, 0.1, 0.1].map(
        (a, i) => never.observe({ epoch: i + 1, accuracy: a, loss: 1 }).stop,
      ),
    ).toEqual([false, false, false, false]);
    keeper.dispose();
    never.dispose();
    model.dispose();
  });

  it('frees its copy, and refuses bad patience, bad scores and an empty restore', () => {
    const model = tinyModel();
    const before = tf.memory().numTensors;
    const keeper = new BestWeights(model);
    expect(() => keeper.restore()).toThrow('no epoch observed: nothing to restore');
    keeper.observe({ epoch: 1, accuracy: 0.5, loss: 1 });
    keeper.observe({ epoch: 2, accuracy: 0.6, loss: 1 });
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(() => keeper.observe({ epoch: 2, accuracy: 0.7, loss: 1 })).toThrow(
      'epoch 2 after epoch 2',
    );
    expect(() => keeper.observe({ epoch: 3, accuracy: NaN, loss: 1 })).toThrow(RangeError);
    keeper.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => new BestWeights(model, 0)).toThrow('patience must be a positive integer, got 0');
    model.dispose();
  });
});
