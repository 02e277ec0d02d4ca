/** Per-request context of the feature-store subgraph. */
import type { FeatureStore, FeatureRepo } from '../../feature-store';
import type { Principal } from '../../platform/auth/principal';
import type { Logger } from '../../platform/logger';

export interface Context {
  store: FeatureStore;
  logger: Logger;
  /** Who is calling, as the gateway signed it. */
  principal: Principal;
  /**
   * The registered repo, read once per request (so every field of one response describes
   * the same registry version). Rejects with NOT_FOUND before the first `fs apply`.
   */
  registered(): Promise<FeatureRepo>;
}

/** A fresh context for one request. */
export function createContext(store: FeatureStore, logger: Logger, principal: Principal): Context {
  let repo: Promise<FeatureRepo> | undefined;
  return {
    store,
    logger,
    principal,
    registered: () => (repo ??= store.registered()),
  };
}
