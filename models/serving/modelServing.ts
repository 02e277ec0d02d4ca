/**
 * Model serving: the enabled versions' classifiers, loaded once, behind the prediction
 * cache and the feature store. The model subgraph is a thin GraphQL skin over this.
 *
 * @remarks Cache keys are (version, artifact digest, digest of the input vector), so a
 * retrained model or re-pushed features can never serve a stale verdict. That is why a
 * message's prediction reads its online features *before* the cache: an id alone cannot say
 * whether its features changed. One batched online read costs far less than a model call.
 */
import { performance } from 'node:perf_hooks';
import { LRUCache } from 'lru-cache';
import { type FeatureStore, isValidEntityKey } from '../../feature-store';
import { BadUserInputError, ModelVersionDisabledError } from '../../platform/errors';
import { parseSmsText } from '../../platform/storage/inbox/smsInput';
import type { PredictionCache } from '../../platform/storage/predictions/predictionCache';
import type { Classifier } from '../classifiers';
import { labelOf, type ModelVersion, type SpamLabel } from '../versions';
import { modelEntry } from '../registry';
import { inputDigest } from './inputDigest';
import { NO_OBSERVER, type ServingObserver } from './observer';
import type { ChampionSource, ServingChoice } from './champion';
import { FeatureExtractors, messageRows, type MessageText } from '../featureRepo/messageRows';
import { storeMessageRows } from '../featureRepo/storeRows';
import { featureNames, servingViewOf, storedVectorOf, vectorOfRow } from './servingFeatures';

/** Texts whose features a process remembers (`FeatureVector.fromCache`). */
const FEATURE_CACHE_ENTRIES = 10_000;
/** Verdicts a process keeps in memory in front of the storage cache (≈ 20 MB at most). */
const MEMORY_CACHE_ENTRIES = 100_000;
/**
 * Shadow batches one process scores at once; beyond that, batches are skipped (and counted)
 * rather than queued, so the challenger can never slow the champion's traffic or grow memory.
 */
export const MAX_SHADOW_BATCHES = 4;

/** One verdict. */
export interface Prediction {
  version: ModelVersion;
  label: SpamLabel;
  /** 0..1 */
  spamProbability: number;
  /** True when the verdict came from the prediction cache, not from a model call. */
  fromCache: boolean;
}

/** A text's feature vector for one version. */
export interface FeatureVectorResult {
  version: ModelVersion;
  /** One name per value (`features[0]`… for a list feature). */
  names: string[];
  values: number[];
  /** True when the vector came from this process' text → features cache. */
  fromCache: boolean;
}

/** A message to score: its id (the feature store's entity key) and, when known, its text. */
export interface MessageInput {
  smsId: string;
  /** Used only when the online store has no features for the message. */
  text?: string | null;
}

export interface PredictOptions {
  /** Do not read the prediction cache (the fresh verdict is still stored). */
  skipCache?: boolean;
}

export interface ModelServingOptions {
  /** Online features are read from, and computed features written through to, this store. */
  store: FeatureStore;
  cache: PredictionCache;
  /** Versions to serve; the others answer MODEL_VERSION_DISABLED. */
  enabled: readonly ModelVersion[];
  observer?: ServingObserver;
  /** Loads a version's classifier (default: the registry's committed artifact). */
  load?: (version: ModelVersion) => Promise<Classifier>;
  /** Clock for the event time of written-through features. */
  now?: () => Date;
  /** Champion and challenger (default: the newest enabled version, no challenger). */
  choice?: ChampionSource;
}

/** Serves the enabled model versions. Safe to share across requests. */
export class ModelServing {
  private readonly observer: ServingObserver;
  private readonly featureCache: LRUCache<string, number[]>;
  /**
   * Verdicts by (version, artifact digest, input digest): the storage cache's keys, so an
   * entry can never go stale and needs no invalidation; it only saves the storage round trip.
   */
  private readonly memoryCache: LRUCache<string, number>;
  /** Shadow batches being scored now. */
  private shadowInFlight = 0;
  /** Settles when no shadow batch is in flight (tests, shutdown). */
  private shadowIdle: Promise<void> = Promise.resolve();
  private releaseShadowIdle: (() => void) | undefined;

  private constructor(
    private readonly opts: ModelServingOptions,
    private readonly classifiers: ReadonlyMap<ModelVersion, Classifier>,
    /** Text → the rows written through for messages without online features. */
    private readonly extractors: FeatureExtractors,
  ) {
    this.observer = opts.observer ?? NO_OBSERVER;
    this.featureCache = new LRUCache({ max: FEATURE_CACHE_ENTRIES });
    this.memoryCache = new LRUCache({ max: MEMORY_CACHE_ENTRIES });
  }

  /**
   * Loads every enabled version's artifact, and the v2 tokenizer when one serves v2 features
   * (so no request pays for it).
   */
  static async open(opts: ModelServingOptions): Promise<ModelServing> {
    const load = opts.load ?? ((v: ModelVersion) => modelEntry(v).load());
    const loaded = await Promise.all(opts.enabled.map(async (v) => [v, await load(v)] as const));
    const services = loaded.map(([, c]) => c.featureService);
    return new ModelServing(opts, new Map(loaded), await FeatureExtractors.load({ services }));
  }

  /** The enabled versions, in version order. */
  get enabled(): readonly ModelVersion[] {
    return [...this.classifiers.keys()];
  }

  /** Who answers when no version is named, and who shadows it. */
  async choice(): Promise<ServingChoice> {
    if (this.opts.choice) return this.opts.choice.current();
    const newest = this.enabled[this.enabled.length - 1] as ModelVersion;
    return { champion: newest, challenger: null, source: 'configuration' };
  }

  /**
   * Scores `messages` with `challenger` off the request path and reports how it compares with
   * the champion's `results` (same order). Returns at once; at most {@link MAX_SHADOW_BATCHES}
   * run at a time, others are skipped. Its verdicts land in the prediction cache, so a
   * promoted challenger starts warm.
   */
  shadow(
    champion: ModelVersion,
    challenger: ModelVersion,
    messages: readonly MessageInput[],
    results: readonly (Prediction | Error)[],
  ): void {
    if (!this.classifiers.has(challenger) || messages.length === 0) return;
    if (this.shadowInFlight >= MAX_SHADOW_BATCHES) {
      this.observer.shadowSkipped(champion, challenger, messages.length, 'busy');
      return;
    }
    if (this.shadowInFlight++ === 0) {
      this.shadowIdle = new Promise((resolve) => (this.releaseShadowIdle = resolve));
    }
    setImmediate(() => {
      this.predictMessages(challenger, messages)
        .then((shadowed) => {
          const outcomes: { agree: boolean; delta: number }[] = [];
          shadowed.forEach((s, i) => {
            const c = results[i];
            if (s instanceof Error || !c || c instanceof Error) return;
            outcomes.push({
              agree: s.label === c.label,
              delta: s.spamProbability - c.spamProbability,
            });
          });
          this.observer.shadowCompared(champion, challenger, outcomes);
        })
        .catch(() => this.observer.shadowSkipped(champion, challenger, messages.length, 'error'))
        .finally(() => {
          if (--this.shadowInFlight === 0) this.releaseShadowIdle?.();
        });
    });
  }

  /** Resolves once no shadow batch is being scored. */
  shadowSettled(): Promise<void> {
    return this.shadowInFlight === 0 ? Promise.resolve() : this.shadowIdle;
  }

  /**
   * The loaded classifier of an enabled version.
   *
   * @throws ModelVersionDisabledError when the version is not served here.
   */
  classifier(version: ModelVersion): Classifier {
    const c = this.classifiers.get(version);
    if (!c) throw new ModelVersionDisabledError(version, this.enabled);
    return c;
  }

  /**
   * A text's features, exactly as training computed them.
   *
   * @throws BadUserInputError for an empty, too long or control-character text.
   */
  textToFeatures(version: ModelVersion, text: string): FeatureVectorResult {
    const c = this.classifier(version);
    const { values, fromCache } = this.features(c, parseSmsText(text));
    return { version, names: featureNames(c, values), values: [...values], fromCache };
  }

  private features(c: Classifier, text: string): { values: number[]; fromCache: boolean } {
    const key = `${c.version}\u0000${text}`;
    const hit = this.featureCache.get(key);
    if (hit) return { values: hit, fromCache: true };
    const values = c.textToFeatures(text);
    this.featureCache.set(key, values);
    return { values, fromCache: false };
  }

  /**
   * Verdicts for feature vectors, in order: one cache read for the batch, one model call on
   * the distinct misses, one cache write.
   *
   * @throws BadUserInputError when a vector has the wrong length or values.
   */
  async predict(
    version: ModelVersion,
    vectors: readonly (readonly number[])[],
    opts: PredictOptions = {},
  ): Promise<Prediction[]> {
    const c = this.classifier(version);
    if (vectors.length === 0) return [];
    c.validate(vectors);
    const scope = { version, artifactDigest: c.artifactDigest };
    const digests = vectors.map((v) => inputDigest(v));
    const memoryKey = (d: string) => `${version}:${c.artifactDigest}:${d}`;
    const cached = opts.skipCache
      ? digests.map(() => null)
      : await this.readCache(scope, digests, memoryKey);
    const missing = new Map<string, readonly number[]>();
    digests.forEach((d, i) => {
      if (cached[i] == null && !missing.has(d)) missing.set(d, vectors[i] as readonly number[]);
    });
    if (!opts.skipCache) {
      this.observer.cacheLookup(version, vectors.length - countMisses(cached), countMisses(cached));
    }
    const fresh = new Map<string, number>();
    if (missing.size > 0) {
      const batch = [...missing.values()];
      const t0 = performance.now();
      const probs = await c.predictProba(batch);
      this.observer.modelCall(version, batch.length, (performance.now() - t0) / 1000);
      [...missing.keys()].forEach((d, i) => {
        fresh.set(d, probs[i] as number);
        this.memoryCache.set(memoryKey(d), probs[i] as number);
      });
      await this.opts.cache.putMany(
        scope,
        [...fresh].map(([d, p]) => ({ inputDigest: d, spamProbability: p })),
      );
    }
    return digests.map((d, i) => {
      const hit = cached[i];
      const p = hit ?? (fresh.get(d) as number);
      return { version, label: labelOf(p), spamProbability: p, fromCache: hit != null };
    });
  }

  /** Cached verdicts: process memory first, then one storage read for the rest. */
  private async readCache(
    scope: { version: ModelVersion; artifactDigest: string },
    digests: readonly string[],
    memoryKey: (digest: string) => string,
  ): Promise<(number | null)[]> {
    const out = digests.map((d) => this.memoryCache.get(memoryKey(d)) ?? null);
    const ask = [...new Set(digests.filter((_, i) => out[i] === null))];
    this.observer.memoryHits(scope.version, digests.length - countMisses(out));
    if (ask.length === 0) return out;
    const t0 = performance.now();
    const stored = await this.opts.cache.getMany(scope, ask);
    this.observer.cacheRead(scope.version, ask.length, (performance.now() - t0) / 1000);
    const found = new Map<string, number>();
    ask.forEach((d, i) => {
      const p = stored[i];
      if (p != null) {
        found.set(d, p);
        this.memoryCache.set(memoryKey(d), p);
      }
    });
    return out.map((p, i) => p ?? found.get(digests[i] as string) ?? null);
  }

  /** Verdict for one text: its features, then {@link predict}. */
  async predictText(
    version: ModelVersion,
    text: string,
    opts: PredictOptions = {},
  ): Promise<Prediction> {
    const { values } = this.features(this.classifier(version), parseSmsText(text));
    const [p] = await this.predict(version, [values], opts);
    return p as Prediction;
  }

  /**
   * Verdicts for stored messages, in order — the batch function behind `Sms.spamPrediction`.
   * Features come from the online store in one read; a message without them gets them from
   * its text (the feature repo's `messageRows`, as ingestion computes them), and they are
   * written through to the store. A message that cannot be scored gets its own error; the
   * others still get verdicts.
   */
  async predictMessages(
    version: ModelVersion,
    messages: readonly MessageInput[],
    opts: PredictOptions = {},
  ): Promise<(Prediction | Error)[]> {
    const c = this.classifier(version);
    if (messages.length === 0) return [];
    const serving = servingViewOf(c);
    // A malformed id fails its own message, not the batch.
    const badId = () => new BadUserInputError('sms ids must be 1–128 character strings');
    const readable = messages.filter((m) => isValidEntityKey(m.smsId));
    if (readable.length === 0) return messages.map(badId);
    const readStarted = performance.now();
    const online = await this.opts.store.getOnlineFeatures({
      features: serving.refs,
      entities: readable.map((m) => m.smsId),
    });
    const readSeconds = (performance.now() - readStarted) / 1000;
    const columns = online.columns.slice(1);
    // null: to be computed from the message's text.
    const vectors: (number[] | Error | null)[] = [];
    const texts: MessageText[] = [];
    const now = this.opts.now?.() ?? new Date();
    let row = 0;
    messages.forEach((m) => {
      if (!isValidEntityKey(m.smsId)) return vectors.push(badId());
      const j = row++;
      const present = columns.every((col) => col.statuses[j] === 'PRESENT');
      const stored =
        present &&
        storedVectorOf(
          c,
          columns.map((col) => col.values[j] ?? null),
        );
      if (stored) return vectors.push(stored);
      if (m.text == null) {
        return vectors.push(
          new BadUserInputError(`message ${m.smsId} has no ${version} features and no text`),
        );
      }
      try {
        texts.push({ smsId: m.smsId, text: parseSmsText(m.text), eventTimestamp: now });
        vectors.push(null);
      } catch (e) {
        vectors.push(e as Error);
      }
    });
    this.observer.onlineRead(version, readable.length, texts.length, readSeconds);
    const computed = messageRows(c.featureService, texts, this.extractors);
    let next = 0;
    const filled = vectors.map((v) => v ?? vectorOfRow(c, computed.rows[next++]!));
    const scorable = filled.filter((v): v is number[] => !(v instanceof Error));
    const [predictions] = await Promise.all([
      this.predict(version, scorable, opts),
      storeMessageRows(this.opts.store, computed, 'online'),
    ]);
    next = 0;
    return filled.map((v) => (v instanceof Error ? v : (predictions[next++] as Prediction)));
  }

  /** The classifier of a version when it is served here, else undefined. */
  loaded(version: ModelVersion): Classifier | undefined {
    return this.classifiers.get(version);
  }
}

function countMisses(cached: readonly (number | null)[]): number {
  return cached.reduce<number>((n, p) => n + (p == null ? 1 : 0), 0);
}
