import type { DataSource, EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { newId } from '@lianxin/auth';
import { isNotificationTemplate, renderNotification, type NotificationEvent, type NotificationTemplate } from '@lianxin/members-client';
import { enqueue, OutboxRow, requeueDead } from '@lianxin/outbox';
import { badInput, DomainError, decodeIdCursor, emptyPage, encodeIdCursor, ErrorCode, isUniqueViolation, pageOf, requireScope, unscoped, wholeSeconds, type Page, type SubgraphContext } from '@lianxin/subgraph';
import { MemberRow } from '../member/member.entity';
import { JoinApplicationRow } from '../membership/membership.entity';
import { NotificationRow } from './notification.entity';
import { feedQuery, staffQuery, unreadOf } from './notification.loader';
import type { DeadLettersArgs, NotificationsArgs } from './notification.types';

/** The webhook channel's outbox topic; its rows carry the notification's own key. */
export const WEBHOOK_TOPIC = 'notify.webhook';

/**
 * Databases whose notifications go out by webhook too (NOTIFY_WEBHOOK_URL set): per
 * database, so a test can run with and without. Without it no webhook row is written,
 * so none pile up for nobody.
 */
const webhooked = new WeakSet<DataSource>();
export const sendWebhooks = (db: DataSource): void => void webhooked.add(db);

/**
 * Files a notification in `em`'s transaction: the feed row and, when the webhook channel is
 * on, its outbox row, both or neither. A key filed before files nothing (false): this is
 * where the at-least-once hand-over from cases and benefits becomes exactly once. The
 * worker's union is read here (members owns it), so senders need not know it. An event for
 * a member or applicant that does not exist is dropped (false): retrying would not help.
 */
export async function fileNotification(em: EntityManager, event: NotificationEvent, params: Record<string, string> = event.params as unknown as Record<string, string>): Promise<boolean> {
  if (!em.queryRunner?.isTransactionActive) throw new Error('fileNotification() must run inside a transaction');
  if (await em.getRepository(NotificationRow).exists({ where: { key: event.key } })) return false;
  const orgPath = event.memberId
    ? (await em.findOne(MemberRow, { where: { id: event.memberId }, select: { id: true, orgPath: true } }))?.orgPath
    : event.applicationId
      ? (await em.findOne(JoinApplicationRow, { where: { id: event.applicationId }, select: { id: true, orgPath: true } }))?.orgPath
      : undefined;
  if (!orgPath) return false;
  const at = wholeSeconds(event.at);
  const row = Object.assign(new NotificationRow(), {
    // Minted when filed, not when the event happened: the feed lists in the order the worker was told.
    id: newId(),
    key: event.key,
    memberId: event.memberId,
    applicationId: event.memberId ? null : (event.applicationId ?? null),
    orgPath,
    template: event.template,
    params: JSON.stringify(params),
    createdAt: at,
    readAt: null,
  });
  await em.insert(NotificationRow, row);
  if (webhooked.has(em.connection)) await enqueue(em, { topic: WEBHOOK_TOPIC, key: event.key, payload: { notificationId: row.id } });
  return true;
}

/**
 * What `_deliverNotification` does with an event from cases or benefits: checks it names a
 * known template with flat string parameters, then files it in its own transaction. Two
 * deliveries of one key racing both pass the read; the unique key fails the second, which
 * then reads as "filed before".
 */
export async function receiveNotification(db: DataSource, input: { key: string; memberId: string | null; applicationId: string | null; template: string; params: string; at: Date }): Promise<boolean> {
  if (!isNotificationTemplate(input.template)) throw badInput('template', `"${input.template}" is not a notification template; add it to notification.templates.ts first`);
  let params: unknown;
  try {
    params = JSON.parse(input.params);
  } catch {
    throw badInput('params', 'is not JSON; send the template parameters as a JSON object of strings');
  }
  if (!params || typeof params !== 'object' || Array.isArray(params) || Object.values(params).some((v) => typeof v !== 'string')) {
    throw badInput('params', 'must be a JSON object of strings');
  }
  const event: NotificationEvent = { key: input.key, memberId: input.memberId, applicationId: input.applicationId, template: input.template, params: params as never, at: input.at };
  try {
    return await db.transaction((em) => fileNotification(em, event, params as Record<string, string>));
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/** What the feed and the dead letters show of a row: its text, rendered now from the template file. */
export const textOf = (n: Pick<NotificationRow, 'template' | 'params'>) => renderNotification(n.template as NotificationTemplate, JSON.parse(n.params) as Record<string, string>);

/** True only for the member themself: nobody else, staff and admins included, reads a worker's feed. */
const isSelf = (ctx: SubgraphContext, memberId: string): boolean => ctx.caller.role === 'member' && ctx.caller.memberId === memberId;

/** The member's own notifications, newest first (null for anyone else asking). */
export async function notificationsOf(ctx: SubgraphContext, memberId: string, args: NotificationsArgs): Promise<Page<NotificationRow> | null> {
  if (!isSelf(ctx, memberId)) return null;
  const qb = feedQuery(ctx).andWhere('n.memberId = :memberId', { memberId });
  if (args.unreadOnly) qb.andWhere('n.readAt IS NULL');
  if (args.after) qb.andWhere('n.id < :after', { after: decodeIdCursor(args.after) });
  const rows = await qb.orderBy('n.id', 'DESC').limit(args.first + 1).getMany();
  return pageOf(rows, args.first, (r) => encodeIdCursor(r.id));
}

export async function unreadCountOf(ctx: SubgraphContext, memberId: string): Promise<number | null> {
  return isSelf(ctx, memberId) ? unreadOf(ctx).load(memberId) : null;
}

/**
 * Marks the caller's own notifications read: these ids, or all when `ids` is absent. Ids
 * that are not the caller's change nothing (they are not visible through the feed scope).
 * Returns the unread count after.
 */
export async function markNotificationsRead(ctx: SubgraphContext, ids: readonly string[] | null | undefined, now: Date = new Date()): Promise<number> {
  const scope = requireScope(ctx);
  if (scope.kind !== 'self') throw new DomainError(ErrorCode.FORBIDDEN, 'Only the member a notification was sent to can mark it read.');
  if (ids && ids.length > 200) throw badInput('ids', 'mark at most 200 notifications at a time, or leave ids out to mark all');
  const unread = feedQuery(ctx).select('n.id', 'id').andWhere('n.readAt IS NULL');
  if (ids) {
    if (!ids.length) return unreadOf(ctx).load(scope.memberId);
    unread.andWhere('n.id IN (:...ids)', { ids: [...ids] });
  }
  const found = (await unread.getRawMany<{ id: string }>()).map((r) => r.id);
  if (found.length) await ctx.db.update(NotificationRow, 'n', { member: 'n.memberId' }, found, { readAt: wholeSeconds(now) });
  unreadOf(ctx).clear(scope.memberId);
  return unreadOf(ctx).load(scope.memberId);
}

export interface DeadLetter {
  row: NotificationRow;
  attempts: number;
  lastError: string | null;
}

/**
 * Notifications the webhook channel gave up on, for staff of the worker's union and above,
 * newest first. The worker still has each in the feed; this is the list of who was not
 * reached by SMS or WeChat and why (the receiver's last answer).
 */
export async function deadLetters(ctx: SubgraphContext, args: DeadLettersArgs): Promise<Page<DeadLetter>> {
  requireScope(ctx);
  const qb = staffQuery(ctx).innerJoin(OutboxRow, 'o', 'o.key = n.key AND o.topic = :topic AND o.state = :dead', { topic: WEBHOOK_TOPIC, dead: 'DEAD' });
  if (args.after) qb.andWhere('n.id < :after', { after: decodeIdCursor(args.after) });
  const rows = await qb.orderBy('n.id', 'DESC').limit(args.first + 1).getMany();
  if (!rows.length) return emptyPage();
  const outbox = await unscoped(ctx, 'the outbox rows of notifications the caller was just shown').getRepository(OutboxRow).find({ where: { topic: WEBHOOK_TOPIC, key: In(rows.map((r) => r.key)) } });
  const byKey = new Map(outbox.map((o) => [o.key, o]));
  const letters = rows.map((row) => ({ row, attempts: byKey.get(row.key)?.attempts ?? 0, lastError: byKey.get(row.key)?.lastError ?? null }));
  return pageOf(letters, args.first, (l) => encodeIdCursor(l.row.id));
}

/** Puts dead letters the caller can see back in line for the webhook; returns how many. */
export async function retryNotifications(ctx: SubgraphContext, ids: readonly string[]): Promise<number> {
  if (!ids.length) return 0;
  if (ids.length > 200) throw badInput('ids', 'retry at most 200 notifications at a time');
  const seen = await staffQuery(ctx).select('n.key', 'key').andWhere('n.id IN (:...ids)', { ids: [...ids] }).getRawMany<{ key: string }>();
  return requeueDead(unscoped(ctx, 'the outbox rows of notifications the caller can see'), WEBHOOK_TOPIC, seen.map((r) => r.key));
}
