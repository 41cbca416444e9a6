import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addCityColumn, dropCityColumn } from '@lianxin/subgraph';

/**
 * Ready for many cities: every table holding an org path gets the `city` column (the shard
 * key, @lianxin/subgraph city.ts), backfilled from the path with ORG_LEVELS_ABOVE_CITY, and
 * its path columns go from varchar(120) to varchar(255) ASCII, room for a province and the
 * nation above the city (an enterprise path was already 109 bytes).
 */
const TABLES: [table: string, cityFrom: string, paths?: string[]][] = [
  // A case belongs to the city it was raised in; handling_path is widened with it.
  ['case_file', 'raised_path', ['raised_path', 'handling_path']],
  // Visibility and tally rows belong to the org that reads them, so one org's list or figures is one shard.
  ['case_scope', 'org_path'],
  ['case_tally', 'org_path'],
  ['deadline_policy', 'org_path'],
  ['case_project', 'org_path'],
  ['survey', 'org_path'],
  ['survey_response', 'org_path'],
  ['survey_answer', 'org_path'],
];

export class Cities1769060000002 implements MigrationInterface {
  name = 'Cities1769060000002';

  async up(qr: QueryRunner): Promise<void> {
    for (const [table, cityFrom, paths] of TABLES) await addCityColumn(qr, table, cityFrom, paths);
  }

  /** Drops the column; the paths stay wide (a province tree's paths would not fit back). */
  async down(qr: QueryRunner): Promise<void> {
    for (const [table] of TABLES) await dropCityColumn(qr, table);
  }
}
