/**
 * Query fields of the model subgraph: any signed-in principal may call them (anonymous →
 * UNAUTHENTICATED). Each direct model call is written to the caller's call log, keyed by the
 * principal (never by an address), once its input has been checked (so garbage never fills
 * the log), alongside the work.
 */
import { availableVersions, modelEntry } from '../../../models';
import { principalKey, requireAuthenticated } from '../../../platform/auth/authorize';
import { parseSmsText } from '../../../platform/storage/inbox/smsInput';
import type { Context } from '../context';
import type { QueryResolvers } from '../generated/resolvers-types';
import { toModelInfo, toSpamPrediction } from './mappers';

/** Most call-log entries one `recentCallLog` returns. */
export const MAX_CALL_LOG_ENTRIES = 1000;
const HOUR_MS = 3_600_000;

/** The call-log key of the caller. @throws UnauthenticatedError when anonymous. */
const callerOf = (ctx: Context): string => principalKey(requireAuthenticated(ctx.principal));

const logCall = (ctx: Context, operation: string, version: string, input: string) =>
  ctx.callLog.append({ caller: callerOf(ctx), version, calledAt: new Date(), operation, input });

export const Query: QueryResolvers = {
  async textToFeatures(_p, { version, text }, ctx) {
    callerOf(ctx);
    const features = ctx.serving.textToFeatures(version, text);
    await logCall(ctx, 'textToFeatures', version, text);
    return features;
  },

  async featuresToPrediction(_p, { version, features, skipCache }, ctx) {
    callerOf(ctx);
    ctx.serving.classifier(version).validate([features]);
    const [prediction] = await Promise.all([
      ctx.serving.predict(version, [features], { skipCache: skipCache ?? false }),
      logCall(ctx, 'featuresToPrediction', version, JSON.stringify(features)),
    ]);
    return toSpamPrediction(prediction[0]!);
  },

  async textToPrediction(_p, { version: asked, text, skipCache }, ctx) {
    callerOf(ctx);
    const version = asked ?? (await ctx.serving.choice()).champion;
    ctx.serving.classifier(version);
    parseSmsText(text);
    const [prediction] = await Promise.all([
      ctx.serving.predictText(version, text, { skipCache: skipCache ?? false }),
      logCall(ctx, 'textToPrediction', version, text),
    ]);
    return toSpamPrediction(prediction);
  },

  async recentCallLog(_p, { version }, ctx) {
    const caller = callerOf(ctx);
    ctx.serving.classifier(version);
    const since = new Date(Date.now() - HOUR_MS);
    const entries = await ctx.callLog.recent(caller, version, since, MAX_CALL_LOG_ENTRIES);
    return entries.map((e) => ({
      calledAt: e.calledAt,
      operation: e.operation,
      version,
      input: e.input,
    }));
  },

  async models(_p, _a, ctx) {
    requireAuthenticated(ctx.principal);
    const choice = await ctx.serving.choice();
    return availableVersions().map((v) =>
      toModelInfo(v, modelEntry(v), ctx.serving.loaded(v), choice),
    );
  },
};
