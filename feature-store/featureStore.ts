/**
 * The feature store facade — Feast's `FeatureStore`: apply, materialize, push, online and
 * historical reads over one storage connection and the Parquet offline store.
 *
 * @remarks Serving uses the *registered* repo (what `apply` stored), cached for
 * `registryTtlMs` like Feast's registry cache, so a separate `fs apply` reaches running servers.
 */
import path from 'node:path';
import { BadUserInputError, NotFoundError } from '../platform/errors';
import { FeatureViewNotFoundError } from './errors';
import type { Storage } from '../platform/storage';
import { applyRepo, planApply, type ApplyPlan } from './apply';
import {
  materialize,
  materializeIncremental,
  type MaterializeProgress,
  type MaterializeResult,
} from './materialize';
import { getHistoricalFeatures, type EntityRow, type HistoricalResult } from './offline/historical';
import {
  OfflineJournal,
  type JournalTarget,
  type OfflineJournalOptions,
} from './offline/offlineJournal';
import { OfflineStore } from './offline/offlineStore';
import type { OnlineStore } from './online/onlineStore';
import { checkEntityKeys, readOnlineFeatures, type OnlineFeatures } from './onlineRead';
import type { OnlineWriteResult } from './online/onlineStore';
import {
  DEFAULT_MAX_FUTURE_SKEW_SECONDS,
  push,
  toFeatureRows,
  type PushResult,
  type PushTarget,
  type RowLimits,
} from './push';
import type { RegistryStore } from './registry/registryStore';
import { resolveFeatureRefs } from './refs';
import { createOnlineStore, createRegistryStore } from './stores';
import type { Entity, FeatureRepo, FeatureView } from './types';

export interface FeatureStoreOptions {
  storage: Storage;
  /** Root of the Parquet offline store (default DATA_DIR/offline). */
  offlineRoot: string;
  /** The definitions `apply` registers. */
  definitions: FeatureRepo;
  registryTtlMs?: number;
  now?: () => Date;
  /** Flush interval and size of buffered offline pushes (`push(…, { bufferOffline })`). */
  journal?: OfflineJournalOptions;
  /**
   * How far in the future (by `now`) a pushed or written event time may be, in seconds
   * (default {@link DEFAULT_MAX_FUTURE_SKEW_SECONDS}); later rows are refused.
   */
  maxFutureSkewSeconds?: number;
}

/** What {@link FeatureStore.writeToOnlineStore} did. */
export interface OnlineWriteSummary extends OnlineWriteResult {
  view: string;
  /** Rows given. */
  rows: number;
}

/** What {@link FeatureStore.deleteOnline} did. */
export interface OnlineDeleteResult {
  view: string;
  /** Keys whose online row was deleted, in the order given. */
  deleted: string[];
  /** Keys that had no online row (nothing to delete). */
  notFound: string[];
}

/** Which features to read. */
export interface FeatureSelection {
  featureService?: string | null;
  features?: readonly string[] | null;
  fullFeatureNames?: boolean;
}

export class FeatureStore {
  readonly online: OnlineStore;
  readonly registry: RegistryStore;
  readonly offline: OfflineStore;
  private cached?: { repo: FeatureRepo; at: number };
  private refreshing?: Promise<FeatureRepo>;
  /** Bumped by `apply`: a read that started before it must not cache what it read. */
  private generation = 0;
  private journal?: OfflineJournal;

  private constructor(private readonly opts: FeatureStoreOptions) {
    this.online = createOnlineStore(opts.storage.connection);
    this.registry = createRegistryStore(opts.storage.connection);
    this.offline = new OfflineStore(opts.offlineRoot);
  }

  /** Opens the store and creates the registry tables when missing. */
  static async open(opts: FeatureStoreOptions): Promise<FeatureStore> {
    const fs = new FeatureStore(opts);
    await fs.registry.init();
    return fs;
  }

  /** The default offline root under a data dir. */
  static offlineRootOf(dataDir: string): string {
    return path.join(dataDir, 'offline');
  }

  get definitions(): FeatureRepo {
    return this.opts.definitions;
  }

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  /** Row limits of a write now: event times at most the skew ahead. */
  private rowLimits(): RowLimits {
    const now = this.now();
    const skewSeconds = this.opts.maxFutureSkewSeconds ?? DEFAULT_MAX_FUTURE_SKEW_SECONDS;
    return { notAfter: { at: new Date(now.getTime() + skewSeconds * 1000), now, skewSeconds } };
  }

  /**
   * The registered repo, cached for `registryTtlMs` (default 10 s). Once a repo is cached,
   * an expired entry is still served while ONE background read refreshes it (stale while
   * revalidate), so no request waits on the registry and concurrent requests never read it
   * twice; a failed refresh keeps the last repo and the next request tries again. With a TTL
   * of 0 every call waits for a registry read.
   *
   * @throws NotFoundError before the first `fs apply`.
   */
  async registered(): Promise<FeatureRepo> {
    const ttl = this.opts.registryTtlMs ?? 10_000;
    const cached = this.cached;
    if (!cached || ttl === 0) return this.readRegistry();
    if (Date.now() - cached.at >= ttl && !this.refreshing) {
      this.readRegistry().catch(() => undefined);
    }
    return cached.repo;
  }

  /** One registry read at a time; the result becomes the cached repo. */
  private readRegistry(): Promise<FeatureRepo> {
    if (this.refreshing) return this.refreshing;
    const generation = this.generation;
    const read = (async () => {
      const got = await this.registry.getRepo(this.opts.definitions.project);
      if (!got) {
        throw new NotFoundError(
          `project ${this.opts.definitions.project} has no registry yet: run \`npx spamgraph fs apply\``,
        );
      }
      if (generation === this.generation) this.cached = { repo: got.repo, at: Date.now() };
      return got.repo;
    })();
    this.refreshing = read;
    const done = () => {
      if (this.refreshing === read) this.refreshing = undefined;
    };
    read.then(done, done);
    return read;
  }

  private entityOf(repo: FeatureRepo): Entity {
    const e = repo.entities[0];
    if (!e) throw new NotFoundError('the registry defines no entity');
    return e;
  }

  /** What `apply` would do. */
  async plan(): Promise<ApplyPlan> {
    const current = await this.registry.getRepo(this.opts.definitions.project);
    return planApply(current?.repo, this.opts.definitions);
  }

  /** Registers the definitions and prepares the online store. */
  async apply(): Promise<ApplyPlan> {
    const plan = await applyRepo(this.registry, this.online, this.opts.definitions, this.now());
    this.cached = undefined;
    this.refreshing = undefined;
    this.generation++;
    return plan;
  }

  private async deps(onProgress?: MaterializeProgress) {
    return {
      repo: await this.registered(),
      offline: this.offline,
      online: this.online,
      registry: this.registry,
      onProgress,
      now: () => this.now(),
    };
  }

  materialize(
    start: Date,
    end: Date,
    views?: readonly string[] | null,
    onProgress?: MaterializeProgress,
  ): Promise<MaterializeResult> {
    return this.deps(onProgress).then((d) => materialize(d, start, end, views));
  }

  materializeIncremental(
    end: Date,
    views?: readonly string[] | null,
    onProgress?: MaterializeProgress,
  ): Promise<MaterializeResult> {
    return this.deps(onProgress).then((d) => materializeIncremental(d, end, views));
  }

  /**
   * Feast's `push`. With `bufferOffline`, offline rows go to this store's journal and become
   * one Parquet part per flush (see {@link OfflineJournal}) instead of one part per push.
   *
   * @throws BadUserInputError for a bad row — including an event (or created) time more than
   *   `maxFutureSkewSeconds` ahead of now — and then nothing is written.
   */
  async push(
    pushSource: string,
    rows: unknown,
    to: PushTarget = 'online_and_offline',
    opts: { bufferOffline?: boolean } = {},
  ): Promise<PushResult> {
    const repo = await this.registered();
    return push({ repo, online: this.online, offline: this.offline }, pushSource, rows, to, {
      journal: opts.bufferOffline ? this.offlineJournal : undefined,
      limits: this.rowLimits(),
    });
  }

  /** This process's buffered offline writes, created on first use. */
  private get offlineJournal(): OfflineJournal {
    if (!this.journal) {
      this.journal = new OfflineJournal(this.offline, this.opts.journal);
      this.journal.watch(this.journalTargets());
    }
    return this.journal;
  }

  /** Every view fed by a push source in the definitions (whose journals a flush recovers). */
  private journalTargets(): JournalTarget[] {
    const repo = this.definitions;
    return repo.featureViews.flatMap((view) => {
      const entity = repo.entities.find((e) => e.name === view.entities[0]);
      return view.source.kind === 'push_source' && entity ? [{ view, entity }] : [];
    });
  }

  /**
   * Writes buffered offline rows as Parquet parts now, including journals left by processes
   * that died. Services call it at start (recovery) and at shutdown.
   *
   * @returns rows written.
   */
  flushOffline(): Promise<number> {
    return this.offlineJournal.flush();
  }

  /**
   * Writes rows straight to a view's online table, bypassing its source — Feast's
   * `write_to_online_store`. Rows are checked like a push's (event times at most the skew
   * ahead); event-time ordering holds.
   *
   * @throws NotFoundError for an unknown view; BadUserInputError for a bad row (nothing written).
   */
  async writeToOnlineStore(
    viewName: string,
    rows: readonly unknown[],
  ): Promise<OnlineWriteSummary> {
    const { view, entity } = await this.onlineView(viewName);
    const featureRows = toFeatureRows(view, entity, rows, this.rowLimits());
    const w = await this.online.write(view, featureRows);
    return { view: view.name, rows: featureRows.length, ...w };
  }

  /**
   * Deletes the online rows of `entityKeys` in a view — an admin's repair of a bad row (e.g.
   * one stamped far in the future, which newer-event-wins would keep forever). Afterwards a
   * write of any event time lands again. The offline store keeps its history (a later
   * materialization of a window holding the bad row would copy it again).
   *
   * @throws NotFoundError for an unknown view; BadUserInputError for an offline-only view or
   *   bad keys (nothing deleted).
   */
  async deleteOnline(viewName: string, entityKeys: readonly string[]): Promise<OnlineDeleteResult> {
    const { view } = await this.onlineView(viewName);
    checkEntityKeys(entityKeys);
    const deleted = await this.online.delete(view, entityKeys);
    const gone = new Set(deleted);
    return {
      view: view.name,
      deleted,
      notFound: [...new Set(entityKeys)].filter((k) => !gone.has(k)),
    };
  }

  /** A registered online view and its entity. */
  private async onlineView(viewName: string): Promise<{ view: FeatureView; entity: Entity }> {
    const repo = await this.registered();
    const view = repo.featureViews.find((v) => v.name === viewName);
    if (!view) {
      throw new FeatureViewNotFoundError(
        viewName,
        repo.featureViews.map((v) => v.name),
      );
    }
    if (!view.online) throw new BadUserInputError(`feature view ${viewName} is not online`);
    return { view, entity: this.entityOf(repo) };
  }

  /**
   * The entity keys with a row in the offline history of `viewName` at or before `until`
   * (event time): e.g. every message labeled by then, users' verdicts included.
   *
   * @throws NotFoundError for a view that is not registered.
   */
  async offlineEntityKeys(viewName: string, until: Date): Promise<string[]> {
    const repo = await this.registered();
    const view = repo.featureViews.find((v) => v.name === viewName);
    if (!view) {
      throw new FeatureViewNotFoundError(
        viewName,
        repo.featureViews.map((v) => v.name),
      );
    }
    return this.offline.entityKeys(view, this.entityOf(repo), until);
  }

  async getOnlineFeatures(
    sel: FeatureSelection & { entities: readonly string[] },
  ): Promise<OnlineFeatures> {
    const repo = await this.registered();
    const refs = resolveFeatureRefs(repo, sel);
    return readOnlineFeatures(this.online, this.entityOf(repo), refs, sel.entities, {
      fullFeatureNames: sel.fullFeatureNames,
      now: this.now(),
    });
  }

  async getHistoricalFeatures(
    sel: FeatureSelection & { entityRows: EntityRow[] },
  ): Promise<HistoricalResult> {
    const repo = await this.registered();
    const refs = resolveFeatureRefs(repo, sel);
    return getHistoricalFeatures(this.offline, this.entityOf(repo), sel.entityRows, refs, {
      fullFeatureNames: sel.fullFeatureNames,
    });
  }
}
