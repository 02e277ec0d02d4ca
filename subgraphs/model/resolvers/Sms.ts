/**
 * `Sms.spamPrediction`: every message of a request joins its version's DataLoader batch
 * (see ModelServing.predictMessages); the gateway supplies `text` (`@requires`). Who may see
 * a message was decided where it lives (user-data); here the caller must be signed in, and a
 * representation can only come from the gateway (signed), so its `text` cannot be forged.
 */
import { requireAuthenticated } from '../../../platform/auth/authorize';
import type { SmsResolvers } from '../generated/resolvers-types';
import { toSpamPrediction } from './mappers';

export const Sms: SmsResolvers = {
  __resolveReference: (ref) => ref,
  async spamPrediction(sms, { version: asked, skipCache }, ctx) {
    requireAuthenticated(ctx.principal);
    // No version named: the champion answers, and its batches are shadowed by the challenger.
    const choice = asked ? undefined : await ctx.serving.choice();
    const version = asked ?? choice!.champion;
    ctx.serving.classifier(version);
    const p = await ctx
      .predictions(version, skipCache ?? false, choice?.challenger ?? null)
      .load({ smsId: sms.smsId, text: sms.text });
    return toSpamPrediction(p);
  },
};
