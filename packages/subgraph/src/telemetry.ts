import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { rootFieldsOf } from '@lianxin/graphql-limits';
import {
  Counter,
  createTracing,
  DURATION_BUCKETS,
  endSpan,
  Gauge,
  Histogram,
  outcomeOf,
  serviceRegistry,
  SpanKind,
  type Registry,
  type Span,
  type Tracing,
} from '@lianxin/telemetry';
import type { SubgraphContext } from './context';
import type { QueryObserver } from './db';
import { contentionStats } from './contention';

export interface SubgraphTelemetry {
  registry: Registry;
  tracing: Tracing;
  requests: Counter<string>;
  /** Apollo plugin: operations by root field and outcome; names the request's span. */
  plugin: ApolloServerPlugin<SubgraphContext>;
  /** Continues the gateway's trace (W3C traceparent) for the request; absent when tracing is off. */
  traceRequests?: RequestHandler;
  observeQuery: QueryObserver;
}

/** The statement's verb as a bounded label; the text itself (and its values) never becomes a label or attribute. */
function verbOf(sql: string): string {
  const m = /^\s*\(?\s*([A-Za-z]+)/.exec(sql);
  const verb = m ? m[1].toUpperCase() : '';
  return VERBS.has(verb) ? verb : 'OTHER';
}
const VERBS = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'START', 'BEGIN', 'COMMIT', 'ROLLBACK', 'SAVEPOINT', 'RELEASE', 'WITH']);

/**
 * The metrics and spans of one subgraph, all outside its resolvers: an Apollo plugin for
 * operations, an express handler for the request span, and the data source's query hook
 * for SQL.
 */
export function subgraphTelemetry(service: string, opts: { otlpEndpoint?: string; engine: string; pool: () => { inUse: number; waiting: number } | undefined }): SubgraphTelemetry {
  const registry = serviceRegistry(service);
  const tracing = createTracing({ service, endpoint: opts.otlpEndpoint });
  const statements = new Counter({ name: 'lianxin_sql_statements_total', help: 'SQL statements sent to the database', registers: [registry] });
  const sqlSeconds = new Histogram({
    name: 'lianxin_sql_duration_seconds',
    help: 'SQL statement duration by verb (SELECT, INSERT, …) and whether it failed',
    labelNames: ['verb', 'failed'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const requests = new Counter({ name: 'lianxin_graphql_requests_total', help: 'GraphQL requests that passed the internal-token gate', registers: [registry] });
  const operations = new Counter({
    name: 'lianxin_subgraph_operations_total',
    help: 'Root fields executed, by field (Query.cases, Mutation.transition, Query._entities, …) and outcome: ok or the first error code',
    labelNames: ['field', 'outcome'] as const,
    registers: [registry],
  });
  const pool = (name: string, help: string, pick: (u: { inUse: number; waiting: number }) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const usage = opts.pool();
        if (usage) this.set(pick(usage));
      },
    });
  pool('lianxin_db_pool_in_use', 'MariaDB connections in use (absent on SQLite)', (u) => u.inUse);
  pool('lianxin_db_pool_waiting', 'Requests waiting for a MariaDB connection (absent on SQLite)', (u) => u.waiting);
  new Counter({
    name: 'lianxin_db_contention_total',
    help: 'Writers the database refused for contention (deadlock, lock wait, Galera certification, TiDB write conflict): retried, or refused with CONFLICT/SERVICE_UNAVAILABLE once the retry budget ran out',
    labelNames: ['outcome'] as const,
    registers: [registry],
    collect() {
      // The counts live with the retry (contentionStats, one per process); read at scrape time.
      this.reset();
      this.inc({ outcome: 'retried' }, contentionStats.retries);
      this.inc({ outcome: 'refused' }, contentionStats.exhausted);
    },
  });

  const plugin: ApolloServerPlugin<SubgraphContext> = {
    async requestDidStart() {
      let fields: Set<string> | undefined;
      return {
        async didResolveOperation({ document, operation }) {
          if (!operation) return;
          fields = rootFieldsOf(document, operation);
          if (tracing.enabled) {
            const span = tracing.active();
            span?.updateName(`graphql ${operation.operation}`);
            span?.setAttribute('graphql.operation.type', operation.operation);
            span?.setAttribute('graphql.root_fields', [...fields].join(','));
          }
        },
        async willSendResponse({ response }) {
          if (!fields) return;
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const outcome = errors?.length ? outcomeOf(errors[0].extensions?.code) : 'ok';
          for (const field of fields) operations.inc({ field, outcome });
          if (tracing.enabled) tracing.active()?.setAttribute('lianxin.outcome', outcome);
        },
      };
    },
  };

  const traceRequests: RequestHandler = (req, res, next) => {
    const span = tracing.start('graphql', SpanKind.SERVER, { 'http.request.method': req.method, 'url.path': '/graphql' }, tracing.extract(req.headers));
    res.once('finish', () => endSpan(span, res.statusCode < 400 ? 'ok' : `http_${res.statusCode}`));
    tracing.within(span, next);
  };

  const observeQuery: QueryObserver = (sql) => {
    statements.inc();
    const verb = verbOf(sql);
    const started = performance.now();
    // SQL spans only inside a traced request: a sweep's statements would each start a trace of their own.
    const parent = tracing.enabled ? tracing.active() : undefined;
    const span: Span | undefined = parent ? tracing.start(`sql ${verb}`, SpanKind.CLIENT, { 'db.system.name': opts.engine, 'db.operation.name': verb }) : undefined;
    return (failed) => {
      sqlSeconds.observe({ verb, failed: failed ? 'yes' : 'no' }, (performance.now() - started) / 1000);
      if (span) endSpan(span, failed ? 'failed' : 'ok');
    };
  };

  return { registry, tracing, requests, plugin, traceRequests: tracing.enabled ? traceRequests : undefined, observeQuery };
}
