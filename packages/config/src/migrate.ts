import { defineCommand } from './cli';

/**
 * `npm run migrate` (every subgraph, scripts/migrate.mjs) and `npm run migrate -w @lianxin/<service>`
 * (one): the command line both share. Defined here, away from the service code, so `--help`
 * and a bad flag answer before TypeORM loads.
 */
export const migrateCommand = (service?: string) =>
  defineCommand({
    usage: service ? `npm run migrate -w @lianxin/${service} [-- --check]` : 'npm run migrate [-- --check]',
    summary:
      `Applies the pending migrations of ${service ? `the ${service} database` : "every subgraph's database"}, once, under a lock: ` +
      'a second migrator (another deploy, a replica starting in development) waits for it, then finds nothing to do. ' +
      'Prints one JSON line per database. Run it before starting a new version in production: services there never migrate, ' +
      'they refuse to start on a database that lags the code.',
    options: {
      check: { type: 'boolean', description: 'apply nothing: exit 1 naming what is pending (a deploy pipeline can ask before it switches)' },
    },
    notes:
      'Environment: <SERVICE>_DATABASE_URL or DATABASE_URL (else the embedded database under DATA_DIR, relative to where npm was run),\n' +
      'MIGRATE_LOCK_TIMEOUT_SECONDS (300): how long to wait for another migrator; PII_SECRET (members, cases).',
  });
