import { DateTimeScalar } from '../../../platform/graphql/scalars';
import type { Resolvers } from '../generated/resolvers-types';
import { JSONScalar } from '../../../platform/graphql/jsonScalar';
import { DataSource } from './DataSource';
import { materialize } from './Mutation/materialize';
import { materializeIncremental } from './Mutation/materializeIncremental';
import { pushFeatures } from './Mutation/pushFeatures';
import { entities } from './Query/entities';
import { featureServices } from './Query/featureServices';
import { featureViews } from './Query/featureViews';
import { onlineFeatures } from './Query/onlineFeatures';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query: { featureServices, featureViews, entities, onlineFeatures },
  Mutation: { pushFeatures, materialize, materializeIncremental },
  DataSource,
};
