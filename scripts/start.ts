/**
 * `npm start`: prepares storage (tables + sample inboxes on first run), then runs every
 * subgraph and the gateway as separate processes, as they would be deployed.
 * A service that dies is restarted with backoff while the others keep serving (platform/
 * supervisor.ts). SIGTERM or SIGINT (Ctrl-C) stops them all — the gateway first — and so does
 * the death of this process's parent (`npm`); if this process itself is killed, each child
 * notices its IPC channel close and stops (platform/processes.ts).
 */
import path from 'node:path';
import { enabledModelVersions, spamRepo, withSpamFeatureStore } from '../models';
import { loadConfig } from '../platform/config';
import { isSpamgraphError } from '../platform/errors';
import { createLogger } from '../platform/logger';
import { watchParent } from '../platform/processes';
import { Supervisor } from '../platform/supervisor';
import { settleSqliteFile } from '../platform/storage/sqlite';
import { seedSampleAccounts, type SampleAccount } from './seed/sampleAccounts';
import { seedSampleInboxes } from './seed/sampleInboxes';
import { AccountService } from '../platform/auth/accountService';
import { resolveSecrets } from '../platform/auth/secrets';
import { SUBGRAPHS } from '../gateway/subgraphs';

const DIST = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  const config = loadConfig();
  enabledModelVersions(config); // fail here, not inside the model subgraph's process
  const logger = createLogger('start', config.logLevel);
  const samples = await withSpamFeatureStore(config, async (store, storage) => {
    const seeded = await seedSampleInboxes(storage);
    if (seeded > 0)
      logger.info({ messages: seeded }, 'seeded sample inboxes for alice, bob and carol');
    // First run: register the feature definitions so the feature store serves at once. Later
    // runs only warn about drift: applying can drop online tables, so it stays a deliberate act.
    if ((await store.registry.getRepo(spamRepo.project)) === null) {
      await store.apply();
      logger.info('registered the feature definitions (fs apply)');
    } else {
      const plan = await store.plan();
      if (plan.added.length + plan.changed.length + plan.removed.length > 0) {
        logger.warn('feature definitions differ from the registry: run `npx spamgraph fs apply`');
      }
    }
    const accounts = new AccountService(storage.accounts, resolveSecrets(config).session);
    return seedSampleAccounts(accounts, config);
  });

  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  // A child gets its whole shutdown deadline before it is killed.
  const supervisor = new Supervisor({ logger, killAfterMs: config.shutdown.timeoutMs + 2000 });
  let stopping = false;
  const stopAll = async (code: number, reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'stopping every service');
    await supervisor.stop(['gateway']);
    if (config.storageBackend === 'sqlite') {
      try {
        settleSqliteFile(config.sqlitePath);
      } catch (e) {
        logger.warn({ err: e }, 'could not checkpoint the SQLite file on the way out');
      }
    }
    process.exit(code);
  };
  // `on`, not `once`: a second Ctrl-C must not kill us before the children are gone.
  process.on('SIGINT', () => void stopAll(0, 'SIGINT'));
  process.on('SIGTERM', () => void stopAll(0, 'SIGTERM'));
  watchParent(() => void stopAll(1, 'parent process gone'));
  const start = (name: string, entry: string, port: number, env: Record<string, string> = {}) =>
    supervisor.start({
      name,
      entry: path.join(DIST, entry),
      healthUrl: `http://${host}:${port}/health`,
      env: { ...process.env, ...env },
    });
  try {
    await Promise.all(SUBGRAPHS.map((s) => start(s.name, s.entry, s.port(config), s.env)));
    await start('gateway', 'gateway/index.js', config.ports.gateway);
  } catch (e) {
    logger.error({ err: e }, `start failed: ${(e as Error).message}`);
    await stopAll(1, 'start failed');
    return;
  }
  const base = `http://localhost:${config.ports.gateway}`;
  process.stdout.write(
    `\nspamgraph is running on ${config.storageBackend} — app: ${base}/ · GraphiQL: ${base}/graphiql · GraphQL: ${base}/graphql\n` +
      sampleUsersLine(samples) +
      'Ctrl-C stops everything.\n\n',
  );
}

/** Who can log in to try it (development only: production seeds no accounts). */
function sampleUsersLine(samples: SampleAccount[]): string {
  if (samples.length === 0)
    return 'No sample accounts (production): create users with `npx spamgraph users create`.\n';
  const list = samples.map((a) => `${a.name} / ${a.password}`).join(', ');
  return `Sample users (development passwords): ${list}.\n`;
}

main().catch((e: unknown) => {
  const msg = isSpamgraphError(e) ? `${e.code}: ${e.message}` : (e as Error).message;
  process.stderr.write(`spamgraph: ${msg}\n`);
  process.exit(1);
});
