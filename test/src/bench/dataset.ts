import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { subtreeRange } from '@lianxin/auth';
import { openCasesDatabase } from '@lianxin/cases';
import { isCasesSeeded, seedCasesDemoData } from '@lianxin/cases/dist/seed/seed';
import { openMembersDatabase } from '@lianxin/members';
import { createLogger } from '@lianxin/subgraph';
// seed/ is not re-exported from the package index (it pulls in the generator's name
// tables, which the service itself never needs), so it is imported from the built output.
import { isSeeded, progressBar, seedDemoData } from '@lianxin/members/dist/seed/seed';
import type { SeedOptions } from '@lianxin/members/dist/seed/generate';
import { readCaseSeedTree } from './seed-tree';

/**
 * The benchmark's own database. Never the dev database: the bench may drop and re-seed
 * it whenever the wanted dataset changes.
 */
export const BENCH_DATABASE = 'lianxin_bench_members';

/** The cases subgraph's bench database: demo cases over the members bench tree. */
export const BENCH_CASES_DATABASE = 'lianxin_bench_cases';

/** The benefits subgraph's: the bench never queries it (the gateway only needs it up); the service creates and migrates it, empty. */
export const BENCH_BENEFITS_DATABASE = 'lianxin_bench_benefits';

/** Where the marker of the seeded options lives, inside each bench database. */
const META_TABLE = 'bench_meta';

export type MembersDataSource = Awaited<ReturnType<typeof openMembersDatabase>>;

/** A failure whose message says everything: printed without a stack trace. */
export class BenchError extends Error {}

/** The server URL without a database path: the bench always picks its own database. */
export function serverUrl(raw: string): URL {
  const url = new URL(raw.replace(/^mariadb:/, 'mysql:'));
  url.pathname = '';
  return url;
}

/** The URL a subgraph gets: the server plus its bench database (members' by default) as the path. */
export function benchDatabaseUrl(server: URL, database = BENCH_DATABASE): string {
  return `${server.toString().replace(/\/$/, '')}/${database}`;
}

async function connect(server: URL): Promise<mysql.Connection> {
  const where = `${server.hostname}:${server.port || 3306} as ${decodeURIComponent(server.username || 'root')}`;
  try {
    return await mysql.createConnection({
      host: server.hostname,
      port: Number(server.port || 3306),
      user: decodeURIComponent(server.username || 'root'),
      password: decodeURIComponent(server.password),
      connectTimeout: 5_000,
    });
  } catch (err) {
    const e = err as { code?: string; message?: string };
    throw new BenchError(
      `MariaDB is not reachable at ${where} (${e.code ?? e.message}). Start MariaDB, or set BENCH_DATABASE_URL=mysql://user:password@host:3306.`,
    );
  }
}

/** Key order of the options object must not matter when comparing with the stored marker. */
const canonical = (options: SeedOptions): string =>
  JSON.stringify(Object.fromEntries(Object.entries(options).sort(([a], [b]) => a.localeCompare(b))));

interface Marker {
  options: string;
  members: number;
  orgs: number;
}

/** The marker and the actual row counts, or undefined when the database or tables are missing. */
async function readState(conn: mysql.Connection): Promise<{ marker?: Marker; members: number; orgs: number } | undefined> {
  try {
    const [meta] = await conn.query<mysql.RowDataPacket[]>(`SELECT value FROM \`${BENCH_DATABASE}\`.${META_TABLE} WHERE name = 'seed'`);
    const [[counts]] = await conn.query<mysql.RowDataPacket[]>(
      `SELECT (SELECT COUNT(*) FROM \`${BENCH_DATABASE}\`.member) AS members, (SELECT COUNT(*) FROM \`${BENCH_DATABASE}\`.org) AS orgs`,
    );
    return { marker: meta[0] ? (JSON.parse(meta[0].value as string) as Marker) : undefined, members: Number(counts.members), orgs: Number(counts.orgs) };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ER_BAD_DB_ERROR' || code === 'ER_NO_SUCH_TABLE') return undefined;
    throw err;
  }
}

/** The dataset the measurements ran on. */
export interface DatasetInfo {
  database: string;
  options: SeedOptions;
  members: number;
  orgs: number;
  /** False when the data of an earlier run was reused. */
  seededThisRun: boolean;
  seedSeconds?: number;
}

/**
 * Makes sure the bench database holds exactly the dataset for `options`: reuses it when
 * the marker written by an earlier run matches and the row counts still agree; otherwise
 * (or with `force`) drops the database and seeds it from scratch.
 */
export async function ensureDataset(server: URL, options: SeedOptions, force: boolean): Promise<{ ds: MembersDataSource; info: DatasetInfo }> {
  const conn = await connect(server);
  let state: Awaited<ReturnType<typeof readState>>;
  try {
    state = await readState(conn);
    const reusable =
      !force && state?.marker?.options === canonical(options) && state.marker.members === state.members && state.marker.orgs === state.orgs;
    if (!reusable) {
      // A partial or different dataset cannot be topped up (the generator is deterministic
      // as a whole), so start over; this database belongs to the bench alone.
      await conn.query(`DROP DATABASE IF EXISTS \`${BENCH_DATABASE}\``);
      state = undefined;
    }
  } finally {
    await conn.end();
  }

  const ds = await openMembersDatabase({
    databaseUrl: server.toString(),
    database: BENCH_DATABASE,
    dataDir: os.tmpdir(),
    log: createLogger('bench', 'warn'),
  });
  try {
    if (state && (await isSeeded(ds))) {
      return { ds, info: { database: BENCH_DATABASE, options, members: state.members, orgs: state.orgs, seededThisRun: false } };
    }
    const started = process.hrtime.bigint();
    const result = await seedDemoData(ds, options, progressBar(`Seeding ${BENCH_DATABASE}`));
    const seedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    await ds.query(`CREATE TABLE IF NOT EXISTS ${META_TABLE} (name VARCHAR(64) PRIMARY KEY, value TEXT NOT NULL)`);
    const marker: Marker = { options: canonical(options), members: result.members, orgs: result.orgs };
    await ds.query(`REPLACE INTO ${META_TABLE} (name, value) VALUES ('seed', ?)`, [JSON.stringify(marker)]);
    return { ds, info: { database: BENCH_DATABASE, options, members: result.members, orgs: result.orgs, seededThisRun: true, seedSeconds } };
  } catch (err) {
    await ds.destroy();
    throw err;
  }
}

/** The district-level org the benchmark caller works for. */
export interface District {
  id: string;
  path: string;
  name: string;
  code: string;
  /** Members in its subtree: the rows the benchmark query pages through. */
  members: number;
}

/** The first district by code (deterministic across runs), with its subtree size. */
export async function pickDistrict(ds: MembersDataSource): Promise<District> {
  const rows = (await ds.query(`SELECT id, path, name, code FROM org WHERE level = 'DISTRICT' ORDER BY code LIMIT 1`)) as Omit<District, 'members'>[];
  if (!rows.length) throw new BenchError(`No DISTRICT org in ${BENCH_DATABASE}: the seed did not create the org tree.`);
  const { from, to } = subtreeRange(rows[0].path);
  const [{ n }] = (await ds.query('SELECT COUNT(*) AS n FROM member WHERE org_path >= ? AND org_path < ?', [from, to])) as { n: string | number }[];
  return { ...rows[0], members: Number(n) };
}

/** What the cases dataset is made from; a different one means a reseed. */
export interface CasesSpec {
  cases: number;
  /** The moment the data ends at (ISO). Fixed, so the dataset does not change with the day it is seeded on. */
  now: string;
  seed: number;
}

/** The cases dataset the measurements ran on. */
export interface CasesDatasetInfo {
  database: string;
  spec: CasesSpec;
  cases: number;
  events?: number;
  scopes?: number;
  tally?: number;
  seededThisRun: boolean;
  seedSeconds?: number;
}

/**
 * The compiled code that decides what the generated rows are: when it changes, the stored
 * dataset is no longer what the seed would write, so it is seeded again.
 */
function generatorFingerprint(): string {
  const dist = path.dirname(path.dirname(require.resolve('@lianxin/cases/dist/seed/generate')));
  const hash = createHash('sha256');
  for (const file of ['seed/generate.js', 'seed/texts.js', 'seed/random.js', 'seed/seed.js', 'case/case.writer.js', 'ledger/ledger.hash.js', 'figures/tally.js']) {
    hash.update(file).update(fs.readFileSync(path.join(dist, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Makes sure the cases bench database holds the demo cases for `spec` over the members
 * dataset in `members`: reuses it when the marker of an earlier run matches (same spec,
 * same members dataset, same generator) and the case count agrees; otherwise (or with
 * `force`) drops it and seeds it again.
 */
export async function ensureCasesDataset(server: URL, members: MembersDataSource, membersOptions: SeedOptions, spec: CasesSpec, force: boolean): Promise<CasesDatasetInfo> {
  const marker = canonicalJson({ ...spec, members: canonical(membersOptions), generator: generatorFingerprint() });
  const conn = await connect(server);
  let reusable = false;
  try {
    let stored: { marker?: string; cases: number } | undefined;
    try {
      const [meta] = await conn.query<mysql.RowDataPacket[]>(`SELECT value FROM \`${BENCH_CASES_DATABASE}\`.${META_TABLE} WHERE name = 'seed'`);
      const [[counts]] = await conn.query<mysql.RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`${BENCH_CASES_DATABASE}\`.case_file`);
      stored = { marker: meta[0]?.value as string | undefined, cases: Number(counts.n) };
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code !== 'ER_BAD_DB_ERROR' && code !== 'ER_NO_SUCH_TABLE') throw err;
    }
    reusable = !force && stored?.marker === marker && stored.cases === spec.cases;
    if (!reusable) await conn.query(`DROP DATABASE IF EXISTS \`${BENCH_CASES_DATABASE}\``);
  } finally {
    await conn.end();
  }

  // 'error': the seed's multi-row INSERTs and index builds are slow queries by design.
  const db = await openCasesDatabase({ databaseUrl: server.toString(), database: BENCH_CASES_DATABASE, dataDir: os.tmpdir(), log: createLogger('bench', 'error') });
  try {
    if (reusable && (await isCasesSeeded(db))) return { database: BENCH_CASES_DATABASE, spec, cases: spec.cases, seededThisRun: false };
    const tree = await readCaseSeedTree(members);
    const started = process.hrtime.bigint();
    const result = await seedCasesDemoData(db, { ...tree, cases: spec.cases, now: new Date(spec.now), seed: spec.seed, onProgress: progressBar(`Seeding ${BENCH_CASES_DATABASE}`) });
    const seedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    await db.query(`CREATE TABLE IF NOT EXISTS ${META_TABLE} (name VARCHAR(64) PRIMARY KEY, value TEXT NOT NULL)`);
    await db.query(`REPLACE INTO ${META_TABLE} (name, value) VALUES ('seed', ?)`, [marker]);
    return { database: BENCH_CASES_DATABASE, spec, cases: result.cases, events: result.events, scopes: result.scopes, tally: result.tally, seededThisRun: true, seedSeconds };
  } finally {
    await db.destroy();
  }
}

const canonicalJson = (value: Record<string, unknown>): string => JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))));
