import type { Classifier } from '../../models';
import { measureLatency, percentile, timingOf } from './latency';
import { LATENCY_TEXTS } from './texts';

describe('percentile', () => {
  it('is the nearest-rank percentile', () => {
    const samples = Array.from({ length: 200 }, (_, i) => 200 - i);
    expect(percentile(samples, 0.5)).toBe(100);
    expect(percentile(samples, 0.99)).toBe(198);
    expect(percentile([7], 0.99)).toBe(7);
    expect(timingOf([3, 1, 2])).toEqual({ medianMs: 2, p99Ms: 3 });
    expect(() => percentile([], 0.5)).toThrow(RangeError);
  });
});

describe('measureLatency', () => {
  it('times the model call and text → probability alternately, after the warm-up', async () => {
    const log: string[] = [];
    const classifier = {
      textToFeatures: (text: string) => {
        log.push('f');
        return [text.length];
      },
      predictProba: async (batch: readonly (readonly number[])[]) => {
        log.push(`p${batch.length}`);
        return batch.map(() => 0.5);
      },
    } as unknown as Classifier;
    const t = await measureLatency(classifier, LATENCY_TEXTS, { warmUp: 2, repeats: 5 });
    expect(t.batch).toBe(50);
    // Features once up front; then per run (warm-up included) the model call on them, and a
    // batch from the texts: 50 features, one model call.
    const run = ['p50', ...new Array<string>(50).fill('f'), 'p50'];
    expect(log).toEqual([...new Array<string>(50).fill('f'), ...new Array(2 + 5).fill(run).flat()]);
    expect(t.modelCall.medianMs).toBeGreaterThanOrEqual(0);
    expect(t.textToProbability.p99Ms).toBeGreaterThanOrEqual(t.textToProbability.medianMs);
  });

  it('runs on 50 distinct texts written for the card', () => {
    expect(new Set(LATENCY_TEXTS).size).toBe(50);
  });
});
