import { requireRole } from '../../../../platform/auth/authorize';
import type { MutationResolvers } from '../../generated/resolvers-types';
import { toMaterializeResult } from '../../mappers';

/** Admins only (a feature-store write). */
export const materialize: NonNullable<MutationResolvers['materialize']> = async (
  _parent,
  args,
  ctx,
) => {
  requireRole(ctx.principal, 'admin');
  return toMaterializeResult(await ctx.store.materialize(args.start, args.end, args.featureViews));
};
