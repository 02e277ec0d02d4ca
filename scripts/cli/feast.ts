/** `spamgraph feast install | status`: Feast's Python SDK for the SDK suite and the benchmarks. */
import type { Command } from 'commander';
import { FEAST_VERSION, feastVenvDir, installFeast, installedFeast } from '../feast/python';
import type { CliIo } from './io';

export function registerFeast(program: Command, io: CliIo): void {
  const cmd = program
    .command('feast')
    .description(
      `Feast ${FEAST_VERSION}'s Python SDK in .cache/feast (for the SDK tests and bench:compare)`,
    );
  cmd
    .command('install')
    .description(`pip install feast==${FEAST_VERSION} into a virtual environment (once)`)
    .action(async () => {
      const dir = await installFeast((line) => io.err(line));
      io.out(dir);
    });
  cmd
    .command('status')
    .description('whether the SDK is installed, and where')
    .action(() => {
      const dir = installedFeast();
      io.out(
        dir
          ? `feast ${FEAST_VERSION}: installed in ${dir}`
          : `feast ${FEAST_VERSION}: not installed (npx spamgraph feast install; it goes to ${feastVenvDir()})`,
      );
    });
}
