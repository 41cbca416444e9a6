import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';
import { asciiColumn, CITY_COLUMN, CITY_LENGTH, engineOfDataSource, PATH_LENGTH } from '@lianxin/subgraph';

/**
 * 扫码入会 join drives: the drive (join_drive), its sub-orgs' targets (join_drive_target) and
 * the applications made through its QR codes (join_drive_join), each with its city and a
 * 255-byte ASCII path from the start.
 */
export class JoinDrives1769104000000 implements MigrationInterface {
  name = 'JoinDrives1769104000000';

  async up(qr: QueryRunner): Promise<void> {
    const ascii = asciiColumn(engineOfDataSource(qr.connection));
    const code = (name: string, length: number): TableColumnOptions => ({ name, type: 'varchar', length: String(length), ...ascii });
    const id = (name: string): TableColumnOptions => code(name, 26);
    const path = (name: string): TableColumnOptions => code(name, PATH_LENGTH);
    const city: TableColumnOptions = { name: CITY_COLUMN, type: 'varchar', length: String(CITY_LENGTH), ...ascii };
    const int = (name: string): TableColumnOptions => ({ name, type: 'int' });

    await qr.createTable(
      new Table({
        name: 'join_drive',
        columns: [
          { ...id('id'), isPrimary: true }, id('org_id'), path('org_path'), city,
          { name: 'title', type: 'varchar', length: '100' }, code('starts_on', 10), code('ends_on', 10), { name: 'gig_focus', type: 'boolean', default: false },
          { name: 'created_by', type: 'varchar', length: '64' }, { name: 'created_at', type: 'datetime' }, { name: 'updated_at', type: 'datetime' },
          { name: 'version', type: 'int', default: 1 },
        ],
        indices: [new TableIndex({ name: 'ix_drive_scope', columnNames: ['org_path', 'id'] }), new TableIndex({ name: 'ix_drive_org', columnNames: ['org_id'] })],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'join_drive_target',
        columns: [{ ...id('drive_id'), isPrimary: true }, { ...id('org_id'), isPrimary: true }, path('org_path'), city, int('per_day'), int('per_week'), int('per_month')],
        indices: [new TableIndex({ name: 'ix_drive_target_scope', columnNames: ['org_path'] })],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'join_drive_join',
        columns: [
          { ...id('application_id'), isPrimary: true }, id('drive_id'), id('sub_org_id'), id('org_id'), path('org_path'), city,
          code('employment_type', 24), code('joined_on', 10), { name: 'created_at', type: 'datetime' },
        ],
        // A drive's figures: its joins by day, then narrowed to a subtree.
        indices: [new TableIndex({ name: 'ix_drive_join_day', columnNames: ['drive_id', 'joined_on'] }), new TableIndex({ name: 'ix_drive_join_scope', columnNames: ['org_path'] })],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('join_drive_join');
    await qr.dropTable('join_drive_target');
    await qr.dropTable('join_drive');
  }
}
