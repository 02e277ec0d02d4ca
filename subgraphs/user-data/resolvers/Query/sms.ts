import { parseSmsId } from '../../../../platform/storage/inbox/smsId';
import { parsePartyId } from '../../../../platform/storage/inbox/smsInput';
import type { QueryResolvers } from '../../generated/resolvers-types';

export const sms: NonNullable<QueryResolvers['sms']> = async (_parent, args, ctx) =>
  ctx.storage.inboxes.get(parsePartyId(args.userId, 'userId'), parseSmsId(args.smsId));
