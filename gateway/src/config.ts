import { ConfigError, DEV_INTERNAL_SECRET, readInt, readLogLevel, readPort, readSecret, readUrl, type Env } from '@lianxin/config';

export { ConfigError };

/** Signs dev tokens (`npm run token`) and verifies them in development. Never valid in production. */
export const DEV_JWT_SECRET = 'lianxin-dev-jwt-secret-for-demo-tokens-only';

export interface GatewayConfig {
  production: boolean;
  port: number;
  host: string;
  /** Subgraph name -> GraphQL URL. Overrides the URLs recorded in the supergraph. */
  subgraphs: Record<string, string>;
  internalSecret: string;
  jwt: { secret?: string; jwksUrl?: string; issuer: string; audience: string };
  subgraphTimeoutMs: number;
  limits: { maxDepth: number; maxAliases: number; maxTokens: number; maxBodyBytes: number; anonymousPerMinute: number };
  logLevel: string;
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
    port: readPort(env, 'GATEWAY_PORT', 4000, problems),
    host: env.HOST ?? '127.0.0.1',
    subgraphs: {
      members: readUrl(env, 'MEMBERS_URL', 'http://127.0.0.1:4001/graphql', problems),
      cases: readUrl(env, 'CASES_URL', 'http://127.0.0.1:4002/graphql', problems),
      benefits: readUrl(env, 'BENEFITS_URL', 'http://127.0.0.1:4003/graphql', problems),
    },
    internalSecret: readSecret(env, 'INTERNAL_TOKEN_SECRET', production, DEV_INTERNAL_SECRET, problems),
    jwt: { secret: jwtSecret, jwksUrl, issuer: env.JWT_ISSUER ?? 'lianxin', audience: env.JWT_AUDIENCE ?? 'lianxin-graph' },
    subgraphTimeoutMs: readInt(env, 'SUBGRAPH_TIMEOUT_MS', 5000, 100, 120_000, problems),
    limits: {
      maxDepth: readInt(env, 'MAX_QUERY_DEPTH', 12, 2, 100, problems),
      maxAliases: readInt(env, 'MAX_QUERY_ALIASES', 30, 0, 1000, problems),
      maxTokens: readInt(env, 'MAX_QUERY_TOKENS', 3000, 100, 100_000, problems),
      maxBodyBytes: readInt(env, 'MAX_BODY_BYTES', 100_000, 1000, 10_000_000, problems),
      anonymousPerMinute: readInt(env, 'ANONYMOUS_REQUESTS_PER_MINUTE', 60, 1, 1_000_000, problems),
    },
    logLevel: readLogLevel(env, problems),
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}
