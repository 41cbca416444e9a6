import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';

export { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * One registry per service, so a test process that runs the gateway and every subgraph
 * together still scrapes each one on its own. Every series carries `service`; the default
 * Node metrics (event-loop lag, GC, heap, handles) come with it.
 */
export function serviceRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Seconds: SQL statements, subgraph fetches, whole requests. */
export const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * A label whose values come from outside (operation names chosen by clients): the first
 * `max` distinct values are kept, every later one reads `other`, so no client can grow the
 * series without bound. Unnamed operations are `anonymous`.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();
  constructor(private readonly max: number) {}

  of(value: string | null | undefined): string {
    if (!value) return 'anonymous';
    if (this.seen.has(value)) return value;
    // Names like a GraphQL name only: anything else is not an operation name we would chart.
    if (this.seen.size >= this.max || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(value)) return 'other';
    this.seen.add(value);
    return value;
  }
}

/**
 * An error code as a label: ours are SCREAMING_SNAKE (BAD_USER_INPUT, NOT_FOUND, …);
 * anything else is `ERROR`, so a subgraph cannot widen the label either.
 */
export function outcomeOf(code: unknown): string {
  return typeof code === 'string' && /^[A-Z][A-Z_]{1,39}$/.test(code) ? code : 'ERROR';
}

export interface MetricsAccess {
  /** Peer addresses (a Prometheus host) that may scrape without a token. */
  allow: readonly string[];
  /** A bearer token a scraper may send instead (METRICS_TOKEN). */
  token?: string;
}

/** `::ffff:127.0.0.1` and `127.0.0.1` are one peer. */
export function normaliseAddress(address: string): string {
  return address.trim().replace(/^::ffff:/, '');
}

/** Whether a scrape from this peer with this Authorization header may read /metrics. */
export function metricsAllowed(access: MetricsAccess): (remoteAddress: string | undefined, authorization: string | undefined) => boolean {
  const allowed = new Set(access.allow.map(normaliseAddress));
  const expected = access.token ? `Bearer ${access.token}` : undefined;
  return (remoteAddress, authorization) =>
    allowed.has(normaliseAddress(remoteAddress ?? '')) || (expected !== undefined && authorization !== undefined && constantTimeEqual(authorization, expected));
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** What feedMetrics() reads of a change-feed follower (FeedFollower of @lianxin/outbox). */
export interface FollowedFeed {
  readonly name: string;
  readonly enabled: boolean;
  readonly pollAgeSeconds: number;
  readonly cursor: number | null;
  readonly stats: { readonly failures: number; readonly drops: Readonly<Record<string, number>> };
}

/**
 * The followers of change feeds in one process: how long since each feed last answered (the
 * bound on how stale its caches can be), the seq it has reached, failed polls, and whole
 * drops by reason (start, overflow, reset, stale). Read at scrape time: nothing per poll.
 */
export function feedMetrics(registry: Registry, prefix: string, feeds: readonly FollowedFeed[]): void {
  const on = feeds.filter((f) => f.enabled);
  if (!on.length) return;
  new Gauge({
    name: `${prefix}_feed_poll_age_seconds`,
    help: 'Seconds since the change feed last answered this process: its caches may miss changes younger than this (alert when it stays above a few seconds)',
    labelNames: ['feed'] as const,
    registers: [registry],
    collect() {
      for (const f of on) this.set({ feed: f.name }, f.pollAgeSeconds);
    },
  });
  new Gauge({
    name: `${prefix}_feed_cursor`,
    help: 'The last seq of the change feed this process has applied',
    labelNames: ['feed'] as const,
    registers: [registry],
    collect() {
      for (const f of on) this.set({ feed: f.name }, f.cursor ?? 0);
    },
  });
  new Gauge({
    name: `${prefix}_feed_failures`,
    help: 'Polls of the change feed that failed since start',
    labelNames: ['feed'] as const,
    registers: [registry],
    collect() {
      for (const f of on) this.set({ feed: f.name }, f.stats.failures);
    },
  });
  new Gauge({
    name: `${prefix}_feed_drops`,
    help: 'Times everything cached from the change feed was dropped since start, by reason: start, overflow, reset, stale',
    labelNames: ['feed', 'reason'] as const,
    registers: [registry],
    collect() {
      for (const f of on) for (const [reason, n] of Object.entries(f.stats.drops)) this.set({ feed: f.name, reason }, n);
    },
  });
}
