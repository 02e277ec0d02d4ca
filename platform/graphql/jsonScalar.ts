/**
 * The `JSON` scalar: any JSON value, passed through as is. Inline literals are turned into
 * the value they spell (objects, lists, numbers…), with variables substituted.
 */
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

/** Deepest nesting a literal may have (a guard against pathological documents). */
const MAX_DEPTH = 64;

function fromLiteral(
  ast: ValueNode,
  variables: Record<string, unknown> | null | undefined,
  depth: number,
): unknown {
  if (depth > MAX_DEPTH) {
    throw new GraphQLError(`JSON literal nested deeper than ${MAX_DEPTH} levels`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
    case Kind.ENUM:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((v) => fromLiteral(v, variables, depth + 1));
    case Kind.OBJECT:
      return Object.fromEntries(
        ast.fields.map((f) => [f.name.value, fromLiteral(f.value, variables, depth + 1)]),
      );
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
  }
}

/** Any JSON value. */
export const JSONScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  description:
    'Any JSON value (object, list, string, number, boolean or null), passed through as is.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => fromLiteral(ast, variables, 0),
});
