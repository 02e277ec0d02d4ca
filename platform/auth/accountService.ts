/**
 * Accounts as the product sees them: sign up, log in, log out, and the gateway's two ways to
 * recognise a caller (a session token, an API key). Storage is the account store of the
 * configured backend; tokens are signed with `SESSION_SECRET`.
 */
import { randomUUID } from 'node:crypto';
import { BadUserInputError, UnauthenticatedError } from '../errors';
import type { AccountStore, ApiKeyRecord } from '../storage/accounts/accountStore';
import { codePointLength, idProblem } from '../text';
import { apiKeySecretMatches, generateApiKey, parseApiKey } from './apiKeys';
import { LoginThrottle } from './loginThrottle';
import { checkNewPassword, hashPassword, verifyPassword } from './passwords';
import type { ApiKeyPrincipal, Role, UserPrincipal } from './principal';
import { SessionTokens } from './sessionTokens';

/** Longest account name, in code points. */
export const MAX_ACCOUNT_NAME = 64;

/** What signing up or logging in gives. */
export interface AuthResult {
  account: { id: string; name: string; role: Role };
  token: string;
  expiresAt: Date;
}

/**
 * An account name from user input: a clean identifier (platform/text.ts) of 1–64 code points.
 *
 * @throws BadUserInputError saying what is wrong.
 */
export function parseAccountName(name: unknown): string {
  if (typeof name !== 'string') throw new BadUserInputError('name must be a string');
  const n = codePointLength(name);
  if (n < 1 || n > MAX_ACCOUNT_NAME) {
    throw new BadUserInputError(`name must be 1–${MAX_ACCOUNT_NAME} characters, got ${n}`);
  }
  const problem = idProblem(name);
  if (problem) throw new BadUserInputError(`name ${problem}`);
  return name;
}

// One message for an unknown name and a wrong password: it must not tell them apart.
const WRONG = 'wrong name or password';

/** Sign-up, log-in, log-out and authentication over one account store. */
export class AccountService {
  private readonly tokens: SessionTokens;

  constructor(
    private readonly store: AccountStore,
    sessionSecret: string,
    private readonly throttle = new LoginThrottle(),
  ) {
    this.tokens = new SessionTokens(sessionSecret);
  }

  /**
   * Creates an account (`npx spamgraph users create` may give another role than `user`).
   *
   * @throws BadUserInputError for a bad name or password, or a name that is taken.
   */
  async createAccount(name: string, password: string, role: Role = 'user') {
    const clean = parseAccountName(name);
    const passwordHash = await hashPassword(checkNewPassword(password));
    const account = { id: randomUUID(), name: clean, role, passwordHash, createdAt: new Date() };
    if (!(await this.store.createAccount(account))) {
      throw new BadUserInputError(`the name "${clean}" is taken`, { field: 'name' });
    }
    return { id: account.id, name: account.name, role: account.role };
  }

  /** Creates a `user` account and logs it in. */
  async signUp(name: string, password: string): Promise<AuthResult> {
    const account = await this.createAccount(name, password, 'user');
    return this.startSession(account);
  }

  /**
   * Logs in. Unknown names and wrong passwords fail alike (same message, same Argon2 work).
   *
   * @throws RateLimitedError over the failure limits; UnauthenticatedError on a mismatch.
   */
  async logIn(name: unknown, password: unknown, clientAddress: string): Promise<AuthResult> {
    const key = typeof name === 'string' ? name : '';
    this.throttle.check(key, clientAddress);
    const account = key ? await this.store.accountByName(key) : undefined;
    const ok = await verifyPassword(account?.passwordHash, String(password ?? ''));
    if (!ok || !account) {
      this.throttle.failed(key, clientAddress);
      throw new UnauthenticatedError(WRONG);
    }
    this.throttle.succeeded(key);
    return this.startSession({ id: account.id, name: account.name, role: account.role });
  }

  /** Ends the session of a signed-in principal (its token stops working at once). */
  async logOut(principal: UserPrincipal): Promise<void> {
    await this.store.deleteSession(principal.sessionId);
  }

  /**
   * The principal of a session token whose signature, expiry and session all hold.
   *
   * @throws UnauthenticatedError otherwise (logged out and expired alike).
   */
  async authenticateToken(token: string): Promise<UserPrincipal> {
    const claims = await this.tokens.verify(token);
    const session = await this.store.sessionById(claims.sessionId);
    if (!session || session.accountId !== claims.userId) {
      throw new UnauthenticatedError('session ended: log in again');
    }
    return {
      kind: 'user',
      id: session.accountId,
      name: session.accountName,
      role: session.role,
      sessionId: session.id,
    };
  }

  /** A new API key: `key` is shown once and never stored. */
  async createApiKey(name: string, role: Role): Promise<{ record: ApiKeyRecord; key: string }> {
    const clean = parseAccountName(name);
    const made = generateApiKey();
    const record = {
      id: made.id,
      name: clean,
      role,
      secretHash: made.secretHash,
      createdAt: new Date(),
      revoked: false,
    };
    await this.store.saveApiKey(record);
    return { record, key: made.key };
  }

  /**
   * The principal of an API key that exists, matches and is not revoked.
   *
   * @throws UnauthenticatedError otherwise.
   */
  async authenticateApiKey(key: string): Promise<ApiKeyPrincipal> {
    const parsed = parseApiKey(key);
    const record = parsed && (await this.store.apiKeyById(parsed.id));
    if (
      !parsed ||
      !record ||
      record.revoked ||
      !apiKeySecretMatches(parsed.secret, record.secretHash)
    ) {
      throw new UnauthenticatedError('invalid API key');
    }
    return { kind: 'apiKey', id: record.id, name: record.name, role: record.role };
  }

  /**
   * The principal of a credential as clients send it after `Bearer `: an API key (`sgk_…`)
   * or a session token.
   *
   * @throws UnauthenticatedError when it does not hold.
   */
  authenticate(credential: string): Promise<UserPrincipal | ApiKeyPrincipal> {
    return credential.startsWith('sgk_')
      ? this.authenticateApiKey(credential)
      : this.authenticateToken(credential);
  }

  private async startSession(account: AuthResult['account']): Promise<AuthResult> {
    const session = await this.store.createSession({
      id: randomUUID(),
      accountId: account.id,
      accountName: account.name,
      role: account.role,
    });
    const token = await this.tokens.issue({
      userId: account.id,
      name: account.name,
      role: account.role,
      sessionId: session.id,
      expiresAt: session.expiresAt,
    });
    return { account, token, expiresAt: session.expiresAt };
  }
}
