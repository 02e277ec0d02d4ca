/**
 * JSON answers, in the GraphQL response shape, for every request that cannot be served: a body
 * that cannot be read (malformed JSON, over the size limit, a charset or encoding other than
 * UTF-8 JSON), a body that is not JSON at all, a route that does not exist, and anything
 * unexpected — never express' HTML error page, never a stack trace or a file path.
 */
import type express from 'express';
import { HTTP_STATUS, isSpamgraphError, type ErrorCode } from '../errors';
import type { Logger } from '../logger';

interface BodyParserError extends Error {
  status?: number;
  type?: string;
}

/**
 * Sends `{errors: [{message, extensions: {…details, code}}]}` with the status of `code` (or
 * `status`).
 */
export function sendJsonError(
  res: express.Response,
  code: ErrorCode,
  message: string,
  status: number = HTTP_STATUS[code],
  details: Record<string, unknown> = {},
): void {
  res.status(status).json({ errors: [{ message, extensions: { ...details, code } }] });
}

/** What a body-parser failure (marked with `type`) answers; null for other errors. */
function describeBodyError(e: BodyParserError): [ErrorCode, string, number] | null {
  switch (e.type) {
    case 'entity.too.large':
      return ['BAD_USER_INPUT', 'request body too large (limit 1 MB)', 413];
    case 'entity.parse.failed':
      return ['BAD_USER_INPUT', `request body is not valid JSON: ${e.message}`, 400];
    case 'charset.unsupported':
      return ['UNSUPPORTED_MEDIA_TYPE', 'request body must be JSON in UTF-8', 415];
    case 'encoding.unsupported':
      return ['UNSUPPORTED_MEDIA_TYPE', 'unsupported content encoding', 415];
  }
  if (typeof e.type === 'string' && e.status !== undefined && e.status >= 400 && e.status < 500) {
    return ['BAD_USER_INPUT', `request body cannot be read (${e.type})`, 400];
  }
  return null;
}

/** Express error handler for body-parser's failures: mount after the routes. */
export const bodyErrorHandler: express.ErrorRequestHandler = (err, _req, res, next) => {
  const described = res.headersSent ? null : describeBodyError(err as BodyParserError);
  if (!described) {
    next(err);
    return;
  }
  sendJsonError(res, ...described);
};

/**
 * Refuses a POST whose body is not declared as JSON (`Content-Type: application/json`) with
 * 415 UNSUPPORTED_MEDIA_TYPE: without it the JSON parser leaves the body unread, and a
 * `text/plain` form post from another site would reach the handler.
 */
export const requireJsonBody: express.RequestHandler = (req, res, next) => {
  if (req.method === 'POST' && !req.is('application/json')) {
    sendJsonError(res, 'UNSUPPORTED_MEDIA_TYPE', 'request body must be application/json');
    return;
  }
  next();
};

/** The last route: 404 NOT_FOUND as JSON. */
export const jsonNotFound: express.RequestHandler = (req, res) => {
  sendJsonError(res, 'NOT_FOUND', `no route ${req.method} ${req.path}`);
};

/**
 * The last error handler: anything not answered yet is logged and masked as
 * INTERNAL_SERVER_ERROR; express' own refusals keep their 4xx status (404: NOT_FOUND).
 */
export function jsonErrorHandler(logger: Logger): express.ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    if (isSpamgraphError(err)) {
      sendJsonError(res, err.code, err.message);
      return;
    }
    const status = (err as { status?: unknown }).status;
    if (status === 404) {
      sendJsonError(res, 'NOT_FOUND', `no such resource: ${req.path}`);
      return;
    }
    if (typeof status === 'number' && status >= 400 && status < 500) {
      sendJsonError(res, 'BAD_USER_INPUT', 'bad request', status);
      return;
    }
    logger.error({ err, path: req.path }, 'unexpected error');
    sendJsonError(res, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  };
}
