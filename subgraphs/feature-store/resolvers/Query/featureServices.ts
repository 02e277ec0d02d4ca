import type { QueryResolvers } from '../../generated/resolvers-types';
import { toFeatureService } from '../../mappers';

export const featureServices: NonNullable<QueryResolvers['featureServices']> = async (
  _parent,
  _args,
  ctx,
) => {
  const repo = await ctx.registered();
  return repo.featureServices.map((s) => toFeatureService(s, repo));
};
