/**
 * Receiving a message (the inbox subgraph's `receiveSms`): store it in the recipient's inbox,
 * then compute its features and store them in the feature store, so that scoring it later
 * needs no text processing.
 *
 * @remarks
 * The message is never lost to a feature-store failure: it is stored first, and a failed
 * feature write only makes `featuresStored` false (the backfill job, or a retry with the same
 * idempotency key, stores them later). With an idempotency key the whole call is safe to
 * retry: the key is claimed (atomically) before anything is stored, the same key again
 * returns the same message, stored once, and finishes what the first attempt left undone.
 */
import { createHash } from 'node:crypto';
import {
  IdempotencyConflictError,
  BadUserInputError,
  StorageUnavailableError,
} from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { InboxStore, IngestionLogStore, StoredSms } from '../../platform/storage';
import { newSmsId } from '../../platform/storage/inbox/smsId';
import { parsePartyId, parseSmsText } from '../../platform/storage/inbox/smsInput';

/** Longest accepted idempotency key, in code points. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** What a sender gives. */
export interface ReceiveSmsInput {
  recipientId: string;
  senderId: string;
  text: string;
  idempotencyKey?: string | null;
}

/** What receiving a message did. */
export interface ReceiveSmsResult {
  sms: StoredSms;
  /** True when the message's v1 and v2 features are in the feature store. */
  featuresStored: boolean;
  /** True when the idempotency key had been used before: nothing new was stored. */
  replayed: boolean;
}

/** Stores one message's features (e.g. a {@link GroupCommitWriter}). */
export interface MessageFeatureSink {
  write(message: { smsId: string; text: string; receivedAt: Date }): Promise<void>;
}

export interface SmsIngestionDeps {
  inboxes: InboxStore;
  ingestionLog: IngestionLogStore;
  features: MessageFeatureSink;
  logger: Logger;
  /**
   * Retries of a call with an idempotency key (and of feature upserts) that met
   * STORAGE_UNAVAILABLE: `attempts` in all, the n-th retry after `baseDelayMs`·4^(n-1) with
   * jitter; default none. Calls without a key are never retried. See {@link storageRetryFor}.
   */
  retry?: StorageRetry;
}

/** How often, and how far apart, storage failures are retried. */
export interface StorageRetry {
  attempts: number;
  baseDelayMs: number;
}

const NO_RETRY: StorageRetry = { attempts: 1, baseDelayMs: 0 };

/**
 * The retry that fits a backend. Cassandra: 4 attempts from 50 ms (≈ 1 s in all) — a replica
 * killed mid-request fails one attempt, the next goes elsewhere (the cluster suite sees no
 * client error through a kill -9). SQLite: none — each write already retries a locked file
 * for `SQLITE_LOCK_TIMEOUT_MS`, and repeating the call would multiply that wait (4 s instead
 * of 0.75 s before STORAGE_UNAVAILABLE, as a locked-file test showed).
 */
export function storageRetryFor(backend: 'sqlite' | 'cassandra'): StorageRetry {
  return backend === 'cassandra' ? { attempts: 4, baseDelayMs: 50 } : NO_RETRY;
}

// eslint-disable-next-line no-control-regex
const KEY_FORBIDDEN = /[\u0000-\u001f\u007f]/;

/**
 * Checks an idempotency key: 1–200 code points, no control characters; kept exactly.
 *
 * @throws BadUserInputError otherwise.
 */
export function parseIdempotencyKey(value: string): string {
  const field = 'idempotencyKey';
  if (value.trim() === '') throw new BadUserInputError(`${field} must not be empty`, { field });
  if ([...value].length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new BadUserInputError(
      `${field} is longer than ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
      { field },
    );
  }
  if (KEY_FORBIDDEN.test(value)) {
    throw new BadUserInputError(`${field} must not contain control characters`, { field });
  }
  return value;
}

/** sha256 of what makes two requests "the same" for an idempotency key. */
export function requestDigest(i: { recipientId: string; senderId: string; text: string }): string {
  return createHash('sha256')
    .update(JSON.stringify([i.recipientId, i.senderId, i.text]))
    .digest('hex');
}

/** Receives messages; one per process, shared by every request. */
export class SmsIngestion {
  constructor(private readonly deps: SmsIngestionDeps) {}

  /**
   * Stores a message, then its features.
   *
   * @throws BadUserInputError for bad ids, text or key (nothing stored);
   *   IdempotencyConflictError when the key was used for another message (nothing stored);
   *   StorageUnavailableError when the inbox cannot be written.
   */
  async receive(raw: ReceiveSmsInput): Promise<ReceiveSmsResult> {
    const input = {
      recipientId: parsePartyId(raw.recipientId, 'recipientId'),
      senderId: parsePartyId(raw.senderId, 'senderId'),
      text: parseSmsText(raw.text),
    };
    const key = raw.idempotencyKey == null ? null : parseIdempotencyKey(raw.idempotencyKey);
    if (key === null) {
      const sms = await this.deps.inboxes.insert({ smsId: newSmsId(), ...input });
      return { sms, featuresStored: await this.storeFeatures(sms), replayed: false };
    }

    // One id for every attempt: a claim that was applied although its answer was lost shows
    // up on the next attempt as "not applied" with this id, which makes it ours.
    const smsId = newSmsId();
    return this.retryingStorage('receiveSms', input.recipientId, () =>
      this.receiveOnce(input, key, smsId),
    );
  }

  /**
   * Runs `fn` again while it fails with STORAGE_UNAVAILABLE, up to the configured attempts;
   * only for work that is safe to repeat (keyed receives, feature upserts).
   */
  private async retryingStorage<T>(
    what: string,
    recipientId: string,
    fn: () => Promise<T>,
  ): Promise<T> {
    const { attempts, baseDelayMs } = this.deps.retry ?? NO_RETRY;
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        if (!(e instanceof StorageUnavailableError) || attempt >= attempts) throw e;
        const delayMs = Math.round(baseDelayMs * 4 ** (attempt - 1) * (0.5 + Math.random()));
        this.deps.logger.warn(
          { err: e, recipientId, attempt, delayMs },
          `${what}: storage unavailable, retrying in ${delayMs} ms`,
        );
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }

  /** One attempt at a keyed receive: claim, store the message, its features, mark. */
  private async receiveOnce(
    input: { recipientId: string; senderId: string; text: string },
    key: string,
    smsId: string,
  ): Promise<ReceiveSmsResult> {
    const digest = requestDigest(input);
    const claimed = await this.deps.ingestionLog.claim({
      recipientId: input.recipientId,
      idempotencyKey: key,
      smsId,
      requestDigest: digest,
    });
    const { record } = claimed;
    const created = claimed.created || record.smsId === smsId;
    if (!created && record.requestDigest !== digest) {
      throw new IdempotencyConflictError(
        `idempotencyKey "${key}" was already used for another message to ${input.recipientId} ` +
          '(another sender or text); use a new key for a new message',
        { field: 'idempotencyKey' },
      );
    }
    // A first attempt may have died after its claim: storing the same id again is harmless.
    const sms =
      (!created && (await this.deps.inboxes.get(input.recipientId, record.smsId))) ||
      (await this.deps.inboxes.insert({ smsId: record.smsId, ...input }));
    if (record.featuresStoredAt !== null) return { sms, featuresStored: true, replayed: !created };
    const featuresStored = await this.storeFeatures(sms);
    if (featuresStored) {
      await this.deps.ingestionLog.markFeaturesStored(input.recipientId, key, new Date());
    }
    return { sms, featuresStored, replayed: !created };
  }

  /** Stores the features of a stored message; false (logged) when the feature store fails. */
  private async storeFeatures(sms: StoredSms): Promise<boolean> {
    try {
      // Feature rows are upserts: repeating a write that met a dying replica is harmless.
      await this.retryingStorage('store features', sms.recipientId, () =>
        this.deps.features.write({
          smsId: sms.smsId,
          text: sms.text,
          receivedAt: sms.receivedAt,
        }),
      );
      return true;
    } catch (e) {
      this.deps.logger.warn(
        { err: e, smsId: sms.smsId },
        `features of ${sms.smsId} not stored (run \`npx spamgraph inbox backfill\`): ${(e as Error).message}`,
      );
      return false;
    }
  }
}
