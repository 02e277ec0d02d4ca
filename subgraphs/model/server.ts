/**
 * The model subgraph: the enabled model versions over GraphQL (`Sms.spamPrediction`,
 * text → features → prediction, the caller's call log, model info) and Prometheus metrics
 * at `/metrics`. Builds the app; never listens (index.ts does), so tests mount it anywhere.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { FeatureStore } from '../../feature-store';
import {
  ChampionSource,
  ModelServing,
  configuredChoice,
  enabledModelVersions,
  openSpamFeatureStore,
} from '../../models';
import type { Config } from '../../platform/config';
import { loadTypeDefs } from '../../platform/graphql/loadTypeDefs';
import { createGraphQLService, type GraphQLService } from '../../platform/http/graphqlService';
import type { Logger } from '../../platform/logger';
import type { Storage } from '../../platform/storage';
import { accountServiceOf, requestSignerOf } from '../../platform/auth/secrets';
import { createContext, type Context } from './context';
import { createModelMetrics, type ModelMetrics } from './metrics';
import { resolvers } from './resolvers';

export const SUBGRAPH_NAME = 'model';

/** The executable subgraph schema. */
export function buildSchema() {
  return buildSubgraphSchema({
    typeDefs: loadTypeDefs(SUBGRAPH_NAME),
    resolvers: resolvers as GraphQLResolverMap<unknown>,
  });
}

export interface ModelService extends GraphQLService {
  serving: ModelServing;
  metrics: ModelMetrics;
}

export interface ModelServiceOptions {
  /** Read and write features in this store instead of the project's (tests). */
  store?: FeatureStore;
}

/** The model subgraph over `storage`, serving `config.enabledModelVersions`. */
export async function createModelService(
  storage: Storage,
  logger: Logger,
  config: Config,
  opts: ModelServiceOptions = {},
): Promise<ModelService> {
  const metrics = createModelMetrics();
  const store = opts.store ?? (await openSpamFeatureStore(storage, config));
  const enabled = enabledModelVersions(config);
  const configured = configuredChoice(config, enabled);
  const serving = await ModelServing.open({
    store,
    cache: storage.predictions,
    enabled,
    observer: metrics.observer,
    choice: new ChampionSource(configured, enabled, storage.promotions),
  });
  logger.info(
    { versions: serving.enabled, champion: configured.champion, challenger: configured.challenger },
    'models loaded',
  );
  const graphql = await createGraphQLService<Context>({
    name: SUBGRAPH_NAME,
    schema: buildSchema(),
    logger,
    middleware: [metrics.middleware],
    signer: requestSignerOf(config),
    metrics: { handler: metrics.handler, accounts: accountServiceOf(storage.accounts, config) },
    context: async (_req, caller) =>
      createContext({ serving, callLog: storage.callLog, logger, principal: caller.principal }),
    health: () => storage.ping(),
    ready: { storage: () => storage.checkWritable() },
  });
  return {
    ...graphql,
    serving,
    metrics,
    // Features computed from texts buffer offline history: written before the process goes.
    stop: async () => {
      await graphql.stop();
      await serving.shadowSettled();
      await store.flushOffline();
    },
  };
}
