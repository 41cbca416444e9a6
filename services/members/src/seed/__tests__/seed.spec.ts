import fs from 'node:fs';
import { dropMariadbDatabase, enginesForSuites, TEST_DATABASE_URL } from '@lianxin/jest-config/engines';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createLogger, openDatabase } from '@lianxin/subgraph';
import { OrgRow } from '../../org/org.entity';
import { MemberRow } from '../../member/member.entity';
import { entities } from '../../entities';
import { migrations } from '../../migrations';
import { DEFAULT_SEED_OPTIONS, generateMembers, generateOrgs, type SeedOptions } from '../generate';
import { isSeeded, seedDemoData } from '../seed';
import { generateDirectory } from '../directory';
import { generateJoinDrive } from '../drives';

// Enough members for several transactions and several INSERT chunks per table.
const OPTIONS: SeedOptions = { ...DEFAULT_SEED_OPTIONS, members: 4_500, districts: 3, streetsPerDistrict: 2, enterprisesPerStreet: 5 };
const MYSQL_URL = TEST_DATABASE_URL;
const MYSQL_DATABASE = 'lianxin_seedtest_members';

function expectedCounts(options: SeedOptions): Record<string, number> {
  const tree = generateOrgs(options);
  const directory = generateDirectory(options, tree);
  // Every account is granted once: one log entry and one change-feed row each.
  const staff = { department: directory.departments.length, staff_account: directory.accounts.length, staff_grant: directory.accounts.length, directory_change: directory.accounts.length };
  const counts = { ...staff, org: tree.orgs.length, member: 0, member_child: 0, member_status_event: 0, member_transfer: 0, join_application: 0, hardship_file: 0, hardship_event: 0, notification: 0 };
  for (const b of generateMembers(options, tree)) {
    counts.member += b.members.length;
    // Every member marked with a tier is in the hardship register: one file, one opening event.
    counts.hardship_file += b.members.filter((m) => m.hardshipTier).length;
    counts.hardship_event += b.members.filter((m) => m.hardshipTier).length;
    counts.member_child += b.children.length;
    counts.member_status_event += b.events.length;
    counts.member_transfer += b.transfers.length;
    counts.join_application += b.applications.length;
  }
  // One welcome per enterprise with members.
  counts.notification = new Set([...generateMembers(options, tree)].flatMap((b) => b.members.map((m) => m.orgId))).size;
  // The demo join drive: its applicants, the approved ones members.
  const drive = generateJoinDrive(options, tree)!;
  counts.member += drive.members.length;
  counts.join_application += drive.applications.length;
  return { ...counts, join_drive: 1, join_drive_target: drive.targets.length, join_drive_join: drive.joins.length };
}

async function tableCounts(ds: DataSource): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['department', 'staff_account', 'staff_grant', 'directory_change', 'org', 'member', 'member_child', 'member_status_event', 'member_transfer', 'join_application', 'hardship_file', 'hardship_event', 'join_drive', 'join_drive_target', 'join_drive_join', 'notification']) {
    const [row] = await ds.query(`SELECT COUNT(*) AS n FROM ${table}`);
    out[table] = Number(row.n);
  }
  return out;
}

async function seedsAndReadsBack(ds: DataSource): Promise<void> {
  const expected = expectedCounts(OPTIONS);
  expect(await isSeeded(ds)).toBe(false);

  const progress: Array<[number, number]> = [];
  const result = await seedDemoData(ds, OPTIONS, (done, total) => progress.push([done, total]));
  expect(result).toEqual({ orgs: expected.org, members: expected.member });
  expect(await tableCounts(ds)).toEqual(expected);
  expect(await isSeeded(ds)).toBe(true);
  expect(progress[0]).toEqual([0, OPTIONS.members]);
  expect(progress.at(-1)).toEqual([OPTIONS.members, OPTIONS.members]);

  // Rows read back exactly as generated: dates as strings, booleans, whole-second instants.
  const tree = generateOrgs(OPTIONS);
  const [first] = generateMembers(OPTIONS, tree);
  const member = first.members.find((m) => m.hardshipTier) ?? first.members[0];
  // Stored as generated, with the city stamped from the path (the generator writes none).
  expect(await ds.getRepository(MemberRow).findOneByOrFail({ id: member.id })).toEqual({ ...member, city: tree.city.id });
  expect(await ds.getRepository(OrgRow).findOneByOrFail({ id: tree.city.id })).toEqual({ ...tree.city, city: tree.city.id });

  // The welcome is for the member the demo sign-in offers: the lowest id of each enterprise.
  const firsts = (await ds.query('SELECT MIN(id) AS id FROM member GROUP BY org_id')) as { id: string }[];
  const told = (await ds.query('SELECT member_id AS id FROM notification')) as { id: string }[];
  expect(told.map((r) => r.id).sort()).toEqual(firsts.map((r) => r.id).sort());

  // A second run is a no-op.
  expect(await seedDemoData(ds, OPTIONS)).toEqual({ orgs: 0, members: 0 });
  expect(await tableCounts(ds)).toEqual(expected);
}

describe('seedDemoData on the embedded SQLite engine', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-seed-'));
  let ds: DataSource;

  beforeAll(async () => {
    ds = await openDatabase({ service: 'members', dataDir, entities, migrations, log: createLogger('test', 'silent') });
  });
  afterAll(async () => {
    await ds?.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('inserts exactly what the generator produces, once', () => seedsAndReadsBack(ds));

  it('refuses to continue an interrupted seed', async () => {
    await ds.query('DELETE FROM org');
    await expect(seedDemoData(ds, OPTIONS)).rejects.toThrow(/interrupted/);
  });
});

// The shared jest setup decides whether MariaDB runs (it is required under CI).
const onMariadb = enginesForSuites().includes('mariadb') ? describe : describe.skip;

onMariadb('seedDemoData on MariaDB', () => {
  let ds: DataSource;

  beforeAll(async () => {
    await dropMariadbDatabase(MYSQL_DATABASE);
    ds = await openDatabase({ url: MYSQL_URL, database: MYSQL_DATABASE, service: 'members', dataDir: os.tmpdir(), entities, migrations, log: createLogger('test', 'silent') });
  });
  afterAll(async () => {
    if (!ds) return;
    await ds.query(`DROP DATABASE IF EXISTS \`${MYSQL_DATABASE}\``);
    await ds.destroy();
  });

  it('inserts exactly what the generator produces, once', async () => {
    await seedsAndReadsBack(ds);
  });
});
