/**
 * How the gateway calls one subgraph: over pooled keep-alive sockets (httpFetcher), and
 * failures of the call itself (refused, reset, silent, HTTP 5xx without a GraphQL body)
 * reported as DOWNSTREAM_SERVICE_ERROR naming the subgraph, instead of a masked internal error.
 */
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import { SpamgraphError } from '../platform/errors';
import { httpFetch } from './httpFetcher';

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
async function subgraphFetch(url: string, init?: FetcherRequestInit): Promise<FetcherResponse> {
  const res = await httpFetch(url, init);
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
  /** `X-Forwarded-For` to send on: the client's chain plus its address (see forwardedFor). */
  forwardedFor?: string;
}

/**
 * The `X-Forwarded-For` the gateway sends to subgraphs: the client's address, appended to the
 * header the client sent only when the gateway itself trusts its proxy (else a client could
 * claim any address).
 */
export function forwardedFor(
  remoteAddress: string | undefined,
  incoming: string | string[] | undefined,
  trustProxy: boolean,
): string {
  const peer = remoteAddress ?? 'unknown';
  const chain = Array.isArray(incoming) ? incoming.join(', ') : incoming;
  return trustProxy && chain?.trim() ? `${chain.trim()}, ${peer}` : peer;
}

/** Data source of the subgraph `name` at `url`. */
export function subgraphDataSource(name: string, url: string): RemoteGraphQLDataSource {
  return new RemoteGraphQLDataSource<GatewayContext>({
    url,
    willSendRequest({ request, context }) {
      if (context.forwardedFor) request.http?.headers.set('x-forwarded-for', context.forwardedFor);
    },
    // Pooled keep-alive sockets, and none of the default make-fetch-happen's HTTP cache logic,
    // which buys nothing for POSTed operations.
    fetcher: subgraphFetch,
    didEncounterError(error: Error, _req: unknown, res?: FetcherResponse) {
      const cause = (error as { cause?: { code?: string } }).cause;
      const reason = res ? `HTTP ${res.status}` : (cause?.code ?? error.message);
      throw new DownstreamServiceError(name, reason, error);
    },
  });
}
