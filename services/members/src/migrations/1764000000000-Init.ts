import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';
import { asciiColumn, engineOfDataSource } from '@lianxin/subgraph';

/**
 * The members schema, version 1. Written with TypeORM's schema API (not raw SQL) so the
 * same migration runs on MariaDB and on the embedded SQLite engine. Ids and paths are
 * ASCII/binary on MariaDB: paths are compared byte-wise in subtree range scans.
 */
export class Init1764000000000 implements MigrationInterface {
  name = 'Init1764000000000';

  async up(qr: QueryRunner): Promise<void> {
    const ascii = asciiColumn(engineOfDataSource(qr.connection));
    const id = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '26', isNullable: nullable, ...ascii });
    const path = (name: string): TableColumnOptions => ({ name, type: 'varchar', length: '120', ...ascii });
    const str = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
    const date = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'date', isNullable: nullable });
    const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', isNullable: nullable });
    const pk = (): TableColumnOptions => ({ ...id('id'), isPrimary: true });

    await qr.createTable(
      new Table({
        name: 'org',
        columns: [pk(), id('parent_id', true), str('level', 16), str('kind', 24), { ...str('code', 32), ...ascii }, str('name', 100), path('path'), { ...str('join_code', 16), ...ascii }, time('created_at')],
        indices: [
          new TableIndex({ name: 'uq_org_code', columnNames: ['code'], isUnique: true }),
          new TableIndex({ name: 'uq_org_path', columnNames: ['path'], isUnique: true }),
          new TableIndex({ name: 'uq_org_join_code', columnNames: ['join_code'], isUnique: true }),
          new TableIndex({ name: 'ix_org_parent', columnNames: ['parent_id'] }),
        ],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'member',
        columns: [
          pk(), id('org_id'), path('org_path'), str('name', 50), str('gender', 8), date('birth_date'),
          { ...str('id_number', 18), ...ascii }, { ...str('phone', 11), ...ascii }, str('employment_type', 24),
          { name: 'model_worker', type: 'boolean', default: false }, str('hardship_tier', 16, true), date('hardship_reviewed_on', true),
          str('status', 16), str('status_reason', 200, true), str('join_channel', 16), date('joined_on'), time('created_at'),
          { name: 'version', type: 'int', default: 1 },
        ],
        indices: [
          new TableIndex({ name: 'uq_member_id_number', columnNames: ['id_number'], isUnique: true }),
          // Keyset pages of a subtree, in (org_path, id) order: no filesort however big the subtree.
          new TableIndex({ name: 'ix_member_scope', columnNames: ['org_path', 'id'] }),
          new TableIndex({ name: 'ix_member_status', columnNames: ['org_path', 'status'] }),
          new TableIndex({ name: 'ix_member_joined', columnNames: ['org_path', 'joined_on'] }),
          new TableIndex({ name: 'ix_member_org', columnNames: ['org_id'] }),
        ],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'member_child',
        columns: [pk(), id('member_id'), str('name', 50), str('gender', 8), date('birth_date'), str('school_stage', 16)],
        indices: [new TableIndex({ name: 'ix_child_member', columnNames: ['member_id'] })],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'join_application',
        columns: [
          pk(), id('org_id'), path('org_path'), str('name', 50), str('gender', 8), date('birth_date'),
          { ...str('id_number', 18), ...ascii }, { ...str('pending_key', 18, true), ...ascii }, { ...str('phone', 11), ...ascii },
          str('employment_type', 24), str('status', 16), str('reject_reason', 200, true), id('member_id', true),
          time('created_at'), time('reviewed_at', true), str('reviewed_by', 64, true),
        ],
        indices: [
          new TableIndex({ name: 'uq_application_pending', columnNames: ['pending_key'], isUnique: true }),
          new TableIndex({ name: 'ix_application_scope', columnNames: ['org_path', 'id'] }),
          new TableIndex({ name: 'ix_application_id_number', columnNames: ['id_number'] }),
        ],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'member_status_event',
        columns: [pk(), id('member_id'), path('org_path'), str('from_status', 16, true), str('to_status', 16), str('reason', 200, true), str('actor_sub', 64), time('at')],
        indices: [new TableIndex({ name: 'ix_status_event_member', columnNames: ['member_id', 'at'] })],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'member_transfer',
        columns: [
          pk(), id('member_id'), str('member_name', 50), id('from_org_id'), path('from_path'), id('to_org_id'), path('to_path'),
          str('status', 16), { ...id('open_key', true) }, str('reason', 200), str('return_reason', 200, true),
          str('requested_by', 64), time('requested_at'), str('decided_by', 64, true), time('decided_at', true),
        ],
        indices: [
          new TableIndex({ name: 'uq_transfer_open', columnNames: ['open_key'], isUnique: true }),
          new TableIndex({ name: 'ix_transfer_member', columnNames: ['member_id'] }),
          new TableIndex({ name: 'ix_transfer_from', columnNames: ['from_path', 'id'] }),
          new TableIndex({ name: 'ix_transfer_to', columnNames: ['to_path', 'id'] }),
        ],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'pii_access_log',
        columns: [pk(), str('actor_sub', 64), str('actor_role', 16), id('actor_org_id', true), id('member_id'), str('field', 16), time('at')],
        indices: [
          new TableIndex({ name: 'ix_pii_member', columnNames: ['member_id', 'at'] }),
          new TableIndex({ name: 'ix_pii_actor', columnNames: ['actor_sub', 'at'] }),
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['pii_access_log', 'member_transfer', 'member_status_event', 'join_application', 'member_child', 'member', 'org']) {
      await qr.dropTable(t);
    }
  }
}
