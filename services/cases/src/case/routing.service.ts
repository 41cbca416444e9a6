import { chinaDate } from '@lianxin/members-client';
import { newId, pathIds } from '@lianxin/auth';
import { badInput, calendarDay, requireOrgs, type SubgraphContext } from '@lianxin/subgraph';
import type { CaseRow } from '../casefile/case.entity';
import { CaseAction, CaseState, CloseReason, type Rating } from '../casefile/case.enums';
import { ancestorPath, ratingChange, requireNote, transition } from './case.service';
import { CaseReferralRow } from './referral.entity';

/*
 * Routing up and out: a case beyond the handler's reach goes up the tree (上报) or out to
 * an agency (转办外部机构); a worker without an account is called back (回访). Each step is
 * a transition through the rule table and the ledger, like every other.
 */

/**
 * 上报: the handler passes the case up to an ancestor (its parent, or higher: the county's
 * office registers and classifies centrally), with the reason it is beyond its reach. The
 * case is registered again there; the worker's deadline keeps running.
 */
export const passUpCase = (ctx: SubgraphContext, id: string, version: number | null | undefined, toOrgId: string, reason: string) =>
  transition(ctx, id, version, CaseAction.PASS_UP, async (c) => {
    const why = requireNote(reason, 'reason');
    const above = pathIds(c.handlingPath).slice(0, -1);
    if (!above.includes(toOrgId)) throw badInput('toOrgId', 'pass a case up to a union above the one handling it (its parent or higher)');
    const target = await requireOrgs(ctx).org(toOrgId);
    return {
      action: CaseAction.PASS_UP,
      to: CaseState.REGISTERED,
      patch: { handlingOrgId: toOrgId, handlingPath: ancestorPath(c.handlingPath, toOrgId), transferredFromOrgId: null, acceptDueAt: null, responsible: null, responsibleStaffId: null, responsibleDepartmentId: null, escalatedToOrgId: null, passedUp: true },
      note: why,
      detail: { fromOrgId: c.handlingOrgId, toOrgId, toOrgName: target?.name ?? null },
    };
  });

/** 转办 to an outside agency, with the day it should answer by. The union keeps the case. */
export const referCaseOut = (ctx: SubgraphContext, id: string, version: number | null | undefined, input: { agency: string; dueOn: string; note?: string | null }) =>
  transition(ctx, id, version, CaseAction.REFER_OUT, async (c, em, now) => {
    const agency = input.agency.trim();
    if (agency.length < 2 || agency.length > 100) throw badInput('agency', 'name the agency in 2-100 characters, e.g. 江北区法律援助中心');
    calendarDay('dueOn', input.dueOn);
    const today = chinaDate(now);
    if (input.dueOn < today) throw badInput('dueOn', `${input.dueOn} has already passed (today is ${today}); give the day the agency should answer by`);
    await em.insert(CaseReferralRow, { id: newId(now.getTime()), caseId: c.id, orgId: c.handlingOrgId, agency, referredAt: now, dueOn: input.dueOn, answer: null, answeredAt: null });
    return { action: CaseAction.REFER_OUT, to: CaseState.IN_PROGRESS, patch: { awaitingAgency: true, referredOut: true }, note: input.note?.trim() || null, detail: { agency, dueOn: input.dueOn } };
  });

/** The agency answered: recorded on the open referral and in the ledger. */
export const recordAgencyAnswer = (ctx: SubgraphContext, id: string, version: number | null | undefined, answer: string) =>
  transition(ctx, id, version, CaseAction.AGENCY_ANSWERED, async (c, em, now) => {
    const text = requireNote(answer, 'answer');
    if (text.length > 1000) throw badInput('answer', 'keep the agency\'s answer to 1000 characters');
    // The rule table allows this only while awaitingAgency: exactly one referral is open.
    const open = await em.getRepository(CaseReferralRow).createQueryBuilder('r').where('r.caseId = :id AND r.answeredAt IS NULL', { id: c.id }).getOneOrFail();
    await em.update(CaseReferralRow, { id: open.id }, { answer: text, answeredAt: now });
    return { action: CaseAction.AGENCY_ANSWERED, patch: { awaitingAgency: false }, note: text, detail: { agency: open.agency } };
  });

/**
 * 回访: for a worker without an account (an anonymous case, or one registered for a
 * non-member), staff call and record the satisfaction. Satisfied closes; unsatisfied reopens
 * under supervision, as a member's own rating would.
 */
export const recordCallback = (ctx: SubgraphContext, id: string, version: number | null | undefined, rating: Rating, comment?: string | null) =>
  transition(ctx, id, version, CaseAction.CALLBACK, (c: CaseRow, em, now) => ratingChange(c, em, now, CaseAction.CALLBACK, CloseReason.CALLBACK, rating, comment));
