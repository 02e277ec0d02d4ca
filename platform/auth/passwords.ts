/**
 * Password hashing with Argon2id (memory-hard; @node-rs/argon2), with OWASP's minimum settings
 * (19 MiB, 2 passes, 1 lane: ≈ 17 ms a hash on this machine), and a verification that costs the
 * same whether or not the account exists.
 */
import { hash, verify } from '@node-rs/argon2';
import { BadUserInputError } from '../errors';

const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Shortest and longest accepted password, in code points. */
export const PASSWORD_LENGTH = { min: 10, max: 256 } as const;

/**
 * Checks a new password: 10–256 code points, well-formed UTF-16 (no lone surrogates).
 *
 * @throws BadUserInputError saying what is wrong (never echoing the password).
 */
export function checkNewPassword(password: unknown): string {
  if (typeof password !== 'string') throw new BadUserInputError('password must be a string');
  if (!password.isWellFormed()) {
    throw new BadUserInputError('password must be well-formed text (no lone surrogates)');
  }
  const n = [...password].length;
  if (n < PASSWORD_LENGTH.min || n > PASSWORD_LENGTH.max) {
    throw new BadUserInputError(
      `password must be ${PASSWORD_LENGTH.min}–${PASSWORD_LENGTH.max} characters, got ${n}`,
    );
  }
  return password;
}

/** The Argon2id hash (PHC string, salt included) of `password`. */
export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2);

// Verified against when the account does not exist, so a failure takes as long either way.
let dummy: Promise<string> | undefined;

/**
 * True when `password` matches `stored`; with `stored` undefined (no such account) it spends
 * the same time and answers false. Malformed stored hashes answer false.
 */
export async function verifyPassword(
  stored: string | undefined,
  password: string,
): Promise<boolean> {
  const target = stored ?? (await (dummy ??= hashPassword('spamgraph: no such account')));
  try {
    const ok = await verify(target, password);
    return ok && stored !== undefined;
  } catch {
    return false;
  }
}
