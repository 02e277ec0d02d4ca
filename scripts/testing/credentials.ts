/**
 * Credentials for end-to-end tests of running services: an API key made directly in the
 * storage those services use (as `npx spamgraph api-keys create` does).
 */
import type { Role } from '../../platform/auth/principal';
import { accountServiceOf } from '../../platform/auth/secrets';
import { loadConfig } from '../../platform/config';
import { openStorage } from '../../platform/storage';

/** A new API key of `role` in the storage `env` configures. */
export async function createApiKeyIn(env: NodeJS.ProcessEnv, role: Role): Promise<string> {
  const config = loadConfig(env);
  const storage = await openStorage(config);
  try {
    return (await accountServiceOf(storage.accounts, config).createApiKey(`e2e-${role}`, role)).key;
  } finally {
    await storage.close();
  }
}
