import { ownsInbox } from '../../../platform/auth/authorize';
import { isSmsId } from '../../../platform/storage/inbox/smsId';
import type { SmsResolvers } from '../generated/resolvers-types';

export const Sms: SmsResolvers = {
  // References arrive in bulk from the gateway; the DataLoader turns them into one batch.
  // A malformed id cannot exist, so it resolves to null like any absent message; so does a
  // message the caller may not read (owner and admins only), which tells nothing of it.
  __resolveReference: async (ref, ctx) => {
    if (!isSmsId(ref.smsId)) return null;
    const sms = await ctx.smsById.load(ref.smsId.toLowerCase());
    return sms && ownsInbox(ctx.principal, sms.recipientId) ? sms : null;
  },
};
