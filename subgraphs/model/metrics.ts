/**
 * Prometheus metrics of the model subgraph (`GET /metrics`, text exposition format). One
 * registry per service instance, so several instances in one process (tests) never mix.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type express from 'express';
import type { ServingObserver } from '../../models';
import { metricsHandler } from '../../platform/http/metricsHandler';

/** The model subgraph's metrics, and the observer that feeds them. */
export interface ModelMetrics {
  registry: Registry;
  observer: ServingObserver;
  /** Times every HTTP request (label `route`: /graphql, /health, /metrics). */
  middleware: express.RequestHandler;
  /** `GET /metrics`. */
  handler: express.RequestHandler;
}

export function createModelMetrics(): ModelMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'spamgraph_model_process_' });
  const registers = [registry];
  const batches = new Counter({
    name: 'spamgraph_model_batches_total',
    help: 'Model calls (one per scored batch), by version.',
    labelNames: ['version'],
    registers,
  });
  const batchSize = new Histogram({
    name: 'spamgraph_model_batch_size',
    help: 'Feature vectors per model call, by version.',
    labelNames: ['version'],
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
    registers,
  });
  const inference = new Histogram({
    name: 'spamgraph_model_inference_seconds',
    help: 'Duration of one model call, by version.',
    labelNames: ['version'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers,
  });
  const cacheHits = new Counter({
    name: 'spamgraph_prediction_cache_hits_total',
    help: 'Predictions answered from the prediction cache, by version.',
    labelNames: ['version'],
    registers,
  });
  const cacheMisses = new Counter({
    name: 'spamgraph_prediction_cache_misses_total',
    help: 'Predictions the cache did not have (skipCache reads are not counted), by version.',
    labelNames: ['version'],
    registers,
  });
  const memoryHits = new Counter({
    name: 'spamgraph_prediction_cache_memory_hits_total',
    help: 'Cache hits answered from process memory, without a storage read, by version.',
    labelNames: ['version'],
    registers,
  });
  const onlineReads = new Counter({
    name: 'spamgraph_online_store_reads_total',
    help: 'Batched online-store reads of message features, by version.',
    labelNames: ['version'],
    registers,
  });
  const onlineEntities = new Counter({
    name: 'spamgraph_online_store_entities_total',
    help: 'Messages whose features were read from the online store, by version.',
    labelNames: ['version'],
    registers,
  });
  const computed = new Counter({
    name: 'spamgraph_features_computed_from_text_total',
    help: 'Messages without online features, scored from their text and written through.',
    labelNames: ['version'],
    registers,
  });
  const storageBuckets = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25];
  const onlineReadSeconds = new Histogram({
    name: 'spamgraph_online_store_read_seconds',
    help: 'Duration of one batched online-store read of message features, by version.',
    labelNames: ['version'],
    buckets: storageBuckets,
    registers,
  });
  const cacheReadSeconds = new Histogram({
    name: 'spamgraph_prediction_cache_read_seconds',
    help: 'Duration of one prediction-cache read in storage (keys not in process memory), by version.',
    labelNames: ['version'],
    buckets: storageBuckets,
    registers,
  });
  const requests = new Histogram({
    name: 'spamgraph_model_http_request_duration_seconds',
    help: 'HTTP request latency of the model subgraph, by route and status.',
    labelNames: ['route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  const ROUTES = new Set(['/graphql', '/health', '/metrics']);
  return {
    registry,
    observer: {
      modelCall(version, size, seconds) {
        batches.inc({ version });
        batchSize.observe({ version }, size);
        inference.observe({ version }, seconds);
      },
      cacheLookup(version, hits, misses) {
        if (hits) cacheHits.inc({ version }, hits);
        if (misses) cacheMisses.inc({ version }, misses);
      },
      cacheRead(version, _keys, seconds) {
        cacheReadSeconds.observe({ version }, seconds);
      },
      memoryHits(version, hits) {
        if (hits) memoryHits.inc({ version }, hits);
      },
      onlineRead(version, entities, missing, seconds) {
        onlineReads.inc({ version });
        onlineReadSeconds.observe({ version }, seconds);
        onlineEntities.inc({ version }, entities);
        if (missing) computed.inc({ version }, missing);
      },
    },
    middleware(req, res, next) {
      const end = requests.startTimer();
      // Read now: mounted routers rewrite req.url before the response finishes. Unknown paths
      // share one label, so a scanner cannot grow the series without bound.
      const route = ROUTES.has(req.path) ? req.path : 'other';
      res.once('finish', () => end({ route, status: String(res.statusCode) }));
      next();
    },
    handler: metricsHandler(registry),
  };
}
