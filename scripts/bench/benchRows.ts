/** The synthetic feature rows the feature benchmarks serve: the real views' shapes, fixed seed. */
import type { FeatureRow } from '../../feature-store';
import { smsFeatures1, smsFeatures2, smsLabels } from '../../models';

/** Deterministic pseudo-random numbers, so every run serves the same data. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** Event time of every bench row. */
export const BENCH_EVENT_TIME = new Date('2021-01-01T00:00:00Z');

/** Entity key of bench message `i`. */
export const benchKey = (i: number) => `bench${i}`;

/**
 * `n` messages' rows for `sms_labels`, `sms_features1` and `sms_features2` (30 token ids), the
 * same for every run.
 */
export function benchRows(n: number) {
  const r = rng(42);
  const rows = (make: (i: number) => FeatureRow['values']): FeatureRow[] =>
    Array.from({ length: n }, (_, i) => ({
      entityKey: benchKey(i),
      eventTimestamp: BENCH_EVENT_TIME,
      values: make(i),
    }));
  return [
    { view: smsLabels, rows: rows(() => ({ label: r() < 0.25 ? 1 : 0 })) },
    {
      view: smsFeatures1,
      rows: rows(() => ({
        cap_r: r(),
        nal_r: r() * 2,
        free: +(r() < 0.1),
        money: +(r() < 0.1),
        prize: +(r() < 0.1),
        win: +(r() < 0.1),
        won: +(r() < 0.1),
        winner: +(r() < 0.1),
        cash: +(r() < 0.1),
      })),
    },
    {
      view: smsFeatures2,
      rows: rows(() => ({
        features: Array.from({ length: 30 }, (_, j) => (j < 15 ? 0 : 1 + Math.floor(r() * 179))),
      })),
    },
  ];
}
