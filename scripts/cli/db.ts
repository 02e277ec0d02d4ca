/** `spamgraph db init | seed`: storage schema and sample data on the configured backend. */
import type { Command } from 'commander';
import { loadConfig } from '../../platform/config';
import { openStorage } from '../../platform/storage';
import { seedSampleInboxes } from '../seed/sampleInboxes';
import type { CliIo } from './io';

export function registerDb(program: Command, io: CliIo): void {
  const db = program.command('db').description('storage schema and sample data');
  db.command('init')
    .description('create every missing table on the configured backend (idempotent)')
    .action(async () => {
      const config = loadConfig();
      const storage = await openStorage(config);
      await storage.close();
      const where =
        config.storageBackend === 'sqlite'
          ? config.sqlitePath
          : `keyspace ${config.cassandra.keyspace}`;
      io.out(`db: schema ready on ${config.storageBackend} (${where})`);
    });
  db.command('seed')
    .description('store the sample inboxes (alice, bob, carol) unless already there')
    .option('--force', 'store them again even if present')
    .action(async (opts: { force?: boolean }) => {
      const storage = await openStorage(loadConfig());
      try {
        const n = await seedSampleInboxes(storage, { force: opts.force });
        io.out(n > 0 ? `db: stored ${n} sample messages` : 'db: sample inboxes already present');
      } finally {
        await storage.close();
      }
    });
}
