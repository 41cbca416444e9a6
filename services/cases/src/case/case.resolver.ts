import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Access, badInput, defineLoader, requireOrgs, type OrgInfo, type SubgraphContext } from '@lianxin/subgraph';
import type { CaseRow } from './case.entity';
import { CaseAction, CaseState, DeclineReason, Rating, ReturnReason } from './case.enums';
import { allowedActions } from './case.rules';
import { caseById, casesOfMember, eventsOfCase } from './case.loader';
import * as cases from './case.service';
import { Case, CaseConnection, CaseEvent, CaseFilter, Member, Org, RaiseCaseInput } from './case.types';
import type { CaseEventRow } from '../ledger/ledger.entity';

const checkFirst = (first: number, max = 200): void => {
  if (first < 1 || first > max) throw badInput('first', `must be between 1 and ${max}`);
};

@Resolver(() => Case)
export class CaseResolver {
  @Query(() => Case, { nullable: true, description: 'A case you can see; null when missing or outside your scope' })
  @Access('member', 'staff', 'admin')
  case(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID) id: string): Promise<CaseRow | null> {
    return caseById(ctx).load(id);
  }

  @Query(() => CaseConnection, { description: 'Cases raised or handled under an org (default: yours), newest first. Members get their own' })
  @Access('member', 'staff', 'admin')
  cases(
    @Ctx() ctx: SubgraphContext,
    @Arg('filter', () => CaseFilter, { defaultValue: {} }) filter: CaseFilter,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    checkFirst(first);
    return cases.listCases(ctx, filter, first, after);
  }

  @Mutation(() => Case, { description: 'Register a request (挂号). Members raise at their own org; staff at an org in their scope' })
  @Access('member', 'staff', 'admin')
  raiseCase(@Ctx() ctx: SubgraphContext, @Arg('input', () => RaiseCaseInput) input: RaiseCaseInput): Promise<CaseRow> {
    return cases.raiseCase(ctx, input);
  }

  @Mutation(() => Case, { description: '接单: the handling org takes the case and names who is responsible' })
  @Access('staff', 'admin')
  acceptCase(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID) id: string,
    @Arg('responsible', { description: 'Department or person' }) responsible: string,
    @Arg('note', () => String, { nullable: true }) note?: string,
    @Arg('version', () => Int, { nullable: true }) version?: number,
  ): Promise<CaseRow> {
    if (responsible.length > 100) throw badInput('responsible', 'keep it to 100 characters');
    return cases.acceptCase(ctx, id, version, responsible, note);
  }

  @Mutation(() => Case, { description: '转办: send the case down to a street or enterprise union under the handling org' })
  @Access('staff', 'admin')
  transferCase(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID) id: string,
    @Arg('toOrgId', () => ID) toOrgId: string,
    @Arg('note', () => String, { nullable: true }) note?: string,
    @Arg('version', () => Int, { nullable: true }) version?: number,
  ): Promise<CaseRow> {
    return cases.transferCase(ctx, id, version, toOrgId, note);
  }

  @Mutation(() => Case, { description: '退回: the receiving org returns a transferred case to the sender, with a reason' })
  @Access('staff', 'admin')
  returnCase(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => ReturnReason) reason: ReturnReason,
    @Arg('note', () => String, { nullable: true }) note?: string,
    @Arg('version', () => Int, { nullable: true }) version?: number,
  ): Promise<CaseRow> {
    return cases.returnCase(ctx, id, version, reason, note);
  }

  @Mutation(() => Case, { description: 'Add a progress note; an accepted case moves to in progress' })
  @Access('staff', 'admin')
  recordCaseProgress(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID) id: string,
    @Arg('note') note: string,
    @Arg('version', () => Int, { nullable: true }) version?: number,
  ): Promise<CaseRow> {
    return cases.recordProgress(ctx, id, version, note);
  }

  @Mutation(() => Case, { description: 'Wait on the worker for information; the deadline clock stops until they respond' })
  @Access('staff', 'admin')
  awaitWorker(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID) id: string,
    @Arg('note', { description: 'What the worker is asked for' }) note: string,
    @Arg('version', () => Int, { nullable: true }) version?: number,
  ): Promise<CaseRow> {
    return cases.awaitWorker(ctx, id, version, note);
  }

  @Mutation(() => Case, { description: 'The worker answered (by the member, or recorded by the handler); the clock resumes' })
  @Access('member', 'staff', 'admin')
  workerResponded(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID) id: string,
    @Arg('note') note: string,
    @Arg('version', () => Int, { nullable: true }) version?: number,
  ): Promise<CaseRow> {
    return cases.workerResponded(ctx, id, version, note);
  }

  @Mutation(() => Case, { description: '办结: record the resolution' })
  @Access('staff', 'admin')
  resolveCase(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID) id: string,
    @Arg('resolution') resolution: string,
    @Arg('version', () => Int, { nullable: true }) version?: number,
  ): Promise<CaseRow> {
    return cases.resolveCase(ctx, id, version, resolution);
  }

  @Mutation(() => Case, { description: '签单: sign off a resolved case. Legal aid, hardship aid, grievances and bargaining need a higher level' })
  @Access('staff', 'admin')
  signOffCase(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID) id: string,
    @Arg('note', () => String, { nullable: true }) note?: string,
    @Arg('version', () => Int, { nullable: true }) version?: number,
  ): Promise<CaseRow> {
    return cases.signOffCase(ctx, id, version, note);
  }

  @Mutation(() => Case, { description: 'The member rates a signed-off case. Unsatisfied reopens it under supervision' })
  @Access('member')
  rateCase(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID) id: string,
    @Arg('rating', () => Rating) rating: Rating,
    @Arg('comment', () => String, { nullable: true }) comment?: string,
    @Arg('version', () => Int, { nullable: true }) version?: number,
  ): Promise<CaseRow> {
    return cases.rateCase(ctx, id, version, rating, comment);
  }

  @Mutation(() => Case, { description: '不予受理: decline with a reason code and an explanation for the worker' })
  @Access('staff', 'admin')
  declineCase(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => DeclineReason) reason: DeclineReason,
    @Arg('note') note: string,
    @Arg('version', () => Int, { nullable: true }) version?: number,
  ): Promise<CaseRow> {
    return cases.declineCase(ctx, id, version, reason, note);
  }

  @Mutation(() => Case, { description: '督办: a higher level puts an open case under supervision' })
  @Access('staff', 'admin')
  superviseCase(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID) id: string,
    @Arg('note') note: string,
    @Arg('version', () => Int, { nullable: true }) version?: number,
  ): Promise<CaseRow> {
    return cases.superviseCase(ctx, id, version, note);
  }

  @FieldResolver(() => Boolean)
  anonymous(@Root() c: CaseRow): boolean {
    return c.memberId === null;
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

@Resolver(() => Member)
export class MemberCasesResolver {
  @FieldResolver(() => [Case], { description: 'The member\'s own (named) cases you can see, newest first' })
  async cases(
    @Root() m: Member,
    @Ctx() ctx: SubgraphContext,
    @Arg('state', () => CaseState, { nullable: true }) state?: CaseState,
    @Arg('first', () => Int, { defaultValue: 20 }) first = 20,
  ): Promise<CaseRow[]> {
    checkFirst(first, 100);
    const all = await casesOfMember(ctx).load(m.id);
    return all.filter((c) => !state || c.state === state).slice(0, first);
  }
}

/**
 * An org's code and name as the org directory knows them (members owns both; they are
 * @shareable). Orgs reach this subgraph only through a case the caller can see (raised
 * at, handled by, escalated to), and knowing who sent or supervises your case is part of
 * handling it, even when that org is above your own. One directory call per request.
 */
@Resolver(() => Org)
export class CaseOrgResolver {
  @FieldResolver(() => String)
  @Directive('@shareable')
  async code(@Root() org: Org, @Ctx() ctx: SubgraphContext): Promise<string> {
    return (await directoryEntry(ctx).load(org.id)).code;
  }

  @FieldResolver(() => String)
  @Directive('@shareable')
  async name(@Root() org: Org, @Ctx() ctx: SubgraphContext): Promise<string> {
    return (await directoryEntry(ctx).load(org.id)).name;
  }
}

const directoryEntry = defineLoader<string, OrgInfo>((ctx) => async (ids) => {
  const found = await requireOrgs(ctx).orgs(ids);
  return ids.map((id) => found.get(id) ?? new Error(`Org ${id} is not in the org directory`));
});

export const caseResolvers = [CaseResolver, MemberCasesResolver, CaseOrgResolver] as const;
