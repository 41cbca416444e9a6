import type { EntityManager } from 'typeorm';
import { notifyTransferDecided } from './membership.notify';
import { assertTakesMembers } from '../org/org.open';
import { newId } from '@lianxin/auth';
import { badInput, cityOf, conflict, followParentCity, DomainError, ErrorCode, isUniqueViolation, notFound, type SubgraphContext, decodeTimeIdCursor, encodeTimeIdCursor, pageOf, type Page, withContentionRetry } from '@lianxin/subgraph';
import { OrgLevel, OrgRow } from '../org/org.entity';
import { MemberRow, MembershipStatus } from '../member/member.entity';
import { announceMemberChange } from '../member/member.feed';
import { DirectoryChangeKind, recordChange } from '../changes/changes.feed';
import { memberById } from '../member/member.loader';
import { joinTarget } from '../org/org.service';
import { statusEvent, toDateString, visibleMember } from '../member/member.service';
import { maskName } from '../member/member.validation';
import { MemberStatusEventRow, TransferRow, TransferStatus } from './membership.entity';
import { transferQuery } from './membership.loader';
import { TransferDirection, type RequestTransferArgs, type TransfersArgs } from './membership.types';
import { notEnterprise, reasonText } from './membership.validation';

/* Transfers (会籍接转): the sending union requests, the receiving union accepts or returns. */

const transferAlreadyOpen = (): DomainError =>
  new DomainError(ErrorCode.DUPLICATE, 'A transfer is already open for this member. Wait until the receiving union accepts or returns it.', { field: 'memberId' });

export async function requestTransfer(ctx: SubgraphContext, args: RequestTransferArgs): Promise<TransferRow> {
  const reason = reasonText('reason', args.reason);
  const now = new Date();
  try {
    const transfer = await withContentionRetry(() => ctx.db.transaction(async (em) => {
      const member = await visibleMember(ctx, args.memberId, em);
      if (member.status === MembershipStatus.TRANSFERRING) throw transferAlreadyOpen();
      if (member.status !== MembershipStatus.ACTIVE && member.status !== MembershipStatus.RETAINED) {
        throw new DomainError(ErrorCode.INVALID_STATE, `Only active or retained memberships can be transferred; this one is ${member.status}. Reactivate it first.`);
      }
      // Unscoped on purpose: the receiving org is usually outside the requester's subtree
      // (that is what a transfer is for). Only its existence and level are used here; the
      // requester sees the org itself later only if it is in their scope.
      const to = await em.getRepository(OrgRow).findOne({ where: { id: args.toOrgId } });
      if (!to) throw notFound('org', args.toOrgId);
      assertTakesMembers(to, 'toOrgId');
      if (to.level !== OrgLevel.ENTERPRISE) throw notEnterprise('toOrgId', to, 'Members transfer to');
      if (to.id === member.orgId) throw badInput('toOrgId', 'is the member\'s current union; give the union the member moves to');
      const row = Object.assign(new TransferRow(), {
        id: newId(now.getTime()),
        memberId: member.id,
        memberName: maskName(member.name),
        fromOrgId: member.orgId,
        fromPath: member.orgPath,
        toOrgId: to.id,
        toPath: to.path,
        status: TransferStatus.REQUESTED,
        openKey: member.id,
        reason,
        returnReason: null,
        requestedBy: ctx.caller.sub,
        requestedAt: now,
        decidedBy: null,
        decidedAt: null,
      });
      // Insert first: under concurrency uq_transfer_open answers DUPLICATE, the clearer error.
      await em.insert(TransferRow, row);
      const result = await em
        .createQueryBuilder()
        .update(MemberRow)
        .set({ status: MembershipStatus.TRANSFERRING, version: () => 'version + 1' })
        .where('id = :id AND version = :v', { id: member.id, v: member.version })
        .execute();
      if (result.affected !== 1) throw conflict('member');
      const moving = Object.assign(new MemberRow(), member, { status: MembershipStatus.TRANSFERRING, version: member.version + 1 });
      await em.insert(MemberStatusEventRow, statusEvent(moving, member.status, reason, ctx.caller.sub, now));
      await announceMemberChange(em, [member.id], now);
      await recordChange(em, DirectoryChangeKind.MEMBER, member.id, now);
      return row;
    }));
    memberById(ctx).clear(transfer.memberId);
    return transfer;
  } catch (err) {
    if (isUniqueViolation(err)) throw transferAlreadyOpen();
    throw err;
  }
}

/**
 * A member asking to move their own membership. They name the receiving union by the code
 * on its join QR poster (they cannot see its id: it is outside their scope), and the request
 * then runs exactly as a sending union's: TRANSFERRING until the receiving union decides.
 */
export async function requestOwnTransfer(ctx: SubgraphContext, joinCode: string, reason: string): Promise<TransferRow> {
  const memberId = ctx.caller.memberId;
  if (ctx.caller.role !== 'member' || !memberId) throw new DomainError(ErrorCode.FORBIDDEN, 'Only a member can ask to move their own membership; staff use requestTransfer.');
  const to = await joinTarget(ctx, joinCode);
  if (!to) throw notFound('joinCode', joinCode);
  return requestTransfer(ctx, { memberId, toOrgId: to.id, reason });
}

/** An open transfer into the caller's scope. Scoped on to_path only: the sending side gets NOT_FOUND. */
async function incomingTransfer(ctx: SubgraphContext, em: EntityManager, id: string): Promise<TransferRow> {
  const t = await transferQuery(ctx, TransferDirection.IN, em).andWhere('t.id = :id', { id }).getOne();
  if (!t) throw notFound('transfer', id);
  if (t.status !== TransferStatus.REQUESTED) {
    const when = t.decidedAt ? ` on ${toDateString(t.decidedAt)}` : '';
    throw new DomainError(ErrorCode.INVALID_STATE, `This transfer was already ${t.status.toLowerCase()}${when}; only requested transfers can be decided.`);
  }
  return t;
}

/**
 * Decides a transfer and puts the member back into a settled status. The member row is
 * touched unscoped: until this update it lives under the sending org, outside the
 * receiver's scope, and the in-scope open transfer is what authorises the change.
 * WHERE status = 'REQUESTED' settles two deciders racing; the loser gets CONFLICT.
 */
async function decideTransfer(
  ctx: SubgraphContext,
  em: EntityManager,
  t: TransferRow,
  patch: Pick<TransferRow, 'status'> & Partial<TransferRow>,
  move: boolean,
  eventReason: string,
  now: Date,
): Promise<TransferRow> {
  const decision = { ...patch, openKey: null, decidedBy: ctx.caller.sub, decidedAt: now };
  const closed = await em
    .createQueryBuilder()
    .update(TransferRow)
    .set(decision)
    .where('id = :id AND status = :requested', { id: t.id, requested: TransferStatus.REQUESTED })
    .execute();
  if (closed.affected !== 1) throw conflict('transfer');

  const member = await em.getRepository(MemberRow).findOne({ where: { id: t.memberId } });
  if (!member || member.status !== MembershipStatus.TRANSFERRING) {
    throw new DomainError(ErrorCode.INVALID_STATE, 'The member of this transfer is no longer waiting for it. Ask an admin to check the membership.');
  }
  const settled = await statusBeforeTransfer(em, member.id);
  const memberPatch = move ? { status: settled, orgId: t.toOrgId, orgPath: t.toPath } : { status: settled };
  const result = await em
    .createQueryBuilder()
    .update(MemberRow)
    .set({ ...memberPatch, version: () => 'version + 1' })
    .where('id = :id AND status = :transferring', { id: member.id, transferring: MembershipStatus.TRANSFERRING })
    .execute();
  if (result.affected !== 1) throw conflict('member');
  // To another city: the member's children, hardship file and access log follow the member row (stamped by the update).
  if (move && cityOf(t.fromPath) !== cityOf(t.toPath)) await followParentCity(em, 'member', [member.id]);
  const updated = Object.assign(new MemberRow(), member, memberPatch, { version: member.version + 1 });
  await em.insert(MemberStatusEventRow, statusEvent(updated, MembershipStatus.TRANSFERRING, eventReason, ctx.caller.sub, now));
  await announceMemberChange(em, [member.id], now);
  // Gateways drop the member's cached scope anchor (their org and path) within a poll.
  await recordChange(em, DirectoryChangeKind.MEMBER, member.id, now);
  await notifyTransferDecided(em, { ...t, ...decision }, now);
  return Object.assign(new TransferRow(), t, decision);
}

/**
 * The status the member had when the transfer opened, read from the event that opened it
 * (the transfer row does not carry it). A retained membership (retired, unemployed) stays
 * retained across a transfer rather than silently becoming active.
 */
async function statusBeforeTransfer(em: EntityManager, memberId: string): Promise<MembershipStatus> {
  const opened = await em
    .getRepository(MemberStatusEventRow)
    .createQueryBuilder('e')
    .where('e.memberId = :memberId AND e.toStatus = :transferring', { memberId, transferring: MembershipStatus.TRANSFERRING })
    .orderBy('e.at', 'DESC')
    .addOrderBy('e.id', 'DESC')
    .getOne();
  return opened?.fromStatus === MembershipStatus.RETAINED ? MembershipStatus.RETAINED : MembershipStatus.ACTIVE;
}

export async function acceptTransfer(ctx: SubgraphContext, id: string): Promise<TransferRow> {
  const now = new Date();
  const transfer = await withContentionRetry(() => ctx.db.transaction(async (em) => {
    const t = await incomingTransfer(ctx, em, id);
    return decideTransfer(ctx, em, t, { status: TransferStatus.ACCEPTED }, true, 'transfer accepted', now);
  }));
  memberById(ctx).clear(transfer.memberId);
  return transfer;
}

export async function returnTransfer(ctx: SubgraphContext, id: string, reason: string): Promise<TransferRow> {
  const text = reasonText('reason', reason);
  const now = new Date();
  const transfer = await withContentionRetry(() => ctx.db.transaction(async (em) => {
    const t = await incomingTransfer(ctx, em, id);
    return decideTransfer(ctx, em, t, { status: TransferStatus.RETURNED, returnReason: text }, false, text, now);
  }));
  memberById(ctx).clear(transfer.memberId);
  return transfer;
}

/** Newest first. IN and OUT are relative to the caller's subtree; for admin (scope all) every direction is everything. */
/** A page of transfers into or out of the caller's scope, newest first; keyset on (requested_at, id). */
export async function listTransfers(ctx: SubgraphContext, args: Pick<TransfersArgs, 'direction' | 'first'> & Partial<TransfersArgs>): Promise<Page<TransferRow>> {
  const cursor = args.after === undefined || args.after === null ? undefined : decodeTimeIdCursor(args.after);
  const qb = transferQuery(ctx, args.direction);
  if (args.status) qb.andWhere('t.status = :status', { status: args.status });
  if (cursor) qb.andWhere('(t.requestedAt < :ta OR (t.requestedAt = :ta AND t.id < :tid))', { ta: cursor.at, tid: cursor.id });
  const rows = await qb.orderBy('t.requestedAt', 'DESC').addOrderBy('t.id', 'DESC').limit(args.first + 1).getMany();
  return pageOf(rows, args.first, (t) => encodeTimeIdCursor(t.requestedAt, t.id));
}
