/**
 * Runs the feature-store subgraph and, in the same process, Feast's REST feature server:
 * `node dist/subgraphs/feature-store/index.js` (GraphQL on FEATURE_STORE_PORT, REST on
 * FEATURE_SERVER_PORT). At shutdown both servers drain before storage closes.
 */
import { runService } from '../../platform/http/runService';
import { FEATURE_SERVER_NAME } from './rest/app';
import { createFeatureStoreService, SUBGRAPH_NAME } from './server';

void runService({
  name: SUBGRAPH_NAME,
  port: (config) => config.ports.featureStore,
  create: createFeatureStoreService,
  alsoListen: (service, config) => [
    {
      name: `${FEATURE_SERVER_NAME} (Feast REST)`,
      app: service.rest,
      port: config.ports.featureServer,
    },
  ],
});
