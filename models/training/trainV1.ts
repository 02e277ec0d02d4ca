/**
 * Trains model V1: features v1 and labels from the feature store as of the V1 time freeze
 * (2019-05-05), a stratified 75/25 split, a random forest, metrics on the held-out rows, and
 * the artifact (`model.json` + `metadata.json`).
 */
import { performance } from 'node:perf_hooks';
import { BadUserInputError } from '../../platform/errors';
import { FEATURES_V1_NAMES } from '../features';
import { labelOf } from '../versions';
import { dataAndSplit, type ModelMetadata } from '../classifiers/metadata';
import {
  DEFAULT_FOREST_OPTIONS,
  forestProba,
  trainForest,
  type Forest,
  type ForestOptions,
} from '../classifiers/randomForest';
import {
  V1_ARTIFACT_DIR,
  V1_FEATURE_SERVICE,
  V1_TIME_FREEZE,
  saveV1Artifact,
} from '../classifiers/v1';
import { computeMetrics, formatMetrics, type Metrics } from '../classifiers/metrics';
import { checkTrainingSeed } from './optionChecks';
import { stratifiedSplit } from './split';
import { labelOrigins, loadLabeledVectors, scalarVector } from './trainingData';
import { DEFAULT_SEED, TEST_FRACTION, type TrainOptions, type TrainResult } from './types';

/** Options of {@link trainV1}: the common ones, plus forest hyperparameters. */
export interface TrainV1Options extends TrainOptions {
  /** Overrides of {@link DEFAULT_FOREST_OPTIONS} (the seed comes from `seed`). */
  forest?: Partial<Omit<ForestOptions, 'seed'>>;
}

function scoreRows(forest: Forest, X: number[][], y: number[]): Metrics {
  const predicted = forestProba(forest, X).map((p) => (labelOf(p) === 'spam' ? 1 : 0));
  return computeMetrics(y, predicted);
}

/**
 * Trains, evaluates and saves V1.
 *
 * @throws BadUserInputError when no id is given, the seed is invalid, or too few labeled rows
 *   of each class are left for a stratified split; NotFoundError before `fs apply`.
 */
export async function trainV1(opts: TrainV1Options): Promise<TrainResult> {
  const seed = checkTrainingSeed(opts.seed ?? DEFAULT_SEED);
  if (opts.ids.length === 0) throw new BadUserInputError('no sms ids to train on');
  const outDir = opts.outDir ?? V1_ARTIFACT_DIR;
  const say = (line: string) => opts.onProgress?.(`models: V1: ${line}`);
  const asOf = opts.asOf ?? V1_TIME_FREEZE;
  const at = asOf.toISOString();

  say(`reading ${V1_FEATURE_SERVICE} as of ${at} for ${opts.ids.length} sms ids…`);
  const data = await loadLabeledVectors(opts.store, {
    featureService: V1_FEATURE_SERVICE,
    ids: opts.ids,
    at: asOf,
    toVector: scalarVector(FEATURES_V1_NAMES),
  });
  const spam = data.y.filter((v) => v === 1).length;
  const ham = data.y.length - spam;
  say(`${data.y.length} labeled rows (${spam} spam, ${ham} ham), ${data.dropped} dropped`);
  if (spam < 2 || ham < 2) {
    throw new BadUserInputError(
      `need at least 2 spam and 2 ham rows with every V1 feature as of ${at} for a ` +
        `stratified split, got ${spam} spam and ${ham} ham (${data.dropped} rows dropped): ` +
        'were the sources created (`fs create-sources`, `fs apply`) for these ids?',
    );
  }

  const split = stratifiedSplit(data.y, TEST_FRACTION, seed);
  const pick = <T>(rows: T[], idx: number[]) => idx.map((i) => rows[i]!);
  const [Xtrain, ytrain] = [pick(data.X, split.train), pick(data.y, split.train)];
  const [Xtest, ytest] = [pick(data.X, split.test), pick(data.y, split.test)];
  say(`stratified split (seed ${seed}): ${split.train.length} train, ${split.test.length} test`);

  const options: ForestOptions = { ...DEFAULT_FOREST_OPTIONS, ...opts.forest, seed };
  const started = performance.now();
  const { forest, importances } = trainForest(Xtrain, ytrain, options, (t) =>
    say(`tree ${t.index}/${t.total}: ${t.nodes} nodes, ${t.leaves} leaves, depth ${t.depth}`),
  );
  const trainingSeconds = (performance.now() - started) / 1000;

  const metrics = scoreRows(forest, Xtest, ytest);
  const trainMetrics = scoreRows(forest, Xtrain, ytrain);
  say(`test ${formatMetrics(metrics)}`);

  const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
  const record: Omit<ModelMetadata, 'artifactDigest'> = {
    format: 'spamgraph.model-metadata',
    formatVersion: 1,
    version: 'V1',
    description: 'random forest (CART, Gini, bootstrap) on features v1',
    library: 'spamgraph models/classifiers/randomForest.ts',
    featureNames: [...FEATURES_V1_NAMES],
    hyperparameters: { ...options },
    seed,
    ...dataAndSplit(
      {
        featureService: V1_FEATURE_SERVICE,
        timeFreeze: at,
        entityRows: data.entityRows,
        dropped: data.dropped,
        spam,
        ham,
      },
      { testFraction: TEST_FRACTION, nTrain: split.train.length, nTest: split.test.length },
    ),
    metrics,
    trainMetrics,
    extra: {
      labels: labelOrigins(data.ids, opts.datasetIds),
      featureImportance: Object.fromEntries(
        FEATURES_V1_NAMES.map((name, i) => [name, round6(importances[i]!)]),
      ),
    },
    trainedAt: (opts.now?.() ?? new Date()).toISOString(),
    trainingSeconds: round6(trainingSeconds),
  };
  const artifactDigest = await saveV1Artifact(outDir, forest, options, record);
  return { version: 'V1', outDir, artifactDigest, metadata: { ...record, artifactDigest } };
}
