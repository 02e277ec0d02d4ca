/** Scalars shared by the subgraphs (each declares them in its SDL; composition merges them). */
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { parseTimestamp } from '../timestamp';

const parseIso = (value: unknown): Date => {
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)
  ) {
    throw new GraphQLError(
      'DateTime must be an ISO-8601 string with a timezone, e.g. 2026-01-31T12:00:00Z',
      {
        extensions: { code: 'BAD_USER_INPUT' },
      },
    );
  }
  // Field by field: `new Date` would roll 2021-02-30 over to March 2.
  try {
    return parseTimestamp(value, 'DateTime');
  } catch (e) {
    throw new GraphQLError((e as Error).message.replace(/^DateTime: /, 'DateTime '), {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
};

/** ISO-8601 date-time with timezone; serialized in UTC with milliseconds. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An ISO-8601 date-time with timezone, e.g. 2026-11-26T17:03:55.123Z.',
  serialize(value) {
    const d =
      value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
    if (!d || Number.isNaN(d.getTime()))
      throw new GraphQLError('DateTime cannot represent this value');
    return d.toISOString();
  },
  parseValue: parseIso,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('DateTime must be a string', {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    return parseIso(ast.value);
  },
});
