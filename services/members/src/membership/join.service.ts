import type { EntityManager } from 'typeorm';
import { notifyJoinDecided } from './membership.notify';
import { assertTakesMembers } from '../org/org.open';
import { newId } from '@lianxin/auth';
import { conflict, DomainError, ErrorCode, idempotent, isUniqueViolation, notFound, type OnceWriter, type SubgraphContext, emptyPage, pathKeysetPage, underOrg, unscoped, type Page } from '@lianxin/subgraph';
import { OrgLevel, OrgRow } from '../org/org.entity';
import { orgById } from '../org/org.loader';
import { JoinChannel, MemberRow } from '../member/member.entity';
import { announceMemberChange } from '../member/member.feed';
import { memberById } from '../member/member.loader';
import { assertNotAlreadyMember, joinableOrg, newMemberRow, personRequest, statusEvent, toDateString } from '../member/member.service';
import { birthDateOfIdNumber } from '../member/member.validation';
import { piiHash } from '../member/member.pii';
import { ApplicationStatus, JoinApplicationRow, MemberStatusEventRow } from './membership.entity';
import { applicationQuery } from './membership.loader';
import type { JoinApplicationInput, JoinApplicationReceipt, JoinApplicationsArgs } from './membership.types';
import type { PersonInput } from '../member/member.types';
import { notEnterprise, reasonText } from './membership.validation';

/*
 * Joining by QR code (扫码入会): a worker applies, staff of the union approve (the member
 * is created) or reject.
 */

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

/**
 * Public: the applicant is anonymous, so the lookups here are deliberately unscoped. The
 * applicant learns only the name of the org whose code they scanned (as joinTarget shows)
 * and whether their own ID number is already taken; nothing about anyone else.
 */
export async function applyToJoin(ctx: SubgraphContext, input: JoinApplicationInput, idempotencyKey?: string | null): Promise<JoinApplicationReceipt> {
  // Anonymous applicants share one caller, so a key answers only the very same application (ID number included), never someone else's.
  return idempotent(ctx, { operation: 'applyToJoin', key: idempotencyKey, request: personRequest(input) }, (id) => receiptOf(ctx, id), (once) => applyOnce(ctx, input, once));
}

/** The receipt of an application, as it stands now: what a retry of applyToJoin (or a drive join) gets. */
export async function receiptOf(ctx: SubgraphContext, id: string): Promise<JoinApplicationReceipt | null> {
  const data = unscoped(ctx, 'public QR join: a retry gets back the receipt its own first call was given');
  const app = await data.getRepository(JoinApplicationRow).findOne({ where: { id }, select: { id: true, status: true, orgId: true } });
  const org = app && (await data.getRepository(OrgRow).findOne({ where: { id: app.orgId }, select: { id: true, name: true } }));
  return app && org ? { applicationId: app.id, status: app.status, orgName: org.name } : null;
}

async function applyOnce(ctx: SubgraphContext, input: JoinApplicationInput, once: OnceWriter): Promise<JoinApplicationReceipt> {
  const joinCode = input.joinCode.trim().toUpperCase();
  return submitApplication(once, input, async (em) => {
    const org = await em.getRepository(OrgRow).findOne({ where: { joinCode } });
    if (!org) {
      throw new DomainError(
        ErrorCode.NOT_FOUND,
        `No union uses the join code ${joinCode}. Scan the QR code again, or type the code printed under it exactly.`,
        { field: 'joinCode' },
      );
    }
    return org;
  }, 'joinCode');
}

/**
 * Writes a PENDING application to the enterprise union `findOrg` names, in one transaction
 * with whatever `after` adds (a join drive's attribution): the applicant must not be a
 * member already nor have an application waiting. Shared by the org's own QR code and a
 * drive's.
 */
export async function submitApplication(
  once: OnceWriter,
  input: PersonInput,
  findOrg: (em: EntityManager) => Promise<OrgRow>,
  field: string,
  after?: (em: EntityManager, app: JoinApplicationRow, org: OrgRow) => Promise<void>,
): Promise<JoinApplicationReceipt> {
  const idNumber = input.idNumber.toUpperCase();
  const now = new Date();
  try {
    return await once.transaction(async (em) => {
      const org = await findOrg(em);
      assertTakesMembers(org, field);
      if (org.level !== OrgLevel.ENTERPRISE) throw notEnterprise(field, org, 'Workers join');
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
      await after?.(em, row, org);
      return { applicationId: row.id, status: row.status, orgName: org.name };
    }, (r) => r.applicationId);
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
      await announceMemberChange(em, [row.id], now);
      await notifyJoinDecided(em, app, { memberId: row.id }, now);
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
    const closed = await closeApplication(em, app, { status: ApplicationStatus.REJECTED, rejectReason: text, reviewedAt: now, reviewedBy: ctx.caller.sub });
    await notifyJoinDecided(em, app, { reason: text }, now);
    return closed;
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
  return pathKeysetPage(qb, 'a', args);
}
