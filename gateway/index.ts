/**
 * Runs the gateway: `node dist/gateway/index.js`. Reads schema/supergraph.graphql and opens
 * storage for the accounts (session tokens and API keys are checked here, at the edge). On
 * SIGTERM, SIGINT or the loss of its `npm start` parent it drains requests, stops Apollo,
 * closes storage and exits (platform/http/shutdown.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { accountServiceOf, requestSignerOf } from '../platform/auth/secrets';
import { loadConfig, REPO_ROOT } from '../platform/config';
import { openStorage } from '../platform/storage';
import { createLogger } from '../platform/logger';
import { listen } from '../platform/http/listen';
import { onShutdown } from '../platform/http/shutdown';
import { createGateway } from './server';
import { subgraphUrls } from './subgraphs';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('gateway', config.logLevel);
  const supergraphSdl = fs.readFileSync(
    path.join(REPO_ROOT, 'schema', 'supergraph.graphql'),
    'utf8',
  );
  const storage = await openStorage(config);
  const gw = await createGateway({
    supergraphSdl,
    subgraphUrls: subgraphUrls(config),
    logger,
    accounts: accountServiceOf(storage.accounts, config),
    signer: requestSignerOf(config),
    trustProxy: config.trustProxy,
  });
  const server = await listen(gw.app, config.ports.gateway, config.host);
  logger.info(
    { graphql: `${server.url}/graphql`, graphiql: `${server.url}/graphiql` },
    'gateway ready',
  );
  const { graceMs, timeoutMs } = config.shutdown;
  onShutdown({
    name: 'gateway',
    logger,
    timeoutMs,
    steps: [
      {
        name: 'drain requests',
        run: async () => {
          if ((await server.drain(graceMs)).cut) {
            logger.warn({ graceMs }, 'requests still running after the grace period were cut');
          }
        },
      },
      { name: 'stop Apollo', run: () => gw.stop() },
      { name: 'close storage', run: () => storage.close() },
    ],
  });
}

main().catch((e: unknown) => {
  process.stderr.write(`gateway failed to start: ${(e as Error).message}\n`);
  process.exit(1);
});
