/** Runs the model subgraph: `node dist/subgraphs/model/index.js` (MODEL_PORT). */
import { runService } from '../../platform/http/runService';
import { createModelService, SUBGRAPH_NAME } from './server';

void runService({
  name: SUBGRAPH_NAME,
  port: (config) => config.ports.model,
  create: (storage, logger, config) => createModelService(storage, logger, config),
});
