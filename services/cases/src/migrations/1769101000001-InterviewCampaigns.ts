import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';
import { asciiColumn, CITY_COLUMN, CITY_LENGTH, engineOfDataSource, PATH_LENGTH } from '@lianxin/subgraph';

/**
 * 大访谈: interview campaigns, their interview points, questionnaire versions and interviews.
 * The problems raised are cases pointing at their interview (case_file.source_kind INTERVIEW).
 */
export class InterviewCampaigns1769101000001 implements MigrationInterface {
  name = 'InterviewCampaigns1769101000001';

  async up(qr: QueryRunner): Promise<void> {
    const ascii = asciiColumn(engineOfDataSource(qr.connection));
    const id = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '26', isNullable: nullable, ...ascii });
    const code = (name: string, length: number): TableColumnOptions => ({ name, type: 'varchar', length: String(length), ...ascii });
    const str = (name: string, length: number): TableColumnOptions => ({ name, type: 'varchar', length: String(length) });
    const int = (name: string): TableColumnOptions => ({ name, type: 'int' });
    const placed = [id('org_id'), { name: 'org_path', type: 'varchar', length: String(PATH_LENGTH), ...ascii }, { name: CITY_COLUMN, type: 'varchar', length: String(CITY_LENGTH), ...ascii }];

    await qr.createTable(new Table({
      name: 'interview_campaign',
      columns: [
        { ...id('id'), isPrimary: true }, ...placed, str('title', 100), code('starts_on', 10), code('ends_on', 10), int('target'), int('max_age'),
        { name: 'focus_new_employment', type: 'boolean', default: false }, str('outline', 4000), str('created_by', 64), { name: 'created_at', type: 'datetime' },
      ],
      indices: [new TableIndex({ name: 'ix_campaign_scope', columnNames: ['org_path', 'id'] })],
    }));
    await qr.createTable(new Table({
      name: 'interview_point',
      columns: [{ ...id('id'), isPrimary: true }, id('campaign_id'), ...placed, str('name', 100), code('kind', 16)],
      indices: [new TableIndex({ name: 'ix_point_campaign', columnNames: ['campaign_id', 'org_path'] })],
    }));
    await qr.createTable(new Table({
      name: 'campaign_questionnaire',
      columns: [{ ...id('id'), isPrimary: true }, id('campaign_id'), ...placed, code('audience', 24), int('version'), str('title', 100), str('questions', 8000), { name: 'created_at', type: 'datetime' }],
      // Versions count up per audience; two writers racing for one version: the second gets CONFLICT.
      indices: [new TableIndex({ name: 'uq_questionnaire_version', columnNames: ['campaign_id', 'audience', 'version'], isUnique: true })],
    }));
    await qr.createTable(new Table({
      name: 'campaign_interview',
      columns: [
        { ...id('id'), isPrimary: true }, id('campaign_id'), id('point_id', true), ...placed, code('mode', 16), id('questionnaire_id'), code('audience', 24),
        code('held_on', 10), id('member_id', true), int('age'), code('employment_type', 24), str('answers', 8000), str('recorded_by', 64), { name: 'recorded_at', type: 'datetime' },
      ],
      indices: [
        // A subtree's interviews of a campaign by day: the progress figures' one range.
        new TableIndex({ name: 'ix_interview_campaign', columnNames: ['campaign_id', 'org_path', 'held_on'] }),
        // A member is interviewed once per campaign (a NULL member, an unnamed worker, repeats freely).
        new TableIndex({ name: 'uq_interview_member', columnNames: ['campaign_id', 'member_id'], isUnique: true }),
      ],
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['campaign_interview', 'campaign_questionnaire', 'interview_point', 'interview_campaign']) await qr.dropTable(t);
  }
}
