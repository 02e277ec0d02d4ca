/**
 * Process entry of one service: config → storage → app → listen, and the one shutdown path
 * (platform/http/shutdown.ts): drain every HTTP server, stop the service (Apollo, then its own
 * buffered writes, e.g. the offline journal), close storage, exit. Start-up failures print one
 * clear line and exit non-zero.
 */
import type { RequestListener } from 'node:http';
import { loadConfig, type Config } from '../config';
import { isSpamgraphError } from '../errors';
import { createLogger, type Logger } from '../logger';
import { openStorage, type Storage } from '../storage';
import type { GraphQLService } from './graphqlService';
import { listen, type Listening } from './listen';
import { onShutdown } from './shutdown';

/** Another HTTP server of the same process (e.g. Feast REST beside a subgraph). */
export interface ExtraServer {
  name: string;
  app: RequestListener;
  port: number;
}

export interface RunServiceOptions<S extends GraphQLService = GraphQLService> {
  name: string;
  port: (config: Config) => number;
  create: (storage: Storage, logger: Logger, config: Config) => Promise<S>;
  /** More servers to listen on, drained with the main one at shutdown. */
  alsoListen?: (service: S, config: Config) => ExtraServer[];
}

/** Starts the service and keeps the process alive until a signal arrives. */
export async function runService<S extends GraphQLService>(
  opts: RunServiceOptions<S>,
): Promise<void> {
  let logger = createLogger(opts.name);
  try {
    const config = loadConfig();
    logger = createLogger(opts.name, config.logLevel);
    const storage = await openStorage(config);
    const service = await opts.create(storage, logger, config);
    const servers: Listening[] = [await listen(service.app, opts.port(config), config.host)];
    for (const extra of opts.alsoListen?.(service, config) ?? []) {
      const l = await listen(extra.app, extra.port, config.host);
      logger.info({ url: l.url }, `${extra.name} ready`);
      servers.push(l);
    }
    const main = servers[0] as Listening;
    logger.info({ url: `${main.url}/graphql`, backend: storage.backend }, `${opts.name} ready`);
    const { graceMs, timeoutMs } = config.shutdown;
    onShutdown({
      name: opts.name,
      logger,
      timeoutMs,
      steps: [
        {
          name: 'drain requests',
          run: async () => {
            service.beginDrain();
            const results = await Promise.all(servers.map((s) => s.drain(graceMs)));
            if (results.some((r) => r.cut)) {
              logger.warn({ graceMs }, 'requests still running after the grace period were cut');
            }
          },
        },
        { name: 'stop the service', run: () => service.stop() },
        { name: 'close storage', run: () => storage.close() },
      ],
    });
  } catch (e) {
    const message = isSpamgraphError(e) ? `${e.code}: ${e.message}` : String(e);
    logger.fatal({ err: e }, `${opts.name} failed to start: ${message}`);
    process.exitCode = 1;
    setImmediate(() => process.exit(1));
  }
}
