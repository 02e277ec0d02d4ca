import { randomUUID } from 'node:crypto';
import { describeEachBackend } from '../testing/backends';
import { AccountService, parseAccountName } from './accountService';
import { LoginThrottle } from './loginThrottle';

const SECRET = 'test-session-secret-of-thirty-two-bytes!!';
const PASSWORD = 'correct horse battery';

describe('LoginThrottle', () => {
  it('refuses an account after 5 failures in the window, and lets it in after', () => {
    let now = 1_000_000;
    const t = new LoginThrottle({ now: () => now, windowMs: 60_000 });
    for (let i = 0; i < 5; i++) {
      t.check('alice', `10.0.0.${i}`);
      t.failed('alice', `10.0.0.${i}`);
    }
    expect(() => t.check('alice', '10.9.9.9')).toThrow(
      expect.objectContaining({ code: 'RATE_LIMITED', retryAfterSeconds: 60 }),
    );
    t.check('bob', '10.9.9.9'); // other accounts are not affected
    now += 60_001;
    t.check('alice', '10.9.9.9');
  });

  it('refuses an address after 20 failures over any accounts; success clears the account only', () => {
    const t = new LoginThrottle();
    for (let i = 0; i < 20; i++) t.failed(`user${i}`, '192.0.2.1');
    expect(() => t.check('someone', '192.0.2.1')).toThrow(/too many failed log-ins/);
    t.check('someone', '192.0.2.2');
    t.failed('carol', '192.0.2.3');
    t.succeeded('carol');
    for (let i = 0; i < 4; i++) t.failed('carol', '192.0.2.3');
    t.check('carol', '192.0.2.3'); // 4 since the success: still allowed
  });
});

describe('parseAccountName', () => {
  it('accepts clean names and refuses the rest with a reason', () => {
    expect(parseAccountName('alice')).toBe('alice');
    expect(parseAccountName('Zoë')).toBe('Zoë');
    expect(() => parseAccountName('')).toThrow('name must be 1–64 characters, got 0');
    expect(() => parseAccountName('a'.repeat(65))).toThrow('got 65');
    expect(() => parseAccountName('ali\u200Bce')).toThrow(/U\+200B/);
    expect(() => parseAccountName('Zoe\u0308')).toThrow(/NFC/);
    expect(() => parseAccountName(42)).toThrow('name must be a string');
  });
});

describeEachBackend('AccountService', (ctx) => {
  const service = () => new AccountService(ctx.storage.accounts, SECRET);
  const unique = (base: string) => `${base}-${randomUUID().slice(0, 8)}`;

  it('signs up, then logs in with the same password; the tokens name the account', async () => {
    const s = service();
    const name = unique('alice');
    const up = await s.signUp(name, PASSWORD);
    expect(up.account).toEqual({ id: expect.any(String), name, role: 'user' });
    const who = await s.authenticateToken(up.token);
    expect(who).toEqual({
      kind: 'user',
      id: up.account.id,
      name,
      role: 'user',
      sessionId: expect.any(String),
    });
    const again = await s.logIn(name, PASSWORD, '127.0.0.1');
    expect(again.account).toEqual(up.account);
    expect(again.token).not.toBe(up.token);
  });

  it('refuses a taken name and bad input, storing nothing more', async () => {
    const s = service();
    const name = unique('bob');
    await s.signUp(name, PASSWORD);
    const stored = await ctx.storage.accounts.accountByName(name);
    await expect(s.signUp(name, 'another long password')).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: `the name "${name}" is taken`,
    });
    expect(await ctx.storage.accounts.accountByName(name)).toEqual(stored);
    await expect(s.signUp(unique('carol'), 'short')).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    await expect(s.signUp('\u202Eevil', PASSWORD)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect(await ctx.storage.accounts.accountByName('\u202Eevil')).toBeUndefined();
  });

  it('fails a wrong password and an unknown name alike', async () => {
    const s = service();
    const name = unique('dave');
    await s.signUp(name, PASSWORD);
    const [wrong, unknown] = await Promise.allSettled([
      s.logIn(name, 'not the password', '127.0.0.2'),
      s.logIn(unique('nobody'), PASSWORD, '127.0.0.2'),
    ]);
    for (const r of [wrong, unknown]) {
      expect(r).toMatchObject({
        status: 'rejected',
        reason: { code: 'UNAUTHENTICATED', message: 'wrong name or password' },
      });
    }
  });

  it('throttles guessing even when the password is finally right', async () => {
    const s = service();
    const name = unique('erin');
    await s.signUp(name, PASSWORD);
    for (let i = 0; i < 5; i++) {
      await expect(s.logIn(name, `guess ${i} guess`, '127.0.0.3')).rejects.toMatchObject({
        code: 'UNAUTHENTICATED',
      });
    }
    await expect(s.logIn(name, PASSWORD, '127.0.0.3')).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
  });

  it('logs out: the token stops working at once; a forged or foreign token never works', async () => {
    const s = service();
    const { token } = await s.signUp(unique('frank'), PASSWORD);
    const who = await s.authenticateToken(token);
    await s.logOut(who);
    await expect(s.authenticateToken(token)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'session ended: log in again',
    });
    const other = new AccountService(ctx.storage.accounts, 'another-secret-of-thirty-two-bytes!!');
    const { token: foreign } = await other.signUp(unique('grace'), PASSWORD);
    await expect(s.authenticateToken(foreign)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('creates API keys that authenticate until revoked', async () => {
    const s = service();
    const { record, key } = await s.createApiKey('carrier', 'ingest');
    expect(await s.authenticateApiKey(key)).toEqual({
      kind: 'apiKey',
      id: record.id,
      name: 'carrier',
      role: 'ingest',
    });
    const tampered = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
    await expect(s.authenticateApiKey(tampered)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(await ctx.storage.accounts.revokeApiKey(record.id)).toBe(true);
    await expect(s.authenticateApiKey(key)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'invalid API key',
    });
    await expect(s.authenticateApiKey('garbage')).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });
});
