import type { QueryResolvers } from '../../generated/resolvers-types';
import { toFeatureView } from '../../mappers';

export const featureViews: NonNullable<QueryResolvers['featureViews']> = async (
  _parent,
  _args,
  ctx,
) => (await ctx.registered()).featureViews.map(toFeatureView);
