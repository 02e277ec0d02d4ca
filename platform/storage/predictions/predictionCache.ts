/**
 * The prediction cache concern: spam probabilities keyed by model version, artifact digest
 * and input digest. A prediction is a pure function of (artifact, input), so an entry can
 * never go stale: a retrained model or different features simply miss.
 */

/** How long a prediction is kept unless told otherwise (`PREDICTION_CACHE_TTL_SECONDS`). */
export const PREDICTION_CACHE_TTL_SECONDS = 30 * 86_400;

/** Entries of one model artifact. */
export interface PredictionScope {
  version: string;
  /** sha256 of the artifact that made the predictions. */
  artifactDigest: string;
}

/** One cached prediction. */
export interface CachedPrediction {
  /** sha256 of the input feature vector (see models/serving). */
  inputDigest: string;
  spamProbability: number;
}

export interface PredictionCache {
  /** Creates the table when missing (idempotent). */
  init(): Promise<void>;
  /**
   * The cached probability of each input digest, in order (`null` = miss). One round trip on
   * SQLite; bounded concurrent single-partition reads on Cassandra.
   *
   * @remarks A digest may appear more than once; each occurrence gets the answer. Expired
   * entries miss. An empty list answers `[]` without touching the backend.
   */
  getMany(scope: PredictionScope, inputDigests: readonly string[]): Promise<(number | null)[]>;
  /**
   * Stores predictions (upsert), each kept for the configured ttl from now. When a digest
   * appears twice in `entries`, the last one wins.
   */
  putMany(scope: PredictionScope, entries: readonly CachedPrediction[]): Promise<void>;
  /** Forgets every entry (`npx spamgraph models clear-cache`, e.g. after retraining). */
  clear(): Promise<void>;
}
