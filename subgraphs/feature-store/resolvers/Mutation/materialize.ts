import type { MutationResolvers } from '../../generated/resolvers-types';
import { toMaterializeResult } from '../../mappers';

export const materialize: NonNullable<MutationResolvers['materialize']> = async (
  _parent,
  args,
  ctx,
) => toMaterializeResult(await ctx.store.materialize(args.start, args.end, args.featureViews));
