/**
 * The reading end of a change feed (feed.ts): a process that caches what another owns polls
 * "what changed after N" and drops what it is told of. Pure logic, no database: the gateway
 * imports it as `@lianxin/outbox/follower` without loading TypeORM.
 *
 * Everything cached is dropped (`dropAll`) when nothing can be known about what was missed:
 * - the first answer (a process starting has no cursor; whatever it cached before is unaccounted for);
 * - an overflow (more changed than one answer carries);
 * - a reset (the feed's head is behind our cursor: a restored backup, a recreated table);
 * - the feed could not be read for `staleMs`: `trusted()` turns false, and every call drops the
 *   caches again until a poll succeeds, so a caller reads through rather than trust old entries.
 */
export interface FeedChange {
  seq: number;
  kind: string;
  subject: string;
}

export interface FeedPage<C extends FeedChange = FeedChange> {
  /** The last seq committed; the next poll asks for changes after it. */
  head: number;
  /** After the cursor asked for, oldest first (empty on overflow). */
  changes: C[];
  /** More changed than one answer carries, or the cursor is ahead of the head: drop everything. */
  overflow: boolean;
}

export type DropReason = 'start' | 'overflow' | 'reset' | 'stale';

export interface FollowerOptions<C extends FeedChange> {
  /** For logs and metrics, e.g. `members` or `benefits`. */
  name: string;
  /** Reads the changes after `after` (null: only the head, for a follower starting). */
  read(after: number | null): Promise<FeedPage<C>>;
  /** Drops what these changes name (a known kind), in order. */
  apply(change: C): void;
  /** Drops everything cached from this feed; `reason` says why ('start': the first answer, nothing missed yet). */
  dropAll(reason: DropReason): void;
  /** 0: no polling (test graphs); nothing is dropped, and nothing is considered stale either. */
  pollMs: number;
  /** How long the feed may be unreadable before nothing cached is trusted; default max(10 s, 10 polls). */
  staleMs?: number;
  log?: { warn(obj: unknown, msg: string): void };
  now?: () => number;
}

export class FeedFollower<C extends FeedChange = FeedChange> {
  private cursorAt: number | null = null;
  private lastPolledAt: number;
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private readonly staleMs: number;
  /** Counts for /metrics: whole drops by reason, and changes applied one by one. */
  readonly stats = { polls: 0, failures: 0, applied: 0, drops: { start: 0, overflow: 0, reset: 0, stale: 0 } };

  constructor(private readonly opts: FollowerOptions<C>) {
    this.lastPolledAt = this.now();
    this.staleMs = opts.staleMs ?? Math.max(10_000, opts.pollMs * 10);
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  get name(): string {
    return this.opts.name;
  }

  /** The last head seen (null before the first answer). */
  get cursor(): number | null {
    return this.cursorAt;
  }

  /** Seconds since the feed last answered (for /metrics: the follower's lag bound). */
  get pollAgeSeconds(): number {
    return (this.now() - this.lastPolledAt) / 1000;
  }

  get enabled(): boolean {
    return this.opts.pollMs > 0;
  }

  start(): void {
    if (!this.enabled) return;
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.opts.pollMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One poll; concurrent calls share it. Never throws: an unreadable feed is logged and counted. */
  poll(): Promise<void> {
    return (this.polling ??= this.pollOnce().finally(() => (this.polling = undefined)));
  }

  private async pollOnce(): Promise<void> {
    let page: FeedPage<C>;
    try {
      page = await this.opts.read(this.cursorAt);
    } catch (err) {
      this.stats.failures++;
      this.opts.log?.warn({ err, feed: this.opts.name }, 'change feed unavailable');
      return;
    }
    this.stats.polls++;
    const reset = this.cursorAt !== null && page.head < this.cursorAt;
    if (this.cursorAt === null || page.overflow || reset) {
      const reason: DropReason = this.cursorAt === null ? 'start' : reset ? 'reset' : 'overflow';
      this.stats.drops[reason]++;
      this.opts.dropAll(reason);
    } else {
      for (const c of page.changes) {
        this.opts.apply(c);
        this.stats.applied++;
      }
    }
    this.cursorAt = page.head;
    this.lastPolledAt = this.now();
  }

  /**
   * Whether entries cached from this feed may be used now. False (after dropping them) while
   * the feed has not answered for `staleMs`: a change might have been missed. Always true
   * when polling is off.
   */
  trusted(): boolean {
    if (!this.enabled || this.now() - this.lastPolledAt <= this.staleMs) return true;
    this.stats.drops.stale++;
    this.opts.dropAll('stale');
    return false;
  }
}
