import { Table, TableIndex, type QueryRunner } from 'typeorm';
import { asciiColumn, engineOfDataSource } from '@lianxin/subgraph';

/**
 * Creates the outbox table; call it from one of the owning service's versioned migrations
 * (`await createOutboxTable(qr)` in `up`, `dropOutboxTable(qr)` in `down`).
 */
export async function createOutboxTable(qr: QueryRunner): Promise<void> {
  const ascii = asciiColumn(engineOfDataSource(qr.connection));
  await qr.createTable(
    new Table({
      name: 'outbox',
      columns: [
        { name: 'id', type: 'varchar', length: '26', isPrimary: true, ...ascii },
        { name: 'topic', type: 'varchar', length: '64', ...ascii },
        { name: 'idem_key', type: 'varchar', length: '128', ...ascii },
        { name: 'payload', type: 'text' },
        { name: 'state', type: 'varchar', length: '8', ...ascii },
        { name: 'attempts', type: 'int', default: 0 },
        { name: 'due_at', type: 'datetime' },
        { name: 'claimed_by', type: 'varchar', length: '64', isNullable: true, ...ascii },
        { name: 'lease_until', type: 'datetime', isNullable: true },
        { name: 'last_error', type: 'varchar', length: '500', isNullable: true },
        { name: 'created_at', type: 'datetime' },
        { name: 'done_at', type: 'datetime', isNullable: true },
      ],
      indices: [
        new TableIndex({ name: 'uq_outbox_key', columnNames: ['topic', 'idem_key'], isUnique: true }),
        // What a dispatcher scans for: due rows, oldest first, and per topic for ordered delivery.
        new TableIndex({ name: 'ix_outbox_due', columnNames: ['state', 'due_at', 'id'] }),
        new TableIndex({ name: 'ix_outbox_topic', columnNames: ['topic', 'state', 'id'] }),
      ],
    }),
  );
}

export async function dropOutboxTable(qr: QueryRunner): Promise<void> {
  await qr.dropTable('outbox');
}
