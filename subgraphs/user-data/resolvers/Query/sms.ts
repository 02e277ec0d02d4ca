import { requireInboxOwner } from '../../../../platform/auth/authorize';
import { parseSmsId } from '../../../../platform/storage/inbox/smsId';
import { parsePartyId } from '../../../../platform/storage/inbox/smsInput';
import type { QueryResolvers } from '../../generated/resolvers-types';

/** The owner of the inbox and admins; anyone else → FORBIDDEN, whether or not it exists. */
export const sms: NonNullable<QueryResolvers['sms']> = async (_parent, args, ctx) => {
  const userId = parsePartyId(args.userId, 'userId');
  const smsId = parseSmsId(args.smsId);
  requireInboxOwner(ctx.principal, userId);
  return ctx.storage.inboxes.get(userId, smsId);
};
