import { randomUUID } from 'node:crypto';
import { describeEachBackend } from '../../testing/backends';
import type { Storage } from '../index';
import type { Account, AccountStore, ApiKeyRecord } from './accountStore';
import { CassandraAccountStore } from './cassandraAccountStore';
import { SqliteAccountStore } from './sqliteAccountStore';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Whole milliseconds: both backends keep timestamps at millisecond precision.
const ms = (d = new Date()) => new Date(Math.floor(d.getTime()));

const account = (name: string, over: Partial<Account> = {}): Account => ({
  id: randomUUID(),
  name,
  role: 'user',
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
  createdAt: ms(),
  ...over,
});

/** Another store on the same connection with its own session ttl. */
function storeWithTtl(storage: Storage, sessionTtlSeconds: number): AccountStore {
  const c = storage.connection;
  return c.backend === 'sqlite'
    ? new SqliteAccountStore(c.db, { sessionTtlSeconds })
    : new CassandraAccountStore(c.client, c.keyspace, { sessionTtlSeconds });
}

describeEachBackend('AccountStore contract', (ctx) => {
  it('creates an account once per name and reads it back whole', async () => {
    const a = account(`alice-${randomUUID()}`, { role: 'admin' });
    expect(await ctx.storage.accounts.createAccount(a)).toBe(true);
    expect(await ctx.storage.accounts.accountByName(a.name)).toEqual(a);
    const again = account(a.name, { passwordHash: 'other' });
    expect(await ctx.storage.accounts.createAccount(again)).toBe(false);
    expect(await ctx.storage.accounts.accountByName(a.name)).toEqual(a); // unchanged
    expect(await ctx.storage.accounts.accountByName(`${a.name}-nobody`)).toBeUndefined();
    expect(await ctx.storage.accounts.accountByName('')).toBeUndefined();
    expect(await ctx.storage.accounts.sessionById('')).toBeUndefined();
    expect(await ctx.storage.accounts.apiKeyById('')).toBeUndefined();
  });

  it('of concurrent sign-ups of one name exactly one wins', async () => {
    const name = `race-${randomUUID()}`;
    const results = await Promise.all(
      Array.from({ length: 8 }, () => ctx.storage.accounts.createAccount(account(name))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('keeps names exactly (unicode, case)', async () => {
    const base = `Zoë-${randomUUID()}`;
    const upper = account(base.toUpperCase());
    expect(await ctx.storage.accounts.createAccount(account(base))).toBe(true);
    expect(await ctx.storage.accounts.createAccount(upper)).toBe(true);
    expect((await ctx.storage.accounts.accountByName(base.toUpperCase()))?.id).toBe(upper.id);
  });

  it('starts, reads and ends sessions', async () => {
    const s = { id: randomUUID(), accountId: 'a1', accountName: 'alice', role: 'user' as const };
    const started = await ctx.storage.accounts.createSession(s);
    const ttl = started.expiresAt.getTime() - Date.now();
    expect(ttl).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(ttl).toBeLessThanOrEqual(7 * 86_400_000);
    expect(await ctx.storage.accounts.sessionById(s.id)).toEqual(started);
    await ctx.storage.accounts.deleteSession(s.id);
    expect(await ctx.storage.accounts.sessionById(s.id)).toBeUndefined();
    await ctx.storage.accounts.deleteSession(s.id); // already gone: no error
  });

  it('forgets a session once its ttl has passed', async () => {
    const store = storeWithTtl(ctx.storage, 1);
    const s = { id: randomUUID(), accountId: 'a2', accountName: 'bob', role: 'ingest' as const };
    await store.createSession(s);
    expect((await store.sessionById(s.id))?.accountName).toBe('bob');
    await sleep(2_100);
    expect(await store.sessionById(s.id)).toBeUndefined();
  });

  it('stores, lists and revokes API keys', async () => {
    const key = (over: Partial<ApiKeyRecord>): ApiKeyRecord => ({
      id: randomUUID().slice(0, 16),
      name: 'carrier',
      role: 'ingest',
      secretHash: 'ab'.repeat(32),
      createdAt: ms(),
      revoked: false,
      ...over,
    });
    const before = await ctx.storage.accounts.listApiKeys();
    const k1 = key({ createdAt: new Date(Date.now() - 1000) });
    const k2 = key({ name: 'ops', role: 'admin' });
    await ctx.storage.accounts.saveApiKey(k2);
    await ctx.storage.accounts.saveApiKey(k1);
    expect(await ctx.storage.accounts.apiKeyById(k1.id)).toEqual(k1);
    const listed = (await ctx.storage.accounts.listApiKeys()).slice(before.length);
    expect(listed).toEqual([k1, k2]);
    expect(await ctx.storage.accounts.revokeApiKey(k1.id)).toBe(true);
    expect(await ctx.storage.accounts.apiKeyById(k1.id)).toEqual({ ...k1, revoked: true });
    expect(await ctx.storage.accounts.apiKeyById(k2.id)).toEqual(k2);
    expect(await ctx.storage.accounts.revokeApiKey('no-such-key')).toBe(false);
    expect(await ctx.storage.accounts.revokeApiKey('')).toBe(false);
    await ctx.storage.accounts.deleteSession('');
    expect(await ctx.storage.accounts.apiKeyById('no-such-key')).toBeUndefined();
  });
});
