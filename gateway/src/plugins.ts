import { GraphQLError, Kind, type OperationDefinitionNode, type SelectionSetNode, type FragmentDefinitionNode, type DocumentNode } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Caller } from '@lianxin/auth';
import { PUBLIC_ROOT_FIELDS } from './auth';
import { enforceLimits } from './limits';

export interface GatewayContext {
  caller: Caller;
}

const privileged = (caller: Caller): boolean => caller.role === 'staff' || caller.role === 'admin';

function rootFields(operation: OperationDefinitionNode, document: DocumentNode): string[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const type = operation.operation === 'query' ? 'Query' : operation.operation === 'mutation' ? 'Mutation' : 'Subscription';
  const out: string[] = [];
  const walk = (set: SelectionSetNode, seen: Set<string>) => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) out.push(sel.name.value.startsWith('__') && sel.name.value !== '__typename' ? sel.name.value : `${type}.${sel.name.value}`);
      else if (sel.kind === Kind.INLINE_FRAGMENT) walk(sel.selectionSet, seen);
      else if (!seen.has(sel.name.value)) {
        const frag = fragments.get(sel.name.value);
        if (frag) walk(frag.selectionSet, new Set(seen).add(sel.name.value));
      }
    }
  };
  walk(operation.selectionSet, new Set());
  return out;
}

function usesIntrospection(document: DocumentNode): boolean {
  let found = false;
  const visit = (set: SelectionSetNode | undefined): void => {
    if (!set || found) return;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD && (sel.name.value === '__schema' || sel.name.value === '__type')) found = true;
      else if ('selectionSet' in sel) visit(sel.selectionSet);
    }
  };
  for (const def of document.definitions) if ('selectionSet' in def) visit(def.selectionSet);
  return found;
}

/**
 * Who may ask what, and how much, before anything is planned:
 * - depth and alias limits (limits.ts);
 * - anonymous callers may run only the public operations (the QR join);
 * - in production, introspection is for staff and admin only, and field suggestions
 *   ("Did you mean …?") are stripped for everyone else so the schema cannot be mapped
 *   by trial and error.
 */
export function accessPlugin(production: boolean, limits: { maxDepth: number; maxAliases: number }): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          const { caller } = contextValue;
          if (operation) enforceLimits(document, operation, limits);
          if (production && usesIntrospection(document) && !privileged(caller)) {
            throw new GraphQLError('Introspection is available to staff and admin tokens only.', { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
          }
          if (caller.role === 'anonymous' && operation) {
            const closed = rootFields(operation, document).filter((f) => !PUBLIC_ROOT_FIELDS.has(f) && !(f === '__schema' || f === '__type') );
            if (closed.length) {
              throw new GraphQLError(`Sign in first: ${closed.map((f) => f.split('.')[1] ?? f).join(', ')} need a token. Without one you may only join by QR code.`, {
                extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
              });
            }
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (!production || (contextValue?.caller && privileged(contextValue.caller))) return;
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          response.body.singleResult.errors = response.body.singleResult.errors.map((e) => ({
            ...e,
            message: e.message.replace(/ ?Did you mean .*\?$/, ''),
          }));
        },
      };
    },
  };
}
