/** The account service on the configured storage, for the `users` and `api-keys` commands. */
import { AccountService } from '../../platform/auth/accountService';
import { resolveSecrets } from '../../platform/auth/secrets';
import { loadConfig } from '../../platform/config';
import { openStorage, type Storage } from '../../platform/storage';

/** Opens storage, runs `fn` with an account service on it (and the storage), closes storage. */
export async function withAccountService<T>(
  fn: (accounts: AccountService, storage: Storage) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const storage = await openStorage(config);
  try {
    return await fn(new AccountService(storage.accounts, resolveSecrets(config).session), storage);
  } finally {
    await storage.close();
  }
}
