import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * Cheap pre-execution limits, checked once the operation is parsed and before a query
 * plan is built or a subgraph is called. The token limit is enforced by the parser
 * itself (parseOptions.maxTokens) and the body size by the HTTP layer.
 */
export function queryDepth(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const depthOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
    if (!set) return 0;
    let max = 0;
    for (const sel of set.selections) {
      let d = 0;
      if (sel.kind === Kind.FIELD) {
        // Introspection meta-fields are exempt: tools send deep __schema queries.
        if (sel.name.value.startsWith('__')) continue;
        d = sel.selectionSet ? 1 + depthOf(sel.selectionSet, seen) : 1;
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        d = depthOf(sel.selectionSet, seen);
      } else if (!seen.has(sel.name.value)) {
        d = depthOf(fragments.get(sel.name.value)?.selectionSet, new Set(seen).add(sel.name.value));
      }
      max = Math.max(max, d);
    }
    return max;
  };
  return depthOf(operation.selectionSet, new Set());
}

export function aliasCount(document: DocumentNode): number {
  let count = 0;
  const visit = (set: SelectionSetNode | undefined): void => {
    if (!set) return;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD && sel.alias) count++;
      if ('selectionSet' in sel) visit(sel.selectionSet);
    }
  };
  for (const def of document.definitions) if ('selectionSet' in def) visit(def.selectionSet);
  return count;
}

export function enforceLimits(document: DocumentNode, operation: OperationDefinitionNode, limits: { maxDepth: number; maxAliases: number }): void {
  const depth = queryDepth(document, operation);
  if (depth > limits.maxDepth) {
    throw new GraphQLError(`This query nests ${depth} levels deep; the limit is ${limits.maxDepth}. Split it into smaller queries.`, {
      extensions: { code: 'QUERY_TOO_DEEP', http: { status: 400 } },
    });
  }
  const aliases = aliasCount(document);
  if (aliases > limits.maxAliases) {
    throw new GraphQLError(`This query uses ${aliases} aliases; the limit is ${limits.maxAliases}. Use fewer aliases or send several requests.`, {
      extensions: { code: 'TOO_MANY_ALIASES', http: { status: 400 } },
    });
  }
}
