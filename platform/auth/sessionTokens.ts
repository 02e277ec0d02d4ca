/**
 * Session tokens: JWTs (HS256, jose) that name the account, its role and the session. A token
 * is only as good as its session row: verification checks the signature and expiry here, and
 * the caller checks the session still exists (logOut and revocation delete it).
 */
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { UnauthenticatedError } from '../errors';
import { isRole, type Role } from './principal';

const ISSUER = 'spamgraph';
const AUDIENCE = 'spamgraph:session';

/** What a session token says. */
export interface SessionClaims {
  userId: string;
  name: string;
  role: Role;
  sessionId: string;
  expiresAt: Date;
}

/** Issues and verifies session tokens with one secret (config `SESSION_SECRET`). */
export class SessionTokens {
  private readonly key: Uint8Array;

  /** @param secret - at least 32 bytes of entropy, shared by the gateway and user-data */
  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  /** A signed token for `claims` (expiring at `claims.expiresAt`). */
  issue(claims: SessionClaims): Promise<string> {
    return new SignJWT({ name: claims.name, role: claims.role, sid: claims.sessionId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(Math.floor(claims.expiresAt.getTime() / 1000))
      .sign(this.key);
  }

  /**
   * The claims of a token whose signature and expiry hold.
   *
   * @throws UnauthenticatedError for anything else (malformed, forged, expired, wrong audience).
   */
  async verify(token: string): Promise<SessionClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
      });
      const { sub, name, role, sid, exp } = payload;
      if (typeof sub !== 'string' || typeof name !== 'string' || typeof sid !== 'string') {
        throw new UnauthenticatedError('invalid session token');
      }
      if (!isRole(role) || typeof exp !== 'number')
        throw new UnauthenticatedError('invalid session token');
      return { userId: sub, name, role, sessionId: sid, expiresAt: new Date(exp * 1000) };
    } catch (e) {
      if (e instanceof UnauthenticatedError) throw e;
      if (e instanceof joseErrors.JWTExpired) throw new UnauthenticatedError('session expired');
      throw new UnauthenticatedError('invalid session token');
    }
  }
}
