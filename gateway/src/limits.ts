import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/**
 * Cheap pre-execution limits, run as validation rules so an abusive document is refused
 * before a query plan is built or a subgraph is called. The token limit is enforced by
 * the parser itself (parseOptions.maxTokens) and the body size by the HTTP layer.
 */
export function depthLimit(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
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
        } else {
          const name = sel.name.value;
          if (seen.has(name)) continue; // cycles are reported by NoFragmentCycles
          d = depthOf(fragments.get(name)?.selectionSet, new Set(seen).add(name));
        }
        max = Math.max(max, d);
      }
      return max;
    };
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`This query nests ${depth} levels deep; the limit is ${maxDepth}. Split it into smaller queries.`, {
              nodes: [node],
              extensions: { code: 'QUERY_TOO_DEEP' },
            }),
          );
        }
      },
    };
  };
}

export function aliasLimit(maxAliases: number) {
  return (context: ValidationContext): ASTVisitor => {
    let count = 0;
    let reported = false;
    return {
      Field(node) {
        if (!node.alias) return;
        count++;
        if (count > maxAliases && !reported) {
          reported = true;
          context.reportError(
            new GraphQLError(`This query uses more than ${maxAliases} aliases. Use fewer aliases or send several requests.`, {
              nodes: [node],
              extensions: { code: 'TOO_MANY_ALIASES' },
            }),
          );
        }
      },
    };
  };
}
