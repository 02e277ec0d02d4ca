/**
 * Who is calling: a signed-in user, a machine client with an API key, or nobody. The gateway
 * establishes it (session token or API key); subgraphs receive it only inside the gateway's
 * signature (requestSignature.ts), never from a header a client can set.
 */

/** What a principal may do (ARCHITECTURE.md, "Identity and trust"). */
export const ROLES = ['user', 'ingest', 'admin'] as const;

/**
 * - `user`: reads and scores only their own inbox and messages;
 * - `ingest`: machine clients delivering SMS (`receiveSms` / `storeSms` for any recipient);
 * - `admin`: feature-store writes, Feast REST writes, `/metrics`, model admin.
 */
export type Role = (typeof ROLES)[number];

/** True when `name` is a role. */
export const isRole = (name: unknown): name is Role =>
  typeof name === 'string' && (ROLES as readonly string[]).includes(name);

/** A signed-in account (session token). */
export interface UserPrincipal {
  kind: 'user';
  /** The account's id (stable; names are unique but an id is what data is keyed by). */
  id: string;
  name: string;
  role: Role;
  /** The session the token belongs to (revocable). */
  sessionId: string;
}

/** A machine client (API key created by `npx spamgraph api-keys create`). */
export interface ApiKeyPrincipal {
  kind: 'apiKey';
  /** The key's public id. */
  id: string;
  name: string;
  role: Role;
}

/** Nobody signed in. */
export interface AnonymousPrincipal {
  kind: 'anonymous';
}

export type Principal = UserPrincipal | ApiKeyPrincipal | AnonymousPrincipal;

/** The principal of requests without credentials. */
export const ANONYMOUS: AnonymousPrincipal = Object.freeze({ kind: 'anonymous' });
