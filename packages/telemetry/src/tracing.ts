import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

export { SpanKind, SpanStatusCode, type Span };

/** Where traces go: an OTLP/HTTP collector's base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`); unset means tracing is off. */
export interface TracingOptions {
  service: string;
  endpoint?: string;
}

/**
 * One service's tracing. Off (no endpoint), every method is a cheap no-op and nothing is
 * allocated per request: callers test `enabled` before building attributes.
 */
export interface Tracing {
  readonly enabled: boolean;
  /** Starts a span as a child of `parent` (default: the active context). */
  start(name: string, kind: SpanKind, attributes?: Attributes, parent?: Context): Span;
  /** The context a request arrived with (W3C traceparent), from a fresh root: never another request's. */
  extract(headers: Record<string, string | string[] | undefined>): Context;
  /** Writes traceparent for `span` into outgoing headers. */
  inject(span: Span, headers: Record<string, string>): void;
  /** Runs `fn` with `span` active, so spans it starts (SQL, fetches) become its children. */
  within<T>(span: Span, fn: () => T): T;
  /** The span of the request being served, if any. */
  active(): Span | undefined;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

const propagator = new W3CTraceContextPropagator();
const providers = new Set<TracerProvider>();
let contextManagerReady = false;

/** Every request's spans follow its async work through AsyncLocalStorage; registered once per process. */
function ensureContextManager(): void {
  if (contextManagerReady) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(propagator);
  contextManagerReady = true;
}

const headerGetter = {
  keys: (carrier: Record<string, string | string[] | undefined>) => Object.keys(carrier),
  get: (carrier: Record<string, string | string[] | undefined>, key: string) => carrier[key],
};

const OFF: Tracing = {
  enabled: false,
  start: () => trace.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 }),
  extract: () => ROOT_CONTEXT,
  inject: () => undefined,
  within: (_span, fn) => fn(),
  active: () => undefined,
  flush: async () => undefined,
  shutdown: async () => undefined,
};

/**
 * A tracer provider of the service's own (its `service.name` on every span), exporting in
 * batches over OTLP/HTTP (JSON) to `<endpoint>/v1/traces`. Providers are not registered
 * globally: the gateway and the subgraphs share one process in tests and must still
 * report as themselves.
 */
export function createTracing(opts: TracingOptions): Tracing {
  if (!opts.endpoint) return OFF;
  ensureContextManager();
  const exporter = new OTLPTraceExporter({ url: `${opts.endpoint.replace(/\/+$/, '')}/v1/traces` });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': `lianxin-${opts.service}` }),
    spanProcessors: [new BatchSpanProcessor({ exporter, scheduledDelayMillis: 1000 })],
  });
  providers.add(provider);
  const tracer: Tracer = provider.getTracer('@lianxin/telemetry');
  return {
    enabled: true,
    start: (name, kind, attributes, parent = context.active()) => tracer.startSpan(name, { kind, attributes }, parent),
    extract: (headers) => propagator.extract(ROOT_CONTEXT, headers, headerGetter),
    inject: (span, headers) => propagator.inject(trace.setSpan(ROOT_CONTEXT, span), headers, { set: (c, k, v) => ((c as Record<string, string>)[k] = v) }),
    within: (span, fn) => context.with(trace.setSpan(context.active(), span), fn),
    active: () => trace.getSpan(context.active()),
    flush: () => provider.forceFlush(),
    shutdown: async () => {
      providers.delete(provider);
      await provider.shutdown();
    },
  };
}

/** Sends every span finished so far in this process (tests wait on this, not on a timer). */
export async function flushAllTracing(): Promise<void> {
  await Promise.all([...providers].map((p) => p.forceFlush()));
}

/** Ends a span with the outcome: anything but `ok` marks it an error. */
export function endSpan(span: Span, outcome: string): void {
  span.setAttribute('lianxin.outcome', outcome);
  if (outcome !== 'ok') span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

/**
 * For pino's `mixin`: the active trace's id on every log line written while a request is
 * served, so logs and traces of one request can be joined.
 */
export function traceLogFields(): { trace_id?: string } {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const { traceId, traceFlags } = span.spanContext();
  return traceFlags & 1 ? { trace_id: traceId } : {};
}
