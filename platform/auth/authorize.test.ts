import {
  ownsInbox,
  principalKey,
  requireAuthenticated,
  requireInboxOwner,
  requireRole,
} from './authorize';
import { ANONYMOUS, type ApiKeyPrincipal, type UserPrincipal } from './principal';

const alice: UserPrincipal = {
  kind: 'user',
  id: 'u-a',
  name: 'alice',
  role: 'user',
  sessionId: 's',
};
const admin: UserPrincipal = {
  kind: 'user',
  id: 'u-r',
  name: 'root',
  role: 'admin',
  sessionId: 's',
};
const carrier: ApiKeyPrincipal = { kind: 'apiKey', id: 'k1', name: 'alice', role: 'ingest' };

describe('authorization rules', () => {
  it('tells anonymous (UNAUTHENTICATED) from the wrong role (FORBIDDEN)', () => {
    expect(() => requireAuthenticated(ANONYMOUS)).toThrow(
      expect.objectContaining({ code: 'UNAUTHENTICATED' }),
    );
    expect(requireAuthenticated(alice)).toBe(alice);
    expect(() => requireRole(ANONYMOUS, 'admin')).toThrow(
      expect.objectContaining({ code: 'UNAUTHENTICATED' }),
    );
    expect(() => requireRole(alice, 'ingest', 'admin')).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', message: 'needs the ingest or admin role' }),
    );
    expect(requireRole(carrier, 'ingest', 'admin')).toBe(carrier);
  });

  it('lets a user read only their own inbox; admins read any; keys none', () => {
    expect(requireInboxOwner(alice, 'alice')).toBe(alice);
    expect(requireInboxOwner(admin, 'alice')).toBe(admin);
    expect(() => requireInboxOwner(alice, 'bob')).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', message: 'you may only read your own inbox' }),
    );
    // An API key named like a user is not that user.
    expect(() => requireInboxOwner(carrier, 'alice')).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(() => requireInboxOwner(ANONYMOUS, 'alice')).toThrow(
      expect.objectContaining({ code: 'UNAUTHENTICATED' }),
    );
    expect([
      ownsInbox(alice, 'alice'),
      ownsInbox(alice, 'Alice'),
      ownsInbox(ANONYMOUS, 'alice'),
    ]).toEqual([true, false, false]);
  });

  it('keys per-caller data by principal, never by name alone', () => {
    expect(principalKey(alice)).toBe('user:u-a');
    expect(principalKey(carrier)).toBe('key:k1');
  });
});
