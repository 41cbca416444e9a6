import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { createOutboxTable, dropOutboxTable } from '@lianxin/outbox';

/**
 * Workers' notifications (docs/notifications.md): benefits' outbox, which hands them to
 * members, and when the 3-days-left warning of a voucher went out (once per voucher).
 */
export class Notifications1769105000002 implements MigrationInterface {
  name = 'Notifications1769105000002';

  async up(qr: QueryRunner): Promise<void> {
    await createOutboxTable(qr);
    await qr.addColumn('voucher', new TableColumn({ name: 'expiry_warned_at', type: 'datetime', isNullable: true }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('voucher', 'expiry_warned_at');
    await dropOutboxTable(qr);
  }
}
