import { Arg, Args, Ctx, Directive, FieldResolver, ID, Int, Mutation, Resolver, Root, Query } from 'type-graphql';
import { pathIds } from '@lianxin/auth';
import { DeliverNotificationArgs } from '@lianxin/members-client';
import { Access, System, unscoped, type Page, type SubgraphContext } from '@lianxin/subgraph';
import type { MemberRow } from '../member/member.entity';
import { memberById } from '../member/member.loader';
import { Member } from '../member/member.types';
import type { OrgRow } from '../org/org.entity';
import { orgById } from '../org/org.loader';
import { Org } from '../org/org.types';
import type { NotificationRow } from './notification.entity';
import * as notifications from './notification.service';
import { DeadLettersArgs, Notification, NotificationConnection, NotificationDeadLetter, NotificationDeadLetterConnection, NotificationsArgs } from './notification.types';

const asNotification = (n: NotificationRow): Notification => ({ id: n.id, template: n.template, ...notifications.textOf(n), createdAt: n.createdAt, readAt: n.readAt });

const asDeadLetter = (l: notifications.DeadLetter): NotificationDeadLetter => ({
  id: l.row.id,
  template: l.row.template,
  title: notifications.textOf(l.row).title,
  memberId: l.row.memberId,
  orgId: pathIds(l.row.orgPath).at(-1)!,
  createdAt: l.row.createdAt,
  attempts: l.attempts,
  lastError: l.lastError,
});

const mapPage = <A, B>(page: Page<A>, f: (a: A) => B): Page<B> => ({ ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: f(e.node) })) });

/** The worker's feed hangs off `me`: `Member.notifications` answers only the member themself. */
@Resolver(() => Member)
export class MemberNotificationResolver {
  @FieldResolver(() => NotificationConnection, { nullable: true, description: 'Your notifications, newest first; null for anyone but the member themself' })
  async notifications(@Root() m: MemberRow, @Ctx() ctx: SubgraphContext, @Args(() => NotificationsArgs) args: NotificationsArgs): Promise<NotificationConnection | null> {
    const page = await notifications.notificationsOf(ctx, m.id, args);
    return page && mapPage(page, asNotification);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'How many of your notifications are unread; null for anyone but the member themself' })
  unreadNotifications(@Root() m: MemberRow, @Ctx() ctx: SubgraphContext): Promise<number | null> {
    return notifications.unreadCountOf(ctx, m.id);
  }
}

@Resolver(() => NotificationDeadLetter)
export class NotificationResolver {
  @Mutation(() => Int, { nullable: true, description: 'Mark your notifications read: these ids, or all of them when ids is left out. Returns how many stay unread' })
  @Access('member')
  markNotificationsRead(
    @Ctx() ctx: SubgraphContext,
    @Arg('ids', () => [ID], { nullable: true, description: 'Which notifications (yours); leave out to mark all read' }) ids?: string[] | null,
  ): Promise<number> {
    return notifications.markNotificationsRead(ctx, ids);
  }

  @Query(() => NotificationDeadLetterConnection, { nullable: true, description: 'Notifications to workers in your scope that SMS or WeChat could not deliver after the last try' })
  @Access('staff', 'admin')
  async notificationDeadLetters(@Ctx() ctx: SubgraphContext, @Args(() => DeadLettersArgs) args: DeadLettersArgs): Promise<NotificationDeadLetterConnection> {
    return mapPage(await notifications.deadLetters(ctx, args), asDeadLetter);
  }

  @Mutation(() => Int, { nullable: true, description: 'Send these dead letters (in your scope) again, from their first try. Returns how many were put back in line' })
  @Access('staff', 'admin')
  retryNotifications(@Ctx() ctx: SubgraphContext, @Arg('ids', () => [ID], { description: 'Dead letters from notificationDeadLetters' }) ids: string[]): Promise<number> {
    return notifications.retryNotifications(ctx, ids);
  }

  @Mutation(() => Boolean, { nullable: true, description: 'Internal: file a notification from cases or benefits; false when its key was filed before' })
  @Directive('@inaccessible')
  @System()
  _deliverNotification(@Ctx() ctx: SubgraphContext, @Args(() => DeliverNotificationArgs) n: DeliverNotificationArgs): Promise<boolean> {
    return notifications.receiveNotification(unscoped(ctx, 'system: members files a notification for whichever worker the event names'), n);
  }

  @FieldResolver(() => Member, { nullable: true, description: 'The member it was for, when in your scope' })
  member(@Root() l: NotificationDeadLetter, @Ctx() ctx: SubgraphContext): Promise<MemberRow | null> | null {
    return l.memberId ? memberById(ctx).load(l.memberId) : null;
  }

  @FieldResolver(() => Org, { nullable: true, description: 'The worker\'s union' })
  org(@Root() l: NotificationDeadLetter, @Ctx() ctx: SubgraphContext): Promise<OrgRow | null> {
    return orgById(ctx).load(l.orgId);
  }
}
