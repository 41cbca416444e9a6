import pino from 'pino';
import { Entity, type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { testDatabases } from '@lianxin/jest-config/databases';
import { openDatabase } from '@lianxin/subgraph';
import { appendChange, createFeedTables, dropFeedTables, FEED_PAGE, FeedChangeRow, FeedFollower, FeedHeadRow, readChanges, type ChangeFeed, type FeedPage } from '../index';

@Entity('t_feed_change')
class TestChangeRow extends FeedChangeRow {}

@Entity('t_feed_head')
class TestHeadRow extends FeedHeadRow {}

const TABLES = { head: 't_feed_head', change: 't_feed_change' };
const FEED: ChangeFeed = { head: TestHeadRow, change: TestChangeRow };

class CreateFeed1700000000000 implements MigrationInterface {
  name = 'CreateFeed1700000000000';
  up = (qr: QueryRunner) => createFeedTables(qr, TABLES);
  down = (qr: QueryRunner) => dropFeedTables(qr, TABLES);
}

const log = pino({ level: 'silent' });
const engines = testDatabases('feed', (o) =>
  openDatabase({ url: o.databaseUrl, dataDir: o.dataDir, database: o.database, service: 'feed', entities: [TestChangeRow, TestHeadRow], migrations: [CreateFeed1700000000000], log }),
);

describe.each(engines.map((e) => [e.name, e] as const))('a change feed on %s', (_name, engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await engine.open());
  });
  afterAll(() => close());
  beforeEach(async () => {
    await db.getRepository(TestChangeRow).clear();
    await db.getRepository(TestHeadRow).update({ id: 1 }, { seq: 0 });
  });

  const append = (kind: string, subject: string) => db.transaction((tx) => appendChange(tx, FEED, kind, subject));

  test('a change is written with its transaction, numbered in order; a rollback leaves none and uses no number', async () => {
    await expect(
      db.transaction(async (tx) => {
        await appendChange(tx, FEED, 'KEY', 'rolled-back');
        throw new Error('the writer failed after appending');
      }),
    ).rejects.toThrow('the writer failed');
    await expect(appendChange(db.manager, FEED, 'KEY', 'outside')).rejects.toThrow(/inside the writer's transaction/);
    expect(await append('KEY', 'a')).toBe(1);
    expect(await append('PARTNER', 'b')).toBe(2);
    expect((await readChanges(db.manager, FEED, 0)).changes.map((c) => [c.seq, c.kind, c.subject])).toEqual([
      [1, 'KEY', 'a'],
      [2, 'PARTNER', 'b'],
    ]);
  });

  test('concurrent writers get distinct numbers without gaps', async () => {
    const seqs = await Promise.all(Array.from({ length: 12 }, (_, i) => append('KEY', `w${i}`)));
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect((await readChanges(db.manager, FEED, 0)).changes.map((c) => c.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  test('read after N: only the head without a cursor, the changes after it, nothing at the head; overflow past a page, and for a cursor ahead of the head', async () => {
    for (let i = 0; i < 5; i++) await append('KEY', `k${i}`);
    expect(await readChanges(db.manager, FEED, null)).toEqual({ head: 5, changes: [], overflow: false });
    expect((await readChanges(db.manager, FEED, 3)).changes.map((c) => c.subject)).toEqual(['k3', 'k4']);
    expect(await readChanges(db.manager, FEED, 5)).toEqual({ head: 5, changes: [], overflow: false });
    expect(await readChanges(db.manager, FEED, 9)).toEqual({ head: 5, changes: [], overflow: true });
    expect(await readChanges(db.manager, FEED, 0, 4)).toEqual({ head: 5, changes: [], overflow: true });
    expect((await readChanges(db.manager, FEED, 1, 4)).changes).toHaveLength(4);
    expect(FEED_PAGE).toBe(500);
  });

  test('a follower over the real feed drops what it is told of, and everything after a reset', async () => {
    const cache = new Map<string, string>();
    const dropped: string[] = [];
    const f = new FeedFollower({
      name: 'test',
      pollMs: 1000,
      read: (after) => readChanges(db.manager, FEED, after),
      apply: (c) => cache.delete(c.subject),
      dropAll: (reason) => {
        dropped.push(reason);
        cache.clear();
      },
    });
    await f.poll();
    cache.set('a', '1').set('b', '2');
    await append('KEY', 'a');
    await f.poll();
    expect([...cache.keys()]).toEqual(['b']);
    // A restored backup: the head goes back behind the follower's cursor.
    await db.getRepository(TestChangeRow).clear();
    await db.getRepository(TestHeadRow).update({ id: 1 }, { seq: 0 });
    await f.poll();
    expect(cache.size).toBe(0);
    expect(dropped).toEqual(['start', 'reset']);
    expect(f.cursor).toBe(0);
  });
});

describe('a feed follower', () => {
  /** A feed the test appends to, and can take down. */
  function fakeFeed() {
    const changes: { seq: number; kind: string; subject: string }[] = [];
    let down = false;
    let overflow = false;
    let headOverride: number | undefined;
    const read = async (after: number | null): Promise<FeedPage> => {
      if (down) throw new Error('feed down');
      const head = headOverride ?? changes.length;
      if (after === null || after === head) return { head, changes: [], overflow: false };
      if (overflow || after > head) return { head, changes: [], overflow: true };
      return { head, changes: changes.slice(after), overflow: false };
    };
    return {
      read,
      push: (kind: string, subject: string) => changes.push({ seq: changes.length + 1, kind, subject }),
      setDown: (d: boolean) => (down = d),
      setOverflow: (o: boolean) => (overflow = o),
      setHead: (h: number | undefined) => (headOverride = h),
    };
  }

  function follower(feed: ReturnType<typeof fakeFeed>, clock: { now: number }, pollMs = 1000) {
    const cache = new Map<string, number>();
    const drops: string[] = [];
    const f = new FeedFollower({
      name: 'fake',
      pollMs,
      staleMs: 5000,
      now: () => clock.now,
      read: feed.read,
      apply: (c) => (c.kind === 'ONE' ? cache.delete(c.subject) : cache.clear()),
      dropAll: (reason) => {
        drops.push(reason);
        cache.clear();
      },
    });
    const fill = () => ['a', 'b', 'c'].forEach((k, i) => cache.set(k, i));
    return { f, cache, drops, fill };
  }

  test('drops only the entries named, in order, and moves its cursor to the head', async () => {
    const feed = fakeFeed();
    const clock = { now: 0 };
    const { f, cache, fill, drops } = follower(feed, clock);
    await f.poll();
    fill();
    feed.push('ONE', 'a');
    feed.push('ONE', 'c');
    await f.poll();
    expect([...cache.keys()]).toEqual(['b']);
    expect(f.cursor).toBe(2);
    expect(drops).toEqual(['start']);
    expect(f.stats.applied).toBe(2);
  });

  test('an overflow drops everything, and so does a reset (the head behind the cursor)', async () => {
    const feed = fakeFeed();
    const clock = { now: 0 };
    const { f, cache, fill, drops } = follower(feed, clock);
    feed.push('ONE', 'x');
    await f.poll();
    fill();
    feed.push('ONE', 'zzz');
    feed.setOverflow(true);
    await f.poll();
    expect(cache.size).toBe(0);
    feed.setOverflow(false);
    fill();
    feed.setHead(0);
    await f.poll();
    expect(cache.size).toBe(0);
    expect(drops).toEqual(['start', 'overflow', 'reset']);
    expect(f.cursor).toBe(0);
  });

  test('a feed unreadable for longer than staleMs is not trusted: everything is dropped until it answers again', async () => {
    const feed = fakeFeed();
    const clock = { now: 0 };
    const { f, cache, fill, drops } = follower(feed, clock);
    await f.poll();
    fill();
    feed.setDown(true);
    clock.now += 4000;
    await f.poll();
    expect(f.trusted()).toBe(true);
    expect(cache.size).toBe(3);
    clock.now += 2000;
    expect(f.trusted()).toBe(false);
    expect(cache.size).toBe(0);
    expect(f.stats.failures).toBe(1);
    feed.setDown(false);
    await f.poll();
    expect(f.trusted()).toBe(true);
    expect(drops).toEqual(['start', 'stale']);
  });

  test('with polling off nothing is dropped and nothing goes stale', async () => {
    const feed = fakeFeed();
    const clock = { now: 0 };
    const { f, cache, fill, drops } = follower(feed, clock, 0);
    f.start();
    fill();
    clock.now += 3_600_000;
    expect(f.trusted()).toBe(true);
    expect(cache.size).toBe(3);
    expect(drops).toEqual([]);
    expect(f.enabled).toBe(false);
  });
});
