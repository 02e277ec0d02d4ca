/**
 * Prometheus metrics of the model subgraph (`GET /metrics`, text exposition format). One
 * registry per service instance, so several instances in one process (tests) never mix.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import { processRegistry } from '../../platform/http/processMetrics';
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

/** Where every metric of one instance registers. */
type Registers = Registry[];

/** Model calls: how many, how large, how long. */
function modelCallMetrics(registers: Registers) {
  return {
    batches: new Counter({
      name: 'spamgraph_model_batches_total',
      help: 'Model calls (one per scored batch), by version.',
      labelNames: ['version'],
      registers,
    }),
    batchSize: new Histogram({
      name: 'spamgraph_model_batch_size',
      help: 'Feature vectors per model call, by version.',
      labelNames: ['version'],
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
      registers,
    }),
    inference: new Histogram({
      name: 'spamgraph_model_inference_seconds',
      help: 'Duration of one model call, by version.',
      labelNames: ['version'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    }),
  };
}

/** Prediction-cache hits (from memory or storage) and misses. */
function predictionCacheMetrics(registers: Registers) {
  return {
    hits: new Counter({
      name: 'spamgraph_prediction_cache_hits_total',
      help: 'Predictions answered from the prediction cache, by version.',
      labelNames: ['version'],
      registers,
    }),
    misses: new Counter({
      name: 'spamgraph_prediction_cache_misses_total',
      help: 'Predictions the cache did not have (skipCache reads are not counted), by version.',
      labelNames: ['version'],
      registers,
    }),
    memoryHits: new Counter({
      name: 'spamgraph_prediction_cache_memory_hits_total',
      help: 'Cache hits answered from process memory, without a storage read, by version.',
      labelNames: ['version'],
      registers,
    }),
  };
}

/** Online-store reads of message features, and messages scored from their text instead. */
function onlineStoreMetrics(registers: Registers) {
  return {
    reads: new Counter({
      name: 'spamgraph_online_store_reads_total',
      help: 'Batched online-store reads of message features, by version.',
      labelNames: ['version'],
      registers,
    }),
    entities: new Counter({
      name: 'spamgraph_online_store_entities_total',
      help: 'Messages whose features were read from the online store, by version.',
      labelNames: ['version'],
      registers,
    }),
    computed: new Counter({
      name: 'spamgraph_features_computed_from_text_total',
      help: 'Messages without online features, scored from their text and written through.',
      labelNames: ['version'],
      registers,
    }),
  };
}

/** Storage read latency of the online store and the prediction cache, on shared buckets. */
function storageLatencyMetrics(registers: Registers) {
  const buckets = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25];
  return {
    onlineReadSeconds: new Histogram({
      name: 'spamgraph_online_store_read_seconds',
      help: 'Duration of one batched online-store read of message features, by version.',
      labelNames: ['version'],
      buckets,
      registers,
    }),
    cacheReadSeconds: new Histogram({
      name: 'spamgraph_prediction_cache_read_seconds',
      help: 'Duration of one prediction-cache read in storage (keys not in process memory), by version.',
      labelNames: ['version'],
      buckets,
      registers,
    }),
  };
}

/** Champion vs challenger on the same batches (shadow scoring). */
function shadowMetrics(registers: Registers) {
  const labelNames = ['champion', 'challenger'];
  return {
    compared: new Counter({
      name: 'spamgraph_shadow_predictions_total',
      help: 'Messages the challenger scored in the shadow of the champion, by version pair and outcome (agree: same label).',
      labelNames: [...labelNames, 'outcome'],
      registers,
    }),
    delta: new Histogram({
      name: 'spamgraph_shadow_score_delta',
      help: "Challenger's spam probability minus the champion's, per message, by version pair.",
      labelNames,
      buckets: [-0.5, -0.2, -0.1, -0.05, -0.01, 0.01, 0.05, 0.1, 0.2, 0.5],
      registers,
    }),
    skipped: new Counter({
      name: 'spamgraph_shadow_skipped_total',
      help: 'Messages the challenger did not score, by version pair and reason (busy: too many shadow batches in flight; error).',
      labelNames: [...labelNames, 'reason'],
      registers,
    }),
  };
}

/** The observer the serving code reports to, feeding the metrics above. */
function servingObserver(registers: Registers): ServingObserver {
  // Created in this order so /metrics lists them as it always has.
  const calls = modelCallMetrics(registers);
  const cache = predictionCacheMetrics(registers);
  const online = onlineStoreMetrics(registers);
  const latency = storageLatencyMetrics(registers);
  const shadow = shadowMetrics(registers);
  return {
    modelCall(version, size, seconds) {
      calls.batches.inc({ version });
      calls.batchSize.observe({ version }, size);
      calls.inference.observe({ version }, seconds);
    },
    cacheLookup(version, hits, misses) {
      if (hits) cache.hits.inc({ version }, hits);
      if (misses) cache.misses.inc({ version }, misses);
    },
    cacheRead(version, _keys, seconds) {
      latency.cacheReadSeconds.observe({ version }, seconds);
    },
    memoryHits(version, hits) {
      if (hits) cache.memoryHits.inc({ version }, hits);
    },
    onlineRead(version, entities, missing, seconds) {
      online.reads.inc({ version });
      latency.onlineReadSeconds.observe({ version }, seconds);
      online.entities.inc({ version }, entities);
      if (missing) online.computed.inc({ version }, missing);
    },
    shadowCompared(champion, challenger, outcomes) {
      const pair = { champion, challenger };
      const agree = outcomes.filter((o) => o.agree).length;
      shadow.compared.inc({ ...pair, outcome: 'agree' }, agree);
      shadow.compared.inc({ ...pair, outcome: 'disagree' }, outcomes.length - agree);
      for (const o of outcomes) shadow.delta.observe(pair, o.delta);
    },
    shadowSkipped(champion, challenger, messages, reason) {
      shadow.skipped.inc({ champion, challenger, reason }, messages);
    },
  };
}

const ROUTES = new Set(['/graphql', '/health', '/metrics']);

/** HTTP latency by route and status: the middleware that times every request. */
function httpMetricsMiddleware(registers: Registers): express.RequestHandler {
  const requests = new Histogram({
    name: 'spamgraph_model_http_request_duration_seconds',
    help: 'HTTP request latency of the model subgraph, by route and status.',
    labelNames: ['route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  return (req, res, next) => {
    const end = requests.startTimer();
    // Read now: mounted routers rewrite req.url before the response finishes. Unknown paths
    // share one label, so a scanner cannot grow the series without bound.
    const route = ROUTES.has(req.path) ? req.path : 'other';
    res.once('finish', () => end({ route, status: String(res.statusCode) }));
    next();
  };
}

/** A fresh registry with the process, serving and HTTP metrics of one model subgraph. */
export function createModelMetrics(): ModelMetrics {
  const registry = processRegistry('model');
  const registers = [registry];
  const observer = servingObserver(registers);
  return {
    registry,
    observer,
    middleware: httpMetricsMiddleware(registers),
    handler: metricsHandler(registry),
  };
}
