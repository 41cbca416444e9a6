import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import pino from 'pino';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { connectionOptions, dropMariadbDatabase, enginesForSuites, TEST_DATABASE_URL, type EngineName } from '@lianxin/jest-config/engines';
import { openDatabase, type DatabaseOptions } from '../db';
import { migrateUnderLock, migrationLockName, migrationsApplied, ROW_LOCK_TABLE, SchemaNotCurrentError } from '../migrate';

const isMysql = (q: QueryRunner) => q.connection.options.type === 'mysql';

// Plain SQL that fails when run twice (a second CREATE TABLE, a second ADD COLUMN), as the
// members migrations failed on two replicas at once. The first one dawdles on MariaDB so two
// unlocked migrators would surely overlap.
class CreateA1700000000001 implements MigrationInterface {
  name = 'CreateA1700000000001';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE mig_a (id varchar(26) NOT NULL PRIMARY KEY)');
    if (isMysql(q)) await q.query('DO SLEEP(0.3)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE mig_a');
  }
}
class CreateB1700000000002 implements MigrationInterface {
  name = 'CreateB1700000000002';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE mig_b (id varchar(26) NOT NULL PRIMARY KEY)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE mig_b');
  }
}
class AddLabel1700000000003 implements MigrationInterface {
  name = 'AddLabel1700000000003';
  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE mig_a ADD label varchar(20) NULL');
  }
  async down(): Promise<void> {}
}

const MIGRATIONS = [CreateA1700000000001, CreateB1700000000002, AddLabel1700000000003];
const NAMES = MIGRATIONS.map((M) => new M().name);
const log = pino({ level: 'silent' });

interface Target {
  engine: EngineName;
  url?: string;
  database: string;
  dataDir: string;
}

const open = (t: Target, extra: Partial<DatabaseOptions> = {}) =>
  openDatabase({ url: t.url, database: t.database, dataDir: t.dataDir, service: 'migtest', entities: [], migrations: MIGRATIONS, log, ...extra });

async function failure(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected a failure');
}

describe.each(enginesForSuites())('migrations on %s', (engine) => {
  const mariadb = engine === 'mariadb';
  let t: Target;
  let server: mysql.Connection | undefined;
  const opened: DataSource[] = [];

  /** Runs on the server (not in any database) or in the SQLite file, outside the code under test. */
  async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (mariadb) return (await server!.query(sql, params))[0] as T[];
    const db = await new DataSource({ type: 'better-sqlite3', database: fileOf(), readonly: true }).initialize();
    try {
      return (await db.query(sql, params)) as T[];
    } finally {
      await db.destroy();
    }
  }
  const fileOf = () => path.join(t.dataDir, `${t.database}.sqlite`);
  const executed = async () => (await rows<{ name: string }>(`SELECT name FROM ${mariadb ? `\`${t.database}\`.` : ''}schema_migrations ORDER BY id`)).map((r) => r.name);
  const tables = async () =>
    mariadb
      ? (await rows<{ t: string }>('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name', [t.database])).map((r) => r.t)
      : fs.existsSync(fileOf())
        ? (await rows<{ t: string }>("SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")).map((r) => r.t)
        : [];
  const databaseExists = async () => (mariadb ? (await rows('SHOW DATABASES LIKE ?', [t.database])).length > 0 : fs.existsSync(fileOf()));
  const track = (ds: DataSource) => {
    opened.push(ds);
    return ds;
  };

  beforeAll(async () => {
    if (mariadb) server = await mysql.createConnection(connectionOptions());
  });
  afterAll(async () => {
    await server?.end();
  });
  beforeEach(async () => {
    t = {
      engine,
      url: mariadb ? TEST_DATABASE_URL : undefined,
      database: mariadb ? `lianxin_test_migrate_${process.pid}` : 'migtest',
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-migrate-')),
    };
    if (mariadb) await dropMariadbDatabase(t.database);
  });
  afterEach(async () => {
    for (const ds of opened.splice(0)) if (ds.isInitialized) await ds.destroy();
    if (mariadb) await dropMariadbDatabase(t.database);
    fs.rmSync(t.dataDir, { recursive: true, force: true });
  });

  test('two replicas opening an empty database at once both come up, and each migration is recorded once', async () => {
    const [a, b] = (await Promise.all([open(t), open(t)])).map(track);
    expect(await executed()).toEqual(NAMES);
    // One did the work; the other waited for it and found nothing pending.
    expect([migrationsApplied(a), migrationsApplied(b)].sort((x, y) => x.length - y.length)).toEqual([[], NAMES]);
    await a.query('INSERT INTO mig_a (id, label) VALUES (?, ?)', ['one', 'from a']);
    expect(await b.query('SELECT id, label FROM mig_a')).toEqual([{ id: 'one', label: 'from a' }]);
  });

  test('opening again migrates nothing: the second run finds every migration applied', async () => {
    track(await open(t));
    const again = track(await open(t));
    expect(migrationsApplied(again)).toEqual([]);
    expect(await executed()).toEqual(NAMES);
  });

  test('check (production) on an empty database refuses, naming npm run migrate, and creates nothing', async () => {
    const err = await failure(open(t, { schema: 'check' }));
    expect(err).toBeInstanceOf(SchemaNotCurrentError);
    expect(err.code).toBe('SCHEMA_NOT_CURRENT');
    expect(err.message).toMatch(/^the migtest database is behind this code: .*\. Run `npm run migrate` \(or `npm run migrate -w @lianxin\/migtest`\) against this database/);
    expect(await databaseExists()).toBe(false);
  });

  test('check on an older schema refuses, naming what is pending, and leaves it as it was', async () => {
    await (await open(t, { migrations: [CreateA1700000000001] })).destroy();
    const err = await failure(open(t, { schema: 'check' }));
    expect(err.code).toBe('SCHEMA_NOT_CURRENT');
    expect(err.message).toContain('2 migrations are not applied (CreateB1700000000002, AddLabel1700000000003). Run `npm run migrate`');
    expect(await executed()).toEqual([NAMES[0]]);
    expect(await tables()).toEqual(['mig_a', 'schema_migrations']);
    // After the migrate command, the same check opens.
    track(await open(t));
    const checked = track(await open(t, { schema: 'check' }));
    expect(migrationsApplied(checked)).toEqual([]);
  });

  test('check opens a database a newer build has migrated further (a rolling deploy still runs the old code)', async () => {
    track(await open(t));
    const older = track(await open(t, { schema: 'check', migrations: MIGRATIONS.slice(0, 2) }));
    expect(await older.query('SELECT COUNT(*) AS n FROM mig_b')).toEqual([{ n: mariadb ? '0' : 0 }]);
  });

  if (!mariadb) return;

  const lockName = () => migrationLockName(t.database);
  async function waiterAppears(): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const [row] = await rows<{ n: number }>("SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE INFO LIKE CONCAT('SELECT GET_LOCK(''', ?, '%')", [lockName()]);
      if (Number(row!.n) > 0) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('the second migrator never asked for the lock');
  }

  test('a migrator waits while another holds the lock, applying nothing, then finds its work to do', async () => {
    const holder = await mysql.createConnection(connectionOptions());
    try {
      await holder.query('SELECT GET_LOCK(?, 10)', [lockName()]);
      const opening = open(t);
      await waiterAppears();
      expect(await tables()).toEqual([]);
      await holder.query('SELECT RELEASE_LOCK(?)', [lockName()]);
      expect(migrationsApplied(track(await opening))).toEqual(NAMES);
    } finally {
      await holder.end();
    }
  });

  test('a lock held past the timeout is a clear error, and nothing is applied', async () => {
    const holder = await mysql.createConnection(connectionOptions());
    try {
      await holder.query('SELECT GET_LOCK(?, 10)', [lockName()]);
      const err = await failure(open(t, { lockTimeoutSeconds: 1 }));
      expect(err.code).toBe('MIGRATION_LOCK_TIMEOUT');
      expect(err.message).toBe(
        `the migtest migrations are locked by another migrator (lock "${lockName()}" not free within 1 s): an \`npm run migrate\` or a starting replica is still migrating. ` +
          'Wait for it and run `npm run migrate` again (SHOW PROCESSLIST shows who holds and who waits; MIGRATE_LOCK_TIMEOUT_SECONDS waits longer). Nothing was applied by this run.',
      );
      expect(await tables()).toEqual([]);
    } finally {
      await holder.end();
    }
  });

  describe('where the server refuses named locks (Galera): the lock row', () => {
    // Data sources that have not migrated: migrateUnderLock is called on them directly.
    async function unmigrated(): Promise<DataSource> {
      await server!.query(`CREATE DATABASE IF NOT EXISTS \`${t.database}\``);
      const o = connectionOptions();
      return track(await new DataSource({ type: 'mysql', host: o.host, port: o.port, username: o.user, password: o.password, database: t.database, migrations: MIGRATIONS, migrationsTableName: 'schema_migrations' }).initialize());
    }

    test('two migrators at once: each migration once, and the row is gone afterwards', async () => {
      const [a, b] = [await unmigrated(), await unmigrated()];
      const applied = await Promise.all([a, b].map((ds) => migrateUnderLock(ds, { service: 'migtest', log, lock: 'row' })));
      expect(applied.sort((x, y) => x.length - y.length)).toEqual([[], NAMES]);
      expect(await executed()).toEqual(NAMES);
      expect(await rows(`SELECT * FROM \`${t.database}\`.${ROW_LOCK_TABLE}`)).toEqual([]);
    });

    test('a row left by a migrator that died: the timeout names its holder and how to clear it, and nothing is applied', async () => {
      const ds = await unmigrated();
      await server!.query(`CREATE TABLE \`${t.database}\`.${ROW_LOCK_TABLE} (name varchar(64) NOT NULL PRIMARY KEY, holder varchar(200) NOT NULL, taken_at datetime NOT NULL)`);
      await server!.query(`INSERT INTO \`${t.database}\`.${ROW_LOCK_TABLE} VALUES (?, 'app1:4242:dead', '2026-12-01 08:00:00')`, [lockName()]);
      const err = await failure(migrateUnderLock(ds, { service: 'migtest', log, lock: 'row', lockTimeoutSeconds: 1 }));
      expect(err.code).toBe('MIGRATION_LOCK_TIMEOUT');
      expect(err.message).toContain(
        `(held by app1:4242:dead since 2026-12-01T08:00:00.000Z; if that migrator is gone, check what it left half done, then DELETE FROM ${ROW_LOCK_TABLE} WHERE name = '${lockName()}'). Nothing was applied by this run.`,
      );
      expect(await tables()).toEqual([ROW_LOCK_TABLE]);
    });
  });
});
