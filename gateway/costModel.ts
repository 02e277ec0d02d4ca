/**
 * The gateway's cost model: what an operation would make the subgraphs do, in units where one
 * scored message (a model verdict) is 1.
 *
 * @remarks
 * graphql-armor's cost limit prices every field alike and multiplies by `first`/`last` only when
 * they are literals, so `inbox(first: $n)` with 20,000 aliased verdicts under it would pass. Ours
 * prices the fields that make work ({@link PRICES}; every other field is free) and multiplies
 * everything under a field by the list size its `first` argument asks for — literal, variable
 * or schema default. It runs once the operation is known (variables included), so a cached
 * document is priced again with each request's variables.
 */
import {
  Kind,
  getNamedType,
  isInterfaceType,
  isObjectType,
  valueFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * Price of one call of each field that makes work (`Type.field` → units). One verdict is 1;
 * an admin mutation is priced so that a few fill the default limit (1,000).
 */
export const PRICES: Readonly<Record<string, number>> = {
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
  // One Argon2id hash each (≈ 17 ms of a core, 19 MiB): priced as a heavy operation, so the
  // per-address rate limit and admission bound password guessing and hash floods too.
  'Mutation.signUp': 100,
  'Mutation.logIn': 100,
};

/** The argument that says how many items a field's list holds. */
const LIST_SIZE_ARGUMENT = 'first';

type Variables = Readonly<Record<string, unknown>> | undefined;

/** How many items the field asks for: its `first` (variable or default included), else 1. */
function listSize(field: FieldNode, def: GraphQLField<unknown, unknown>, vars: Variables): number {
  const argDef = def.args.find((a) => a.name === LIST_SIZE_ARGUMENT);
  if (!argDef) return 1;
  const node = field.arguments?.find((a) => a.name.value === LIST_SIZE_ARGUMENT);
  const value: unknown = node
    ? valueFromAST(node.value, argDef.type, vars as Record<string, unknown>)
    : argDef.defaultValue;
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, value) : 1;
}

/**
 * The price of `operation` with `variables`: the sum over every priced field of its price
 * times the product of the list sizes above it.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables?: Readonly<Record<string, unknown>>,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  }
  // Cost is linear in the multiplier above, so a fragment's cost is computed once (spreads
  // of spreads cannot blow up) and scaled where it is used.
  const fragmentCosts = new Map<string, number>();

  const fieldCost = (field: FieldNode, parent: GraphQLNamedType | undefined): number => {
    if (!isObjectType(parent) && !isInterfaceType(parent)) return 0;
    const def = parent.getFields()[field.name.value];
    if (!def) return 0; // __typename and introspection
    const own = PRICES[`${parent.name}.${def.name}`] ?? 0;
    if (!field.selectionSet) return own;
    const children = selectionCost(field.selectionSet, getNamedType(def.type));
    return own + listSize(field, def, variables) * children;
  };

  const fragmentCost = (name: string): number => {
    const known = fragmentCosts.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    fragmentCosts.set(name, 0); // a cycle (refused by validation anyway) adds nothing
    const cost = fragment
      ? selectionCost(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value))
      : 0;
    fragmentCosts.set(name, cost);
    return cost;
  };

  function selectionCost(set: SelectionSetNode, parent: GraphQLNamedType | undefined): number {
    let total = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) total += fieldCost(s, parent);
      else if (s.kind === Kind.FRAGMENT_SPREAD) total += fragmentCost(s.name.value);
      else {
        const type = s.typeCondition ? schema.getType(s.typeCondition.name.value) : parent;
        total += selectionCost(s.selectionSet, type ?? undefined);
      }
    }
    return total;
  }

  const root = schema.getRootType(operation.operation);
  return root ? selectionCost(operation.selectionSet, root) : 0;
}
