/**
 * The account store in SQLite: `accounts` (unique name), `sessions` (expiring: the shared
 * sqliteExpiry stand-in for a TTL) and `api_keys`.
 */
import type { Role } from '../../auth/principal';
import { sqliteCall, sqliteWrite, type SqliteDatabase } from '../sqlite';
import { EXPIRES_AT_COLUMN, NOT_EXPIRED, SqliteExpiry, expiryIndexDdl } from '../sqliteExpiry';
import {
  SESSION_TTL_SECONDS,
  type Account,
  type AccountStore,
  type ApiKeyRecord,
  type SessionRecord,
} from './accountStore';

interface AccountRow {
  id: string;
  name: string;
  role: Role;
  password_hash: string;
  created_at: number;
}
interface SessionRow {
  id: string;
  account_id: string;
  account_name: string;
  role: Role;
  expires_at: number;
}
interface KeyRow {
  id: string;
  name: string;
  role: Role;
  secret_hash: string;
  created_at: number;
  revoked: number;
}

const toKey = (r: KeyRow): ApiKeyRecord => ({
  id: r.id,
  name: r.name,
  role: r.role,
  secretHash: r.secret_hash,
  createdAt: new Date(r.created_at),
  revoked: r.revoked === 1,
});

/** {@link AccountStore} on a SQLite file. */
export class SqliteAccountStore implements AccountStore {
  private readonly expiry: SqliteExpiry;

  constructor(
    private readonly db: SqliteDatabase,
    opts: { sessionTtlSeconds?: number; now?: () => number } = {},
  ) {
    this.expiry = new SqliteExpiry(db, 'sessions', {
      ttlSeconds: opts.sessionTtlSeconds ?? SESSION_TTL_SECONDS,
      ...(opts.now && { now: opts.now }),
    });
  }

  async init(): Promise<void> {
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS accounts (
        name TEXT PRIMARY KEY, id TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
        password_hash TEXT NOT NULL, created_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS sessions (
        id TEXT PRIMARY KEY, account_id TEXT NOT NULL, account_name TEXT NOT NULL,
        role TEXT NOT NULL, ${EXPIRES_AT_COLUMN}
      );
      ${expiryIndexDdl('sessions')}
      CREATE TABLE IF NOT EXISTS api_keys (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, secret_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0
      );`);
  }

  async createAccount(a: Account): Promise<boolean> {
    const r = await sqliteWrite(this.db, 'create an account', () =>
      this.db
        .prepare(
          `INSERT INTO accounts (name, id, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (name) DO NOTHING`,
        )
        .run(a.name, a.id, a.role, a.passwordHash, a.createdAt.getTime()),
    );
    return r.changes === 1;
  }

  async accountByName(name: string): Promise<Account | undefined> {
    const r = this.db.prepare(`SELECT * FROM accounts WHERE name = ?`).get(name) as
      AccountRow | undefined;
    return (
      r && {
        id: r.id,
        name: r.name,
        role: r.role,
        passwordHash: r.password_hash,
        createdAt: new Date(r.created_at),
      }
    );
  }

  async createSession(s: Omit<SessionRecord, 'expiresAt'>): Promise<SessionRecord> {
    const now = this.expiry.now();
    const expiresAt = this.expiry.expiresAt(now);
    await sqliteWrite(this.db, 'start a session', () =>
      this.db.transaction(() => {
        this.db
          .prepare(
            `INSERT INTO sessions (id, account_id, account_name, role, expires_at) VALUES (?, ?, ?, ?, ?)`,
          )
          .run(s.id, s.accountId, s.accountName, s.role, expiresAt);
        this.expiry.purgeIfDue(now);
      })(),
    );
    return { ...s, expiresAt: new Date(expiresAt) };
  }

  async sessionById(id: string): Promise<SessionRecord | undefined> {
    const r = sqliteCall(this.db, 'read a session', () =>
      this.db
        .prepare(`SELECT * FROM sessions WHERE id = ? AND ${NOT_EXPIRED}`)
        .get(id, this.expiry.now()),
    ) as SessionRow | undefined;
    return (
      r && {
        id: r.id,
        accountId: r.account_id,
        accountName: r.account_name,
        role: r.role,
        expiresAt: new Date(r.expires_at),
      }
    );
  }

  async deleteSession(id: string): Promise<void> {
    await sqliteWrite(this.db, 'end a session', () =>
      this.db.prepare(`DELETE FROM sessions WHERE id = ?`).run(id),
    );
  }

  async saveApiKey(k: ApiKeyRecord): Promise<void> {
    await sqliteWrite(this.db, 'store an API key', () =>
      this.db
        .prepare(
          `INSERT INTO api_keys (id, name, role, secret_hash, created_at, revoked) VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(k.id, k.name, k.role, k.secretHash, k.createdAt.getTime(), k.revoked ? 1 : 0),
    );
  }

  async apiKeyById(id: string): Promise<ApiKeyRecord | undefined> {
    const r = sqliteCall(this.db, 'read an API key', () =>
      this.db.prepare(`SELECT * FROM api_keys WHERE id = ?`).get(id),
    ) as KeyRow | undefined;
    return r && toKey(r);
  }

  async revokeApiKey(id: string): Promise<boolean> {
    const r = await sqliteWrite(this.db, 'revoke an API key', () =>
      this.db.prepare(`UPDATE api_keys SET revoked = 1 WHERE id = ?`).run(id),
    );
    return r.changes === 1;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    const rows = this.db
      .prepare(`SELECT * FROM api_keys ORDER BY created_at, id`)
      .all() as KeyRow[];
    return rows.map(toKey);
  }
}
