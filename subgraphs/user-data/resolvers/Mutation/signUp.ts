import type { MutationResolvers } from '../../generated/resolvers-types';
import { authPayloadOf } from '../account';

/** Anyone may sign up (a USER account); the name must be free. */
export const signUp: NonNullable<MutationResolvers['signUp']> = async (_p, { input }, ctx) =>
  authPayloadOf(await ctx.accounts.signUp(input.name, input.password));
