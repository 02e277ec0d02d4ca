import { DateTimeScalar } from '../../../platform/graphql/scalars';
import type { Resolvers } from '../generated/resolvers-types';
import { logIn } from './Mutation/logIn';
import { logOut } from './Mutation/logOut';
import { signUp } from './Mutation/signUp';
import { storeSms } from './Mutation/storeSms';
import { inbox } from './Query/inbox';
import { me } from './Query/me';
import { sms } from './Query/sms';
import { Sms } from './Sms';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: { me, inbox, sms },
  Mutation: { signUp, logIn, logOut, storeSms },
  Sms,
};
