/** `spamgraph users create` on a real SQLite file; one run through the real bin for stdin. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { AccountService } from '../../platform/auth/accountService';
import { resolveSecrets } from '../../platform/auth/secrets';
import { REPO_ROOT } from '../../platform/config';
import { openStorage } from '../../platform/storage';
import { testConfig } from '../../platform/testing/backends';
import { cliEnvOf, runCliWithEnv } from '../testing/cli';

describe('spamgraph users', () => {
  const config = testConfig('sqlite');
  const env = cliEnvOf(config);
  const run = (...argv: string[]) => runCliWithEnv(argv, env);
  const withAccounts = async <T>(fn: (s: AccountService) => Promise<T>) => {
    const storage = await openStorage(config);
    try {
      return await fn(new AccountService(storage.accounts, resolveSecrets(config).session));
    } finally {
      await storage.close();
    }
  };

  it('creates an account with a generated password that logs in', async () => {
    const r = await run('users', 'create', 'ops-admin', '--role', 'ADMIN');
    expect(r.code).toBe(0);
    expect(r.out).toEqual([
      expect.stringMatching(/^users: created ops-admin \(role admin, id [0-9a-f-]{36}\)$/),
      expect.stringMatching(/^users: password [A-Za-z0-9_-]{24} \(shown once\)$/),
    ]);
    const password = /password (\S+)/.exec(r.out[1]!)![1]!;
    const session = await withAccounts((s) => s.logIn('ops-admin', password, '127.0.0.1'));
    expect(session.account).toMatchObject({ name: 'ops-admin', role: 'admin' });
  });

  it('refuses a bad role, a taken name and a bad name with one line, storing nothing', async () => {
    expect(await run('users', 'create', 'someone', '--role', 'root')).toEqual({
      code: 1,
      out: [],
      err: ['spamgraph: BAD_USER_INPUT: --role must be one of user, ingest, admin, got "root"'],
    });
    expect((await run('users', 'create', 'taken')).code).toBe(0);
    expect(await run('users', 'create', 'taken')).toEqual({
      code: 1,
      out: [],
      err: ['spamgraph: BAD_USER_INPUT: the name "taken" is taken'],
    });
    const bidi = await run('users', 'create', 'ev\u202Eil');
    expect(bidi.code).toBe(1);
    expect(bidi.err).toEqual([expect.stringMatching(/^spamgraph: BAD_USER_INPUT: name must not/)]);
    const storage = await openStorage(config);
    try {
      expect(await storage.accounts.accountByName('someone')).toBeUndefined();
      expect(await storage.accounts.accountByName('ev\u202Eil')).toBeUndefined();
    } finally {
      await storage.close();
    }
  });

  it('reads the password from standard input with --password-stdin (real bin)', async () => {
    const bin = path.join(REPO_ROOT, 'bin', 'spamgraph.js');
    const out = execFileSync(
      process.execPath,
      [bin, 'users', 'create', 'piped', '--password-stdin'],
      {
        env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
        input: 'a long piped password\nignored second line\n',
        encoding: 'utf8',
      },
    );
    expect(out).toMatch(/^users: created piped \(role user, id [0-9a-f-]{36}\)\n$/);
    const s = await withAccounts((a) => a.logIn('piped', 'a long piped password', '127.0.0.1'));
    expect(s.account.name).toBe('piped');
  });
});
