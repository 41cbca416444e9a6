import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createInboxTable, dropInboxTable } from '@lianxin/outbox';

/** The inbox: the `org.changed` events cases has applied, so a repeated delivery changes nothing. */
export class OrgChanges1767100000000 implements MigrationInterface {
  name = 'OrgChanges1767100000000';

  async up(qr: QueryRunner): Promise<void> {
    await createInboxTable(qr);
  }

  async down(qr: QueryRunner): Promise<void> {
    await dropInboxTable(qr);
  }
}
