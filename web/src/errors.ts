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

/** "password must be …" → "Password must be ….": the API's message as a sentence. */
const sentence = (message: string): string =>
  message.charAt(0).toUpperCase() + message.slice(1) + (/[.!?]$/.test(message) ? '' : '.');

/**
 * What went wrong with a log-in or sign-up, said for a person, from the API's stable code:
 * a wrong name or password (UNAUTHENTICATED, the same for both, as the API intends), too many
 * attempts (RATE_LIMITED, with the wait), or the API's own words for a name or password it
 * refuses (BAD_USER_INPUT: `The name "bob" is taken.`, `Password must be 10–256 characters,
 * got 4.`): the API alone knows its rules, so the form does not repeat them. Anything else
 * as {@link describeError}.
 */
export function describeAuthError(error: CombinedError): string {
  const first = error.graphQLErrors[0];
  if (error.networkError || !first) return describeError(error);
  const { code, retryAfterSeconds } = first.extensions ?? {};
  switch (code) {
    case 'UNAUTHENTICATED':
      return 'Wrong name or password.';
    case 'RATE_LIMITED':
      return typeof retryAfterSeconds === 'number'
        ? `Too many attempts: try again in ${retryAfterSeconds} s.`
        : 'Too many attempts: try again later.';
    case 'BAD_USER_INPUT':
      return sentence(first.message);
    default:
      return describeError(error);
  }
}
