import { apiKeySecretMatches, generateApiKey, parseApiKey } from './apiKeys';
import { checkNewPassword, hashPassword, verifyPassword } from './passwords';
import { ANONYMOUS, type UserPrincipal } from './principal';
import { RequestSigner, SIGNATURE_HEADER } from './requestSignature';
import { SessionTokens } from './sessionTokens';

const SECRET = 'a-test-secret-of-at-least-thirty-two-bytes!';

describe('passwords', () => {
  it('hashes with Argon2id and verifies only the right password', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse batterY')).toBe(false);
    expect(await hashPassword('correct horse battery')).not.toBe(stored); // salted
  });

  it('answers false for a missing account or a malformed hash', async () => {
    expect(await verifyPassword(undefined, 'anything at all')).toBe(false);
    expect(await verifyPassword('not-a-phc-string', 'anything at all')).toBe(false);
  });

  it('checks new passwords: length in code points, well-formed text', () => {
    expect(checkNewPassword('ten chars!')).toBe('ten chars!');
    expect(checkNewPassword('🔐'.repeat(10))).toBe('🔐'.repeat(10));
    expect(() => checkNewPassword('nine char')).toThrow(
      'password must be 10–256 characters, got 9',
    );
    expect(() => checkNewPassword('x'.repeat(257))).toThrow('got 257');
    expect(() => checkNewPassword('abcdefghij\uD800')).toThrow('no lone surrogates');
    expect(() => checkNewPassword(12345678901)).toThrow('password must be a string');
  });
});

describe('session tokens', () => {
  const tokens = new SessionTokens(SECRET);
  const claims = {
    userId: 'u1',
    name: 'alice',
    role: 'user' as const,
    sessionId: 's1',
    expiresAt: new Date(Math.floor(Date.now() / 1000) * 1000 + 3_600_000),
  };

  it('round-trips its claims', async () => {
    expect(await tokens.verify(await tokens.issue(claims))).toEqual(claims);
  });

  it('refuses expired, forged, tampered and foreign tokens as UNAUTHENTICATED', async () => {
    const expired = await tokens.issue({ ...claims, expiresAt: new Date(Date.now() - 120_000) });
    await expect(tokens.verify(expired)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'session expired',
    });
    const forged = await new SessionTokens('another-secret-of-thirty-two-bytes-!!').issue(claims);
    await expect(tokens.verify(forged)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const good = await tokens.issue(claims);
    const [h, p, s] = good.split('.');
    const admin = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), role: 'admin' }),
    ).toString('base64url');
    await expect(tokens.verify(`${h}.${admin}.${s}`)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    await expect(tokens.verify('')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const signer = new RequestSigner(SECRET); // same secret, other audience
    const signature = await signer.sign({ principal: ANONYMOUS, clientAddress: '::1' }, '{}');
    await expect(tokens.verify(signature)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('gateway request signatures', () => {
  const signer = new RequestSigner(SECRET);
  const alice: UserPrincipal = {
    kind: 'user',
    id: 'u1',
    name: 'alice',
    role: 'user',
    sessionId: 's1',
  };
  const body = JSON.stringify({ query: '{ me { name } }' });

  it('carries the principal and client address for exactly this body', async () => {
    const sig = await signer.sign({ principal: alice, clientAddress: '10.0.0.7' }, body);
    expect(SIGNATURE_HEADER).toBe('x-spamgraph-signature');
    expect(await signer.verify(sig, body)).toEqual({ principal: alice, clientAddress: '10.0.0.7' });
    expect(await signer.verify(sig, Buffer.from(body))).toEqual({
      principal: alice,
      clientAddress: '10.0.0.7',
    });
    const key = { kind: 'apiKey' as const, id: 'k1', name: 'carrier', role: 'ingest' as const };
    const sig2 = await signer.sign({ principal: key, clientAddress: '::1' }, body);
    expect((await signer.verify(sig2, body)).principal).toEqual(key);
  });

  it('refuses a missing signature, another body, another secret, or a token as a signature', async () => {
    const sig = await signer.sign({ principal: alice, clientAddress: '::1' }, body);
    await expect(signer.verify(undefined, body)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'only the gateway may call this service',
    });
    await expect(signer.verify(sig, body.replace('me', 'inbox'))).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    const other = new RequestSigner('another-secret-of-thirty-two-bytes-!!');
    await expect(other.verify(sig, body)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const token = await new SessionTokens(SECRET).issue({
      userId: 'u1',
      name: 'alice',
      role: 'admin',
      sessionId: 's1',
      expiresAt: new Date(Date.now() + 60_000),
    });
    await expect(signer.verify(token, body)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('API keys', () => {
  it('parses its own keys and matches only their secret', () => {
    const k = generateApiKey();
    expect(k.key).toMatch(/^sgk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const parsed = parseApiKey(k.key)!;
    expect(parsed.id).toBe(k.id);
    expect(apiKeySecretMatches(parsed.secret, k.secretHash)).toBe(true);
    expect(apiKeySecretMatches(parsed.secret.replace(/.$/, 'A'), k.secretHash)).toBe(
      parsed.secret.endsWith('A'),
    );
    expect(apiKeySecretMatches(parsed.secret, 'abcd')).toBe(false);
    expect(generateApiKey().id).not.toBe(k.id);
  });

  it('refuses malformed keys', () => {
    for (const bad of ['', 'sgk_', 'sgk_zz_x', `sgk_${'0'.repeat(16)}_short`, 'Bearer sgk_x']) {
      expect(parseApiKey(bad)).toBeUndefined();
    }
  });
});
