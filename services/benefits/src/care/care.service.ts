import { visibleOrg } from '@lianxin/members-client';
import { isWithin, newId, pathIds, subtreeRange } from '@lianxin/auth';
import { badInput, DomainError, ErrorCode, idempotent, inScope, type OnceWriter, notFound, requireOrgs, requireScope, type SubgraphContext, emptyPage, pathKeysetPage, type Page, requiredText, calendarDay, withContentionRetry } from '@lianxin/subgraph';
import { Brackets, type EntityManager } from 'typeorm';
import { chinaDate } from '@lianxin/members-client';
import { memberFacts } from '@lianxin/members-client';
import { nearestAllocation, remainingBudget, takeFromAllocation } from '../programme/allocation.service';
import { AllocationRow } from '../programme/programme.entity';
import { ProgrammeKind, ProgrammeState } from '../programme/programme.enums';
import { BenefitsErrorCode } from '../errors';
import { programmeQuery } from '../programme/programme.loader';
import { CareBatchRow, CareOccasion, CareVisitRow } from './care.entity';
import { careBatchById, careBatchQuery, careVisitQuery } from './care.loader';
import { CARE_LIMITS, type CareBatchesArgs, type CreateCareBatchInput, type RecordCareVisitInput } from './care.types';
import { yuan } from '../columns';

/** Over budget is told apart from other refusals (see errors.ts). */
export const BUDGET_EXCEEDED = BenefitsErrorCode.BUDGET_EXCEEDED;

/** Programme kinds whose money may fund a care batch. */
const CARE_KINDS: readonly ProgrammeKind[] = [ProgrammeKind.CARE_VISIT, ProgrammeKind.GIFT_BATCH];

// The resolvers validate input already; services are also called directly (seeders, tests), so they re-check.



function cents(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > CARE_LIMITS.cents) throw badInput(field, `must be a whole number of fen from 0 to ${CARE_LIMITS.cents}`);
  return value;
}

const isStaff = (ctx: SubgraphContext): boolean => ctx.caller.role === 'staff' || ctx.caller.role === 'admin';

/**
 * Creates a batch run by a union in the caller's scope. Funded from a programme, the
 * whole budget is committed at once from the programme's share held by the batch's union
 * (or the nearest one above it), in the same transaction: visits then spend inside the
 * batch, so a programme can never fund more batch budget than its share holds.
 */
export async function createCareBatch(ctx: SubgraphContext, input: CreateCareBatchInput, now: Date = new Date()): Promise<CareBatchRow> {
  if (!isStaff(ctx)) throw new DomainError(ErrorCode.FORBIDDEN, 'Only union staff run care batches.');
  const name = requiredText('name', input.name, CARE_LIMITS.name);
  if (!Object.values(CareOccasion).includes(input.occasion)) throw badInput('occasion', `must be one of ${Object.values(CareOccasion).join(', ')}`);
  const budgetCents = cents('budgetCents', input.budgetCents);
  const startsOn = calendarDay('startsOn', input.startsOn);
  const endsOn = calendarDay('endsOn', input.endsOn);
  if (endsOn < startsOn) throw badInput('endsOn', `${endsOn} is before startsOn (${startsOn}); swap them`);
  // The org directory is remote: ask it before the transaction, not while holding one.
  const org = await visibleOrg(ctx, input.orgId);

  const batch = Object.assign(new CareBatchRow(), {
    id: newId(now.getTime()),
    programmeId: input.programmeId ?? null,
    orgId: org.id,
    orgPath: org.path,
    name,
    occasion: input.occasion,
    budgetCents,
    spentCents: 0,
    startsOn,
    endsOn,
    createdBy: ctx.caller.sub,
    version: 1,
  });
  await withContentionRetry(() => ctx.db.transaction(async (em) => {
    if (batch.programmeId) await fundFromProgramme(ctx, em, batch);
    await em.insert(CareBatchRow, batch);
  }));
  careBatchById(ctx).prime(batch.id, batch);
  return batch;
}

async function fundFromProgramme(ctx: SubgraphContext, em: EntityManager, batch: CareBatchRow): Promise<void> {
  const programme = await programmeQuery(ctx, em).andWhere('p.id = :programmeId', { programmeId: batch.programmeId }).getOne();
  if (!programme) throw notFound('programme', batch.programmeId!);
  if (!CARE_KINDS.includes(programme.kind)) {
    throw badInput('programmeId', `a ${programme.kind} programme cannot fund care visits; pick a CARE_VISIT or GIFT_BATCH programme`);
  }
  if (programme.state !== ProgrammeState.ACTIVE) {
    throw new DomainError(ErrorCode.INVALID_STATE, `The programme "${programme.name}" is ${programme.state}, not open; open it before funding batches from it.`);
  }
  if (!isWithin(batch.orgPath, programme.orgPath)) {
    throw badInput('orgId', 'that union is outside the area the programme covers; run the batch at a union under the programme\'s union');
  }
  if (batch.startsOn < programme.startsOn || batch.endsOn > programme.endsOn) {
    throw badInput('startsOn', `the batch must run within the programme's period, ${programme.startsOn} to ${programme.endsOn}`);
  }
  const share = await nearestAllocation(em, programme.id, batch.orgPath);
  if (!share) {
    throw new DomainError(BUDGET_EXCEEDED, `No share of "${programme.name}" is allocated to this union or above it; ask the union running the programme to allocate one.`);
  }
  if (!(await takeFromAllocation(em, share.id, 0, batch.budgetCents))) {
    const left = remainingBudget(await em.findOneByOrFail(AllocationRow, { id: share.id })) ?? 0;
    throw new DomainError(
      BUDGET_EXCEEDED,
      `The share of "${programme.name}" funding this batch has only ${yuan(left)} yuan (${left} fen) left; lower the batch budget or ask the union above for more.`,
      { remainingCents: left },
    );
  }
}

/**
 * Records one visit and spends its cost from the batch, in one transaction. Spending is
 * a single conditional UPDATE (`spent + cost <= budget`): under any number of concurrent
 * visits the batch is spent exactly up to its budget and never past it; the visit that
 * does not fit is refused with nothing written.
 */
/** With an idempotencyKey, a retry gets the visit the first call recorded, and the batch is charged once. */
export async function recordCareVisit(ctx: SubgraphContext, input: RecordCareVisitInput, now: Date = new Date(), idempotencyKey?: string | null): Promise<CareVisitRow> {
  const replay = (id: string) => careVisitQuery(ctx).andWhere('v.id = :id', { id }).getOne();
  return idempotent(ctx, { operation: 'recordCareVisit', key: idempotencyKey, request: input }, replay, (once) => recordOnce(ctx, input, now, once));
}

async function recordOnce(ctx: SubgraphContext, input: RecordCareVisitInput, now: Date, once: OnceWriter): Promise<CareVisitRow> {
  if (!isStaff(ctx)) throw new DomainError(ErrorCode.FORBIDDEN, 'Only union staff record care visits.');
  const scope = requireScope(ctx);
  const items = requiredText('items', input.items, CARE_LIMITS.items);
  const costCents = cents('costCents', input.costCents);
  const visitedOn = calendarDay('visitedOn', input.visitedOn);
  const today = chinaDate(now);
  if (visitedOn > today) throw badInput('visitedOn', `${visitedOn} is in the future (today is ${today} in Beijing); record visits once made`);
  const visitingOrgId = input.orgId ?? ctx.caller.orgId;
  if (!visitingOrgId) throw badInput('orgId', 'say which union made the visit');

  // Remote look-ups first, not while holding a transaction.
  const org = await visibleOrg(ctx, visitingOrgId);
  const facts = await memberFacts(ctx).one(input.memberId);
  if (!facts || !inScope(scope, { path: facts.orgPath })) throw notFound('member', input.memberId);
  if (!isWithin(facts.orgPath, org.path)) {
    throw badInput('memberId', 'that member belongs to a union outside the visiting union; record the visit under the union that made it');
  }

  return withContentionRetry(() => once.transaction(async (em) => {
    const batch = await careBatchQuery(ctx, em).andWhere('b.id = :batchId', { batchId: input.batchId }).getOne();
    if (!batch) throw notFound('care batch', input.batchId);
    if (!isWithin(org.path, batch.orgPath)) {
      throw badInput('orgId', 'that union is not under the union running this batch; record visits of unions it covers');
    }
    if (visitedOn < batch.startsOn || visitedOn > batch.endsOn) {
      throw badInput('visitedOn', `this batch runs from ${batch.startsOn} to ${batch.endsOn}; record visits made in that period`);
    }
    const spent = await em
      .createQueryBuilder()
      .update(CareBatchRow)
      .set({ spentCents: () => `spent_cents + ${costCents}`, version: () => 'version + 1' })
      .where('id = :id', { id: batch.id })
      .andWhere('spent_cents + :cost <= budget_cents', { cost: costCents })
      .execute();
    if (spent.affected !== 1) {
      const current = await em.findOneByOrFail(CareBatchRow, { id: batch.id });
      const left = current.budgetCents - current.spentCents;
      throw new DomainError(
        BUDGET_EXCEEDED,
        `This visit costs ${yuan(costCents)} yuan but the batch "${batch.name}" has only ${yuan(left)} yuan (${left} fen) left; record a smaller cost or use another batch.`,
        { remainingCents: left },
      );
    }
    const visit = Object.assign(new CareVisitRow(), {
      id: newId(now.getTime()),
      batchId: batch.id,
      memberId: facts.id,
      orgId: org.id,
      orgPath: org.path,
      items,
      costCents,
      visitedOn,
      recordedBy: ctx.caller.sub,
      createdAt: now,
    });
    await em.insert(CareVisitRow, visit);
    return visit;
  }, (v) => v.id));
}

export type CareBatchPage = Page<CareBatchRow>;

/**
 * Batches the caller sees; with orgId, those run at or under it and those run above it that
 * cover it. Keyset on (org_path, id), the order of the table's scope index.
 */
export async function listCareBatches(ctx: SubgraphContext, args: CareBatchesArgs): Promise<CareBatchPage> {
  const qb = careBatchQuery(ctx);
  if (args.orgId) {
    const org = await requireOrgs(ctx).org(args.orgId);
    // Narrowing to an org the caller cannot see finds nothing, as if it did not exist.
    if (!org || !inScope(requireScope(ctx), { path: org.path })) return emptyPage();
    const { from, to } = subtreeRange(org.path);
    qb.andWhere(
      new Brackets((w) => {
        w.where('b.orgPath >= :nf AND b.orgPath < :nt', { nf: from, nt: to }).orWhere('b.orgId IN (:...above)', { above: pathIds(org.path) });
      }),
    );
  }
  const page = await pathKeysetPage(qb, 'b', args);
  for (const { node } of page.edges) careBatchById(ctx).prime(node.id, node);
  return page;
}

export const getCareBatch = (ctx: SubgraphContext, id: string): Promise<CareBatchRow | null> => careBatchById(ctx).load(id);
