/**
 * The inbox subgraph: `receiveSms` (store a new message, then push its features to the
 * feature store), `backfillFeatures`, and users' verdicts (`reportSpam`, `Sms.userVerdict`),
 * plus Prometheus metrics at `/metrics`. Builds the app; never listens (index.ts does), so
 * tests mount it anywhere.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { FeatureStore } from '../../feature-store';
import {
  openSpamFeatureStore,
  GroupCommitWriter,
  MessageFeatureWriter,
  SmsIngestion,
  storageRetryFor,
} from '../../models';
import type { Config } from '../../platform/config';
import { loadTypeDefs } from '../../platform/graphql/loadTypeDefs';
import { createGraphQLService, type GraphQLService } from '../../platform/http/graphqlService';
import type { Logger } from '../../platform/logger';
import type { Storage } from '../../platform/storage';
import { accountServiceOf, requestSignerOf } from '../../platform/auth/secrets';
import { createContext, type Context, type Services } from './context';
import { createInboxMetrics, type InboxMetrics } from './metrics';
import { resolvers } from './resolvers';

export const SUBGRAPH_NAME = 'inbox';

/** The executable subgraph schema. */
export function buildSchema() {
  return buildSubgraphSchema({
    typeDefs: loadTypeDefs(SUBGRAPH_NAME),
    resolvers: resolvers as GraphQLResolverMap<unknown>,
  });
}

export interface InboxService extends GraphQLService {
  metrics: InboxMetrics;
}

export interface InboxServiceOptions {
  /** Write features to this store instead of the project's (tests). */
  store?: FeatureStore;
}

/** The inbox subgraph over `storage`. */
export async function createInboxService(
  storage: Storage,
  logger: Logger,
  config: Config,
  opts: InboxServiceOptions = {},
): Promise<InboxService> {
  const metrics = createInboxMetrics();
  const store =
    opts.store ??
    (await openSpamFeatureStore(storage, config, {
      journal: {
        onError: (e) =>
          logger.error({ err: e }, 'offline journal flush failed (kept, retried next flush)'),
      },
    }));
  const features = await MessageFeatureWriter.open(store);
  // Offline history buffered by a process that died is written now. A journal that cannot be
  // written stays for the next flush: it must not keep the service from starting.
  const recovered = await store.flushOffline().catch((e: unknown) => {
    logger.error({ err: e }, 'offline journal recovery failed (kept, retried next flush)');
    return 0;
  });
  if (recovered > 0) logger.info({ rows: recovered }, 'wrote orphaned offline journal rows');
  const ingestion = new SmsIngestion({
    inboxes: storage.inboxes,
    ingestionLog: storage.ingestionLog,
    features: new GroupCommitWriter(features, { onBatch: metrics.featureBatch }),
    logger,
    retry: storageRetryFor(storage.backend),
  });
  const shared: Services = { ingestion, storage, features, store, metrics, logger };
  const graphql = await createGraphQLService<Context>({
    name: SUBGRAPH_NAME,
    schema: buildSchema(),
    logger,
    signer: requestSignerOf(config),
    metrics: { handler: metrics.handler, accounts: accountServiceOf(storage.accounts, config) },
    context: async (_req, caller) => createContext(shared, caller.principal),
    health: () => storage.ping(),
    ready: { storage: () => storage.checkWritable() },
  });
  return {
    ...graphql,
    metrics,
    // Buffered offline history is written before the process goes.
    stop: async () => {
      await graphql.stop();
      await store.flushOffline();
    },
  };
}
