import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { SubgraphName } from '@lianxin/config';
import { loadServiceConfig, type ServiceConfig } from './config';
import { createLogger } from './log';
import { migrationsApplied, type SchemaMode } from './migrate';

/** What one database's run printed: the migrations applied now (none on a second run, or with --check). */
export interface MigrateReport {
  service: string;
  database: string;
  applied: readonly string[];
}

/**
 * The body of every service's `migrate-cli.ts`: opens the service's database through the
 * service's own opener (members and cases configure their PII keys first: a migration
 * encrypts rows) with `schema: 'migrate'`, or `'check'` for `--check`, and prints one JSON
 * line. Errors (a pending migration under --check, a lock held too long) are thrown for
 * the caller's `exitOnStartupError`.
 */
export async function runMigrate(
  service: SubgraphName,
  open: (opts: ServiceConfig & { log: Logger; schema: SchemaMode }) => Promise<DataSource>,
  opts: { check?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<MigrateReport> {
  const env = opts.env ?? process.env;
  // `npm run migrate -w @lianxin/<service>` runs in the service's folder; a relative DATA_DIR
  // (or none: data/) means the folder npm was run from, where `npm start` keeps it too.
  const base = env.INIT_CWD ?? process.cwd();
  const config = loadServiceConfig(service, { ...env, DATA_DIR: path.resolve(base, env.DATA_DIR || 'data') });
  const log = createLogger(`${service}-migrate`, config.logLevel);
  const db = await open({ ...config, log, schema: opts.check ? 'check' : 'migrate' });
  try {
    return { service, database: String(db.options.database), applied: migrationsApplied(db) };
  } finally {
    await db.destroy();
  }
}
