import path from 'node:path';
import { readContentionSettings } from './contention';
import { readLevelsAboveCity } from './city';
import { ConfigError, DEV_INTERNAL_SECRET, readInt, readLogLevel, readMetricsToken, readProbeAllow, readPort, readSecret, readSwitch, readUrl, subgraph, type Env, type SubgraphName } from '@lianxin/config';
import { DEFAULT_MIGRATE_LOCK_TIMEOUT_SECONDS, type SchemaMode } from './migrate';

export { ConfigError, DEV_INTERNAL_SECRET };
export { databaseVariable, exitOnStartupError, loadAll, subgraphStartup, type SubgraphName } from '@lianxin/config';

export interface ServiceConfig {
  production: boolean;
  port: number;
  host: string;
  /** mysql://… ; absent means the embedded SQLite engine under dataDir. */
  databaseUrl?: string;
  dataDir: string;
  internalSecret: string;
  /** Where the members subgraph (owner of the org tree) answers system lookups. */
  membersUrl: string;
  /** Benefits only: where the cases subgraph answers system lookups (a case aid is opened from). */
  casesUrl?: string;
  logLevel: string;
  /** PROBE_ALLOW: addresses that may read /ready and /metrics without an internal token. */
  probeAllow: string[];
  /** METRICS_TOKEN: a bearer token that may read /metrics (besides PROBE_ALLOW addresses). */
  metricsToken?: string;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the OTLP/HTTP collector spans go to; unset, tracing is off. */
  otlpEndpoint?: string;
  /** PII_SECRET (members, and cases for non-members' phones): the keys of ID numbers and phones at rest. Undefined in development: the dev key. */
  piiSecret?: string;
  /**
   * MIGRATE_ON_START: on (the default outside production) applies pending migrations at start,
   * under the migration lock; off (the default in production) only checks, and refuses to start
   * on a database that lags the code. See docs/operations.md, "Deploying a new version".
   */
  schema: SchemaMode;
  /** MIGRATE_LOCK_TIMEOUT_SECONDS: how long a migrator waits for another one (300). */
  migrateLockTimeoutSeconds: number;
  /**
   * FEED_POLL_MS (1000): how often the change feeds this subgraph follows are polled (cases and
   * benefits: members' feed, for their org directory; benefits: its own, for the partner desk's
   * cache). 0 turns following off (test graphs): those caches then live out their TTLs, or are not used.
   */
  feedPollMs: number;
  /** FILES_DIR: where exports and uploaded rosters are kept (default `<DATA_DIR>/files`); replicas of a service share it. */
  filesDir?: string;
}

/**
 * A subgraph's settings, validated at start. Its default port comes from the registry of
 * subgraphs (@lianxin/config); `<SERVICE>_PORT` and `<SERVICE>_DATABASE_URL` override the shared ones.
 */
export function loadServiceConfig(service: SubgraphName, env: Env = process.env): ServiceConfig {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  const own = subgraph(service);
  const members = subgraph('members');
  const cases = subgraph('cases');
  const databaseUrl = env[own.databaseVariable] || env.DATABASE_URL || undefined;
  if (databaseUrl && !/^(mysql|mariadb):\/\/[^/]+/.test(databaseUrl)) {
    const variable = env[own.databaseVariable] ? own.databaseVariable : 'DATABASE_URL';
    problems.push(`${variable} must look like mysql://user:password@host:3306 (got "${databaseUrl.replace(/:[^:@/]*@/, ':***@')}")`);
  }
  const config: ServiceConfig = {
    production,
    port: readPort(env, own.portVariable, own.port, problems),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR ?? 'data'),
    internalSecret: readSecret(env, 'INTERNAL_TOKEN_SECRET', production, DEV_INTERNAL_SECRET, problems),
    membersUrl: readUrl(env, members.urlVariable, members.defaultUrl, problems),
    casesUrl: own.readsCases ? readUrl(env, cases.urlVariable, cases.defaultUrl, problems) : undefined,
    logLevel: readLogLevel(env, problems),
    probeAllow: readProbeAllow(env),
    metricsToken: readMetricsToken(env, problems),
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT ? readUrl(env, 'OTEL_EXPORTER_OTLP_ENDPOINT', '', problems) : undefined,
    // Members holds ID numbers and phones, cases the phones of workers who are not members; in production neither runs without the key.
    piiSecret: service === 'members' || service === 'cases' ? readSecret(env, 'PII_SECRET', production, '', problems) || undefined : undefined,
    schema: readSwitch(env, 'MIGRATE_ON_START', !production, problems) ? 'migrate' : 'check',
    migrateLockTimeoutSeconds: readInt(env, 'MIGRATE_LOCK_TIMEOUT_SECONDS', DEFAULT_MIGRATE_LOCK_TIMEOUT_SECONDS, 1, 86_400, problems),
    feedPollMs: readInt(env, 'FEED_POLL_MS', 1000, 0, 60_000, problems),
    filesDir: env.FILES_DIR ? path.resolve(env.FILES_DIR) : undefined,
  };
  if (production && config.feedPollMs === 0) {
    problems.push('FEED_POLL_MS is 0: renamed orgs and unbound partners would show for minutes. Leave it unset (1000) or give the milliseconds between polls.');
  } else if (config.feedPollMs > 0 && config.feedPollMs < 100) {
    problems.push('FEED_POLL_MS must be 0 (tests only) or at least 100 milliseconds.');
  }
  // DB_RETRY_BUDGET_MS and DB_LOCK_WAIT_SECONDS are read by the contention module itself (every
  // writer uses them); checked here so that a bad value stops the start with the others.
  readContentionSettings(env, problems);
  // ORG_LEVELS_ABOVE_CITY is read where the city is derived (city.ts); checked here with the rest.
  readLevelsAboveCity(env, problems);
  if (problems.length) throw new ConfigError(problems);
  return config;
}
