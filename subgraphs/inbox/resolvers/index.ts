import { DateTimeScalar } from '../../../platform/graphql/scalars';
import type { Resolvers } from '../generated/resolvers-types';
import { backfillFeatures } from './backfillFeatures';
import { receiveSms } from './receiveSms';
import { reportSpam } from './reportSpam';
import { Sms } from './Sms';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Mutation: { receiveSms, backfillFeatures, reportSpam },
  Sms,
};
