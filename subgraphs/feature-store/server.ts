/**
 * The feature-store subgraph: Feast's registry, online reads, pushes and materialization over
 * GraphQL, plus Feast's REST feature server over the same FeatureStore. Builds both apps;
 * never listens (index.ts does), so tests can mount them on any port.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { openSpamFeatureStore } from '../../models';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type express from 'express';
import { FeatureStore } from '../../feature-store';
import type { Config } from '../../platform/config';
import { loadTypeDefs } from '../../platform/graphql/loadTypeDefs';
import { createGraphQLService, type GraphQLService } from '../../platform/http/graphqlService';
import { metricsHandler } from '../../platform/http/metricsHandler';
import { processRegistry } from '../../platform/http/processMetrics';
import type { Logger } from '../../platform/logger';
import type { Storage } from '../../platform/storage';
import { accountServiceOf, requestSignerOf } from '../../platform/auth/secrets';
import { createContext, type Context } from './context';
import { resolvers } from './resolvers';
import { createFeatureServer } from './rest/app';

export const SUBGRAPH_NAME = 'feature-store';

/** The executable subgraph schema. */
export function buildSchema() {
  return buildSubgraphSchema({
    typeDefs: loadTypeDefs(SUBGRAPH_NAME),
    resolvers: resolvers as GraphQLResolverMap<unknown>,
  });
}

/** The GraphQL app (`service.app`), the REST app (`rest`) and the store they share. */
export interface FeatureStoreService extends GraphQLService {
  /** Feast's REST API: run it on FEATURE_SERVER_PORT. */
  rest: express.Express;
  store: FeatureStore;
}

export interface FeatureStoreServiceOptions {
  /** Serve this store instead of the project's (`spamRepo` under DATA_DIR/offline): tests. */
  store?: FeatureStore;
}

/**
 * Both apps of the feature store over `storage`: the project's definitions (`spamRepo`)
 * with the offline store under `config.dataDir`, unless `opts.store` is given.
 */
export async function createFeatureStoreService(
  storage: Storage,
  logger: Logger,
  config: Config,
  opts: FeatureStoreServiceOptions = {},
): Promise<FeatureStoreService> {
  const store = opts.store ?? (await openSpamFeatureStore(storage, config));
  const health = () => storage.ping();
  const accounts = accountServiceOf(storage.accounts, config);
  const graphql = await createGraphQLService<Context>({
    name: SUBGRAPH_NAME,
    schema: buildSchema(),
    logger,
    signer: requestSignerOf(config),
    context: async (_req, caller) => createContext(store, logger, caller.principal),
    metrics: { handler: metricsHandler(processRegistry(SUBGRAPH_NAME)), accounts },
    health,
    ready: {
      storage: () => storage.checkWritable(),
      registry: async () => {
        const project = store.definitions.project;
        if ((await store.registry.getRepo(project)) === null) {
          throw new Error(`project ${project} has no registry yet: run \`npx spamgraph fs apply\``);
        }
      },
    },
  });
  return { ...graphql, rest: createFeatureServer(store, { logger, health, accounts }), store };
}
