import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { asciiColumn, engineOfDataSource } from '@lianxin/subgraph';

/** 转办 to outside agencies: case_referral, one row per referral read through its case, and the case's awaiting_agency flag. */
export class Referrals1765100000000 implements MigrationInterface {
  name = 'Referrals1765100000000';

  async up(qr: QueryRunner): Promise<void> {
    const ascii = asciiColumn(engineOfDataSource(qr.connection));
    const id = (name: string) => ({ name, type: 'varchar', length: '26', ...ascii });
    await qr.createTable(
      new Table({
        name: 'case_referral',
        columns: [
          { ...id('id'), isPrimary: true }, id('case_id'), id('org_id'),
          { name: 'agency', type: 'varchar', length: '100' },
          { name: 'referred_at', type: 'datetime' },
          { name: 'due_on', type: 'date' },
          { name: 'answer', type: 'varchar', length: '1000', isNullable: true },
          { name: 'answered_at', type: 'datetime', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'ix_referral_case', columnNames: ['case_id', 'id'] })],
      }),
    );
    await qr.addColumn('case_file', new TableColumn({ name: 'awaiting_agency', type: 'boolean', default: false }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('case_file', 'awaiting_agency');
    await qr.dropTable('case_referral');
  }
}
