/** Opaque inbox cursors: base64url of `sms:<TIMEUUID>` (the last message of a page). */
import { BadUserInputError } from '../../platform/errors';
import { isSmsId } from '../../platform/storage/inbox/smsId';

const PREFIX = 'sms:';

/** The cursor pointing just after `smsId` (towards older messages). */
export function encodeCursor(smsId: string): string {
  return Buffer.from(PREFIX + smsId, 'utf8').toString('base64url');
}

/**
 * The sms id inside a cursor.
 *
 * @throws BadUserInputError for anything {@link encodeCursor} did not make.
 */
export function decodeCursor(cursor: string): string {
  const bad = () =>
    new BadUserInputError('after is not a cursor returned by this API', { field: 'after' });
  if (cursor.length === 0 || cursor.length > 100 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const id = text.slice(PREFIX.length);
  if (!text.startsWith(PREFIX) || !isSmsId(id)) throw bad();
  return id.toLowerCase();
}
