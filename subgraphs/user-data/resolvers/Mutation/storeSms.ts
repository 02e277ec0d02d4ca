import { newSmsId } from '../../../../platform/storage/inbox/smsId';
import { parseSmsInput } from '../../../../platform/storage/inbox/smsInput';
import type { MutationResolvers } from '../../generated/resolvers-types';

export const storeSms: NonNullable<MutationResolvers['storeSms']> = async (_parent, args, ctx) => {
  const input = parseSmsInput(args.input);
  return ctx.storage.inboxes.insert({ smsId: newSmsId(), ...input });
};
