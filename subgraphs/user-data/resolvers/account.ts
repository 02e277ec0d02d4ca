/** Accounts as GraphQL shows them (`Role` is the upper-case form of a role). */
import type { AuthResult } from '../../../platform/auth/accountService';
import type { Role } from '../../../platform/auth/principal';
import type { Account, AuthPayload } from '../generated/resolvers-types';

export const accountOf = (a: { id: string; name: string; role: Role }): Account => ({
  id: a.id,
  name: a.name,
  role: a.role.toUpperCase() as Account['role'],
});

export const authPayloadOf = (r: AuthResult): AuthPayload => ({
  account: accountOf(r.account),
  token: r.token,
  expiresAt: r.expiresAt,
});
