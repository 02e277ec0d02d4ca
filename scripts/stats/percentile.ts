/** Percentiles of latency samples, one definition for the benches, the model card and the tests. */

/**
 * The nearest-rank percentile `p` (0 < p ≤ 100) of `values`, in their unit: the smallest value
 * with at least p % of the values at or below it. NaN when there are none.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  ]!;
}
