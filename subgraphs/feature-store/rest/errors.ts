/**
 * REST errors: every failure is JSON `{error: {code, message}}` with the status of its code
 * (`HTTP_STATUS`); body-parser's own failures become BAD_USER_INPUT (413 for a body over the
 * limit); anything unexpected is logged and masked as INTERNAL_SERVER_ERROR.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { HTTP_STATUS, isSpamgraphError, type ErrorCode } from '../../../platform/errors';
import type { Logger } from '../../../platform/logger';

/** The body of every error response. */
export interface RestErrorBody {
  error: { code: ErrorCode; message: string };
}

interface Described {
  status: number;
  body: RestErrorBody;
}

const describe = (status: number, code: ErrorCode, message: string): Described => ({
  status,
  body: { error: { code, message } },
});

/** body-parser marks its errors with `type` and a 4xx `status`. */
function bodyParserError(e: unknown, limit: string): Described | null {
  if (typeof e !== 'object' || e === null) return null;
  const { type, status } = e as { type?: unknown; status?: unknown };
  if (type === 'entity.too.large') {
    return describe(413, 'BAD_USER_INPUT', `the request body is larger than the ${limit} limit`);
  }
  if (type === 'entity.parse.failed') {
    return describe(
      400,
      'BAD_USER_INPUT',
      'the request body is not valid JSON (an object is expected)',
    );
  }
  if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
    return describe(415, 'UNSUPPORTED_MEDIA_TYPE', 'the request body must be JSON in UTF-8');
  }
  if (typeof type === 'string' && typeof status === 'number' && status >= 400 && status < 500) {
    return describe(status, 'BAD_USER_INPUT', `the request body cannot be read (${type})`);
  }
  return null;
}

/** The final error middleware. */
export function errorHandler(logger: Logger, bodyLimit: string): ErrorRequestHandler {
  return (e: unknown, req, res, _next) => {
    let d: Described;
    if (isSpamgraphError(e)) {
      d = describe(HTTP_STATUS[e.code], e.code, e.message);
    } else {
      d =
        bodyParserError(e, bodyLimit) ??
        describe(
          HTTP_STATUS.INTERNAL_SERVER_ERROR,
          'INTERNAL_SERVER_ERROR',
          'Internal server error',
        );
      if (d.body.error.code === 'INTERNAL_SERVER_ERROR') {
        logger.error({ err: e, path: req.path }, 'unexpected error');
      }
    }
    res.status(d.status).json(d.body);
  };
}

/** Any route not served: 404 naming the routes that are. */
export function notFoundHandler(routes: readonly string[]): RequestHandler {
  return (req, res) => {
    const body: RestErrorBody = {
      error: {
        code: 'NOT_FOUND',
        message: `no route ${req.method} ${req.path}; routes: ${routes.join(', ')}`,
      },
    };
    res.status(404).json(body);
  };
}
