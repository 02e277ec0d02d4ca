/**
 * The Apollo Gateway: serves the static supergraph (composed at build time, committed under
 * schema/) over HTTP, plus GraphiQL and `/health`, behind the abuse limits (gateway/README.md:
 * allowed hosts, security headers, rate limits, token / depth / alias / directive / cost
 * limits, the deadline and the response cap). Never listens (index.ts does).
 */
import express from 'express';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { AccountService } from '../platform/auth/accountService';
import type { RequestSigner } from '../platform/auth/requestSignature';
import { loadConfig, type GatewayLimits } from '../platform/config';
import { callerAddress } from '../platform/http/callerAddress';
import { makeFormatError } from '../platform/graphql/formatError';
import {
  bodyErrorHandler,
  jsonErrorHandler,
  jsonNotFound,
  requireJsonBody,
} from '../platform/http/bodyErrors';
import { requireBearer } from '../platform/http/bearerAuth';
import { healthHandler } from '../platform/http/graphqlService';
import { metricsHandler } from '../platform/http/metricsHandler';
import { processRegistry } from '../platform/http/processMetrics';
import { dependencyChecks, readyHandler } from '../platform/http/readiness';
import { securityHeaders } from '../platform/http/securityHeaders';
import type { Logger } from '../platform/logger';
import { armorProtection, costPlugin } from './armor';
import { graphiqlRouter } from './graphiql';
import { allowedHosts, rateGate, responseGuard, tokenLimit } from './httpGuards';
import {
  authenticate,
  callerOf,
  sessionCookiePlugin,
  type CredentialFailureLimit,
} from './authenticate';
import { principalOf, RateLimiter } from './rateLimit';
import { requestScope, scopeOf } from './requestScope';
import { webAppRouter } from './webApp';
import { subgraphDataSource, type GatewayContext } from './subgraphDataSource';

export interface GatewayOptions {
  supergraphSdl: string;
  /** Subgraph name → its GraphQL URL; overrides the URLs written in the supergraph. */
  subgraphUrls: Record<string, string>;
  logger: Logger;
  /** Checks session tokens and API keys (the accounts of the deployment's storage). */
  accounts: AccountService;
  /** Signs every subgraph request (`GATEWAY_SECRET`): principal, client address, body. */
  signer: RequestSigner;
  /** Trust the client's `X-Forwarded-For` (the gateway runs behind a proxy). */
  trustProxy?: boolean;
  /** Abuse limits; each one not given comes from the environment (`GATEWAY_*`, platform/config). */
  limits?: Partial<GatewayLimits>;
  /** Host names served (`ALLOWED_HOSTS`); default from the environment. */
  allowedHosts?: string[];
  /** Production mode (`NODE_ENV=production`): no introspection, no field suggestions. */
  production?: boolean;
  /** Bad Bearer credentials one address may send per window (default 30 a minute). */
  credentialFailures?: CredentialFailureLimit;
  /** The rate limiter's clock in ms (tests). */
  now?: () => number;
}

/** Health of every subgraph: rejects naming each one that does not answer `/health`. */
async function checkSubgraphs(urls: Record<string, string>): Promise<void> {
  const checks = await Promise.allSettled(
    Object.entries(urls).map(async ([name, url]) => {
      const healthUrl = url.replace(/\/graphql\/?$/, '') + '/health';
      let res: Response;
      try {
        res = await fetch(healthUrl, { signal: AbortSignal.timeout(2000) });
      } catch (e) {
        throw new Error(`subgraph ${name} unreachable at ${healthUrl}: ${(e as Error).message}`, {
          cause: e,
        });
      }
      if (!res.ok) throw new Error(`subgraph ${name} unhealthy (HTTP ${res.status})`);
    }),
  );
  const failures = checks.flatMap((c) =>
    c.status === 'rejected' ? [(c.reason as Error).message] : [],
  );
  if (failures.length > 0) throw new Error(failures.join('; '));
}

/** The Apollo Server of the gateway, with its limits. */
async function startApollo(
  opts: GatewayOptions,
  limits: GatewayLimits,
  limiter: RateLimiter,
  production: boolean,
): Promise<ApolloServer<GatewayContext>> {
  const gateway = new ApolloGateway({
    supergraphSdl: opts.supergraphSdl,
    buildService: ({ name, url }) =>
      subgraphDataSource(name, opts.subgraphUrls[name] ?? url ?? '', opts.signer),
  });
  const armor = armorProtection(limits, production);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: makeFormatError(opts.logger),
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false, // gateway/index.ts's shutdown stops it in its turn
    introspection: !production,
    // Nothing here uses persisted queries; a cache any client can fill is one thing less.
    persistedQueries: false,
    validationRules: armor.validationRules,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ...armor.plugins,
      costPlugin(limits, limiter),
      sessionCookiePlugin(production),
    ],
  });
  await apollo.start();
  return apollo;
}

/** Builds the gateway's HTTP app. */
export async function createGateway(opts: GatewayOptions) {
  const needsConfig =
    !opts.limits || opts.allowedHosts === undefined || opts.production === undefined;
  const config = needsConfig ? loadConfig() : undefined;
  const limits: GatewayLimits = { ...config?.gatewayLimits, ...opts.limits } as GatewayLimits;
  const production = opts.production ?? config?.production ?? false;
  const trustProxy = opts.trustProxy ?? false;
  const limiter = new RateLimiter({
    perSecond: limits.ratePerSecond,
    burst: limits.rateBurst,
    now: opts.now,
  });
  const apollo = await startApollo(opts, limits, limiter, production);
  const app = express();
  app.disable('x-powered-by');
  app.use(allowedHosts(opts.allowedHosts ?? config?.allowedHosts ?? []));
  const apiHeaders = securityHeaders();
  const pageHeaders = securityHeaders({ pages: true });
  app.use((req, res, next) => (req.path === '/graphql' ? apiHeaders : pageHeaders)(req, res, next));
  app.get(
    '/health',
    healthHandler('gateway', () => checkSubgraphs(opts.subgraphUrls)),
  );
  app.get('/ready', readyHandler('gateway', dependencyChecks(opts.subgraphUrls)));
  // Process metrics (RSS, live heap, event-loop lag) for admins, as on every subgraph.
  app.get(
    '/metrics',
    requireBearer(opts.accounts, 'admin'),
    metricsHandler(processRegistry('gateway')),
  );
  app.use(graphiqlRouter('/graphql'));
  app.use(webAppRouter());
  app.use(
    '/graphql',
    authenticate(opts.accounts, (req) => callerAddress(req, trustProxy), opts.credentialFailures),
    requestScope({
      deadlineMs: limits.deadlineMs,
      maxResponseBytes: limits.maxResponseBytes,
      principalOf: (_req, res) => principalOf(callerOf(res)),
    }),
    rateGate(limiter, limits.rateHoldMs),
    requireJsonBody,
    express.json({ limit: '1mb' }),
    tokenLimit(limits.maxTokens),
    responseGuard(limits.maxResponseBytes),
    expressMiddleware(apollo, {
      context: async ({ res }) => ({ caller: callerOf(res), scope: scopeOf(res) }),
    }),
  );
  app.use(jsonNotFound);
  app.use(bodyErrorHandler);
  app.use(jsonErrorHandler(opts.logger));
  return { app, stop: () => apollo.stop() };
}
