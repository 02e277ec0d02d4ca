/**
 * The HTTP shell every subgraph shares: Apollo Server on `/graphql`, `/health` and `/ready`,
 * with our error formatting. Subgraphs supply only their schema, context and checks.
 */
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { makeFormatError } from '../graphql/formatError';
import type { Logger } from '../logger';
import type { AccountService } from '../auth/accountService';
import type { RequestSigner } from '../auth/requestSignature';
import { requireBearer } from './bearerAuth';
import { bodyErrorHandler, jsonErrorHandler, jsonNotFound } from './bodyErrors';
import {
  keepRawBody,
  requireGatewaySignature,
  signedCallerOf,
  type SignedCaller,
} from './gatewaySignature';
import { readyHandler, type ReadinessChecks } from './readiness';

/** What a subgraph gives to {@link createGraphQLService}. */
export interface GraphQLServiceOptions<TContext extends BaseContext> {
  name: string;
  schema: GraphQLSchema;
  logger: Logger;
  /**
   * Builds the per-request context (fresh DataLoaders live here) for the caller the gateway
   * signed.
   */
  context: (req: express.Request, caller: SignedCaller) => Promise<TContext>;
  /**
   * Verifies the gateway's signature on every `/graphql` request (gatewaySignature.ts): the
   * only way a principal and a client address reach a subgraph.
   */
  signer: RequestSigner;
  /**
   * Prometheus text at `GET /metrics`, for admins only (`Authorization: Bearer` with an admin
   * API key or session token: Prometheus' `authorization: {credentials: …}`).
   */
  metrics?: { handler: express.RequestHandler; accounts: AccountService };
  /** Resolves when the service can serve; its error message is shown by `/health`. */
  health: () => Promise<void>;
  /** What `/ready` checks (e.g. `storage` takes writes, a dependency answers). */
  ready?: ReadinessChecks;
  /** Runs before every route (e.g. request metrics). */
  middleware?: express.RequestHandler[];
}

/** An express app ready to listen, and how to stop its Apollo Server. */
export interface GraphQLService {
  app: express.Express;
  /** From now on `/ready` answers 503 (the process is draining for shutdown). */
  beginDrain(): void;
  stop(): Promise<void>;
}

/** Builds (never listens) the HTTP app of one GraphQL service. */
export async function createGraphQLService<TContext extends BaseContext>(
  opts: GraphQLServiceOptions<TContext>,
): Promise<GraphQLService> {
  const apollo = new ApolloServer<TContext>({
    schema: opts.schema,
    formatError: makeFormatError(opts.logger),
    includeStacktraceInErrorResponses: false,
    // Our shutdown (platform/http/shutdown.ts) stops Apollo in its turn; Apollo's own signal
    // handler would end the process before buffered writes are flushed and storage closed.
    stopOnTerminationSignals: false,
    // No Apollo Studio here: inline traces would only cost time on every subgraph call.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
  await apollo.start();
  const app = express();
  app.disable('x-powered-by');
  for (const m of opts.middleware ?? []) app.use(m);
  let draining = false;
  app.get('/health', healthHandler(opts.name, opts.health));
  app.get(
    '/ready',
    readyHandler(opts.name, opts.ready ?? { health: opts.health }, () => draining),
  );
  app.use(
    '/graphql',
    express.json({ limit: '1mb', verify: keepRawBody }),
    requireGatewaySignature(opts.signer),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => opts.context(req, signedCallerOf(res)),
    }),
  );
  if (opts.metrics) {
    app.get('/metrics', requireBearer(opts.metrics.accounts, 'admin'), opts.metrics.handler);
  }
  app.use(jsonNotFound);
  app.use(bodyErrorHandler);
  app.use(jsonErrorHandler(opts.logger));
  return {
    app,
    beginDrain: () => {
      draining = true;
    },
    stop: () => apollo.stop(),
  };
}

/** `GET /health`: 200 `{status:"ok"}` or 503 `{status:"unavailable", error}`. */
export function healthHandler(service: string, check: () => Promise<void>): express.RequestHandler {
  return (_req, res) => {
    check().then(
      () => res.json({ status: 'ok', service }),
      (e: unknown) =>
        res.status(503).json({ status: 'unavailable', service, error: (e as Error).message }),
    );
  };
}
