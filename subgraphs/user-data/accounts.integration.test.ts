/** signUp / logIn through the real Apollo Gateway over HTTP, once per storage backend. */
import { randomUUID } from 'node:crypto';
import { AccountService } from '../../platform/auth/accountService';
import { resolveSecrets } from '../../platform/auth/secrets';
import { describeEachBackend } from '../../platform/testing/backends';
import { startTestStack, type TestStack } from '../testing/stack';

const SIGN_UP = `mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) { account { id name role } token expiresAt }
}`;
const LOG_IN = `mutation LogIn($input: LogInInput!) {
  logIn(input: $input) { account { id name role } token expiresAt }
}`;

interface Payload {
  account: { id: string; name: string; role: string };
  token: string;
  expiresAt: string;
}

describeEachBackend('accounts via gateway', (ctx) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack(ctx.storage, ctx.config);
  });
  afterAll(async () => stack?.close());
  const name = () => `user-${randomUUID().slice(0, 8)}`;
  const tokens = () => new AccountService(ctx.storage.accounts, resolveSecrets(ctx.config).session);

  it('signs up a USER whose token names it; logs in with the same password', async () => {
    const n = name();
    const up = await stack.query<{ signUp: Payload }>(SIGN_UP, {
      input: { name: n, password: 'correct horse battery' },
    });
    expect(up.errors).toBeUndefined();
    const payload = up.data!.signUp;
    expect(payload.account).toEqual({ id: expect.any(String), name: n, role: 'USER' });
    const ttl = Date.parse(payload.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(await tokens().authenticateToken(payload.token)).toMatchObject({
      kind: 'user',
      id: payload.account.id,
      name: n,
      role: 'user',
    });
    const login = await stack.query<{ logIn: Payload }>(LOG_IN, {
      input: { name: n, password: 'correct horse battery' },
    });
    expect(login.errors).toBeUndefined();
    expect(login.data!.logIn.account).toEqual(payload.account);
  });

  it('refuses a taken name, a short password and a look-alike name, storing nothing', async () => {
    const n = name();
    const ok = await stack.query(SIGN_UP, {
      input: { name: n, password: 'correct horse battery' },
    });
    expect(ok.errors).toBeUndefined();
    const before = await ctx.storage.accounts.accountByName(n);
    const cases: [string, string, RegExp][] = [
      [n, 'another good password', /is taken/],
      [name(), 'short', /password must be 10–256 characters/],
      [`${n}\u200B`, 'correct horse battery', /U\+200B/],
      ['', 'correct horse battery', /name must be 1–64 characters/],
    ];
    for (const [user, password, message] of cases) {
      const r = await stack.query(SIGN_UP, { input: { name: user, password } });
      expect(r.data).toBeNull();
      expect(r.errors).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(message),
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
        }),
      ]);
      if (user !== n) expect(await ctx.storage.accounts.accountByName(user)).toBeUndefined();
    }
    expect(await ctx.storage.accounts.accountByName(n)).toEqual(before);
  });

  it('answers a wrong password and an unknown name alike, then throttles', async () => {
    const n = name();
    await stack.query(SIGN_UP, { input: { name: n, password: 'correct horse battery' } });
    const wrong = await stack.query(LOG_IN, { input: { name: n, password: 'wrong password!' } });
    const unknown = await stack.query(LOG_IN, {
      input: { name: name(), password: 'correct horse battery' },
    });
    for (const r of [wrong, unknown]) {
      expect(r.errors).toEqual([
        expect.objectContaining({
          message: 'wrong name or password',
          extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
        }),
      ]);
    }
    for (let i = 0; i < 4; i++) {
      await stack.query(LOG_IN, { input: { name: n, password: `guess number ${i}` } });
    }
    const throttled = await stack.query(LOG_IN, {
      input: { name: n, password: 'correct horse battery' },
    });
    expect(throttled.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });
});
