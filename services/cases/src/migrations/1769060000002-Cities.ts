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

/** Tables read through a parent: their parent's city, parents first. */
const CHILDREN: [table: string, parent: string, key: string, parentKey?: string][] = [
  ['case_event', 'case_file', 'case_id'],
  ['case_referral', 'case_file', 'case_id'],
  ['case_contact_access', 'case_file', 'case_id'],
  ['case_project_note', 'case_project', 'project_id'],
  ['survey_question', 'survey', 'survey_id'],
  // The numbering org lives in members' database: its city is that of the cases raised there.
  ['case_sequence', 'case_file', 'org_id', 'raised_org_id'],
];

export class Cities1769060000002 implements MigrationInterface {
  name = 'Cities1769060000002';

  async up(qr: QueryRunner): Promise<void> {
    for (const [table, cityFrom, paths] of TABLES) await addCityColumn(qr, table, cityFrom, paths);
    for (const [table, parent, key, parentKey] of CHILDREN) await addChildCityColumn(qr, table, parent, key, parentKey);
  }

  /** Drops the column; the paths stay wide (a province tree's paths would not fit back). */
  async down(qr: QueryRunner): Promise<void> {
    for (const [table] of [...CHILDREN, ...TABLES]) await dropCityColumn(qr, table);
  }
}
