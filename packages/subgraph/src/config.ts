import path from 'node:path';

/**
 * Reads and validates a service's environment once, at start. A bad setting stops the
 * process with a message naming the variable and what it should look like, rather than
 * failing on the first request.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

export const DEV_INTERNAL_SECRET = 'lianxin-dev-internal-secret-not-for-production';

export interface ServiceConfig {
  production: boolean;
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  internalSecret: string;
  logLevel: string;
}

type Env = Record<string, string | undefined>;

export function readPort(env: Env, name: string, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) problems.push(`${name} must be a port number 0-65535 (got "${raw}")`);
  return n;
}

export function readSecret(env: Env, name: string, production: boolean, devDefault: string, problems: string[]): string {
  const value = env[name];
  if (!value) {
    if (production) problems.push(`${name} is required in production (at least 32 random characters)`);
    return devDefault;
  }
  if (value.length < 32) problems.push(`${name} must be at least 32 characters`);
  return value;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadServiceConfig(service: string, defaultPort: number, env: Env = process.env): ServiceConfig {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  const prefix = service.toUpperCase();
  const port = readPort(env, `${prefix}_PORT`, defaultPort, problems);
  const databaseUrl = env[`${prefix}_DATABASE_URL`] || env.DATABASE_URL || undefined;
  if (databaseUrl && !/^(mysql|mariadb):\/\/[^/]+/.test(databaseUrl)) {
    problems.push(`DATABASE_URL must look like mysql://user:password@host:3306 (got "${databaseUrl.replace(/:[^:@/]*@/, ':***@')}")`);
  }
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const config: ServiceConfig = {
    production,
    port,
    host: env.HOST ?? '127.0.0.1',
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR ?? 'data'),
    internalSecret: readSecret(env, 'INTERNAL_TOKEN_SECRET', production, DEV_INTERNAL_SECRET, problems),
    logLevel,
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}
