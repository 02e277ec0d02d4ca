import { execFileSync } from 'node:child_process';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { liveHeap, processRegistry } from './processMetrics';
import { sampleValue } from './prometheusText';

/** A full (mark-compact) collection now, as `--expose-gc`'s `gc()` runs it. */
function fullGc(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

/** Waits until the observer has seen the collection(s) run so far. */
async function observed(after: number): Promise<number> {
  for (let i = 0; i < 100 && liveHeap().collections <= after; i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  expect(liveHeap().collections).toBeGreaterThan(after);
  return liveHeap().bytes;
}

describe('processRegistry', () => {
  it('names the defaults and the live heap for the service', async () => {
    const registry = processRegistry('feature-store');
    fullGc();
    await observed(0);
    const text = await registry.metrics();
    expect(
      sampleValue(text, 'spamgraph_feature_store_process_process_resident_memory_bytes'),
    ).toBeGreaterThan(10 * 2 ** 20);
    const live = sampleValue(text, 'spamgraph_feature_store_process_nodejs_heap_live_bytes');
    expect(live).toBeGreaterThan(2 ** 20);
    expect(live).toBeLessThanOrEqual(v8.getHeapStatistics().total_heap_size);
  });

  it('follows what the heap keeps across full collections, not the garbage', () => {
    // In a fresh process: this worker's heap also holds other test files' leftovers.
    const probe = path.join(__dirname, 'testing', 'liveHeapProbe.ts');
    const out = execFileSync(process.execPath, [require.resolve('tsx/cli'), probe], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    const r = JSON.parse(out) as Record<string, number>;
    expect(r.keptArrays).toBe(64);
    expect(r.withKept! - r.base!).toBeGreaterThan(60 * 2 ** 20);
    expect(r.withKept! - r.released!).toBeGreaterThan(60 * 2 ** 20);
    expect(Math.abs(r.released! - r.base!)).toBeLessThan(4 * 2 ** 20);
  });
});
