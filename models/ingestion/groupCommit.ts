/**
 * Group commit for feature writes: while one write is in flight, the messages that arrive
 * wait and go together in the next one. An idle writer adds no delay; a busy one makes
 * fewer, larger writes (so fewer offline Parquet parts), as databases group log flushes.
 */
import { performance } from 'node:perf_hooks';
import type { IngestedMessage } from './messageFeatures';

/** Writes a batch of messages' features (what it resolves to is not used here). */
export interface FeatureBatchWriter {
  write(messages: readonly IngestedMessage[]): Promise<unknown>;
}

interface Waiting {
  message: IngestedMessage;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/** {@link FeatureBatchWriter} for one message at a time, writing in groups. */
export class GroupCommitWriter {
  private queue: Waiting[] = [];
  private inFlight = false;
  private readonly maxBatch: number;
  private readonly onBatch: (size: number, seconds: number) => void;

  /**
   * @param opts.maxBatch - most messages one write carries (the rest wait for the next)
   * @param opts.onBatch - told each write's size and duration (metrics)
   */
  constructor(
    private readonly writer: FeatureBatchWriter,
    opts: { maxBatch?: number; onBatch?: (size: number, seconds: number) => void } = {},
  ) {
    this.maxBatch = opts.maxBatch ?? 500;
    this.onBatch = opts.onBatch ?? (() => undefined);
  }

  /** Resolves when the write that carried `message` succeeded; rejects with its error. */
  write(message: IngestedMessage): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      if (!this.inFlight) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.inFlight = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      const started = performance.now();
      try {
        await this.writer.write(batch.map((w) => w.message));
        for (const w of batch) w.resolve();
      } catch (e) {
        for (const w of batch) w.reject(e);
      }
      this.onBatch(batch.length, (performance.now() - started) / 1000);
    }
    this.inFlight = false;
  }
}
