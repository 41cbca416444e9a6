import path from 'node:path';
import fs from 'node:fs';
import { DataSource, type DataSourceOptions, type Logger as OrmLogger, type MixedList, type EntitySchema } from 'typeorm';
import type { Logger } from 'pino';
import { lean } from './lean';
import { assertSchemaCurrent, migrateUnderLock, SchemaNotCurrentError, type SchemaMode } from './migrate';
import { contention } from './contention';
import { CitySubscriber } from './city';

/** Counts every SQL statement the process sends; read by tests and the bench (each service's /metrics counts its own). */
export const sqlStats = { statements: 0 };

/**
 * Told when a statement starts; the function it returns is called when it ends (`failed`
 * when the driver threw). The subgraph's server hangs its SQL metrics and spans here.
 */
export type QueryObserver = (sql: string) => (failed: boolean) => void;

const observers = new WeakMap<DataSource, QueryObserver>();

/** Observes every statement this data source runs from now on (one observer per data source). */
export function observeQueries(ds: DataSource, observer: QueryObserver): void {
  observers.set(ds, observer);
}

/** The observer of a data source, for statements that bypass TypeORM's query runners (raw.ts). */
export function observerOf(ds: DataSource): QueryObserver | undefined {
  return observers.get(ds);
}

/**
 * TypeORM's logger hears of a statement before it runs and never after, so the timing
 * wraps the query runners instead: every repository call, query builder, transaction and
 * `ds.query()` gets its runner from `driver.createQueryRunner`.
 */
function timeQueries(ds: DataSource): void {
  const driver = ds.driver as unknown as { createQueryRunner(mode: string): { query(...args: unknown[]): Promise<unknown> } };
  const create = driver.createQueryRunner.bind(driver);
  const wrapped = new WeakSet<object>();
  driver.createQueryRunner = (mode: string) => {
    const runner = create(mode);
    // better-sqlite3 hands out one shared runner: wrap it once.
    if (wrapped.has(runner)) return runner;
    wrapped.add(runner);
    const query = runner.query.bind(runner);
    runner.query = (...args: unknown[]) => {
      const observer = observers.get(ds);
      if (!observer) return query(...args);
      const end = observer(String(args[0]));
      return query(...args).then(
        (result) => {
          end(false);
          return result;
        },
        (err: unknown) => {
          end(true);
          throw err;
        },
      );
    };
    return runner;
  };
}

/** Connections of a MariaDB pool in use and requests waiting for one; undefined on SQLite. */
export function poolUsage(ds: DataSource): { inUse: number; waiting: number } | undefined {
  // mysql2's pool keeps these as internal queues; TypeORM exposes the pool as driver.pool.
  const pool = (ds.driver as unknown as { pool?: { _allConnections?: { length: number }; _freeConnections?: { length: number }; _connectionQueue?: { length: number } } }).pool;
  if (!pool?._allConnections || !pool._freeConnections || !pool._connectionQueue) return undefined;
  return { inUse: pool._allConnections.length - pool._freeConnections.length, waiting: pool._connectionQueue.length };
}

class CountingLogger implements OrmLogger {
  constructor(private readonly pinoLog: Logger) {}
  logQuery(): void {
    sqlStats.statements++;
  }
  logQueryError(error: string | Error, query: string): void {
    // The query text stays in our logs; it never reaches a client (see formatError).
    this.pinoLog.warn({ err: error, query }, 'query failed');
  }
  logQuerySlow(time: number, query: string): void {
    this.pinoLog.warn({ ms: time, query }, 'slow query');
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.pinoLog.info(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.pinoLog.warn({ message }, 'typeorm');
  }
}

export type Engine = 'mysql' | 'sqlite';

export interface DatabaseOptions {
  /** mysql://user:pass@host:port — the database name is the service's own (`lianxin_<service>`) unless the URL names one. */
  url?: string;
  /** Where the embedded SQLite files live when no URL is set. */
  dataDir: string;
  service: string;
  /** Overrides the database (MySQL) or file name (SQLite); tests use it to isolate runs. */
  database?: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type
  migrations: MixedList<Function | string>;
  log: Logger;
  poolSize?: number;
  /** `migrate` (the default): apply pending migrations under the migration lock; `check`: apply nothing, refuse when one is pending. */
  schema?: SchemaMode;
  /** How long `migrate` waits for another migrator (DEFAULT_MIGRATE_LOCK_TIMEOUT_SECONDS). */
  lockTimeoutSeconds?: number;
}

export function engineOf(url?: string): Engine {
  if (!url) return 'sqlite';
  if (/^(mysql|mariadb):\/\//.test(url)) return 'mysql';
  throw new Error(`DATABASE_URL must start with mysql:// or mariadb:// (got ${url.split(':')[0]}://)`);
}

/**
 * Opens the service's own database. With `schema: 'migrate'` (the default) it creates the
 * database if needed and applies pending migrations under the migration lock (migrate.ts);
 * with `schema: 'check'` it creates and changes nothing and throws SchemaNotCurrentError,
 * naming `npm run migrate`, when the database lags the code. Each service owns one database
 * (MySQL) or one file (SQLite); services refer to each other's rows only by id.
 */
export async function openDatabase(opts: DatabaseOptions): Promise<DataSource> {
  const engine = engineOf(opts.url);
  const check = opts.schema === 'check';
  const logger = new CountingLogger(opts.log);
  const common = {
    entities: opts.entities,
    migrations: opts.migrations,
    migrationsTableName: 'schema_migrations',
    // Stamps the city of every row written to a table that carries one (city.ts).
    subscribers: [CitySubscriber],
    synchronize: false,
    logging: true as const,
    logger,
    maxQueryExecutionTime: 500,
  };
  let options: DataSourceOptions;
  if (engine === 'mysql') {
    const url = new URL(opts.url!.replace(/^mariadb:/, 'mysql:'));
    const database = opts.database ?? (url.pathname.slice(1) || `lianxin_${opts.service}`);
    if (!check) await ensureMysqlDatabase(url, database);
    options = {
      ...common,
      type: 'mysql',
      host: url.hostname,
      port: Number(url.port || 3306),
      username: decodeURIComponent(url.username || 'root'),
      password: decodeURIComponent(url.password),
      database,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      poolSize: opts.poolSize ?? 10,
      // trace: mysql2 captures a stack trace for every statement, to decorate an error that
      // almost never comes; lean skips it (read at start: a pool's option, not switched per request).
      extra: { enableKeepAlive: true, ...(lean.on ? { trace: false } : {}) },
    };
  } else {
    const file = path.join(opts.dataDir, `${opts.database ?? opts.service}.sqlite`);
    // Opening would create an empty file; a check leaves the disk as it found it.
    if (check && !fs.existsSync(file)) throw new SchemaNotCurrentError(opts.service, [], `there is no database file at ${file}`);
    fs.mkdirSync(opts.dataDir, { recursive: true });
    options = {
      ...common,
      type: 'better-sqlite3',
      database: file,
      // WAL lets readers proceed while the seeder or a mutation writes.
      prepareDatabase: (db: { pragma(s: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.pragma('foreign_keys = ON');
      },
    };
  }
  const ds = new DataSource(options);
  try {
    await ds.initialize();
  } catch (err) {
    if (check && (err as { code?: string }).code === 'ER_BAD_DB_ERROR') throw new SchemaNotCurrentError(opts.service, [], `the database ${String(options.database)} does not exist`);
    throw err;
  }
  if (engine === 'mysql') await boundLockWaits(ds, contention.lockWaitSeconds);
  timeQueries(ds);
  if (engine === 'sqlite') serialiseTransactions(ds);
  try {
    if (check) await assertSchemaCurrent(ds, opts.service);
    else await migrateUnderLock(ds, { service: opts.service, log: opts.log, lockTimeoutSeconds: opts.lockTimeoutSeconds });
  } catch (err) {
    await ds.destroy();
    throw err;
  }
  return ds;
}

/**
 * Every pooled connection waits at most `seconds` for a row lock (innodb_lock_wait_timeout,
 * 50 s on the server by default). A writer queued behind a hot row then fails with 1205
 * inside its retry budget, and is retried or told CONFLICT, instead of holding its request
 * past the gateway's subgraph timeout. mysql2 has no per-connection init statement, so the
 * pool's 'connection' event sets it; the one connection TypeORM opened to test the pool is
 * set here.
 */
async function boundLockWaits(ds: DataSource, seconds: number): Promise<void> {
  type Conn = { query(sql: string, cb: (err: unknown) => void): unknown; release(): void };
  type Pool = { on(event: 'connection', fn: (c: Conn) => void): void; getConnection(cb: (err: unknown, c: Conn) => void): void; _freeConnections?: { length: number } };
  const pool = (ds.driver as unknown as { pool?: Pool }).pool;
  if (!pool) return;
  const sql = `SET SESSION innodb_lock_wait_timeout = ${Math.trunc(seconds)}`;
  // The statement is queued on the connection before any query the pool hands it out for.
  pool.on('connection', (c) => void c.query(sql, () => undefined));
  // Those already open (TypeORM's test connection): take them all out at once, set, give back.
  const open = pool._freeConnections?.length ?? 0;
  const held = await Promise.all(Array.from({ length: open }, () => new Promise<Conn>((ok, fail) => pool.getConnection((err, c) => (err ? fail(err) : ok(c))))));
  try {
    await Promise.all(held.map((c) => new Promise<void>((ok, fail) => void c.query(sql, (err) => (err ? fail(err) : ok())))));
  } finally {
    for (const c of held) c.release();
  }
}

async function ensureMysqlDatabase(url: URL, database: string): Promise<void> {
  if (!/^[A-Za-z0-9_]+$/.test(database)) throw new Error(`Invalid database name ${database}`);
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
  });
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
}

/**
 * Column options for ids and org paths: ASCII with binary collation on MariaDB, so
 * range scans over paths compare bytes and the index stays small. SQLite compares
 * bytes by default and knows no such collation.
 */
export function asciiColumn(engine: Engine): { charset?: string; collation?: string } {
  return engine === 'mysql' ? { charset: 'ascii', collation: 'ascii_bin' } : {};
}

export function engineOfDataSource(ds: { options: { type: string } }): Engine {
  return ds.options.type === 'mysql' || ds.options.type === 'mariadb' ? 'mysql' : 'sqlite';
}

/**
 * TypeORM's better-sqlite3 driver runs everything on one shared connection, and a
 * transaction started while another is open becomes a SAVEPOINT inside it: one request's
 * rollback or commit could undo or release another's work. On the embedded engine,
 * transactions therefore run one after another (never nest them: the inner one would
 * wait for the outer forever). MariaDB gives each transaction its own pooled connection.
 */
function serialiseTransactions(ds: DataSource): void {
  const original = ds.transaction.bind(ds) as (...args: unknown[]) => Promise<unknown>;
  let queue: Promise<unknown> = Promise.resolve();
  ds.transaction = ((...args: unknown[]) => {
    const run = queue.then(() => original(...args));
    // The queue only orders; a failure belongs to its own caller, not to the next in line.
    queue = run.catch(() => undefined);
    return run;
  }) as DataSource['transaction'];
}

/**
 * A moment as a MariaDB DATETIME keeps it: whole seconds. Writers round before they store
 * (and before they hash, or answer), so what a mutation returns is what the next read sees.
 */
export const wholeSeconds = (d: Date | number): Date => new Date(Math.floor(new Date(d).getTime() / 1000) * 1000);
