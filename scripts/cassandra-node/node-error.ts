/**
 * The one error class this folder adds: a managed node could not be assembled, started or
 * reached. It reuses the shared codes so GraphQL/REST/CLI mapping needs no change.
 */
import { SpamgraphError, type ErrorCode } from '../../platform/errors';

/** Codes a node failure may carry. */
export type CassandraNodeErrorCode = Extract<
  ErrorCode,
  'STORAGE_UNAVAILABLE' | 'DEPENDENCY_MISSING' | 'CONFIG_INVALID'
>;

/** A managed Cassandra node failed; `details.logTail` holds the last log lines when known. */
export class CassandraNodeError extends SpamgraphError {
  constructor(
    code: CassandraNodeErrorCode,
    message: string,
    details?: Record<string, unknown>,
    cause?: unknown,
  ) {
    super(code, message, details, { cause });
  }
}
