/**
 * Validation of what callers send about messages (ids of people, texts). Shared by every
 * service that accepts messages so the limits are the same everywhere.
 */
import { BadUserInputError } from '../../errors';

/** Longest accepted text, in Unicode code points (an emoji counts as one). */
export const MAX_TEXT_LENGTH = 2000;
/** Longest accepted user / sender id, in code points. */
export const MAX_PARTY_ID_LENGTH = 128;

// Control characters make ids impossible to show or type; texts may hold newlines and tabs.
// eslint-disable-next-line no-control-regex
const ID_FORBIDDEN = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const TEXT_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/**
 * Checks a user or sender id: 1–128 code points, not blank, no control characters.
 *
 * @returns the id unchanged (ids are compared exactly, so they are never trimmed).
 */
export function parsePartyId(value: string, field: string): string {
  if (value.trim() === '') throw new BadUserInputError(`${field} must not be empty`, { field });
  if (codePoints(value) > MAX_PARTY_ID_LENGTH) {
    throw new BadUserInputError(`${field} is longer than ${MAX_PARTY_ID_LENGTH} characters`, {
      field,
    });
  }
  if (ID_FORBIDDEN.test(value)) {
    throw new BadUserInputError(`${field} must not contain control characters`, { field });
  }
  return value;
}

/** Checks a message text: not blank, at most {@link MAX_TEXT_LENGTH} code points. */
export function parseSmsText(value: string, field = 'text'): string {
  if (value.trim() === '') throw new BadUserInputError(`${field} must not be empty`, { field });
  const n = codePoints(value);
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
