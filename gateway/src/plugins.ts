import { GraphQLError, Kind, type SelectionSetNode, type DocumentNode } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Caller } from '@lianxin/auth';
import { PUBLIC_ROOT_FIELDS } from './auth';
import { enforceCostLimit, rootFieldsOf, type CostLimits } from '@lianxin/graphql-limits';
import type { RequestObservation } from './telemetry';

export interface GatewayContext {
  caller: Caller;
  /** Epoch ms after which no subgraph fetch starts for this request (REQUEST_TIMEOUT_MS). */
  deadline: number;
  /** The request's id in every log line, here and in the subgraphs (x-request-id). */
  requestId: string;
  /** The request's metrics and span (telemetry.ts); absent only where a context is built outside HTTP. */
  obs?: RequestObservation;
}

const privileged = (caller: Caller): boolean => caller.role === 'staff' || caller.role === 'admin';

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
 * (the operation and its size are checked first by operationLimitsPlugin, @lianxin/graphql-limits)
 * - anonymous callers may run only the public operations (the QR join);
 * - in production, introspection is for staff and admin only, and field suggestions
 *   ("Did you mean …?") are stripped for everyone else so the schema cannot be mapped
 *   by trial and error;
 * - which subgraph an error came from (`extensions.serviceName`) is for staff and admin:
 *   members and partner desks have no use for the layout behind the graph.
 */
export function accessPlugin(production: boolean): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          const { caller } = contextValue;
          if (production && usesIntrospection(document) && !privileged(caller)) {
            throw new GraphQLError('Introspection is available to staff and admin tokens only.', { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
          }
          if (caller.role === 'anonymous' && operation) {
            const closed = [...rootFieldsOf(document, operation)].filter((f) => !PUBLIC_ROOT_FIELDS.has(f) && !(f === '__schema' || f === '__type'));
            if (closed.length) {
              throw new GraphQLError(`Sign in first: ${closed.map((f) => f.split('.')[1] ?? f).join(', ')} ${closed.length === 1 ? 'needs' : 'need'} a token. Without one you may only join by QR code.`, {
                extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
              });
            }
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (contextValue?.caller && privileged(contextValue.caller)) return;
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          response.body.singleResult.errors = response.body.singleResult.errors.map((e) => {
            const { serviceName: _s, ...extensions } = (e.extensions ?? {}) as Record<string, unknown>;
            return { ...e, message: production ? e.message.replace(/ ?Did you mean .*\?$/, '') : e.message, ...(e.extensions && { extensions }) };
          });
        },
      };
    },
  };
}

/**
 * The cost limit (@lianxin/graphql-limits, cost.ts), on the gateway only: it needs the
 * whole graph's types to know which fields are connections and lists. After the size
 * checks, so the walk never meets a fragment bomb.
 */
export function costLimitPlugin(limits: { maxCost: number; maxPageSize: number }): ApolloServerPlugin<GatewayContext> {
  const costLimits: CostLimits = { maxCost: limits.maxCost, maxPageSize: limits.maxPageSize };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, schema, request }) {
          if (operation) enforceCostLimit(schema, document, operation, request.variables, costLimits);
        },
      };
    },
  };
}
