/** Reading Prometheus text (a service's `/metrics`) in tests and benchmarks. */

/**
 * The value of one series, e.g. `spamgraph_inbox_received_total{outcome="stored"}`; 0 when
 * the series is absent (a counter never incremented).
 */
export function sampleValue(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}
