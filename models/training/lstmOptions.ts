/**
 * The options of a V2/V3 training run: the defaults per version and their resolution (defaults
 * applied, every value and combination checked). The trainer and the CLI's `models train` both
 * resolve through here, so a rule is written once.
 */
import type { LstmVersion } from '../classifiers/lstmSpec';
import {
  checkTrainingSeed,
  describeInLibraryWords,
  refuseOption,
  type DescribeTrainOption,
} from './optionChecks';
import { DEFAULT_SEED, type TrainOptions } from './types';

/** Options of `trainV2` / `trainV3` (trainLstm.ts). */
export interface TrainLstmOptions extends TrainOptions {
  /** Passes over the training split (default per version). */
  epochs?: number;
  /** Rows per gradient step (default per version). */
  batchSize?: number;
  /** Adam's learning rate (default per version). */
  learningRate?: number;
  /** The tokenizer the features were computed with (default: the committed one). */
  tokenizerPath?: string;
  /**
   * Share of the training split held out to pick the epoch, in [0, 1) (default per version);
   * 0 trains on the whole training split and keeps the last epoch's weights.
   */
  validationFraction?: number;
  /**
   * Stop after this many epochs in a row without a better validation score (default: per
   * version; undefined runs every epoch). Needs a validation fraction above 0.
   */
  patience?: number;
  /**
   * After picking the epoch on the validation rows, train a fresh model on the whole training
   * split for that many epochs and keep it (default true; needs a validation fraction above 0).
   */
  refit?: boolean;
}

/** Defaults of one version. */
export interface LstmTrainingDefaults {
  epochs: number;
  batchSize: number;
  learningRate: number;
  validationFraction: number;
  patience?: number;
}

/** Defaults per version. */
export const LSTM_TRAINING_DEFAULTS: Readonly<Record<LstmVersion, Readonly<LstmTrainingDefaults>>> =
  Object.freeze({
    V2: Object.freeze({ epochs: 10, batchSize: 32, learningRate: 0.01, validationFraction: 0.15 }),
    V3: Object.freeze({ epochs: 12, batchSize: 32, learningRate: 0.005, validationFraction: 0.15 }),
  });

/** The options that shape a run (what the CLI's flags set), each optional. */
export type LstmSettings = Pick<
  TrainLstmOptions,
  'seed' | 'epochs' | 'batchSize' | 'learningRate' | 'validationFraction' | 'patience' | 'refit'
>;

/** The settings of a run, defaults applied and checked. */
export interface ResolvedLstmSettings {
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  validationFraction: number;
  /** Undefined: every epoch runs. */
  patience: number | undefined;
  refit: boolean;
}

/** The settings that are numbers checked on their own. */
type LstmValueName = 'epochs' | 'batchSize' | 'learningRate' | 'validationFraction' | 'patience';

const isPositiveInteger = (v: number) => Number.isInteger(v) && v >= 1;

/**
 * Checks each given value on its own, in this order: epochs, batch size, learning rate,
 * validation fraction, patience (absent values pass).
 *
 * @throws BadUserInputError worded by `describe`.
 */
export function checkLstmValues(
  values: Pick<LstmSettings, LstmValueName>,
  describe: DescribeTrainOption = describeInLibraryWords,
): void {
  const rules: [LstmValueName, (v: number) => boolean][] = [
    ['epochs', isPositiveInteger],
    ['batchSize', isPositiveInteger],
    ['learningRate', (v) => v > 0 && Number.isFinite(v)],
    ['validationFraction', (v) => v >= 0 && v < 1],
    ['patience', isPositiveInteger],
  ];
  for (const [option, ok] of rules) {
    const value = values[option];
    if (value !== undefined && !ok(value)) refuseOption({ option, rule: 'range', value }, describe);
  }
}

/**
 * The settings of a `version` run: the seed and each value checked, the version's defaults for
 * what is not given, and refusals of patience or refit without validation rows.
 *
 * @throws BadUserInputError worded by `describe`.
 */
export function resolveLstmSettings(
  version: LstmVersion,
  settings: LstmSettings,
  describe: DescribeTrainOption = describeInLibraryWords,
): ResolvedLstmSettings {
  const defaults = LSTM_TRAINING_DEFAULTS[version];
  const seed = checkTrainingSeed(settings.seed ?? DEFAULT_SEED, describe);
  checkLstmValues(settings, describe);
  const validationFraction = settings.validationFraction ?? defaults.validationFraction;
  if (validationFraction === 0) {
    if (settings.patience !== undefined) {
      refuseOption({ option: 'patience', rule: 'needsValidation' }, describe);
    }
    if (settings.refit === true)
      refuseOption({ option: 'refit', rule: 'needsValidation' }, describe);
  }
  return {
    seed,
    epochs: settings.epochs ?? defaults.epochs,
    batchSize: settings.batchSize ?? defaults.batchSize,
    learningRate: settings.learningRate ?? defaults.learningRate,
    validationFraction,
    patience: settings.patience ?? (validationFraction > 0 ? defaults.patience : undefined),
    refit: validationFraction > 0 && settings.refit !== false,
  };
}
