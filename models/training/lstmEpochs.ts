/**
 * Epochs of a V2/V3 model: one pass over the rows in seeded shuffled mini-batches, the loop of
 * epochs that the first run (with validation after each) and the refit (without) both use, and
 * the scoring of a model on rows.
 */
import { performance } from 'node:perf_hooks';
import { labelOf } from '../versions';
import { computeMetrics, type Metrics } from '../classifiers/metrics';
import { lstmProba } from '../classifiers/lstmModel';
import { shuffleInPlace, type Rng } from '../classifiers/random';
import { tf } from '../classifiers/tfjsBackend';
import type { Rows } from './lstmRows';

/** Keras' clipping of probabilities in the cross-entropy. */
const EPSILON = 1e-7;

/** Metrics and mean sparse categorical cross-entropy of the model (inference mode) on rows. */
export async function scoreLstm(
  model: tf.LayersModel,
  rows: Rows,
  length: number,
): Promise<{ metrics: Metrics; loss: number }> {
  const { X, y } = rows;
  const p: number[] = [];
  for (let i = 0; i < X.length; i += 512) {
    p.push(...(await lstmProba(model, X.slice(i, i + 512), length)));
  }
  const clip = (v: number) => Math.min(1 - EPSILON, Math.max(EPSILON, v));
  const loss = p.reduce((sum, v, i) => sum - Math.log(clip(y[i] === 1 ? v : 1 - v)), 0) / p.length;
  const metrics = computeMetrics(
    y,
    p.map((v) => (labelOf(v) === 'spam' ? 1 : 0)),
  );
  return { metrics, loss };
}

/** How to run epochs. */
export interface EpochPlan {
  /** At most this many. */
  epochs: number;
  batchSize: number;
  sequenceLength: number;
  /** Shuffles the rows before each epoch. */
  rng: Rng;
}

/**
 * One pass over `rows` in batches, in an order freshly shuffled by the plan's generator
 * (`order` is reused between epochs); returns the mean training loss.
 */
async function fitEpoch(
  model: tf.LayersModel,
  rows: Rows,
  order: number[],
  plan: EpochPlan,
): Promise<number> {
  shuffleInPlace(order, plan.rng);
  let lossSum = 0;
  for (let i = 0; i < order.length; i += plan.batchSize) {
    const idx = order.slice(i, i + plan.batchSize);
    const x = tf.tensor2d(
      idx.map((j) => rows.X[j]!),
      [idx.length, plan.sequenceLength],
      'float32',
    );
    const yb = tf.tensor1d(
      idx.map((j) => rows.y[j]!),
      'float32',
    );
    try {
      const loss = await model.trainOnBatch(x, yb);
      lossSum += (Array.isArray(loss) ? loss[0]! : loss) * idx.length;
    } finally {
      x.dispose();
      yb.dispose();
    }
  }
  return lossSum / order.length;
}

/** One epoch run. */
export interface EpochDone {
  epoch: number;
  /** Mean training loss. */
  loss: number;
  /** Of this epoch, its check included. */
  seconds: number;
  /** Since the first epoch started. */
  elapsed: number;
  /** What the check had to say (e.g. validation scores), or ''. */
  note: string;
}

/** What happens between epochs. */
export interface EpochHooks {
  /** Scores the model after an epoch; `stop` ends the run early. */
  check?: (epoch: number) => Promise<{ stop: boolean; note: string }>;
  /** Reports an epoch (after its check). */
  done: (epoch: EpochDone) => void;
}

/** The epochs of a run. */
export interface EpochsRun {
  epochs: EpochDone[];
  /** True when a check stopped the run before the plan's last epoch. */
  stoppedEarly: boolean;
  seconds: number;
}

/** Trains `model` on `rows` for the plan's epochs, or until a check stops it. */
export async function runEpochs(
  model: tf.LayersModel,
  rows: Rows,
  plan: EpochPlan,
  hooks: EpochHooks,
): Promise<EpochsRun> {
  const order = rows.X.map((_, i) => i);
  const epochs: EpochDone[] = [];
  const started = performance.now();
  for (let epoch = 1; epoch <= plan.epochs; epoch++) {
    const t0 = performance.now();
    const loss = await fitEpoch(model, rows, order, plan);
    const verdict = (await hooks.check?.(epoch)) ?? { stop: false, note: '' };
    const now = performance.now();
    const done = {
      epoch,
      loss,
      seconds: (now - t0) / 1000,
      elapsed: (now - started) / 1000,
      note: verdict.note,
    };
    epochs.push(done);
    hooks.done(done);
    if (verdict.stop && epoch < plan.epochs) {
      return { epochs, stoppedEarly: true, seconds: (performance.now() - started) / 1000 };
    }
  }
  return { epochs, stoppedEarly: false, seconds: (performance.now() - started) / 1000 };
}
