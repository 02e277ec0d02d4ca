import { requireRole } from '../../../../platform/auth/authorize';
import type { MutationResolvers } from '../../generated/resolvers-types';
import { toMaterializeResult } from '../../mappers';

/** Admins only (a feature-store write). */
export const materializeIncremental: NonNullable<
  MutationResolvers['materializeIncremental']
> = async (_parent, args, ctx) => {
  requireRole(ctx.principal, 'admin');
  return toMaterializeResult(await ctx.store.materializeIncremental(args.end, args.featureViews));
};
