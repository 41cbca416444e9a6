import type { ApolloServerPlugin } from '@apollo/server';
import type { ApolloGateway } from '@apollo/gateway';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { FetcherResponse } from '@apollo/utils.fetcher';
import type { RequestHandler } from 'express';
import {
  BoundedLabel,
  Counter,
  createTracing,
  DURATION_BUCKETS,
  endSpan,
  feedMetrics,
  type FollowedFeed,
  Gauge,
  Histogram,
  outcomeOf,
  serviceRegistry,
  SpanKind,
  type Registry,
  type Span,
  type Tracing,
} from '@lianxin/telemetry';
import type { GatewayContext } from './plugins';

/** What one request's metrics and span need, filled in as the request goes (res.locals and the GraphQL context share it). */
export interface RequestObservation {
  operation: string;
  role: string;
  /** `ok`, the first error's code, or empty until known (then the HTTP status decides). */
  outcome: string;
  span?: Span;
}

type PlanCache = NonNullable<NonNullable<NonNullable<ConstructorParameters<typeof ApolloGateway>[0]>['queryPlannerConfig']>['cache']>;

/** Distinct operation names kept as labels; later ones read `other` (see BoundedLabel). */
const MAX_OPERATION_NAMES = 300;

export interface GatewayTelemetry {
  registry: Registry;
  tracing: Tracing;
  /** First on /graphql: times the request, starts its span (continuing a caller's traceparent), and records it when the response is sent. */
  observeRequests: RequestHandler;
  plugin: ApolloServerPlugin<GatewayContext>;
  /** Wraps one real subgraph fetch: duration, outcome, a client span and traceparent in `headers`. */
  fetch(subgraph: string, headers: Record<string, string>, run: (headers: Record<string, string>) => Promise<FetcherResponse>): Promise<FetcherResponse>;
  /** The query planner's cache, counting hits and misses (Apollo's default store, with the same size). */
  planCache: PlanCache;
}

export function gatewayTelemetry(opts: { otlpEndpoint?: string; caches: Record<'scope' | 'tokens' | 'api_keys' | 'staff_directory', { readonly size: number }>; feeds?: readonly FollowedFeed[] }): GatewayTelemetry {
  const registry = serviceRegistry('gateway');
  const tracing = createTracing({ service: 'gateway', endpoint: opts.otlpEndpoint });
  const operations = new BoundedLabel(MAX_OPERATION_NAMES);
  const requests = new Counter({
    name: 'lianxin_gateway_requests_total',
    help: 'Requests to /graphql by operation name (anonymous when unnamed), caller role and outcome: ok, a GraphQL error code, or http_<status>',
    labelNames: ['operation', 'role', 'outcome'] as const,
    registers: [registry],
  });
  const requestSeconds = new Histogram({
    name: 'lianxin_gateway_request_duration_seconds',
    help: 'Time from the request reaching /graphql to the response sent, by operation name and outcome',
    labelNames: ['operation', 'outcome'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const fetches = new Counter({
    name: 'lianxin_gateway_subgraph_fetches_total',
    help: 'Fetches sent to subgraphs by subgraph and outcome: ok, http_<status>, or unavailable (refused, reset, timed out)',
    labelNames: ['subgraph', 'outcome'] as const,
    registers: [registry],
  });
  const fetchSeconds = new Histogram({
    name: 'lianxin_gateway_subgraph_fetch_duration_seconds',
    help: 'Subgraph fetch duration by subgraph and outcome',
    labelNames: ['subgraph', 'outcome'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const plans = new Counter({ name: 'lianxin_gateway_plan_cache_total', help: 'Query plan cache lookups by result: hit or miss', labelNames: ['result'] as const, registers: [registry] });
  const refusals = new Counter({
    name: 'lianxin_gateway_refusals_total',
    help: 'Requests refused before running: anonymous (no token for a closed operation) or rate_limited',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'lianxin_gateway_cache_entries',
    help: 'Entries held by the gateway caches: scope (org paths of callers), tokens (internal tokens minted), api_keys (partner key lookups), staff_directory (staff sign-ins by subject)',
    labelNames: ['cache'] as const,
    registers: [registry],
    collect() {
      for (const [cache, c] of Object.entries(opts.caches)) this.set({ cache }, c.size);
    },
  });
  feedMetrics(registry, 'lianxin_gateway', opts.feeds ?? []);
  for (const result of ['hit', 'miss']) plans.inc({ result }, 0);
  for (const reason of ['anonymous', 'rate_limited']) refusals.inc({ reason }, 0);

  const observeRequests: RequestHandler = (req, res, next) => {
    const started = performance.now();
    const obs: RequestObservation = { operation: 'anonymous', role: 'unknown', outcome: '' };
    res.locals.obs = obs;
    res.once('finish', () => {
      const outcome = obs.outcome || (res.statusCode < 400 ? 'ok' : `http_${res.statusCode}`);
      requests.inc({ operation: obs.operation, role: obs.role, outcome });
      requestSeconds.observe({ operation: obs.operation, outcome }, (performance.now() - started) / 1000);
      if (outcome === 'RATE_LIMITED' || res.statusCode === 429) refusals.inc({ reason: 'rate_limited' });
      else if (outcome === 'UNAUTHENTICATED' && obs.role === 'anonymous') refusals.inc({ reason: 'anonymous' });
      if (obs.span) {
        obs.span.setAttributes({ 'graphql.operation.name': obs.operation, 'lianxin.role': obs.role, 'http.response.status_code': res.statusCode });
        endSpan(obs.span, outcome);
      }
    });
    if (!tracing.enabled) return next();
    obs.span = tracing.start('graphql request', SpanKind.SERVER, { 'http.request.method': req.method, 'url.path': '/graphql' }, tracing.extract(req.headers));
    tracing.within(obs.span, next);
  };

  const plugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart({ contextValue }) {
      const obs = contextValue.obs;
      if (!obs) return;
      obs.role = contextValue.caller.role;
      obs.span?.setAttribute('lianxin.request_id', contextValue.requestId);
      return {
        async didResolveOperation({ operation }) {
          obs.operation = operations.of(operation?.name?.value);
        },
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          obs.outcome = errors?.length ? outcomeOf(errors[0].extensions?.code) : 'ok';
        },
      };
    },
  };

  const fetch: GatewayTelemetry['fetch'] = (subgraph, headers, run) => {
    const started = performance.now();
    let span: Span | undefined;
    let sent = headers;
    if (tracing.enabled) {
      span = tracing.start(`fetch ${subgraph}`, SpanKind.CLIENT, { 'lianxin.subgraph': subgraph });
      sent = { ...headers };
      tracing.inject(span, sent);
    }
    const record = (outcome: string) => {
      fetches.inc({ subgraph, outcome });
      fetchSeconds.observe({ subgraph, outcome }, (performance.now() - started) / 1000);
      if (span) endSpan(span, outcome);
    };
    return run(sent).then(
      (res) => {
        record(res.ok ? 'ok' : `http_${res.status}`);
        return res;
      },
      (err: unknown) => {
        record('unavailable');
        throw err;
      },
    );
  };

  // Apollo's own default: an LRU bounded by the plans' approximate size (30 MiB).
  const store = new InMemoryLRUCache<unknown>({ maxSize: 30 * 2 ** 20, sizeCalculation: (plan) => Buffer.byteLength(JSON.stringify(plan), 'utf8') });
  const planCache = {
    async get(key: string) {
      const plan = await store.get(key);
      plans.inc({ result: plan === undefined ? 'miss' : 'hit' });
      return plan;
    },
    set: (key: string, value: unknown, options?: { ttl?: number | null }) => store.set(key, value, options),
    delete: (key: string) => store.delete(key),
    clear: () => store.clear(),
  } as unknown as PlanCache;

  return { registry, tracing, observeRequests, plugin, fetch, planCache };
}
