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
  ['programme', 'org_path'],
  ['allocation', 'org_path'],
  ['voucher', 'org_path'],
  ['partner', 'org_path'],
  ['care_batch', 'org_path'],
  ['care_visit', 'org_path'],
  ['aid_application', 'org_path'],
  ['member_fact', 'org_path'],
];

/** Tables read through a parent: their parent's city, parents first. */
const CHILDREN: [table: string, parent: string, key: string, parentKey?: string][] = [
  ['programme_rules', 'programme', 'programme_id'],
  ['partner_programme', 'partner', 'partner_id'],
  ['redemption', 'voucher', 'voucher_id'],
  ['aid_event', 'aid_application', 'application_id'],
  ['partner_key', 'partner', 'partner_id'],
];

export class Cities1769060000003 implements MigrationInterface {
  name = 'Cities1769060000003';

  async up(qr: QueryRunner): Promise<void> {
    for (const [table, cityFrom, paths] of TABLES) await addCityColumn(qr, table, cityFrom, paths);
    for (const [table, parent, key, parentKey] of CHILDREN) await addChildCityColumn(qr, table, parent, key, parentKey);
  }

  /** Drops the column; the paths stay wide (a province tree's paths would not fit back). */
  async down(qr: QueryRunner): Promise<void> {
    for (const [table] of [...CHILDREN, ...TABLES]) await dropCityColumn(qr, table);
  }
}
