import { requireAuthenticated } from '../../../../platform/auth/authorize';
import type { QueryResolvers } from '../../generated/resolvers-types';
import { toFeatureView } from '../../mappers';

/** Any signed-in principal (anonymous → UNAUTHENTICATED). */
export const featureViews: NonNullable<QueryResolvers['featureViews']> = async (
  _parent,
  _args,
  ctx,
) => {
  requireAuthenticated(ctx.principal);
  return (await ctx.registered()).featureViews.map(toFeatureView);
};
