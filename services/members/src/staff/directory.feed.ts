import type { EntityManager } from 'typeorm';
import { unscoped, type SubgraphContext } from '@lianxin/subgraph';
import { DirectoryChangeRow, DirectoryHeadRow } from './staff.entity';
import { DirectoryChangeKind } from './staff.enums';

/** How many changes one poll may carry; a gateway further behind drops its whole cache instead. */
export const FEED_PAGE = 500;

/**
 * Appends a change in the writer's own transaction. The head row's update takes its row lock
 * until commit, so two writers get their numbers in commit order: no reader can see seq N+1
 * before N is visible, and a reader's "after N" never skips a late commit.
 */
export async function recordChange(em: EntityManager, kind: DirectoryChangeKind, subject: string, at: Date): Promise<number> {
  await em.createQueryBuilder().update(DirectoryHeadRow).set({ seq: () => 'seq + 1' }).where('id = 1').execute();
  const head = await em.getRepository(DirectoryHeadRow).findOneByOrFail({ id: 1 });
  await em.insert(DirectoryChangeRow, { seq: head.seq, kind, subject, at });
  return head.seq;
}

export interface DirectoryChanges {
  head: number;
  changes: DirectoryChangeRow[];
  /** More changed than one answer carries: drop everything cached and continue from head. */
  overflow: boolean;
}

/**
 * For the gateway (system role): what changed after `after`, oldest first, and the head to ask
 * from next. Without `after` (a gateway starting up), only the head. One primary-key range read.
 */
export async function directoryChanges(ctx: SubgraphContext, after: number | null | undefined): Promise<DirectoryChanges> {
  const data = unscoped(ctx, 'system feed: the gateway drops cached sign-ins the directory changed');
  const { seq: head } = await data.getRepository(DirectoryHeadRow).findOneByOrFail({ id: 1 });
  if (after === null || after === undefined || after === head) return { head, changes: [], overflow: false };
  // Ahead of the head: the feed was reset (a restored backup), so nothing cached can be trusted.
  if (after > head) return { head, changes: [], overflow: true };
  const changes = await data
    .getRepository(DirectoryChangeRow)
    .createQueryBuilder('c')
    .where('c.seq > :after AND c.seq <= :head', { after, head })
    .orderBy('c.seq')
    .limit(FEED_PAGE + 1)
    .getMany();
  if (changes.length > FEED_PAGE) return { head, changes: [], overflow: true };
  return { head, changes, overflow: false };
}
