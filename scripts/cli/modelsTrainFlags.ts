/**
 * The flags of `spamgraph models train`, read into training settings and checked by training's
 * own option rules before any data is read; refusals name the flag and show the text as typed.
 */
import {
  MAX_SEED,
  loadTraining,
  type DescribeTrainOption,
  type LstmSettings,
  type ModelEntry,
  type TrainOptionName,
} from '../../models';
import { BadUserInputError } from '../../platform/errors';

/** `models train` flags, as commander gives them. */
export interface TrainFlags {
  ids?: string;
  seed: string;
  out?: string;
  epochs?: string;
  batchSize?: string;
  learningRate?: string;
  validation?: string;
  patience?: string;
  refit: boolean;
  tokenizer?: string;
  labelsUntil?: string;
}

/**
 * `--labels-until <t>`: an ISO-8601 date-time (or date) not in the future; undefined when absent.
 *
 * @throws BadUserInputError for anything else.
 */
export function parseLabelsUntil(text: string | undefined, now = new Date()): Date | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
  const at = new Date(t);
  if (!iso.test(t) || Number.isNaN(at.getTime())) {
    throw new BadUserInputError(
      `--labels-until must be an ISO-8601 date-time such as 2026-12-01T12:00:00Z, got "${text}"`,
    );
  }
  if (at.getTime() > now.getTime()) {
    throw new BadUserInputError(
      `--labels-until ${t} is in the future: training as of a time not yet reached would change as labels arrive`,
    );
  }
  return at;
}

/** The flag of each training option. */
const FLAGS: Readonly<Record<TrainOptionName, string>> = {
  seed: '--seed',
  epochs: '--epochs',
  batchSize: '--batch-size',
  learningRate: '--learning-rate',
  validationFraction: '--validation',
  patience: '--patience',
  refit: '--refit',
};

/** What each flag's value must be, in the CLI's words. */
const FLAG_RANGES: Readonly<Record<Exclude<TrainOptionName, 'refit'>, string>> = {
  seed: `an integer in [0, ${MAX_SEED}]`,
  epochs: 'a positive integer',
  batchSize: 'a positive integer',
  learningRate: 'a positive number',
  validationFraction: 'a fraction in [0, 1)',
  patience: 'a positive integer',
};

/** Training's refusals in the CLI's words: the flag, and its value as typed. */
function inFlagWords(typed: Partial<Record<TrainOptionName, string>>): DescribeTrainOption {
  return (p) =>
    p.rule === 'range'
      ? `${FLAGS[p.option]} must be ${FLAG_RANGES[p.option]}, got "${typed[p.option]}"`
      : `${FLAGS[p.option]} needs validation rows: not with --validation 0`;
}

/** The spellings of numbers each flag takes. */
const SEED_TEXT = /^\d{1,10}$/;
const COUNT_TEXT = /^\d{1,6}$/;
const FRACTION_TEXT = /^(0|0?\.\d{1,6})$/;
const DECIMAL_TEXT = /^(\d+(\.\d*)?|\.\d+)(e-?\d+)?$/i;

/**
 * The number `text` spells, or NaN when it is not spelled as `form` allows (training's checks
 * then refuse it); undefined when the flag is absent.
 */
function readNumber(text: string | undefined, form: RegExp): number | undefined {
  if (text === undefined) return undefined;
  return form.test(text.trim()) ? Number(text.trim()) : NaN;
}

/** `--seed` as an unsigned 32-bit integer. */
export function parseSeed(text: string): number {
  return loadTraining().checkTrainingSeed(
    readNumber(text, SEED_TEXT) ?? NaN,
    inFlagWords({ seed: text }),
  );
}

const given = (values: Record<string, number | undefined>) =>
  Object.values(values).some((v) => v !== undefined);

/**
 * The training settings of the flags, checked by training's own rules (in flag words) before
 * any data is read; the epoch-based flags are refused for versions trained otherwise.
 */
export function trainSettingsOf(entry: ModelEntry, flags: TrainFlags): LstmSettings {
  const { checkLstmValues, checkTrainSettings } = loadTraining();
  const seed = parseSeed(flags.seed);
  const describe = inFlagWords({
    epochs: flags.epochs,
    batchSize: flags.batchSize,
    learningRate: flags.learningRate,
    validationFraction: flags.validation,
    patience: flags.patience,
  });
  const v = entry.version.toLowerCase();
  const batches = {
    epochs: readNumber(flags.epochs, COUNT_TEXT),
    batchSize: readNumber(flags.batchSize, COUNT_TEXT),
  };
  checkLstmValues(batches, describe);
  if (!entry.epochs && given(batches)) {
    throw new BadUserInputError(`--epochs and --batch-size apply to v2 and v3, not ${v}`);
  }
  const selection = {
    learningRate: readNumber(flags.learningRate, DECIMAL_TEXT),
    validationFraction: readNumber(flags.validation, FRACTION_TEXT),
    patience: readNumber(flags.patience, COUNT_TEXT),
  };
  checkLstmValues(selection, describe);
  if (!entry.epochs && (given(selection) || !flags.refit)) {
    throw new BadUserInputError(
      `--learning-rate, --validation, --patience and --no-refit apply to v2 and v3, not ${v}`,
    );
  }
  // Without --no-refit, training decides (refit when there are validation rows).
  const settings = { seed, ...batches, ...selection, ...(!flags.refit && { refit: false }) };
  checkTrainSettings(entry.version, settings, describe);
  return settings;
}
