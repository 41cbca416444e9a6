import type { EntityManager } from 'typeorm';
import { byKeys, defineLoader, type SubgraphContext } from '@lianxin/subgraph';
import { NotificationRow } from './notification.entity';

/**
 * Two ways to see a notification, and no third:
 * - the worker it is for (a member's `self` scope matches member_id): the feed;
 * - staff of the worker's union or above (the subtree scope matches org_path): only the
 *   dead letters, which say which template failed to go out, never through the feed.
 * Partners match neither column and see none.
 */
export const NOTIFICATION_FEED_SCOPE = { member: 'n.memberId' } as const;
export const NOTIFICATION_STAFF_SCOPE = { path: 'n.orgPath' } as const;

export const feedQuery = (ctx: SubgraphContext, em?: EntityManager) => ctx.db.read(NotificationRow, 'n', NOTIFICATION_FEED_SCOPE, em);
export const staffQuery = (ctx: SubgraphContext, em?: EntityManager) => ctx.db.read(NotificationRow, 'n', NOTIFICATION_STAFF_SCOPE, em);

/** A member's unread count, for `me { unreadNotifications }`; batched like every relation. */
export const unreadOf = defineLoader<string, number>((ctx) => async (memberIds) => {
  const rows = await feedQuery(ctx)
    .select('n.memberId', 'memberId')
    .addSelect('COUNT(*)', 'unread')
    .andWhere('n.memberId IN (:...memberIds) AND n.readAt IS NULL', { memberIds: [...memberIds] })
    .groupBy('n.memberId')
    .getRawMany<{ memberId: string; unread: string | number }>();
  const counts = byKeys(memberIds, rows, (r) => r.memberId);
  return counts.map((r) => Number(r?.unread ?? 0));
});
