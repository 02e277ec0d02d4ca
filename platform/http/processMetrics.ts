/**
 * The process metrics every service exposes at `GET /metrics`: prom-client's defaults (RSS,
 * heap, event-loop lag, GC durations) plus the *live* heap — V8's heap in use right after the
 * latest full (mark-compact) collection.
 *
 * Why the live heap: RSS and `heap_size_used` both include the garbage made since the last
 * collection and the room V8 keeps to allocate into, so under load they rise to a level set by
 * the allocation rate and stay there. Only the heap that survives a full collection grows when
 * something is kept that should not be (a leak); `bench:soak` prints it next to RSS.
 */
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import v8 from 'node:v8';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';

/** Heap in use after the latest mark-compact, and how many this process has seen. */
const afterFullGc = { bytes: NaN, collections: 0 };
let observer: PerformanceObserver | undefined;

/** A `gc` entry: `detail.kind` says which collection (Node ≥ 16). */
type GcEntry = PerformanceEntry & { detail?: { kind?: number } };

/** Watches this process's full collections (one observer per process, however many registries). */
function watchFullCollections(): void {
  if (observer) return;
  observer = new PerformanceObserver((list) => {
    const full = list
      .getEntries()
      .some((e) => (e as GcEntry).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR);
    if (!full) return;
    // Entries arrive shortly after the collection: what was allocated in between is counted
    // too, a few kB to a few MB under load — small next to the heap, and the same every time.
    afterFullGc.bytes = v8.getHeapStatistics().used_heap_size;
    afterFullGc.collections++;
  });
  observer.observe({ entryTypes: ['gc'] });
}

/** The live heap (bytes after the latest full collection) and the full collections seen so far. */
export function liveHeap(): { bytes: number; collections: number } {
  return { ...afterFullGc };
}

/**
 * A fresh registry holding the process metrics of `service`, named
 * `spamgraph_<service>_process_*` (e.g. `spamgraph_gateway_process_process_resident_memory_bytes`,
 * `spamgraph_gateway_process_nodejs_heap_live_bytes`). One registry per service instance, so several
 * services in one process (tests) never mix their own series.
 */
export function processRegistry(service: string): Registry {
  const prefix = `spamgraph_${service.replace(/[^a-zA-Z0-9_]/g, '_')}_process_`;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix });
  watchFullCollections();
  new Gauge({
    name: `${prefix}nodejs_heap_live_bytes`,
    help: 'V8 heap in use right after the latest full (mark-compact) collection: what the process keeps; NaN until the first one.',
    registers: [registry],
    collect() {
      // NaN (not 0) until the first full collection: "not measured yet", never "empty".
      this.set(afterFullGc.bytes);
    },
  });
  return registry;
}
