/** The model subgraph's metrics: names, labels, buckets and what the observer feeds them. */
import type express from 'express';
import { createModelMetrics } from './metrics';

/** The value of one sample line (`name{labels} value`) of the exposition text. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  if (line === undefined) throw new Error(`no sample ${series} in:\n${text}`);
  return Number(line.slice(series.length + 1));
}

/** Runs the middleware on a fake request and finishes the response. */
function request(mw: express.RequestHandler, path: string, statusCode: number): void {
  let finish: (() => void) | undefined;
  const res = { statusCode, once: (_: string, f: () => void) => (finish = f) };
  let nextCalled = false;
  mw({ path } as express.Request, res as unknown as express.Response, () => (nextCalled = true));
  expect(nextCalled).toBe(true);
  finish!();
}

describe('createModelMetrics', () => {
  it('lists the serving and HTTP metrics in their usual order', async () => {
    const m = createModelMetrics();
    const names = (await m.registry.getMetricsAsJSON())
      .map((x) => x.name)
      .filter((n) => !n.startsWith('spamgraph_model_process_'));
    expect(names).toEqual([
      'spamgraph_model_batches_total',
      'spamgraph_model_batch_size',
      'spamgraph_model_inference_seconds',
      'spamgraph_prediction_cache_hits_total',
      'spamgraph_prediction_cache_misses_total',
      'spamgraph_prediction_cache_memory_hits_total',
      'spamgraph_online_store_reads_total',
      'spamgraph_online_store_entities_total',
      'spamgraph_features_computed_from_text_total',
      'spamgraph_online_store_read_seconds',
      'spamgraph_prediction_cache_read_seconds',
      'spamgraph_shadow_predictions_total',
      'spamgraph_shadow_score_delta',
      'spamgraph_shadow_skipped_total',
      'spamgraph_model_http_request_duration_seconds',
    ]);
  });

  it('feeds each observer call to its metrics, by version', async () => {
    const m = createModelMetrics();
    m.observer.modelCall('V1', 7, 0.02);
    m.observer.cacheLookup('V2', 3, 2);
    m.observer.cacheLookup('V2', 0, 0); // nothing to count: no series either
    m.observer.memoryHits('V2', 2);
    m.observer.cacheRead('V2', 1, 0.003);
    m.observer.onlineRead('V3', 5, 2, 0.0007);
    const text = await m.registry.metrics();
    expect(sample(text, 'spamgraph_model_batches_total{version="V1"}')).toBe(1);
    expect(sample(text, 'spamgraph_model_batch_size_bucket{le="5",version="V1"}')).toBe(0);
    expect(sample(text, 'spamgraph_model_batch_size_bucket{le="10",version="V1"}')).toBe(1);
    expect(sample(text, 'spamgraph_model_inference_seconds_bucket{le="0.01",version="V1"}')).toBe(
      0,
    );
    expect(sample(text, 'spamgraph_model_inference_seconds_bucket{le="0.025",version="V1"}')).toBe(
      1,
    );
    expect(sample(text, 'spamgraph_prediction_cache_hits_total{version="V2"}')).toBe(3);
    expect(sample(text, 'spamgraph_prediction_cache_misses_total{version="V2"}')).toBe(2);
    expect(sample(text, 'spamgraph_prediction_cache_memory_hits_total{version="V2"}')).toBe(2);
    expect(sample(text, 'spamgraph_prediction_cache_read_seconds_count{version="V2"}')).toBe(1);
    expect(
      sample(text, 'spamgraph_prediction_cache_read_seconds_bucket{le="0.005",version="V2"}'),
    ).toBe(1);
    expect(sample(text, 'spamgraph_online_store_reads_total{version="V3"}')).toBe(1);
    expect(sample(text, 'spamgraph_online_store_entities_total{version="V3"}')).toBe(5);
    expect(sample(text, 'spamgraph_features_computed_from_text_total{version="V3"}')).toBe(2);
    expect(
      sample(text, 'spamgraph_online_store_read_seconds_bucket{le="0.0005",version="V3"}'),
    ).toBe(0);
    expect(
      sample(text, 'spamgraph_online_store_read_seconds_bucket{le="0.001",version="V3"}'),
    ).toBe(1);
  });

  it('uses the documented buckets', async () => {
    const m = createModelMetrics();
    /** The `le` bounds of a histogram, in exposition order (one series observed per metric). */
    const buckets = async (name: string) => {
      const text = await m.registry.metrics();
      return [...text.matchAll(new RegExp(`^${name}_bucket\\{le="([^"]+)"`, 'gm'))].map((x) =>
        x[1] === '+Inf' ? x[1] : Number(x[1]),
      );
    };
    m.observer.modelCall('V1', 1, 0.001);
    m.observer.onlineRead('V1', 1, 0, 0.001);
    m.observer.cacheRead('V1', 1, 0.001);
    request(m.middleware, '/health', 200);
    expect(await buckets('spamgraph_model_batch_size')).toEqual([
      1,
      2,
      5,
      10,
      20,
      50,
      100,
      200,
      500,
      '+Inf',
    ]);
    expect(await buckets('spamgraph_model_inference_seconds')).toEqual([
      0.001,
      0.0025,
      0.005,
      0.01,
      0.025,
      0.05,
      0.1,
      0.25,
      0.5,
      1,
      '+Inf',
    ]);
    const storage = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, '+Inf'];
    expect(await buckets('spamgraph_online_store_read_seconds')).toEqual(storage);
    expect(await buckets('spamgraph_prediction_cache_read_seconds')).toEqual(storage);
    expect(await buckets('spamgraph_model_http_request_duration_seconds')).toEqual([
      0.001,
      0.0025,
      0.005,
      0.01,
      0.025,
      0.05,
      0.1,
      0.25,
      0.5,
      1,
      2.5,
      '+Inf',
    ]);
  });

  it('times requests by route and status, unknown paths under one label', async () => {
    const m = createModelMetrics();
    request(m.middleware, '/graphql', 200);
    request(m.middleware, '/graphql', 200);
    request(m.middleware, '/metrics', 200);
    request(m.middleware, '/wp-admin', 404);
    request(m.middleware, '/.env', 404);
    const text = await m.registry.metrics();
    const count = (labels: string) =>
      sample(text, `spamgraph_model_http_request_duration_seconds_count{${labels}}`);
    expect(count('route="/graphql",status="200"')).toBe(2);
    expect(count('route="/metrics",status="200"')).toBe(1);
    expect(count('route="other",status="404"')).toBe(2);
    expect(text).not.toContain('wp-admin');
  });

  it('keeps each instance in its own registry', async () => {
    const a = createModelMetrics();
    const b = createModelMetrics();
    a.observer.modelCall('V1', 1, 0.001);
    expect(sample(await a.registry.metrics(), 'spamgraph_model_batches_total{version="V1"}')).toBe(
      1,
    );
    expect(await b.registry.metrics()).not.toContain('spamgraph_model_batches_total{');
  });
});
