/**
 * Reads environment variables with validation. Callers collect problems into one list
 * and throw a single ConfigError, so a misconfigured process names every bad variable
 * at once instead of failing on the first request.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Shared by the gateway and the subgraphs in development only; production requires INTERNAL_TOKEN_SECRET. */
export const DEV_INTERNAL_SECRET = 'lianxin-dev-internal-secret-not-for-production';

export type Env = Record<string, string | undefined>;

export function readInt(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  return n;
}

/** A TCP port, 1–65535; 0 (any free port) is accepted for tests but not advertised. */
export function readPort(env: Env, name: string, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n > 65535) {
    problems.push(`${name} must be a port number 1–65535 (got "${raw}")`);
    return fallback;
  }
  return n;
}

export function readSecret(env: Env, name: string, production: boolean, devDefault: string, problems: string[]): string {
  const value = env[name];
  if (!value) {
    if (production) problems.push(`${name} is required in production (at least 32 random characters)`);
    return devDefault;
  }
  if (value.length < 32) problems.push(`${name} must be at least 32 characters`);
  // The built-in secret is in this repository for anyone to read: in production it would let anyone sign.
  else if (production && value === devDefault) problems.push(`${name} is the built-in development secret, which anyone can read; set one of your own (at least 32 random characters)`);
  return value;
}

export function readUrl(env: Env, name: string, fallback: string, problems: string[]): string {
  const raw = env[name] || fallback;
  try {
    if (!/^https?:$/.test(new URL(raw).protocol)) throw new Error('protocol');
  } catch {
    problems.push(`${name} must be an http(s) URL (got "${raw}")`);
  }
  return raw;
}

/**
 * METRICS_TOKEN: a bearer token a Prometheus scraper may send for /metrics (besides the
 * PROBE_ALLOW addresses). Unset, only those addresses may scrape.
 */
export function readMetricsToken(env: Env, problems: string[]): string | undefined {
  const value = env.METRICS_TOKEN;
  if (!value) return undefined;
  if (value.length < 16) problems.push('METRICS_TOKEN must be at least 16 characters (scrapers send it as "Authorization: Bearer <token>")');
  return value;
}

/** PROBE_ALLOW: comma-separated peer addresses that may read /ready and /metrics without a token. */
export function readProbeAllow(env: Env): string[] {
  return (env.PROBE_ALLOW ?? '').split(',').map((a) => a.trim()).filter(Boolean);
}

/** An on/off setting: on, off, true, false, 1 or 0 (any case); empty keeps the default. */
export function readSwitch(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (['on', 'true', '1'].includes(v)) return true;
  if (['off', 'false', '0'].includes(v)) return false;
  problems.push(`${name} must be on or off (got "${raw}")`);
  return fallback;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function readLogLevel(env: Env, problems: string[]): string {
  const level = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(level)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${level}")`);
  return level;
}

export * from './cli';
export * from './migrate';
export * from './startup';
export * from './subgraphs';
