import { requireAuthenticated } from '../../../../platform/auth/authorize';
import type { QueryResolvers } from '../../generated/resolvers-types';
import { toFeatureService } from '../../mappers';

/** Any signed-in principal (anonymous → UNAUTHENTICATED). */
export const featureServices: NonNullable<QueryResolvers['featureServices']> = async (
  _parent,
  _args,
  ctx,
) => {
  requireAuthenticated(ctx.principal);
  const repo = await ctx.registered();
  return repo.featureServices.map((s) => toFeatureService(s, repo));
};
