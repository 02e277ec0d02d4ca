import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveSecrets } from './secrets';

const LONG = 'x'.repeat(40);

describe('resolveSecrets', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spamgraph-secrets-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const config = (production: boolean, session?: string, gateway?: string) => ({
    secrets: { session, gateway },
    sqlitePath: path.join(dir, 'nested', 'spamgraph.db'),
    production,
  });

  it('uses the configured secrets as they are', () => {
    expect(resolveSecrets(config(true, LONG, `${LONG}y`))).toEqual({
      session: LONG,
      gateway: `${LONG}y`,
    });
  });

  it('refuses to run in production without both', () => {
    expect(() => resolveSecrets(config(true, undefined, LONG))).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: 'SESSION_SECRET must be set in production',
      }),
    );
    expect(() => resolveSecrets(config(true))).toThrow(
      'SESSION_SECRET and GATEWAY_SECRET must be set in production',
    );
    expect(fs.existsSync(path.join(dir, 'nested'))).toBe(false);
  });

  it('elsewhere makes development secrets once, private to the user, and reuses them', () => {
    const first = resolveSecrets(config(false));
    const file = path.join(dir, 'nested', 'dev-secrets.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(first.session).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(first.gateway).not.toBe(first.session);
    expect(resolveSecrets(config(false))).toEqual(first);
    expect(resolveSecrets(config(false, LONG))).toEqual({ session: LONG, gateway: first.gateway });
  });
});
