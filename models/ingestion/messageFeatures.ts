/**
 * Features of arriving messages: computes a message's v1 and v2 features from its text (the
 * same extractors `fs create-sources` and serving's write-through use) and stores them in the
 * feature store, so that predictions later read them instead of processing text. v2 goes
 * through its view's push source, to the online store and as history to the offline store
 * (Feast's `push` with `ONLINE_AND_OFFLINE`, offline rows buffered in a journal); v1 has no
 * push source, so it is written to the online store only (Feast's `write_to_online_store`).
 */
import { type FeatureStore, MAX_ONLINE_ENTITIES } from '../../feature-store';
import {
  FeatureExtractors,
  TEXT_FEATURE_SERVICES,
  messageRows,
  textFeatureView,
} from '../featureRepo/messageRows';
import { storeMessageRows } from '../featureRepo/storeRows';

/** A message whose features are to be stored. */
export interface IngestedMessage {
  smsId: string;
  /** Already validated (1–2,000 characters). */
  text: string;
  /** The features' event time: when the message arrived. */
  receivedAt: Date;
}

/** Features whose presence online means "this message needs nothing more" (one per view). */
const CHECKED_REFS = TEXT_FEATURE_SERVICES.map((service) => {
  const { view, features } = textFeatureView(service);
  return `${view.name}:${features[0]}`;
});

/** What storing messages' features did, counted in messages. */
export interface FeatureWriteCounts {
  /** Messages whose every feature row became the online value. */
  written: number;
  /**
   * Messages with a feature row older than what the online store holds for that id (so its
   * online value did not change: e.g. a row stamped in the future is in the way).
   */
  older: number;
}

/** Computes and stores messages' features; one instance per process (it holds the tokenizer). */
export class MessageFeatureWriter {
  private constructor(
    private readonly store: FeatureStore,
    private readonly extractors: FeatureExtractors,
  ) {}

  /** Loads the fitted v2 tokenizer (`models/artifacts/tokenizer-v2.json` by default). */
  static async open(
    store: FeatureStore,
    opts: { tokenizerPath?: string } = {},
  ): Promise<MessageFeatureWriter> {
    return new MessageFeatureWriter(store, await FeatureExtractors.load(opts));
  }

  /**
   * Stores the v1 and v2 features of `messages`: one push and one online write for all of
   * them. The v2 rows' offline history is buffered: visible to offline reads after the
   * store's next journal flush (at most 5 s; {@link flush} forces it).
   *
   * @returns how many messages' features landed, and how many were older than what is stored.
   * @throws NotFoundError when the feature definitions are not registered (`fs apply`);
   *   StorageUnavailableError when a store cannot be written.
   */
  async write(messages: readonly IngestedMessage[]): Promise<FeatureWriteCounts> {
    if (messages.length === 0) return { written: 0, older: 0 };
    const texts = messages.map((m) => ({
      smsId: m.smsId,
      text: m.text,
      eventTimestamp: m.receivedAt,
    }));
    // Offline rows go to the store's journal (one Parquet part per flush, not per message);
    // they are on disk before the online writes start.
    const stored = await Promise.all(
      TEXT_FEATURE_SERVICES.map((service) =>
        storeMessageRows(
          this.store,
          messageRows(service, texts, this.extractors),
          'online_and_offline',
        ),
      ),
    );
    const older = new Set(stored.flatMap((s) => s.olderKeys));
    const olderMessages = messages.filter((m) => older.has(m.smsId)).length;
    return { written: messages.length - olderMessages, older: olderMessages };
  }

  /** Writes buffered offline history now (at shutdown, before offline reads in tests). */
  async flush(): Promise<void> {
    await this.store.flushOffline();
  }

  /**
   * The ids among `smsIds` that lack v1 or v2 features in the online store (absent, null or
   * expired), in one online read per {@link MAX_ONLINE_ENTITIES} ids.
   */
  async missing(smsIds: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < smsIds.length; i += MAX_ONLINE_ENTITIES) {
      const ids = smsIds.slice(i, i + MAX_ONLINE_ENTITIES);
      const online = await this.store.getOnlineFeatures({
        features: CHECKED_REFS,
        entities: ids,
      });
      const columns = online.columns.slice(1);
      ids.forEach((id, j) => {
        if (!columns.every((c) => c.statuses[j] === 'PRESENT')) out.add(id);
      });
    }
    return out;
  }
}
