import { pathIds } from '@lianxin/auth';
import { Arg, Args, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Access, afterId, IDEMPOTENCY_KEY_ARG, badInput, defineLoader, DomainError, encodeIdCursor, ErrorCode, PageArgs, pageOf, requireOrgs, type OrgInfo, type Page, type SubgraphContext } from '@lianxin/subgraph';
import type { CaseRow } from '../casefile/case.entity';
import { CaseAction, CaseState, DeclineReason, Rating, ReturnReason } from '../casefile/case.enums';
import { allowedActions } from './case.rules';
import { caseById, casesOfMember } from '../casefile/case.loader';
import { eventsOfCase } from '../ledger/ledger.loader';
import * as cases from './case.service';
import * as routing from './routing.service';
import { referralsOfCase } from './referral.loader';
import type { CaseReferralRow } from './referral.entity';
import { Case, CaseConnection, CaseEvent, CaseFilter, CaseReferral, CaseWorker, RaiseCaseInput } from './case.types';
import { workerPhone } from './worker.service';
import { CaseFactsResolver } from './case.facts';
import { Member, Org } from '../casefile/graph.types';
import type { CaseEventRow } from '../ledger/ledger.entity';

@Resolver(() => Case)
export class CaseResolver {
  @Query(() => Case, { nullable: true, description: 'A case you can see; null when missing or outside your scope' })
  @Access('member', 'staff', 'admin')
  case(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID, { description: 'The case\'s id' }) id: string): Promise<CaseRow | null> {
    return caseById(ctx).load(id);
  }

  @Query(() => CaseConnection, { nullable: true, description: 'Cases raised or handled under an org (default: yours), newest first. Members get their own' })
  @Access('member', 'staff', 'admin')
  cases(
    @Ctx() ctx: SubgraphContext,
    @Arg('filter', () => CaseFilter, { defaultValue: {}, description: 'Which cases: org, state, kind, overdue, supervised, handled here or waiting on you (default: every case you can see)' }) filter: CaseFilter,
    @Args(() => PageArgs) { first, after }: PageArgs,
  ) {
    return cases.listCases(ctx, filter, first, after);
  }

  @Mutation(() => Case, {
    nullable: true,
    description: 'Register a request (挂号). Members raise at their own org or one above it; staff at an org in their scope, for a member (memberId), a worker who is not one (worker), or nobody named',
  })
  @Access('member', 'staff', 'admin')
  raiseCase(
    @Ctx() ctx: SubgraphContext,
    @Arg('input', () => RaiseCaseInput, { description: 'The request to register' }) input: RaiseCaseInput,
    @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_KEY_ARG }) idempotencyKey?: string | null,
  ): Promise<CaseRow> {
    return cases.raiseCase(ctx, input, new Date(), idempotencyKey);
  }

  @Mutation(() => Case, { nullable: true, description: '接单: the handling org takes the case and names who is responsible: a person of its staff directory and, where it has them, their 部室' })
  @Access('staff', 'admin')
  acceptCase(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The case\'s id' }) id: string,
    @Arg('staffId', () => ID, { description: 'The person responsible: an active staff account of the handling union (Org.departments { staff }, or staffAccounts)' }) staffId: string,
    @Arg('departmentId', () => ID, { nullable: true, description: 'Their 部室: an active department of the handling union (Org.departments); leave it out where the union has none' }) departmentId?: string,
    @Arg('note', () => String, { nullable: true, description: 'Optional note, kept in the ledger' }) note?: string,
    @Arg('version', () => Int, { nullable: true, description: 'The version you last saw; if the case changed since, the call fails with CONFLICT instead of overwriting; null or absent: no check' }) version?: number | null,
  ): Promise<CaseRow> {
    return cases.acceptCase(ctx, id, version, { staffId, departmentId }, note);
  }

  @Mutation(() => Case, { nullable: true, description: '转办: send the case down to a street or enterprise union under the handling org, named by id (toOrgId) or by code (toOrgCode, e.g. LJ-01-02)' })
  @Access('staff', 'admin')
  async transferCase(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The case\'s id' }) id: string,
    @Arg('toOrgId', () => ID, { nullable: true, description: 'The receiving org; or give toOrgCode instead' }) toOrgId?: string,
    @Arg('note', () => String, { nullable: true, description: 'Optional note, kept in the ledger' }) note?: string,
    @Arg('version', () => Int, { nullable: true, description: 'The version you last saw; if the case changed since, the call fails with CONFLICT instead of overwriting; null or absent: no check' }) version?: number | null,
    @Arg('toOrgCode', () => String, { nullable: true, description: 'The receiving org by its code, as printed on its documents (e.g. LJ-01-02); or give toOrgId instead' }) toOrgCode?: string,
  ): Promise<CaseRow> {
    return cases.transferCase(ctx, id, version, await receivingOrgId(ctx, toOrgId, toOrgCode), note);
  }

  @Mutation(() => Case, { nullable: true, description: '退回: the receiving org returns a transferred case to the sender, with a reason' })
  @Access('staff', 'admin')
  returnCase(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The case\'s id' }) id: string,
    @Arg('reason', () => ReturnReason, { description: 'Why the case is returned' }) reason: ReturnReason,
    @Arg('note', () => String, { nullable: true, description: 'Optional note, kept in the ledger' }) note?: string,
    @Arg('version', () => Int, { nullable: true, description: 'The version you last saw; if the case changed since, the call fails with CONFLICT instead of overwriting; null or absent: no check' }) version?: number | null,
  ): Promise<CaseRow> {
    return cases.returnCase(ctx, id, version, reason, note);
  }

  @Mutation(() => Case, { nullable: true, description: 'Add a progress note; an accepted case moves to in progress' })
  @Access('staff', 'admin')
  recordCaseProgress(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The case\'s id' }) id: string,
    @Arg('note', { description: 'What was done, 1-2000 characters; goes into the ledger' }) note: string,
    @Arg('version', () => Int, { nullable: true, description: 'The version you last saw; if the case changed since, the call fails with CONFLICT instead of overwriting; null or absent: no check' }) version?: number | null,
  ): Promise<CaseRow> {
    return cases.recordProgress(ctx, id, version, note);
  }

  @Mutation(() => Case, { nullable: true, description: 'Wait on the worker for information; the deadline clock stops until they respond' })
  @Access('staff', 'admin')
  awaitWorker(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The case\'s id' }) id: string,
    @Arg('note', { description: 'What the worker is asked for' }) note: string,
    @Arg('version', () => Int, { nullable: true, description: 'The version you last saw; if the case changed since, the call fails with CONFLICT instead of overwriting; null or absent: no check' }) version?: number | null,
  ): Promise<CaseRow> {
    return cases.awaitWorker(ctx, id, version, note);
  }

  @Mutation(() => Case, { nullable: true, description: 'The worker answered (by the member, or recorded by the handler); the clock resumes' })
  @Access('member', 'staff', 'admin')
  workerResponded(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The case\'s id' }) id: string,
    @Arg('note', { description: 'What the worker said or provided, 1-2000 characters; goes into the ledger' }) note: string,
    @Arg('version', () => Int, { nullable: true, description: 'The version you last saw; if the case changed since, the call fails with CONFLICT instead of overwriting; null or absent: no check' }) version?: number | null,
  ): Promise<CaseRow> {
    return cases.workerResponded(ctx, id, version, note);
  }

  @Mutation(() => Case, { nullable: true, description: '办结: record the resolution' })
  @Access('staff', 'admin')
  resolveCase(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The case\'s id' }) id: string,
    @Arg('resolution', { description: 'What was done for the worker, up to 1000 characters; shown to them as Case.resolution' }) resolution: string,
    @Arg('version', () => Int, { nullable: true, description: 'The version you last saw; if the case changed since, the call fails with CONFLICT instead of overwriting; null or absent: no check' }) version?: number | null,
  ): Promise<CaseRow> {
    return cases.resolveCase(ctx, id, version, resolution);
  }

  @Mutation(() => Case, { nullable: true, description: '签单: sign off a resolved case. Legal aid, hardship aid, grievances and bargaining need a higher level' })
  @Access('staff', 'admin')
  signOffCase(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The case\'s id' }) id: string,
    @Arg('note', () => String, { nullable: true, description: 'Optional note, kept in the ledger' }) note?: string,
    @Arg('version', () => Int, { nullable: true, description: 'The version you last saw; if the case changed since, the call fails with CONFLICT instead of overwriting; null or absent: no check' }) version?: number | null,
  ): Promise<CaseRow> {
    return cases.signOffCase(ctx, id, version, note);
  }

  @Mutation(() => Case, { nullable: true, description: 'The member rates a signed-off case. Unsatisfied reopens it under supervision' })
  @Access('member')
  rateCase(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The case\'s id' }) id: string,
    @Arg('rating', () => Rating, { description: 'SATISFIED or BASICALLY_SATISFIED closes the case; UNSATISFIED reopens it under supervision' }) rating: Rating,
    @Arg('comment', () => String, { nullable: true, description: 'Optional comment with the rating, up to 500 characters' }) comment?: string,
    @Arg('version', () => Int, { nullable: true, description: 'The version you last saw; if the case changed since, the call fails with CONFLICT instead of overwriting; null or absent: no check' }) version?: number | null,
  ): Promise<CaseRow> {
    return cases.rateCase(ctx, id, version, rating, comment);
  }

  @Mutation(() => Case, { nullable: true, description: '不予受理: decline with a reason code and an explanation for the worker' })
  @Access('staff', 'admin')
  declineCase(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The case\'s id' }) id: string,
    @Arg('reason', () => DeclineReason, { description: 'Why the case is declined' }) reason: DeclineReason,
    @Arg('note', { description: 'The explanation for the worker, 1-2000 characters; goes into the ledger' }) note: string,
    @Arg('version', () => Int, { nullable: true, description: 'The version you last saw; if the case changed since, the call fails with CONFLICT instead of overwriting; null or absent: no check' }) version?: number | null,
  ): Promise<CaseRow> {
    return cases.declineCase(ctx, id, version, reason, note);
  }

  @Mutation(() => Case, { nullable: true, description: '督办: a higher level puts an open case under supervision' })
  @Access('staff', 'admin')
  superviseCase(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The case\'s id' }) id: string,
    @Arg('note', { description: 'Why the case is supervised and what is expected, 1-2000 characters; goes into the ledger' }) note: string,
    @Arg('version', () => Int, { nullable: true, description: 'The version you last saw; if the case changed since, the call fails with CONFLICT instead of overwriting; null or absent: no check' }) version?: number | null,
  ): Promise<CaseRow> {
    return cases.superviseCase(ctx, id, version, note);
  }

  @Mutation(() => Case, { nullable: true, description: '上报: the handling org passes the case up to a union above it, with the reason it is beyond its reach; it is registered there afresh and its deadline keeps running' })
  @Access('staff', 'admin')
  passUpCase(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The case\'s id' }) id: string,
    @Arg('toOrgId', () => ID, { description: 'The union above the handling org that takes the case: its parent or higher' }) toOrgId: string,
    @Arg('reason', { description: 'Why the case is beyond the handling org, 1-2000 characters; goes into the ledger' }) reason: string,
    @Arg('version', () => Int, { nullable: true, description: 'The version you last saw; if the case changed since, the call fails with CONFLICT instead of overwriting; null or absent: no check' }) version?: number | null,
  ): Promise<CaseRow> {
    return routing.passUpCase(ctx, id, version, toOrgId, reason);
  }

  @Mutation(() => Case, { nullable: true, description: '转办外部机构: refer the case to an outside agency with the day it should answer by; the union keeps the case and answers the worker' })
  @Access('staff', 'admin')
  referCaseOut(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The case\'s id' }) id: string,
    @Arg('agency', { description: 'The agency, 2-100 characters, e.g. 江北区法律援助中心' }) agency: string,
    @Arg('dueOn', { description: 'The China day by which the agency should answer, YYYY-MM-DD, today or later' }) dueOn: string,
    @Arg('note', () => String, { nullable: true, description: 'Optional note, kept in the ledger' }) note?: string,
    @Arg('version', () => Int, { nullable: true, description: 'The version you last saw; if the case changed since, the call fails with CONFLICT instead of overwriting; null or absent: no check' }) version?: number | null,
  ): Promise<CaseRow> {
    return routing.referCaseOut(ctx, id, version, { agency, dueOn, note });
  }

  @Mutation(() => Case, { nullable: true, description: 'Record the outside agency\'s answer to the open referral' })
  @Access('staff', 'admin')
  recordAgencyAnswer(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The case\'s id' }) id: string,
    @Arg('answer', { description: 'What the agency answered, 1-1000 characters' }) answer: string,
    @Arg('version', () => Int, { nullable: true, description: 'The version you last saw; if the case changed since, the call fails with CONFLICT instead of overwriting; null or absent: no check' }) version?: number | null,
  ): Promise<CaseRow> {
    return routing.recordAgencyAnswer(ctx, id, version, answer);
  }

  @Mutation(() => Case, { nullable: true, description: '回访: staff record the satisfaction of a worker without an account, asked by phone. Unsatisfied reopens it under supervision' })
  @Access('staff', 'admin')
  recordCallback(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The case\'s id' }) id: string,
    @Arg('rating', () => Rating, { description: 'What the worker said: SATISFIED or BASICALLY_SATISFIED closes the case; UNSATISFIED reopens it under supervision' }) rating: Rating,
    @Arg('comment', () => String, { nullable: true, description: 'What the worker said, up to 500 characters' }) comment?: string,
    @Arg('version', () => Int, { nullable: true, description: 'The version you last saw; if the case changed since, the call fails with CONFLICT instead of overwriting; null or absent: no check' }) version?: number | null,
  ): Promise<CaseRow> {
    return routing.recordCallback(ctx, id, version, rating, comment);
  }

  @FieldResolver(() => [Org], { description: 'Where you may pass this case up to (上报): the unions above the handling org, nearest first; empty unless you may pass it up now' })
  passUpTargets(@Root() c: CaseRow, @Ctx() ctx: SubgraphContext): Org[] {
    if (!allowedActions(ctx.caller, c.state, c).includes(CaseAction.PASS_UP)) return [];
    return pathIds(c.handlingPath).slice(0, -1).reverse().map((id) => ({ id }));
  }

  @FieldResolver(() => [CaseReferral], { description: 'Its referrals to outside agencies, oldest first' })
  referrals(@Root() c: CaseRow, @Ctx() ctx: SubgraphContext): Promise<CaseReferralRow[]> {
    return referralsOfCase(ctx).load(c.id);
  }

  @FieldResolver(() => Boolean)
  anonymous(@Root() c: CaseRow): boolean {
    // A non-member registered by staff has a name (worker), though no member link.
    return c.memberId === null && c.workerName === null;
  }

  @FieldResolver(() => CaseWorker, { nullable: true, description: 'The worker who is not a member, when staff registered the case for one (no member link: closed by a callback); null otherwise' })
  worker(@Root() c: CaseRow): CaseRow | null {
    return c.workerName ? c : null;
  }

  @FieldResolver(() => Member, { nullable: true, description: 'Null for anonymous cases' })
  member(@Root() c: CaseRow): Member | null {
    return c.memberId ? { id: c.memberId } : null;
  }

  @FieldResolver(() => Org, { description: 'Where the case was raised' })
  raisedOrg(@Root() c: CaseRow): Org {
    return { id: c.raisedOrgId };
  }

  @FieldResolver(() => Org, { description: 'Who handles it now' })
  handlingOrg(@Root() c: CaseRow): Org {
    return { id: c.handlingOrgId };
  }

  @FieldResolver(() => Org, { nullable: true, description: 'The org a missed deadline escalated it to' })
  escalatedTo(@Root() c: CaseRow): Org | null {
    return c.escalatedToOrgId ? { id: c.escalatedToOrgId } : null;
  }

  @FieldResolver(() => Boolean, { description: 'Open, clock running and past the deadline' })
  overdue(@Root() c: CaseRow): boolean {
    return cases.isOverdue(c);
  }

  @FieldResolver(() => [CaseAction], { description: 'What you may do to this case now' })
  allowedActions(@Root() c: CaseRow, @Ctx() ctx: SubgraphContext): CaseAction[] {
    return allowedActions(ctx.caller, c.state, c);
  }

  @FieldResolver(() => [CaseEvent], { description: 'The ledger, oldest first' })
  events(@Root() c: CaseRow, @Ctx() ctx: SubgraphContext): Promise<CaseEventRow[]> {
    return eventsOfCase(ctx).load(c.id);
  }
}

/** CaseWorker is resolved from the case row itself: the phone needs the case id for its audit. */
@Resolver(() => CaseWorker)
export class CaseWorkerResolver {
  @FieldResolver(() => String, { description: 'Their name as they gave it' })
  name(@Root() c: CaseRow): string {
    return c.workerName ?? '';
  }

  @FieldResolver(() => String, { nullable: true, description: 'Masked (138****5678) unless reveal is true and you may see it; full reads are audited' })
  phone(
    @Root() c: CaseRow,
    @Ctx() ctx: SubgraphContext,
    @Arg('reveal', { defaultValue: false, description: 'Ask for the full number, to call the worker back: granted to admins and staff holding pii:read; each full read is audited' }) reveal: boolean,
  ): Promise<string | null> {
    return workerPhone(ctx, c, reveal);
  }
}

@Resolver(() => Member)
export class MemberCasesResolver {
  // Nullable, like every field one subgraph adds to another's entity: when cases is down the
  // gateway can then null just this field and keep the member (and everything above it).
  @FieldResolver(() => CaseConnection, { nullable: true, description: 'The member\'s own (named) cases you can see, newest first' })
  async cases(
    @Root() m: Member,
    @Ctx() ctx: SubgraphContext,
    @Arg('state', () => CaseState, { nullable: true, description: 'Only cases in this state; all states when omitted' }) state: CaseState | undefined,
    @Args(() => PageArgs) { first, after }: PageArgs,
  ): Promise<Page<CaseRow>> {
    const cursor = afterId(after);
    // The loader reads every member of the page in one statement; the page is cut here.
    const all = await casesOfMember(ctx).load(m.id);
    const rows = all.filter((c) => (!state || c.state === state) && (!cursor || c.id < cursor)).slice(0, first + 1);
    return pageOf(rows, first, (c) => encodeIdCursor(c.id));
  }
}

/**
 * An org's code and name as the org directory knows them (members owns both; they are
 * @shareable). Orgs reach this subgraph only through a case the caller can see (raised
 * at, handled by, escalated to), and knowing who sent or supervises your case is part of
 * handling it, even when that org is above your own. One directory call per request.
 * Nullable here (members, which owns them, keeps them non-null): the directory lives in
 * members, so while members is down these two fail alone and the case still arrives.
 */
@Resolver(() => Org)
export class CaseOrgResolver {
  @FieldResolver(() => String, { nullable: true })
  @Directive('@shareable')
  code(@Root() org: Org, @Ctx() ctx: SubgraphContext): string | Promise<string> {
    return orgEntry(ctx, org.id, (o) => o.code);
  }

  @FieldResolver(() => String, { nullable: true })
  @Directive('@shareable')
  name(@Root() org: Org, @Ctx() ctx: SubgraphContext): string | Promise<string> {
    return orgEntry(ctx, org.id, (o) => o.name);
  }
}

/**
 * An org's entry: straight from what the directory remembers (a page of cases names a
 * hundred orgs; a promise and a loader round for each cost more than the lookup), else
 * through the request's loader, one directory call for all that are missing.
 */
function orgEntry<T>(ctx: SubgraphContext, id: string, pick: (o: OrgInfo) => T): T | Promise<T> {
  const hit = requireOrgs(ctx).cached?.(id);
  return hit ? pick(hit) : directoryEntry(ctx).load(id).then(pick);
}

/** The org a transfer goes to, from exactly one of its id and its code. */
async function receivingOrgId(ctx: SubgraphContext, toOrgId?: string | null, toOrgCode?: string | null): Promise<string> {
  if (!toOrgId === !toOrgCode) throw badInput(toOrgId ? 'toOrgCode' : 'toOrgId', 'give the receiving org either by id (toOrgId) or by code (toOrgCode), not both and not neither');
  if (toOrgId) return toOrgId;
  const org = await requireOrgs(ctx).orgByCode(toOrgCode!);
  // An unknown code and one outside your subtree read the same: the transfer check below refuses the latter.
  if (!org) throw new DomainError(ErrorCode.NOT_FOUND, `No org with code ${toOrgCode!.trim().slice(0, 40)} exists that you can see. Check the code, or pick the org from the list.`);
  return org.id;
}

const directoryEntry = defineLoader<string, OrgInfo>((ctx) => async (ids) => {
  const found = await requireOrgs(ctx).orgs(ids);
  return ids.map((id) => found.get(id) ?? new Error(`Org ${id} is not in the org directory`));
});

@Resolver(() => CaseEvent)
export class CaseEventResolver {
  // The ledger names who acted by org, so a timeline can say 江北区总工会 rather than just "staff".
  @FieldResolver(() => Org, { nullable: true, description: 'The org the actor acted for, as an Org (null for members, the sweep, and orgs outside your scope)' })
  actorOrg(@Root() e: CaseEvent): Org | null {
    return e.actorOrgId ? { id: e.actorOrgId } : null;
  }
}

export const caseResolvers = [CaseResolver, CaseWorkerResolver, CaseFactsResolver, MemberCasesResolver, CaseOrgResolver, CaseEventResolver] as const;
