import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { subtreeRange } from '@lianxin/auth';
import { openCasesDatabase } from '@lianxin/cases';
import { isCasesSeeded, seedCasesDemoData } from '@lianxin/cases/dist/seed/seed';
import { seedUnionPosts } from '@lianxin/cases/dist/seed/posts';
import { seedServiceMenu } from '@lianxin/cases/dist/seed/menus';
import { openMembersDatabase } from '@lianxin/members';
import { createLogger } from '@lianxin/subgraph';
import type { SubgraphName } from '@lianxin/config';
import { openBenefitsDatabase } from '@lianxin/benefits/dist/app';
import { isBenefitsSeeded, seedBenefitsDemoData } from '@lianxin/benefits/dist/seed/seed';
// seed/ is not re-exported from the package index (it pulls in the generator's name
// tables, which the service itself never needs), so it is imported from the built output.
import { isSeeded, progressBar, seedDemoData } from '@lianxin/members/dist/seed/seed';
import type { SeedOptions } from '@lianxin/members/dist/seed/generate';

/**
 * The internal secret of the bench's services (production refuses the built-in development
 * one). Fixed, so a dataset seeded by one run (its partner keys are derived from it) works in
 * the next; it signs nothing outside the bench.
 */
export const BENCH_INTERNAL_SECRET = 'lianxin-bench-internal-secret-for-bench-datasets-only';
import { readBenefitsSeedTree, readCaseSeedTree } from './seed-tree';

/**
 * A subgraph's database in the bench. Never the dev database: the bench may drop and re-seed
 * it whenever the wanted dataset changes.
 */
export const benchDatabase = (subgraph: SubgraphName): string => `lianxin_bench_${subgraph}`;

/** The members bench dataset. */
export const BENCH_DATABASE = benchDatabase('members');

/** The cases subgraph's bench database: demo cases over the members bench tree. */
export const BENCH_CASES_DATABASE = benchDatabase('cases');

/** The benefits subgraph's: the demo programmes over the members bench tree, with many partners and open vouchers. */
export const BENCH_BENEFITS_DATABASE = benchDatabase('benefits');

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
  for (const file of ['seed/generate.js', 'seed/texts.js', 'seed/seed.js', 'case/case.writer.js', 'ledger/ledger.hash.js', 'figures/tally.js']) {
    hash.update(file).update(fs.readFileSync(path.join(dist, file)));
  }
  hash.update(fs.readFileSync(path.join(path.dirname(require.resolve('@lianxin/demo-kit')), 'random.js')));
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
      // The posts' wishes and the menu's orders are seeded on top of the spec's cases.
      const [[counts]] = await conn.query<mysql.RowDataPacket[]>(
        `SELECT COUNT(*) AS n FROM \`${BENCH_CASES_DATABASE}\`.case_file WHERE source_kind IS NULL OR source_kind NOT IN ('UNION_POST', 'MENU_ITEM')`,
      );
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
    // The outreach that npm start's demo has too: a district's union posts with their wishes, a county's service menu.
    await seedUnionPosts(db, { ...tree, now: new Date(spec.now), seed: spec.seed });
    await seedServiceMenu(db, { ...tree, now: new Date(spec.now), seed: spec.seed });
    const seedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    await db.query(`CREATE TABLE IF NOT EXISTS ${META_TABLE} (name VARCHAR(64) PRIMARY KEY, value TEXT NOT NULL)`);
    await db.query(`REPLACE INTO ${META_TABLE} (name, value) VALUES ('seed', ?)`, [marker]);
    return { database: BENCH_CASES_DATABASE, spec, cases: result.cases, events: result.events, scopes: result.scopes, tally: result.tally, seededThisRun: true, seedSeconds };
  } finally {
    await db.destroy();
  }
}

const canonicalJson = (value: Record<string, unknown>): string => JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))));

/* ---------- benefits ---------- */

/** What the benefits dataset is made from; a different one means a reseed. */
export interface BenefitsSpec {
  /** Cinemas beyond the demo's nine, each with its own API key. */
  extraCinemas: number;
  /** Unredeemed cinema tickets issued on top of the demo's history, for the redemption run. */
  openVouchers: number;
  seed: number;
}

export interface BenefitsDatasetInfo {
  database: string;
  spec: BenefitsSpec;
  partners: number;
  vouchers: number;
  /** Cinema tickets still open (issued, valid for two more hours) when the run began. */
  openVouchers: number;
  redemptions: number;
  seededThisRun: boolean;
  seedSeconds?: number;
}

function benefitsFingerprint(): string {
  const dist = path.dirname(path.dirname(require.resolve('@lianxin/benefits/dist/seed/generate')));
  const hash = createHash('sha256');
  for (const file of ['seed/generate.js', 'seed/seed.js', 'seed/demo-keys.js', 'voucher/voucher.service.js']) hash.update(file).update(fs.readFileSync(path.join(dist, file)));
  return hash.digest('hex').slice(0, 16);
}

async function benefitsCounts(conn: mysql.Connection): Promise<{ partners: number; vouchers: number; open: number; redemptions: number }> {
  const db = `\`${BENCH_BENEFITS_DATABASE}\``;
  const [[row]] = await conn.query<mysql.RowDataPacket[]>(
    `SELECT (SELECT COUNT(*) FROM ${db}.partner) AS partners, (SELECT COUNT(*) FROM ${db}.voucher) AS vouchers, (SELECT COUNT(*) FROM ${db}.redemption) AS redemptions,
            (SELECT COUNT(*) FROM ${db}.voucher v JOIN ${db}.programme p ON p.id = v.programme_id
              WHERE p.kind = 'CINEMA_VOUCHER' AND v.state = 'ISSUED' AND v.expires_at > UTC_TIMESTAMP() + INTERVAL 2 HOUR) AS open`,
  );
  return { partners: Number(row.partners), vouchers: Number(row.vouchers), open: Number(row.open), redemptions: Number(row.redemptions) };
}

/**
 * Makes sure the benefits bench database holds the demo programmes over the members
 * dataset with `spec`'s partners and open tickets, and still at least `minOpen` open
 * tickets to redeem (every run uses some up, and tickets expire): reuses it when the
 * marker of an earlier run matches and enough are left; otherwise (or with `force`) drops
 * and seeds it again, as of now.
 */
export async function ensureBenefitsDataset(server: URL, members: MembersDataSource, membersOptions: SeedOptions, spec: BenefitsSpec, minOpen: number, force: boolean): Promise<BenefitsDatasetInfo> {
  const marker = canonicalJson({ ...spec, members: canonical(membersOptions), generator: benefitsFingerprint() });
  const conn = await connect(server);
  let reusable = false;
  try {
    try {
      const [meta] = await conn.query<mysql.RowDataPacket[]>(`SELECT value FROM \`${BENCH_BENEFITS_DATABASE}\`.${META_TABLE} WHERE name = 'seed'`);
      reusable = !force && meta[0]?.value === marker && (await benefitsCounts(conn)).open >= minOpen;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code !== 'ER_BAD_DB_ERROR' && code !== 'ER_NO_SUCH_TABLE') throw err;
    }
    if (!reusable) await conn.query(`DROP DATABASE IF EXISTS \`${BENCH_BENEFITS_DATABASE}\``);
  } finally {
    await conn.end();
  }

  const db = await openBenefitsDatabase({ databaseUrl: server.toString(), database: BENCH_BENEFITS_DATABASE, dataDir: os.tmpdir(), log: createLogger('bench', 'error') });
  let seedSeconds: number | undefined;
  try {
    if (!reusable || !(await isBenefitsSeeded(db))) {
      reusable = false;
      const tree = await readBenefitsSeedTree(members);
      const started = process.hrtime.bigint();
      // The services of the run sign with the development secret; the partners' demo keys derive from it.
      await seedBenefitsDemoData(db, { ...tree, now: new Date(), internalSecret: BENCH_INTERNAL_SECRET, seed: spec.seed, extraCinemas: spec.extraCinemas, openVouchers: spec.openVouchers });
      seedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      await db.query(`CREATE TABLE IF NOT EXISTS ${META_TABLE} (name VARCHAR(64) PRIMARY KEY, value TEXT NOT NULL)`);
      await db.query(`REPLACE INTO ${META_TABLE} (name, value) VALUES ('seed', ?)`, [marker]);
    }
  } finally {
    await db.destroy();
  }
  const check = await connect(server);
  try {
    const counts = await benefitsCounts(check);
    if (counts.open < minOpen) {
      throw new BenchError(`The benefits dataset has only ${counts.open} open tickets, fewer than the ${minOpen} the run needs: raise BENCH_BENEFITS_OPEN_VOUCHERS.`);
    }
    return { database: BENCH_BENEFITS_DATABASE, spec, partners: counts.partners, vouchers: counts.vouchers, openVouchers: counts.open, redemptions: counts.redemptions, seededThisRun: !reusable, seedSeconds };
  } finally {
    await check.end();
  }
}

/** A partner of the benefits dataset and the programmes it serves. */
export interface BenchPartner {
  id: string;
  name: string;
  kind: string;
  programmeIds: string[];
}

/** The partners, the city's cinema programme and its open ticket codes (newest first: valid the longest). */
export async function readBenefitsWorld(server: URL): Promise<{ partners: BenchPartner[]; cinemaProgrammeId: string; openCodes: string[] }> {
  const conn = await connect(server);
  const db = `\`${BENCH_BENEFITS_DATABASE}\``;
  try {
    const [rows] = await conn.query<mysql.RowDataPacket[]>(
      `SELECT pa.id, pa.name, pa.kind, pp.programme_id AS programmeId FROM ${db}.partner pa JOIN ${db}.partner_programme pp ON pp.partner_id = pa.id WHERE pa.active = 1 ORDER BY pa.id, pp.programme_id`,
    );
    const partners = new Map<string, BenchPartner>();
    for (const r of rows) {
      const p = partners.get(r.id as string) ?? { id: r.id as string, name: r.name as string, kind: r.kind as string, programmeIds: [] };
      p.programmeIds.push(r.programmeId as string);
      partners.set(p.id, p);
    }
    const [[cinema]] = await conn.query<mysql.RowDataPacket[]>(`SELECT id FROM ${db}.programme WHERE kind = 'CINEMA_VOUCHER' AND org_path = (SELECT MIN(org_path) FROM ${db}.programme WHERE kind = 'CINEMA_VOUCHER')`);
    const [codes] = await conn.query<mysql.RowDataPacket[]>(
      `SELECT code FROM ${db}.voucher WHERE programme_id = ? AND state = 'ISSUED' AND expires_at > UTC_TIMESTAMP() + INTERVAL 2 HOUR ORDER BY id DESC`,
      [cinema.id],
    );
    return { partners: [...partners.values()], cinemaProgrammeId: cinema.id as string, openCodes: codes.map((c) => c.code as string) };
  } finally {
    await conn.end();
  }
}

/** Exactly-once, counted in the database itself after the run. */
export interface RedemptionAudit {
  /** Vouchers with more than one redemption row (the unique index should make this impossible). */
  doubleRedemptions: number;
  redeemedVouchers: number;
  redemptionRows: number;
  /** REDEEMED vouchers without a redemption row, and redemption rows whose voucher is not REDEEMED. */
  orphans: number;
  /** Redemption rows written by this run (idempotency keys with its prefix). */
  thisRun: number;
}

export async function auditRedemptions(server: URL, keyPrefix: string): Promise<RedemptionAudit> {
  const conn = await connect(server);
  const db = `\`${BENCH_BENEFITS_DATABASE}\``;
  try {
    const [[row]] = await conn.query<mysql.RowDataPacket[]>(
      `SELECT (SELECT COUNT(*) FROM (SELECT voucher_id FROM ${db}.redemption GROUP BY voucher_id HAVING COUNT(*) > 1) d) AS doubles,
              (SELECT COUNT(*) FROM ${db}.voucher WHERE state = 'REDEEMED') AS redeemed,
              (SELECT COUNT(*) FROM ${db}.redemption) AS rows_,
              (SELECT COUNT(*) FROM ${db}.voucher v LEFT JOIN ${db}.redemption r ON r.voucher_id = v.id WHERE v.state = 'REDEEMED' AND r.id IS NULL)
            + (SELECT COUNT(*) FROM ${db}.redemption r LEFT JOIN ${db}.voucher v ON v.id = r.voucher_id WHERE v.state IS NULL OR v.state <> 'REDEEMED') AS orphans,
              (SELECT COUNT(*) FROM ${db}.redemption WHERE idempotency_key LIKE ?) AS this_run`,
      [`${keyPrefix}%`],
    );
    return { doubleRedemptions: Number(row.doubles), redeemedVouchers: Number(row.redeemed), redemptionRows: Number(row.rows_), orphans: Number(row.orphans), thisRun: Number(row.this_run) };
  } finally {
    await conn.end();
  }
}
