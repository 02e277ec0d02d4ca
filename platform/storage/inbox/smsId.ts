/**
 * SMS ids are version-1 (time-based) UUIDs, as Cassandra's TIMEUUID: the id carries the moment
 * the message was received, and ids sort by that moment.
 */
import { types } from 'cassandra-driver';
import { BadUserInputError } from '../../errors';

const TIMEUUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A fresh TIMEUUID for a message received now (100 ns resolution, unique per process). */
export function newSmsId(at?: Date): string {
  return (at ? types.TimeUuid.fromDate(at) : types.TimeUuid.now()).toString();
}

/** True for a well-formed TIMEUUID string. */
export function isSmsId(value: string): boolean {
  return TIMEUUID_RE.test(value);
}

/**
 * Validates and normalizes (lower-cases) an sms id given by a caller.
 *
 * @throws BadUserInputError when it is not a TIMEUUID.
 */
export function parseSmsId(value: string, field = 'smsId'): string {
  if (!isSmsId(value)) {
    throw new BadUserInputError(
      `${field} must be a time-based UUID (TIMEUUID), got "${truncate(value)}"`,
      {
        field,
      },
    );
  }
  return value.toLowerCase();
}

/** When the message was received, from its id (millisecond precision). */
export function smsIdDate(id: string): Date {
  return types.TimeUuid.fromString(id).getDate();
}

/**
 * A string that sorts like Cassandra sorts TIMEUUIDs (by timestamp, then the rest), for
 * backends that only compare strings: 15 hex digits of the 60-bit timestamp + clock and node.
 */
export function smsIdSortKey(id: string): string {
  const h = id.toLowerCase().replace(/-/g, '');
  const timeLow = h.slice(0, 8);
  const timeMid = h.slice(8, 12);
  const timeHi = h.slice(13, 16); // drops the version nibble
  return `${timeHi}${timeMid}${timeLow}${h.slice(16)}`;
}

function truncate(s: string, max = 60): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
