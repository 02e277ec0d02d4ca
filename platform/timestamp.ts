/**
 * Strict timestamps: RFC 3339 text (with the few relaxations the CLI and Feast's clients use)
 * or epoch milliseconds, each field checked, within 1970-01-01 … 9999-12-31 (UTC).
 *
 * @remarks `new Date(text)` is too lenient to check input: it rolls `2021-02-30` over to
 * March 2, reads `0049-06-01 00:00Z` as 2049 and accepts years beyond 9999. Here every field
 * is parsed and range-checked, so a timestamp means exactly what it says or is refused.
 */
import { BadUserInputError } from './errors';

/** Earliest accepted instant (the Unix epoch). */
export const MIN_TIMESTAMP_MS = 0;
/** Latest accepted instant, 9999-12-31T23:59:59.999Z (RFC 3339 years have 4 digits). */
export const MAX_TIMESTAMP_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

// date, optional time (T, t or a space; seconds and fraction optional), optional offset.
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y: number, m: number) =>
  m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;

/** Offset east of UTC in minutes, or null when its fields are out of range. */
function offsetMinutes(tz: string | undefined): number | null {
  if (tz === undefined || tz === 'Z' || tz === 'z') return 0; // no timezone: UTC
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(tz);
  if (!m) return null;
  const [h, min] = [Number(m[2]), Number(m[3])];
  if (h > 23 || min > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + min);
}

/** What is wrong with the fields of a date-time, or null when they form a real one. */
function fieldProblem(f: number[]): string | null {
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = f;
  if (mo < 1 || mo > 12) return `month ${mo} does not exist`;
  if (d < 1 || d > daysIn(y, mo))
    return `day ${d} of ${y}-${String(mo).padStart(2, '0')} does not exist`;
  if (h > 23) return `hour ${h} does not exist`;
  if (mi > 59) return `minute ${mi} does not exist`;
  if (s === 60) return 'leap seconds (:60) are not supported';
  if (s > 59) return `second ${s} does not exist`;
  return null;
}

/**
 * Parses a timestamp: RFC 3339 text (`2026-01-31T12:00:00Z`, `…+01:00`; also a space for
 * `T`, no seconds, a date alone, an offset without colon, and no timezone = UTC) or epoch
 * milliseconds (an integer). `where` names the value in messages.
 *
 * @throws BadUserInputError for anything else: unparseable text (`cannot parse timestamp`),
 *   impossible fields (`2021-02-30`, `24:00`, leap seconds), or an instant before 1970 or
 *   after 9999.
 */
export function parseTimestamp(v: unknown, where: string): Date {
  const fail = (why: string) => new BadUserInputError(`${where}: ${why}`);
  let ms: number;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw fail(`epoch milliseconds must be an integer, got ${v}`);
    ms = v;
  } else {
    const m = typeof v === 'string' ? RFC3339.exec(v.trim()) : null;
    if (!m) throw fail(`cannot parse timestamp ${JSON.stringify(v)} (ISO-8601 or epoch ms)`);
    const fields = m.slice(1, 7).map((x) => Number(x ?? 0));
    const problem = fieldProblem(fields);
    if (problem) throw fail(`${JSON.stringify(v)} is not a real date-time: ${problem}`);
    const offset = offsetMinutes(m[8]);
    if (offset === null) throw fail(`${JSON.stringify(v)} has an impossible UTC offset`);
    const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0] = fields;
    const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3)); // truncated to ms
    // Date.UTC maps years 0–99 to 19xx: set the year separately so 0049 stays 49.
    const utc = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, millis));
    utc.setUTCFullYear(y, mo - 1, d);
    ms = utc.getTime() - offset * 60_000;
  }
  if (ms < MIN_TIMESTAMP_MS || ms > MAX_TIMESTAMP_MS) {
    throw fail(`${JSON.stringify(v)} is outside 1970-01-01T00:00:00Z … 9999-12-31T23:59:59.999Z`);
  }
  return new Date(ms);
}
