import { requireDeliverer } from '../../../platform/auth/authorize';
import type { MutationResolvers } from '../generated/resolvers-types';

/** `ingest` and `admin` deliver to any recipient; a user only to their own inbox. */

export const receiveSms: NonNullable<MutationResolvers['receiveSms']> = async (
  _parent,
  { input },
  ctx,
) => {
  requireDeliverer(ctx.principal, typeof input.recipientId === 'string' ? input.recipientId : '');
  const result = await ctx.ingestion.receive(input);
  ctx.metrics.received(
    result.replayed ? 'replayed' : result.featuresStored ? 'stored' : 'features_failed',
  );
  return result;
};
