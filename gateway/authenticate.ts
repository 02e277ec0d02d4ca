/**
 * Who the client is, established once per request at the edge: a session token (the web app's
 * httpOnly cookie, or `Authorization: Bearer <token>`) or an API key (`Authorization: Bearer
 * sgk_…`). The principal then travels to the subgraphs only inside the gateway's signature.
 */
import type express from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import { decodeJwt } from 'jose';
import type { AccountService } from '../platform/auth/accountService';
import { bearerCredential } from '../platform/http/bearerAuth';
import { FailureLog } from '../platform/auth/loginThrottle';
import { ANONYMOUS, type Principal } from '../platform/auth/principal';
import { isSpamgraphError } from '../platform/errors';
import { sendJsonError } from '../platform/http/bodyErrors';

/** The web app's session cookie. */
export const SESSION_COOKIE = 'sg_session';
/** The header with which a browser client asks for the cookie instead of a token in the body. */
export const COOKIE_MODE_HEADER = 'x-session-cookie';

/** Who called, as {@link authenticate} left it on `res.locals`. */
export interface Caller {
  principal: Principal;
  clientAddress: string;
}

/** The caller {@link authenticate} found (anonymous when it did not run). */
export function callerOf(res: express.Response, fallbackAddress = 'unknown'): Caller {
  return (
    (res.locals as { caller?: Caller }).caller ?? {
      principal: ANONYMOUS,
      clientAddress: fallbackAddress,
    }
  );
}

function cookieToken(req: express.Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** How many bad Bearer credentials one address may send in a window before it must wait. */
export interface CredentialFailureLimit {
  limit: number;
  windowMs: number;
}

/** Default: 30 bad credentials a minute per address. */
export const CREDENTIAL_FAILURES: CredentialFailureLimit = { limit: 30, windowMs: 60_000 };

/**
 * Middleware: sets `res.locals.caller`. A bad Bearer credential is refused (401 JSON,
 * UNAUTHENTICATED): the client sent it on purpose. A stale cookie is cleared and the request
 * goes on anonymous, so a browser can still log in again. Checking a credential can cost a
 * storage read before any rate limit knows the principal, so an address that sent too many bad
 * ones is refused (429 RATE_LIMITED) without a check until its window passes.
 */
export function authenticate(
  accounts: AccountService,
  clientAddressOf: (req: express.Request) => string,
  failures: CredentialFailureLimit = CREDENTIAL_FAILURES,
): express.RequestHandler {
  const failed = new FailureLog(failures.limit, failures.windowMs);
  return (req, res, next) => {
    const clientAddress = clientAddressOf(req);
    const bearer = bearerCredential(req);
    const cookie = bearer ? undefined : cookieToken(req);
    const credential = bearer ?? cookie;
    const set = (principal: Principal) => {
      (res.locals as { caller?: Caller }).caller = { principal, clientAddress };
      next();
    };
    if (!credential) return set(ANONYMOUS);
    const wait = failed.retryAfter(clientAddress, Date.now());
    if (wait !== undefined) {
      res.setHeader('retry-after', String(wait));
      return sendJsonError(
        res,
        'RATE_LIMITED',
        `too many invalid credentials: retry in ${wait} s`,
        429,
        { retryAfterSeconds: wait },
      );
    }
    accounts.authenticate(credential).then(set, (e: unknown) => {
      if (!isSpamgraphError(e)) return next(e);
      if (e.code !== 'UNAUTHENTICATED') {
        // Credentials could not be checked (storage down): say so, never "not signed in".
        return sendJsonError(res, e.code, e.message);
      }
      failed.add(clientAddress, Date.now());
      if (cookie) {
        res.clearCookie(SESSION_COOKIE, { path: '/' });
        return set(ANONYMOUS);
      }
      sendJsonError(res, e.code, e.message);
    });
  };
}

/** Seconds until the token's `exp` (0 when it has none or cannot be read). */
function secondsLeft(token: string): number {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? Math.max(0, exp - Math.floor(Date.now() / 1000)) : 0;
  } catch {
    return 0;
  }
}

/**
 * Apollo plugin: for a request with `X-Session-Cookie: 1`, moves the token of a successful
 * `signUp` / `logIn` (whatever its alias) into the session cookie (httpOnly, SameSite=Strict,
 * Secure in production; Max-Age from the token's expiry) and out of the body; clears the cookie
 * on `logOut`.
 */
export function sessionCookiePlugin(secure: boolean): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      if (request.http?.headers.get(COOKIE_MODE_HEADER) !== '1') return;
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const data = response.body.singleResult.data;
          if (!data) return;
          const attrs = `Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
          for (const value of Object.values(data)) {
            const session = value as { token?: unknown } | null;
            if (typeof session?.token !== 'string') continue;
            const maxAge = secondsLeft(session.token);
            response.http.headers.set(
              'set-cookie',
              `${SESSION_COOKIE}=${encodeURIComponent(session.token)}; Max-Age=${maxAge}; ${attrs}`,
            );
            session.token = null;
          }
          if (typeof data.logOut === 'boolean') {
            response.http.headers.set('set-cookie', `${SESSION_COOKIE}=; Max-Age=0; ${attrs}`);
          }
        },
      };
    },
  };
}
