import { graphql, GraphQLObjectType, GraphQLSchema } from 'graphql';
import { JSONScalar } from './jsonScalar';

/** A one-field schema echoing its JSON argument. */
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      echo: {
        type: JSONScalar,
        args: { value: { type: JSONScalar } },
        resolve: (_root, args: { value?: unknown }) => args.value,
      },
    },
  }),
});

const echo = (source: string, variableValues?: Record<string, unknown>) =>
  graphql({
    schema,
    source,
    variableValues,
  });

describe('JSON scalar', () => {
  it('passes variables through unchanged', async () => {
    const value = [{ a: 1, b: [true, null, 'x'], c: { d: 2.5 } }];
    expect(await echo('query ($v: JSON) { echo(value: $v) }', { v: value })).toEqual({
      data: { echo: value },
    });
  });

  it('turns inline literals into the values they spell, variables substituted', async () => {
    expect(
      await echo(
        'query ($n: JSON) { echo(value: {a: 1, b: [2.5, "s", false, null, ENUMISH], c: $n}) }',
        {
          n: { nested: [1] },
        },
      ),
    ).toEqual({
      data: { echo: { a: 1, b: [2.5, 's', false, null, 'ENUMISH'], c: { nested: [1] } } },
    });
  });

  it('refuses literals nested deeper than 64 levels', async () => {
    const deep = '['.repeat(70) + ']'.repeat(70);
    const res = await echo(`{ echo(value: ${deep}) }`);
    expect(res.errors?.map((e) => e.message)).toEqual([
      'JSON literal nested deeper than 64 levels',
    ]);
  });
});
