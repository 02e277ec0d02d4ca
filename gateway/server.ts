/**
 * The Apollo Gateway: serves the static supergraph (composed at build time, committed under
 * schema/) over HTTP, plus GraphiQL and `/health`. Never listens (index.ts does).
 */
import express from 'express';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { makeFormatError } from '../platform/graphql/formatError';
import { bodyErrorHandler } from '../platform/http/bodyErrors';
import { healthHandler } from '../platform/http/graphqlService';
import type { Logger } from '../platform/logger';
import { graphiqlRouter } from './graphiql';
import { webAppRouter } from './webApp';
import { forwardedFor, subgraphDataSource, type GatewayContext } from './subgraphDataSource';

export interface GatewayOptions {
  supergraphSdl: string;
  /** Subgraph name → its GraphQL URL; overrides the URLs written in the supergraph. */
  subgraphUrls: Record<string, string>;
  logger: Logger;
  /** Trust the client's `X-Forwarded-For` (the gateway runs behind a proxy). */
  trustProxy?: boolean;
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

/** Builds the gateway's HTTP app. */
export async function createGateway(opts: GatewayOptions) {
  const gateway = new ApolloGateway({
    supergraphSdl: opts.supergraphSdl,
    buildService: ({ name, url }) => subgraphDataSource(name, opts.subgraphUrls[name] ?? url ?? ''),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: makeFormatError(opts.logger),
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled()],
  });
  await apollo.start();
  const app = express();
  app.disable('x-powered-by');
  app.get(
    '/health',
    healthHandler('gateway', () => checkSubgraphs(opts.subgraphUrls)),
  );
  app.use(graphiqlRouter('/graphql'));
  app.use(webAppRouter());
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => ({
        forwardedFor: forwardedFor(
          req.socket.remoteAddress,
          req.headers['x-forwarded-for'],
          opts.trustProxy ?? false,
        ),
      }),
    }),
  );
  app.use(bodyErrorHandler);
  return { app, stop: () => apollo.stop() };
}
