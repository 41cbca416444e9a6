import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';
import { asciiColumn, CITY_COLUMN, CITY_LENGTH, engineOfDataSource, PATH_LENGTH } from '@lianxin/subgraph';

/** The workers' notifications (notification/notification.entity.ts); the outbox already exists (OrgTree). */
export class Notifications1769105000001 implements MigrationInterface {
  name = 'Notifications1769105000001';

  async up(qr: QueryRunner): Promise<void> {
    const ascii = asciiColumn(engineOfDataSource(qr.connection));
    const code = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable, ...ascii });
    await qr.createTable(
      new Table({
        name: 'notification',
        columns: [
          { ...code('id', 26), isPrimary: true }, code('idem_key', 128), code('member_id', 26, true), code('application_id', 26, true),
          code('org_path', PATH_LENGTH), { name: CITY_COLUMN, type: 'varchar', length: String(CITY_LENGTH), ...ascii },
          code('template', 32), { name: 'params', type: 'varchar', length: '1000' },
          { name: 'created_at', type: 'datetime' }, { name: 'read_at', type: 'datetime', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'uq_notification_key', columnNames: ['idem_key'], isUnique: true }),
          // A member's feed newest first, and the unread count: one range each.
          new TableIndex({ name: 'ix_notification_member', columnNames: ['member_id', 'id'] }),
          new TableIndex({ name: 'ix_notification_unread', columnNames: ['member_id', 'read_at'] }),
          new TableIndex({ name: 'ix_notification_scope', columnNames: ['org_path', 'id'] }),
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('notification');
  }
}
