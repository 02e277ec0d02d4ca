/**
 * Refusals of training options, as data. The trainers check their options in one place (here
 * and in lstmOptions.ts); the wording is the caller's: the library names options as the code
 * does (`batch size must be a positive integer, got 0`), the CLI names its flags and shows the
 * text as typed (`--batch-size must be a positive integer, got "0"`).
 */
import { BadUserInputError } from '../../platform/errors';
import { MAX_SEED, isValidSeed } from '../classifiers/random';

/** A training option a check can refuse. */
export type TrainOptionName =
  'seed' | 'epochs' | 'batchSize' | 'learningRate' | 'validationFraction' | 'patience' | 'refit';

/** Why an option was refused: its value is out of range, or it needs validation rows. */
export type TrainOptionProblem =
  | { option: Exclude<TrainOptionName, 'refit'>; rule: 'range'; value: number }
  | { option: 'patience' | 'refit'; rule: 'needsValidation' };

/** Words a refusal (one line, no trailing period). */
export type DescribeTrainOption = (problem: TrainOptionProblem) => string;

const NAMES: Readonly<Record<TrainOptionName, string>> = {
  seed: 'seed',
  epochs: 'epochs',
  batchSize: 'batch size',
  learningRate: 'learning rate',
  validationFraction: 'validation fraction',
  patience: 'patience',
  refit: 'refit',
};

const RANGES: Readonly<Record<Exclude<TrainOptionName, 'refit'>, string>> = {
  seed: `an integer in [0, ${MAX_SEED}]`,
  epochs: 'a positive integer',
  batchSize: 'a positive integer',
  learningRate: 'positive',
  validationFraction: 'in [0, 1)',
  patience: 'a positive integer',
};

/** The library's wording, e.g. `epochs must be a positive integer, got 0`. */
export const describeInLibraryWords: DescribeTrainOption = (p) =>
  p.rule === 'range'
    ? `${NAMES[p.option]} must be ${RANGES[p.option]}, got ${p.value}`
    : `${NAMES[p.option]} needs validation rows: the validation fraction is 0`;

/** Throws the refusal of `problem`, worded by `describe`. */
export function refuseOption(problem: TrainOptionProblem, describe: DescribeTrainOption): never {
  throw new BadUserInputError(describe(problem));
}

/**
 * `seed`, checked: an integer in [0, 2^32).
 *
 * @throws BadUserInputError worded by `describe`.
 */
export function checkTrainingSeed(
  seed: number,
  describe: DescribeTrainOption = describeInLibraryWords,
): number {
  if (!isValidSeed(seed)) refuseOption({ option: 'seed', rule: 'range', value: seed }, describe);
  return seed;
}
