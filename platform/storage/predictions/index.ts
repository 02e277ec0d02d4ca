/** The prediction cache and call log concerns: interfaces and one store per backend. */
export {
  PREDICTION_CACHE_TTL_SECONDS,
  type CachedPrediction,
  type PredictionCache,
  type PredictionScope,
} from './predictionCache';
export { CALL_LOG_TTL_SECONDS, type CallLogEntry, type CallLogStore } from './callLog';
export { SqlitePredictionCache, type SqlitePredictionCacheOptions } from './sqlitePredictionCache';
export { CassandraPredictionCache } from './cassandraPredictionCache';
export { SqliteCallLogStore, type SqliteCallLogOptions } from './sqliteCallLog';
export { CassandraCallLogStore } from './cassandraCallLog';
