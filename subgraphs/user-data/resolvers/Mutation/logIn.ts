import type { MutationResolvers } from '../../generated/resolvers-types';
import { authPayloadOf } from '../account';

/** Anyone may try; failures are throttled per account and per client address. */
export const logIn: NonNullable<MutationResolvers['logIn']> = async (_p, { input }, ctx) =>
  authPayloadOf(await ctx.accounts.logIn(input.name, input.password, ctx.clientAddress));
