import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The version of the facts benefits copies (`member.changed`): 0 until the first change after this migration. */
export class MemberFeed1768100000000 implements MigrationInterface {
  name = 'MemberFeed1768100000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('member', new TableColumn({ name: 'facts_version', type: 'int', default: 0 }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('member', 'facts_version');
  }
}
