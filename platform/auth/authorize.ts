/**
 * The rules every subgraph applies where its data lives, to the principal the gateway signed:
 * small checks that throw the coded errors (UNAUTHENTICATED without credentials, FORBIDDEN
 * with the wrong ones) and never reveal whether the thing asked for exists.
 */
import { ForbiddenError, UnauthenticatedError } from '../errors';
import type { ApiKeyPrincipal, Principal, Role, UserPrincipal } from './principal';

/** A principal that is somebody. */
export type Authenticated = UserPrincipal | ApiKeyPrincipal;

/**
 * @throws UnauthenticatedError for the anonymous principal.
 */
export function requireAuthenticated(p: Principal): Authenticated {
  if (p.kind === 'anonymous') throw new UnauthenticatedError();
  return p;
}

/**
 * The principal, when it has one of `roles`.
 *
 * @throws UnauthenticatedError when anonymous; ForbiddenError for another role.
 */
export function requireRole(p: Principal, ...roles: Role[]): Authenticated {
  const who = requireAuthenticated(p);
  if (!roles.includes(who.role)) {
    throw new ForbiddenError(`needs the ${roles.join(' or ')} role`);
  }
  return who;
}

/**
 * Allows the user whose inbox `userId` is (a signed-in account of that name) and admins.
 *
 * @throws UnauthenticatedError when anonymous; ForbiddenError otherwise, with the same message
 *   whether or not that user exists.
 */
export function requireInboxOwner(p: Principal, userId: string): Authenticated {
  const who = requireAuthenticated(p);
  if (who.role === 'admin') return who;
  if (who.kind === 'user' && who.name === userId) return who;
  throw new ForbiddenError('you may only read your own inbox');
}

/** True when `p` may read the messages of inbox `userId` (see {@link requireInboxOwner}). */
export function ownsInbox(p: Principal, userId: string): boolean {
  return p.kind !== 'anonymous' && (p.role === 'admin' || (p.kind === 'user' && p.name === userId));
}

/** A stable key of the caller for per-caller data (call log, rate limits): not an address. */
export function principalKey(p: Authenticated): string {
  return `${p.kind === 'user' ? 'user' : 'key'}:${p.id}`;
}

/**
 * Allows delivering a message to inbox `recipientId`: `ingest` and `admin` principals to any
 * recipient, a user to their own inbox only.
 *
 * @throws UnauthenticatedError when anonymous; ForbiddenError otherwise.
 */
export function requireDeliverer(p: Principal, recipientId: string): Authenticated {
  const who = requireAuthenticated(p);
  if (who.role === 'admin' || who.role === 'ingest') return who;
  if (who.kind === 'user' && who.name === recipientId) return who;
  throw new ForbiddenError('you may only deliver messages to your own inbox');
}
