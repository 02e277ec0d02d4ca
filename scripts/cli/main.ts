/**
 * `spamgraph` — the command line. Each command group lives in its own file beside this one,
 * with its test beside it; errors end as one readable line on stderr and a non-zero exit (2 for
 * usage, 1 for everything else).
 */
import { Command, CommanderError } from 'commander';
import { isSpamgraphError } from '../../platform/errors';
import { registerApiKeys } from './apiKeys';
import { registerCassandra } from './cassandra';
import { registerData } from './data';
import { registerFeast } from './feast';
import { registerDb } from './db';
import { registerFeatures } from './features';
import { registerFs } from './fs';
import { registerInbox } from './inbox';
import { registerModels } from './models';
import { registerUsers } from './users';
import { processIo, type CliIo } from './io';

/** Builds the program; tests call it with their own io. */
export function buildProgram(io: CliIo = processIo): Command {
  const program = new Command('spamgraph')
    .description('spamgraph — ML models served through a federated GraphQL API')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError(false);
  registerCassandra(program, io);
  registerDb(program, io);
  registerData(program, io);
  registerFeatures(program, io);
  registerFeast(program, io);
  registerFs(program, io);
  registerInbox(program, io);
  registerModels(program, io);
  registerUsers(program, io);
  registerApiKeys(program, io);
  return program;
}

/**
 * Runs the CLI on `argv` (without node and script) and resolves to the exit code.
 */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version are "errors" to commander but successes to a user
      return e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.exitCode === 0
        ? 0
        : 2;
    }
    if (isSpamgraphError(e)) {
      io.err(`spamgraph: ${e.code}: ${e.message}`);
      return 1;
    }
    io.err(`spamgraph: INTERNAL_SERVER_ERROR: ${(e as Error).message ?? String(e)}`);
    return 1;
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
