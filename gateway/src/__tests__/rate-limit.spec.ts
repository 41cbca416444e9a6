import { GraphQLError } from 'graphql';
import { Redis } from 'ioredis';
import { ANONYMOUS, type Caller } from '@lianxin/auth';
import { MemoryRateStore, RateLimiter, RedisRateStore, type RateBudgets, type RateStore } from '../rate-limit';

const MINUTE = 60_000;
const budgets: RateBudgets = { anonymous: 60, member: 3, staff: 5, partner: 2, admin: 8 };
const refusal = async (fn: () => Promise<void>): Promise<GraphQLError | undefined> => {
  try {
    await fn();
    return undefined;
  } catch (err) {
    return err as GraphQLError;
  }
};
const staff = (sub: string): Caller => ({ sub, role: 'staff', orgId: '01HXAAAAAAAAAAAAAAAAAAAAAA', perms: [] });
const partner = (sub: string, partnerId: string): Caller => ({ sub, role: 'partner', partnerId, perms: [] });

describe('RateLimiter: a budget per caller per clock minute, by role', () => {
  const start = 1_800_000_000_000 - (1_800_000_000_000 % MINUTE); // the first millisecond of a minute

  test('the 61st anonymous request from an address in a minute is refused, with 429, Retry-After and how long to wait; other addresses are not', async () => {
    const sut = new RateLimiter(budgets);
    for (let i = 0; i < 60; i++) expect(await refusal(() => sut.check(ANONYMOUS, '10.0.0.1', start + i * 100))).toBeUndefined();
    const err = await refusal(() => sut.check(ANONYMOUS, '10.0.0.1', start + 30_000));
    expect(err?.extensions?.code).toBe('RATE_LIMITED');
    expect(err?.extensions?.retryAfterSeconds).toBe(30);
    const http = err?.extensions?.http as unknown as { status: number; headers: Map<string, string> };
    expect(http.status).toBe(429);
    expect(http.headers.get('retry-after')).toBe('30');
    expect(err?.message).toBe('Too many requests without a token from your address; wait 30 seconds and try again.');
    expect(await refusal(() => sut.check(ANONYMOUS, '10.0.0.2', start + 30_000))).toBeUndefined();
  });

  test('each role has its own budget; a partner is one budget across its keys and tokens, whatever address it calls from', async () => {
    const sut = new RateLimiter(budgets);
    await sut.check(partner('key-a', 'P1'), '10.0.0.1', start);
    await sut.check(partner('key-b', 'P1'), '10.0.0.2', start + 1);
    const err = await refusal(() => sut.check(partner('token', 'P1'), '10.0.0.3', start + 2));
    expect(err?.extensions?.code).toBe('RATE_LIMITED');
    expect(err?.message).toMatch(/from your partner account; wait 60 seconds/);
    expect(await refusal(() => sut.check(partner('key-c', 'P2'), '10.0.0.1', start + 3))).toBeUndefined();
    // Staff get five, each account its own.
    for (let i = 0; i < 5; i++) await sut.check(staff('s1'), '10.0.0.1', start + 10 + i);
    expect((await refusal(() => sut.check(staff('s1'), '10.0.0.1', start + 20)))?.extensions?.code).toBe('RATE_LIMITED');
    expect(await refusal(() => sut.check(staff('s2'), '10.0.0.1', start + 20))).toBeUndefined();
  });

  test('the next minute starts a fresh budget', async () => {
    const sut = new RateLimiter({ ...budgets, member: 2 });
    const member: Caller = { sub: 'm', role: 'member', memberId: 'M1', perms: [] };
    await sut.check(member, 'a', start);
    await sut.check(member, 'a', start + 1);
    expect((await refusal(() => sut.check(member, 'a', start + MINUTE - 1)))?.extensions?.retryAfterSeconds).toBe(1);
    expect(await refusal(() => sut.check(member, 'a', start + MINUTE))).toBeUndefined();
    expect(await refusal(() => sut.check(member, 'a', start + MINUTE + 1))).toBeUndefined();
    expect((await refusal(() => sut.check(member, 'a', start + MINUTE + 2)))?.extensions?.code).toBe('RATE_LIMITED');
  });

  test('a store that fails does not refuse everyone: this process counts on its own until it answers', async () => {
    const broken: RateStore = { hit: () => Promise.reject(new Error('connection refused')) };
    const sut = new RateLimiter({ ...budgets, staff: 2 }, broken);
    await sut.check(staff('s1'), 'a', start);
    await sut.check(staff('s1'), 'a', start + 1);
    expect((await refusal(() => sut.check(staff('s1'), 'a', start + 2)))?.extensions?.code).toBe('RATE_LIMITED');
  });
});

describe('RedisRateStore (Redis at REDIS_URL, default 127.0.0.1:6379)', () => {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  let a: Redis;
  let b: Redis;
  beforeAll(() => {
    a = new Redis(url);
    b = new Redis(url);
  });
  afterAll(async () => {
    await a.quit();
    await b.quit();
  });

  test('two limiters on two connections draw on one budget, and the key expires after its window', async () => {
    const now = Date.now();
    const who = staff(`spec-${process.pid}-${now}`);
    const one = new RateLimiter({ ...budgets, staff: 3 }, new RedisRateStore(a));
    const two = new RateLimiter({ ...budgets, staff: 3 }, new RedisRateStore(b));
    await one.check(who, 'x', now);
    await two.check(who, 'x', now);
    await one.check(who, 'x', now);
    expect((await refusal(() => two.check(who, 'x', now)))?.extensions?.code).toBe('RATE_LIMITED');
    const windowEndsAt = Math.floor(now / MINUTE) * MINUTE + MINUTE;
    const ttl = await a.pttl(`lianxin:rate:staff:${who.sub}:${windowEndsAt}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(MINUTE + 5_000);
  });

  test('the in-process store counts alone (what one gateway without REDIS_URL does)', async () => {
    const sut = new MemoryRateStore();
    expect(await sut.hit('k', 1)).toBe(1);
    expect(await sut.hit('k', 1)).toBe(2);
    expect(await sut.hit('k', 2)).toBe(1);
  });
});
