/**
 * The user-data subgraph: owns `Sms` and inboxes. Builds the schema and the HTTP app;
 * never listens (index.ts does), so tests can mount it on any port.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { loadTypeDefs } from '../../platform/graphql/loadTypeDefs';
import { createGraphQLService, type GraphQLService } from '../../platform/http/graphqlService';
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

/** The HTTP app of the subgraph over `storage`. */
export function createUserDataService(storage: Storage, logger: Logger): Promise<GraphQLService> {
  return createGraphQLService<Context>({
    name: SUBGRAPH_NAME,
    schema: buildSchema(),
    logger,
    context: async () => createContext(storage, logger),
    health: () => storage.ping(),
  });
}
