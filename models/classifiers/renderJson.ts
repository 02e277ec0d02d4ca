/**
 * JSON text laid out the way Prettier prints a `.json` file (print width 100), so artifacts
 * written by training pass `prettier --check` without a formatting step and diff line by line.
 *
 * @remarks
 * The rules Prettier applies that matter here:
 * - an object written with a line break after `{` stays expanded: one key per line (we always
 *   write objects that way; `{}` when empty);
 * - an array of two or more arrays (each of two or more items) or of two or more objects puts
 *   one item per line;
 * - numbers are printed without a `+` in the exponent (`1e21`);
 * - any other array stays on one line when that line fits in the width, trailing comma included,
 *   else one item per line. (Prettier "fills" a too-long array of numbers several per line; we
 *   never write one: keep number arrays short, e.g. tuples.)
 */

/** A JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

const WIDTH = 100;

const isObject = (v: JsonValue): v is { [k: string]: JsonValue } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function scalar(v: JsonValue): string {
  if (typeof v === 'number' && !Number.isFinite(v)) {
    throw new RangeError(`JSON has no representation for ${v}`);
  }
  // Prettier prints 1e+21 as 1e21; JSON.stringify never writes other forms it would change.
  return typeof v === 'number' ? JSON.stringify(v).replace('e+', 'e') : JSON.stringify(v);
}

/** The one-line form, or undefined when the value holds a non-empty object. */
function flat(v: JsonValue): string | undefined {
  if (Array.isArray(v)) {
    const items = v.map(flat);
    return items.every((s) => s !== undefined) ? `[${items.join(', ')}]` : undefined;
  }
  if (isObject(v)) return Object.keys(v).length === 0 ? '{}' : undefined;
  return scalar(v);
}

function forcedBreak(items: JsonValue[]): boolean {
  if (items.length < 2) return false;
  const allArrays = items.every((i) => Array.isArray(i) && i.length > 1);
  const allObjects = items.every((i) => isObject(i) && Object.keys(i).length > 0);
  return allArrays || allObjects;
}

/**
 * @param indent - spaces before the current line
 * @param column - where this value starts on its line
 * @param tail - characters that follow it on the line (1 for a comma)
 */
function render(v: JsonValue, indent: number, column: number, tail: number): string {
  const pad = ' '.repeat(indent + 2);
  const close = ' '.repeat(indent);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const line = forcedBreak(v) ? undefined : flat(v);
    if (line !== undefined && column + line.length + tail <= WIDTH) return line;
    const last = v.length - 1;
    const rows = v.map(
      (item, i) => `${pad}${render(item, indent + 2, indent + 2, i < last ? 1 : 0)}`,
    );
    return `[\n${rows.join(',\n')}\n${close}]`;
  }
  if (isObject(v)) {
    const entries = Object.entries(v);
    if (entries.length === 0) return '{}';
    const last = entries.length - 1;
    const rows = entries.map(([k, item], i) => {
      const key = `${JSON.stringify(k)}: `;
      return `${pad}${key}${render(item, indent + 2, indent + 2 + key.length, i < last ? 1 : 0)}`;
    });
    return `{\n${rows.join(',\n')}\n${close}}`;
  }
  return scalar(v);
}

/**
 * Checks that `value` is plain JSON data (objects, arrays, strings, finite numbers, booleans,
 * null); object properties that are `undefined` are left out, as `JSON.stringify` does.
 *
 * @throws RangeError on anything else (a non-finite number, a function, a bigint…).
 */
export function toJsonValue(value: unknown, at = '$'): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`${at}: ${value} is not valid JSON`);
    return value;
  }
  if (Array.isArray(value)) return value.map((v: unknown, i) => toJsonValue(v, `${at}[${i}]`));
  if (typeof value === 'object') {
    // No prototype: a "__proto__" key stays a plain key.
    const out = Object.create(null) as { [k: string]: JsonValue };
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = toJsonValue(v, `${at}.${k}`);
    }
    return out;
  }
  throw new RangeError(`${at}: a ${typeof value} is not valid JSON`);
}

/**
 * Renders `value` as Prettier-formatted JSON text, with a final newline.
 *
 * @throws RangeError when `value` is not plain JSON data (see {@link toJsonValue}).
 */
export function renderJson(value: unknown): string {
  return `${render(toJsonValue(value), 0, 0, 0)}\n`;
}
