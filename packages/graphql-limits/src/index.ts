import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';

/**
 * What an operation would cost once its fragments are expanded, measured before anything
 * is planned or executed.
 *
 * A fragment spread twice per level doubles the work per level: thirty such fragments fit
 * in 1.2 kB and expand to a billion fields. Any walk that follows spreads path by path
 * (a depth check, a root-field check, the query planner) is then exponential in the
 * document. Here every fragment is measured once and its numbers reused wherever it is
 * spread, so the measurement is linear in the document, and the caps below stop such a
 * document before anything that does expand it runs.
 */
export interface OperationCost {
  /** Deepest field nesting, introspection meta-fields (`__schema`, `__type`) not counted: tools send deep ones. */
  depth: number;
  /** Fields selected after every fragment is expanded, `__typename` and introspection included. */
  fields: number;
  /** Aliased fields written in the document (not expanded: the field count already covers repetition). */
  aliases: number;
}

export interface OperationLimits {
  maxDepth: number;
  maxFields: number;
  maxAliases: number;
}

/** Fragment spreads nested deeper than this are refused outright; no real client chains fragments this far. */
const MAX_SPREAD_CHAIN = 100;
/** Selection sets nested deeper than this are refused before the walk could exhaust the stack. */
const MAX_NESTING = 500;

const tooComplex = (message: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  return fragments;
}

/**
 * Depth and field count per operation, measured once: the server's document cache hands every
 * request of the same text the same AST, and nothing else goes into them.
 */
const measured = new WeakMap<OperationDefinitionNode, { document: DocumentNode; cost: OperationCost }>();

function measuredOnce(document: DocumentNode, operation: OperationDefinitionNode): OperationCost {
  const hit = measured.get(operation);
  if (hit && hit.document === document) return hit.cost;
  const cost = measureOperation(document, operation);
  measured.set(operation, { document, cost });
  return cost;
}

/** Depth and expanded field count of the operation, each fragment measured once. */
export function measureOperation(document: DocumentNode, operation: OperationDefinitionNode): OperationCost {
  const fragments = fragmentsOf(document);
  const memo = new Map<string, { depth: number; fields: number }>();
  // A spread that is still being measured is a cycle; validation refuses those, so it counts as nothing here.
  const measuring = new Set<string>();

  const measureSet = (set: SelectionSetNode, nesting: number, chain: number): { depth: number; fields: number } => {
    if (nesting > MAX_NESTING) throw tooComplex(`This query nests selections more than ${MAX_NESTING} levels deep. Split it into smaller queries.`);
    let depth = 0;
    let fields = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const sub = sel.selectionSet ? measureSet(sel.selectionSet, nesting + 1, chain) : { depth: 0, fields: 0 };
        fields += 1 + sub.fields;
        if (!sel.name.value.startsWith('__')) depth = Math.max(depth, 1 + sub.depth);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const sub = measureSet(sel.selectionSet, nesting + 1, chain);
        fields += sub.fields;
        depth = Math.max(depth, sub.depth);
      } else {
        const sub = measureFragment(sel.name.value, nesting, chain + 1);
        fields += sub.fields;
        depth = Math.max(depth, sub.depth);
      }
    }
    return { depth, fields };
  };

  const measureFragment = (name: string, nesting: number, chain: number): { depth: number; fields: number } => {
    const known = memo.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    if (!fragment || measuring.has(name)) return { depth: 0, fields: 0 };
    if (chain > MAX_SPREAD_CHAIN) throw tooComplex(`This query chains fragment spreads more than ${MAX_SPREAD_CHAIN} deep. Inline some fragments or split the query.`);
    measuring.add(name);
    const cost = measureSet(fragment.selectionSet, nesting + 1, chain);
    measuring.delete(name);
    memo.set(name, cost);
    return cost;
  };

  const { depth, fields } = measureSet(operation.selectionSet, 0, 0);
  return { depth, fields, aliases: aliasCount(document) };
}

/** Aliased fields written anywhere in the document: one pass over the text's tree. */
export function aliasCount(document: DocumentNode): number {
  let count = 0;
  const visit = (set: SelectionSetNode | undefined, nesting: number): void => {
    if (!set || nesting > MAX_NESTING) return;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD && sel.alias) count++;
      if ('selectionSet' in sel) visit(sel.selectionSet, nesting + 1);
    }
  };
  for (const def of document.definitions) if ('selectionSet' in def) visit(def.selectionSet, 0);
  return count;
}

/**
 * The root fields an operation selects (`Query.joinTarget`, `Mutation.applyToJoin`; meta
 * fields as `__schema`), each fragment visited once however often it is spread.
 */
export function rootFieldsOf(document: DocumentNode, operation: OperationDefinitionNode): Set<string> {
  const fragments = fragmentsOf(document);
  const type = operation.operation === 'query' ? 'Query' : operation.operation === 'mutation' ? 'Mutation' : 'Subscription';
  const out = new Set<string>();
  const visited = new Set<string>();
  const walk = (set: SelectionSetNode): void => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) out.add(sel.name.value.startsWith('__') && sel.name.value !== '__typename' ? sel.name.value : `${type}.${sel.name.value}`);
      else if (sel.kind === Kind.INLINE_FRAGMENT) walk(sel.selectionSet);
      else if (!visited.has(sel.name.value)) {
        visited.add(sel.name.value);
        const fragment = fragments.get(sel.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return out;
}

/** Throws a 400 with a stable code and what to do when the operation is over a limit. */
export function enforceOperationLimits(document: DocumentNode, operation: OperationDefinitionNode, limits: OperationLimits): OperationCost {
  const cost = measuredOnce(document, operation);
  if (cost.fields > limits.maxFields) {
    const count = Number.isFinite(cost.fields) && cost.fields < 1e15 ? String(cost.fields) : 'more than a million billion';
    throw tooComplex(`This query selects ${count} fields once its fragments are expanded; the limit is ${limits.maxFields}. Ask for fewer fields, or split it into several requests.`);
  }
  if (cost.depth > limits.maxDepth) {
    throw new GraphQLError(`This query nests ${cost.depth} levels deep; the limit is ${limits.maxDepth}. Split it into smaller queries.`, {
      extensions: { code: 'QUERY_TOO_DEEP', http: { status: 400 } },
    });
  }
  if (cost.aliases > limits.maxAliases) {
    throw new GraphQLError(`This query uses ${cost.aliases} aliases; the limit is ${limits.maxAliases}. Use fewer aliases or send several requests.`, {
      extensions: { code: 'TOO_MANY_ALIASES', http: { status: 400 } },
    });
  }
  return cost;
}

/**
 * Names the request's mistake when no single operation can be picked: several operations
 * and no `operationName`, or a name that is not in the document. GraphQL over HTTP calls
 * this a request error, so it is a 400, not the executor's 500.
 */
export function operationNotFound(document: DocumentNode, operationName: string | null | undefined): GraphQLError {
  const names = document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value ?? '(unnamed)'] : []));
  const message =
    names.length === 0
      ? 'The document holds no operation, only fragments. Send a query or a mutation.'
      : operationName
        ? `The document has no operation named "${operationName}". It has: ${names.join(', ')}. Set operationName to one of them.`
        : `The document holds ${names.length} operations (${names.join(', ')}). Set operationName to the one to run.`;
  return new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
}

/**
 * The Apollo Server plugin the gateway and every subgraph install: it picks the operation
 * (or refuses with a 400) and applies the limits, after validation and before planning or
 * execution. Validation itself is safe here: graphql-js compares fragment pairs once.
 */
export function operationLimitsPlugin<T extends object>(limits: OperationLimits): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (!operation) throw operationNotFound(document, request.operationName);
          enforceOperationLimits(document, operation, limits);
        },
      };
    },
  };
}

export { operationCost, knownOperationCost, enforceCostLimit, type CostLimits } from './cost';
