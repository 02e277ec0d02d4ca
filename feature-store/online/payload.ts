/**
 * The online stores' row payload: a row's feature values as JSON text. An int64 beyond 2^53 (a
 * bigint) is written as `{"$int64": "<digits>"}`, so reading needs no feature types and a
 * float64 never comes back as an integer; rows without one are plain `JSON.stringify` text,
 * read by plain `JSON.parse` (the online read's hot path).
 */
import type { FeatureValue } from '../types';

const TAG = '$int64';
const TAGGED = `{"${TAG}":`;

/** A row's values as payload text. */
export function encodeValues(values: Readonly<Record<string, FeatureValue>>): string {
  try {
    return JSON.stringify(values);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    return JSON.stringify(values, (_k, v: unknown) =>
      typeof v === 'bigint' ? { [TAG]: v.toString() } : v,
    );
  }
}

/** The values of payload text written by {@link encodeValues}. */
export function decodeValues(payload: string): Record<string, FeatureValue> {
  if (!payload.includes(TAGGED)) return JSON.parse(payload) as Record<string, FeatureValue>;
  return JSON.parse(payload, (_k, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const digits = (v as Record<string, unknown>)[TAG];
      if (typeof digits === 'string' && Object.keys(v).length === 1) return BigInt(digits);
    }
    return v;
  }) as Record<string, FeatureValue>;
}
