import type { QueryResolvers } from '../../generated/resolvers-types';
import { accountOf } from '../account';

/** Anyone may ask; the answer is the caller's own account (null for keys and anonymous). */
export const me: NonNullable<QueryResolvers['me']> = (_p, _args, ctx) =>
  ctx.principal.kind === 'user' ? accountOf(ctx.principal) : null;
