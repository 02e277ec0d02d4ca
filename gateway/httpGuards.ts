/**
 * The gateway's HTTP-level guards, each answering a coded JSON error before Apollo does any
 * work: allowed hosts, one rate unit per request, the token count of the query text, and on the
 * way out the deadline and the response-size cap.
 */
import type express from 'express';
import { Lexer, Source, TokenKind } from 'graphql';
import { sendJsonError } from '../platform/http/bodyErrors';
import { rateLimited } from './armor';
import type { RateLimiter } from './rateLimit';
import { deadlineOf, scopeOf } from './requestScope';

/** The host name of a `Host` header, lower-cased, without port or IPv6 brackets. */
export function hostName(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  return h.replace(/:\d*$/, '');
}

/** Paths probes reach by the service's address, whatever its name. */
const PROBES = new Set(['/health', '/ready']);

/**
 * Answers only requests whose `Host` names this deployment (DNS rebinding: a page on another
 * site whose name resolves here must not reach the API with the user's cookies). `*` allows
 * every host. Health and readiness probes reach a service by its address: they are exempt.
 */
export function allowedHosts(hosts: readonly string[]): express.RequestHandler {
  const allowed = new Set(hosts.map((h) => h.toLowerCase()));
  return (req, res, next) => {
    const host = hostName(req.headers.host);
    if (allowed.has('*') || (host !== undefined && allowed.has(host)) || PROBES.has(req.path)) {
      next();
      return;
    }
    const shown =
      host === undefined ? 'no Host header' : `host ${JSON.stringify(host.slice(0, 100))}`;
    sendJsonError(res, 'HOST_NOT_ALLOWED', `${shown} is not served here (see ALLOWED_HOSTS)`);
  };
}

/**
 * Takes the unit every request costs on arrival; an empty bucket answers 429 without reading
 * the body. The answer is held for up to `holdMs` (never past the retry time): a client that
 * retries the moment it is refused then sends a few requests a second per connection instead
 * of hundreds, each of which costs the gateway CPU its other callers need (nginx's
 * `limit_req` without `nodelay` does the same). A held answer costs a timer; a client that
 * leaves cancels it.
 */
export function rateGate(limiter: RateLimiter, holdMs = 0): express.RequestHandler {
  return (_req, res, next) => {
    const scope = scopeOf(res);
    const taken = scope ? limiter.take(scope.principal, 1) : { ok: true as const };
    if (taken.ok) {
      next();
      return;
    }
    const refuse = () => {
      if (res.writableEnded || res.destroyed) return;
      res.setHeader('retry-after', String(taken.retryAfterSeconds));
      const e = rateLimited(taken.retryAfterSeconds);
      sendJsonError(res, e.code, e.message, undefined, e.details);
    };
    const hold = Math.min(holdMs, taken.retryAfterMs);
    if (hold <= 0) return refuse();
    const timer = setTimeout(refuse, hold);
    res.once('close', () => clearTimeout(timer));
  };
}

/** True when `query` holds more than `max` tokens (lexing stops there; syntax is not judged). */
export function overTokenLimit(query: string, max: number): boolean {
  const lexer = new Lexer(new Source(query));
  try {
    for (let n = 0; n <= max; n++) if (lexer.advance().kind === TokenKind.EOF) return false;
  } catch {
    return false; // a syntax error: Apollo reports it (GRAPHQL_PARSE_FAILED)
  }
  return true;
}

/**
 * Refuses a query text of more than `max` tokens (QUERY_TOO_COMPLEX) before it is parsed:
 * 20,000 aliases are refused by counting, not by building and validating their tree.
 */
export function tokenLimit(max: number): express.RequestHandler {
  return (req, res, next) => {
    const query: unknown = (req.body as { query?: unknown } | undefined)?.query;
    if (typeof query === 'string' && overTokenLimit(query, max)) {
      sendJsonError(res, 'QUERY_TOO_COMPLEX', `query too complex: more than ${max} tokens`);
      return;
    }
    next();
  };
}

/**
 * On the way out: a request past its deadline answers 504 DEADLINE_EXCEEDED (whatever partial
 * result Apollo assembled once the subgraph calls were cancelled), and a body over
 * `maxBytes` answers RESPONSE_TOO_LARGE instead of being sent.
 */
export function responseGuard(maxBytes: number): express.RequestHandler {
  return (_req, res, next) => {
    const send = res.send.bind(res);
    res.send = ((body?: unknown) => {
      res.send = send;
      const scope = scopeOf(res);
      const deadline = deadlineOf(scope?.signal);
      if (deadline) {
        sendJsonError(res, deadline.code, deadline.message);
        return res;
      }
      // length ≤ bytes ≤ 3 × length: only a long string needs counting.
      const bytes =
        typeof body === 'string' && body.length * 3 > maxBytes ? Buffer.byteLength(body) : 0;
      if (scope?.budget.exceeded || bytes > maxBytes) {
        sendJsonError(
          res,
          'RESPONSE_TOO_LARGE',
          `the response would be larger than the limit of ${maxBytes} bytes`,
        );
        return res;
      }
      return send(body);
    }) as express.Response['send'];
    next();
  };
}
