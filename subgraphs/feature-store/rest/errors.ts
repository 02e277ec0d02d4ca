/**
 * REST errors in Feast's shape, so Feast's SDK raises its typed exceptions: the body is a JSON
 * *string* holding `{"module": "feast.errors", "class": …, "message": …}` (Feast's
 * `FeastError.to_error_detail()`, which the SDK's `FeastError.from_error_detail()` turns back
 * into e.g. `FeatureViewNotFoundException`), plus our stable `code`. The status is Feast's for
 * an error with a Feast counterpart (a missing push source: 422), else the code's
 * (`HTTP_STATUS`). body-parser's own failures become BAD_USER_INPUT (413 for a body over the
 * limit); anything unexpected is logged and masked as INTERNAL_SERVER_ERROR.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { FeastNotFoundError } from '../../../feature-store';
import { HTTP_STATUS, isSpamgraphError, type ErrorCode } from '../../../platform/errors';
import type { Logger } from '../../../platform/logger';

/** What the body of every error response holds, once its JSON string is parsed. */
export interface RestErrorDetail {
  module: 'feast.errors';
  /** The Feast exception: a specific one (`FeatureViewNotFoundException`…) or `FeastError`. */
  class: string;
  message: string;
  /** Our stable error code. */
  code: ErrorCode;
}

interface Described {
  status: number;
  detail: RestErrorDetail;
}

/** The Feast class of a code with no more specific counterpart. */
const FEAST_CLASS: Partial<Record<ErrorCode, string>> = {
  UNAUTHENTICATED: 'FeastPermissionError',
  FORBIDDEN: 'FeastPermissionError',
  NOT_FOUND: 'FeastObjectNotFoundException',
};

const describe = (
  status: number,
  code: ErrorCode,
  message: string,
  feastClass = FEAST_CLASS[code] ?? 'FeastError',
): Described => ({
  status,
  detail: { module: 'feast.errors', class: feastClass, message, code },
});

/** Sends `d` as Feast does: its detail as a JSON string. */
export function sendError(
  res: Parameters<ErrorRequestHandler>[2],
  d: { status: number; detail: RestErrorDetail },
) {
  res.status(d.status).json(JSON.stringify(d.detail));
}

/**
 * body-parser marks its errors with `type` and a 4xx `status` (the body is read as text, so
 * malformed JSON is exactJsonBody.ts's BAD_USER_INPUT, not one of these).
 */
function bodyParserError(e: unknown, limit: string): Described | null {
  if (typeof e !== 'object' || e === null) return null;
  const { type, status } = e as { type?: unknown; status?: unknown };
  if (type === 'entity.too.large') {
    return describe(413, 'BAD_USER_INPUT', `the request body is larger than the ${limit} limit`);
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
    if (e instanceof FeastNotFoundError) {
      d = describe(e.feast.status, e.code, e.message, e.feast.class);
    } else if (isSpamgraphError(e)) {
      d = describe(HTTP_STATUS[e.code], e.code, e.message);
    } else {
      d =
        bodyParserError(e, bodyLimit) ??
        describe(
          HTTP_STATUS.INTERNAL_SERVER_ERROR,
          'INTERNAL_SERVER_ERROR',
          'Internal server error',
        );
      if (d.detail.code === 'INTERNAL_SERVER_ERROR') {
        logger.error({ err: e, path: req.path }, 'unexpected error');
      }
    }
    sendError(res, d);
  };
}

/** Any route not served: 404 naming the routes that are. */
export function notFoundHandler(routes: readonly string[]): RequestHandler {
  return (req, res) => {
    sendError(
      res,
      describe(
        404,
        'NOT_FOUND',
        `no route ${req.method} ${req.path}; routes: ${routes.join(', ')}`,
      ),
    );
  };
}

/**
 * The detail of an error response body (what {@link sendError} wrote), for our own clients and
 * tests; throws when `body` is not one.
 */
export function parseRestError(body: unknown): RestErrorDetail {
  const detail: unknown = typeof body === 'string' ? JSON.parse(body) : undefined;
  const d = detail as Partial<RestErrorDetail> | undefined;
  if (
    d?.module !== 'feast.errors' ||
    typeof d.class !== 'string' ||
    typeof d.message !== 'string' ||
    typeof d.code !== 'string'
  ) {
    throw new Error(`not a Feast error body: ${JSON.stringify(body)}`);
  }
  return d as RestErrorDetail;
}
