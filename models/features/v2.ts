/**
 * Features v2: the text as `maxlen` (30) token ids of a fitted Keras-style tokenizer
 * (vocabulary 180, ids 1..179), pre-padded with 0 and pre-truncated (the last 30 ids are kept).
 */
import { promises as fs } from 'node:fs';
import { validateLabeledCsv } from '../dataset/labeledCsv';
import { BadUserInputError, NotFoundError } from '../../platform/errors';
import { padSequences } from './padSequences';
import {
  fitTokenizer,
  textToSequence,
  V2_TOKENIZER_SETTINGS,
  type Tokenizer,
  type TokenizerSettings,
} from './tokenizer';

/** Length of a v2 feature vector. */
export const FEATURES_V2_LENGTH = V2_TOKENIZER_SETTINGS.maxlen;

/** Vocabulary size of the v2 tokenizer (Keras `num_words`; ids 1..179, 0 is padding). */
export const FEATURES_V2_NUM_WORDS = 180;

/**
 * The v2 features of one text: its ids padded / truncated to the tokenizer's `maxlen` with its
 * `padding` and `truncating` sides (Keras `pad_sequences(texts_to_sequences([text]), …)`).
 */
export function extractV2(tokenizer: Tokenizer, text: string): number[] {
  return extractV2Batch(tokenizer, [text])[0]!;
}

/** {@link extractV2} for many texts at once. */
export function extractV2Batch(tokenizer: Tokenizer, texts: readonly string[]): number[][] {
  const { maxlen, padding, truncating } = tokenizer.settings;
  const seqs = texts.map((t) => textToSequence(tokenizer, t));
  return padSequences(seqs, { maxlen, padding, truncating });
}

/** Options of {@link fitTokenizerFromCsv}. */
export interface FitFromCsvOptions {
  /** Keep only these sms ids (the training ids); every one must be in the CSV. */
  ids?: ReadonlySet<string>;
  /** Tokenizer settings; defaults are the v2 ones. */
  settings?: Partial<TokenizerSettings>;
}

/**
 * Fits the tokenizer on a labeled CSV (`sms_id,text,label`), in file row order: that order
 * decides ties in the ranking, so it is part of the result.
 *
 * @returns the tokenizer and how many texts it was fitted on.
 * @throws NotFoundError when the file does not exist; BadUserInputError when the CSV has
 *   problems, an id in `ids` is not in the CSV, or no text is left to fit.
 */
export async function fitTokenizerFromCsv(
  csvPath: string,
  options: FitFromCsvOptions = {},
): Promise<{ tokenizer: Tokenizer; texts: number }> {
  let content: Buffer;
  try {
    content = await fs.readFile(csvPath);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new NotFoundError(`CSV file not found: ${csvPath}`, { path: csvPath });
    }
    throw e;
  }
  const { rows, problems } = validateLabeledCsv(content);
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).map((p) => `line ${p.line}: ${p.message}`);
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
    throw new BadUserInputError(`${csvPath}: ${shown.join('; ')}${more}`, { problems });
  }
  const { ids } = options;
  let kept = rows;
  if (ids) {
    kept = rows.filter((r) => ids.has(r.smsId));
    // A training id missing from the CSV means the id list and the data do not belong together.
    if (kept.length !== ids.size) {
      const present = new Set(rows.map((r) => r.smsId));
      const missing = [...ids].filter((id) => !present.has(id));
      throw new BadUserInputError(
        `${csvPath}: ${missing.length} training id(s) not in the CSV, e.g. ${missing.slice(0, 5).join(', ')}`,
        { missing: missing.length },
      );
    }
  }
  if (kept.length === 0) throw new BadUserInputError(`${csvPath}: no text to fit the tokenizer on`);
  const tokenizer = fitTokenizer(
    kept.map((r) => r.text),
    options.settings,
  );
  return { tokenizer, texts: kept.length };
}
