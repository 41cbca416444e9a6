import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { asciiColumn, engineOfDataSource } from '@lianxin/subgraph';

/**
 * 接单 names a department and a person from the members directory: their ids beside the
 * `responsible` text, which stays as the snapshot history reads (older cases keep only it).
 */
export class CaseHandler1768100000000 implements MigrationInterface {
  name = 'CaseHandler1768100000000';

  async up(qr: QueryRunner): Promise<void> {
    const ascii = asciiColumn(engineOfDataSource(qr.connection));
    await qr.addColumn('case_file', new TableColumn({ name: 'responsible_staff_id', type: 'varchar', length: '26', isNullable: true, ...ascii }));
    await qr.addColumn('case_file', new TableColumn({ name: 'responsible_department_id', type: 'varchar', length: '26', isNullable: true, ...ascii }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('case_file', 'responsible_department_id');
    await qr.dropColumn('case_file', 'responsible_staff_id');
  }
}
