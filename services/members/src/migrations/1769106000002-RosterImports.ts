import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';
import { asciiColumn, CITY_COLUMN, CITY_LENGTH, engineOfDataSource, PATH_LENGTH } from '@lianxin/subgraph';

/** Roster imports (批量导入会员): the upload's dry-run counts and commit progress, and each row's problems. */
export class RosterImports1769106000002 implements MigrationInterface {
  name = 'RosterImports1769106000002';

  async up(qr: QueryRunner): Promise<void> {
    const ascii = asciiColumn(engineOfDataSource(qr.connection));
    const code = (name: string, length: number): TableColumnOptions => ({ name, type: 'varchar', length: String(length), ...ascii });
    const str = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
    const int = (name: string): TableColumnOptions => ({ name, type: 'int', default: 0 });
    const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', isNullable: nullable });
    const city: TableColumnOptions = { name: CITY_COLUMN, type: 'varchar', length: String(CITY_LENGTH), ...ascii };
    await qr.createTable(
      new Table({
        name: 'roster_import',
        columns: [
          { ...code('id', 26), isPrimary: true }, { name: 'org_path', type: 'varchar', length: String(PATH_LENGTH), ...ascii }, city,
          str('requested_by', 90), str('file_name', 200), code('format', 8), code('state', 12),
          int('rows_total'), int('rows_ok'), int('rows_with_problems'), int('created'), int('skipped'), str('error', 500, true),
          time('created_at'), time('heartbeat_at'), time('finished_at', true),
        ],
        indices: [new TableIndex({ name: 'ix_roster_import_scope', columnNames: ['org_path', 'id'] })],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'roster_problem',
        columns: [
          { ...code('id', 26), isPrimary: true }, code('import_id', 26), city, { name: 'row', type: 'int' }, code('code', 32), code('field', 32),
          str('message', 300), str('name', 60), code('id_number', 24),
        ],
        indices: [new TableIndex({ name: 'ix_roster_problem_import', columnNames: ['import_id', 'row', 'id'] })],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('roster_problem');
    await qr.dropTable('roster_import');
  }
}
