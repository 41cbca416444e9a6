import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { createOutboxTable, dropOutboxTable } from '@lianxin/outbox';
import { asciiColumn, engineOfDataSource } from '@lianxin/subgraph';

/**
 * The org tree as the union manages it (建会, rename, move, merge, close): orgs can be closed
 * (and merged into a survivor) and carry a version for concurrent changes; every change is
 * kept in org_history; an org records its place (org_place); and the outbox carries
 * `org.changed` to the other subgraphs.
 */
export class OrgTree1767000000000 implements MigrationInterface {
  name = 'OrgTree1767000000000';

  async up(qr: QueryRunner): Promise<void> {
    const ascii = asciiColumn(engineOfDataSource(qr.connection));
    const id = (name: string, nullable = false) => ({ name, type: 'varchar', length: '26', isNullable: nullable, ...ascii });
    await qr.addColumns('org', [
      new TableColumn({ name: 'closed_at', type: 'datetime', isNullable: true }),
      new TableColumn(id('merged_into_id', true)),
      new TableColumn({ name: 'version', type: 'int', default: 1 }),
    ]);
    await qr.createTable(
      new Table({
        name: 'org_history',
        columns: [
          { ...id('id'), isPrimary: true }, id('org_id'), { name: 'action', type: 'varchar', length: '16', ...ascii },
          { name: 'actor_sub', type: 'varchar', length: '64' }, { name: 'actor_role', type: 'varchar', length: '16', ...ascii }, id('actor_org_id', true),
          { name: 'at', type: 'datetime' }, { name: 'before_json', type: 'text', isNullable: true }, { name: 'after_json', type: 'text', isNullable: true },
        ],
        // An org's history, newest first, is one range on this index.
        indices: [new TableIndex({ name: 'ix_org_history_org', columnNames: ['org_id', 'id'] })],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'org_place',
        columns: [
          { ...id('org_id'), isPrimary: true }, { name: 'address', type: 'varchar', length: '200', isNullable: true },
          { name: 'headcount', type: 'int', isNullable: true }, { name: 'ownership', type: 'varchar', length: '24', isNullable: true, ...ascii },
          { name: 'opening_hours', type: 'varchar', length: '100', isNullable: true }, { name: 'services', type: 'varchar', length: '300', isNullable: true, ...ascii },
          { name: 'updated_by', type: 'varchar', length: '64' }, { name: 'updated_at', type: 'datetime' },
        ],
      }),
    );
    await createOutboxTable(qr);
  }

  async down(qr: QueryRunner): Promise<void> {
    await dropOutboxTable(qr);
    await qr.dropTable('org_place');
    await qr.dropTable('org_history');
    await qr.dropColumns('org', ['version', 'merged_into_id', 'closed_at']);
  }
}
