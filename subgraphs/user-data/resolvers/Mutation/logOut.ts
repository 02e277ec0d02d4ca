import type { MutationResolvers } from '../../generated/resolvers-types';

/** The signed-in user ends their own session; anyone else gets false. */
export const logOut: NonNullable<MutationResolvers['logOut']> = async (_p, _args, ctx) => {
  if (ctx.principal.kind !== 'user') return false;
  await ctx.accounts.logOut(ctx.principal);
  return true;
};
