/**
 * Buffered offline writes: rows are appended to a journal file (NDJSON, one per process and
 * source) and turned into ONE Parquet part per flush — every `flushIntervalMs`, or sooner
 * once `maxRows` wait — instead of one part per write.
 *
 * @remarks
 * Why: the offline store is a folder of Parquet parts, and a stream of small writes (one per
 * received message) would make one tiny part per message, which every training read then has to
 * open. A journal line reaches the file system before `append` returns, so a crashed process
 * loses nothing: its journal is an orphan that the next flush of any process (of any source
 * this store knows) turns into a part. A journal's part has a name derived from the journal's, so a
 * flush that died between writing the part and deleting the journal never writes the rows
 * twice. Rows become visible to offline reads when their journal is flushed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isProcessAlive } from '../../platform/processes';
import type { Entity, FeatureView } from '../types';
import { batchSourceOf } from '../types';
import { ndjsonLines, type FeatureRow, type OfflineStore } from './offlineStore';

/** Journals live in this subfolder of a source's folder (readers only glob `*.parquet`). */
export const JOURNAL_DIR = '_journal';
/** Default time between flushes. */
export const DEFAULT_FLUSH_INTERVAL_MS = 5_000;
/** Default rows that trigger a flush before the interval. */
export const DEFAULT_FLUSH_ROWS = 10_000;

/** A view and its entity: what turning a journal into a part needs. */
export interface JournalTarget {
  view: FeatureView;
  entity: Entity;
}

interface OpenJournal {
  file: string;
  fd: number;
}

export interface OfflineJournalOptions {
  flushIntervalMs?: number;
  maxRows?: number;
  /** Told about a flush that failed (the journal is kept and retried on the next flush). */
  onError?: (e: unknown) => void;
}

/** One process's buffered offline writes. */
export class OfflineJournal {
  private readonly open = new Map<string, OpenJournal>();
  /** Every target seen, so a flush also recovers orphans of their sources. */
  private readonly targets = new Map<string, JournalTarget>();
  private seq = 0;
  private pendingRows = 0;
  private timer?: NodeJS.Timeout;
  private flushing: Promise<number> = Promise.resolve(0);
  private readonly flushIntervalMs: number;
  private readonly maxRows: number;
  private readonly onError: (e: unknown) => void;
  private readonly startedAt = Date.now();

  constructor(
    private readonly offline: OfflineStore,
    opts: OfflineJournalOptions = {},
  ) {
    this.flushIntervalMs = opts.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
    this.maxRows = opts.maxRows ?? DEFAULT_FLUSH_ROWS;
    this.onError =
      opts.onError ??
      ((e) =>
        process.emitWarning(
          `offline journal flush failed (kept, retried on the next flush): ${(e as Error).message}`,
        ));
  }

  /** Makes `targets` known, so the next flush recovers orphaned journals of their sources. */
  watch(targets: readonly JournalTarget[]): void {
    for (const t of targets) this.targets.set(batchSourceOf(t.view).path, t);
  }

  /**
   * Appends rows to the journal of the view's batch source; they reach the file system before
   * this returns.
   *
   * @throws Error when the journal file cannot be written (nothing of this call is kept then).
   */
  append(view: FeatureView, entity: Entity, rows: readonly FeatureRow[]): void {
    if (rows.length === 0) return;
    const key = batchSourceOf(view).path;
    this.targets.set(key, { view, entity });
    let j = this.open.get(key);
    if (!j) {
      const dir = path.join(this.offline.dir(batchSourceOf(view)), JOURNAL_DIR);
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${process.pid}-${this.startedAt}-${this.seq++}.ndjson`);
      j = { file, fd: fs.openSync(file, 'a') };
      this.open.set(key, j);
    }
    fs.writeSync(j.fd, ndjsonLines(view, entity, rows, new Date()));
    const before = this.pendingRows;
    this.pendingRows += rows.length;
    // Only on crossing the threshold: appends made while that flush waits its turn must not
    // queue a flush each (it seals and counts from zero when it runs).
    if (before < this.maxRows && this.pendingRows >= this.maxRows) {
      void this.flush().catch(this.onError);
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush().catch(this.onError);
      }, this.flushIntervalMs);
      this.timer.unref(); // never keeps a process alive: services flush at shutdown
    }
  }

  /**
   * Turns every sealed journal into a Parquet part: this process's (sealed now) and the
   * orphans of dead processes, and stops the flush timer until the next append. One flush at
   * a time; a call during a flush runs after it.
   *
   * @returns rows written as parts by this call (orphans included).
   */
  flush(): Promise<number> {
    const run = this.flushing.catch(() => 0).then(() => this.flushNow());
    this.flushing = run;
    return run;
  }

  private async flushNow(): Promise<number> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // Seal: later appends go to new files.
    for (const j of this.open.values()) fs.closeSync(j.fd);
    this.open.clear();
    this.pendingRows = 0;
    let rows = 0;
    let failure: unknown;
    for (const target of this.targets.values()) {
      const dir = path.join(this.offline.dir(batchSourceOf(target.view)), JOURNAL_DIR);
      if (!fs.existsSync(dir)) continue;
      for (const name of fs.readdirSync(dir).sort()) {
        if (!name.endsWith('.ndjson') || !this.isSealed(name)) continue;
        const file = path.join(dir, name);
        const part = `part-journal-${name.replace(/\.ndjson$/, '')}.parquet`;
        try {
          if (!fs.existsSync(path.join(path.dirname(dir), part))) {
            const lines = completeLines(file);
            if (lines > 0) await this.offline.writePart(target.view, target.entity, file, part);
            rows += lines;
          }
          fs.rmSync(file, { force: true });
        } catch (e) {
          failure ??= e; // keep the journal; the next flush tries again
        }
      }
    }
    if (failure) throw failure;
    return rows;
  }

  /** Sealed: not a journal this process still appends to, nor one of a live process. */
  private isSealed(name: string): boolean {
    if ([...this.open.values()].some((j) => path.basename(j.file) === name)) return false;
    const pid = Number(name.split('-')[0]);
    return pid === process.pid || !Number.isInteger(pid) || !isProcessAlive(pid);
  }
}

/**
 * Counts the complete lines of a journal, first cutting off a torn last line (a process that
 * died in the middle of a write): its rows were never acknowledged.
 */
function completeLines(file: string): number {
  const buf = fs.readFileSync(file);
  const end = buf.lastIndexOf(0x0a) + 1;
  if (end < buf.length) fs.truncateSync(file, end);
  let n = 0;
  for (let i = 0; i < end; i++) if (buf[i] === 0x0a) n++;
  return n;
}
