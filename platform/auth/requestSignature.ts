/**
 * Gateway → subgraph trust. The gateway signs every subgraph request: a short-lived JWT (HS256,
 * shared `GATEWAY_SECRET`) that carries the principal, the client's address and the sha256 of
 * the exact body. A subgraph accepts a request only with a valid signature over its own body, so
 * a direct call (or a replayed signature on another body) is refused, `_entities` included, and
 * identity never travels in a header a client can set.
 */
import { createHash } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { UnauthenticatedError } from '../errors';
import { z } from 'zod';
import { ANONYMOUS, ROLES, type Principal } from './principal';

/** The header that carries the signature. */
export const SIGNATURE_HEADER = 'x-spamgraph-signature';

const ISSUER = 'spamgraph-gateway';
const AUDIENCE = 'spamgraph:subgraph';
/** A signature is good for this long: subgraph calls are made right after signing. */
const LIFETIME_SECONDS = 60;

/** What a signed request tells the subgraph. */
export interface SignedRequest {
  principal: Principal;
  /** The client's address as the gateway saw it. */
  clientAddress: string;
}

const bodyDigest = (body: string | Uint8Array): string =>
  createHash('sha256').update(body).digest('base64url');

/** Signs and verifies subgraph requests with one secret. */
export class RequestSigner {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  /** The header value for a request with `body` made on behalf of `request`. */
  sign(request: SignedRequest, body: string | Uint8Array): Promise<string> {
    const p = request.principal;
    const who =
      p.kind === 'anonymous'
        ? { kind: p.kind }
        : p.kind === 'user'
          ? { kind: p.kind, id: p.id, name: p.name, role: p.role, sid: p.sessionId }
          : { kind: p.kind, id: p.id, name: p.name, role: p.role };
    return new SignJWT({ who, addr: request.clientAddress, bh: bodyDigest(body) })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${LIFETIME_SECONDS}s`)
      .sign(this.key);
  }

  /**
   * The principal and client address of a request whose signature holds for `body`.
   *
   * @throws UnauthenticatedError when the signature is missing, forged, expired or for
   *   another body.
   */
  async verify(header: string | undefined, body: string | Uint8Array): Promise<SignedRequest> {
    if (!header) throw new UnauthenticatedError('only the gateway may call this service');
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(header, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
      }));
    } catch {
      throw new UnauthenticatedError('invalid gateway signature');
    }
    if (payload.bh !== bodyDigest(body) || typeof payload.addr !== 'string') {
      throw new UnauthenticatedError('invalid gateway signature');
    }
    return { principal: principalOf(payload.who), clientAddress: payload.addr };
  }
}

// The principal as signed: validated again, so a bug on one side cannot smuggle a bad role in.
const WHO = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('anonymous') }),
  z.object({
    kind: z.literal('user'),
    id: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    sid: z.string(),
  }),
  z.object({ kind: z.literal('apiKey'), id: z.string(), name: z.string(), role: z.enum(ROLES) }),
]);

function principalOf(who: unknown): Principal {
  const parsed = WHO.safeParse(who);
  if (!parsed.success) throw new UnauthenticatedError('invalid gateway signature');
  const w = parsed.data;
  if (w.kind === 'anonymous') return ANONYMOUS;
  if (w.kind === 'user') {
    return { kind: 'user', id: w.id, name: w.name, role: w.role, sessionId: w.sid };
  }
  return { kind: 'apiKey', id: w.id, name: w.name, role: w.role };
}
