import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { asciiColumn, engineOfDataSource } from '@lianxin/subgraph';

/** member_fact: the copy of member facts the partner desk decides on, fed by `member.changed`. */
export class MemberFacts1768300000000 implements MigrationInterface {
  name = 'MemberFacts1768300000000';

  async up(qr: QueryRunner): Promise<void> {
    const ascii = asciiColumn(engineOfDataSource(qr.connection));
    await qr.createTable(
      new Table({
        name: 'member_fact',
        columns: [
          { name: 'member_id', type: 'varchar', length: '26', isPrimary: true, ...ascii },
          { name: 'org_id', type: 'varchar', length: '26', ...ascii },
          { name: 'org_path', type: 'varchar', length: '120', ...ascii },
          { name: 'masked_name', type: 'varchar', length: '50' },
          { name: 'status', type: 'varchar', length: '16', ...ascii },
          { name: 'employment_type', type: 'varchar', length: '24', ...ascii },
          { name: 'model_worker', type: 'boolean' },
          { name: 'hardship_tier', type: 'varchar', length: '16', isNullable: true, ...ascii },
          { name: 'children', type: 'text' },
          { name: 'version', type: 'int' },
          { name: 'synced_at', type: 'datetime' },
        ],
        // An org move rewrites the copy's paths by prefix, a merge by org id.
        indices: [
          { name: 'ix_member_fact_path', columnNames: ['org_path'] },
          { name: 'ix_member_fact_org', columnNames: ['org_id'] },
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('member_fact');
  }
}
