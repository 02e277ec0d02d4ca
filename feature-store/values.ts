/** Checking feature values against their declared types (pushes, materialization). */
import { BadUserInputError } from '../platform/errors';
import type { FeatureValue, Field } from './types';

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isFloat = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Returns `value` as a valid value of `field`, or throws BAD_USER_INPUT saying what is wrong
 * (`where` names the row, e.g. `rows[3]`). `null` is allowed (served as NULL_VALUE).
 */
export function checkValue(field: Field, value: unknown, where: string): FeatureValue {
  const bad = (expected: string, got = describe(value)) =>
    new BadUserInputError(`${where}.${field.name}: expected ${expected}, got ${got}`, {
      field: field.name,
    });
  if (value === null) return null;
  switch (field.dtype) {
    case 'int64':
      if (!isInt(value)) throw bad('an integer');
      return value;
    case 'float64':
      if (!isFloat(value)) throw bad('a finite number');
      return value;
    case 'string':
      if (typeof value !== 'string') throw bad('a string');
      return value;
    case 'bool':
      if (typeof value !== 'boolean') throw bad('true or false');
      return value;
    case 'int64_list':
    case 'float64_list': {
      const item = field.dtype === 'int64_list' ? isInt : isFloat;
      const kind = field.dtype === 'int64_list' ? 'integers' : 'finite numbers';
      const len = field.length === undefined ? '' : `${field.length} `;
      if (!Array.isArray(value) || !value.every(item)) throw bad(`a list of ${len}${kind}`);
      if (field.length !== undefined && value.length !== field.length) {
        throw bad(`a list of ${field.length} ${kind}`, `a list of length ${value.length}`);
      }
      return value as number[];
    }
  }
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return `a list of length ${v.length}`;
  if (typeof v === 'string') return `"${v.length > 30 ? v.slice(0, 30) + '…' : v}"`;
  if (v === undefined) return 'nothing';
  return JSON.stringify(v) ?? String(v);
}
