import { GraphQLError } from 'graphql';
import { HeaderMap } from '@apollo/server';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Caller } from '@lianxin/auth';

/** Requests per clock minute, per caller, for each kind of caller. */
export interface RateBudgets {
  anonymous: number;
  member: number;
  staff: number;
  partner: number;
  admin: number;
}

const WINDOW_MS = 60_000;

/** Counts hits per key in fixed windows; `hit` returns the count including this one. */
export interface RateStore {
  hit(key: string, windowEndsAt: number): Promise<number>;
  close?(): Promise<void>;
}

/** One process's own counts: right for a single gateway, and the fallback when Redis does not answer. */
export class MemoryRateStore implements RateStore {
  private counts = new Map<string, { n: number; endsAt: number }>();

  async hit(key: string, windowEndsAt: number): Promise<number> {
    const now = windowEndsAt - WINDOW_MS;
    // Dropping ended windows now and then keeps the map as large as one minute's callers.
    if (this.counts.size > 10_000) for (const [k, v] of this.counts) if (v.endsAt <= now) this.counts.delete(k);
    const entry = this.counts.get(key);
    if (entry && entry.endsAt === windowEndsAt) return ++entry.n;
    this.counts.set(key, { n: 1, endsAt: windowEndsAt });
    return 1;
  }
}

/**
 * Counts kept in Redis, so every gateway replica draws on one budget per caller. The key
 * names its window, and expires a little after the window ends: no sweeping, no clock
 * shared between replicas beyond the wall clock.
 */
export class RedisRateStore implements RateStore {
  constructor(private readonly redis: Redis) {}

  async hit(key: string, windowEndsAt: number): Promise<number> {
    const redisKey = `lianxin:rate:${key}:${windowEndsAt}`;
    const result = await this.redis.multi().incr(redisKey).pexpireat(redisKey, windowEndsAt + 5_000).exec();
    const [err, count] = result?.[0] ?? [new Error('no reply from redis'), null];
    if (err) throw err;
    return Number(count);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Connects to REDIS_URL: fails fast rather than queueing, so a Redis outage never holds a request. */
export async function redisRateStore(url: string): Promise<RedisRateStore> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000, lazyConnect: true });
  redis.on('error', () => undefined); // reported per request by the limiter, which falls back
  await redis.connect().catch(() => undefined); // not up yet: it keeps retrying, requests fall back meanwhile
  return new RedisRateStore(redis);
}

/** Whom a budget belongs to: the partner (all its keys and tokens), the staff account, the member, the address. */
export function rateKeyOf(caller: Caller, address: string): { role: keyof RateBudgets; id: string } {
  switch (caller.role) {
    case 'partner':
      return { role: 'partner', id: caller.partnerId ?? caller.sub };
    case 'member':
      return { role: 'member', id: caller.memberId ?? caller.sub };
    case 'staff':
    case 'admin':
      return { role: caller.role, id: caller.sub };
    default:
      return { role: 'anonymous', id: address };
  }
}

/**
 * A budget of requests per clock minute for each caller, by role (RATE_LIMIT_* settings).
 * Over it, the request is refused with 429 RATE_LIMITED and a Retry-After of the seconds
 * left in the minute. Anonymous callers are limited by address: the public QR join answers
 * DUPLICATE for an ID number already in use, so unlimited calls would let anyone test who
 * is a member.
 *
 * With Redis the count is shared by every replica. If Redis fails, this process counts on
 * its own until it answers again: a limiter that refused everything would take the whole
 * graph down with the cache.
 */
export class RateLimiter {
  private readonly local = new MemoryRateStore();
  private lastWarning = 0;

  constructor(
    private readonly budgets: RateBudgets,
    private readonly store: RateStore = new MemoryRateStore(),
    private readonly log?: Logger,
  ) {}

  async check(caller: Caller, address: string, now = Date.now()): Promise<void> {
    const { role, id } = rateKeyOf(caller, address);
    const windowEndsAt = Math.floor(now / WINDOW_MS) * WINDOW_MS + WINDOW_MS;
    const key = `${role}:${id}`;
    let count: number;
    try {
      count = await this.store.hit(key, windowEndsAt);
    } catch (err) {
      if (now - this.lastWarning > WINDOW_MS) {
        this.lastWarning = now;
        this.log?.warn({ err }, 'rate limit store unavailable; counting in this process until it answers');
      }
      count = await this.local.hit(key, windowEndsAt);
    }
    if (count <= this.budgets[role]) return;
    const wait = Math.max(1, Math.ceil((windowEndsAt - now) / 1000));
    const who = role === 'anonymous' ? 'without a token from your address' : role === 'partner' ? 'from your partner account' : 'from your account';
    // Apollo reads a HeaderMap here (graphql-yoga's typings, pulled in by GraphiQL, claim a plain object).
    const http = { status: 429, headers: new HeaderMap([['retry-after', String(wait)]]) as never };
    throw new GraphQLError(`Too many requests ${who}; wait ${wait} seconds and try again.`, { extensions: { code: 'RATE_LIMITED', retryAfterSeconds: wait, http } });
  }

  async close(): Promise<void> {
    await this.store.close?.();
  }
}
