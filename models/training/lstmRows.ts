/**
 * The rows a V2/V3 run trains, validates and tests on: features v2 (token ids) and labels from
 * the feature store as of the v2 time freeze, checked, then split 75/25 (stratified, seeded) and
 * a validation part carved out of the training split only.
 */
import { BadUserInputError } from '../../platform/errors';
import type { FeatureValue } from '../../feature-store';
import {
  LSTM_FEATURE_NAME,
  LSTM_FEATURE_SERVICE,
  V2_TIME_FREEZE,
  type LstmSpec,
} from '../classifiers/lstmSpec';
import { stratifiedSplit, validationSplit, type Split } from './split';
import { loadLabeledVectors, type LabeledVectors } from './trainingData';
import { TEST_FRACTION, type HistoricalSource } from './types';
import { stringifyJsonExact } from '../../platform/json/exactJson';

/** The v2 feature vector of a row: the 30 token ids of `features`, or null when it is null. */
export function idListVector(
  length: number,
): (values: Readonly<Record<string, FeatureValue>>) => number[] | null {
  return (values) => {
    const v = values[LSTM_FEATURE_NAME] ?? null;
    if (v === null) return null;
    if (
      !Array.isArray(v) ||
      v.length !== length ||
      !v.every((x): x is number => typeof x === 'number' && Number.isInteger(x))
    ) {
      const shown = stringifyJsonExact(v);
      throw new BadUserInputError(
        `feature ${LSTM_FEATURE_NAME} is ${shown.length > 80 ? `${shown.slice(0, 80)}…` : shown}, expected ${length} integer token ids`,
      );
    }
    return [...v];
  };
}

/** The labeled rows of a run, counted by label. */
export interface LstmData extends LabeledVectors {
  spam: number;
  ham: number;
  /** The instant every row was looked up as of. */
  asOf: Date;
}

/**
 * The labeled v2 rows of `ids` as of `asOf` (default: the time freeze).
 *
 * @throws BadUserInputError when fewer than 2 rows of a label are left, or a token id is
 *   outside the vocabulary (features of another tokenizer); NotFoundError before `fs apply`.
 */
export async function loadLstmData(
  spec: LstmSpec,
  store: HistoricalSource,
  ids: readonly string[],
  say: (line: string) => void,
  asOf: Date = V2_TIME_FREEZE,
): Promise<LstmData> {
  const at = asOf.toISOString();
  say(`reading ${LSTM_FEATURE_SERVICE} as of ${at} for ${ids.length} sms ids…`);
  const data = await loadLabeledVectors(store, {
    featureService: LSTM_FEATURE_SERVICE,
    ids,
    at: asOf,
    toVector: idListVector(spec.sequenceLength),
  });
  const spam = data.y.filter((v) => v === 1).length;
  const ham = data.y.length - spam;
  say(`${data.y.length} labeled rows (${spam} spam, ${ham} ham), ${data.dropped} dropped`);
  if (spam < 2 || ham < 2) {
    throw new BadUserInputError(
      `need at least 2 spam and 2 ham rows with features v2 as of ${at} for a ` +
        `stratified split, got ${spam} spam and ${ham} ham (${data.dropped} rows dropped): ` +
        'were the sources created (`fs create-sources`, `fs apply`) for these ids?',
    );
  }
  const outOfVocabulary = data.X.findIndex((r) => r.some((v) => v < 0 || v >= spec.vocabulary));
  if (outOfVocabulary !== -1) {
    throw new BadUserInputError(
      `${data.ids[outOfVocabulary]}: features hold a token id outside [0, ${spec.vocabulary}): ` +
        'the features were computed with another tokenizer',
    );
  }
  return { ...data, spam, ham, asOf };
}

/** Feature vectors and their labels. */
export interface Rows {
  X: number[][];
  y: number[];
}

/** Where each row of a run goes. */
export interface LstmRows {
  /** The stratified train/test split of the data (indices). */
  split: Split;
  test: Rows;
  /** The whole training split: what a refit trains on. */
  train: Rows;
  /** The training split minus the validation rows: what the first run fits on. */
  fit: Rows;
  validation: Rows;
  validationSpam: number;
  validationHam: number;
}

const rowsOf = (data: LabeledVectors, idx: number[]): Rows => ({
  X: idx.map((i) => data.X[i]!),
  y: idx.map((i) => data.y[i]!),
});

/**
 * Splits the data: train/test, then validation rows out of the training split (none when
 * `validationFraction` is 0).
 *
 * @throws BadUserInputError when the validation or the fit rows would lack a label.
 */
export function splitLstmRows(
  data: LabeledVectors,
  seed: number,
  validationFraction: number,
  say: (line: string) => void,
): LstmRows {
  const split = stratifiedSplit(data.y, TEST_FRACTION, seed);
  say(`stratified split (seed ${seed}): ${split.train.length} train, ${split.test.length} test`);
  // Validation rows come from the training split only: the test rows are looked at once, at
  // the end, with the weights the validation rows picked.
  const carve = validationSplit(data.y, split.train, validationFraction, seed);
  const [fit, validation] = [rowsOf(data, carve.fit), rowsOf(data, carve.validation)];
  const validationSpam = validation.y.filter((v) => v === 1).length;
  const validationHam = validation.y.length - validationSpam;
  if (validationFraction > 0) {
    const fitSpam = fit.y.filter((v) => v === 1).length;
    const fitHam = fit.y.length - fitSpam;
    if (validationSpam === 0 || validationHam === 0 || fitSpam === 0 || fitHam === 0) {
      throw new BadUserInputError(
        `validation fraction ${validationFraction} of the ${split.train.length} training rows ` +
          `gives ${validationSpam} spam and ${validationHam} ham to validate on, ${fitSpam} spam and ` +
          `${fitHam} ham to fit on: each needs both labels (another fraction, or 0 for none)`,
      );
    }
    say(
      `validation (stratified, seed ${seed}, fraction ${validationFraction} of train): ` +
        `${carve.fit.length} fit, ${carve.validation.length} validation (${validationSpam} spam, ${validationHam} ham)`,
    );
  }
  const [test, train] = [rowsOf(data, split.test), rowsOf(data, split.train)];
  return { split, test, train, fit, validation, validationSpam, validationHam };
}
