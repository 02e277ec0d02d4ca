import type { Classifier } from '../../models';
import { measureLatency, timingOf } from './latency';
import { LATENCY_TEXTS } from './texts';

describe('timingOf', () => {
  it('is the median and the p99 (nearest rank), and needs samples', () => {
    const samples = Array.from({ length: 200 }, (_, i) => 200 - i);
    expect(timingOf(samples)).toEqual({ medianMs: 100, p99Ms: 198 });
    expect(timingOf([3, 1, 2])).toEqual({ medianMs: 2, p99Ms: 3 });
    expect(() => timingOf([])).toThrow(RangeError);
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
