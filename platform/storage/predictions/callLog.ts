/**
 * The call log concern: who asked which model what, kept for one hour (a real TTL: Cassandra
 * expires rows itself; SQLite filters on `expires_at` and purges as it writes).
 */

/** How long an entry lives. */
export const CALL_LOG_TTL_SECONDS = 3600;

/** One call of a model operation. */
export interface CallLogEntry {
  /** Who called: the principal's key (`user:<id>` or `key:<id>`, see authorize.ts). */
  caller: string;
  version: string;
  calledAt: Date;
  /** The GraphQL field, e.g. `textToPrediction`. */
  operation: string;
  /** The input as sent: the text, or the feature vector as JSON. */
  input: string;
}

export interface CallLogStore {
  /** Creates the table when missing (idempotent). */
  init(): Promise<void>;
  append(entry: CallLogEntry): Promise<void>;
  /**
   * The caller's entries for `version` with `calledAt` ≥ `since` that have not expired,
   * newest first, at most `limit`.
   */
  recent(caller: string, version: string, since: Date, limit: number): Promise<CallLogEntry[]>;
}
