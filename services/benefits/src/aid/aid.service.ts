import { newId, pathIds, subtreeRange } from '@lianxin/auth';
import { badInput, conflict, DomainError, ErrorCode, idempotent, inScope, type OnceWriter, isUniqueViolation, notFound, requireOrgs, requireScope, type SubgraphContext, emptyPage, pathKeysetPage, type Page, withContentionRetry } from '@lianxin/subgraph';
import type { EntityManager } from 'typeorm';
import { chinaDate } from '@lianxin/members-client';
import { notifyAidDecided } from './aid.notify';
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
import { AID_LIMITS, AidStep, type AidApplicationsArgs, type ApplyForEducationAidInput, type OpenAidFromCaseInput } from './aid.types';
import { caseFacts } from './case.client';
import { yuan } from '../columns';

/** Aid refusals use the benefits codes (errors.ts). */
export const AidErrorCode = BenefitsErrorCode;

/**
 * `<programme>:<child>:<year>` (education aid) or `<programme>:<member>:<year>` (model-worker
 * aid, the member's own): the key of the one live application, and of the one award, per
 * child or member and year.
 */
const grantKey = (app: Pick<AidApplicationRow, 'programmeId' | 'childId' | 'memberId' | 'year'>): string => `${app.programmeId}:${app.childId ?? app.memberId}:${app.year}`;

/** The case kinds that open aid, and the programme kind each opens: 金秋助学 from an education-aid case, 困难劳模救助 from a hardship-aid one. */
export const AID_FOR_CASE: Readonly<Record<string, ProgrammeKind>> = { EDUCATION_AID: ProgrammeKind.EDUCATION_AID, HARDSHIP_AID: ProgrammeKind.MODEL_WORKER_AID };

/** Case states in which the handler is working on it: accepted, not yet resolved. */
const CASE_WORKING = ['ACCEPTED', 'IN_PROGRESS', 'WAITING_ON_WORKER'];

/** The district union above an application's union: the one that reviews it (depth 2 of `/city/district/…/`). */
const districtOf = (orgPath: string): string | null => pathIds(orgPath)[1] ?? null;

/** Education aid goes through the enterprise check; model-worker aid does not. */
const isPerChild = (app: Pick<AidApplicationRow, 'kind'>): boolean => app.kind === ProgrammeKind.EDUCATION_AID;

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

const duplicate = (year: number, kind: ProgrammeKind = ProgrammeKind.EDUCATION_AID): DomainError =>
  kind === ProgrammeKind.EDUCATION_AID
    ? new DomainError(
        ErrorCode.DUPLICATE,
        `This child already has an education aid application for ${year} in this programme that is open or awarded: each child gets one award a year. Follow that application; a new one can be made only after a rejection.`,
        { field: 'childId' },
      )
    : new DomainError(
        ErrorCode.DUPLICATE,
        `This member already has an application for ${year} in this programme that is open or awarded: one award a year. Follow that application; a new one can be made only after a rejection.`,
        { field: 'programmeId' },
      );

/**
 * Applies for a child's education aid: a member for themself, or staff for a member in
 * their scope. The programme's rules decide (the same explainable answer as
 * Member.eligibility); anything but ELIGIBLE is refused with its reason codes. The unique
 * open key settles two applications for one child and year racing past each other.
 */
/** With an idempotencyKey, a retry gets the application the first call opened. */
export async function applyForEducationAid(ctx: SubgraphContext, input: ApplyForEducationAidInput, now: Date = new Date(), idempotencyKey?: string | null): Promise<AidApplicationRow> {
  return idempotent(ctx, { operation: 'applyForEducationAid', key: idempotencyKey, request: input }, (id) => aidById(ctx).load(id), (once) => applyOnce(ctx, input, now, once));
}

async function applyOnce(ctx: SubgraphContext, input: ApplyForEducationAidInput, now: Date, once: OnceWriter): Promise<AidApplicationRow> {
  requireScope(ctx);
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
  return openApplication(ctx, { memberId, programmeId: input.programmeId, childId: input.childId, kind: ProgrammeKind.EDUCATION_AID, caseRef: null }, now, once);
}

/**
 * Opens the matching aid application from a worker's case (诉求): 金秋助学 from an
 * education-aid case, 困难劳模救助 from a hardship-aid one, for the member the case is for.
 * Only staff handling the case (or admins) may, while they work on it (accepted, not yet
 * resolved). The case is looked up in cases as it is now; one case opens at most one
 * application per programme (uq_aid_case), and the application then shows its case and
 * the case its application.
 */
export async function openAidFromCase(ctx: SubgraphContext, input: OpenAidFromCaseInput, now: Date = new Date()): Promise<AidApplicationRow> {
  const scope = requireScope(ctx);
  const caller = ctx.caller;
  if (caller.role !== 'staff' && caller.role !== 'admin') throw new DomainError(ErrorCode.FORBIDDEN, 'Only union staff handling the case open aid from it.');
  const c = await caseFacts(ctx).one(input.caseId);
  // Seen as cases shows it: raised or handled in the caller's subtree. Unseen and missing look the same.
  if (!c || !(inScope(scope, { path: c.raisedPath }) || inScope(scope, { path: c.handlingPath }))) throw notFound('case', input.caseId);
  if (caller.role === 'staff' && caller.orgId !== c.handlingOrgId && caller.orgId !== c.escalatedToOrgId) {
    throw new DomainError(ErrorCode.FORBIDDEN, `Only staff of the union handling case ${c.number} open aid from it.`);
  }
  const kind = AID_FOR_CASE[c.kind];
  if (!kind) throw badInput('caseId', `case ${c.number} is a ${c.kind} case; aid is opened from an EDUCATION_AID or HARDSHIP_AID case`);
  if (!CASE_WORKING.includes(c.state)) {
    throw new DomainError(ErrorCode.INVALID_STATE, `Case ${c.number} is ${c.state}; open aid from it while it is being handled (accepted, not yet resolved).`);
  }
  if (!c.memberId) throw badInput('caseId', `case ${c.number} is not linked to a member; aid goes to members, so register the worker as a member first and apply for them`);
  if (kind === ProgrammeKind.MODEL_WORKER_AID && input.childId) throw badInput('childId', 'model-worker aid is for the member themself; leave childId out');
  return openApplication(ctx, { memberId: c.memberId, programmeId: input.programmeId, childId: input.childId ?? null, kind, caseRef: { id: c.id, number: c.number } }, now);
}

interface Opening {
  memberId: string;
  programmeId: string;
  /** Required for education aid, absent for model-worker aid. */
  childId: string | null;
  kind: ProgrammeKind;
  caseRef: { id: string; number: string } | null;
}

async function openApplication(ctx: SubgraphContext, o: Opening, now: Date, once?: OnceWriter): Promise<AidApplicationRow> {
  const scope = requireScope(ctx);
  // A decision about money: ask for the member's facts afresh, before the transaction.
  const facts = memberFacts(ctx);
  facts.forget(o.memberId);
  const member = await facts.one(o.memberId);
  if (!member || !inScope(scope, { path: member.orgPath, memberId: member.id })) throw notFound('member', o.memberId);
  if (o.kind === ProgrammeKind.EDUCATION_AID) {
    if (!o.childId) throw badInput('childId', 'education aid is per child: say which of the member\'s recorded children it is for');
    if (!member.children.some((c) => c.id === o.childId)) {
      throw badInput('childId', 'is not a child recorded for this member; pick one of theirs, or ask the union to record the child first');
    }
  }
  const year = Number(chinaDate(now).slice(0, 4));

  const transaction = once ? once.transaction : <R>(work: (em: EntityManager) => Promise<R>) => ctx.db.transaction(work);
  try {
    const app = await withContentionRetry(() => transaction(async (em) => {
      const programme = await programmeQuery(ctx, em).andWhere('p.id = :programmeId', { programmeId: o.programmeId }).getOne();
      if (!programme) throw notFound('programme', o.programmeId);
      if (programme.kind !== o.kind) {
        throw badInput('programmeId', o.caseRef ? `is a ${programme.kind} programme; case ${o.caseRef.number} opens a ${o.kind} programme` : `is a ${programme.kind} programme; apply to an ${o.kind} programme`);
      }
      if (programme.state !== ProgrammeState.ACTIVE) {
        throw new DomainError(ErrorCode.INVALID_STATE, `The programme "${programme.name}" is ${programme.state} and takes no applications now.`);
      }
      if (o.caseRef) {
        const opened = await aidQuery(ctx, em).andWhere('a.caseId = :caseId AND a.programmeId = :programmeId', { caseId: o.caseRef.id, programmeId: programme.id }).getOne();
        if (opened) throw caseDuplicate(o.caseRef.number);
      }
      const answer = await answerFor(em, programme, member, { childId: o.childId, now });
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
        childId: o.childId,
        kind: o.kind,
        caseId: o.caseRef?.id ?? null,
        orgId: member.orgId,
        orgPath: member.orgPath,
        year,
        state: AidState.APPLIED,
        amountCents: null,
        rejectReason: null,
        appliedBy: ctx.caller.sub,
        appliedRole: ctx.caller.role,
        awardKey: null,
        openKey: null as string | null,
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      row.openKey = grantKey(row);
      await em.insert(AidApplicationRow, row);
      await em.insert(AidEventRow, event(ctx, row.id, null, AidState.APPLIED, now, o.caseRef ? `由诉求 ${o.caseRef.number} 发起` : null));
      return row;
    }, (a: AidApplicationRow) => a.id));
    aidById(ctx).prime(app.id, app);
    return app;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // Which key was taken: the case's own application (a second click racing the first), or the child's or member's for the year.
    if (o.caseRef && (await aidQuery(ctx).andWhere('a.caseId = :caseId AND a.programmeId = :programmeId', { caseId: o.caseRef.id, programmeId: o.programmeId }).getOne())) {
      throw caseDuplicate(o.caseRef.number);
    }
    throw duplicate(year, o.kind);
  }
}

const caseDuplicate = (number: string): DomainError =>
  new DomainError(ErrorCode.DUPLICATE, `Case ${number} has already opened an application to this programme; follow that one (Case.aidApplication).`, { field: 'caseId' });

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

/** Who takes which step of an application, and from which state: one table for the moves and for allowedSteps. */
interface StepRule {
  /** What the step is called in messages. */
  name: string;
  /** The state the step starts from, for this application's kind; null: not a step of its kind. */
  from: (app: Pick<AidApplicationRow, 'kind'>) => AidState | null;
  /** Who may take it, given the application; `whoMay` says who, for FORBIDDEN. */
  may: (ctx: SubgraphContext, app: AidApplicationRow) => boolean;
  whoMay: string;
}

export const AID_STEPS: Record<AidStep, StepRule> = {
  // Model-worker aid has no enterprise check: the member may be retired, the employer gone (原阜宁石油公司), and the county decides.
  [AidStep.CHECK]: { name: 'check', from: (app) => (isPerChild(app) ? AidState.APPLIED : null), may: isEnterpriseStaff, whoMay: 'staff of the member\'s enterprise union' },
  [AidStep.REVIEW]: {
    name: 'review',
    from: (app) => (isPerChild(app) ? AidState.ENTERPRISE_CHECKED : AidState.APPLIED),
    may: (ctx, app) => ctx.caller.role === 'admin' || isDistrictStaff(ctx, app),
    whoMay: 'staff of the district union above the member\'s union',
  },
  [AidStep.DELIVER]: {
    name: 'deliver',
    from: () => AidState.AWARDED,
    may: (ctx, app) => isEnterpriseStaff(ctx, app) || isDistrictStaff(ctx, app),
    whoMay: 'staff of the member\'s enterprise union or of its district union',
  },
};

/** The steps this caller may take on the application now: its state allows them and the caller is the union that takes them. */
export const allowedSteps = (ctx: SubgraphContext, app: AidApplicationRow): AidStep[] =>
  (Object.keys(AID_STEPS) as AidStep[]).filter((s) => AID_STEPS[s].from(app) === app.state && AID_STEPS[s].may(ctx, app));

interface Step extends StepRule {
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
    const updated = await withContentionRetry(() => ctx.db.transaction(async (em) => {
      const app = await aidQuery(ctx, em).andWhere('a.id = :id', { id }).getOne();
      if (!app) throw notFound('aid application', id);
      if (!step.may(ctx, app)) throw new DomainError(ErrorCode.FORBIDDEN, `Only ${step.whoMay} can ${step.name} this application.`);
      const from = step.from(app);
      if (from === null) throw new DomainError(ErrorCode.INVALID_STATE, `A ${app.kind} application has no ${step.name} step; the district union reviews it directly.`);
      if (app.state !== from) {
        throw new DomainError(ErrorCode.INVALID_STATE, `This application is ${app.state}; only a ${from} application can be ${step.name === 'check' ? 'checked' : step.name === 'review' ? 'reviewed' : 'marked delivered'}.`);
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
      await notifyAidDecided(em, app, decision.to, patch, now);
      return Object.assign(new AidApplicationRow(), app, patch, { state: decision.to, updatedAt: now, version: app.version + 1 });
    }));
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
      ...AID_STEPS[AidStep.CHECK],
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
      ...AID_STEPS[AidStep.REVIEW],
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
          patch: { amountCents: amount, awardKey: grantKey(app) },
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
      ...AID_STEPS[AidStep.DELIVER],
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
