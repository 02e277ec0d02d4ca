/**
 * Accounts, their sessions and the API keys of machine clients: the storage behind sign-up,
 * log-in, log-out and key management. The user-data subgraph owns accounts; the gateway reads
 * sessions and keys to authenticate. Same contract on SQLite and Cassandra
 * (accountStore.contract.test.ts).
 */
import type { Role } from '../../auth/principal';

/** How long a session lives unless logged out first (7 days). */
export const SESSION_TTL_SECONDS = 7 * 86_400;

/** One account. Names are unique (already normalized by the caller). */
export interface Account {
  id: string;
  name: string;
  role: Role;
  /** Argon2id PHC string; never leaves the server. */
  passwordHash: string;
  createdAt: Date;
}

/** A live session (a session token is valid only while its row exists). */
export interface SessionRecord {
  id: string;
  accountId: string;
  accountName: string;
  role: Role;
  expiresAt: Date;
}

/** A machine client's key (its secret is stored only as a sha256). */
export interface ApiKeyRecord {
  id: string;
  name: string;
  role: Role;
  secretHash: string;
  createdAt: Date;
  revoked: boolean;
}

/** The account store of one backend. */
export interface AccountStore {
  /** Creates the tables when missing (idempotent). */
  init(): Promise<void>;
  /** Stores a new account; false (and nothing changed) when the name is taken. */
  createAccount(account: Account): Promise<boolean>;
  /** The account with this name, if any. */
  accountByName(name: string): Promise<Account | undefined>;
  /** Starts a session that expires after the store's session ttl; returns it. */
  createSession(session: Omit<SessionRecord, 'expiresAt'>): Promise<SessionRecord>;
  /** A live session (undefined once expired or deleted). */
  sessionById(id: string): Promise<SessionRecord | undefined>;
  /** Ends a session (log-out, revocation); no error when it is already gone. */
  deleteSession(id: string): Promise<void>;
  /** Stores a new API key. */
  saveApiKey(key: ApiKeyRecord): Promise<void>;
  /** The key with this id, revoked or not. */
  apiKeyById(id: string): Promise<ApiKeyRecord | undefined>;
  /** Marks a key revoked; false when there is no such key. */
  revokeApiKey(id: string): Promise<boolean>;
  /** Every key, oldest first. */
  listApiKeys(): Promise<ApiKeyRecord[]>;
}
