/** Runs the inbox subgraph alone: `node dist/subgraphs/inbox/index.js`. */
import { runService } from '../../platform/http/runService';
import { createInboxService, SUBGRAPH_NAME } from './server';

void runService({
  name: SUBGRAPH_NAME,
  port: (config) => config.ports.inbox,
  create: createInboxService,
});
