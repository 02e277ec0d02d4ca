/**
 * `spamgraph inbox …` — messages as the inbox subgraph receives them, from the shell:
 * `receive` (store a message and push its features) and `backfill` (store the features of
 * every message that lacks them, with progress).
 */
import type { Command } from 'commander';
import {
  withSpamFeatureStore,
  DEFAULT_BACKFILL_BATCH,
  MAX_BACKFILL_BATCH,
  MessageFeatureWriter,
  SmsIngestion,
  storageRetryFor,
  backfillFeatures,
} from '../../models';
import { loadConfig } from '../../platform/config';
import { BadUserInputError } from '../../platform/errors';
import { createLogger } from '../../platform/logger';
import { createProgress } from '../../platform/progress';
import type { Storage } from '../../platform/storage';
import type { CliIo } from './io';

async function withIngestion<T>(
  fn: (storage: Storage, features: MessageFeatureWriter) => Promise<T>,
): Promise<T> {
  return withSpamFeatureStore(loadConfig(), async (store, storage) => {
    const features = await MessageFeatureWriter.open(store);
    try {
      return await fn(storage, features);
    } finally {
      await features.flush(); // the offline history, before the process exits
    }
  });
}

function parseBatch(text: string): number {
  const n = /^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!(n >= 1 && n <= MAX_BACKFILL_BATCH)) {
    throw new BadUserInputError(
      `--batch-size must be an integer in [1, ${MAX_BACKFILL_BATCH}], got "${text}"`,
    );
  }
  return n;
}

/** Options of `inbox receive`. */
interface ReceiveOpts {
  key?: string;
  json?: boolean;
}

/** Stores one message as `receiveSms` does, pushing its features when the store takes them. */
function receive(recipient: string, sender: string, words: string[], opts: ReceiveOpts) {
  return withIngestion((storage, features) => {
    const logger = createLogger('inbox', 'silent');
    const ingestion = new SmsIngestion({
      inboxes: storage.inboxes,
      ingestionLog: storage.ingestionLog,
      features: { write: async (m) => void (await features.write([m])) },
      logger,
      retry: storageRetryFor(storage.backend),
    });
    return ingestion.receive({
      recipientId: recipient,
      senderId: sender,
      text: words.join(' '),
      idempotencyKey: opts.key,
    });
  });
}

/** `inbox receive <recipient> <sender> <text...>`. */
function registerReceive(cmd: Command, io: CliIo): void {
  cmd
    .command('receive')
    .description("store a message in a user's inbox and push its features (as receiveSms)")
    .argument('<recipient>', 'the user whose inbox receives it')
    .argument('<sender>', 'who sent it')
    .argument('<text...>', 'the message (quote it, or give it as several words)')
    .option('--key <idempotencyKey>', 'the same key again returns the same message, stored once')
    .option('--json', 'print {sms, featuresStored, replayed} as JSON')
    .action(async (recipient: string, sender: string, words: string[], opts: ReceiveOpts) => {
      const result = await receive(recipient, sender, words, opts);
      if (opts.json) {
        io.out(JSON.stringify(result));
        return;
      }
      const what = result.replayed ? 'already stored' : 'stored';
      const features = result.featuresStored
        ? 'features stored'
        : 'features NOT stored (run `npx spamgraph inbox backfill` once the feature store is up)';
      io.out(
        `inbox: ${what} ${result.sms.smsId} for ${result.sms.recipientId} at ${result.sms.receivedAt.toISOString()}; ${features}`,
      );
    });
}

/** `inbox backfill [--batch-size n] [--dry-run]`, with progress on stderr. */
function registerBackfill(cmd: Command, io: CliIo): void {
  cmd
    .command('backfill')
    .description('store the features of every message that lacks them (safe to rerun)')
    .option(
      '--batch-size <n>',
      `messages per page, 1–${MAX_BACKFILL_BATCH}`,
      String(DEFAULT_BACKFILL_BATCH),
    )
    .option('--dry-run', 'only count the messages without features')
    .action(async (opts: { batchSize: string; dryRun?: boolean }) => {
      const batchSize = parseBatch(opts.batchSize);
      const progress = createProgress('inbox', process.stderr.isTTY ? undefined : (l) => io.err(l));
      const r = await withIngestion((storage, features) =>
        backfillFeatures(
          { inboxes: storage.inboxes, features },
          {
            batchSize,
            dryRun: opts.dryRun,
            onProgress: (p) =>
              progress.count(
                p.scanned,
                undefined,
                'scanned',
                `messages (${p.missing} without features)`,
              ),
          },
        ),
      );
      progress.done();
      const rate = r.seconds > 0 ? Math.round(r.scanned / r.seconds) : r.scanned;
      io.out(
        r.dryRun
          ? `inbox: ${r.missing} of ${r.scanned} messages have no features (dry run: nothing written)`
          : `inbox: wrote the features of ${r.written} of ${r.scanned} messages in ${r.seconds.toFixed(2)} s (${rate} messages/s scanned)` +
              (r.older > 0
                ? `; ${r.older} not stored: the online store holds a newer row for them (repair: npx spamgraph fs delete <view> <ids…>)`
                : ''),
      );
    });
}

/** Registers `spamgraph inbox receive | backfill`. */
export function registerInbox(program: Command, io: CliIo): void {
  const cmd = program.command('inbox').description('inboxes: receive messages, backfill features');
  registerReceive(cmd, io);
  registerBackfill(cmd, io);
}
