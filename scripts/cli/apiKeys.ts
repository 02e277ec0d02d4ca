/**
 * `spamgraph api-keys create <name> [--role r] | revoke <id> | list`: keys of machine clients
 * (e.g. the carrier side delivering SMS with role `ingest`). A key is printed once, at creation.
 */
import type { Command } from 'commander';
import { withAccountService } from './accountService';
import type { CliIo } from './io';
import { parseRole } from './users';
import { NotFoundError } from '../../platform/errors';

export function registerApiKeys(program: Command, io: CliIo): void {
  const keys = program.command('api-keys').description('API keys of machine clients');
  keys
    .command('create <name>')
    .description('create a key; it is printed once (send it as `Authorization: Bearer <key>`)')
    .option('--role <role>', 'ingest (deliver SMS) or admin', 'ingest')
    .action(async (name: string, flags: { role: string }) => {
      const role = parseRole(flags.role);
      const { record, key } = await withAccountService((s) => s.createApiKey(name, role));
      io.out(`api-keys: created ${record.id} for ${record.name} (role ${record.role})`);
      io.out(`api-keys: key ${key} (shown once)`);
    });
  keys
    .command('revoke <id>')
    .description('revoke a key at once')
    .action(async (id: string) => {
      const revoked = await withAccountService((_s, storage) => storage.accounts.revokeApiKey(id));
      if (!revoked) throw new NotFoundError(`no API key ${id}`);
      io.out(`api-keys: revoked ${id}`);
    });
  keys
    .command('list')
    .description('every key: id, name, role, created, revoked')
    .action(async () => {
      const keys = await withAccountService((_s, storage) => storage.accounts.listApiKeys());
      for (const k of keys) {
        const state = k.revoked ? 'revoked' : 'active';
        io.out(`${k.id}  ${k.name}  ${k.role}  ${k.createdAt.toISOString()}  ${state}`);
      }
    });
}
