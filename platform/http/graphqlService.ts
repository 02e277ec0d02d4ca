/**
 * The HTTP shell every subgraph shares: Apollo Server on `/graphql` and `/health`, with our
 * error formatting. Subgraphs supply only their schema, context and health check.
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
import { bodyErrorHandler } from './bodyErrors';

/** What a subgraph gives to {@link createGraphQLService}. */
export interface GraphQLServiceOptions<TContext extends BaseContext> {
  name: string;
  schema: GraphQLSchema;
  logger: Logger;
  /** Builds the per-request context (fresh DataLoaders live here). */
  context: (req: express.Request) => Promise<TContext>;
  /** Resolves when the service can serve; its error message is shown by `/health`. */
  health: () => Promise<void>;
  /** Runs before every route (e.g. request metrics). */
  middleware?: express.RequestHandler[];
}

/** An express app ready to listen, and how to stop its Apollo Server. */
export interface GraphQLService {
  app: express.Express;
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
  app.get('/health', healthHandler(opts.name, opts.health));
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, { context: async ({ req }) => opts.context(req) }),
  );
  app.use(bodyErrorHandler);
  return { app, stop: () => apollo.stop() };
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
