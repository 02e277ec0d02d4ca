/**
 * Reading fields of a JSON request body, each failure a BAD_USER_INPUT naming the field.
 * Unknown fields are ignored, as Feast's server (pydantic) does, so Feast clients that send
 * extra options keep working.
 */
import { parseEventTime } from '../../../feature-store';
import { BadUserInputError } from '../../../platform/errors';

/** A request body as a plain object. */
export type Body = Record<string, unknown>;

const show = (v: unknown): string => {
  if (Array.isArray(v)) return `a list of length ${v.length}`;
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

/** The body as an object, or BAD_USER_INPUT. */
export function objectBody(body: unknown): Body {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadUserInputError('the request body must be a JSON object');
  }
  return body as Body;
}

/** `true` when the field is absent or null (pydantic's Optional). */
const absent = (body: Body, key: string) => body[key] === undefined || body[key] === null;

export function requiredString(body: Body, key: string): string {
  const v = body[key];
  if (typeof v !== 'string' || v.length === 0) {
    throw new BadUserInputError(
      absent(body, key)
        ? `${key} is required`
        : `${key}: expected a non-empty string, got ${show(v)}`,
      { field: key },
    );
  }
  return v;
}

export function optionalString(body: Body, key: string): string | undefined {
  return absent(body, key) ? undefined : requiredString(body, key);
}

export function optionalBoolean(body: Body, key: string): boolean | undefined {
  const v = body[key];
  if (absent(body, key)) return undefined;
  if (typeof v !== 'boolean') {
    throw new BadUserInputError(`${key}: expected true or false, got ${show(v)}`, { field: key });
  }
  return v;
}

/** A list of strings; `where` names it in messages (defaults to the key). */
export function stringList(value: unknown, where: string): string[] {
  if (!Array.isArray(value)) {
    throw new BadUserInputError(`${where}: expected a list of strings, got ${show(value)}`, {
      field: where,
    });
  }
  value.forEach((item: unknown, i) => {
    if (typeof item !== 'string') {
      throw new BadUserInputError(`${where}[${i}]: expected a string, got ${show(item)}`, {
        field: where,
      });
    }
  });
  return value as string[];
}

export function optionalStringList(body: Body, key: string): string[] | undefined {
  return absent(body, key) ? undefined : stringList(body[key], key);
}

/** A timestamp field: ISO-8601 text (no timezone = UTC) or epoch milliseconds. */
export function requiredTimestamp(body: Body, key: string): Date {
  if (absent(body, key)) throw new BadUserInputError(`${key} is required`, { field: key });
  return parseEventTime(body[key], key);
}

/** Feast's `entities: {<join key>: [keys…]}`: exactly the one join key, string keys. */
export function entityKeys(entities: unknown, joinKey: string): string[] {
  if (typeof entities !== 'object' || entities === null || Array.isArray(entities)) {
    throw new BadUserInputError(`entities must be an object like {"${joinKey}": ["…"]}`, {
      field: 'entities',
    });
  }
  const keys = Object.keys(entities);
  if (keys.length !== 1 || keys[0] !== joinKey) {
    const got = keys.map((k) => `"${k}"`).join(', ') || 'none';
    throw new BadUserInputError(
      `entities must have exactly one key, the join key "${joinKey}"; got ${got}`,
      { field: 'entities' },
    );
  }
  return stringList((entities as Record<string, unknown>)[joinKey], `entities.${joinKey}`);
}
