/**
 * The subgraphs that make up the supergraph: composition reads their SDL, the gateway and
 * `npm start` find them here. A new subgraph is one entry.
 */
import path from 'node:path';
import { REPO_ROOT, type Config } from '../platform/config';

export interface SubgraphEntry {
  name: 'user-data' | 'model' | 'inbox' | 'feature-store';
  /** SDL file, relative to the repository root. */
  sdl: string;
  /** Compiled entry point, relative to the build output folder. */
  entry: string;
  port: (config: Config) => number;
  /** The environment variable that sets its port. */
  portEnv: string;
  /** Extra environment `npm start` gives its process. */
  env?: Record<string, string>;
}

export const SUBGRAPHS: readonly SubgraphEntry[] = [
  {
    name: 'user-data',
    sdl: 'subgraphs/user-data/typeDefs.graphql',
    entry: 'subgraphs/user-data/index.js',
    port: (c) => c.ports.userData,
    portEnv: 'USER_DATA_PORT',
  },
  {
    name: 'model',
    sdl: 'subgraphs/model/typeDefs.graphql',
    entry: 'subgraphs/model/index.js',
    port: (c) => c.ports.model,
    portEnv: 'MODEL_PORT',
  },
  {
    name: 'inbox',
    sdl: 'subgraphs/inbox/typeDefs.graphql',
    entry: 'subgraphs/inbox/index.js',
    port: (c) => c.ports.inbox,
    portEnv: 'INBOX_PORT',
  },
  {
    // Also serves Feast's REST API on FEATURE_SERVER_PORT, from the same process.
    name: 'feature-store',
    sdl: 'subgraphs/feature-store/typeDefs.graphql',
    entry: 'subgraphs/feature-store/index.js',
    port: (c) => c.ports.featureStore,
    portEnv: 'FEATURE_STORE_PORT',
  },
];

/** Absolute path of a subgraph's SDL. */
export const sdlPath = (s: SubgraphEntry): string => path.join(REPO_ROOT, s.sdl);

/** Where the gateway reaches each subgraph: `*_URL` when set, else `http://HOST:PORT/graphql`. */
export function subgraphUrls(config: Config): Record<string, string> {
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  return Object.fromEntries(
    SUBGRAPHS.map((s) => [
      s.name,
      config.subgraphUrls[s.name] ?? `http://${host}:${s.port(config)}/graphql`,
    ]),
  );
}
