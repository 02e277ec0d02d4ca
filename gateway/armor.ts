/**
 * The gateway's operation limits: graphql-armor's depth, alias and directive validation rules
 * (and, in production, its field-suggestion mask), our cost model, and the per-principal rate
 * limit charged by price. Every refusal is QUERY_TOO_COMPLEX or RATE_LIMITED with its HTTP
 * status (400, 429 + Retry-After), before any subgraph is called.
 *
 * @remarks
 * Token counting is not armor's here: its Apollo plugin throws from `parsingDidStart`, which
 * Apollo answers with HTTP 500; httpGuards.ts counts tokens before the body reaches Apollo.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import type { GatewayLimits } from '../platform/config';
import {
  HTTP_STATUS,
  isSpamgraphError,
  QueryTooComplexError,
  RateLimitedError,
  type SpamgraphError,
} from '../platform/errors';
import { CostAdmission } from './admission';
import { operationCost } from './costModel';
import type { RateLimiter } from './rateLimit';
import type { GatewayContext } from './subgraphDataSource';

/**
 * A GraphQLError carrying one of our errors: formatError shows its code and details, Apollo
 * takes the HTTP status (and headers) from `extensions.http`.
 */
export function refusal(e: SpamgraphError, headers: [string, string][] = []): GraphQLError {
  return new GraphQLError(e.message, {
    originalError: e,
    extensions: {
      code: e.code,
      http: { status: HTTP_STATUS[e.code], headers: new HeaderMap(headers) },
    },
  });
}

// Armor's own messages start "Syntax Error: " although nothing is wrong with the syntax.
const reject =
  (limit: string) =>
  (ctx: ValidationContext | null, error: GraphQLError): void => {
    const message = `query too complex: ${error.message.replace(/^Syntax Error:\s*/, '')}`;
    ctx?.reportError(refusal(new QueryTooComplexError(message, { limit })));
  };

/** Armor's validation rules and plugins for these limits. */
export function armorProtection(
  limits: GatewayLimits,
  production: boolean,
): { plugins: ApolloServerPlugin<GatewayContext>[]; validationRules: ValidationRule[] } {
  const own = (limit: string) => ({ propagateOnRejection: false, onReject: [reject(limit)] });
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ...own('depth') },
    maxAliases: { n: limits.maxAliases, ...own('aliases') },
    maxDirectives: { n: limits.maxDirectives, ...own('directives') },
    // Suggestions ("Did you mean …?") map the schema for whoever probes it: off in production.
    blockFieldSuggestion: { enabled: production },
    maxTokens: { enabled: false }, // httpGuards.ts
    costLimit: { enabled: false }, // costModel.ts: armor's does not price per field
  });
  const { plugins, validationRules } = armor.protect();
  return { plugins: plugins as ApolloServerPlugin<GatewayContext>[], validationRules };
}

/** Heavy operations waiting for admission at most (admission.ts); more are refused. */
const MAX_WAITING = 64;

/**
 * Prices each operation once it is resolved (variables known): over `maxCost` it is refused;
 * else the price (less the unit taken on arrival) is charged to the principal's bucket, and a
 * heavy one waits for its admission (given back when its response is sent).
 */
export function costPlugin(
  limits: GatewayLimits,
  limiter: RateLimiter,
): ApolloServerPlugin<GatewayContext> {
  const admission = new CostAdmission(limits.heavyInFlight, MAX_WAITING);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          // Without an operation Apollo answers on its own (OPERATION_RESOLUTION_FAILURE).
          if (!operation) return;
          const cost = operationCost(schema, document, operation, request.variables);
          if (cost > limits.maxCost) {
            throw refusal(
              new QueryTooComplexError(
                `query too complex: it costs ${cost}, the limit is ${limits.maxCost}`,
                { limit: 'cost', cost, maxCost: limits.maxCost },
              ),
            );
          }
          const principal = contextValue.scope?.principal;
          const taken = principal
            ? limiter.take(principal, Math.max(0, cost - 1))
            : { ok: true as const };
          if (!taken.ok) {
            throw refusal(rateLimited(taken.retryAfterSeconds), [
              ['retry-after', String(taken.retryAfterSeconds)],
            ]);
          }
          if (cost < limits.heavyCost || !contextValue.scope) return;
          const release = await admission
            .acquire(cost, contextValue.scope.signal)
            .catch((reason: unknown) => {
              // The deadline keeps its code; a client that left is nobody's error to log.
              throw isSpamgraphError(reason)
                ? refusal(reason)
                : new GraphQLError('cancelled: the client closed the connection', {
                    extensions: { code: 'BAD_REQUEST' },
                  });
            });
          if (!release) throw refusal(rateLimited(1), [['retry-after', '1']]);
          contextValue.scope.release = release;
        },
        async willSendResponse({ contextValue }) {
          contextValue.scope?.release?.();
        },
      };
    },
  };
}

/** The refusal of a request over its principal's rate. */
export function rateLimited(retryAfterSeconds: number): RateLimitedError {
  return new RateLimitedError(
    `rate limit exceeded: retry in ${retryAfterSeconds} s`,
    retryAfterSeconds,
  );
}
