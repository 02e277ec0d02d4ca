/**
 * Checking feature values against their declared types (pushes, materialization).
 *
 * int64 is 64-bit: a value within ±(2^53 − 1) is a JS number, one beyond it a `bigint` (what
 * platform/json/exactJson.ts reads from JSON), kept exact end to end — online, offline and
 * back out of the Feast REST API. A string of digits is taken too (GraphQL's way to send one).
 * float64 takes any finite number (a bigint becomes the nearest double, as a JSON reader would
 * make it).
 */
import { BadUserInputError } from '../platform/errors';
import type { FeatureValue, Field, Int64 } from './types';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A 64-bit integer as this library holds it: a number when it is safe, else the bigint. */
export const int64OfBigInt = (v: bigint): Int64 =>
  v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;

/** `v` as an int64 (number when safe, bigint beyond), or undefined when it is not one. */
function asInt64(v: unknown): Int64 | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : undefined;
  // Digits in a string: how GraphQL clients send integers beyond 2^53.
  if (typeof v === 'string' && /^-?\d{1,19}$/.test(v)) return asInt64(BigInt(v));
  if (typeof v === 'bigint') {
    return v < INT64_MIN || v > INT64_MAX ? undefined : int64OfBigInt(v);
  }
  return undefined;
}

/** `v` as a float64, or undefined when it is not a finite number. */
function asFloat64(v: unknown): number | undefined {
  const n = typeof v === 'bigint' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** Why `v` is not an int64, for messages. */
function notInt64(v: unknown): string {
  if (typeof v === 'bigint') return `${v} is outside the 64-bit range`;
  if (typeof v === 'number' && Number.isInteger(v)) {
    return `${v} cannot be held exactly (beyond 2^53, send the exact digits)`;
  }
  return `got ${describe(v)}`;
}

/**
 * Returns `value` as a valid value of `field`, or throws BAD_USER_INPUT saying what is wrong
 * (`where` names the row, e.g. `rows[3]`). `null` is allowed (served as NULL_VALUE).
 */
export function checkValue(field: Field, value: unknown, where: string): FeatureValue {
  const at = `${where}.${field.name}`;
  const bad = (message: string) =>
    new BadUserInputError(`${at}: ${message}`, { field: field.name });
  if (value === null) return null;
  switch (field.dtype) {
    case 'int64': {
      const v = asInt64(value);
      if (v === undefined) throw bad(`expected a 64-bit integer, ${notInt64(value)}`);
      return v;
    }
    case 'float64': {
      const v = asFloat64(value);
      if (v === undefined) throw bad(`expected a finite number, got ${describe(value)}`);
      return v;
    }
    case 'string':
      if (typeof value !== 'string') throw bad(`expected a string, got ${describe(value)}`);
      return value;
    case 'bool':
      if (typeof value !== 'boolean') throw bad(`expected true or false, got ${describe(value)}`);
      return value;
    case 'int64_list':
    case 'float64_list': {
      const ints = field.dtype === 'int64_list';
      const kind = ints ? '64-bit integers' : 'finite numbers';
      const len = field.length === undefined ? '' : `${field.length} `;
      if (!Array.isArray(value))
        throw bad(`expected a list of ${len}${kind}, got ${describe(value)}`);
      if (field.length !== undefined && value.length !== field.length) {
        throw bad(
          `expected a list of ${field.length} ${kind}, got a list of length ${value.length}`,
        );
      }
      const out: (number | bigint)[] = new Array(value.length);
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        const v = ints ? asInt64(item) : asFloat64(item);
        if (v === undefined) {
          throw bad(
            ints
              ? `item ${i}: expected a 64-bit integer, ${notInt64(item)}`
              : `item ${i}: expected a finite number, got ${describe(item)}`,
          );
        }
        out[i] = v;
      }
      return out as FeatureValue;
    }
  }
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return `a list of length ${v.length}`;
  if (typeof v === 'string') return `"${v.length > 30 ? v.slice(0, 30) + '…' : v}"`;
  if (typeof v === 'bigint') return String(v);
  if (v === undefined) return 'nothing';
  return JSON.stringify(v) ?? String(v);
}
