/**
 * The features backfill job: finds the messages that arrived by another path (the user-data
 * subgraph's `storeSms`, an import, a failed feature write) and stores their features, so
 * every message scores without text processing. Safe to run any number of times, and to stop
 * and run again: it only writes what is missing, and counts as written only what landed (a
 * message whose stored row is newer — e.g. stamped in the future — counts as `older`).
 */
import { performance } from 'node:perf_hooks';
import type { InboxStore } from '../../platform/storage';
import type { FeatureWriteCounts, IngestedMessage } from './messageFeatures';

/** Messages per page of the scan (and so at most per feature write). */
export const DEFAULT_BACKFILL_BATCH = 500;
/** Most messages per page: one Cassandra page, one bounded feature write. */
export const MAX_BACKFILL_BATCH = 5000;

/** Counts so far, reported after every page. */
export interface BackfillProgress {
  /** Messages looked at. */
  scanned: number;
  /** Of those, messages that had no features (or only some). */
  missing: number;
  /** Messages whose features were written and landed (0 in a dry run). */
  written: number;
  /**
   * Messages whose features were not stored because the online store holds a newer row for
   * them (repair with `npx spamgraph fs delete`); 0 in a dry run.
   */
  older: number;
}

export interface BackfillResult extends BackfillProgress {
  seconds: number;
  dryRun: boolean;
}

export interface BackfillDeps {
  inboxes: InboxStore;
  /** A `MessageFeatureWriter`, or any writer that says what landed. */
  features: {
    write(messages: readonly IngestedMessage[]): Promise<FeatureWriteCounts>;
    missing(smsIds: readonly string[]): Promise<Set<string>>;
  };
}

export interface BackfillOptions {
  /** Messages per page (1–5,000, default 500). */
  batchSize?: number;
  /** Count what is missing, write nothing. */
  dryRun?: boolean;
  onProgress?: (p: BackfillProgress) => void;
}

/** Scans every inbox and stores the features of the messages that lack them. */
export async function backfillFeatures(
  deps: BackfillDeps,
  opts: BackfillOptions = {},
): Promise<BackfillResult> {
  const started = performance.now();
  const limit = opts.batchSize ?? DEFAULT_BACKFILL_BATCH;
  const p: BackfillProgress = { scanned: 0, missing: 0, written: 0, older: 0 };
  let after: string | undefined;
  for (;;) {
    const page = await deps.inboxes.scan({ limit, after });
    if (page.items.length > 0) {
      const missing = await deps.features.missing(page.items.map((s) => s.smsId));
      const todo = page.items.filter((s) => missing.has(s.smsId));
      p.scanned += page.items.length;
      p.missing += todo.length;
      if (todo.length > 0 && !opts.dryRun) {
        const w = await deps.features.write(
          todo.map((s) => ({ smsId: s.smsId, text: s.text, receivedAt: s.receivedAt })),
        );
        p.written += w.written;
        p.older += w.older;
      }
      opts.onProgress?.({ ...p });
    }
    if (page.next === null) break;
    after = page.next;
  }
  return { ...p, seconds: (performance.now() - started) / 1000, dryRun: opts.dryRun === true };
}
