import { Column, PrimaryColumn, Table, type EntityManager, type EntityTarget, type QueryRunner } from 'typeorm';
import { asciiColumn, engineOfDataSource } from '@lianxin/subgraph';
import type { FeedPage } from './follower';

/**
 * A change feed: the owner of some data tells every process caching it what changed, so each
 * drops exactly those entries within a poll instead of waiting out a TTL. Unlike the outbox
 * (one delivery per event, to one replica), a feed is read by any number of followers, each
 * keeping its own cursor; rows are tiny (a kind and a subject: which cache entry to drop) and
 * never say what the new value is, so a follower always reads the truth afresh.
 *
 * Two tables per feed, made with `createFeedTables()` in the owner's migration:
 * - `<head>`: one row (id 1) holding the last seq handed out;
 * - `<change>`: (seq, kind, subject, at), seq the primary key.
 * The service declares entities for them by extending FeedHeadRow and FeedChangeRow.
 *
 * Why a head row: a writer bumps it inside its own transaction (appendChange), so its row lock
 * orders writers until commit. seq N+1 cannot become visible before N, and a follower that
 * read up to N never skips a change committed late (an auto-increment would allow that).
 */
export abstract class FeedChangeRow {
  @PrimaryColumn({ type: 'int' })
  seq: number;

  /** What the subject is: the follower decides from it which cache to drop from. */
  @Column({ type: 'varchar', length: 16 })
  kind: string;

  /** Which entry: an id, a subject, a key hash. Never a value: followers read that afresh. */
  @Column({ type: 'varchar', length: 200 })
  subject: string;

  @Column({ type: 'datetime' })
  at: Date;
}

export abstract class FeedHeadRow {
  @PrimaryColumn({ type: 'int' })
  id: number;

  @Column({ type: 'int' })
  seq: number;
}

export interface ChangeFeed {
  head: EntityTarget<FeedHeadRow>;
  change: EntityTarget<FeedChangeRow>;
}

/** How many changes one answer may carry; a follower further behind is told to drop everything instead. */
export const FEED_PAGE = 500;

/**
 * Records a change in the writer's transaction (`tx`): it exists if and only if the change
 * commits. Returns its seq.
 */
export async function appendChange(tx: EntityManager, feed: ChangeFeed, kind: string, subject: string, at: Date = new Date()): Promise<number> {
  if (!tx.queryRunner?.isTransactionActive) throw new Error('appendChange() must run inside the writer\'s transaction');
  await tx.createQueryBuilder().update(feed.head).set({ seq: () => 'seq + 1' }).where('id = 1').execute();
  const { seq } = await tx.getRepository(feed.head).findOneByOrFail({ id: 1 });
  await tx.insert(feed.change, { seq, kind, subject, at: new Date(Math.floor(at.getTime() / 1000) * 1000) });
  return seq;
}

/**
 * What changed after `after`, oldest first, and the head to ask from next. Without `after`
 * (a follower starting) only the head; a cursor ahead of the head (the feed was reset) or more
 * than `page` changes behind is an overflow: the follower drops everything and continues from
 * head. One primary-key range read.
 */
export async function readChanges(em: EntityManager, feed: ChangeFeed, after: number | null | undefined, page = FEED_PAGE): Promise<FeedPage<FeedChangeRow>> {
  const { seq: head } = await em.getRepository(feed.head).findOneByOrFail({ id: 1 });
  if (after === null || after === undefined || after === head) return { head, changes: [], overflow: false };
  if (after > head) return { head, changes: [], overflow: true };
  const changes = await em
    .getRepository(feed.change)
    .createQueryBuilder('c')
    .where('c.seq > :after AND c.seq <= :head', { after, head })
    .orderBy('c.seq')
    .limit(page + 1)
    .getMany();
  if (changes.length > page) return { head, changes: [], overflow: true };
  return { head, changes, overflow: false };
}

/** Creates a feed's two tables (and the head row at 0); call it from the owner's migration. */
export async function createFeedTables(qr: QueryRunner, names: { head: string; change: string }): Promise<void> {
  const mysql = engineOfDataSource(qr.connection) === 'mysql';
  const ascii = asciiColumn(mysql ? 'mysql' : 'sqlite');
  // Subjects are compared exactly (identity providers' subjects are case-sensitive).
  const exact = mysql ? { charset: 'utf8mb4', collation: 'utf8mb4_bin' } : {};
  await qr.createTable(
    new Table({
      name: names.change,
      columns: [
        { name: 'seq', type: 'int', isPrimary: true },
        { name: 'kind', type: 'varchar', length: '16', ...ascii },
        { name: 'subject', type: 'varchar', length: '200', ...exact },
        { name: 'at', type: 'datetime' },
      ],
    }),
  );
  await qr.createTable(new Table({ name: names.head, columns: [{ name: 'id', type: 'int', isPrimary: true }, { name: 'seq', type: 'int' }] }));
  await qr.query(`INSERT INTO ${names.head} (id, seq) VALUES (1, 0)`);
}

export async function dropFeedTables(qr: QueryRunner, names: { head: string; change: string }): Promise<void> {
  await qr.dropTable(names.head);
  await qr.dropTable(names.change);
}
