import type { DataSourceResolvers } from '../generated/resolvers-types';

export const DataSource: DataSourceResolvers = {
  __resolveType: (source) => ('batchSource' in source ? 'PushSource' : 'FileSource'),
};
