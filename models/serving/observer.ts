/**
 * What serving reports as it works. The model subgraph turns these calls into Prometheus
 * metrics; the library itself stays free of any metrics client.
 */
import type { ModelVersion } from '../versions';

export interface ServingObserver {
  /** One model call on `batchSize` vectors took `seconds`. */
  modelCall(version: ModelVersion, batchSize: number, seconds: number): void;
  /** One prediction-cache lookup over a batch (hits from memory and from storage). */
  cacheLookup(version: ModelVersion, hits: number, misses: number): void;
  /** Of those hits, how many the in-process memory answered (no storage read). */
  memoryHits(version: ModelVersion, hits: number): void;
  /**
   * One online-store read of `entities` messages' features that took `seconds`; `missing` of
   * them had none and were scored from their text.
   */
  onlineRead(version: ModelVersion, entities: number, missing: number, seconds: number): void;
  /** One prediction-cache read in storage (after the memory tier) of `keys` keys took `seconds`. */
  cacheRead(version: ModelVersion, keys: number, seconds: number): void;
  /**
   * The challenger scored a batch the champion answered: per message both could score,
   * whether their labels agree and the challenger's spam probability minus the champion's.
   */
  shadowCompared(
    champion: ModelVersion,
    challenger: ModelVersion,
    outcomes: readonly { agree: boolean; delta: number }[],
  ): void;
  /** A batch the challenger did not score: `busy` (too many in flight) or `error`. */
  shadowSkipped(
    champion: ModelVersion,
    challenger: ModelVersion,
    messages: number,
    reason: 'busy' | 'error',
  ): void;
}

/** Reports nowhere (the CLI, tests that do not look). */
export const NO_OBSERVER: ServingObserver = {
  modelCall: () => undefined,
  cacheLookup: () => undefined,
  memoryHits: () => undefined,
  onlineRead: () => undefined,
  cacheRead: () => undefined,
  shadowCompared: () => undefined,
  shadowSkipped: () => undefined,
};
