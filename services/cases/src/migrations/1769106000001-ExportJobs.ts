import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';
import { asciiColumn, CITY_COLUMN, CITY_LENGTH, engineOfDataSource, PATH_LENGTH } from '@lianxin/subgraph';

/** Exports of the case ledger and the figures (export_job): the job a staff caller started and how far it got. */
export class ExportJobs1769106000001 implements MigrationInterface {
  name = 'ExportJobs1769106000001';

  async up(qr: QueryRunner): Promise<void> {
    const ascii = asciiColumn(engineOfDataSource(qr.connection));
    const code = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable, ...ascii });
    const str = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
    const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', isNullable: nullable });
    await qr.createTable(
      new Table({
        name: 'export_job',
        columns: [
          { ...code('id', 26), isPrimary: true }, code('kind', 16), code('format', 8), code('org_id', 26),
          { name: 'org_path', type: 'varchar', length: String(PATH_LENGTH), ...ascii }, { name: CITY_COLUMN, type: 'varchar', length: String(CITY_LENGTH), ...ascii },
          str('requested_by', 90), str('params', 2000), str('name', 120), code('state', 12), { name: 'rows', type: 'int', default: 0 }, str('error', 500, true),
          time('created_at'), time('heartbeat_at'), time('finished_at', true),
        ],
        indices: [new TableIndex({ name: 'ix_export_job_scope', columnNames: ['org_path', 'id'] })],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('export_job');
  }
}
