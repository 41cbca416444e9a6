import { ConfigError, DEV_INTERNAL_SECRET, GATEWAY_PORT, perSubgraph, readInt, readLogLevel, readMetricsToken, readProbeAllow, readPort, readSecret, readSwitch, readUrl, type Env } from '@lianxin/config';

import { loadConsoleConfig, type ConsoleConfig } from './console';
import type { RateBudgets } from './rate-limit';

export { ConfigError };

/** Signs dev tokens (`npm run token`) and verifies them in development. Never valid in production. */
export const DEV_JWT_SECRET = 'lianxin-dev-jwt-secret-for-demo-tokens-only';

export interface GatewayConfig {
  production: boolean;
  port: number;
  host: string;
  /** Subgraph name -> GraphQL URL (`<NAME>_URL`). Overrides the URLs recorded in the supergraph. */
  subgraphs: Record<string, string>;
  internalSecret: string;
  jwt: { secret?: string; jwksUrl?: string; issuer: string; audience: string };
  subgraphTimeoutMs: number;
  /** Wall time one request may take: no subgraph fetch starts after it, and none outlives it. */
  requestTimeoutMs: number;
  /** Identical subgraph reads in flight together share one fetch (dedupe.ts); off only to measure against. */
  dedupeReads: boolean;
  limits: { maxDepth: number; maxFields: number; maxAliases: number; maxTokens: number; maxBodyBytes: number; maxCost: number; maxPageSize: number };
  /** Requests per caller per minute, by role (rate-limit.ts). */
  rateBudgets: RateBudgets;
  /** Where replicas share their rate counts; unset: each process counts alone. */
  redisUrl?: string;
  /**
   * `trusted`: partner callers may run only the documents in the partner manifest
   * (trusted-documents.ts). `any` lets them send free-form operations, for tests that
   * probe the subgraphs' own scoping; refused in production.
   */
  partnerDocuments: 'trusted' | 'any';
  /** Extra manifests of trusted documents (paths, comma-separated in TRUSTED_DOCUMENTS), besides the partner manifest and the console's. */
  trustedDocumentFiles: string[];
  /** Extra partner manifests (TRUSTED_PARTNER_DOCUMENTS): operations a city publishes to its partners beyond the desk's. */
  partnerDocumentFiles: string[];
  /** GraphiQL at GET /graphql (development only). */
  graphiql: boolean;
  logLevel: string;
  /**
   * How often the gateway asks members and benefits what changed (their change feeds: staff
   * accounts, org moves, member transfers; partner keys and partners) and drops it from its
   * caches. 0 turns the feeds off, for test graphs only (like the sweeps): answers are then
   * kept for their TTLs (up to ten minutes), so production refuses it.
   */
  directoryPollMs: number;
  /** PROBE_ALLOW: addresses that may read /metrics without METRICS_TOKEN. */
  probeAllow: string[];
  /** METRICS_TOKEN: the bearer token a scraper sends for /metrics. */
  metricsToken?: string;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the OTLP/HTTP collector spans go to; unset, tracing is off. */
  otlpEndpoint?: string;
  /** The console served at `/` and how it signs in (console.ts). */
  console?: ConsoleConfig;
}

/** Validated once at start; every problem is reported together, naming the variable. */
export function loadGatewayConfig(env: Env = process.env): GatewayConfig {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  const jwksUrl = env.JWT_JWKS_URL || undefined;
  let jwtSecret: string | undefined;
  if (jwksUrl) {
    readUrl(env, 'JWT_JWKS_URL', jwksUrl, problems);
  } else {
    jwtSecret = readSecret(env, 'JWT_SECRET', production, DEV_JWT_SECRET, problems);
  }
  const config: GatewayConfig = {
    production,
    port: readPort(env, 'GATEWAY_PORT', GATEWAY_PORT, problems),
    host: env.HOST ?? '127.0.0.1',
    subgraphs: perSubgraph((s) => readUrl(env, s.urlVariable, s.defaultUrl, problems)),
    internalSecret: readSecret(env, 'INTERNAL_TOKEN_SECRET', production, DEV_INTERNAL_SECRET, problems),
    // With the console signing in through OIDC, the tokens it sends come from that provider: their issuer is its issuer unless told otherwise.
    jwt: { secret: jwtSecret, jwksUrl, issuer: env.JWT_ISSUER || env.OIDC_ISSUER || 'lianxin', audience: env.JWT_AUDIENCE ?? 'lianxin-graph' },
    subgraphTimeoutMs: readInt(env, 'SUBGRAPH_TIMEOUT_MS', 5000, 100, 120_000, problems),
    requestTimeoutMs: readInt(env, 'REQUEST_TIMEOUT_MS', 10_000, 100, 300_000, problems),
    dedupeReads: readSwitch(env, 'GATEWAY_DEDUPE_READS', true, problems),
    limits: {
      maxDepth: readInt(env, 'MAX_QUERY_DEPTH', 12, 2, 100, problems),
      // Fields after fragment expansion. The full introspection query is about 220; a console page well under 300.
      maxFields: readInt(env, 'MAX_QUERY_FIELDS', 1000, 10, 100_000, problems),
      maxAliases: readInt(env, 'MAX_QUERY_ALIASES', 30, 0, 1000, problems),
      maxTokens: readInt(env, 'MAX_QUERY_TOKENS', 3000, 100, 100_000, problems),
      maxBodyBytes: readInt(env, 'MAX_BODY_BYTES', 100_000, 1000, 10_000_000, problems),
      // Items times fields: every connection counts \`first\` (or its default) per field below it, nested lists multiply.
      maxCost: readInt(env, 'MAX_QUERY_COST', 250_000, 100, 100_000_000, problems),
      maxPageSize: readInt(env, 'MAX_PAGE_SIZE', 500, 1, 10_000, problems),
    },
    rateBudgets: {
      anonymous: readInt(env, 'ANONYMOUS_REQUESTS_PER_MINUTE', 60, 1, 1_000_000, problems),
      member: readInt(env, 'RATE_LIMIT_MEMBER_PER_MINUTE', 120, 1, 1_000_000, problems),
      staff: readInt(env, 'RATE_LIMIT_STAFF_PER_MINUTE', 600, 1, 1_000_000, problems),
      partner: readInt(env, 'RATE_LIMIT_PARTNER_PER_MINUTE', 300, 1, 1_000_000, problems),
      admin: readInt(env, 'RATE_LIMIT_ADMIN_PER_MINUTE', 1200, 1, 1_000_000, problems),
    },
    redisUrl: env.REDIS_URL || undefined,
    partnerDocuments: env.PARTNER_DOCUMENTS === 'any' ? 'any' : 'trusted',
    trustedDocumentFiles: (env.TRUSTED_DOCUMENTS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    partnerDocumentFiles: (env.TRUSTED_PARTNER_DOCUMENTS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    graphiql: !production && readSwitch(env, 'GRAPHIQL', true, problems),
    logLevel: readLogLevel(env, problems),
    directoryPollMs: readInt(env, 'DIRECTORY_POLL_MS', 1000, 0, 60_000, problems),
    probeAllow: readProbeAllow(env),
    metricsToken: readMetricsToken(env, problems),
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT ? readUrl(env, 'OTEL_EXPORTER_OTLP_ENDPOINT', '', problems) : undefined,
    console: loadConsoleConfig(env, problems),
  };
  if (config.redisUrl && !/^rediss?:\/\/[^\s]+$/.test(config.redisUrl)) problems.push(`REDIS_URL must be a redis:// or rediss:// URL (got "${config.redisUrl}").`);
  if (env.PARTNER_DOCUMENTS && !['trusted', 'any'].includes(env.PARTNER_DOCUMENTS)) problems.push(`PARTNER_DOCUMENTS must be trusted or any, got "${env.PARTNER_DOCUMENTS}".`);
  if (production && config.partnerDocuments === 'any') problems.push('PARTNER_DOCUMENTS=any is for tests only: in production partners run only the trusted documents.');
  if (production && config.directoryPollMs === 0) {
    problems.push('DIRECTORY_POLL_MS is 0: a revoked staff account would keep signing in for up to ten minutes. Leave it unset (1000) or give the milliseconds between polls.');
  } else if (config.directoryPollMs > 0 && config.directoryPollMs < 100) {
    problems.push('DIRECTORY_POLL_MS must be 0 (tests only) or at least 100 milliseconds.');
  }
  if (config.console?.oidc && !jwksUrl) {
    // Otherwise every console sign-in ends in a 401 and back at the sign-in page.
    problems.push('OIDC_ISSUER is set but JWT_JWKS_URL is not: the gateway could not verify the tokens the console gets from that provider (set JWT_JWKS_URL to its jwks_uri).');
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}
