/**
 * Error formatting shared by the gateway and the subgraphs: our typed errors keep their
 * stable code and message; GraphQL's own (validation, bad variables) keep theirs; anything
 * else is logged and masked, so no stack trace or SQL ever reaches a client.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { HTTP_STATUS, isSpamgraphError } from '../errors';
import type { Logger } from '../logger';

// Apollo's own codes, and every code of ours (the gateway sees ours as plain formatted
// errors from the subgraphs, so it passes them on by code).
const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'GATEWAY_TIMEOUT',
  ...Object.keys(HTTP_STATUS).filter((c) => c !== 'INTERNAL_SERVER_ERROR'),
]);

/** Builds Apollo Server's `formatError` for one service. */
export function makeFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const unwrapped = unwrapResolverError(error);
    // Ours also arrive wrapped outside resolvers: refusals raised in validation or by plugins.
    const original =
      unwrapped instanceof GraphQLError && isSpamgraphError(unwrapped.originalError)
        ? unwrapped.originalError
        : unwrapped;
    if (isSpamgraphError(original)) {
      return {
        message: original.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { ...original.details, code: original.code },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PASS_THROUGH.has(code)) {
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    logger.error({ err: original }, 'unexpected error');
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
