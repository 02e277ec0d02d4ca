import { ownsInbox } from '../../../platform/auth/authorize';
import { isSmsId } from '../../../platform/storage/inbox/smsId';
import type { SmsResolvers } from '../generated/resolvers-types';
import { spamReportOf } from './spamReport';

export const Sms: SmsResolvers = {
  // The gateway asks for `userVerdict` of a whole page in one call: both loaders batch it, so
  // a page costs one storage read and one online read. Whose a message is comes from storage
  // (as user-data decides it), never from the reference: a malformed id, a missing message and
  // one the caller may not read (owner and admins only) all resolve to null.
  __resolveReference: async (ref, ctx) => {
    if (!isSmsId(ref.smsId)) return null;
    const sms = await ctx.smsById.load(ref.smsId.toLowerCase());
    return sms && ownsInbox(ctx.principal, sms.recipientId) ? sms : null;
  },
  // Also reached without a reference, on the message `receiveSms` returns: an ingest key that
  // delivered it does not read its owner's verdict.
  userVerdict: async (sms, _args, ctx) => {
    if (!ownsInbox(ctx.principal, sms.recipientId)) return null;
    const report = await ctx.reports.load(sms.smsId);
    return report && spamReportOf(report);
  },
};
