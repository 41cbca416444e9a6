import { readInt, type Env } from '@lianxin/config';
import { ContentionError, retryHintMs } from './errors';
import { classifyContention } from './engine-errors';

export { classifyContention, type Contention } from './engine-errors';
export { ContentionError, retryHintMs } from './errors';

/**
 * Contention: the engine refused a transaction because another one got there first (a
 * deadlock victim, a lock wait that ran out, a Galera certification failure, a TiDB write
 * conflict), or the node is not ready to take writes. The engine rolled the transaction back
 * whole, so running it again is safe; what the caller must never see is the driver's error as
 * INTERNAL_SERVER_ERROR, nor a request that retries past the gateway's subgraph timeout.
 *
 * The writers that meet contention (claims, redemptions, cancels, case transitions and
 * accepts, member transfers, allocations, aid and care spends, the sweeps and feeds) run
 * through `withContentionRetry`: jittered exponential backoff within a time budget
 * (`DB_RETRY_BUDGET_MS`), then `CONFLICT` (or `SERVICE_UNAVAILABLE` for a node that is not
 * ready) with `extensions.retryAfterMs`. `formatError` answers a contention error escaping
 * any other writer the same way, without the retry.
 */

export interface ContentionSettings {
  /** How long one writer may keep retrying, from its first attempt (DB_RETRY_BUDGET_MS). */
  budgetMs: number;
  /** The first backoff's ceiling; each retry doubles it up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** innodb_lock_wait_timeout of every pooled MariaDB connection (DB_LOCK_WAIT_SECONDS): one wait must fit the budget, not take the server's 50 s. */
  lockWaitSeconds: number;
}

/**
 * Reads the settings, adding a problem per bad value (loadServiceConfig reports them at start).
 * The last attempt may start just inside the budget and then wait one lock wait, so a write
 * answers within about budget + lock wait: the defaults (2 s + 2 s) stay inside the gateway's
 * 5 s subgraph timeout (SUBGRAPH_TIMEOUT_MS), past which the client sees SUBGRAPH_UNAVAILABLE
 * instead of the hint. 4.5 s is only an upper bound; a budget near it needs a 1 s lock wait.
 */
export function readContentionSettings(env: Env, problems: string[]): ContentionSettings {
  return {
    budgetMs: readInt(env, 'DB_RETRY_BUDGET_MS', 2000, 0, 4500, problems),
    baseDelayMs: 10,
    maxDelayMs: 250,
    lockWaitSeconds: readInt(env, 'DB_LOCK_WAIT_SECONDS', 2, 1, 50, problems),
  };
}

/** The process's settings, from its environment (a bad value falls back to the default here; the service refuses to start on it first). */
export const contention: ContentionSettings = readContentionSettings(process.env, []);

/** Counts for tests and the bench (each process its own): retries made, and writers that ran out of budget. */
export const contentionStats = { retries: 0, exhausted: 0 };

export interface RetryOptions {
  budgetMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Injected by the unit tests: no timers, a clock they move. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const sleepFor = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Runs `fn` (a whole transaction) again while the engine refuses it for contention, with
 * "full jitter" exponential backoff (a random wait up to base·2^n, capped), for at most the
 * budget: no new attempt starts unless its wait still ends inside the budget. Then the caller
 * gets a ContentionError (CONFLICT or SERVICE_UNAVAILABLE, with retryAfterMs). Any other
 * error, domain refusals included, passes through at once.
 */
export async function withContentionRetry<T>(fn: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const budgetMs = opts.budgetMs ?? contention.budgetMs;
  const base = opts.baseDelayMs ?? contention.baseDelayMs;
  const cap = opts.maxDelayMs ?? contention.maxDelayMs;
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? sleepFor;
  const random = opts.random ?? Math.random;
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const kind = classifyContention(err);
      if (!kind) throw err;
      const delay = Math.round(random() * Math.min(cap, base * 2 ** (attempt - 1)));
      if (now() - started + delay >= budgetMs) {
        contentionStats.exhausted++;
        throw new ContentionError(kind, attempt, retryHintMs(kind, random));
      }
      contentionStats.retries++;
      await sleep(delay);
    }
  }
}
