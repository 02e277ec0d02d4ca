/**
 * The user-data subgraph: owns `Sms` and inboxes. Builds the schema and the HTTP app;
 * never listens (index.ts does), so tests can mount it on any port.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { accountServiceOf, requestSignerOf } from '../../platform/auth/secrets';
import type { Config } from '../../platform/config';
import { loadTypeDefs } from '../../platform/graphql/loadTypeDefs';
import { createGraphQLService, type GraphQLService } from '../../platform/http/graphqlService';
import { metricsHandler } from '../../platform/http/metricsHandler';
import { processRegistry } from '../../platform/http/processMetrics';
import type { Logger } from '../../platform/logger';
import type { Storage } from '../../platform/storage';
import { createContext, type Context } from './context';
import { resolvers } from './resolvers';

export const SUBGRAPH_NAME = 'user-data';

/** The executable subgraph schema. */
export function buildSchema() {
  return buildSubgraphSchema({
    typeDefs: loadTypeDefs(SUBGRAPH_NAME),
    resolvers: resolvers as GraphQLResolverMap<unknown>,
  });
}

/** The HTTP app of the subgraph over `storage`; accounts' tokens use `config`'s secret. */
export function createUserDataService(
  storage: Storage,
  logger: Logger,
  config: Config,
): Promise<GraphQLService> {
  const accounts = accountServiceOf(storage.accounts, config);
  return createGraphQLService<Context>({
    name: SUBGRAPH_NAME,
    schema: buildSchema(),
    logger,
    signer: requestSignerOf(config),
    // Log-in throttling counts failures per client address, as the gateway signed it.
    context: async (_req, caller) => createContext(storage, logger, accounts, caller),
    metrics: { handler: metricsHandler(processRegistry(SUBGRAPH_NAME)), accounts },
    health: () => storage.ping(),
    ready: { storage: () => storage.checkWritable() },
  });
}
