/**
 * Process entry of one service: config → storage → app → listen, with graceful shutdown on
 * SIGINT/SIGTERM. Start-up failures print one clear line and exit non-zero.
 */
import { loadConfig, type Config } from '../config';
import { isSpamgraphError } from '../errors';
import { createLogger, type Logger } from '../logger';
import { openStorage, type Storage } from '../storage';
import type { GraphQLService } from './graphqlService';
import { listen } from './listen';

export interface RunServiceOptions {
  name: string;
  port: (config: Config) => number;
  create: (storage: Storage, logger: Logger, config: Config) => Promise<GraphQLService>;
}

/** Starts the service and keeps the process alive until a signal arrives. */
export async function runService(opts: RunServiceOptions): Promise<void> {
  let logger = createLogger(opts.name);
  try {
    const config = loadConfig();
    logger = createLogger(opts.name, config.logLevel);
    const storage = await openStorage(config);
    const service = await opts.create(storage, logger, config);
    const server = await listen(service.app, opts.port(config), config.host);
    logger.info({ url: `${server.url}/graphql`, backend: storage.backend }, `${opts.name} ready`);
    const shutdown = async (signal: string) => {
      logger.info({ signal }, `${opts.name} stopping`);
      await server.close();
      await service.stop();
      await storage.close();
      process.exit(0);
    };
    process.once('SIGINT', (s) => void shutdown(s));
    process.once('SIGTERM', (s) => void shutdown(s));
  } catch (e) {
    const message = isSpamgraphError(e) ? `${e.code}: ${e.message}` : String(e);
    logger.fatal({ err: e }, `${opts.name} failed to start: ${message}`);
    process.exitCode = 1;
    setImmediate(() => process.exit(1));
  }
}
