/**
 * How the gateway calls one subgraph: over pooled keep-alive sockets (httpFetcher), and
 * failures of the call itself (refused, reset, silent, HTTP 5xx without a GraphQL body)
 * reported as DOWNSTREAM_SERVICE_ERROR naming the subgraph, instead of a masked internal error.
 * Each call carries its client request's scope: the AbortSignal (deadline, disconnect) and
 * what is left of the response byte budget.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import { ANONYMOUS } from '../platform/auth/principal';
import { SIGNATURE_HEADER, type RequestSigner } from '../platform/auth/requestSignature';
import { isSpamgraphError, ResponseTooLargeError, SpamgraphError } from '../platform/errors';
import type { Caller } from './authenticate';
import { httpFetch } from './httpFetcher';
import type { RequestScope } from './requestScope';

// Apollo's data source hands its fetcher only (url, init): the scope of the call in progress
// travels beside it, set around each `process` (one client request's calls share one scope).
const callScope = new AsyncLocalStorage<GatewayContext | undefined>();

/** A subgraph call failed before a GraphQL answer came back. */
export class DownstreamServiceError extends SpamgraphError {
  constructor(serviceName: string, reason: string, cause?: unknown) {
    super(
      'DOWNSTREAM_SERVICE_ERROR',
      `subgraph ${serviceName} failed: ${reason}`,
      { serviceName },
      { cause },
    );
  }
}

/**
 * {@link httpFetch}, except that a subgraph's HTTP 400 carrying GraphQL errors is handed on as
 * an answer: Apollo Server rejects a variable its scalar refuses (a DateTime that is not one)
 * with 400 before running anything, and the client should see that error and its code
 * (BAD_USER_INPUT), not a failed subgraph call.
 */
async function subgraphFetch(
  signer: RequestSigner,
  url: string,
  init?: FetcherRequestInit,
): Promise<FetcherResponse> {
  const context = callScope.getStore();
  const scope = context?.scope;
  // Identity and address travel only here, signed over the exact body (and never in a header
  // a client could set: the gateway sends no X-Forwarded-For).
  const signature = await signer.sign(
    context?.caller ?? { principal: ANONYMOUS, clientAddress: 'unknown' },
    init?.body ?? '',
  );
  const res = await httpFetch(url, {
    ...init,
    headers: { ...init?.headers, [SIGNATURE_HEADER]: signature },
    signal: scope?.signal,
    maxBytes: scope?.budget.remaining,
  }).catch((e: unknown) => {
    if (scope && e instanceof ResponseTooLargeError) scope.budget.exceeded = true;
    throw e;
  });
  if (scope) scope.budget.remaining -= res.byteLength;
  if (res.status !== 400) return res;
  let graphqlErrors = false;
  try {
    graphqlErrors = Array.isArray(
      (JSON.parse(await res.clone().text()) as { errors?: unknown }).errors,
    );
  } catch {
    // not JSON: a failed call after all
  }
  return graphqlErrors ? res.withStatus(200, 'OK') : res;
}

/** What the gateway knows of the client request a subgraph call serves. */
export interface GatewayContext {
  /** Who called and from where (authenticate.ts): signed into every subgraph call. */
  caller?: Caller;
  /** The client request's signal, byte budget and principal (requestScope.ts). */
  scope?: RequestScope;
}

/** A data source whose calls run inside their client request's scope. */
class ScopedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): ReturnType<RemoteGraphQLDataSource['process']> {
    return callScope.run(options.context as GatewayContext | undefined, () =>
      super.process(options),
    );
  }
}

/**
 * Why a call failed, as the client should see it: the request's deadline or cancellation when
 * its signal fired, our own typed errors (a subgraph answer over the byte budget) as they are.
 */
function callFailure(name: string, error: Error, res?: FetcherResponse, scope?: RequestScope) {
  if (scope?.signal.aborted) {
    const reason: unknown = scope.signal.reason;
    if (isSpamgraphError(reason)) return reason;
    return new DownstreamServiceError(name, `cancelled: ${(reason as Error).message}`, error);
  }
  if (isSpamgraphError(error)) return error;
  const cause = (error as { cause?: { code?: string } }).cause;
  const reason = res ? `HTTP ${res.status}` : (cause?.code ?? error.message);
  return new DownstreamServiceError(name, reason, error);
}

/** Data source of the subgraph `name` at `url`. */
export function subgraphDataSource(
  name: string,
  url: string,
  signer: RequestSigner,
): RemoteGraphQLDataSource {
  return new ScopedDataSource({
    url,
    // Pooled keep-alive sockets, and none of the default make-fetch-happen's HTTP cache logic,
    // which buys nothing for POSTed operations.
    fetcher: (u, init) => subgraphFetch(signer, u, init),
    didEncounterError(
      error: Error,
      _req: unknown,
      res?: FetcherResponse,
      context?: GatewayContext,
    ) {
      throw callFailure(name, error, res, context?.scope);
    },
  });
}
