import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where a row is in its life: waiting (or retrying), delivered, or given up on. */
export enum OutboxState {
  PENDING = 'PENDING',
  DONE = 'DONE',
  DEAD = 'DEAD',
}

/**
 * One event to deliver, written in the same transaction as the change it reports, so an
 * event exists exactly when its change committed. The owning service lists this entity
 * with its own and creates the table with `createOutboxTable()` in a migration.
 */
@Entity('outbox')
export class OutboxRow {
  /** A ULID: rows of a topic are delivered in id order when the topic is ordered. */
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  topic: string;

  /** Unique per topic: enqueueing the same key twice keeps the first row. Receivers dedupe on it too. */
  @Column({ name: 'idem_key', type: 'varchar', length: 128 })
  key: string;

  /** JSON text. */
  @Column({ type: 'text' })
  payload: string;

  @Column({ type: 'varchar', length: 8 })
  state: OutboxState;

  /** Delivery attempts started so far (a claim counts as one). */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** Not to be tried before this. */
  @Column({ name: 'due_at', type: 'datetime' })
  dueAt: Date;

  /** The dispatcher holding the row, while `leaseUntil` lies ahead; after that anyone may claim it again. */
  @Column({ name: 'claimed_by', type: 'varchar', length: 64, nullable: true })
  claimedBy: string | null;

  @Column({ name: 'lease_until', type: 'datetime', nullable: true })
  leaseUntil: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @Column({ name: 'done_at', type: 'datetime', nullable: true })
  doneAt: Date | null;
}
