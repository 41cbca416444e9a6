import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  typeFromAST,
  valueFromAST,
  type GraphQLInputType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/**
 * What an operation may cost to answer: every field counts once per item it can be
 * fetched for. A connection (`…Connection` with `first`) returns up to `first` edges (its
 * declared default when not given), a plain list is taken at `listEstimate` items, and
 * lists inside lists multiply. So `orgs(first: 50) { edges { node { cases(first: 50) {
 * edges { node { title } } } } } }` costs about 50 × 50 titles, not 5 fields.
 *
 * Our own rather than graphql-armor's cost limit: armor prices a field by its type and
 * depth and never reads arguments, so `first: 500` and `first: 1` cost it the same, and a
 * connection's size is exactly what matters here.
 */
export interface CostLimits {
  /** The most a single operation may cost. */
  maxCost: number;
  /** The largest `first` any connection accepts (the subgraphs refuse larger ones too; here it is refused before any fetch). */
  maxPageSize: number;
  /** Items a plain list (not a connection) is taken to hold. */
  listEstimate?: number;
}

const DEFAULT_LIST_ESTIMATE = 10;
const MAX_NESTING = 500;

const isConnection = (field: GraphQLField<unknown, unknown>): boolean =>
  getNamedType(field.type).name.endsWith('Connection') && field.args.some((a) => a.name === 'first');

/** Reads `first` from a literal or a variable, falling back to the argument's own default. */
function pageSizeOf(field: GraphQLField<unknown, unknown>, args: readonly { name: { value: string }; value: ValueNode }[] | undefined, variables: Record<string, unknown>): number | undefined {
  const arg = field.args.find((a) => a.name === 'first');
  if (!arg) return undefined;
  const node = args?.find((a) => a.name.value === 'first');
  const value = node ? valueFromAST(node.value, arg.type, variables) : arg.defaultValue;
  return typeof value === 'number' ? value : typeof arg.defaultValue === 'number' ? arg.defaultValue : undefined;
}

const costError = (message: string, extensions: Record<string, unknown>): GraphQLError =>
  new GraphQLError(message, { extensions: { ...extensions, http: { status: 400 } } });

/**
 * The cost of `operation` under `schema`, each fragment measured once per place it can
 * sit (so a document that spreads a fragment many times costs linear time to measure).
 * Throws BAD_USER_INPUT when a connection asks for more than `maxPageSize`.
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> = {}, limits: Omit<CostLimits, 'maxCost'>): number {
  const listEstimate = limits.listEstimate ?? DEFAULT_LIST_ESTIMATE;
  // A variable left out takes the default the operation declares for it.
  const values: Record<string, unknown> = {};
  for (const def of operation.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    values[name] = name in variables ? variables[name] : def.defaultValue ? valueFromAST(def.defaultValue, typeFromAST(schema, def.type) as GraphQLInputType) : undefined;
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const memo = new Map<string, number>();
  const measuring = new Set<string>();

  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (!root) return 0;

  /** `page`: the `first` of the connection this set belongs to, which sizes its `edges` list. */
  const measureSet = (set: SelectionSetNode, type: GraphQLCompositeType, page: number | undefined, nesting: number): number => {
    if (nesting > MAX_NESTING) return 0; // measureOperation refuses such nesting before this runs
    let cost = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value.startsWith('__')) continue;
        const field = isObjectType(type) || isInterfaceType(type) ? type.getFields()[sel.name.value] : undefined;
        if (!field) continue; // validation has refused unknown fields already
        const first = pageSizeOf(field, sel.arguments, values);
        if (first !== undefined && first > limits.maxPageSize) {
          // Word for word what a subgraph says (PageArgs), so a client sees one message wherever the size is refused.
          throw costError(`Invalid input. first: must be between 1 and ${limits.maxPageSize}`, { code: 'BAD_USER_INPUT', field: 'first' });
        }
        const items = isListType(getNullableType(field.type)) ? (page ?? first ?? listEstimate) : 1;
        const named = getNamedType(field.type);
        const below = sel.selectionSet && isCompositeType(named) ? measureSet(sel.selectionSet, named, isConnection(field) ? first : undefined, nesting + 1) : 0;
        cost += items * (1 + below);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const on = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : type;
        cost += measureSet(sel.selectionSet, on && isCompositeType(on) ? on : type, page, nesting + 1);
      } else {
        const fragment = fragments.get(sel.name.value);
        if (!fragment || measuring.has(sel.name.value)) continue;
        const key = `${sel.name.value}:${page ?? ''}`;
        let known = memo.get(key);
        if (known === undefined) {
          const on = schema.getType(fragment.typeCondition.name.value);
          measuring.add(sel.name.value);
          known = measureSet(fragment.selectionSet, on && isCompositeType(on) ? on : type, page, nesting + 1);
          measuring.delete(sel.name.value);
          memo.set(key, known);
        }
        cost += known;
      }
    }
    return cost;
  };
  return measureSet(operation.selectionSet, root, undefined, 0);
}

/** The variables an operation's page sizes read: every `first: $x` in the document. */
function pageVariablesOf(document: DocumentNode): string[] {
  const names = new Set<string>();
  const walk = (set: SelectionSetNode): void => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        for (const arg of sel.arguments ?? []) if (arg.name.value === 'first' && arg.value.kind === Kind.VARIABLE) names.add(arg.value.name.value);
        if (sel.selectionSet) walk(sel.selectionSet);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) walk(sel.selectionSet);
    }
  };
  for (const def of document.definitions) if (def.kind === Kind.OPERATION_DEFINITION || def.kind === Kind.FRAGMENT_DEFINITION) walk(def.selectionSet);
  return [...names].sort();
}

/**
 * Costs already measured, per operation: the server's document cache hands every request of
 * the same text the same AST, and the cost depends on nothing else but the page sizes, so a
 * partner desk asking the same thing a thousand times a second walks the document once.
 */
interface KnownCosts {
  schema: GraphQLSchema;
  document: DocumentNode;
  pageVariables: string[];
  costs: Map<string, number>;
}
const known = new WeakMap<OperationDefinitionNode, KnownCosts>();
/** Distinct page-size combinations remembered per operation; more, and it starts again. */
const MAX_KNOWN = 64;

/** operationCost(), remembered per operation and page sizes. A refusal is never remembered: it is measured (and thrown) again. */
export function knownOperationCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>, limits: Omit<CostLimits, 'maxCost'>): number {
  let entry = known.get(operation);
  if (!entry || entry.schema !== schema || entry.document !== document) {
    entry = { schema, document, pageVariables: pageVariablesOf(document), costs: new Map() };
    known.set(operation, entry);
  }
  // A variable left out takes its declared default, one sent as null the argument's: not the same key.
  let key = `${limits.maxPageSize}|${limits.listEstimate ?? ''}`;
  for (const name of entry.pageVariables) key += `|${name in variables ? JSON.stringify(variables[name]) : '-'}`;
  let cost = entry.costs.get(key);
  if (cost === undefined) {
    cost = operationCost(schema, document, operation, variables, limits);
    if (entry.costs.size >= MAX_KNOWN) entry.costs.clear();
    entry.costs.set(key, cost);
  }
  return cost;
}

/** Refuses an operation over `maxCost` (400 QUERY_TOO_COSTLY, naming the cost and the limit); returns the cost otherwise. */
export function enforceCostLimit(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined, limits: CostLimits): number {
  const cost = knownOperationCost(schema, document, operation, variables ?? {}, limits);
  if (cost > limits.maxCost) {
    const shown = cost < 1e15 ? String(Math.round(cost)) : 'more than a million billion';
    throw costError(
      `This query would cost ${shown}; the limit is ${limits.maxCost}. Each field counts once per item its lists may return (first on every connection; nested lists multiply). Ask for smaller pages, or fewer nested lists, and fetch the rest with after.`,
      { code: 'QUERY_TOO_COSTLY', cost: Math.round(Math.min(cost, Number.MAX_SAFE_INTEGER)), maxCost: limits.maxCost },
    );
  }
  return cost;
}
