/**
 * The prediction cache in SQLite: one table keyed by (version, artifact digest, input digest).
 * Entries carry their expiry time; reads ignore expired rows and writes purge them now and
 * then (at most once a minute per process).
 */
import type { SqliteDatabase } from '../sqlite';
import { sqliteCall, sqliteWrite } from '../sqlite';
import { EXPIRES_AT_COLUMN, NOT_EXPIRED, SqliteExpiry, expiryIndexDdl } from '../sqliteExpiry';
import {
  PREDICTION_CACHE_TTL_SECONDS,
  type CachedPrediction,
  type PredictionCache,
  type PredictionScope,
} from './predictionCache';

interface PredictionRow {
  input_digest: string;
  spam_probability: number;
}

/** {@link PredictionCache} on an embedded SQLite file. */
export class SqlitePredictionCache implements PredictionCache {
  // Expired rows are purged at most once a minute, inside `putMany`.
  private readonly expiry: SqliteExpiry;

  constructor(
    private readonly db: SqliteDatabase,
    { ttlSeconds = PREDICTION_CACHE_TTL_SECONDS, now }: SqlitePredictionCacheOptions = {},
  ) {
    this.expiry = new SqliteExpiry(db, 'prediction_cache', { ttlSeconds, now });
  }

  async init(): Promise<void> {
    sqliteCall(this.db, 'create the prediction cache table', () =>
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS prediction_cache (
          version TEXT,
          artifact_digest TEXT,
          input_digest TEXT,
          spam_probability REAL NOT NULL,
          ${EXPIRES_AT_COLUMN},
          PRIMARY KEY (version, artifact_digest, input_digest)
        ) WITHOUT ROWID;
        ${expiryIndexDdl('prediction_cache')}
      `),
    );
  }

  // Statements are prepared lazily, once: init() must have created the table first.
  private stmts?: ReturnType<SqlitePredictionCache['prepare']>;
  private get q() {
    return (this.stmts ??= this.prepare());
  }
  private prepare() {
    const upsert = this.db.prepare<[string, string, string, number, number]>(
      `INSERT INTO prediction_cache
         (version, artifact_digest, input_digest, spam_probability, expires_at)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (version, artifact_digest, input_digest) DO UPDATE SET
         spam_probability = excluded.spam_probability, expires_at = excluded.expires_at`,
    );
    return {
      // All digests in one statement: the JSON array is expanded by json_each, so any number of
      // digests fits in one bound parameter (no 32,766-placeholder limit, one cached plan).
      getMany: this.db.prepare<[string, string, string, number], PredictionRow>(
        `SELECT input_digest, spam_probability FROM prediction_cache
         WHERE version = ? AND artifact_digest = ?
           AND input_digest IN (SELECT value FROM json_each(?))
           AND ${NOT_EXPIRED}`,
      ),
      putMany: this.db.transaction(
        (scope: PredictionScope, entries: readonly CachedPrediction[], now: number) => {
          const expiresAt = this.expiry.expiresAt(now);
          for (const e of entries) {
            upsert.run(
              scope.version,
              scope.artifactDigest,
              e.inputDigest,
              e.spamProbability,
              expiresAt,
            );
          }
          this.expiry.purgeIfDue(now);
        },
      ),
      clear: this.db.prepare(`DELETE FROM prediction_cache`),
    };
  }

  async getMany(
    scope: PredictionScope,
    inputDigests: readonly string[],
  ): Promise<(number | null)[]> {
    if (inputDigests.length === 0) return [];
    const rows = sqliteCall(this.db, 'read cached predictions', () =>
      this.q.getMany.all(
        scope.version,
        scope.artifactDigest,
        JSON.stringify(inputDigests),
        this.expiry.now(),
      ),
    );
    const found = new Map(rows.map((r) => [r.input_digest, r.spam_probability]));
    return inputDigests.map((d) => found.get(d) ?? null);
  }

  async putMany(scope: PredictionScope, entries: readonly CachedPrediction[]): Promise<void> {
    if (entries.length === 0) return;
    await sqliteWrite(this.db, 'store cached predictions', () =>
      this.q.putMany(scope, entries, this.expiry.now()),
    );
  }

  async clear(): Promise<void> {
    await sqliteWrite(this.db, 'clear the prediction cache', () => this.q.clear.run());
  }
}

/** Options of {@link SqlitePredictionCache}. */
export interface SqlitePredictionCacheOptions {
  /** How long an entry lives (default {@link PREDICTION_CACHE_TTL_SECONDS}). */
  ttlSeconds?: number;
  /** The clock, in ms since the epoch (tests pass a fake one). */
  now?: () => number;
}
