/** Per-request context of the model subgraph. */
import DataLoader from 'dataloader';
import type { ModelVersion, MessageInput, ModelServing, Prediction } from '../../models';
import type { Principal } from '../../platform/auth/principal';
import type { Logger } from '../../platform/logger';
import type { CallLogStore } from '../../platform/storage/predictions/callLog';

/** Largest batch one DataLoader hands to the model (bigger inboxes take several calls). */
export const MAX_PREDICTION_BATCH = 500;

export interface Context {
  serving: ModelServing;
  callLog: CallLogStore;
  logger: Logger;
  /** Who is calling, as the gateway signed it. */
  principal: Principal;
  /**
   * This request's loader of message verdicts for one version (and cache mode): every
   * `Sms.spamPrediction` of the request joins one batch per version. With a `challenger`, each
   * batch is then scored by it too, in the shadow (off the request path).
   */
  predictions(
    version: ModelVersion,
    skipCache: boolean,
    challenger?: ModelVersion | null,
  ): DataLoader<MessageInput, Prediction>;
}

/** A fresh context, with fresh DataLoaders, for one request. */
export function createContext(deps: {
  serving: ModelServing;
  callLog: CallLogStore;
  logger: Logger;
  principal: Principal;
}): Context {
  const loaders = new Map<string, DataLoader<MessageInput, Prediction>>();
  return {
    ...deps,
    predictions(version, skipCache, challenger = null) {
      const key = `${version}:${skipCache}:${challenger ?? ''}`;
      let loader = loaders.get(key);
      if (!loader) {
        loader = new DataLoader(
          async (messages) => {
            const results = await deps.serving.predictMessages(version, messages, { skipCache });
            if (challenger) deps.serving.shadow(version, challenger, messages, results);
            return results;
          },
          { cacheKeyFn: (m) => m.smsId, maxBatchSize: MAX_PREDICTION_BATCH },
        );
        loaders.set(key, loader);
      }
      return loader;
    },
  };
}
