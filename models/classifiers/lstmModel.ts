/**
 * The TensorFlow.js layers model of a V2/V3 spec: embedding → spatial dropout → LSTM → dense
 * softmax over (ham, spam). Training builds and fits it; tests and training's scoring run its
 * `predict` (serving runs the same weights in lstmInference instead).
 */
import type { LstmSpec } from './lstmSpec';
import { tf } from './tfjsBackend';

/**
 * Builds the (uncompiled) layers model of `spec`; every initializer and dropout layer that takes
 * a seed gets one derived from `seed`.
 */
export function buildLstmModel(spec: LstmSpec, seed: number): tf.Sequential {
  const s = (k: number) => (seed + k * 7919) % 2 ** 31;
  const model = tf.sequential({ name: `spamgraph_${spec.version.toLowerCase()}` });
  model.add(
    tf.layers.embedding({
      inputDim: spec.vocabulary,
      outputDim: spec.embeddingDim,
      inputLength: spec.sequenceLength,
      embeddingsInitializer: tf.initializers.randomUniform({
        minval: -0.05,
        maxval: 0.05,
        seed: s(1),
      }),
      name: 'embedding',
    }),
  );
  model.add(tf.layers.spatialDropout1d({ rate: spec.spatialDropout, seed: s(2), name: 'dropout' }));
  model.add(
    tf.layers.lstm({
      units: spec.lstmUnits,
      dropout: spec.lstmDropout,
      kernelInitializer: tf.initializers.glorotUniform({ seed: s(3) }),
      recurrentInitializer: tf.initializers.orthogonal({ gain: 1, seed: s(4) }),
      name: 'lstm',
    }),
  );
  model.add(
    tf.layers.dense({
      units: 2,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: s(5) }),
      name: 'softmax',
    }),
  );
  return model;
}

/** Spam probabilities of a batch of (checked) id vectors: one `predict` call. */
export async function lstmProba(
  model: tf.LayersModel,
  batch: readonly (readonly number[])[],
  sequenceLength: number,
): Promise<number[]> {
  if (batch.length === 0) return [];
  const spam = tf.tidy(() => {
    const x = tf.tensor2d(
      batch.map((r) => [...r]),
      [batch.length, sequenceLength],
      'float32',
    );
    const y = model.predict(x) as tf.Tensor2D;
    return y.slice([0, 1], [batch.length, 1]).reshape([batch.length]);
  });
  try {
    return Array.from(await spam.data());
  } finally {
    spam.dispose();
  }
}
