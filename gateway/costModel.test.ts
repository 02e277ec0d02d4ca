import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, getOperationAST, parse } from 'graphql';
import { REPO_ROOT } from '../platform/config';
import { operationCost, PRICES } from './costModel';

// The public API as clients see it through the gateway.
const schema = buildSchema(fs.readFileSync(path.join(REPO_ROOT, 'schema', 'api.graphql'), 'utf8'));

const cost = (query: string, variables?: Record<string, unknown>): number => {
  const document = parse(query);
  const operation = getOperationAST(document);
  if (!operation) throw new Error('no operation');
  return operationCost(schema, document, operation, variables);
};

const verdicts = (n: number) =>
  Array.from({ length: n }, (_, i) => `v${i}: spamPrediction(version: V1) { label }`).join(' ');

describe('operationCost', () => {
  it('prices only the fields that make work: plain reads are free', () => {
    expect(
      cost('{ models { version enabled } inbox(userId: "a") { edges { node { text } } } }'),
    ).toBe(0);
    expect(cost('{ textToPrediction(version: V1, text: "hi") { label } }')).toBe(1);
    expect(
      cost(
        'mutation { materialize(start: "2020-01-01T00:00:00Z", end: "2020-01-02T00:00:00Z") { rows } }',
      ),
    ).toBe(250);
  });

  it('multiplies a verdict by the `first` above it: literal, variable, or the schema default', () => {
    const q = (first: string) =>
      `query($n: Int) { inbox(userId: "a"${first}) { edges { node { spamPrediction(version: V3) { label } } } } }`;
    expect(cost(q(', first: 200'))).toBe(200);
    expect(cost(q(', first: $n'), { n: 120 })).toBe(120);
    expect(cost(q(''))).toBe(50); // inbox's default page size
    expect(cost(q(', first: 0'))).toBe(0);
  });

  it('prices the 20,000-alias query at 4,000,000 and the finding of 200 `materialize` at 50,000', () => {
    expect(
      cost(`{ inbox(userId: "a", first: 200) { edges { node { ${verdicts(20_000)} } } } }`),
    ).toBe(4_000_000);
    const m = Array.from(
      { length: 200 },
      (_, i) => `m${i}: materializeIncremental(end: "2020-01-02T00:00:00Z") { rows }`,
    ).join(' ');
    expect(cost(`mutation { ${m} }`)).toBe(50_000);
  });

  it('counts fragments, inline and named, once per use, scaled where they are spread', () => {
    const q = `query {
      a: inbox(userId: "a", first: 10) { ...Page }
      b: inbox(userId: "b", first: 3) { edges { node { ... on Sms { ...Verdict ...Verdict } } } }
    }
    fragment Page on SmsConnection { edges { node { ...Verdict } } }
    fragment Verdict on Sms { spamPrediction(version: V1) { label } }`;
    expect(cost(q)).toBe(10 + 2 * 3);
  });

  it('prices each admin mutation and each model call', () => {
    expect(PRICES).toEqual({
      'Sms.spamPrediction': 1,
      'Query.textToPrediction': 1,
      'Query.textToFeatures': 1,
      'Query.featuresToPrediction': 1,
      'Query.onlineFeatures': 1,
      'Mutation.receiveSms': 1,
      'Mutation.storeSms': 1,
      'Mutation.reportSpam': 1,
      'Mutation.pushFeatures': 100,
      'Mutation.materialize': 250,
      'Mutation.materializeIncremental': 250,
      'Mutation.backfillFeatures': 250,
      'Mutation.signUp': 100,
      'Mutation.logIn': 100,
    });
    // Aliased log-ins add up: 15 of them are 1,500, over the default limit of 1,000.
    const logIns = Array.from(
      { length: 15 },
      (_, i) => `l${i}: logIn(input: { name: "a", password: "b" }) { token }`,
    ).join(' ');
    expect(cost(`mutation { ${logIns} }`)).toBe(1500);
    expect(
      cost(`mutation {
        backfillFeatures { written }
        pushFeatures(pushSource: "p", rows: []) { rows }
        receiveSms(input: { recipientId: "a", senderId: "b", text: "c" }) { replayed }
      }`),
    ).toBe(351);
    expect(
      cost(`{
        textToFeatures(version: V2, text: "x") { values }
        featuresToPrediction(version: V1, features: [1]) { label }
        onlineFeatures(featureService: "s", entities: ["1"]) { featureNames }
        __typename
      }`),
    ).toBe(3);
  });
});
