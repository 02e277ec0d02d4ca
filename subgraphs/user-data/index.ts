/** Runs the user-data subgraph alone: `node dist/subgraphs/user-data/index.js`. */
import { runService } from '../../platform/http/runService';
import { createUserDataService, SUBGRAPH_NAME } from './server';

void runService({
  name: SUBGRAPH_NAME,
  port: (config) => config.ports.userData,
  create: createUserDataService,
});
