import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addCityColumn, dropCityColumn } from '@lianxin/subgraph';

/**
 * Ready for many cities: every table holding an org path gets the `city` column (the shard
 * key, @lianxin/subgraph city.ts), backfilled from the path with ORG_LEVELS_ABOVE_CITY, and
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

export class Cities1769060000001 implements MigrationInterface {
  name = 'Cities1769060000001';

  async up(qr: QueryRunner): Promise<void> {
    for (const [table, cityFrom, paths] of TABLES) await addCityColumn(qr, table, cityFrom, paths);
  }

  /** Drops the column; the paths stay wide (a province tree's paths would not fit back). */
  async down(qr: QueryRunner): Promise<void> {
    for (const [table] of TABLES) await dropCityColumn(qr, table);
  }
}
