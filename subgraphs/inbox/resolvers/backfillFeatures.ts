import { MAX_BACKFILL_BATCH, backfillFeatures as backfill } from '../../../models';
import { requireRole } from '../../../platform/auth/authorize';
import { BadUserInputError } from '../../../platform/errors';
import type { MutationResolvers } from '../generated/resolvers-types';

export const backfillFeatures: NonNullable<MutationResolvers['backfillFeatures']> = async (
  _parent,
  args,
  ctx,
) => {
  requireRole(ctx.principal, 'admin');
  const batchSize = args.batchSize ?? 500;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BACKFILL_BATCH) {
    throw new BadUserInputError(`batchSize must be 1–${MAX_BACKFILL_BATCH}, got ${batchSize}`, {
      field: 'batchSize',
    });
  }
  const result = await backfill(
    { inboxes: ctx.storage.inboxes, features: ctx.features },
    { batchSize, dryRun: args.dryRun ?? false },
  );
  ctx.logger.info(result, 'backfill of message features done');
  return result;
};
