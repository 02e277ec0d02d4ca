/**
 * Boots the real stack in-process for integration tests: every subgraph on a free port over
 * real storage, and the real Apollo Gateway over HTTP in front of them.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AccountService } from '../../platform/auth/accountService';
import type { Principal } from '../../platform/auth/principal';
import { SIGNATURE_HEADER, type RequestSigner } from '../../platform/auth/requestSignature';
import { accountServiceOf, requestSignerOf } from '../../platform/auth/secrets';
import { REPO_ROOT, type Config, type GatewayLimits } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { listen, type Listening } from '../../platform/http/listen';
import type { Storage } from '../../platform/storage';
import { createGateway } from '../../gateway/server';
import { createUserDataService } from '../user-data/server';
import { createFeatureStoreService } from '../feature-store/server';
import { createModelService, type ModelService } from '../model/server';
import { createInboxService, type InboxService } from '../inbox/server';
import type { FeatureStore } from '../../feature-store';

/** A GraphQL response as the gateway sends it. */
export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** Credentials the stack made for its tests: `Authorization` header values. */
export interface StackCredentials {
  /** An admin API key (what {@link TestStack.query} sends unless told otherwise). */
  admin: string;
  /** An ingest API key (the SMS carrier side). */
  ingest: string;
}

/** `{authorization: 'Bearer <credential>'}`. */
export const bearer = (credential: string): Record<string, string> => ({
  authorization: `Bearer ${credential}`,
});

/** An admin principal as the gateway signs it (for direct, signed subgraph calls). */
export const TEST_ADMIN: Principal = {
  kind: 'apiKey',
  id: 'test-admin',
  name: 'test-admin',
  role: 'admin',
};

/** Headers that make {@link TestStack.query} send no credentials at all. */
export const ANONYMOUS_HEADERS: Record<string, string> = { authorization: '' };

export interface TestStack {
  gatewayUrl: string;
  /** The account service over the stack's storage (sign up users, make keys). */
  accounts: AccountService;
  /** The gateway → subgraph signer of the stack (extra gateways, forged calls in tests). */
  signer: RequestSigner;
  /** API keys made for the tests (raw values; see {@link bearer}). */
  keys: StackCredentials;
  /** Signs up `name` (a USER) and returns its session token. */
  signUp(name: string, password?: string): Promise<string>;
  subgraphUrls: Record<string, string>;
  /** Base URL of the feature store's Feast REST API (FEATURE_SERVER_PORT in production). */
  featureServerUrl: string;
  /** The model subgraph's service (its serving library and metrics registry). */
  model: ModelService;
  /** The inbox subgraph's service (its metrics registry). */
  inbox: InboxService;
  /**
   * POSTs one operation to the gateway's /graphql as the admin API key, unless `headers` has
   * its own `authorization` (an empty one: no credentials, see {@link ANONYMOUS_HEADERS}).
   */
  query<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  /**
   * POSTs `body` straight to subgraph `name`, signed as the gateway would sign it for
   * `principal` (default: an admin). `signature: null` sends none (a direct call).
   */
  callSubgraph(
    name: string,
    body: { query: string; variables?: Record<string, unknown> },
    opts?: { principal?: Principal; signature?: string | null; clientAddress?: string },
  ): Promise<{ status: number; body: GraphQLResponse }>;
  /** The model subgraph's Prometheus text (`GET /metrics`, as the admin key). */
  modelMetrics(): Promise<string>;
  /** Stops one subgraph's HTTP server (to test the gateway's failure path). */
  stopSubgraph(name: string): Promise<void>;
  close(): Promise<void>;
}

export interface TestStackOptions {
  /**
   * The store the feature-store subgraph serves, e.g. one on `feature-store/testing`'s
   * `testRepo` with a fixed clock; default: the project's `spamRepo` under `config.dataDir`.
   */
  featureStore?: FeatureStore;
  /** The gateway trusts the client's X-Forwarded-For (TRUST_PROXY of the gateway). */
  gatewayTrustProxy?: boolean;
  /** Gateway limits to use instead of the environment's (`GATEWAY_*`), e.g. no rate limit. */
  gatewayLimits?: Partial<GatewayLimits>;
}

/** Starts the subgraphs and the gateway over `storage`. */
export async function startTestStack(
  storage: Storage,
  config: Config,
  opts: TestStackOptions = {},
): Promise<TestStack> {
  // SPAMGRAPH_TEST_LOG_LEVEL=warn shows what the services log (e.g. the cause of a 500).
  const logger = createLogger(
    'test',
    (process.env.SPAMGRAPH_TEST_LOG_LEVEL as Parameters<typeof createLogger>[1]) ?? 'silent',
  );
  const accounts = accountServiceOf(storage.accounts, config);
  const keys: StackCredentials = {
    admin: (await accounts.createApiKey('test-admin', 'admin')).key,
    ingest: (await accounts.createApiKey('test-ingest', 'ingest')).key,
  };
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
  const userData = await mount(await createUserDataService(storage, logger, config));
  servers.set('user-data', userData);
  const featureStore = await createFeatureStoreService(storage, logger, config, {
    store: opts.featureStore,
  });
  const featureStoreGraphQL = await mount(featureStore);
  servers.set('feature-store', featureStoreGraphQL);
  const featureServer = await mount({ app: featureStore.rest, stop: async () => undefined });
  const modelService = await createModelService(storage, logger, config, {
    store: featureStore.store,
  });
  const model = await mount(modelService);
  servers.set('model', model);
  const inboxService = await createInboxService(storage, logger, config, {
    store: featureStore.store,
  });
  const inbox = await mount(inboxService);
  servers.set('inbox', inbox);
  const subgraphUrls = {
    'user-data': `${userData.url}/graphql`,
    model: `${model.url}/graphql`,
    inbox: `${inbox.url}/graphql`,
    'feature-store': `${featureStoreGraphQL.url}/graphql`,
  };
  const signer = requestSignerOf(config);
  const supergraphSdl = fs.readFileSync(
    path.join(REPO_ROOT, 'schema', 'supergraph.graphql'),
    'utf8',
  );
  const gw = await mount(
    await createGateway({
      supergraphSdl,
      subgraphUrls,
      logger,
      accounts,
      signer,
      trustProxy: opts.gatewayTrustProxy,
      limits: opts.gatewayLimits,
    }),
  );
  const gatewayUrl = gw.url;
  return {
    gatewayUrl,
    accounts,
    signer,
    keys,
    async signUp(name, password = 'correct horse battery staple') {
      return (await accounts.signUp(name, password)).token;
    },
    subgraphUrls,
    featureServerUrl: featureServer.url,
    model: modelService,
    inbox: inboxService,
    async query(query, variables, headers = {}) {
      const { authorization = `Bearer ${keys.admin}`, ...rest } = headers;
      const res = await fetch(`${gatewayUrl}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(authorization ? { authorization } : {}),
          ...rest,
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GraphQLResponse<never>;
    },
    async callSubgraph(name, body, opts = {}) {
      const text = JSON.stringify(body);
      const principal = opts.principal ?? TEST_ADMIN;
      const signature =
        opts.signature === undefined
          ? await signer.sign({ principal, clientAddress: opts.clientAddress ?? '127.0.0.1' }, text)
          : opts.signature;
      const res = await fetch(subgraphUrls[name as keyof typeof subgraphUrls], {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(signature === null ? {} : { [SIGNATURE_HEADER]: signature }),
        },
        body: text,
      });
      return { status: res.status, body: (await res.json()) as GraphQLResponse };
    },
    async modelMetrics() {
      const res = await fetch(`${model.url}/metrics`, { headers: bearer(keys.admin) });
      if (!res.ok) throw new Error(`GET /metrics: HTTP ${res.status}`);
      return res.text();
    },
    async stopSubgraph(name) {
      await servers.get(name)?.close();
    },
    async close() {
      for (const c of closers.reverse()) await c();
    },
  };
}
