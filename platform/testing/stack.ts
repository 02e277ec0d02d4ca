/**
 * Boots the real stack in-process for integration tests: every subgraph on a free port over
 * real storage, and the real Apollo Gateway over HTTP in front of them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, type Config } from '../config';
import { createLogger } from '../logger';
import { listen, type Listening } from '../http/listen';
import type { Storage } from '../storage';
import { createGateway } from '../../gateway/server';
import { createUserDataService } from '../../subgraphs/user-data/server';

/** A GraphQL response as the gateway sends it. */
export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestStack {
  gatewayUrl: string;
  subgraphUrls: Record<string, string>;
  /** POSTs one operation to the gateway's /graphql. */
  query<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>>;
  /** Stops one subgraph's HTTP server (to test the gateway's failure path). */
  stopSubgraph(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts the subgraphs and the gateway over `storage`. */
export async function startTestStack(storage: Storage, _config: Config): Promise<TestStack> {
  const logger = createLogger('test', 'silent');
  const closers: (() => Promise<void>)[] = [];
  const servers = new Map<string, Listening>();
  const mount = async (svc: {
    app: Parameters<typeof listen>[0];
    stop(): Promise<void>;
  }): Promise<Listening> => {
    const l = await listen(svc.app, 0);
    let closed = false;
    const closeOnce = async () => {
      if (!closed) await l.close();
      closed = true;
    };
    closers.push(closeOnce, () => svc.stop());
    return { ...l, close: closeOnce };
  };
  const userData = await mount(await createUserDataService(storage, logger));
  servers.set('user-data', userData);
  const subgraphUrls = { 'user-data': `${userData.url}/graphql` };
  const supergraphSdl = fs.readFileSync(
    path.join(REPO_ROOT, 'schema', 'supergraph.graphql'),
    'utf8',
  );
  const gw = await mount(await createGateway({ supergraphSdl, subgraphUrls, logger }));
  const gatewayUrl = gw.url;
  return {
    gatewayUrl,
    subgraphUrls,
    async query(query, variables) {
      const res = await fetch(`${gatewayUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GraphQLResponse<never>;
    },
    async stopSubgraph(name) {
      await servers.get(name)?.close();
    },
    async close() {
      for (const c of closers.reverse()) await c();
    },
  };
}
