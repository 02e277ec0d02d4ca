/**
 * JSON that keeps 64-bit integers exact. A JS number holds integers exactly only up to 2^53
 * (`Number.MAX_SAFE_INTEGER`); Feast's int64 features go to 2^63 − 1 and its SDK sends them as
 * plain JSON numbers. Here such an integer becomes a `bigint` when read and is written back as
 * the same digits. Everything else is the platform's own `JSON.parse` / `JSON.stringify`, which
 * stay the fast path: the exact parser (lossless-json, a parser in JS) only runs on a text that
 * holds an integer of 16 digits or more.
 */
import {
  isSafeNumber,
  parse as losslessParse,
  stringify as losslessStringify,
} from 'lossless-json';

/**
 * An integer literal of 16+ digits (2^53 has 16) that is not the fraction or the exponent of a
 * float. It may sit inside a string, which only costs the slow path.
 */
const LONG_INTEGER = /(?<![\d.eE+-])-?\d{16,}(?![\d.eE])/;

/** A number token as lossless-json hands it over: an integer beyond 2^53 as a bigint. */
function parseNumber(token: string): number | bigint {
  if (isSafeNumber(token) || !/^-?\d+$/.test(token)) return Number(token);
  return BigInt(token);
}

/**
 * `JSON.parse`, except that an integer beyond ±2^53 − 1 comes back as a `bigint` holding its
 * exact value (a float, however long, stays a number).
 *
 * @throws SyntaxError as `JSON.parse` does when `text` is not JSON
 */
export function parseJsonExact(text: string): unknown {
  if (!LONG_INTEGER.test(text)) return JSON.parse(text);
  return losslessParse(text, null, parseNumber);
}

/** True when `e` is `JSON.stringify`'s refusal of a bigint. */
const isBigIntRefusal = (e: unknown) => e instanceof TypeError && /BigInt/i.test(e.message);

/**
 * `JSON.stringify`, except that a `bigint` is written as its digits (a JSON number), so
 * {@link parseJsonExact} reads back the same value.
 */
export function stringifyJsonExact(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (e) {
    if (!isBigIntRefusal(e)) throw e;
    return losslessStringify(value) as string;
  }
}
