import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { childPath, newId } from '@lianxin/auth';
import { migrations as benefitsMigrations, openBenefitsDatabase } from '@lianxin/benefits';
import { migrations as casesMigrations, openCasesDatabase } from '@lianxin/cases';
import { migrations as membersMigrations, openMembersDatabase } from '@lianxin/members';
import { CITY_LENGTH, cityParent, citySource, createLogger, openDatabase, PATH_LENGTH } from '@lianxin/subgraph';
import type { DataSource } from 'typeorm';
import { dropMariadbDatabase, enginesForSuites, TEST_DATABASE_URL, type EngineName } from '../harness/engines';

/**
 * Ready for many cities (issue 16, item 6): a deployment sharded by city needs the city on
 * every row it places. Every table of every service carries `city`, stamped from its own org
 * path or, for a table read only through a parent (CHILD below), from the parent row its key
 * names; only the GLOBAL tables (per database, not per city) do not. This test fails on a
 * table that is neither: a new table needs `@CityColumn(...)` on its entity and a line in a
 * migration that adds and fills the column (addCityColumn, addChildCityColumn).
 */
const CHILD: Record<string, { parent: string; key: string }> = {
  // members
  member_child: { parent: 'member', key: 'member_id' },
  hardship_file: { parent: 'member', key: 'member_id' },
  hardship_event: { parent: 'hardship_file', key: 'file_id' },
  pii_access_log: { parent: 'member', key: 'member_id' },
  department: { parent: 'org', key: 'org_id' },
  staff_account: { parent: 'org', key: 'org_id' },
  staff_grant: { parent: 'staff_account', key: 'account_id' },
  org_history: { parent: 'org', key: 'org_id' },
  org_place: { parent: 'org', key: 'org_id' },
  // cases
  case_event: { parent: 'case_file', key: 'case_id' },
  case_referral: { parent: 'case_file', key: 'case_id' },
  case_contact_access: { parent: 'case_file', key: 'case_id' },
  case_project_note: { parent: 'case_project', key: 'project_id' },
  survey_question: { parent: 'survey', key: 'survey_id' },
  // benefits
  programme_rules: { parent: 'programme', key: 'programme_id' },
  redemption: { parent: 'voucher', key: 'voucher_id' },
  aid_event: { parent: 'aid_application', key: 'application_id' },
  partner_key: { parent: 'partner', key: 'partner_id' },
  partner_programme: { parent: 'partner', key: 'partner_id' },
};

const GLOBAL: Record<string, string> = {
  schema_migrations: 'the migrations applied to this database',
  outbox: 'messages to other services, delivered and deleted; a shard keeps its own',
  inbox: 'keys of messages received, for at-most-once; a shard keeps its own',
  directory_head: "members' change feed head: one row per database",
  directory_change: "members' change feed: invalidations for every gateway, not rows of a city",
  benefits_head: "benefits' change feed head: one row per database",
  benefits_change: "benefits' change feed: invalidations, not rows of a city",
  idempotency_key: 'keys of retried creates, per caller; kept in the database the write went to (a shard keeps its own)',
  rollup_tally: "a province's roll-up of its cities' figures: each row is a city (city_id), in the province's own database, never in a city's shard",
  rollup_clock: "a province's copy of its cities' deadline clocks: keyed by city (city_id), in the province's own database",
};

interface Column {
  table: string;
  name: string;
  type: string;
  length: number | null;
  collation: string | null;
  nullable: boolean;
  dflt: string | null;
}

async function columnsOf(db: DataSource, engine: EngineName): Promise<Column[]> {
  if (engine === 'mariadb') {
    const rows = (await db.query(
      `SELECT table_name AS t, column_name AS c, data_type AS type, character_maximum_length AS len, collation_name AS coll, is_nullable AS n, column_default AS d
         FROM information_schema.columns WHERE table_schema = DATABASE()`,
    )) as { t: string; c: string; type: string; len: number | null; coll: string | null; n: string; d: string | null }[];
    return rows.map((r) => ({ table: r.t, name: r.c, type: r.type, length: r.len === null ? null : Number(r.len), collation: r.coll, nullable: r.n === 'YES', dflt: r.d }));
  }
  const tables = ((await db.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)) as { name: string }[]).map((r) => r.name);
  const out: Column[] = [];
  for (const t of tables) {
    for (const c of (await db.query(`PRAGMA table_info(${t})`)) as { name: string; type: string; notnull: number; dflt_value: string | null }[]) {
      out.push({ table: t, name: c.name, type: c.type, length: null, collation: null, nullable: !c.notnull, dflt: c.dflt_value });
    }
  }
  return out;
}

const isPath = (c: string): boolean => c === 'path' || c.endsWith('_path');

describe.each(enginesForSuites())('every table carries its city, or says whose it follows (%s)', (engine) => {
  const log = createLogger('test', 'silent');
  const name = `lianxin_cities_${process.pid}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-cities-'));
  const dbs: Record<string, DataSource> = {};
  const cols: Record<string, Column[]> = {};

  beforeAll(async () => {
    const opts = (s: string) => ({ databaseUrl: engine === 'mariadb' ? TEST_DATABASE_URL : undefined, database: `${name}_${s}`, dataDir, log });
    if (engine === 'mariadb') await Promise.all(['members', 'cases', 'benefits'].map((s) => dropMariadbDatabase(`${name}_${s}`)));
    dbs.members = await openMembersDatabase(opts('members'));
    dbs.cases = await openCasesDatabase(opts('cases'));
    dbs.benefits = await openBenefitsDatabase(opts('benefits'));
    for (const [s, db] of Object.entries(dbs)) cols[s] = await columnsOf(db, engine);
  });
  afterAll(async () => {
    for (const db of Object.values(dbs)) await db.destroy();
    if (engine === 'mariadb') await Promise.all(['members', 'cases', 'benefits'].map((s) => dropMariadbDatabase(`${name}_${s}`)));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const tablesOf = (s: string) => [...new Set(cols[s].map((c) => c.table))].sort();
  const has = (s: string, table: string, column: string) => cols[s].some((c) => c.table === table && c.name === column);

  test.each(['members', 'cases', 'benefits'])('%s: each table has a city column, or is global', (s) => {
    const unclassified = tablesOf(s).filter((t) => !has(s, t, 'city') && !GLOBAL[t]);
    expect(unclassified).toEqual([]);
    expect(tablesOf(s).filter((t) => GLOBAL[t] && has(s, t, 'city'))).toEqual([]);
  });

  test.each(['members', 'cases', 'benefits'])('%s: every table holding an org path carries the city itself', (s) => {
    const pathTables = [...new Set(cols[s].filter((c) => isPath(c.name)).map((c) => c.table))].sort();
    expect(pathTables.length).toBeGreaterThan(3);
    expect(pathTables.filter((t) => !has(s, t, 'city') && !GLOBAL[t])).toEqual([]);
  });

  test.each(['members', 'cases', 'benefits'])('%s: a table without a path of its own takes its city from the parent named here, by a key it has', (s) => {
    const wrong: string[] = [];
    for (const meta of dbs[s].entityMetadatas) {
      const t = meta.tableName;
      const parent = cityParent(meta);
      const own = citySource(meta);
      if (!parent && !own && !GLOBAL[t]) wrong.push(`${t}: its city comes from nowhere (@CityColumn)`);
      if (parent) {
        const key = meta.findColumnWithPropertyName(parent.key)?.databaseName;
        if (!CHILD[t] || CHILD[t].parent !== parent.parent || CHILD[t].key !== key) wrong.push(`${t}: declared ${parent.parent} by ${key}, listed ${JSON.stringify(CHILD[t])}`);
        if (!has(s, parent.parent, 'city')) wrong.push(`${t} -> ${parent.parent}: no city`);
      }
    }
    for (const t of tablesOf(s).filter((x) => CHILD[x])) if (!dbs[s].entityMetadatas.some((m) => m.tableName === t && cityParent(m))) wrong.push(`${t}: listed as a child, but its entity does not say so`);
    expect(wrong).toEqual([]);
  });

  test.each(['members', 'cases', 'benefits'])('%s: city is required (no default on MariaDB), paths are 255 ASCII bytes', (s) => {
    const city = cols[s].filter((c) => c.name === 'city');
    expect(city.filter((c) => c.nullable)).toEqual([]);
    const paths = cols[s].filter((c) => isPath(c.name));
    if (engine === 'mariadb') {
      expect(city.filter((c) => c.dflt !== null || c.collation !== 'ascii_bin' || c.length !== CITY_LENGTH)).toEqual([]);
      expect(paths.filter((c) => c.collation !== 'ascii_bin' || c.length !== PATH_LENGTH).map((c) => `${c.table}.${c.name}`)).toEqual([]);
    }
  });

  if (engine === 'mariadb') {
    test.each(['members', 'cases', 'benefits'])('%s: every index fits InnoDB\'s 3072-byte key limit with the wider paths', async (s) => {
      // Bytes per index: a varchar counts its length times the charset's widest character, anything else 8.
      const rows = (await dbs[s].query(
        `SELECT st.table_name AS t, st.index_name AS i,
                SUM(CASE WHEN c.character_maximum_length IS NULL THEN 8 ELSE COALESCE(st.sub_part, c.character_maximum_length) * cs.maxlen END) AS bytes
           FROM information_schema.statistics st
           JOIN information_schema.columns c ON c.table_schema = st.table_schema AND c.table_name = st.table_name AND c.column_name = st.column_name
           LEFT JOIN information_schema.character_sets cs ON cs.character_set_name = c.character_set_name
          WHERE st.table_schema = DATABASE() GROUP BY st.table_name, st.index_name`,
      )) as { t: string; i: string; bytes: number }[];
      expect(rows.length).toBeGreaterThan(5);
      expect(rows.filter((r) => Number(r.bytes) > 3072).map((r) => `${r.t}.${r.i}: ${r.bytes}`)).toEqual([]);
    });
  }
});

describe.each(enginesForSuites())('the Cities migrations backfill what was there (%s)', (engine) => {
  const log = createLogger('test', 'silent');
  const database = `lianxin_cities_backfill_${process.pid}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-backfill-'));
  let before: string | undefined;
  beforeAll(() => {
    before = process.env.ORG_LEVELS_ABOVE_CITY;
    process.env.ORG_LEVELS_ABOVE_CITY = '1';
  });
  afterAll(async () => {
    if (before === undefined) delete process.env.ORG_LEVELS_ABOVE_CITY;
    else process.env.ORG_LEVELS_ABOVE_CITY = before;
    if (engine === 'mariadb') await dropMariadbDatabase(database);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('members: each org gets the city below the province, the province its own id; deeper paths then fit', async () => {
    if (engine === 'mariadb') await dropMariadbDatabase(database);
    const opts = { url: engine === 'mariadb' ? TEST_DATABASE_URL : undefined, dataDir, service: 'members', database, log, entities: [] };
    // The database as it was before Cities (released; later migrations follow it).
    const citiesAt = membersMigrations.findIndex((m) => /^Cities/.test(m.name));
    expect(citiesAt).toBeGreaterThan(0);
    const old = await openDatabase({ ...opts, migrations: membersMigrations.slice(0, citiesAt) });
    const at = new Date('2026-11-01T00:00:00Z');
    const row = (parent: { id: string; path: string } | null, level: string, kind: string, code: string) => {
      const id = newId(at.getTime());
      return { id, parentId: parent?.id ?? null, level, kind, code, path: childPath(parent?.path ?? null, id) };
    };
    const province = row(null, 'PROVINCE', 'PROVINCE_FEDERATION', 'PV');
    const cityA = row(province, 'CITY', 'CITY_FEDERATION', 'A');
    const districtA = row(cityA, 'DISTRICT', 'DISTRICT', 'A-01');
    const cityB = row(province, 'CITY', 'CITY_FEDERATION', 'B');
    const districtB = row(cityB, 'DISTRICT', 'DISTRICT', 'B-01');
    // A DATETIME as both engines take it bound (better-sqlite3 binds no Date).
    const stamp = '2026-11-01 00:00:00';
    for (const o of [province, cityA, districtA, cityB, districtB]) {
      await old.query('INSERT INTO org (id, parent_id, level, kind, code, name, path, join_code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [o.id, o.parentId, o.level, o.kind, o.code, `${o.code}工会`, o.path, `J${o.code}`.padEnd(8, 'X'), stamp]);
    }
    await old.destroy();

    const now = await openDatabase({ ...opts, migrations: membersMigrations });
    try {
      const cities = Object.fromEntries(((await now.query('SELECT id, city FROM org')) as { id: string; city: string }[]).map((r) => [r.id, r.city]));
      expect(cities).toEqual({ [province.id]: province.id, [cityA.id]: cityA.id, [districtA.id]: cityA.id, [cityB.id]: cityB.id, [districtB.id]: cityB.id });
      // Three more levels below districtA: an enterprise path of a national tree, 163 bytes, fits now.
      let deep = districtA;
      for (const code of ['x', 'y', 'z']) deep = row(deep, 'STREET', 'STREET', code);
      expect(deep.path.length).toBeGreaterThan(150);
      await now.query('INSERT INTO org (id, parent_id, level, kind, code, name, path, join_code, created_at, city) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [deep.id, deep.parentId, 'STREET', 'STREET', 'z', 'z', deep.path, 'JZXXXXXX', '2026-11-01 00:00:00', cityA.id]);
      expect(((await now.query('SELECT path FROM org WHERE id = ?', [deep.id])) as { path: string }[])[0].path).toBe(deep.path);
      if (engine === 'mariadb') {
        // A writer that forgets the city is refused, not filed under no city.
        await expect(now.query('INSERT INTO org (id, level, kind, code, name, path, join_code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [newId(), 'CITY', 'CITY_FEDERATION', 'C', 'C', '/C/', 'JCXXXXXX', '2026-11-01 00:00:00'])).rejects.toThrow(/city/);
      }
    } finally {
      await now.destroy();
    }
  });
});

test('the other services carry a Cities migration too, and every migration after it is newer', () => {
  for (const list of [membersMigrations, casesMigrations, benefitsMigrations]) {
    const cities = list.findIndex((m) => /^Cities/.test(m.name));
    expect(cities).toBeGreaterThan(0);
    const stamps = list.map((m) => Number(/\d{13}$/.exec(m.name)![0]));
    expect(stamps.slice(cities).every((t, i, a) => i === 0 || t > a[i - 1])).toBe(true);
  }
});
