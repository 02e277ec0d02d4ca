import type { MutationResolvers } from '../generated/resolvers-types';

export const receiveSms: NonNullable<MutationResolvers['receiveSms']> = async (
  _parent,
  { input },
  ctx,
) => {
  const result = await ctx.ingestion.receive(input);
  ctx.metrics.received(
    result.replayed ? 'replayed' : result.featuresStored ? 'stored' : 'features_failed',
  );
  return result;
};
