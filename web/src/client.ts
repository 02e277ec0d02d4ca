import { Client, cacheExchange, fetchExchange, mapExchange } from 'urql';
import { getOperationName } from '@urql/core';

/**
 * The app's urql client. Every request goes with `X-Session-Cookie: 1`: signing up or logging
 * in then makes the gateway keep the session in its httpOnly cookie (the page never sees the
 * token), and the browser sends that cookie back on every same-origin request.
 *
 * The document cache refetches every query that showed an `Sms` once a mutation returns one,
 * so a received message appears in the inbox without hand-written cache updates.
 *
 * `onSessionLost` is called when an operation is refused as UNAUTHENTICATED (the session
 * expired, or was ended on another device): the app then starts over with a new client, so
 * nothing of the old session stays in the cache. A failed `LogIn` is not that: its
 * UNAUTHENTICATED is a wrong name or password, which the form shows.
 */
export function createClient(onSessionLost: (client: Client) => void): Client {
  const client: Client = new Client({
    url: '/graphql',
    preferGetMethod: false,
    fetchOptions: { credentials: 'same-origin', headers: { 'x-session-cookie': '1' } },
    exchanges: [
      cacheExchange,
      mapExchange({
        onError(error, operation) {
          const lost = error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
          if (lost && getOperationName(operation.query) !== 'LogIn') onSessionLost(client);
        },
      }),
      fetchExchange,
    ],
  });
  return client;
}
