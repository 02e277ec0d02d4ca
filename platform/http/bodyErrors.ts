/**
 * JSON answers for requests whose body cannot be read (malformed JSON, over the size limit),
 * in the GraphQL response shape, instead of express' HTML error page.
 */
import type express from 'express';

interface BodyParserError extends Error {
  status?: number;
  type?: string;
}

/** Express error handler: mount after the routes. */
export const bodyErrorHandler: express.ErrorRequestHandler = (err, _req, res, next) => {
  const e = err as BodyParserError;
  if (res.headersSent || (e.type !== 'entity.too.large' && e.type !== 'entity.parse.failed')) {
    next(err);
    return;
  }
  const message =
    e.type === 'entity.too.large'
      ? 'request body too large (limit 1 MB)'
      : `request body is not valid JSON: ${e.message}`;
  res
    .status(e.status ?? 400)
    .json({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] });
};
