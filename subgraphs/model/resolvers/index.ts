import { DateTimeScalar } from '../../../platform/graphql/scalars';
import { JSONScalar } from '../../../platform/graphql/jsonScalar';
import type { Resolvers } from '../generated/resolvers-types';
import { Query } from './Query';
import { Sms } from './Sms';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query,
  Sms,
};
