/**
 * Reads a JSON request body keeping int64 values beyond 2^53 exact (bigints; see
 * platform/json/exactJson.ts): Feast's SDK sends such values as plain JSON numbers, which
 * `express.json` would round to the nearest double. Limits, charsets and the errors of a body
 * that cannot be read are body-parser's, as with `express.json`.
 */
import express, { type RequestHandler } from 'express';
import { BadUserInputError } from '../../../platform/errors';
import { parseJsonExact } from '../../../platform/json/exactJson';

/** Reads the body as text (up to `limit` bytes), then parses it as JSON into `req.body`. */
export function exactJsonBody(limit: number): RequestHandler[] {
  // requireJson has already checked the content type: read whatever was declared.
  const text = express.text({ type: () => true, limit });
  const parse: RequestHandler = (req, _res, next) => {
    const raw: unknown = req.body;
    if (typeof raw !== 'string' || raw.trim() === '') {
      throw new BadUserInputError('the request body is empty (a JSON object is expected)');
    }
    try {
      req.body = parseJsonExact(raw);
    } catch {
      throw new BadUserInputError('the request body is not valid JSON (an object is expected)');
    }
    next();
  };
  return [text, parse];
}
