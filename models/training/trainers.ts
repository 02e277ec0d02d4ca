/**
 * Which function trains which version: the training half of the version table. The registry
 * (models/registry.ts) says how to load each version and is all serving needs; this table is
 * loaded by the CLI's `models train` only, so serving never loads training code.
 */
import { NotFoundError } from '../../platform/errors';
import type { ModelVersion } from '../versions';
import { resolveLstmSettings, type LstmSettings, type TrainLstmOptions } from './lstmOptions';
import { checkTrainingSeed, type DescribeTrainOption } from './optionChecks';
import { trainV2, trainV3 } from './trainLstm';
import { trainV1 } from './trainV1';
import { trainV4 } from './trainV4';
import { DEFAULT_SEED, type TrainResult } from './types';
import { datasetPartOf } from '../dataset/parts';

/**
 * What {@link trainModel} takes: the common options plus those of the epoch-based versions
 * (V2, V3), which V1 ignores. `tokenizerPath` is the tokenizer the store's v2 features were
 * computed with (default the committed one): its digest is recorded, and loading checks it.
 */
export type ModelTrainOptions = TrainLstmOptions;

/** How one version is trained. */
export interface VersionTrainer {
  /** Trains from the feature store and saves the artifact. */
  train(options: ModelTrainOptions): Promise<TrainResult>;
  /**
   * Checks the settings as {@link train} will, before any data is read.
   *
   * @throws BadUserInputError worded by `describe` (default: the library's words).
   */
  check(settings: LstmSettings, describe?: DescribeTrainOption): void;
}

/** The trainer of each version. */
export const MODEL_TRAINERS: Readonly<Partial<Record<ModelVersion, VersionTrainer>>> =
  Object.freeze({
    V1: {
      train: trainV1,
      check: (s: LstmSettings, d?: DescribeTrainOption) => {
        checkTrainingSeed(s.seed ?? DEFAULT_SEED, d);
      },
    },
    V2: {
      train: trainV2,
      check: (s: LstmSettings, d?: DescribeTrainOption) => {
        resolveLstmSettings('V2', s, d);
      },
    },
    V3: {
      train: trainV3,
      check: (s: LstmSettings, d?: DescribeTrainOption) => {
        resolveLstmSettings('V3', s, d);
      },
    },
    V4: {
      train: (o: ModelTrainOptions) => trainV4({ ...o, partOf: datasetPartOf }),
      check: (s: LstmSettings, d?: DescribeTrainOption) => {
        checkTrainingSeed(s.seed ?? DEFAULT_SEED, d);
      },
    },
  });

/**
 * The trainer of a version.
 *
 * @throws NotFoundError when the version has none.
 */
export function trainerOf(version: ModelVersion): VersionTrainer {
  const trainer = MODEL_TRAINERS[version];
  if (!trainer) throw new NotFoundError(`model ${version} has no trainer`, { version });
  return trainer;
}

/**
 * Trains `version` from the feature store and saves its artifact.
 *
 * @throws NotFoundError when the version has no trainer; what the version's trainer throws.
 */
export const trainModel = (
  version: ModelVersion,
  options: ModelTrainOptions,
): Promise<TrainResult> => trainerOf(version).train(options);

/**
 * Checks the settings of a `version` run before any data is read (the trainer checks them
 * again, with the same rules).
 *
 * @throws NotFoundError when the version has no trainer; BadUserInputError worded by `describe`.
 */
export function checkTrainSettings(
  version: ModelVersion,
  settings: LstmSettings,
  describe?: DescribeTrainOption,
): void {
  trainerOf(version).check(settings, describe);
}
