import { ensureUnsortedSegmentSum, initTfjs, tf, unsortedSegmentSumHost } from './tfjsBackend';

describe('unsortedSegmentSumHost', () => {
  it('sums rows into their segments and drops out-of-range ids', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8];
    expect(Array.from(unsortedSegmentSumHost(x, [2, 0, 2, 9], 3))).toEqual([3, 4, 0, 0, 6, 8]);
    expect(Array.from(unsortedSegmentSumHost([], [], 2))).toEqual([]);
  });
});

describe('the tfjs backend', () => {
  it('is picked once: wasm here (no tfjs-node), with UnsortedSegmentSum registered', async () => {
    const info = await initTfjs();
    expect(await initTfjs()).toBe(info);
    expect(info.name).toBe('wasm');
    expect(info.skipped[0]).toMatch(/^tensorflow: .*Cannot find module '@tensorflow\/tfjs-node'/);
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeDefined();
    expect(ensureUnsortedSegmentSum('wasm')).toBe(false); // already there
  });

  it('runs UnsortedSegmentSum on wasm like TensorFlow', async () => {
    await initTfjs();
    const out = tf.tidy(() =>
      tf.unsortedSegmentSum(
        tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]),
        tf.tensor1d([1, 1, 0], 'int32'),
        3,
      ),
    );
    expect(out.shape).toEqual([3, 2]);
    expect(Array.from(await out.data())).toEqual([5, 6, 4, 6, 0, 0]);
    out.dispose();
  });

  it('trains an Embedding on wasm: the loss goes down, no tensor leaks', async () => {
    await initTfjs();
    const before = tf.memory().numTensors;
    const model = tf.sequential();
    model.add(tf.layers.embedding({ inputDim: 10, outputDim: 4, inputLength: 3 }));
    model.add(tf.layers.flatten());
    model.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'sparseCategoricalCrossentropy' });
    // Label: whether token 7 occurs.
    const rows = [
      [7, 1, 2],
      [3, 7, 4],
      [5, 6, 7],
      [1, 2, 3],
      [4, 5, 6],
      [8, 9, 1],
    ];
    const x = tf.tensor2d(rows, [6, 3], 'float32');
    const y = tf.tensor1d([1, 1, 1, 0, 0, 0], 'float32');
    const history = await model.fit(x, y, { epochs: 30, batchSize: 6, shuffle: false, verbose: 0 });
    const loss = history.history.loss as number[];
    expect(loss[loss.length - 1]!).toBeLessThan(loss[0]! / 3);
    x.dispose();
    y.dispose();
    model.optimizer.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
