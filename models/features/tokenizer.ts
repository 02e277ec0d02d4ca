/**
 * A word tokenizer with the semantics of Keras' legacy `Tokenizer` (keras.preprocessing.text),
 * so v2 token ids match what a Python pipeline using Keras would produce.
 *
 * @remarks
 * Rules implemented, read from Keras' `text_to_word_sequence`, `Tokenizer.fit_on_texts` and
 * `Tokenizer.texts_to_sequences` (defaults `lower=True`, `split=" "`, `oov_token=None`,
 * `char_level=False`, no analyzer):
 *
 * 1. `text.lower()` (JavaScript `toLowerCase()`: the same full Unicode case mapping).
 * 2. Every code point listed in `filters` is replaced by `split`. The default filters are
 *    ``!"#$%&()*+,-./:;<=>?@[\]^_`{|}~`` plus tab and newline; the apostrophe is NOT among
 *    them, so "don't" stays one word.
 * 3. The result is split on the `split` string itself (Python `str.split(" ")`), NOT on any
 *    whitespace: `\r`, U+00A0 or U+FEFF stay inside a word. Empty pieces are dropped.
 * 4. Fitting counts every word in an insertion-ordered map (first occurrence across the texts,
 *    in the order they are given), then sorts by count descending with Python's stable sort
 *    (`reverse=True` keeps equal keys in their original order). So ties are broken by first
 *    occurrence. Ids are the ranks, starting at 1 (0 is the padding value); every word gets one.
 * 5. `texts_to_sequences` maps each word to its id, drops unknown words, and (because there is
 *    no OOV token) drops ids `>= num_words` when `num_words` is set. So with `numWords = 180`
 *    only ids 1..179 ever appear.
 */

/** Where padding and truncation happen (Keras `pad_sequences`). */
export type PadSide = 'pre' | 'post';

/** Everything that decides how a text becomes ids; persisted with the tokenizer. */
export interface TokenizerSettings {
  /** Keras `num_words`: keep ids `< numWords`; `null` keeps every id. */
  numWords: number | null;
  /** Characters replaced by `split` before splitting. */
  filters: string;
  /** Lower-case the text first. */
  lower: boolean;
  /** The separator the text is split on (a non-empty string). */
  split: string;
  /** Length of the padded sequence. */
  maxlen: number;
  /** Where zeros are added to a short sequence. */
  padding: PadSide;
  /** Which end is cut from a long sequence (`'pre'` keeps the last `maxlen` ids). */
  truncating: PadSide;
}

/** Keras' default `filters`: ASCII punctuation except the apostrophe, plus tab and newline. */
export const KERAS_DEFAULT_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n';

/** Settings of the v2 features: vocabulary 180 (ids 1..179), length 30, Keras defaults. */
export const V2_TOKENIZER_SETTINGS: Readonly<TokenizerSettings> = Object.freeze({
  numWords: 180,
  filters: KERAS_DEFAULT_FILTERS,
  lower: true,
  split: ' ',
  maxlen: 30,
  padding: 'pre',
  truncating: 'pre',
});

/** One vocabulary entry; its id is its position in {@link Tokenizer.vocab} plus 1. */
export interface RankedWord {
  word: string;
  count: number;
}

/** A fitted tokenizer (immutable). */
export interface Tokenizer {
  readonly settings: Readonly<TokenizerSettings>;
  /** Words by rank: `vocab[i]` has id `i + 1`. After a load it may hold only ids < numWords. */
  readonly vocab: readonly RankedWord[];
  /** Keras `word_index`: word → id. */
  readonly wordIndex: ReadonlyMap<string, number>;
  /** Number of texts fitted (Keras `document_count`). */
  readonly documentCount: number;
  /** Distinct words seen while fitting (Keras `len(word_counts)`), even if `vocab` is cut. */
  readonly vocabularySize: number;
}

/** Checks settings; returns a list of problems (empty when valid). */
export function settingsProblems(s: TokenizerSettings): string[] {
  const problems: string[] = [];
  if (s.numWords !== null && !(Number.isInteger(s.numWords) && s.numWords >= 1)) {
    problems.push(`numWords must be an integer ≥ 1 or null, got ${s.numWords}`);
  }
  if (s.split === '') problems.push('split must be a non-empty string');
  if (!(Number.isInteger(s.maxlen) && s.maxlen >= 1)) {
    problems.push(`maxlen must be an integer ≥ 1, got ${s.maxlen}`);
  }
  for (const k of ['padding', 'truncating'] as const) {
    if (s[k] !== 'pre' && s[k] !== 'post') problems.push(`${k} must be "pre" or "post"`);
  }
  return problems;
}

/**
 * Keras `text_to_word_sequence`: lower-case, filter characters → `split`, split on `split`.
 *
 * @returns the words, empty pieces dropped.
 */
export function textToWordSequence(
  text: string,
  settings: Pick<TokenizerSettings, 'filters' | 'lower' | 'split'> = V2_TOKENIZER_SETTINGS,
): string[] {
  const { filters, lower, split } = settings;
  const source = lower ? text.toLowerCase() : text;
  const filterSet = new Set(filters); // iterates code points, like Python's str.maketrans
  let translated = '';
  for (const ch of source) translated += filterSet.has(ch) ? split : ch;
  return translated.split(split).filter((w) => w !== '');
}

/** Builds a tokenizer from ranked words (ids are positions + 1). */
export function makeTokenizer(
  settings: TokenizerSettings,
  vocab: readonly RankedWord[],
  documentCount: number,
  vocabularySize: number,
): Tokenizer {
  const wordIndex = new Map<string, number>();
  vocab.forEach(({ word }, i) => wordIndex.set(word, i + 1));
  return {
    settings: Object.freeze({ ...settings }),
    vocab: Object.freeze(vocab.map((w) => Object.freeze({ ...w }))),
    wordIndex,
    documentCount,
    vocabularySize,
  };
}

/**
 * Fits a tokenizer on texts, as Keras `Tokenizer(num_words=…).fit_on_texts(texts)` does.
 *
 * @param options - settings; anything omitted takes the v2 value ({@link V2_TOKENIZER_SETTINGS}).
 * @throws RangeError when a setting is invalid (a programming error, not user input).
 */
export function fitTokenizer(
  texts: Iterable<string>,
  options: Partial<TokenizerSettings> = {},
): Tokenizer {
  const settings: TokenizerSettings = { ...V2_TOKENIZER_SETTINGS, ...options };
  const problems = settingsProblems(settings);
  if (problems.length > 0)
    throw new RangeError(`invalid tokenizer settings: ${problems.join('; ')}`);
  // A Map iterates in insertion order = first occurrence, like Keras' OrderedDict.
  const counts = new Map<string, number>();
  let documentCount = 0;
  for (const text of texts) {
    documentCount++;
    for (const w of textToWordSequence(text, settings)) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  // Array.prototype.sort is stable (ES2019), so equal counts keep first-occurrence order.
  const vocab = [...counts].map(([word, count]) => ({ word, count }));
  vocab.sort((a, b) => b.count - a.count);
  return makeTokenizer(settings, vocab, documentCount, counts.size);
}

/** Keras `texts_to_sequences` for one text: known words with id < numWords, in order. */
export function textToSequence(tokenizer: Tokenizer, text: string): number[] {
  const { numWords } = tokenizer.settings;
  const seq: number[] = [];
  for (const w of textToWordSequence(text, tokenizer.settings)) {
    const id = tokenizer.wordIndex.get(w);
    if (id !== undefined && (numWords === null || id < numWords)) seq.push(id);
  }
  return seq;
}

/** Keras `texts_to_sequences`: {@link textToSequence} for each text. */
export function textsToSequences(tokenizer: Tokenizer, texts: Iterable<string>): number[][] {
  return Array.from(texts, (t) => textToSequence(tokenizer, t));
}
