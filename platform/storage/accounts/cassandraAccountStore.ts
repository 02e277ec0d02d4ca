/**
 * The account store in Cassandra: `accounts` (partition per name; a sign-up is a lightweight
 * transaction `INSERT … IF NOT EXISTS`, so of two concurrent sign-ups of one name exactly one
 * wins), `sessions` (written `USING TTL`: Cassandra forgets them by itself) and `api_keys`.
 */
import type { Client, types } from 'cassandra-driver';
import type { Role } from '../../auth/principal';
import { cassandraCall } from '../cassandra';
import { concernOptions, statementKind } from '../consistency';
import {
  SESSION_TTL_SECONDS,
  type Account,
  type AccountStore,
  type ApiKeyRecord,
  type SessionRecord,
} from './accountStore';

/** Account statements: `metadata` levels; sign-up and key revocation are LWTs. */
const ACCOUNTS = concernOptions('metadata');

const toKey = (r: types.Row): ApiKeyRecord => ({
  id: r.get('id') as string,
  name: r.get('name') as string,
  role: r.get('role') as Role,
  secretHash: r.get('secret_hash') as string,
  createdAt: r.get('created_at') as Date,
  revoked: r.get('revoked') === true,
});

/** {@link AccountStore} on Apache Cassandra / Astra DB. */
export class CassandraAccountStore implements AccountStore {
  private readonly ttlSeconds: number;

  constructor(
    private readonly client: Client,
    private readonly keyspace: string,
    opts: { sessionTtlSeconds?: number } = {},
  ) {
    this.ttlSeconds = opts.sessionTtlSeconds ?? SESSION_TTL_SECONDS;
  }

  private run(what: string, cql: string, params: unknown[]): Promise<types.ResultSet> {
    return cassandraCall(what, () =>
      this.client.execute(cql, params, ACCOUNTS[statementKind(cql)]),
    );
  }

  async init(): Promise<void> {
    const ks = this.keyspace;
    const tables = [
      `CREATE TABLE IF NOT EXISTS ${ks}.accounts (name text PRIMARY KEY, id text, role text,
         password_hash text, created_at timestamp)`,
      `CREATE TABLE IF NOT EXISTS ${ks}.sessions (id text PRIMARY KEY, account_id text,
         account_name text, role text, expires_at timestamp)`,
      `CREATE TABLE IF NOT EXISTS ${ks}.api_keys (id text PRIMARY KEY, name text, role text,
         secret_hash text, created_at timestamp, revoked boolean)`,
    ];
    for (const cql of tables) {
      await cassandraCall('create the account tables', () => this.client.execute(cql));
    }
  }

  async createAccount(a: Account): Promise<boolean> {
    const rs = await this.run(
      'create an account',
      `INSERT INTO ${this.keyspace}.accounts (name, id, role, password_hash, created_at)
       VALUES (?, ?, ?, ?, ?) IF NOT EXISTS`,
      [a.name, a.id, a.role, a.passwordHash, a.createdAt],
    );
    return rs.first()?.get('[applied]') === true;
  }

  async accountByName(name: string): Promise<Account | undefined> {
    if (name === '') return undefined; // Cassandra refuses an empty partition key
    const rs = await this.run(
      'read an account',
      `SELECT id, name, role, password_hash, created_at FROM ${this.keyspace}.accounts WHERE name = ?`,
      [name],
    );
    const r = rs.first();
    // first() is null, not undefined, when there is no row.
    if (!r) return undefined;
    return {
      id: r.get('id') as string,
      name: r.get('name') as string,
      role: r.get('role') as Role,
      passwordHash: r.get('password_hash') as string,
      createdAt: r.get('created_at') as Date,
    };
  }

  async createSession(s: Omit<SessionRecord, 'expiresAt'>): Promise<SessionRecord> {
    const expiresAt = new Date(Date.now() + this.ttlSeconds * 1000);
    await this.run(
      'start a session',
      `INSERT INTO ${this.keyspace}.sessions (id, account_id, account_name, role, expires_at)
       VALUES (?, ?, ?, ?, ?) USING TTL ?`,
      [s.id, s.accountId, s.accountName, s.role, expiresAt, this.ttlSeconds],
    );
    return { ...s, expiresAt };
  }

  async sessionById(id: string): Promise<SessionRecord | undefined> {
    if (id === '') return undefined; // Cassandra refuses an empty partition key
    const rs = await this.run(
      'read a session',
      `SELECT id, account_id, account_name, role, expires_at FROM ${this.keyspace}.sessions WHERE id = ?`,
      [id],
    );
    const r = rs.first();
    // first() is null, not undefined, when there is no row.
    if (!r) return undefined;
    return {
      id: r.get('id') as string,
      accountId: r.get('account_id') as string,
      accountName: r.get('account_name') as string,
      role: r.get('role') as Role,
      expiresAt: r.get('expires_at') as Date,
    };
  }

  async deleteSession(id: string): Promise<void> {
    if (id === '') return;
    await this.run('end a session', `DELETE FROM ${this.keyspace}.sessions WHERE id = ?`, [id]);
  }

  async saveApiKey(k: ApiKeyRecord): Promise<void> {
    await this.run(
      'store an API key',
      `INSERT INTO ${this.keyspace}.api_keys (id, name, role, secret_hash, created_at, revoked)
       VALUES (?, ?, ?, ?, ?, ?)`,
      [k.id, k.name, k.role, k.secretHash, k.createdAt, k.revoked],
    );
  }

  async apiKeyById(id: string): Promise<ApiKeyRecord | undefined> {
    if (id === '') return undefined; // Cassandra refuses an empty partition key
    const rs = await this.run(
      'read an API key',
      `SELECT * FROM ${this.keyspace}.api_keys WHERE id = ?`,
      [id],
    );
    const r = rs.first();
    return r ? toKey(r) : undefined;
  }

  async revokeApiKey(id: string): Promise<boolean> {
    if (id === '') return false;
    const rs = await this.run(
      'revoke an API key',
      `UPDATE ${this.keyspace}.api_keys SET revoked = true WHERE id = ? IF EXISTS`,
      [id],
    );
    return rs.first()?.get('[applied]') === true;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    // A small table (one row per machine client): a full scan is fine.
    const rs = await this.run('list API keys', `SELECT * FROM ${this.keyspace}.api_keys`, []);
    return rs.rows
      .map(toKey)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  }
}
