/**
 * The REST API reads JSON only: every request with a body (every POST) must say
 * `Content-Type: application/json`, in UTF-8 when a charset is given.
 *
 * @remarks Why: a cross-site HTML form (or `fetch` without a CORS preflight) can only send
 * `text/plain`, `application/x-www-form-urlencoded` or `multipart/form-data`; reading those
 * as JSON let any web page a victim opened write features. `application/json` from another
 * origin needs a preflight, which this server never grants. Feast's own SDK (`requests` with
 * `json=`) sends `application/json`; `curl` needs `-H 'Content-Type: application/json'`.
 * JSON is UTF-8 (RFC 8259), so `charset=latin1` (or any charset but utf-8) is refused too
 * rather than decoded into different text.
 */
import type { RequestHandler } from 'express';
import { UnsupportedMediaTypeError } from '../../../platform/errors';

/** Why `header` is not `application/json` in UTF-8, or null when it is. */
export function jsonContentTypeProblem(header: string | undefined): string | null {
  if (header === undefined || header.trim() === '') return 'no content type';
  const [type = '', ...params] = header.split(';').map((p) => p.trim());
  if (type.toLowerCase() !== 'application/json') return `content type ${JSON.stringify(type)}`;
  for (const p of params) {
    const [name = '', value = ''] = p.split('=').map((x) => x.trim());
    const charset = value.replace(/^"(.*)"$/, '$1').toLowerCase();
    if (name.toLowerCase() === 'charset' && charset !== 'utf-8' && charset !== 'utf8') {
      return `charset ${JSON.stringify(charset)} (JSON is UTF-8)`;
    }
  }
  return null;
}

/**
 * Refuses a request whose body is not declared as UTF-8 JSON with 415
 * UNSUPPORTED_MEDIA_TYPE, before the body is read.
 */
export const requireJson: RequestHandler = (req, _res, next) => {
  const problem = jsonContentTypeProblem(req.headers['content-type']);
  if (problem) {
    throw new UnsupportedMediaTypeError(
      `${req.method} ${req.path} takes a JSON body: send Content-Type: application/json ` +
        `(got ${problem})`,
    );
  }
  next();
};
