/**
 * What serving reports as it works. The model subgraph turns these calls into Prometheus
 * metrics; the library itself stays free of any metrics client.
 */
import type { ModelVersion } from '../classifiers';

export interface ServingObserver {
  /** One model call on `batchSize` vectors took `seconds`. */
  modelCall(version: ModelVersion, batchSize: number, seconds: number): void;
  /** One prediction-cache lookup over a batch (hits from memory and from storage). */
  cacheLookup(version: ModelVersion, hits: number, misses: number): void;
  /** Of those hits, how many the in-process memory answered (no storage read). */
  memoryHits(version: ModelVersion, hits: number): void;
  /** One online-store read of `entities` messages' features. */
  onlineRead(version: ModelVersion, entities: number, missing: number): void;
}

/** Reports nowhere (the CLI, tests that do not look). */
export const NO_OBSERVER: ServingObserver = {
  modelCall: () => undefined,
  cacheLookup: () => undefined,
  memoryHits: () => undefined,
  onlineRead: () => undefined,
};
