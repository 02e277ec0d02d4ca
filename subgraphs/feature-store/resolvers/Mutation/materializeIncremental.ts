import type { MutationResolvers } from '../../generated/resolvers-types';
import { toMaterializeResult } from '../../mappers';

export const materializeIncremental: NonNullable<
  MutationResolvers['materializeIncremental']
> = async (_parent, args, ctx) =>
  toMaterializeResult(await ctx.store.materializeIncremental(args.end, args.featureViews));
