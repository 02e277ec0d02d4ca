/**
 * `spamgraph users create <name> [--role r] [--password-stdin]`: accounts made by an operator
 * (e.g. the first admin). Without `--password-stdin` a random password is made and printed once.
 */
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { ROLES, isRole, type Role } from '../../platform/auth/principal';
import { BadUserInputError } from '../../platform/errors';
import { withAccountService } from './accountService';
import type { CliIo } from './io';

/** `--role`, checked. */
export function parseRole(text: string): Role {
  const role = text.trim().toLowerCase();
  if (!isRole(role)) {
    throw new BadUserInputError(`--role must be one of ${ROLES.join(', ')}, got "${text}"`);
  }
  return role;
}

/** The first line of standard input (a password piped in, never in the shell history). */
async function readStdinLine(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

export function registerUsers(
  program: Command,
  io: CliIo,
  stdin: NodeJS.ReadableStream = process.stdin,
): void {
  const users = program.command('users').description('accounts (people who log in)');
  users
    .command('create <name>')
    .description('create an account; prints a generated password unless --password-stdin')
    .option('--role <role>', `${ROLES.join(', ')}`, 'user')
    .option('--password-stdin', 'read the password from the first line of standard input')
    .action(async (name: string, flags: { role: string; passwordStdin?: boolean }) => {
      const role = parseRole(flags.role);
      const password = flags.passwordStdin
        ? await readStdinLine(stdin)
        : randomBytes(18).toString('base64url');
      const account = await withAccountService((s) => s.createAccount(name, password, role));
      io.out(`users: created ${account.name} (role ${account.role}, id ${account.id})`);
      if (!flags.passwordStdin) io.out(`users: password ${password} (shown once)`);
    });
}
