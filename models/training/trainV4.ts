/**
 * Trains model V4: features v3 and labels from the feature store (point-in-time, as of the V4
 * time freeze or `asOf`), the stratified 75/25 split every version uses, then on the training
 * rows only: each candidate loss / L2 penalty trained on {@link V4_CARVES} validation carves,
 * the best by calibrated validation log loss, refit on every training row, and a Platt map
 * fitted on the carves' held-out scores. The test split is scored once, at the end; its
 * metrics, reliability table and per-part metrics go into the training record.
 */
import { performance } from 'node:perf_hooks';
import { BadUserInputError } from '../../platform/errors';
import {
  FEATURES_V3_DIMENSION,
  V3_SETTINGS,
  sparseVectorProblem,
  type SparseVector,
} from '../features';
import type { FeatureValue } from '../../feature-store';
import { labelOf } from '../versions';
import { deriveSeed } from '../classifiers/random';
import { dataAndSplit, type ModelMetadata } from '../classifiers/metadata';
import {
  applyPlatt,
  fitPlatt,
  reliabilityTable,
  roundedReliability,
} from '../classifiers/calibration';
import {
  decisionValues,
  trainLinear,
  type LinearOptions,
  type LinearReport,
} from '../classifiers/linear';
import type { CalibratedLinear } from '../classifiers/linearFile';
import {
  DEFAULT_CANDIDATES,
  selectLinear,
  type Candidate,
  type Selection,
} from '../classifiers/linearSelection';
import {
  V4_ARTIFACT_DIR,
  V4_FEATURE_SERVICE,
  V4_TIME_FREEZE,
  saveV4Artifact,
  FEATURES_V3_NAMES,
} from '../classifiers/v4';
import { computeMetrics, formatMetrics, type Metrics } from '../classifiers/metrics';
import { checkTrainingSeed } from './optionChecks';
import { stratifiedSplit, validationSplit } from './split';
import { labelOrigins, loadLabeledVectors, type LabeledVectors } from './trainingData';
import { DEFAULT_SEED, TEST_FRACTION, type TrainOptions, type TrainResult } from './types';

/** Validation carves of the training rows, and the share of them each holds out. */
export const V4_CARVES = { count: 3, fraction: 0.2 } as const;

/** L-BFGS iteration cap of every fit. */
const MAX_ITERATIONS = 1000;

/** Options of {@link trainV4}: the common ones, plus the candidates to choose from. */
export interface TrainV4Options extends TrainOptions {
  /** Settings to choose from (default {@link DEFAULT_CANDIDATES}). */
  candidates?: readonly Candidate[];
  /**
   * Which part of the data each id belongs to, for the per-part metrics of the record (e.g.
   * `sms` / `youtube`); ids it returns null for count only overall.
   */
  partOf?: (smsId: string) => string | null;
}

/**
 * A v3 vector from the store's `indices` and `values` lists, or null when one is missing.
 *
 * @throws BadUserInputError for a stored vector that is not a valid sparse vector.
 */
function sparseOf(values: Readonly<Record<string, FeatureValue>>): SparseVector | null {
  const [iName, vName] = FEATURES_V3_NAMES;
  const indices = values[iName] ?? null;
  const vals = values[vName] ?? null;
  if (indices === null || vals === null) return null;
  const v = { indices, values: vals } as SparseVector;
  const problem = sparseVectorProblem(v, FEATURES_V3_DIMENSION);
  if (problem) throw new BadUserInputError(`${V4_FEATURE_SERVICE}: stored vector ${problem}`);
  return v;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

type Say = (line: string) => void;
type V4Data = LabeledVectors<SparseVector> & { spam: number; ham: number };

/** The labeled v3 rows of `ids` as of `asOf`, with enough of each class for the splits. */
async function loadV4Data(opts: TrainV4Options, asOf: Date, say: Say): Promise<V4Data> {
  const at = asOf.toISOString();
  say(`reading ${V4_FEATURE_SERVICE} as of ${at} for ${opts.ids.length} sms ids…`);
  const data = await loadLabeledVectors(opts.store, {
    featureService: V4_FEATURE_SERVICE,
    ids: opts.ids,
    at: asOf,
    toVector: sparseOf,
  });
  const spam = data.y.filter((v) => v === 1).length;
  const ham = data.y.length - spam;
  say(`${data.y.length} labeled rows (${spam} spam, ${ham} ham), ${data.dropped} dropped`);
  if (spam < 6 || ham < 6) {
    throw new BadUserInputError(
      `need at least 6 spam and 6 ham rows with features v3 as of ${at} for the test split and ` +
        `the validation carves, got ${spam} spam and ${ham} ham (${data.dropped} rows dropped): ` +
        'were the sources created (`fs create-sources`, `fs apply`) for these ids?',
    );
  }
  return { ...data, spam, ham };
}

/** What selection and the refit produced. */
interface V4Fit {
  options: LinearOptions;
  calibrated: CalibratedLinear;
  selection: Selection;
  report: LinearReport;
}

/**
 * Picks the loss and L2 on validation carves of the training rows, refits on all of them, and
 * fits the Platt map on the carves' held-out scores (never on a test row).
 */
function selectAndFit(
  X: readonly SparseVector[],
  y: readonly number[],
  train: readonly number[],
  seed: number,
  candidates: readonly Candidate[],
  say: Say,
): V4Fit {
  const carves = Array.from({ length: V4_CARVES.count }, (_, k) =>
    validationSplit(y, train, V4_CARVES.fraction, k === 0 ? seed : deriveSeed(seed, `carve${k}`)),
  );
  say(
    `choosing among ${candidates.length} settings on ${V4_CARVES.count} validation carves of ` +
      `${Math.round(V4_CARVES.fraction * 100)} % of the training rows…`,
  );
  let tried = 0;
  const selection = selectLinear(X, y, FEATURES_V3_DIMENSION, carves, candidates, (s) =>
    say(
      `  ${++tried}/${candidates.length} ${s.loss} l2 ${s.l2} spamWeight ${s.spamWeight}: ` +
        `validation log loss ${s.logLoss.toFixed(4)}, accuracy ${s.accuracy.toFixed(4)}, ${s.errors} errors`,
    ),
  );
  const { best } = selection;
  const options: LinearOptions = {
    loss: best.loss,
    l2: best.l2,
    spamWeight: best.spamWeight,
    maxIterations: MAX_ITERATIONS,
  };
  const platt = fitPlatt(selection.heldOut.scores, selection.heldOut.labels);
  say(`picked ${best.loss} l2 ${best.l2}; refitting on ${train.length} training rows…`);
  const { model, report } = trainLinear(
    pick(X, train),
    pick(y, train),
    FEATURES_V3_DIMENSION,
    options,
  );
  return { options, calibrated: { model, platt }, selection, report };
}

const pick = <T>(rows: readonly T[], idx: readonly number[]): T[] => idx.map((i) => rows[i]!);

/** Test and training metrics, calibration on the test split, and test metrics per part. */
function evaluateV4(
  fit: V4Fit,
  data: V4Data,
  split: { train: number[]; test: number[] },
  opts: TrainV4Options,
  say: Say,
) {
  const { model, platt } = fit.calibrated;
  const proba = (idx: readonly number[]) =>
    applyPlatt(platt, decisionValues(model, pick(data.X, idx)));
  const metricsOf = (idx: readonly number[], p: readonly number[]): Metrics =>
    computeMetrics(
      pick(data.y, idx),
      p.map((q) => (labelOf(q) === 'spam' ? 1 : 0)),
    );
  const testP = proba(split.test);
  const metrics = metricsOf(split.test, testP);
  say(`test ${formatMetrics(metrics)}`);
  const reliability = reliabilityTable(testP, pick(data.y, split.test));
  say(
    `test calibration: ECE ${reliability.expectedCalibrationError.toFixed(4)}, Brier ${reliability.brier.toFixed(4)}, log loss ${reliability.logLoss.toFixed(4)}`,
  );
  const parts: Record<string, Metrics> = {};
  const byPart = new Map<string, number[]>();
  split.test.forEach((row, k) => {
    const part = opts.partOf?.(data.ids[row]!) ?? null;
    if (part !== null) byPart.set(part, [...(byPart.get(part) ?? []), k]);
  });
  for (const [part, ks] of [...byPart].sort(([a], [b]) => a.localeCompare(b))) {
    parts[part] = metricsOf(
      ks.map((k) => split.test[k]!),
      ks.map((k) => testP[k]!),
    );
    say(`test (${part}) ${formatMetrics(parts[part])}`);
  }
  return { metrics, trainMetrics: metricsOf(split.train, proba(split.train)), reliability, parts };
}

/** The `extra` block of the record: settings, label origins, selection, refit, calibration. */
function extraOf(
  fit: V4Fit,
  evaluation: ReturnType<typeof evaluateV4>,
  data: V4Data,
  opts: TrainV4Options,
): ModelMetadata['extra'] {
  return {
    featureSettings: { ...V3_SETTINGS },
    labels: labelOrigins(data.ids, opts.datasetIds),
    selection: {
      carves: V4_CARVES.count,
      validationFraction: V4_CARVES.fraction,
      criterion: 'mean calibrated validation log loss',
      candidates: fit.selection.scores.map((s) => ({
        loss: s.loss,
        l2: s.l2,
        spamWeight: s.spamWeight,
        logLoss: round6(s.logLoss),
        accuracy: round6(s.accuracy),
        errors: s.errors,
      })),
    },
    refit: {
      iterations: fit.report.iterations,
      stop: fit.report.reason,
      activeColumns: fit.report.activeColumns,
      nonZeroWeights: fit.report.nonZeroWeights,
    },
    reliability: roundedReliability(evaluation.reliability),
    ...(opts.partOf && { testByPart: evaluation.parts }),
  };
}

/**
 * Trains, evaluates and saves V4.
 *
 * @throws BadUserInputError when no id is given, the seed is invalid, or too few labeled rows
 *   of each class are left for the splits; NotFoundError before `fs apply`.
 */
export async function trainV4(opts: TrainV4Options): Promise<TrainResult> {
  const seed = checkTrainingSeed(opts.seed ?? DEFAULT_SEED);
  if (opts.ids.length === 0) throw new BadUserInputError('no sms ids to train on');
  const say: Say = (line) => opts.onProgress?.(`models: V4: ${line}`);
  const asOf = opts.asOf ?? V4_TIME_FREEZE;
  const data = await loadV4Data(opts, asOf, say);
  const split = stratifiedSplit(data.y, TEST_FRACTION, seed);
  say(`stratified split (seed ${seed}): ${split.train.length} train, ${split.test.length} test`);
  const started = performance.now();
  const fit = selectAndFit(
    data.X,
    data.y,
    split.train,
    seed,
    opts.candidates ?? DEFAULT_CANDIDATES,
    say,
  );
  const trainingSeconds = (performance.now() - started) / 1000;
  const evaluation = evaluateV4(fit, data, split, opts, say);
  const { platt } = fit.calibrated;
  const record: Omit<ModelMetadata, 'artifactDigest'> = {
    format: 'spamgraph.model-metadata',
    formatVersion: 1,
    version: 'V4',
    description:
      'calibrated sparse linear model (L-BFGS; loss and L2 chosen on validation carves) on features v3',
    library: 'spamgraph models/classifiers/linear.ts',
    featureNames: [...FEATURES_V3_NAMES],
    hyperparameters: {
      ...fit.options,
      plattA: round6(platt.a),
      plattB: round6(platt.b),
      dimension: FEATURES_V3_DIMENSION,
    },
    seed,
    ...dataAndSplit(
      {
        featureService: V4_FEATURE_SERVICE,
        timeFreeze: asOf.toISOString(),
        entityRows: data.entityRows,
        dropped: data.dropped,
        spam: data.spam,
        ham: data.ham,
      },
      { testFraction: TEST_FRACTION, nTrain: split.train.length, nTest: split.test.length },
    ),
    metrics: evaluation.metrics,
    trainMetrics: evaluation.trainMetrics,
    extra: extraOf(fit, evaluation, data, opts),
    trainedAt: (opts.now?.() ?? new Date()).toISOString(),
    trainingSeconds: round6(trainingSeconds),
  };
  const outDir = opts.outDir ?? V4_ARTIFACT_DIR;
  const artifactDigest = await saveV4Artifact(outDir, fit.calibrated, fit.options, record);
  return { version: 'V4', outDir, artifactDigest, metadata: { ...record, artifactDigest } };
}
