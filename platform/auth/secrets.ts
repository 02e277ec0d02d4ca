/**
 * The two shared secrets: `SESSION_SECRET` (session tokens) and `GATEWAY_SECRET` (gateway →
 * subgraph signatures). Production must set both. Elsewhere a missing one is a development
 * secret: random, made once and kept beside the SQLite file (`dev-secrets.json`, mode 0600), so
 * every service of one checkout agrees without any setup and sessions survive a restart.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { ConfigError } from '../errors';
import type { AccountStore } from '../storage/accounts/accountStore';
import { AccountService } from './accountService';
import { RequestSigner } from './requestSignature';

/** The secrets every service uses. */
export interface Secrets {
  session: string;
  gateway: string;
}

const DEV_FILE = 'dev-secrets.json';

function devSecrets(dir: string, retry = true): Secrets {
  const file = path.join(dir, DEV_FILE);
  try {
    const s = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Secrets>;
    if (typeof s.session === 'string' && typeof s.gateway === 'string') {
      return { session: s.session, gateway: s.gateway };
    }
  } catch {
    // missing or unreadable: make new ones below
  }
  const made = {
    session: randomBytes(48).toString('base64url'),
    gateway: randomBytes(48).toString('base64url'),
  };
  fs.mkdirSync(dir, { recursive: true });
  // 'wx': of two processes starting at once, one writes and the other reads its file.
  try {
    fs.writeFileSync(file, JSON.stringify(made), { mode: 0o600, flag: 'wx' });
    return made;
  } catch (e) {
    if (retry) return devSecrets(dir, false);
    throw new ConfigError(`cannot read or create ${file}: ${(e as Error).message}`);
  }
}

/**
 * The configured secrets, or (outside production) development ones.
 *
 * @throws ConfigError in production when one is missing.
 */
export function resolveSecrets(
  config: Pick<Config, 'secrets' | 'sqlitePath' | 'production'>,
): Secrets {
  const { session, gateway } = config.secrets;
  if (session && gateway) return { session, gateway };
  if (config.production) {
    const missing = [!session && 'SESSION_SECRET', !gateway && 'GATEWAY_SECRET'].filter(Boolean);
    throw new ConfigError(`${missing.join(' and ')} must be set in production`);
  }
  const dev = devSecrets(path.dirname(config.sqlitePath));
  return { session: session ?? dev.session, gateway: gateway ?? dev.gateway };
}

/** The gateway → subgraph signer of a deployment (`GATEWAY_SECRET`). */
export const requestSignerOf = (
  config: Pick<Config, 'secrets' | 'sqlitePath' | 'production'>,
): RequestSigner => new RequestSigner(resolveSecrets(config).gateway);

/** The account service of a deployment over `store` (session tokens signed with `SESSION_SECRET`). */
export const accountServiceOf = (
  store: AccountStore,
  config: Pick<Config, 'secrets' | 'sqlitePath' | 'production'>,
): AccountService => new AccountService(store, resolveSecrets(config).session);
