import { Column, Entity, PrimaryColumn, Table, type EntityManager, type QueryRunner } from 'typeorm';
import { asciiColumn, engineOfDataSource, wholeSeconds } from '@lianxin/subgraph';

/**
 * The receiving side: which events a service has applied, by idempotency key. Delivery
 * is at least once, so a receiver records the key in the same transaction as the change
 * it makes; a repeat finds the key and changes nothing.
 */
@Entity('inbox')
export class InboxRow {
  @PrimaryColumn({ name: 'idem_key', type: 'varchar', length: 128 })
  key: string;

  @Column({ type: 'varchar', length: 64 })
  topic: string;

  @Column({ name: 'received_at', type: 'datetime' })
  receivedAt: Date;
}

export async function createInboxTable(qr: QueryRunner): Promise<void> {
  const ascii = asciiColumn(engineOfDataSource(qr.connection));
  await qr.createTable(
    new Table({
      name: 'inbox',
      columns: [
        { name: 'idem_key', type: 'varchar', length: '128', isPrimary: true, ...ascii },
        { name: 'topic', type: 'varchar', length: '64', ...ascii },
        { name: 'received_at', type: 'datetime' },
      ],
    }),
  );
}

export async function dropInboxTable(qr: QueryRunner): Promise<void> {
  await qr.dropTable('inbox');
}

/**
 * Records `key` as applied, inside the receiver's transaction `tx`. False when it was
 * applied before: the caller then changes nothing. Two deliveries racing each other both
 * pass the read, and the primary key fails the second one's transaction whole; its retry
 * then sees the key.
 */
export async function receiveOnce(tx: EntityManager, topic: string, key: string, now: Date = new Date()): Promise<boolean> {
  if (!tx.queryRunner?.isTransactionActive) throw new Error('receiveOnce() must run inside the receiver\'s transaction');
  if (await tx.getRepository(InboxRow).exists({ where: { key } })) return false;
  await tx.insert(InboxRow, { key, topic, receivedAt: wholeSeconds(now) });
  return true;
}
