/**
 * Validation of what callers send about messages (ids of people, texts). Shared by every
 * service that accepts messages so the limits are the same everywhere.
 */
import { BadUserInputError } from '../../errors';
import { codePointLength, idProblem, isBlank, isWellFormed } from '../../text';

/** Longest accepted text, in Unicode code points (an emoji counts as one). */
export const MAX_TEXT_LENGTH = 2000;
/** Longest accepted user / sender id, in code points. */
export const MAX_PARTY_ID_LENGTH = 128;

// Texts may hold newlines and tabs, and format characters (emoji joiners, bidi marks).
// eslint-disable-next-line no-control-regex
const TEXT_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Checks a user or sender id: 1–128 code points, not blank, and clean by {@link idProblem}:
 * well-formed, NFC, no control, format (zero-width, bidi) or separator characters other
 * than an inner plain space.
 *
 * @returns the id unchanged (ids are compared exactly, so they are never trimmed or
 *   normalized: one that is not already clean is refused).
 */
export function parsePartyId(value: string, field: string): string {
  if (value.trim() === '') throw new BadUserInputError(`${field} must not be empty`, { field });
  if (codePointLength(value) > MAX_PARTY_ID_LENGTH) {
    throw new BadUserInputError(`${field} is longer than ${MAX_PARTY_ID_LENGTH} characters`, {
      field,
    });
  }
  const problem = idProblem(value);
  if (problem) throw new BadUserInputError(`${field} ${problem}`, { field });
  return value;
}

/**
 * Checks a message text: well-formed UTF-16 (no lone surrogate), not blank (only white
 * space or invisible characters counts as empty), at most {@link MAX_TEXT_LENGTH} code
 * points, no control characters other than newline and tab.
 */
export function parseSmsText(value: string, field = 'text'): string {
  if (!isWellFormed(value)) {
    throw new BadUserInputError(
      `${field} must be well-formed Unicode (it holds a lone surrogate)`,
      { field },
    );
  }
  if (isBlank(value)) throw new BadUserInputError(`${field} must not be empty`, { field });
  const n = codePointLength(value);
  if (n > MAX_TEXT_LENGTH) {
    throw new BadUserInputError(
      `${field} has ${n} characters; at most ${MAX_TEXT_LENGTH} are accepted`,
      {
        field,
      },
    );
  }
  if (TEXT_FORBIDDEN.test(value)) {
    throw new BadUserInputError(
      `${field} must not contain control characters other than newline and tab`,
      {
        field,
      },
    );
  }
  return value;
}

/** A new message as a caller describes it. */
export interface SmsInput {
  recipientId: string;
  senderId: string;
  text: string;
}

/** Validates all fields of a new message, or throws BAD_USER_INPUT naming the first bad one. */
export function parseSmsInput(input: SmsInput): SmsInput {
  return {
    recipientId: parsePartyId(input.recipientId, 'recipientId'),
    senderId: parsePartyId(input.senderId, 'senderId'),
    text: parseSmsText(input.text),
  };
}
