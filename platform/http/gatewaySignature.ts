/**
 * The subgraph side of gateway → subgraph trust: `/graphql` accepts only requests the gateway
 * signed over their exact body (platform/auth/requestSignature.ts). The verified principal and
 * client address are left on `res.locals.caller` for the context; anything else is a 401 JSON
 * error (UNAUTHENTICATED), `_entities` included, before any resolver runs.
 */
import type express from 'express';
import { ANONYMOUS, type Principal } from '../auth/principal';
import { SIGNATURE_HEADER, type RequestSigner } from '../auth/requestSignature';
import { isSpamgraphError } from '../errors';

/** Who called, as the gateway signed it. */
export interface SignedCaller {
  principal: Principal;
  clientAddress: string;
}

type WithRawBody = express.Request & { rawBody?: Buffer };

/** `express.json`'s `verify` hook that keeps the raw bytes the signature covers. */
export const keepRawBody = (req: express.Request, _res: unknown, buf: Buffer): void => {
  (req as WithRawBody).rawBody = buf;
};

/** The caller {@link requireGatewaySignature} verified (anonymous when none ran). */
export function signedCallerOf(res: express.Response): SignedCaller {
  return (
    (res.locals as { caller?: SignedCaller }).caller ?? {
      principal: ANONYMOUS,
      clientAddress: 'unknown',
    }
  );
}

/** Middleware (after the JSON body parser with {@link keepRawBody}): verifies the signature. */
export function requireGatewaySignature(signer: RequestSigner): express.RequestHandler {
  return (req, res, next) => {
    // The signature covers the body only: a GET's query string would travel unsigned.
    if (req.method !== 'POST') {
      res.status(405).json({
        errors: [{ message: 'subgraphs take POST only', extensions: { code: 'BAD_USER_INPUT' } }],
      });
      return;
    }
    const body = (req as WithRawBody).rawBody ?? Buffer.alloc(0);
    signer.verify(req.get(SIGNATURE_HEADER), body).then(
      (caller) => {
        (res.locals as { caller?: SignedCaller }).caller = caller;
        next();
      },
      (e: unknown) => {
        if (!isSpamgraphError(e)) return next(e);
        res.status(401).json({ errors: [{ message: e.message, extensions: { code: e.code } }] });
      },
    );
  };
}
