/**
 * Development accounts for the sample inboxes (alice, bob, carol), made by `npm start` on its
 * first run with random passwords kept beside the SQLite file (`dev-accounts.json`, mode 0600)
 * and printed at every start. Never in production: there accounts are made on purpose
 * (`npx spamgraph users create`).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AccountService } from '../../platform/auth/accountService';
import type { Config } from '../../platform/config';
import { SAMPLE_USERS } from './sampleInboxes';

/** A sample account's name and development password. */
export interface SampleAccount {
  name: string;
  password: string;
}

const FILE = 'dev-accounts.json';

/**
 * Makes the sample accounts that do not exist yet and returns every sample account's
 * development password; none in production.
 */
export async function seedSampleAccounts(
  accounts: AccountService,
  config: Pick<Config, 'sqlitePath' | 'production'>,
): Promise<SampleAccount[]> {
  if (config.production) return [];
  const file = path.join(path.dirname(config.sqlitePath), FILE);
  let known: Record<string, string> = {};
  try {
    known = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  } catch {
    // first run (or an unreadable file): make the accounts below
  }
  const seeded: SampleAccount[] = [];
  for (const name of SAMPLE_USERS) {
    let password = known[name];
    if (!password) {
      password = randomBytes(12).toString('base64url');
      try {
        await accounts.createAccount(name, password, 'user');
      } catch {
        continue; // the name was taken by someone else: leave that account alone
      }
      known[name] = password;
    }
    seeded.push({ name, password });
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(known), { mode: 0o600 });
  return seeded;
}
