/**
 * Authentication for the HTTP routes clients reach without the gateway: Feast's REST API and
 * `/metrics`. The client sends `Authorization: Bearer <session token or API key>` (Feast's SDK
 * does so with `auth: {type: oidc, token_env_var: …}`; Prometheus with `authorization:
 * credentials`); the route states which roles may call it.
 */
import type express from 'express';
import type { AccountService } from '../auth/accountService';
import type { Authenticated } from '../auth/authorize';
import type { Role } from '../auth/principal';
import {
  ForbiddenError,
  UnauthenticatedError,
  isSpamgraphError,
  type SpamgraphError,
} from '../errors';

/** The credential after `Bearer ` in `Authorization`, if any. */
export function bearerCredential(req: express.Request): string | undefined {
  const auth = req.headers.authorization;
  if (!auth?.toLowerCase().startsWith('bearer ')) return undefined;
  return auth.slice(7).trim() || undefined;
}

/** The principal {@link requireBearer} found. */
export function bearerPrincipalOf(res: express.Response): Authenticated | undefined {
  return (res.locals as { principal?: Authenticated }).principal;
}

/**
 * Middleware: only a valid Bearer credential of one of `roles` passes. Refusals go to the app's
 * error handler as UnauthenticatedError (401, without or with a bad credential) or
 * ForbiddenError (403, another role), so each app answers in its own JSON shape.
 */
export function requireBearer(accounts: AccountService, ...roles: Role[]): express.RequestHandler {
  return (req, res, next) => {
    const credential = bearerCredential(req);
    const refuse = (e: SpamgraphError) => {
      if (e.code === 'UNAUTHENTICATED') res.setHeader('www-authenticate', 'Bearer');
      next(e);
    };
    if (!credential) {
      refuse(new UnauthenticatedError('send Authorization: Bearer <session token or API key>'));
      return;
    }
    accounts.authenticate(credential).then(
      (principal) => {
        if (!roles.includes(principal.role)) {
          refuse(new ForbiddenError(`needs the ${roles.join(' or ')} role`));
          return;
        }
        (res.locals as { principal?: Authenticated }).principal = principal;
        next();
      },
      (e: unknown) => (isSpamgraphError(e) ? refuse(e) : next(e)),
    );
  };
}
