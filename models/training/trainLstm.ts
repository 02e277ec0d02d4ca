/**
 * Trains models V2 and V3: features v2 (token ids) and labels from the feature store as of the
 * v2 time freeze (2020-07-02), the same stratified 75/25 split and metrics as V1, an LSTM in
 * TensorFlow.js (Adam, sparse categorical cross-entropy, batches shuffled with a seeded
 * generator), and the artifact (`model.json` + `weights.bin` + `metadata.json`).
 *
 * Model selection never looks at the test split: a stratified, seeded validation set is carved
 * out of the training split (15 % by default), the model is scored on it after every epoch, and
 * the best epoch is the one of highest validation accuracy (ties → lower validation loss). Then,
 * as scikit-learn's `refit=True` does after a search, a fresh model with the same seed is trained
 * on the whole training split (fit + validation rows) for exactly that many epochs, and that
 * model is evaluated once on the test split and saved. Without refit the best epoch's weights
 * themselves are saved.
 *
 * The steps live beside it: options (lstmOptions.ts), rows (lstmRows.ts), epochs
 * (lstmEpochs.ts) and the metadata record (lstmRecord.ts).
 */
import { BadUserInputError } from '../../platform/errors';
import { DEFAULT_TOKENIZER_PATH, loadTokenizer, tokenizerDigest } from '../features';
import {
  LSTM_ARTIFACT_DIRS,
  LSTM_SPECS,
  type LstmSpec,
  type LstmVersion,
} from '../classifiers/lstmSpec';
import { saveLstmArtifact } from '../classifiers/lstmArtifact';
import { buildLstmModel } from '../classifiers/lstmModel';
import { formatMetrics } from '../classifiers/metrics';
import { createRng, deriveSeed } from '../classifiers/random';
import { initTfjs, tf, type TfjsBackendInfo } from '../classifiers/tfjsBackend';
import { BestWeights, type EpochScore } from './bestEpoch';
import { runEpochs, scoreLstm, type EpochsRun } from './lstmEpochs';
import {
  resolveLstmSettings,
  type ResolvedLstmSettings,
  type TrainLstmOptions,
} from './lstmOptions';
import {
  lstmTrainingRecord,
  refitRecord,
  validationRecord,
  type RefitRecord,
  type ValidationRecord,
} from './lstmRecord';
import { loadLstmData, splitLstmRows, type LstmRows } from './lstmRows';
import { labelOrigins } from './trainingData';
import type { TrainResult } from './types';

/** One run: what it trains, on which rows, with which settings, and where it reports. */
interface LstmRun {
  spec: LstmSpec;
  settings: ResolvedLstmSettings;
  rows: LstmRows;
  say: (line: string) => void;
}

/** A fresh model of the run's spec and seed, compiled with Adam at its learning rate. */
function compiledModel(run: LstmRun): tf.LayersModel {
  const m = buildLstmModel(run.spec, run.settings.seed);
  m.compile({
    optimizer: tf.train.adam(run.settings.learningRate),
    loss: 'sparseCategoricalCrossentropy',
  });
  return m;
}

/** The line that opens the epochs. */
function runLine(s: ResolvedLstmSettings, backend: TfjsBackendInfo): string {
  const selection =
    s.validationFraction > 0
      ? `; keeping the best epoch by validation accuracy${s.patience !== undefined ? `, patience ${s.patience}` : ''}`
      : '';
  return `tfjs ${tf.version.tfjs}, backend ${backend.name}; ${s.epochs} epochs, batch size ${s.batchSize}, learning rate ${s.learningRate}${selection}`;
}

/** The first run, on the fit rows, scored on the validation rows after each epoch if any. */
async function fitPhase(
  run: LstmRun,
  model: tf.LayersModel,
  keeper: BestWeights | undefined,
): Promise<{ fit: EpochsRun; scores: EpochScore[] }> {
  const { spec, settings, rows, say } = run;
  const scores: EpochScore[] = [];
  const check =
    keeper &&
    (async (epoch: number) => {
      const v = await scoreLstm(model, rows.validation, spec.sequenceLength);
      const score = { epoch, accuracy: v.metrics.accuracy, loss: v.loss };
      scores.push(score);
      const verdict = keeper.observe(score);
      const note = `, val loss ${v.loss.toFixed(4)}, val accuracy ${v.metrics.accuracy.toFixed(4)}${verdict.improved ? ' (best)' : ''}`;
      return { stop: verdict.stop, note };
    });
  const plan = {
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    sequenceLength: spec.sequenceLength,
    rng: createRng(deriveSeed(settings.seed, 'batches')),
  };
  const fit = await runEpochs(model, rows.fit, plan, {
    ...(check && { check }),
    done: (e) =>
      say(
        `epoch ${e.epoch}/${settings.epochs}: loss ${e.loss.toFixed(4)}${e.note}, ${e.seconds.toFixed(1)} s (elapsed ${e.elapsed.toFixed(1)} s)`,
      ),
  });
  return { fit, scores };
}

/** Restores the best epoch's weights into the model and records how validation picked it. */
async function keepBestEpoch(
  run: LstmRun,
  model: tf.LayersModel,
  keeper: BestWeights,
  fit: EpochsRun,
): Promise<ValidationRecord> {
  const best = keeper.restore();
  const v = await scoreLstm(model, run.rows.validation, run.spec.sequenceLength);
  if (fit.stoppedEarly) {
    run.say(
      `stopped after epoch ${fit.epochs.length}: no better validation accuracy for ${run.settings.patience} epochs`,
    );
  }
  run.say(
    `kept the weights of epoch ${best.epoch}: val accuracy ${best.accuracy.toFixed(4)}, val loss ${best.loss.toFixed(4)}`,
  );
  return validationRecord(run.settings, run.rows, fit, best, v.metrics);
}

/** Trains `model` (fresh) on the whole training split for the best epoch count. */
async function refitPhase(
  run: LstmRun,
  model: tf.LayersModel,
  bestEpoch: number,
): Promise<RefitRecord> {
  const { spec, settings, rows, say } = run;
  const rng = createRng(deriveSeed(settings.seed, 'refit batches'));
  say(
    `refit: a fresh model on all ${rows.train.X.length} training rows for ${bestEpoch} epoch(s), the best epoch on validation`,
  );
  const plan = {
    epochs: bestEpoch,
    batchSize: settings.batchSize,
    sequenceLength: spec.sequenceLength,
    rng,
  };
  const refit = await runEpochs(model, rows.train, plan, {
    done: (e) =>
      say(
        `refit epoch ${e.epoch}/${bestEpoch}: loss ${e.loss.toFixed(4)}, ${e.seconds.toFixed(1)} s`,
      ),
  });
  return refitRecord(rows.train.X.length, refit);
}

/**
 * Trains, evaluates and saves V2 or V3.
 *
 * @throws BadUserInputError when no id is given, an option is invalid, or too few labeled rows
 *   of each class are left for a stratified split; NotFoundError before `fs apply`.
 */
export async function trainLstm(
  version: LstmVersion,
  opts: TrainLstmOptions,
): Promise<TrainResult> {
  const settings = resolveLstmSettings(version, opts);
  if (opts.ids.length === 0) throw new BadUserInputError('no sms ids to train on');
  const spec = LSTM_SPECS[version];
  const outDir = opts.outDir ?? LSTM_ARTIFACT_DIRS[version];
  const say = (line: string) => opts.onProgress?.(`models: ${version}: ${line}`);
  const tokenizer = await loadTokenizer(opts.tokenizerPath ?? DEFAULT_TOKENIZER_PATH);
  const data = await loadLstmData(spec, opts.store, opts.ids, say, opts.asOf);
  const rows = splitLstmRows(data, settings.seed, settings.validationFraction, say);
  const run: LstmRun = { spec, settings, rows, say };

  const backend = await initTfjs();
  say(runLine(settings, backend));
  const model = compiledModel(run);
  let refitModel: tf.LayersModel | undefined;
  const keeper =
    settings.validationFraction > 0 ? new BestWeights(model, settings.patience) : undefined;
  try {
    const { fit, scores } = await fitPhase(run, model, keeper);
    const validation = keeper && (await keepBestEpoch(run, model, keeper, fit));
    let refit: RefitRecord | undefined;
    if (settings.refit && validation) {
      refitModel = compiledModel(run);
      refit = await refitPhase(run, refitModel, validation.bestEpoch);
    }
    const final = refitModel ?? model;
    const trainedOn = refitModel ? rows.train : rows.fit;
    // The one look at the test split, with the model validation picked.
    const { metrics } = await scoreLstm(final, rows.test, spec.sequenceLength);
    const { metrics: trainMetrics } = await scoreLstm(final, trainedOn, spec.sequenceLength);
    say(`test ${formatMetrics(metrics)}`);

    const record = lstmTrainingRecord({
      spec,
      settings,
      data,
      rows,
      backend,
      model: final,
      metrics,
      trainMetrics,
      trainMetricsRows: trainedOn.X.length,
      fit,
      scores,
      validation,
      refit,
      tokenizerDigest: tokenizerDigest(tokenizer),
      labels: labelOrigins(data.ids, opts.datasetIds),
      trainedAt: opts.now?.() ?? new Date(),
    });
    const artifactDigest = await saveLstmArtifact(outDir, final, record);
    return { version, outDir, artifactDigest, metadata: { ...record, artifactDigest } };
  } finally {
    keeper?.dispose();
    model.dispose();
    refitModel?.dispose();
  }
}

/** Trains, evaluates and saves V2 (see {@link trainLstm}). */
export const trainV2 = (opts: TrainLstmOptions): Promise<TrainResult> => trainLstm('V2', opts);

/** Trains, evaluates and saves V3 (see {@link trainLstm}). */
export const trainV3 = (opts: TrainLstmOptions): Promise<TrainResult> => trainLstm('V3', opts);
