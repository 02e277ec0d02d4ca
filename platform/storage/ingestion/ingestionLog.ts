/**
 * The ingestion log: which message each idempotency key created, and whether that message's
 * features reached the feature store. It makes `receiveSms` safe to retry: the same key again
 * returns the same message (stored once) and finishes whatever the first attempt left undone.
 */

/** Idempotency keys are remembered this long (7 days), then may be used again. */
export const IDEMPOTENCY_KEY_TTL_SECONDS = 7 * 24 * 3600;

/** One key's record. */
export interface IngestionRecord {
  recipientId: string;
  idempotencyKey: string;
  /** The message the key created. */
  smsId: string;
  /** sha256 of the request the key was first used for (another request → conflict). */
  requestDigest: string;
  /** When the message's features were stored in the feature store; null until then. */
  featuresStoredAt: Date | null;
}

/** Storage of the ingestion log; one implementation per backend, one contract test suite. */
export interface IngestionLogStore {
  /** Creates the table when missing; safe to call any number of times. */
  init(): Promise<void>;
  /**
   * Claims `(recipientId, idempotencyKey)` for `record.smsId`, atomically: of two concurrent
   * claims of one key exactly one wins, and both get the winner's record.
   *
   * @returns the record that holds the key, and whether this call created it.
   */
  claim(
    record: Omit<IngestionRecord, 'featuresStoredAt'>,
  ): Promise<{ record: IngestionRecord; created: boolean }>;
  /** Records that the key's message has its features stored (no-op for an unknown key). */
  markFeaturesStored(recipientId: string, idempotencyKey: string, at: Date): Promise<void>;
  /** The record of a key, or null (never used, or expired). */
  get(recipientId: string, idempotencyKey: string): Promise<IngestionRecord | null>;
}
