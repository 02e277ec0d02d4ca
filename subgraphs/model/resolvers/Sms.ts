/**
 * `Sms.spamPrediction`: every message of a request joins its version's DataLoader batch
 * (see ModelServing.predictMessages); the gateway supplies `text` (`@requires`).
 */
import type { SmsResolvers } from '../generated/resolvers-types';
import { toSpamPrediction } from './mappers';

export const Sms: SmsResolvers = {
  __resolveReference: (ref) => ref,
  async spamPrediction(sms, { version, skipCache }, ctx) {
    ctx.serving.classifier(version);
    const p = await ctx
      .predictions(version, skipCache ?? false)
      .load({ smsId: sms.smsId, text: sms.text });
    return toSpamPrediction(p);
  },
};
