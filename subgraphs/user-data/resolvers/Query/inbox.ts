import { requireInboxOwner } from '../../../../platform/auth/authorize';
import { BadUserInputError } from '../../../../platform/errors';
import { parsePartyId } from '../../../../platform/storage/inbox/smsInput';
import type { QueryResolvers } from '../../generated/resolvers-types';
import { decodeCursor, encodeCursor } from '../../cursor';

/** Largest page `inbox(first:)` accepts. */
export const MAX_PAGE_SIZE = 200;

/** The owner of the inbox and admins; anyone else → FORBIDDEN, whether or not it exists. */
export const inbox: NonNullable<QueryResolvers['inbox']> = async (_parent, args, ctx) => {
  const userId = parsePartyId(args.userId, 'userId');
  requireInboxOwner(ctx.principal, userId);
  const first = args.first ?? 50;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`first must be between 0 and ${MAX_PAGE_SIZE}, got ${first}`, {
      field: 'first',
    });
  }
  const beforeSmsId = args.after == null ? undefined : decodeCursor(args.after);
  const page = await ctx.storage.inboxes.listInbox(userId, { limit: first, beforeSmsId });
  const edges = page.items.map((node) => ({ cursor: encodeCursor(node.smsId), node }));
  return {
    edges,
    pageInfo: { hasNextPage: page.hasMore, endCursor: edges.at(-1)?.cursor ?? null },
  };
};
