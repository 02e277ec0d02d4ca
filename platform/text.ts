/**
 * Text and identifier hygiene shared by every service that accepts names and messages: what
 * makes a string well formed, an id unambiguous, and a text not blank.
 *
 * @remarks Why each rule: a lone surrogate cannot be encoded as UTF-8 (SQLite and Cassandra
 * would store invalid bytes or replacement characters); two ids that look the same must be
 * the same id, so ids are NFC and hold no invisible (Cf: zero-width, bidi overrides),
 * control (Cc) or separator (Z*: line separators, no-break spaces) characters — only the
 * plain space (U+0020) inside, as in `+44 7700 900123`.
 */

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Control, format and separator characters, except the plain space.
const ID_FORBIDDEN = /(?! )[\p{Cc}\p{Cf}\p{Z}]/u;
// What renders as nothing: white space, controls, format characters, default-ignorable code
// points (e.g. U+3164 HANGUL FILLER) and U+2800 BRAILLE PATTERN BLANK.
const INVISIBLE = /^[\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]*$/u;

/** `U+200B` for a character (its first code point). */
export const codePointName = (ch: string): string =>
  `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Whether `s` is well-formed UTF-16 (no lone surrogate), so it has a UTF-8 encoding. */
export const isWellFormed = (s: string): boolean => !LONE_SURROGATE.test(s);

/** Whether `s` is empty or holds only characters that render as nothing. */
export const isBlank = (s: string): boolean => INVISIBLE.test(s);

/** Length in Unicode code points (an emoji counts as one). */
export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * What is wrong with `s` as an identifier, as the end of a sentence starting with its name
 * (`must not contain …`), or null when it is a clean one: well formed, NFC, no control,
 * format or separator character other than an inner plain space. Length is the caller's.
 */
export function idProblem(s: string): string | null {
  if (!isWellFormed(s)) return 'must be well-formed Unicode (it holds a lone surrogate)';
  const bad = ID_FORBIDDEN.exec(s)?.[0];
  if (bad !== undefined) {
    return /\p{Cc}/u.test(bad)
      ? `must not contain control characters (${codePointName(bad)})`
      : `must not contain invisible, formatting or separator characters (${codePointName(bad)})`;
  }
  if (s.startsWith(' ') || s.endsWith(' ')) return 'must not start or end with a space';
  if (s.normalize('NFC') !== s) {
    return 'must be in Unicode normalization form NFC (e.g. é as one code point, not e + ◌́)';
  }
  return null;
}
