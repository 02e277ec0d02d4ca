/**
 * The features backfill job: finds the messages that arrived by another path (the user-data
 * subgraph's `storeSms`, an import, a failed feature write) and stores their features, so
 * every message scores without text processing. Safe to run any number of times, and to stop
 * and run again: it only writes what is missing.
 */
import { performance } from 'node:perf_hooks';
import type { InboxStore } from '../../platform/storage';
import type { FeatureBatchWriter } from './groupCommit';

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
  /** Messages whose features were written (0 in a dry run). */
  written: number;
}

export interface BackfillResult extends BackfillProgress {
  seconds: number;
  dryRun: boolean;
}

export interface BackfillDeps {
  inboxes: InboxStore;
  features: FeatureBatchWriter & { missing(smsIds: readonly string[]): Promise<Set<string>> };
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
  const p: BackfillProgress = { scanned: 0, missing: 0, written: 0 };
  let after: string | undefined;
  for (;;) {
    const page = await deps.inboxes.scan({ limit, after });
    if (page.items.length > 0) {
      const missing = await deps.features.missing(page.items.map((s) => s.smsId));
      const todo = page.items.filter((s) => missing.has(s.smsId));
      p.scanned += page.items.length;
      p.missing += todo.length;
      if (todo.length > 0 && !opts.dryRun) {
        await deps.features.write(
          todo.map((s) => ({ smsId: s.smsId, text: s.text, receivedAt: s.receivedAt })),
        );
        p.written += todo.length;
      }
      opts.onProgress?.({ ...p });
    }
    if (page.next === null) break;
    after = page.next;
  }
  return { ...p, seconds: (performance.now() - started) / 1000, dryRun: opts.dryRun === true };
}
