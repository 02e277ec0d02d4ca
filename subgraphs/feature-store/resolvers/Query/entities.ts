import type { QueryResolvers } from '../../generated/resolvers-types';
import { toEntity } from '../../mappers';

export const entities: NonNullable<QueryResolvers['entities']> = async (_parent, _args, ctx) =>
  (await ctx.registered()).entities.map(toEntity);
