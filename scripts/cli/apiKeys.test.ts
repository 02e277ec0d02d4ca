/** `spamgraph api-keys create | list | revoke` on a real SQLite file. */
import { AccountService } from '../../platform/auth/accountService';
import { resolveSecrets } from '../../platform/auth/secrets';
import { openStorage } from '../../platform/storage';
import { testConfig } from '../../platform/testing/backends';
import { cliEnvOf, runCliWithEnv } from '../testing/cli';

describe('spamgraph api-keys', () => {
  const config = testConfig('sqlite');
  const run = (...argv: string[]) => runCliWithEnv(argv, cliEnvOf(config));
  const authenticate = async (key: string) => {
    const storage = await openStorage(config);
    try {
      const s = new AccountService(storage.accounts, resolveSecrets(config).session);
      return await s.authenticateApiKey(key);
    } finally {
      await storage.close();
    }
  };

  it('creates a key that authenticates, lists it, and revokes it', async () => {
    const created = await run('api-keys', 'create', 'carrier');
    expect(created.code).toBe(0);
    expect(created.out).toEqual([
      expect.stringMatching(/^api-keys: created [0-9a-f]{16} for carrier \(role ingest\)$/),
      expect.stringMatching(/^api-keys: key sgk_[0-9a-f]{16}_[A-Za-z0-9_-]{43} \(shown once\)$/),
    ]);
    const id = /created (\S+)/.exec(created.out[0]!)![1]!;
    const key = /key (\S+)/.exec(created.out[1]!)![1]!;
    expect(await authenticate(key)).toEqual({
      kind: 'apiKey',
      id,
      name: 'carrier',
      role: 'ingest',
    });

    const listed = await run('api-keys', 'list');
    expect(listed.out).toEqual([
      expect.stringMatching(new RegExp(`^${id}  carrier  ingest  \\S+Z  active$`)),
    ]);
    expect(await run('api-keys', 'revoke', id)).toEqual({
      code: 0,
      out: [`api-keys: revoked ${id}`],
      err: [],
    });
    await expect(authenticate(key)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await run('api-keys', 'list')).out[0]).toMatch(/ revoked$/);
  });

  it('refuses an unknown key id and a bad role with one line', async () => {
    expect(await run('api-keys', 'revoke', 'ffffffffffffffff')).toEqual({
      code: 1,
      out: [],
      err: ['spamgraph: NOT_FOUND: no API key ffffffffffffffff'],
    });
    const bad = await run('api-keys', 'create', 'x', '--role', 'superuser');
    expect(bad.code).toBe(1);
    expect(bad.err).toEqual([expect.stringMatching(/^spamgraph: BAD_USER_INPUT: --role must be/)]);
  });
});
