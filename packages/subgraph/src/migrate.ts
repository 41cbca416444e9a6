import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { MigrationExecutor, type DataSource, type QueryRunner } from 'typeorm';
import type { Logger } from 'pino';

/**
 * How a process treats the schema when it opens its database:
 * - `migrate`: apply pending migrations, once, under the migration lock (development, tests,
 *   `npm run migrate`);
 * - `check`: apply nothing and refuse to go on when a migration is pending (production
 *   services: the deploy runs `npm run migrate` first).
 */
export type SchemaMode = 'migrate' | 'check';

/** What a service is told about its schema at start (ServiceConfig carries both, from MIGRATE_ON_START and MIGRATE_LOCK_TIMEOUT_SECONDS). */
export interface SchemaOptions {
  schema?: SchemaMode;
  migrateLockTimeoutSeconds?: number;
}

/** How long a migrator waits for another one to finish before it gives up. */
export const DEFAULT_MIGRATE_LOCK_TIMEOUT_SECONDS = 300;

/**
 * The database holds fewer migrations than the code: the service refuses to start rather than
 * run queries against tables that are not there yet (or lack a column). The message names the
 * command that fixes it; `code` lets `exitOnStartupError` print it as one sentence.
 */
export class SchemaNotCurrentError extends Error {
  readonly code = 'SCHEMA_NOT_CURRENT';
  constructor(
    readonly service: string,
    readonly pending: readonly string[],
    what = `${pending.length} migration${pending.length === 1 ? ' is' : 's are'} not applied (${listed(pending)})`,
  ) {
    super(
      `the ${service} database is behind this code: ${what}. Run \`npm run migrate\` (or \`npm run migrate -w @lianxin/${service}\`) ` +
        `against this database, then start the service again. Services never migrate in production (MIGRATE_ON_START, docs/operations.md).`,
    );
    this.name = 'SchemaNotCurrentError';
  }
}

/** Another migrator held the lock for longer than this one would wait. Nothing was applied by this one. */
export class MigrationLockTimeoutError extends Error {
  readonly code = 'MIGRATION_LOCK_TIMEOUT';
  constructor(service: string, lock: string, seconds: number, row?: { table: string; holder: string; takenAt: Date }) {
    super(
      `the ${service} migrations are locked by another migrator (lock "${lock}" not free within ${seconds} s): ` +
        `an \`npm run migrate\` or a starting replica is still migrating. Wait for it and run \`npm run migrate\` again ` +
        (row
          ? `(held by ${row.holder} since ${new Date(row.takenAt).toISOString()}; if that migrator is gone, check what it left half done, ` +
            `then DELETE FROM ${row.table} WHERE name = '${lock}'). `
          : `(SHOW PROCESSLIST shows who holds and who waits; MIGRATE_LOCK_TIMEOUT_SECONDS waits longer). `) +
        `Nothing was applied by this run.`,
    );
    this.name = 'MigrationLockTimeoutError';
  }
}

const listed = (names: readonly string[]): string => (names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`);

/** The migrations the code has and the database has not applied, in order. Reads only: it creates no table. */
export async function pendingMigrations(ds: DataSource): Promise<string[]> {
  return (await new MigrationExecutor(ds).getPendingMigrations()).map((m) => m.name);
}

/** Throws SchemaNotCurrentError when a migration is pending. Migrations the database has and the code lacks (an older build during a rolling deploy) are allowed: they only add. */
export async function assertSchemaCurrent(ds: DataSource, service: string): Promise<void> {
  const pending = await pendingMigrations(ds);
  if (pending.length) throw new SchemaNotCurrentError(service, pending);
}

const appliedBy = new WeakMap<DataSource, readonly string[]>();

/** The migrations this data source applied when it was opened (empty when none were pending, or another migrator applied them). */
export function migrationsApplied(ds: DataSource): readonly string[] {
  return appliedBy.get(ds) ?? [];
}

/** Server-wide on MariaDB, so it names the database: one lock per service database, not one for the whole server. */
export function migrationLockName(database: string): string {
  return `lianxin.migrate.${database}`.slice(0, 64);
}

// The embedded engine has no named locks; data sources of one file in one process take turns here
// (several processes on one embedded file are not supported, migrations or not).
const embeddedTurns = new Map<string, Promise<unknown>>();

/**
 * Applies the pending migrations once. On MariaDB the whole run holds a named lock
 * (`GET_LOCK`) on one connection, and the migrations run on that same connection, so the
 * lock cannot outlive or fall short of the work: a second migrator (another replica, a
 * second `npm run migrate`) waits, then reads the migrations table afresh and finds nothing
 * pending. A crashed migrator's lock goes with its session. Each migration runs in its own
 * transaction (MariaDB commits DDL regardless; the embedded engine rolls it back whole).
 *
 * A Galera node refuses `GET_LOCK` (MDEV-30473: a named lock would hold on one node only);
 * there the lock is a row of `schema_migrations_lock`, which the cluster certifies like any
 * write (see takeRowLock). `lock: 'row'` forces that path (tests on a single server).
 */
export async function migrateUnderLock(ds: DataSource, opts: MigrateOptions): Promise<readonly string[]> {
  const applied = ds.options.type === 'mysql' || ds.options.type === 'mariadb' ? await migrateMysql(ds, opts) : await migrateEmbedded(ds);
  appliedBy.set(ds, applied);
  if (applied.length) opts.log.info({ applied }, 'migrations applied');
  return applied;
}

export interface MigrateOptions {
  service: string;
  log: Logger;
  lockTimeoutSeconds?: number;
  /** `named` (GET_LOCK; the default, falling back to `row` where the server refuses named locks) or `row`. */
  lock?: 'named' | 'row';
}

/** The server does not do this (Galera: "This version of MariaDB doesn't yet support 'GET_LOCK in cluster (WSREP_ON=ON)'"). */
const notSupported = (err: unknown): boolean => (err as { errno?: number }).errno === 1235;

async function migrateMysql(ds: DataSource, opts: MigrateOptions): Promise<string[]> {
  const seconds = opts.lockTimeoutSeconds ?? DEFAULT_MIGRATE_LOCK_TIMEOUT_SECONDS;
  const lock = migrationLockName(String(ds.options.database));
  const runner = ds.createQueryRunner('master');
  try {
    await runner.connect();
    const started = Date.now();
    const { kind, release } = await takeLock(runner, opts.lock ?? 'named', { ...opts, name: lock, seconds });
    const waitedMs = Date.now() - started;
    if (waitedMs > 1000) opts.log.info({ waitedMs, lock: kind }, 'waited for another migrator');
    try {
      const executor = new MigrationExecutor(ds, runner);
      executor.transaction = 'each';
      return (await executor.executePendingMigrations()).map((m) => m.name);
    } finally {
      // A named lock also goes when the session ends, should this fail (a lost connection); a row lock stays (see takeRowLock).
      await release().catch((err: unknown) => opts.log.warn({ err, lock }, 'could not release the migration lock'));
    }
  } finally {
    await runner.release();
  }
}

type Release = () => Promise<unknown>;
interface LockRequest extends MigrateOptions {
  name: string;
  seconds: number;
}

async function takeLock(runner: QueryRunner, kind: 'named' | 'row', req: LockRequest): Promise<{ kind: 'named' | 'row'; release: Release }> {
  if (kind === 'row') return { kind, release: await takeRowLock(runner, req) };
  try {
    const [row] = (await runner.query('SELECT GET_LOCK(?, ?) AS got', [req.name, req.seconds])) as { got: number | string | null }[];
    // 1: ours; 0: the wait ran out; NULL: the server refused (killed, out of memory).
    if (Number(row?.got) !== 1) throw new MigrationLockTimeoutError(req.service, req.name, req.seconds);
    return { kind, release: () => runner.query('SELECT RELEASE_LOCK(?)', [req.name]) };
  } catch (err) {
    if (!notSupported(err)) throw err;
    return { kind: 'row', release: await takeRowLock(runner, req) };
  }
}

export const ROW_LOCK_TABLE = 'schema_migrations_lock';

/**
 * A lock Galera can hold: one row per lock name, inserted in its own transaction. Two
 * migrators inserting it on two nodes at once meet in certification (one gets a deadlock
 * error) or in the primary key (a duplicate): either way the loser waits and tries again.
 * Unlike a named lock it does not end with the session, and it is not expired on a clock
 * (a long ALTER stalls the whole cluster's commits, a heartbeat with them): a migrator that
 * crashed mid-run leaves its row, and the timeout's message says how to clear it once a
 * person has looked at what it left half done.
 */
async function takeRowLock(runner: QueryRunner, req: LockRequest): Promise<Release> {
  await runner.query(
    `CREATE TABLE IF NOT EXISTS ${ROW_LOCK_TABLE} (name varchar(64) NOT NULL PRIMARY KEY, holder varchar(200) NOT NULL, taken_at datetime NOT NULL) ENGINE=InnoDB`,
  );
  const holder = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`.slice(0, 200);
  const deadline = Date.now() + req.seconds * 1000;
  for (;;) {
    try {
      await runner.query(`INSERT INTO ${ROW_LOCK_TABLE} (name, holder, taken_at) VALUES (?, ?, UTC_TIMESTAMP())`, [req.name, holder]);
      return () => runner.query(`DELETE FROM ${ROW_LOCK_TABLE} WHERE name = ? AND holder = ?`, [req.name, holder]);
    } catch (err) {
      const errno = (err as { errno?: number }).errno;
      // 1062: the row is there (held); 1213: lost the race to certify it on another node.
      if (errno !== 1062 && errno !== 1213) throw err;
    }
    if (Date.now() >= deadline) {
      const [held] = (await runner.query(`SELECT holder, taken_at AS takenAt FROM ${ROW_LOCK_TABLE} WHERE name = ?`, [req.name])) as { holder: string; takenAt: Date }[];
      throw new MigrationLockTimeoutError(req.service, req.name, req.seconds, held && { table: ROW_LOCK_TABLE, holder: held.holder, takenAt: held.takenAt });
    }
    await new Promise((r) => setTimeout(r, 250 + Math.random() * 250));
  }
}

async function migrateEmbedded(ds: DataSource): Promise<string[]> {
  const file = String(ds.options.database);
  const run = (embeddedTurns.get(file) ?? Promise.resolve()).then(async () => (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name));
  const settled = run.catch(() => undefined);
  embeddedTurns.set(file, settled);
  void settled.then(() => {
    if (embeddedTurns.get(file) === settled) embeddedTurns.delete(file);
  });
  return run;
}
