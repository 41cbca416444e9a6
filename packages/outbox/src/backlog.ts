import type { DataSource, EntityManager } from 'typeorm';
import { OutboxRow, OutboxState } from './outbox.entity';

/**
 * When the oldest event of a topic still waiting for delivery was written: null when none
 * waits. A consumer that keeps a copy fed by the topic asks this to notice a feed that
 * stopped, which its own clock cannot: no events arriving looks the same as nothing changing.
 * Dead events are not counted: they wait for a person, and one of them must not make a whole
 * copy untrusted for good (the consumer bounds what they affect in its own way). One index
 * range read (topic, state).
 */
export async function oldestUndelivered(db: DataSource | EntityManager, topic: string): Promise<Date | null> {
  const row = await db
    .getRepository(OutboxRow)
    .createQueryBuilder('o')
    .select('MIN(o.createdAt)', 'oldest')
    .where({ topic, state: OutboxState.PENDING })
    .getRawOne<{ oldest: Date | string | null }>();
  if (!row?.oldest) return null;
  // The embedded engine returns the DATETIME as text in UTC.
  return row.oldest instanceof Date ? row.oldest : new Date(`${String(row.oldest).replace(' ', 'T')}Z`);
}
