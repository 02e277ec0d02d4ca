import { requireDeliverer } from '../../../../platform/auth/authorize';
import { newSmsId } from '../../../../platform/storage/inbox/smsId';
import { parseSmsInput } from '../../../../platform/storage/inbox/smsInput';
import type { MutationResolvers } from '../../generated/resolvers-types';

/** `ingest` and `admin` store to any recipient; a user only to their own inbox. */
export const storeSms: NonNullable<MutationResolvers['storeSms']> = async (_parent, args, ctx) => {
  const input = parseSmsInput(args.input);
  requireDeliverer(ctx.principal, input.recipientId);
  return ctx.storage.inboxes.insert({ smsId: newSmsId(), ...input });
};
