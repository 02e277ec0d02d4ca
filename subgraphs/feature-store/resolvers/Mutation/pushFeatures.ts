import { requireRole } from '../../../../platform/auth/authorize';
import type { MutationResolvers } from '../../generated/resolvers-types';
import { toLibPushTarget, toPushResult } from '../../mappers';

// `rows` is untyped JSON on purpose: the library checks every row against the pushed views'
// schemas before writing anything, and names the first bad cell.
export const pushFeatures: NonNullable<MutationResolvers['pushFeatures']> = async (
  _parent,
  args,
  ctx,
) => {
  requireRole(ctx.principal, 'admin');
  return toPushResult(
    await ctx.store.push(
      args.pushSource,
      args.rows,
      toLibPushTarget(args.to ?? 'ONLINE_AND_OFFLINE'),
    ),
  );
};
