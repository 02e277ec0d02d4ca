/**
 * Features v1: two character ratios and seven cue-word flags, computed from the raw text.
 *
 * @remarks
 * Exact definitions (training and serving both call {@link extractV1}, so they cannot drift):
 *
 * - The text is first normalized to Unicode NFC, so a decomposed "e" + U+0301 and a composed
 *   "é" give the same numbers. Characters are counted as Unicode code points, not UTF-16 units
 *   (an emoji outside the BMP counts once).
 * - **Word tokens** are the pieces of the text split on whitespace, where whitespace is what
 *   JavaScript's `\s` matches (ASCII spaces/tabs/newlines, U+00A0, U+2000–U+200A, U+3000,
 *   U+FEFF…). The ratios only need the non-whitespace characters, so they are computed over
 *   every code point that is not whitespace.
 * - A **letter** is a code point matching `\p{L}` (any Unicode letter: Latin, accented, Greek,
 *   CJK…). An **upper-case letter** matches `\p{Lu}` (title-case `\p{Lt}` is not upper-case).
 *   Everything else that is not whitespace is **non-alphabetic**: digits, punctuation, symbols,
 *   emoji, combining marks, format characters such as U+200D.
 * - `cap_r` = upper-case letters / letters; `nal_r` = non-alphabetic / letters; both are 0 when
 *   the text has no letter (so `nal_r` is unbounded above but never NaN or Infinity).
 * - **Cue tokens**: the lower-cased text split on every run of characters that are not
 *   `\p{L}`, `\p{M}` or `\p{N}` (letters, combining marks, digits). A cue flag is 1 when a cue
 *   token equals the cue word exactly: "WIN!" and "win," match `win`, "winning", "freedom",
 *   "FreeMsg" and "win2" do not, "free-money" and "free_money" match both `free` and `money`,
 *   and "won't" matches `won` (the apostrophe splits it).
 */

/** Names of the v1 features, in vector order. */
export const FEATURES_V1_NAMES = [
  'cap_r',
  'nal_r',
  'free',
  'money',
  'prize',
  'win',
  'won',
  'winner',
  'cash',
] as const;

/** One v1 feature name. */
export type FeatureV1Name = (typeof FEATURES_V1_NAMES)[number];

/** The cue words flagged by v1, in vector order (positions 2–8). */
export const V1_CUE_WORDS = ['free', 'money', 'prize', 'win', 'won', 'winner', 'cash'] as const;

const WHITESPACE = /\s/u;
const LETTER = /\p{L}/u;
const UPPER = /\p{Lu}/u;
// Combining marks stay inside a token so that NFC-less input like "fre\u0301e" is not cut.
const CUE_SEPARATOR = /[^\p{L}\p{M}\p{N}]+/u;

/** Letter statistics over the non-whitespace code points of `text` (already NFC). */
function countChars(text: string): { letters: number; upper: number; nonAlpha: number } {
  let letters = 0;
  let upper = 0;
  let nonAlpha = 0;
  for (const ch of text) {
    if (WHITESPACE.test(ch)) continue;
    if (LETTER.test(ch)) {
      letters++;
      if (UPPER.test(ch)) upper++;
    } else {
      nonAlpha++;
    }
  }
  return { letters, upper, nonAlpha };
}

/**
 * The cue tokens of a text: lower-cased, split on anything that is not a letter, mark or digit.
 *
 * @returns the distinct tokens (empty pieces dropped).
 */
export function cueTokens(text: string): Set<string> {
  const pieces = text.normalize('NFC').toLowerCase().split(CUE_SEPARATOR);
  return new Set(pieces.filter((p) => p !== ''));
}

/**
 * Computes the 9 v1 features of one text, in {@link FEATURES_V1_NAMES} order.
 *
 * @returns `[cap_r, nal_r, free, money, prize, win, won, winner, cash]`; flags are 0 or 1.
 */
export function extractV1(text: string): number[] {
  const nfc = text.normalize('NFC');
  const { letters, upper, nonAlpha } = countChars(nfc);
  const capR = letters === 0 ? 0 : upper / letters;
  const nalR = letters === 0 ? 0 : nonAlpha / letters;
  const tokens = cueTokens(nfc);
  return [capR, nalR, ...V1_CUE_WORDS.map((w) => (tokens.has(w) ? 1 : 0))];
}
