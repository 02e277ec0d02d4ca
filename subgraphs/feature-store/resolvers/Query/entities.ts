import { requireAuthenticated } from '../../../../platform/auth/authorize';
import type { QueryResolvers } from '../../generated/resolvers-types';
import { toEntity } from '../../mappers';

/** Any signed-in principal (anonymous → UNAUTHENTICATED). */
export const entities: NonNullable<QueryResolvers['entities']> = async (_parent, _args, ctx) => {
  requireAuthenticated(ctx.principal);
  return (await ctx.registered()).entities.map(toEntity);
};
