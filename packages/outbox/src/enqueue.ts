import type { EntityManager } from 'typeorm';
import { newId } from '@lianxin/auth';
import { OutboxRow, OutboxState } from './outbox.entity';

export interface OutboxMessage {
  /** What kind of event, and so which delivery function takes it, e.g. `org.changed:cases`. */
  topic: string;
  /** The idempotency key: unique per topic, sent along so the receiver can drop a repeat. */
  key: string;
  payload: unknown;
}

/**
 * Records an event in the writer's transaction (`tx`): it exists if and only if the
 * writer's change commits. Returns the row's id. A key already enqueued for the topic is
 * refused by the unique index, which fails the writer: callers use keys that are new.
 */
export async function enqueue(tx: EntityManager, msg: OutboxMessage, now: Date = new Date()): Promise<string> {
  if (!tx.queryRunner?.isTransactionActive) throw new Error('enqueue() must run inside the writer\'s transaction');
  const at = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const row: OutboxRow = Object.assign(new OutboxRow(), {
    id: newId(now.getTime()),
    topic: msg.topic,
    key: msg.key,
    payload: JSON.stringify(msg.payload),
    state: OutboxState.PENDING,
    attempts: 0,
    dueAt: at,
    claimedBy: null,
    leaseUntil: null,
    lastError: null,
    createdAt: at,
    doneAt: null,
  });
  await tx.insert(OutboxRow, row);
  return row.id;
}
