import type { CombinedError } from '@urql/core';

/** One line a person can act on, with the API's stable code when there is one. */
export function describeError(error: CombinedError): string {
  if (error.networkError) return `Cannot reach the server (${error.networkError.message}).`;
  return error.graphQLErrors
    .map((e) => {
      const code = e.extensions?.code;
      return typeof code === 'string' ? `${e.message} (${code})` : e.message;
    })
    .join(' · ');
}
