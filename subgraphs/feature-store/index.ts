/**
 * Runs the feature-store subgraph and, in the same process, Feast's REST feature server:
 * `node dist/subgraphs/feature-store/index.js` (GraphQL on FEATURE_STORE_PORT, REST on
 * FEATURE_SERVER_PORT).
 */
import { listen } from '../../platform/http/listen';
import { runService } from '../../platform/http/runService';
import { createFeatureStoreService, SUBGRAPH_NAME } from './server';

void runService({
  name: SUBGRAPH_NAME,
  port: (config) => config.ports.featureStore,
  create: async (storage, logger, config) => {
    const service = await createFeatureStoreService(storage, logger, config);
    const rest = await listen(service.rest, config.ports.featureServer, config.host);
    logger.info({ url: rest.url }, 'feature server (Feast REST) ready');
    // runService stops the GraphQL side; the REST server goes with it.
    return {
      app: service.app,
      stop: async () => {
        await rest.close();
        await service.stop();
      },
    };
  },
});
