/**
 * API keys for machine clients: `sgk_<id>_<secret>`. The id is public (it names the key in
 * listings and revocation); only the sha256 of the 256-bit random secret is stored — a secret
 * that long needs no slow hash — and it is compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'sgk';
const KEY_FORMAT = /^sgk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** A new key: what to show the user once (`key`) and what to store (`id`, `secretHash`). */
export interface NewApiKey {
  id: string;
  key: string;
  secretHash: string;
}

const digest = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** Makes a new random key. */
export function generateApiKey(): NewApiKey {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, key: `${PREFIX}_${id}_${secret}`, secretHash: digest(secret) };
}

/** The id and secret of a well-formed key, or undefined. */
export function parseApiKey(key: string): { id: string; secret: string } | undefined {
  const m = KEY_FORMAT.exec(key);
  return m && m[1] && m[2] ? { id: m[1], secret: m[2] } : undefined;
}

/** True when `secret` hashes to `secretHash` (constant time). */
export function apiKeySecretMatches(secret: string, secretHash: string): boolean {
  const a = Buffer.from(digest(secret), 'hex');
  const b = Buffer.from(secretHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
