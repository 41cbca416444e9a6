import { newId, pathIds, subtreeRange } from '@lianxin/auth';
import { badInput, conflict, DomainError, ErrorCode, inScope, isUniqueViolation, notFound, requireOrgs, requireScope, type SubgraphContext, emptyPage, pathKeysetPage, type Page } from '@lianxin/subgraph';
import type { EntityManager } from 'typeorm';
import { chinaDate } from '@lianxin/members-client';
import { EligibilityStatus } from '../eligibility/eligibility.engine';
import { answerFor } from '../eligibility/eligibility.service';
import { memberFacts } from '@lianxin/members-client';
import { nearestAllocation, remainingBudget, remainingQuota, takeFromAllocation } from '../programme/allocation.service';
import { AllocationRow, ProgrammeRow } from '../programme/programme.entity';
import { ProgrammeKind, ProgrammeState } from '../programme/programme.enums';
import { BenefitsErrorCode } from '../errors';
import { programmeQuery } from '../programme/programme.loader';
import { AidApplicationRow, AidEventRow, AidState } from '../grant/aid.entity';
import { aidById, aidQuery, eventsOfAid } from './aid.loader';
import { AID_LIMITS, type AidApplicationsArgs, type ApplyForEducationAidInput } from './aid.types';
import { yuan } from '../columns';

/** Aid refusals use the benefits codes (errors.ts). */
export const AidErrorCode = BenefitsErrorCode;

/** `<programme>:<child>:<year>`: the key of the one live application, and of the one award, per child and year. */
const childYearKey = (programmeId: string, childId: string, year: number): string => `${programmeId}:${childId}:${year}`;

/** The district union above an application's union: the one that reviews it (depth 2 of `/city/district/…/`). */
const districtOf = (orgPath: string): string | null => pathIds(orgPath)[1] ?? null;

const isEnterpriseStaff = (ctx: SubgraphContext, app: AidApplicationRow): boolean => ctx.caller.role === 'staff' && ctx.caller.orgId === app.orgId;
const isDistrictStaff = (ctx: SubgraphContext, app: AidApplicationRow): boolean =>
  ctx.caller.role === 'staff' && !!ctx.caller.orgId && ctx.caller.orgId === districtOf(app.orgPath);

function note(field: string, value: string | null | undefined, required: boolean): string | null {
  const trimmed = (value ?? '').trim();
  if (!trimmed) {
    if (required) throw badInput(field, 'give the reason; the member is told it');
    return null;
  }
  if (trimmed.length > AID_LIMITS.note) throw badInput(field, `must be at most ${AID_LIMITS.note} characters`);
  return trimmed;
}

const duplicate = (year: number): DomainError =>
  new DomainError(
    ErrorCode.DUPLICATE,
    `This child already has an education aid application for ${year} in this programme that is open or awarded: each child gets one award a year. Follow that application; a new one can be made only after a rejection.`,
    { field: 'childId' },
  );

/**
 * Applies for a child's education aid: a member for themself, or staff for a member in
 * their scope. The programme's rules decide (the same explainable answer as
 * Member.eligibility); anything but ELIGIBLE is refused with its reason codes. The unique
 * open key settles two applications for one child and year racing past each other.
 */
export async function applyForEducationAid(ctx: SubgraphContext, input: ApplyForEducationAidInput, now: Date = new Date()): Promise<AidApplicationRow> {
  const scope = requireScope(ctx);
  const caller = ctx.caller;
  let memberId: string;
  if (caller.role === 'member') {
    if (input.memberId && input.memberId !== caller.memberId) throw notFound('member', input.memberId);
    memberId = caller.memberId!;
  } else if (caller.role === 'staff' || caller.role === 'admin') {
    if (!input.memberId) throw badInput('memberId', 'say which member you apply for');
    memberId = input.memberId;
  } else {
    throw new DomainError(ErrorCode.FORBIDDEN, 'Only members and union staff apply for education aid.');
  }

  // A decision about money: ask for the member's facts afresh, before the transaction.
  const facts = memberFacts(ctx);
  facts.forget(memberId);
  const member = await facts.one(memberId);
  if (!member || !inScope(scope, { path: member.orgPath, memberId: member.id })) throw notFound('member', memberId);
  if (!member.children.some((c) => c.id === input.childId)) {
    throw badInput('childId', 'is not a child recorded for this member; pick one of theirs, or ask the union to record the child first');
  }
  const year = Number(chinaDate(now).slice(0, 4));

  try {
    const app = await ctx.db.transaction(async (em) => {
      const programme = await programmeQuery(ctx, em).andWhere('p.id = :programmeId', { programmeId: input.programmeId }).getOne();
      if (!programme) throw notFound('programme', input.programmeId);
      if (programme.kind !== ProgrammeKind.EDUCATION_AID) throw badInput('programmeId', `is a ${programme.kind} programme; apply to an EDUCATION_AID programme`);
      if (programme.state !== ProgrammeState.ACTIVE) {
        throw new DomainError(ErrorCode.INVALID_STATE, `The programme "${programme.name}" is ${programme.state} and takes no applications now.`);
      }
      const answer = await answerFor(em, programme, member, { childId: input.childId, now });
      if (answer.status !== EligibilityStatus.ELIGIBLE) {
        const codes = answer.reasons.map((r) => r.code);
        throw new DomainError(
          AidErrorCode.NOT_ELIGIBLE,
          `Not eligible (${answer.status}, rules version ${answer.ruleVersion}): ${answer.reasons.map((r) => `${r.code}: ${r.message}`).join(' ')}${answer.nextEligibleOn ? ` Eligible again from ${answer.nextEligibleOn}.` : ''}`,
          { status: answer.status, reasons: codes, ruleVersion: answer.ruleVersion, nextEligibleOn: answer.nextEligibleOn },
        );
      }
      const row = Object.assign(new AidApplicationRow(), {
        id: newId(now.getTime()),
        programmeId: programme.id,
        memberId: member.id,
        childId: input.childId,
        orgId: member.orgId,
        orgPath: member.orgPath,
        year,
        state: AidState.APPLIED,
        amountCents: null,
        rejectReason: null,
        appliedBy: caller.sub,
        appliedRole: caller.role,
        awardKey: null,
        openKey: childYearKey(programme.id, input.childId, year),
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      await em.insert(AidApplicationRow, row);
      await em.insert(AidEventRow, event(ctx, row.id, null, AidState.APPLIED, now, null));
      return row;
    });
    aidById(ctx).prime(app.id, app);
    return app;
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(year);
    throw err;
  }
}

function event(ctx: SubgraphContext, applicationId: string, from: AidState | null, to: AidState, at: Date, text: string | null): AidEventRow {
  return Object.assign(new AidEventRow(), {
    id: newId(at.getTime()),
    applicationId,
    fromState: from,
    toState: to,
    actorSub: ctx.caller.sub,
    actorRole: ctx.caller.role,
    actorOrgId: ctx.caller.orgId ?? null,
    at,
    note: text,
  });
}

interface Step {
  /** What the step is called in messages. */
  name: string;
  from: AidState;
  /** Who may take it, given the application; the text says who, for FORBIDDEN. */
  may: (app: AidApplicationRow) => boolean;
  whoMay: string;
  decide: (app: AidApplicationRow, em: EntityManager) => Promise<Decision>;
}

interface Decision {
  to: AidState;
  patch?: Partial<Pick<AidApplicationRow, 'amountCents' | 'rejectReason' | 'awardKey' | 'openKey'>>;
  note: string | null;
  /** Runs after the application row changed, in the same transaction (takes the award from the programme's share). */
  andThen?: (em: EntityManager) => Promise<void>;
}

/**
 * The one way an application moves, in one transaction: the versioned update must change
 * exactly one row (of two concurrent moves one wins, the other gets CONFLICT), then the
 * event is appended. Unseen is NOT_FOUND, the wrong person FORBIDDEN, the wrong moment
 * INVALID_STATE; a refusal writes nothing.
 */
async function move(ctx: SubgraphContext, id: string, step: Step, now: Date): Promise<AidApplicationRow> {
  try {
    const updated = await ctx.db.transaction(async (em) => {
      const app = await aidQuery(ctx, em).andWhere('a.id = :id', { id }).getOne();
      if (!app) throw notFound('aid application', id);
      if (!step.may(app)) throw new DomainError(ErrorCode.FORBIDDEN, `Only ${step.whoMay} can ${step.name} this application.`);
      if (app.state !== step.from) {
        throw new DomainError(ErrorCode.INVALID_STATE, `This application is ${app.state}; only a ${step.from} application can be ${step.name === 'check' ? 'checked' : step.name === 'review' ? 'reviewed' : 'marked delivered'}.`);
      }
      const decision = await step.decide(app, em);
      const patch = decision.patch ?? {};
      const result = await em
        .createQueryBuilder()
        .update(AidApplicationRow)
        .set({ ...patch, state: decision.to, updatedAt: now, version: () => 'version + 1' })
        .where('id = :id AND version = :version AND state = :from', { id: app.id, version: app.version, from: app.state })
        .execute();
      if (result.affected !== 1) throw conflict('aid application');
      await decision.andThen?.(em);
      await em.insert(AidEventRow, event(ctx, app.id, app.state, decision.to, now, decision.note));
      return Object.assign(new AidApplicationRow(), app, patch, { state: decision.to, updatedAt: now, version: app.version + 1 });
    });
    aidById(ctx).clear(id).prime(id, updated);
    eventsOfAid(ctx).clear(id);
    return updated;
  } catch (err) {
    // uq_aid_award: the child was already awarded this year, through another application.
    if (isUniqueViolation(err)) {
      throw new DomainError(ErrorCode.DUPLICATE, 'This child has already been awarded education aid in this programme for this year; each child gets one award a year. Reject this application with that reason.');
    }
    throw err;
  }
}

const reject = (reason: string): Decision => ({ to: AidState.REJECTED, patch: { rejectReason: reason, openKey: null }, note: reason });

/** The member's enterprise union checks the application: passes it on to the district, or rejects it with a reason. */
export async function checkAidApplication(ctx: SubgraphContext, id: string, approve: boolean, text?: string | null, now: Date = new Date()): Promise<AidApplicationRow> {
  const reason = note('note', text, !approve);
  return move(
    ctx,
    id,
    {
      name: 'check',
      from: AidState.APPLIED,
      may: (app) => isEnterpriseStaff(ctx, app),
      whoMay: 'staff of the member\'s enterprise union',
      decide: async () => (approve ? { to: AidState.ENTERPRISE_CHECKED, note: reason } : reject(reason!)),
    },
    now,
  );
}

/**
 * The district reviews a checked application. An award pays the programme's amount as it
 * is now, takes one unit and the amount from the programme's share covering the member's
 * union (nothing changes when none is left), and claims the child's award key for the year.
 */
export async function reviewAidApplication(ctx: SubgraphContext, id: string, award: boolean, text?: string | null, now: Date = new Date()): Promise<AidApplicationRow> {
  const reason = note('reason', text, !award);
  return move(
    ctx,
    id,
    {
      name: 'review',
      from: AidState.ENTERPRISE_CHECKED,
      may: (app) => ctx.caller.role === 'admin' || isDistrictStaff(ctx, app),
      whoMay: 'staff of the district union above the member\'s union',
      decide: async (app, em) => {
        if (!award) return reject(reason!);
        // The reviewer's right comes from the application; the programme only supplies the amount and the share.
        const programme = await em.findOneByOrFail(ProgrammeRow, { id: app.programmeId });
        if (programme.amountCents === null) {
          throw new DomainError(ErrorCode.INVALID_STATE, `The programme "${programme.name}" has no award amount set; ask the union running it to set one before awarding.`);
        }
        const amount = programme.amountCents;
        return {
          to: AidState.AWARDED,
          patch: { amountCents: amount, awardKey: childYearKey(app.programmeId, app.childId, app.year) },
          note: reason,
          andThen: (tx) => takeAward(tx, programme, app.orgPath, amount),
        };
      },
    },
    now,
  );
}

async function takeAward(em: EntityManager, programme: ProgrammeRow, orgPath: string, amount: number): Promise<void> {
  const share = await nearestAllocation(em, programme.id, orgPath);
  if (!share) {
    if (programme.quota === null && programme.budgetCents === null) return;
    throw new DomainError(AidErrorCode.QUOTA_EXHAUSTED, `No share of "${programme.name}" is allocated to the member's union or above it; ask the union running the programme to allocate one.`);
  }
  if (await takeFromAllocation(em, share.id, 1, amount)) return;
  const now = await em.findOneByOrFail(AllocationRow, { id: share.id });
  const units = remainingQuota(now);
  if (units !== null && units < 1) {
    throw new DomainError(AidErrorCode.QUOTA_EXHAUSTED, `No awards are left in the share of "${programme.name}" covering this member's union; ask the union above for more, or reject with that reason.`, {
      remainingQuota: units,
    });
  }
  const left = remainingBudget(now) ?? 0;
  throw new DomainError(
    AidErrorCode.BUDGET_EXCEEDED,
    `The award is ${yuan(amount)} yuan but the share of "${programme.name}" covering this member's union has only ${yuan(left)} yuan (${left} fen) left; ask the union above for more.`,
    { remainingCents: left },
  );
}

/** The study items were bought and handed over. */
export async function markAidDelivered(ctx: SubgraphContext, id: string, text?: string | null, now: Date = new Date()): Promise<AidApplicationRow> {
  const remark = note('note', text, false);
  return move(
    ctx,
    id,
    {
      name: 'deliver',
      from: AidState.AWARDED,
      may: (app) => isEnterpriseStaff(ctx, app) || isDistrictStaff(ctx, app),
      whoMay: 'staff of the member\'s enterprise union or of its district union',
      decide: async () => ({ to: AidState.DELIVERED, note: remark }),
    },
    now,
  );
}

export type AidPage = Page<AidApplicationRow>;

/** Keyset on (org_path, id), the order of the table's scope index. */
export async function listAidApplications(ctx: SubgraphContext, args: AidApplicationsArgs): Promise<AidPage> {
  const qb = aidQuery(ctx);
  if (args.orgId) {
    const org = await requireOrgs(ctx).org(args.orgId);
    // Narrowing to an org the caller cannot see finds nothing, as if it did not exist.
    if (!org || !inScope(requireScope(ctx), { path: org.path })) return emptyPage();
    const { from, to } = subtreeRange(org.path);
    qb.andWhere('a.orgPath >= :nf AND a.orgPath < :nt', { nf: from, nt: to });
  }
  if (args.state) qb.andWhere('a.state = :state', { state: args.state });
  if (args.programmeId) qb.andWhere('a.programmeId = :programmeId', { programmeId: args.programmeId });
  const page = await pathKeysetPage(qb, 'a', args);
  for (const { node } of page.edges) aidById(ctx).prime(node.id, node);
  return page;
}

export const getAidApplication = (ctx: SubgraphContext, id: string): Promise<AidApplicationRow | null> => aidById(ctx).load(id);
