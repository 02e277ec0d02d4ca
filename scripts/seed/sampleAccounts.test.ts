import fs from 'node:fs';
import path from 'node:path';
import { AccountService } from '../../platform/auth/accountService';
import { dropTestStorage, openTestStorage, testConfig } from '../../platform/testing/backends';
import type { Storage } from '../../platform/storage';
import { seedSampleAccounts } from './sampleAccounts';

const SECRET = 'test-session-secret-of-thirty-two-bytes!!';

describe('seedSampleAccounts', () => {
  const config = testConfig('sqlite');
  let storage: Storage;
  let accounts: AccountService;
  beforeAll(async () => {
    storage = await openTestStorage(config);
    accounts = new AccountService(storage.accounts, SECRET);
    // Someone already took "bob": the seed must leave that account alone.
    await accounts.createAccount('bob', 'bob chose this one', 'user');
  });
  afterAll(() => dropTestStorage(storage, config));

  it('makes the missing sample accounts with passwords that log in, once', async () => {
    const first = await seedSampleAccounts(accounts, { ...config, production: false });
    expect(first.map((a) => a.name)).toEqual(['alice', 'carol']);
    for (const a of first) {
      expect(a.password).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect((await accounts.logIn(a.name, a.password, '127.0.0.1')).account.name).toBe(a.name);
    }
    expect((await accounts.logIn('bob', 'bob chose this one', '127.0.0.1')).account.name).toBe(
      'bob',
    );
    const file = path.join(path.dirname(config.sqlitePath), 'dev-accounts.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // A later start prints the same passwords and makes nothing new.
    expect(await seedSampleAccounts(accounts, { ...config, production: false })).toEqual(first);
  });

  it('seeds nothing in production', async () => {
    const prod = testConfig('sqlite');
    const s = await openTestStorage(prod);
    try {
      const a = new AccountService(s.accounts, SECRET);
      expect(await seedSampleAccounts(a, { ...prod, production: true })).toEqual([]);
      expect(await s.accounts.accountByName('alice')).toBeUndefined();
    } finally {
      await dropTestStorage(s, prod);
    }
  });
});
