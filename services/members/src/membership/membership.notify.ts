import type { EntityManager } from 'typeorm';
import { notifyWorker, NotificationTemplate } from '@lianxin/members-client';
import { OrgRow } from '../org/org.entity';
import { TransferStatus, type JoinApplicationRow, type TransferRow } from './membership.entity';

/**
 * Members' own events for the worker go through its outbox like everyone else's (the
 * notification module files them after commit): the writer only enqueues, in its transaction.
 */

/** The name of a union, as the worker reads it in the text. */
const orgName = async (em: EntityManager, id: string): Promise<string> => (await em.findOne(OrgRow, { where: { id }, select: { id: true, name: true } }))?.name ?? '工会';

/** A join application decided, in the reviewer's transaction: the new member, or the applicant (no account yet), hears of it. */
export async function notifyJoinDecided(em: EntityManager, app: Pick<JoinApplicationRow, 'id' | 'orgId'>, outcome: { memberId: string } | { reason: string }, at: Date): Promise<void> {
  const org = await orgName(em, app.orgId);
  await notifyWorker(
    em,
    'memberId' in outcome
      ? { key: `join:${app.id}:approved`, memberId: outcome.memberId, template: NotificationTemplate.JOIN_APPROVED, params: { org }, at }
      : { key: `join:${app.id}:rejected`, memberId: null, applicationId: app.id, template: NotificationTemplate.JOIN_REJECTED, params: { org, reason: outcome.reason }, at },
  );
}

/** A transfer accepted or returned, in the decider's transaction. */
export async function notifyTransferDecided(em: EntityManager, t: Pick<TransferRow, 'id' | 'memberId' | 'toOrgId'> & { status: TransferStatus; returnReason?: string | null }, at: Date): Promise<void> {
  const org = await orgName(em, t.toOrgId);
  await notifyWorker(
    em,
    t.status === TransferStatus.ACCEPTED
      ? { key: `transfer:${t.id}:accepted`, memberId: t.memberId, template: NotificationTemplate.TRANSFER_ACCEPTED, params: { org }, at }
      : { key: `transfer:${t.id}:returned`, memberId: t.memberId, template: NotificationTemplate.TRANSFER_RETURNED, params: { org, reason: t.returnReason ?? '未说明' }, at },
  );
}
