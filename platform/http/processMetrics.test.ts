import v8 from 'node:v8';
import vm from 'node:vm';
import { liveHeap, processRegistry } from './processMetrics';

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

const sample = (text: string, name: string) =>
  Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);

describe('processRegistry', () => {
  it('names the defaults and the live heap for the service', async () => {
    const registry = processRegistry('feature-store');
    fullGc();
    await observed(0);
    const text = await registry.metrics();
    expect(
      sample(text, 'spamgraph_feature_store_process_process_resident_memory_bytes'),
    ).toBeGreaterThan(10 * 2 ** 20);
    const live = sample(text, 'spamgraph_feature_store_process_nodejs_heap_live_bytes');
    expect(live).toBeGreaterThan(2 ** 20);
    expect(live).toBeLessThanOrEqual(v8.getHeapStatistics().total_heap_size);
  });

  it('follows what the heap keeps across full collections, not the garbage', async () => {
    processRegistry('gateway');
    /** A full collection now; the live heap the observer saw right after it. */
    const collect = async () => {
      const seen = liveHeap().collections;
      fullGc();
      return observed(seen);
    };
    /**
     * Collects until the live heap holds still: jest shares this heap with the test files
     * before, whose leftovers (finalizers, weak references) can die a collection or two later.
     */
    const settled = async () => {
      let last = await collect();
      for (let i = 0; i < 10; i++) {
        await new Promise((r) => setImmediate(r));
        const now = await collect();
        if (Math.abs(now - last) < 2 ** 20) return now;
        last = now;
      }
      return last;
    };
    const base = await settled();
    // 64 MiB kept (on the V8 heap: a typed array's bytes would live outside it)…
    const holder: { kept?: number[][] } = {
      kept: Array.from({ length: 64 }, () => new Array<number>(2 ** 17).fill(0.5)),
    };
    const withKept = await settled();
    expect(withKept - base).toBeGreaterThan(40 * 2 ** 20);
    expect(holder.kept).toHaveLength(64);
    // …and back down once it is let go, however much garbage was made meanwhile.
    delete holder.kept;
    for (let i = 0; i < 64; i++) new Array<number>(2 ** 17).fill(i + 0.5);
    const released = await settled();
    expect(withKept - released).toBeGreaterThan(48 * 2 ** 20);
  });
});
