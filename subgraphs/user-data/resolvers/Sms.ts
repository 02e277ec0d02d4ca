import { isSmsId } from '../../../platform/storage/inbox/smsId';
import type { SmsResolvers } from '../generated/resolvers-types';

export const Sms: SmsResolvers = {
  // References arrive in bulk from the gateway; the DataLoader turns them into one batch.
  // A malformed id cannot exist, so it resolves to null like any absent message.
  __resolveReference: async (ref, ctx) =>
    isSmsId(ref.smsId) ? ctx.smsById.load(ref.smsId.toLowerCase()) : null,
};
