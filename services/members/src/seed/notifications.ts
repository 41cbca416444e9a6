import type { EntityManager } from 'typeorm';
import { newId } from '@lianxin/auth';
import { NotificationTemplate } from '@lianxin/members-client';
import { cityOf, insertRows } from '@lianxin/subgraph';
import type { OrgRow } from '../org/org.entity';
import type { MemberRow } from '../member/member.entity';
import { NotificationRow } from '../notification/notification.entity';

/**
 * Demo notifications: the first member of each enterprise (the one the demo sign-in offers)
 * finds the welcome of their union unread behind the bell. Only what is true of the seeded
 * data: they are a member of that union. Other events notify as they happen.
 */
export async function seedNotifications(em: EntityManager, orgs: readonly OrgRow[], firstMembers: readonly Pick<MemberRow, 'id' | 'orgId' | 'orgPath' | 'createdAt'>[]): Promise<number> {
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  const rows = firstMembers.map((m) =>
    Object.assign(new NotificationRow(), {
      id: newId(m.createdAt.getTime()),
      key: `join:seed:${m.id}`,
      memberId: m.id,
      applicationId: null,
      orgPath: m.orgPath,
      city: cityOf(m.orgPath),
      template: NotificationTemplate.JOIN_APPROVED,
      params: JSON.stringify({ org: names.get(m.orgId) ?? '工会' }),
      createdAt: m.createdAt,
      readAt: null,
    }),
  );
  await insertRows(em, NotificationRow, rows);
  return rows.length;
}
