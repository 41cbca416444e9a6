import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { Brackets, type DataSource, type EntityManager } from 'typeorm';
import { every, wholeSeconds } from '@lianxin/subgraph';
import { OutboxRow, OutboxState } from './outbox.entity';

/** What a delivery function is given: the row's id, topic, idempotency key and decoded payload. */
export interface OutboxDelivery {
  id: string;
  topic: string;
  key: string;
  payload: unknown;
  attempt: number;
}

/** Delivers one event; throwing (or rejecting) means "try again later". */
export type Deliver = (event: OutboxDelivery) => Promise<void>;

export interface DispatcherOptions {
  /** Delivery function per topic; rows of other topics are left for another dispatcher. */
  deliver: Record<string, Deliver>;
  /**
   * Topics delivered strictly in id order: a row is claimed only when no older row of its
   * topic is pending, held or dead. A dead row therefore stops its topic until an operator
   * requeues it (`requeueDead`), because a receiver that applies changes in order must
   * never see a later one first.
   */
  ordered?: readonly string[];
  /** Tries before a row goes to DEAD (default 8). */
  maxAttempts?: number;
  /** Wait before try n+1 is `min(maxBackoffMs, baseBackoffMs × 2^(n-1))` (defaults 1 s, 5 min). */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long a claim holds before another dispatcher may take the row over (default 60 s). */
  leaseMs?: number;
  /** Rows claimed per pass (default 20). */
  batch?: number;
  /** The clock; tests pass a fake one. */
  now?: () => Date;
  log?: Logger;
  /** Names this dispatcher in `claimed_by` (default: random). */
  name?: string;
}

export interface PassResult {
  delivered: number;
  failed: number;
  dead: number;
}

/**
 * Delivers outbox rows after their transactions committed. Safe with several replicas:
 * a row is taken by one conditional UPDATE (`… WHERE id = ? AND state = 'PENDING' AND the
 * lease is free`) that changes exactly one row for exactly one dispatcher; the others move
 * on. Delivery is at least once (a dispatcher that dies after delivering but before marking
 * the row done leaves it to be delivered again when the lease runs out), so receivers drop
 * repeats by the idempotency key.
 */
export class OutboxDispatcher {
  private readonly opts: Required<Omit<DispatcherOptions, 'log'>> & { log?: Logger };

  constructor(
    private readonly db: DataSource,
    options: DispatcherOptions,
  ) {
    this.opts = {
      ordered: [],
      maxAttempts: 8,
      baseBackoffMs: 1_000,
      maxBackoffMs: 300_000,
      leaseMs: 60_000,
      batch: 20,
      now: () => new Date(),
      name: `d-${randomBytes(6).toString('hex')}`,
      ...options,
    };
  }

  /** One pass: claim what is due, deliver it, record the outcome. */
  async runOnce(): Promise<PassResult> {
    const result: PassResult = { delivered: 0, failed: 0, dead: 0 };
    const candidates = await this.candidates();
    for (const row of candidates) {
      if (!(await this.claim(row))) continue;
      const attempt = row.attempts + 1;
      try {
        await this.opts.deliver[row.topic]({ id: row.id, topic: row.topic, key: row.key, payload: JSON.parse(row.payload), attempt });
        await this.finish(row.id, { state: OutboxState.DONE, doneAt: wholeSeconds(this.opts.now()), lastError: null });
        result.delivered++;
      } catch (err) {
        const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
        if (attempt >= this.opts.maxAttempts) {
          await this.finish(row.id, { state: OutboxState.DEAD, lastError: message });
          this.opts.log?.error({ outbox: row.id, topic: row.topic, attempt, err: message }, 'outbox row dead after its last try');
          result.dead++;
        } else {
          const wait = Math.min(this.opts.maxBackoffMs, this.opts.baseBackoffMs * 2 ** (attempt - 1));
          await this.finish(row.id, { state: OutboxState.PENDING, dueAt: wholeSeconds(this.opts.now().getTime() + wait), lastError: message });
          this.opts.log?.warn({ outbox: row.id, topic: row.topic, attempt, err: message }, 'outbox delivery failed; will retry');
          result.failed++;
        }
      }
    }
    return result;
  }

  /**
   * Runs passes until nothing is due now (or `maxPasses` ran): what a test or an operator
   * calls to wait for delivery without guessing a sleep. Returns the totals.
   */
  async drain(maxPasses = 50): Promise<PassResult> {
    const total: PassResult = { delivered: 0, failed: 0, dead: 0 };
    for (let i = 0; i < maxPasses; i++) {
      const r = await this.runOnce();
      total.delivered += r.delivered;
      total.failed += r.failed;
      total.dead += r.dead;
      if (r.delivered + r.failed + r.dead === 0) break;
    }
    return total;
  }

  /**
   * Runs passes every `intervalMs` in the background (0: never), several while rows keep
   * coming (one pass takes at most `batch` rows, which a busy feed outruns); `stop()` waits
   * for the passes in progress.
   */
  start(intervalMs: number, log: Logger): { stop(): Promise<void> } {
    return every('outbox dispatch', intervalMs, () => this.drain(20), log);
  }

  /** Puts dead rows of a topic back in line (requeueDead below). */
  requeueDead(topic: string, keys?: readonly string[]): Promise<number> {
    return requeueDead(this.db, topic, keys, this.opts.now());
  }

  private async candidates(): Promise<OutboxRow[]> {
    const now = wholeSeconds(this.opts.now());
    const topics = Object.keys(this.opts.deliver);
    if (!topics.length) return [];
    const qb = this.db
      .getRepository(OutboxRow)
      .createQueryBuilder('o')
      .where('o.state = :pending AND o.dueAt <= :now', { pending: OutboxState.PENDING, now })
      .andWhere('o.topic IN (:...topics)', { topics })
      .andWhere(new Brackets((b) => b.where('o.leaseUntil IS NULL').orWhere('o.leaseUntil < :now', { now })));
    if (this.opts.ordered.length) {
      // Head of line: an ordered topic's row waits while an older one is not yet done.
      qb.andWhere(
        `(o.topic NOT IN (:...ordered) OR NOT EXISTS (SELECT 1 FROM outbox older WHERE older.topic = o.topic AND older.id < o.id AND older.state <> :done))`,
        { ordered: [...this.opts.ordered], done: OutboxState.DONE },
      );
    }
    return qb.orderBy('o.id').limit(this.opts.batch).getMany();
  }

  /** The conditional UPDATE: true for the one dispatcher whose update changed the row. */
  private async claim(row: OutboxRow): Promise<boolean> {
    const now = wholeSeconds(this.opts.now());
    const r = await this.db
      .createQueryBuilder()
      .update(OutboxRow)
      .set({ claimedBy: this.opts.name, leaseUntil: new Date(now.getTime() + this.opts.leaseMs), attempts: row.attempts + 1 })
      .where('id = :id AND state = :pending AND attempts = :attempts', { id: row.id, pending: OutboxState.PENDING, attempts: row.attempts })
      .andWhere(new Brackets((b) => b.where('lease_until IS NULL').orWhere('lease_until < :now', { now })))
      .execute();
    return r.affected === 1;
  }

  /** Records the outcome, only while this dispatcher still holds the row. */
  private async finish(id: string, set: Partial<OutboxRow>): Promise<void> {
    await this.db
      .createQueryBuilder()
      .update(OutboxRow)
      .set({ ...set, claimedBy: null, leaseUntil: null })
      .where('id = :id AND claimed_by = :me', { id, me: this.opts.name })
      .execute();
  }
}

/**
 * Puts dead rows of a topic back in line, from their first try: all of them, or only those
 * with these idempotency keys (a person retrying the ones they looked at). Returns how many.
 */
export async function requeueDead(db: DataSource | EntityManager, topic: string, keys?: readonly string[], now: Date = new Date()): Promise<number> {
  if (keys && !keys.length) return 0;
  const qb = db
    .createQueryBuilder()
    .update(OutboxRow)
    .set({ state: OutboxState.PENDING, attempts: 0, dueAt: wholeSeconds(now), claimedBy: null, leaseUntil: null })
    .where('topic = :topic AND state = :dead', { topic, dead: OutboxState.DEAD });
  if (keys) qb.andWhere('idem_key IN (:...keys)', { keys: [...keys] });
  const r = await qb.execute();
  return r.affected ?? 0;
}
