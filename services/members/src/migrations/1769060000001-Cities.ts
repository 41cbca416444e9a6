import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addChildCityColumn, addCityColumn, dropCityColumn } from '@lianxin/subgraph';

/**
 * Ready for many cities: every table holding an org path gets the `city` column (the shard
 * key, @lianxin/subgraph city.ts), backfilled from the path with ORG_LEVELS_ABOVE_CITY (the
 * tables read through a parent take the parent's), and
 * its path columns go from varchar(120) to varchar(255) ASCII, room for a province and the
 * nation above the city (an enterprise path was already 109 bytes).
 */
const TABLES: [table: string, cityFrom: string, paths?: string[]][] = [
  ['org', 'path'],
  ['member', 'org_path'],
  ['join_application', 'org_path'],
  ['member_status_event', 'org_path'],
  // A transfer belongs to the city it leaves; to_path is widened with it.
  ['member_transfer', 'from_path', ['from_path', 'to_path']],
];

/** Tables read through a parent: their parent's city, parents first. */
const CHILDREN: [table: string, parent: string, key: string, parentKey?: string][] = [
  ['member_child', 'member', 'member_id'],
  ['hardship_file', 'member', 'member_id'],
  ['hardship_event', 'hardship_file', 'file_id'],
  ['pii_access_log', 'member', 'member_id'],
  ['department', 'org', 'org_id'],
  ['staff_account', 'org', 'org_id'],
  ['staff_grant', 'staff_account', 'account_id'],
  ['org_history', 'org', 'org_id'],
  ['org_place', 'org', 'org_id'],
];

export class Cities1769060000001 implements MigrationInterface {
  name = 'Cities1769060000001';

  async up(qr: QueryRunner): Promise<void> {
    for (const [table, cityFrom, paths] of TABLES) await addCityColumn(qr, table, cityFrom, paths);
    for (const [table, parent, key, parentKey] of CHILDREN) await addChildCityColumn(qr, table, parent, key, parentKey);
  }

  /** Drops the column; the paths stay wide (a province tree's paths would not fit back). */
  async down(qr: QueryRunner): Promise<void> {
    for (const [table] of [...CHILDREN, ...TABLES]) await dropCityColumn(qr, table);
  }
}
