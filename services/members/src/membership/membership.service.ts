import type { EntityManager } from 'typeorm';
import { newId } from '@lianxin/auth';
import { badInput, conflict, DomainError, ErrorCode, isUniqueViolation, notFound, type SubgraphContext, decodeTimeIdCursor, emptyPage, encodeTimeIdCursor, pageOf, pathKeysetPage, underOrg, type Page } from '@lianxin/subgraph';
import { OrgLevel, OrgRow } from '../org/org.entity';
import { orgById } from '../org/org.loader';
import { joinTarget } from '../org/org.service';
import { JoinChannel, MemberRow, MembershipStatus } from '../member/member.entity';
import { memberById } from '../member/member.loader';
import { assertNotAlreadyMember, joinableOrg, newMemberRow, statusEvent, toDateString, visibleMember } from '../member/member.service';
import { birthDateOfIdNumber, maskName } from '../member/member.validation';
import { piiHash } from '../member/member.pii';
import { ApplicationStatus, JoinApplicationRow, MemberStatusEventRow, TransferRow, TransferStatus } from './membership.entity';
import { applicationQuery, transferQuery } from './membership.loader';
import {
  TransferDirection,
  type ChangeMemberStatusArgs,
  type JoinApplicationInput,
  type JoinApplicationReceipt,
  type JoinApplicationsArgs,
  type RequestTransferArgs,
  type TransfersArgs,
} from './membership.types';

const REASON_MAX = 200;

/** The resolvers validate reasons already; services are also called directly (seeders, tests), so they re-check. */
function reasonText(field: string, value: string): string {
  const text = value.trim();
  if (!text) throw badInput(field, 'must not be blank: say why, in a few words');
  if (text.length > REASON_MAX) throw badInput(field, `must be at most ${REASON_MAX} characters`);
  return text;
}

const alreadyMember = (): DomainError =>
  new DomainError(
    ErrorCode.DUPLICATE,
    'This ID number already belongs to a union member. If you changed jobs, ask your current union to transfer your membership (会籍接转) instead of joining again.',
    { field: 'idNumber' },
  );

const alreadyPending = (): DomainError =>
  new DomainError(
    ErrorCode.DUPLICATE,
    'An application with this ID number is already waiting for review. Wait for the union to confirm or reject it before applying again.',
    { field: 'idNumber' },
  );

const transferAlreadyOpen = (): DomainError =>
  new DomainError(ErrorCode.DUPLICATE, 'A transfer is already open for this member. Wait until the receiving union accepts or returns it.', { field: 'memberId' });

const notEnterprise = (field: string, org: OrgRow, what: string): DomainError =>
  new DomainError(
    ErrorCode.BAD_USER_INPUT,
    `${what} enterprise-level unions; this is a ${org.level.toLowerCase()}-level union. Pick an enterprise union or union post.`,
    { field },
  );

// ---------------------------------------------------------------------------------------
// QR-code join (扫码入会)
// ---------------------------------------------------------------------------------------

/**
 * Public: the applicant is anonymous, so the lookups here are deliberately unscoped. The
 * applicant learns only the name of the org whose code they scanned (as joinTarget shows)
 * and whether their own ID number is already taken; nothing about anyone else.
 */
export async function applyToJoin(ctx: SubgraphContext, input: JoinApplicationInput): Promise<JoinApplicationReceipt> {
  const joinCode = input.joinCode.trim().toUpperCase();
  const idNumber = input.idNumber.toUpperCase();
  const now = new Date();
  try {
    return await ctx.db.transaction(async (em) => {
      const org = await em.getRepository(OrgRow).findOne({ where: { joinCode } });
      if (!org) {
        throw new DomainError(
          ErrorCode.NOT_FOUND,
          `No union uses the join code ${joinCode}. Scan the QR code again, or type the code printed under it exactly.`,
          { field: 'joinCode' },
        );
      }
      if (org.level !== OrgLevel.ENTERPRISE) throw notEnterprise('joinCode', org, 'Workers join');
      try {
        await assertNotAlreadyMember(em, idNumber);
      } catch (err) {
        // Same check as staff enrolment, worded for the applicant rather than for staff.
        if (err instanceof DomainError && err.code === ErrorCode.DUPLICATE) throw alreadyMember();
        throw err;
      }
      const pendingKey = piiHash('idNumber', idNumber);
      const pending = await em.getRepository(JoinApplicationRow).findOne({ where: { pendingKey }, select: { id: true } });
      if (pending) throw alreadyPending();
      const row = Object.assign(new JoinApplicationRow(), {
        id: newId(now.getTime()),
        orgId: org.id,
        orgPath: org.path,
        name: input.name.trim(),
        gender: input.gender,
        birthDate: birthDateOfIdNumber(idNumber),
        idNumber,
        pendingKey,
        phone: input.phone,
        employmentType: input.employmentType,
        status: ApplicationStatus.PENDING,
        rejectReason: null,
        memberId: null,
        createdAt: now,
        reviewedAt: null,
        reviewedBy: null,
      });
      await em.insert(JoinApplicationRow, row);
      return { applicationId: row.id, status: row.status, orgName: org.name };
    });
  } catch (err) {
    // Two submissions racing past the check above: uq_application_pending decides.
    if (isUniqueViolation(err)) throw alreadyPending();
    throw err;
  }
}

/** A pending application in the caller's scope; out of scope is NOT_FOUND, like missing. */
async function pendingApplication(ctx: SubgraphContext, em: EntityManager, id: string): Promise<JoinApplicationRow> {
  const app = await applicationQuery(ctx, em).andWhere('a.id = :id', { id }).getOne();
  if (!app) throw notFound('join application', id);
  if (app.status !== ApplicationStatus.PENDING) {
    const when = app.reviewedAt ? ` on ${toDateString(app.reviewedAt)}` : '';
    throw new DomainError(
      ErrorCode.INVALID_STATE,
      `This application was already ${app.status.toLowerCase()}${when}; only pending applications can be reviewed.`,
    );
  }
  return app;
}

/**
 * Closes a pending application. The WHERE status = 'PENDING' is what decides between two
 * reviewers acting at once: the second UPDATE matches no row and that reviewer loses.
 */
async function closeApplication(em: EntityManager, app: JoinApplicationRow, patch: Partial<JoinApplicationRow>): Promise<JoinApplicationRow> {
  const result = await em
    .createQueryBuilder()
    .update(JoinApplicationRow)
    .set({ ...patch, pendingKey: null })
    .where('id = :id AND status = :pending', { id: app.id, pending: ApplicationStatus.PENDING })
    .execute();
  if (result.affected !== 1) throw conflict('join application');
  return Object.assign(new JoinApplicationRow(), app, patch, { pendingKey: null });
}

export async function approveApplication(ctx: SubgraphContext, id: string): Promise<MemberRow> {
  const now = new Date();
  try {
    const member = await ctx.db.transaction(async (em) => {
      const app = await pendingApplication(ctx, em, id);
      const org = await joinableOrg(ctx, em, app.orgId);
      // Someone may have been enrolled by staff since they applied.
      await assertNotAlreadyMember(em, app.idNumber);
      const row = newMemberRow(app, org, JoinChannel.QR_CODE, now);
      await closeApplication(em, app, { status: ApplicationStatus.APPROVED, memberId: row.id, reviewedAt: now, reviewedBy: ctx.caller.sub });
      await em.insert(MemberRow, row);
      await em.insert(MemberStatusEventRow, statusEvent(row, null, 'joined by QR code', ctx.caller.sub, now));
      return row;
    });
    memberById(ctx).prime(member.id, member);
    return member;
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new DomainError(ErrorCode.DUPLICATE, 'A member with this ID number already exists. Reject this application and transfer or reactivate that membership instead.', { field: 'idNumber' });
    }
    throw err;
  }
}

export async function rejectApplication(ctx: SubgraphContext, id: string, reason: string): Promise<JoinApplicationRow> {
  const text = reasonText('reason', reason);
  const now = new Date();
  return ctx.db.transaction(async (em) => {
    const app = await pendingApplication(ctx, em, id);
    return closeApplication(em, app, { status: ApplicationStatus.REJECTED, rejectReason: text, reviewedAt: now, reviewedBy: ctx.caller.sub });
  });
}

/** One page of applications in scope, in (org_path, id) order over ix_application_scope. */
export async function listApplications(ctx: SubgraphContext, args: JoinApplicationsArgs): Promise<Page<JoinApplicationRow>> {
  const qb = applicationQuery(ctx);
  if (args.orgId) {
    const org = await orgById(ctx).load(args.orgId);
    // Narrowing to an org outside the scope finds nothing, as if the org did not exist.
    if (!org) return emptyPage();
    underOrg(qb, 'a', org.path);
  }
  if (args.status) qb.andWhere('a.status = :status', { status: args.status });
  return pathKeysetPage(qb, 'a', args.first, args.after);
}

// ---------------------------------------------------------------------------------------
// Membership status
// ---------------------------------------------------------------------------------------

const NEEDS_REASON = new Set<MembershipStatus>([MembershipStatus.RETAINED, MembershipStatus.LEFT]);

/** Optimistic: refused with CONFLICT when the member changed after the caller read it. */
export async function changeMemberStatus(ctx: SubgraphContext, args: ChangeMemberStatusArgs): Promise<MemberRow> {
  const { status, expectedVersion } = args;
  if (status === MembershipStatus.TRANSFERRING) {
    throw new DomainError(ErrorCode.INVALID_STATE, 'TRANSFERRING is set by a transfer: use requestTransfer to move a member to another union.', { field: 'status' });
  }
  const reason = args.reason == null ? null : reasonText('reason', args.reason);
  if (NEEDS_REASON.has(status) && !reason) {
    throw badInput('reason', `is required for ${status}: say why (retired, unemployed, employer closed, left the union…)`);
  }
  const now = new Date();
  const member = await ctx.db.transaction(async (em) => {
    const current = await visibleMember(ctx, args.memberId, em);
    // Judge the rules against the version the caller saw, not a newer one they never read.
    if (current.version !== expectedVersion) throw conflict('member');
    if (current.status === MembershipStatus.TRANSFERRING) {
      throw new DomainError(ErrorCode.INVALID_STATE, 'This member is being transferred. The receiving union must accept or return the transfer before the status can change.');
    }
    if (current.status === status) throw new DomainError(ErrorCode.INVALID_STATE, `The membership is already ${status}.`, { field: 'status' });
    // The reason column explains a retained or ended membership; an active one needs none.
    const patch = { status, statusReason: status === MembershipStatus.ACTIVE ? null : reason };
    const result = await em
      .createQueryBuilder()
      .update(MemberRow)
      .set({ ...patch, version: () => 'version + 1' })
      .where('id = :id AND version = :v', { id: current.id, v: expectedVersion })
      .execute();
    if (result.affected !== 1) throw conflict('member');
    const updated = Object.assign(new MemberRow(), current, patch, { version: expectedVersion + 1 });
    await em.insert(MemberStatusEventRow, statusEvent(updated, current.status, reason, ctx.caller.sub, now));
    return updated;
  });
  memberById(ctx).clear(member.id).prime(member.id, member);
  return member;
}

// ---------------------------------------------------------------------------------------
// Transfers (会籍接转)
// ---------------------------------------------------------------------------------------

export async function requestTransfer(ctx: SubgraphContext, args: RequestTransferArgs): Promise<TransferRow> {
  const reason = reasonText('reason', args.reason);
  const now = new Date();
  try {
    const transfer = await ctx.db.transaction(async (em) => {
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
      return row;
    });
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
  const updated = Object.assign(new MemberRow(), member, memberPatch, { version: member.version + 1 });
  await em.insert(MemberStatusEventRow, statusEvent(updated, MembershipStatus.TRANSFERRING, eventReason, ctx.caller.sub, now));
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
  const transfer = await ctx.db.transaction(async (em) => {
    const t = await incomingTransfer(ctx, em, id);
    return decideTransfer(ctx, em, t, { status: TransferStatus.ACCEPTED }, true, 'transfer accepted', now);
  });
  memberById(ctx).clear(transfer.memberId);
  return transfer;
}

export async function returnTransfer(ctx: SubgraphContext, id: string, reason: string): Promise<TransferRow> {
  const text = reasonText('reason', reason);
  const now = new Date();
  const transfer = await ctx.db.transaction(async (em) => {
    const t = await incomingTransfer(ctx, em, id);
    return decideTransfer(ctx, em, t, { status: TransferStatus.RETURNED, returnReason: text }, false, text, now);
  });
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
