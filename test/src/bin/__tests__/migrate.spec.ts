/**
 * Migrations as an operator meets them (issue 16, item 2): the built service processes and
 * the built `npm run migrate`, on a database of their own. Two replicas starting together
 * on an empty database used to leave one dead on ER_TABLE_EXISTS_ERROR; a production replica
 * now checks the schema and never migrates.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { connectionOptions } from '@lianxin/jest-config/engines';
import { migrations as memberMigrations } from '@lianxin/members';
import { createLogger, openDatabase } from '@lianxin/subgraph';
import { dropMariadbDatabase, enginesForSuites, TEST_DATABASE_URL } from '../../harness/engines';
import { cameUp as cameUpAt, freePort, spawnService, type ServiceProcess } from '../../harness/process';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const MEMBERS = path.join(ROOT, 'services/members/dist/main.js');
const NAMES = memberMigrations.map((M) => new M().name);
const PRODUCTION = {
  NODE_ENV: 'production',
  INTERNAL_TOKEN_SECRET: 'migrate-spec-internal-secret-0123456789abcdef',
  PII_SECRET: 'migrate-spec-pii-secret-0123456789abcdefghijkl',
};
const STACK = /\n\s+at .+:\d+:\d+/;

const started: ServiceProcess[] = [];

/** A members process on a free port; settings from `extra` only (none leak in from the test's environment). */
async function startMembers(extra: Record<string, string>): Promise<ServiceProcess> {
  const port = await freePort();
  const replica = spawnService(MEMBERS, port, { LOG_LEVEL: 'warn', MEMBERS_PORT: String(port), ORG_CHANGE_DISPATCH_INTERVAL_SECONDS: '0', ...extra });
  started.push(replica);
  return replica;
}

const cameUp = (r: ServiceProcess) => cameUpAt(r, 'members');

async function exitOf(r: ServiceProcess): Promise<{ code: number | null; output: string }> {
  if (r.child.exitCode === null) await new Promise((res) => r.child.once('exit', res));
  return { code: r.child.exitCode, output: r.output() };
}

/** `npm run -s migrate -w @lianxin/members` (args after `--`), in the repository root as a person types it. */
function npmMigrate(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync('npm', ['run', '-s', 'migrate', '-w', '@lianxin/members', ...(args.length ? ['--', ...args] : [])], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `npm run migrate` after its build: every subgraph's database. */
function migrateAll(env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['scripts/migrate.mjs'], { cwd: ROOT, env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env }, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const lines = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as { service: string; applied: string[] });

beforeAll(() => {
  for (const f of [MEMBERS, 'services/members/dist/migrate-cli.js', 'services/cases/dist/migrate-cli.js', 'services/benefits/dist/migrate-cli.js', 'packages/config/dist/index.js']) {
    if (!fs.existsSync(path.resolve(ROOT, f))) throw new Error(`${f} is not built: npx turbo run build --filter=@lianxin/test...`);
  }
});

afterEach(async () => {
  for (const r of started.splice(0)) await r.stop();
});

describe.each(enginesForSuites())('migrations on %s', (engine) => {
  const mariadb = engine === 'mariadb';
  const database = `lianxin_test_migrate_cli_${process.pid}`;
  let dataDir: string;
  let server: mysql.Connection | undefined;
  /** The members database, for the processes: its own URL (MariaDB) or DATA_DIR (embedded). */
  const target = (): Record<string, string> => (mariadb ? { MEMBERS_DATABASE_URL: `${TEST_DATABASE_URL}/${database}` } : { DATA_DIR: dataDir });
  /** Every service's database, for `npm run migrate`. */
  const targetAll = (): Record<string, string> =>
    mariadb ? Object.fromEntries(['members', 'cases', 'benefits'].map((s) => [`${s.toUpperCase()}_DATABASE_URL`, `${TEST_DATABASE_URL}/${database}_${s}`])) : { DATA_DIR: dataDir };

  async function executed(db = database): Promise<string[]> {
    if (mariadb) return ((await server!.query(`SELECT name FROM \`${db}\`.schema_migrations ORDER BY id`))[0] as { name: string }[]).map((r) => r.name);
    const ds = await new DataSource({ type: 'better-sqlite3', database: path.join(dataDir, 'members.sqlite'), readonly: true }).initialize();
    try {
      return ((await ds.query('SELECT name FROM schema_migrations ORDER BY id')) as { name: string }[]).map((r) => r.name);
    } finally {
      await ds.destroy();
    }
  }
  const exists = async () => (mariadb ? ((await server!.query('SHOW DATABASES LIKE ?', [database]))[0] as unknown[]).length > 0 : fs.existsSync(path.join(dataDir, 'members.sqlite')));

  beforeAll(async () => {
    if (mariadb) server = await mysql.createConnection(connectionOptions());
  });
  afterAll(async () => {
    await server?.end();
  });
  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-migrate-cli-'));
    if (mariadb) for (const db of [database, ...['members', 'cases', 'benefits'].map((s) => `${database}_${s}`)]) await dropMariadbDatabase(db);
  });
  afterEach(async () => {
    if (mariadb) for (const db of [database, ...['members', 'cases', 'benefits'].map((s) => `${database}_${s}`)]) await dropMariadbDatabase(db);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  if (mariadb) {
    test('two replicas started at once on an empty database both come up, and each migration is recorded once', async () => {
      const [a, b] = await Promise.all([startMembers(target()), startMembers(target())]);
      expect(await Promise.all([cameUp(a), cameUp(b)])).toEqual([true, true]);
      expect(await executed()).toEqual(NAMES);
      expect(a.output() + b.output()).not.toContain('ER_TABLE_EXISTS_ERROR');
    });
  }

  test('a production replica refuses an empty database, naming npm run migrate, and creates nothing', async () => {
    const { code, output } = await exitOf(await startMembers({ ...target(), ...PRODUCTION }));
    expect(code).toBe(1);
    const what = mariadb ? `the database ${database} does not exist` : `there is no database file at ${path.join(dataDir, 'members.sqlite')}`;
    expect(output).toBe(
      `members: the members database is behind this code: ${what}. Run \`npm run migrate\` (or \`npm run migrate -w @lianxin/members\`) against this database, ` +
        'then start the service again. Services never migrate in production (MIGRATE_ON_START, docs/operations.md).\n',
    );
    expect(await exists()).toBe(false);
  });

  test('a production replica refuses an older schema, naming what is pending, and changes nothing', async () => {
    const old = await openDatabase({ url: mariadb ? TEST_DATABASE_URL : undefined, database: mariadb ? database : undefined, dataDir, service: 'members', entities: [], migrations: memberMigrations.slice(0, 1), log: createLogger('spec', 'silent') });
    await old.destroy();
    const { code, output } = await exitOf(await startMembers({ ...target(), ...PRODUCTION }));
    expect(code).toBe(1);
    expect(output).toContain(`members: the members database is behind this code: ${NAMES.length - 1} migrations are not applied (${NAMES.slice(1, 4).join(', ')} and ${NAMES.length - 4} more). Run \`npm run migrate\``);
    expect(output).not.toMatch(STACK);
    expect(await executed()).toEqual(NAMES.slice(0, 1));
  });

  test('npm run migrate -w @lianxin/members applies once and then nothing; the production replica then starts', async () => {
    const check = npmMigrate({ ...target(), ...PRODUCTION }, '--check');
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('migrate members: the members database is behind this code');

    const first = npmMigrate({ ...target(), ...PRODUCTION });
    expect([first.status, first.stderr]).toEqual([0, '']);
    expect(lines(first.stdout)).toEqual([{ service: 'members', database: mariadb ? database : path.join(dataDir, 'members.sqlite'), applied: NAMES }]);
    const second = npmMigrate({ ...target(), ...PRODUCTION });
    expect(second.status).toBe(0);
    expect(lines(second.stdout)[0]!.applied).toEqual([]);
    expect(await executed()).toEqual(NAMES);
    expect(npmMigrate({ ...target(), ...PRODUCTION }, '--check').status).toBe(0);

    expect(await cameUp(await startMembers({ ...target(), ...PRODUCTION }))).toBe(true);
  });

  test('npm run migrate migrates every subgraph, and a second run applies nothing', async () => {
    const first = migrateAll(targetAll());
    expect([first.status, first.stderr]).toEqual([0, '']);
    const ran = lines(first.stdout);
    expect(ran.map((l) => l.service)).toEqual(['members', 'cases', 'benefits']);
    for (const l of ran) expect(l.applied.length).toBeGreaterThan(0);
    expect(ran[0]!.applied).toEqual(NAMES);
    const second = migrateAll(targetAll());
    expect(second.status).toBe(0);
    expect(lines(second.stdout).map((l) => [l.service, l.applied])).toEqual([
      ['members', []],
      ['cases', []],
      ['benefits', []],
    ]);
    if (mariadb) expect(await executed(`${database}_members`)).toEqual(NAMES);
  });
});
