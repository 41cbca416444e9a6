import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { asciiColumn, engineOfDataSource } from '@lianxin/subgraph';

/**
 * Aid opened from a case, and aid that is not per child:
 * - `case_id`: the case (an education-aid or hardship-aid request) the application was opened
 *   from; one application per case and programme (uq_aid_case);
 * - `kind`: the programme's kind, which decides the steps (model-worker aid has no enterprise check);
 * - `child_id` becomes optional: model-worker aid (困难劳模救助) is for the member themself.
 * Every application so far is education aid.
 */
export class AidFromCases1768200000000 implements MigrationInterface {
  name = 'AidFromCases1768200000000';

  async up(qr: QueryRunner): Promise<void> {
    const ascii = asciiColumn(engineOfDataSource(qr.connection));
    await qr.addColumns('aid_application', [
      new TableColumn({ name: 'case_id', type: 'varchar', length: '26', isNullable: true, ...ascii }),
      new TableColumn({ name: 'kind', type: 'varchar', length: '24', default: "'EDUCATION_AID'", ...ascii }),
    ]);
    await qr.changeColumn('aid_application', 'child_id', new TableColumn({ name: 'child_id', type: 'varchar', length: '26', isNullable: true, ...ascii }));
    await qr.createIndex('aid_application', new TableIndex({ name: 'uq_aid_case', columnNames: ['case_id', 'programme_id'], isUnique: true }));
  }

  async down(qr: QueryRunner): Promise<void> {
    const ascii = asciiColumn(engineOfDataSource(qr.connection));
    await qr.dropIndex('aid_application', 'uq_aid_case');
    await qr.query(`DELETE FROM aid_event WHERE application_id IN (SELECT id FROM aid_application WHERE child_id IS NULL)`);
    await qr.query(`DELETE FROM aid_application WHERE child_id IS NULL`);
    await qr.changeColumn('aid_application', 'child_id', new TableColumn({ name: 'child_id', type: 'varchar', length: '26', ...ascii }));
    await qr.dropColumns('aid_application', ['case_id', 'kind']);
  }
}
