/**
 * Typed errors shared by every service, library and the CLI.
 *
 * @remarks
 * Each error carries a stable `code`. GraphQL resolvers turn them into `extensions.code`,
 * REST handlers into a JSON body with an HTTP status, and the CLI into one readable line with
 * a non-zero exit. Codes are part of the public API: never rename one.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'IDEMPOTENCY_CONFLICT'
  | 'MODEL_VERSION_DISABLED'
  | 'STORAGE_UNAVAILABLE'
  | 'CONFIG_INVALID'
  | 'DEPENDENCY_MISSING'
  | 'DOWNSTREAM_SERVICE_ERROR'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'QUERY_TOO_COMPLEX'
  | 'RESPONSE_TOO_LARGE'
  | 'HOST_NOT_ALLOWED'
  | 'DEADLINE_EXCEEDED'
  | 'INTERNAL_SERVER_ERROR';

/** HTTP status each code maps to in REST responses. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  IDEMPOTENCY_CONFLICT: 409,
  MODEL_VERSION_DISABLED: 422,
  STORAGE_UNAVAILABLE: 503,
  CONFIG_INVALID: 500,
  DEPENDENCY_MISSING: 500,
  DOWNSTREAM_SERVICE_ERROR: 502,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  QUERY_TOO_COMPLEX: 400,
  RESPONSE_TOO_LARGE: 502,
  HOST_NOT_ALLOWED: 421,
  DEADLINE_EXCEEDED: 504,
  INTERNAL_SERVER_ERROR: 500,
};

/** Base class of every error spamgraph raises on purpose. */
export class SpamgraphError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The caller sent something we cannot accept; nothing was changed. */
export class BadUserInputError extends SpamgraphError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('BAD_USER_INPUT', message, details);
  }
}

/** A named thing (feature view, model version, file…) does not exist. */
export class NotFoundError extends SpamgraphError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('NOT_FOUND', message, details);
  }
}

/**
 * An idempotency key came back with a different request than the one it was first used for:
 * nothing was stored (the first request's result stands).
 */
export class IdempotencyConflictError extends SpamgraphError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('IDEMPOTENCY_CONFLICT', message, details);
  }
}

/** The model version exists but this deployment does not serve it (`SPAM_MODEL_VERSIONS`). */
export class ModelVersionDisabledError extends SpamgraphError {
  constructor(version: string, enabled: readonly string[]) {
    super(
      'MODEL_VERSION_DISABLED',
      `model ${version} is disabled here (enabled: ${enabled.join(', ') || 'none'}; see SPAM_MODEL_VERSIONS)`,
      { version },
    );
  }
}

/** The storage backend could not be reached or refused the operation. */
export class StorageUnavailableError extends SpamgraphError {
  constructor(message: string, cause?: unknown) {
    super('STORAGE_UNAVAILABLE', message, undefined, { cause });
  }
}

/** The environment or config file holds a value we cannot use. */
export class ConfigError extends SpamgraphError {
  constructor(message: string) {
    super('CONFIG_INVALID', message);
  }
}

/** A tool the command needs (java, mvn…) is not installed. */
export class DependencyMissingError extends SpamgraphError {
  constructor(message: string) {
    super('DEPENDENCY_MISSING', message);
  }
}

/**
 * No valid credentials (missing, expired, revoked or forged), or a subgraph request the gateway
 * did not sign. Says nothing about whether the account exists.
 */
export class UnauthenticatedError extends SpamgraphError {
  constructor(message = 'authentication required') {
    super('UNAUTHENTICATED', message);
  }
}

/** Authenticated, but this principal may not do this (or see whether the thing exists). */
export class ForbiddenError extends SpamgraphError {
  constructor(message = 'not allowed') {
    super('FORBIDDEN', message);
  }
}

/** Too many requests from one principal or address; retry after `retryAfterSeconds`. */
export class RateLimitedError extends SpamgraphError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('RATE_LIMITED', message, { retryAfterSeconds });
  }
}

/** The body's media type or charset is not one we accept (JSON in UTF-8). */
export class UnsupportedMediaTypeError extends SpamgraphError {
  constructor(message: string) {
    super('UNSUPPORTED_MEDIA_TYPE', message);
  }
}

/** The request (body or query) is larger than the limit. */
export class PayloadTooLargeError extends SpamgraphError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('PAYLOAD_TOO_LARGE', message, details);
  }
}

/** The operation is over a complexity limit (depth, aliases, tokens, directives, cost). */
export class QueryTooComplexError extends SpamgraphError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('QUERY_TOO_COMPLEX', message, details);
  }
}

/** The response would be larger than the cap; nothing is sent but this error. */
export class ResponseTooLargeError extends SpamgraphError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('RESPONSE_TOO_LARGE', message, details);
  }
}

/** The `Host` header names a host this deployment does not serve. */
export class HostNotAllowedError extends SpamgraphError {
  constructor(message: string) {
    super('HOST_NOT_ALLOWED', message);
  }
}

/** The request's deadline passed before it was answered; its remaining work was cancelled. */
export class DeadlineExceededError extends SpamgraphError {
  constructor(message: string) {
    super('DEADLINE_EXCEEDED', message);
  }
}

/** True when `e` is one of our typed errors. */
export function isSpamgraphError(e: unknown): e is SpamgraphError {
  return e instanceof SpamgraphError;
}
