/**
 * Prometheus metrics of the inbox subgraph (`GET /metrics`). One registry per service
 * instance, so several instances in one process (tests) never mix.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import { processRegistry } from '../../platform/http/processMetrics';
import type express from 'express';
import { metricsHandler } from '../../platform/http/metricsHandler';

export interface InboxMetrics {
  registry: Registry;
  /** Counts one `receiveSms` by outcome. */
  received(outcome: 'stored' | 'replayed' | 'features_failed'): void;
  /** Records one feature write of the group-commit writer. */
  featureBatch(size: number, seconds: number): void;
  /** `GET /metrics`. */
  handler: express.RequestHandler;
}

export function createInboxMetrics(): InboxMetrics {
  const registry = processRegistry('inbox');
  const registers = [registry];
  const received = new Counter({
    name: 'spamgraph_inbox_received_total',
    help: 'receiveSms calls that stored or replayed a message, by outcome (stored, replayed, features_failed).',
    labelNames: ['outcome'],
    registers,
  });
  const batchSize = new Histogram({
    name: 'spamgraph_inbox_feature_write_batch_size',
    help: 'Messages per feature write (group commit: arrivals during a write share the next).',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
    registers,
  });
  const batchSeconds = new Histogram({
    name: 'spamgraph_inbox_feature_write_seconds',
    help: 'Duration of one feature write (push online and offline, v1 online write).',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  return {
    registry,
    received: (outcome) => received.inc({ outcome }),
    featureBatch(size, seconds) {
      batchSize.observe(size);
      batchSeconds.observe(seconds);
    },
    handler: metricsHandler(registry),
  };
}
