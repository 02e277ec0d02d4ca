/**
 * `npm start`: prepares storage (tables + sample inboxes on first run), then runs every
 * subgraph and the gateway as separate processes, as they would be deployed.
 * Ctrl-C stops them all; if one dies, the rest are stopped and the exit code is non-zero.
 */
import path from 'node:path';
import { enabledModelVersions, spamRepo, withSpamFeatureStore } from '../models';
import { loadConfig } from '../platform/config';
import { isSpamgraphError } from '../platform/errors';
import { createLogger } from '../platform/logger';
import {
  spawnService,
  stopServices,
  waitHealthy,
  type ServiceProcess,
} from '../platform/processes';
import { seedSampleInboxes } from './seed/sampleInboxes';
import { SUBGRAPHS } from '../gateway/subgraphs';

const DIST = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  const config = loadConfig();
  enabledModelVersions(config); // fail here, not inside the model subgraph's process
  const logger = createLogger('start', config.logLevel);
  await withSpamFeatureStore(config, async (store, storage) => {
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
  });

  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const services: ServiceProcess[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await stopServices(services);
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));
  const start = async (
    name: string,
    entry: string,
    port: number,
    env: Record<string, string> = {},
  ) => {
    const svc = spawnService(name, path.join(DIST, entry), `http://${host}:${port}/health`, {
      ...process.env,
      ...env,
    });
    services.push(svc);
    svc.child.once('exit', (code) => {
      if (!stopping) {
        logger.error({ service: name, code }, `${name} exited; stopping the others`);
        void stopAll(1);
      }
    });
    await waitHealthy(svc);
  };
  try {
    await Promise.all(SUBGRAPHS.map((s) => start(s.name, s.entry, s.port(config), s.env)));
    await start('gateway', 'gateway/index.js', config.ports.gateway);
  } catch (e) {
    logger.error({ err: e }, `start failed: ${(e as Error).message}`);
    await stopAll(1);
    return;
  }
  const base = `http://localhost:${config.ports.gateway}`;
  process.stdout.write(
    `\nspamgraph is running on ${config.storageBackend} — app: ${base}/ · GraphiQL: ${base}/graphiql · GraphQL: ${base}/graphql\n` +
      'Sample users: alice, bob, carol. Ctrl-C stops everything.\n\n',
  );
}

main().catch((e: unknown) => {
  const msg = isSpamgraphError(e) ? `${e.code}: ${e.message}` : (e as Error).message;
  process.stderr.write(`spamgraph: ${msg}\n`);
  process.exit(1);
});
