import { requireAuthenticated } from '../../../../platform/auth/authorize';
import type { QueryResolvers } from '../../generated/resolvers-types';
import { toOnlineFeatures } from '../../mappers';

// Which of featureService / features, unknown names, entity count and key sizes are all
// checked by the library (BAD_USER_INPUT naming what is wrong).
export const onlineFeatures: NonNullable<QueryResolvers['onlineFeatures']> = async (
  _parent,
  args,
  ctx,
) => {
  requireAuthenticated(ctx.principal);
  return toOnlineFeatures(
    await ctx.store.getOnlineFeatures({
      featureService: args.featureService,
      features: args.features,
      entities: args.entities,
      fullFeatureNames: args.fullFeatureNames ?? false,
    }),
  );
};
