import { reportLabel, type SpamReport } from '../../../models';
import { ownsInbox, requireRole } from '../../../platform/auth/authorize';
import { ForbiddenError, NotFoundError } from '../../../platform/errors';
import { parseSmsId } from '../../../platform/storage/inbox/smsId';
import type { MutationResolvers } from '../generated/resolvers-types';
import { labelOf, spamReportOf } from './spamReport';

/** One answer for another user's message and a missing one: neither tells the other apart. */
export const NOT_YOURS = 'you may only report messages of your own inbox';

/**
 * The owner of the message reports; admins may report on any. Whose the message is comes from
 * storage, never from the caller.
 */
export const reportSpam: NonNullable<MutationResolvers['reportSpam']> = async (
  _parent,
  args,
  ctx,
) => {
  const who = requireRole(ctx.principal, 'user', 'admin');
  const smsId = parseSmsId(args.smsId);
  const sms = await ctx.smsById.load(smsId);
  if (!sms && who.role === 'admin') {
    throw new NotFoundError(`no message has id ${smsId}`, { field: 'smsId' });
  }
  if (!sms || !ownsInbox(who, sms.recipientId)) throw new ForbiddenError(NOT_YOURS);
  const report: SpamReport = { smsId, label: labelOf(args.label), reportedAt: new Date() };
  await reportLabel(ctx.store, report);
  return spamReportOf(report);
};
