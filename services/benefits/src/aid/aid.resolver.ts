import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Access, IDEMPOTENCY_KEY_ARG, type SubgraphContext } from '@lianxin/subgraph';
import { Case, Member, Org } from '../graph.types';
import { programmeById } from '../programme/programme.loader';
import { Programme } from '../programme/programme.types';
import type { ProgrammeRow } from '../programme/programme.entity';
import type { AidApplicationRow, AidEventRow } from '../grant/aid.entity';
import { aidsOfCase, eventsOfAid } from './aid.loader';
import * as aid from './aid.service';
import { AidApplication, AidApplicationConnection, AidApplicationsArgs, AidEvent, AidStep, ApplyForEducationAidInput, OpenAidFromCaseInput } from './aid.types';

@Resolver(() => AidApplication)
export class AidApplicationResolver {
  @Query(() => AidApplication, { nullable: true, description: 'An education aid application: your own (members) or of a member in your scope (staff); null otherwise' })
  @Access('member', 'staff', 'admin')
  aidApplication(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID, { description: 'The application\'s id' }) id: string): Promise<AidApplicationRow | null> {
    return aid.getAidApplication(ctx, id);
  }

  @Query(() => AidApplicationConnection, { nullable: true, description: 'Education aid applications you can see (members: your own), in org-tree order' })
  @Access('member', 'staff', 'admin')
  aidApplications(@Ctx() ctx: SubgraphContext, @Args(() => AidApplicationsArgs) args: AidApplicationsArgs): Promise<aid.AidPage> {
    return aid.listAidApplications(ctx, args);
  }

  @Mutation(() => AidApplication, {
    nullable: true,
    description: 'Apply for education aid (金秋助学) for a child: members for themselves, staff on behalf of a member in their scope. Refused with NOT_ELIGIBLE and reason codes, or DUPLICATE when the child already has an open or awarded application this year',
  })
  @Access('member', 'staff', 'admin')
  applyForEducationAid(
    @Ctx() ctx: SubgraphContext,
    @Arg('input', () => ApplyForEducationAidInput, { description: 'The programme, the child and, for staff, the member' }) input: ApplyForEducationAidInput,
    @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_KEY_ARG }) idempotencyKey?: string | null,
  ): Promise<AidApplicationRow> {
    return aid.applyForEducationAid(ctx, input, new Date(), idempotencyKey);
  }

  @Mutation(() => AidApplication, {
    nullable: true,
    description:
      'Open the matching aid application from a worker\'s case (诉求), for the member it is for: 金秋助学 from an EDUCATION_AID case, 困难劳模救助 from a HARDSHIP_AID case. ' +
      'For staff of the union handling the case while it is accepted and not resolved. Refused with NOT_ELIGIBLE and reason codes, or DUPLICATE when the case already opened one in that programme',
  })
  @Access('staff', 'admin')
  openAidFromCase(@Ctx() ctx: SubgraphContext, @Arg('input', () => OpenAidFromCaseInput, { description: 'The case, the programme and, for education aid, the child' }) input: OpenAidFromCaseInput): Promise<AidApplicationRow> {
    return aid.openAidFromCase(ctx, input);
  }

  @Mutation(() => AidApplication, { nullable: true, description: 'Enterprise check: staff of the member\'s enterprise union pass the application to the district (approve) or reject it (note = the reason, required)' })
  @Access('staff', 'admin')
  checkAidApplication(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The application, in state APPLIED' }) id: string,
    @Arg('approve', { description: 'True passes it on to the district review (ENTERPRISE_CHECKED); false rejects it (REJECTED)' }) approve: boolean,
    @Arg('note', () => String, { nullable: true, description: 'Optional note or rejection reason, kept in the application\'s history' }) note?: string | null,
  ): Promise<AidApplicationRow> {
    return aid.checkAidApplication(ctx, id, approve, note);
  }

  @Mutation(() => AidApplication, {
    nullable: true,
    description: 'District review: staff of the district union (or admins) award the programme\'s amount, or reject (reason required). Refused with DUPLICATE when the child was already awarded this year, QUOTA_EXHAUSTED or BUDGET_EXCEEDED when the share is spent',
  })
  @Access('staff', 'admin')
  reviewAidApplication(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The application, in state ENTERPRISE_CHECKED' }) id: string,
    @Arg('award', { description: 'True awards it (AWARDED, the programme\'s amount per award); false rejects it (REJECTED)' }) award: boolean,
    @Arg('reason', () => String, { nullable: true, description: 'Optional reason, kept in the application\'s history; give one when rejecting' }) reason?: string | null,
  ): Promise<AidApplicationRow> {
    return aid.reviewAidApplication(ctx, id, award, reason);
  }

  @Mutation(() => AidApplication, { nullable: true, description: 'The awarded study items were bought and handed over: by staff of the member\'s enterprise or district union' })
  @Access('staff', 'admin')
  markAidDelivered(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID, { description: 'The application, in state AWARDED' }) id: string, @Arg('note', () => String, { nullable: true, description: 'Optional note on the delivery, e.g. what was handed over' }) note?: string | null): Promise<AidApplicationRow> {
    return aid.markAidDelivered(ctx, id, note);
  }

  @FieldResolver(() => Programme, { nullable: true, description: 'The education aid programme applied to; null if you cannot see it' })
  programme(@Root() a: AidApplicationRow, @Ctx() ctx: SubgraphContext): Promise<ProgrammeRow | null> {
    return programmeById(ctx).load(a.programmeId);
  }

  @FieldResolver(() => Member, { description: 'The member (parent) the application is for' })
  member(@Root() a: AidApplicationRow): Member {
    return { id: a.memberId };
  }

  @FieldResolver(() => Org, { description: 'The member\'s union when applying: it checks; its district reviews' })
  org(@Root() a: AidApplicationRow): Org {
    return { id: a.orgId };
  }

  @FieldResolver(() => Case, { nullable: true, description: 'The worker\'s case (诉求) the application was opened from; null when applied for directly' })
  case(@Root() a: AidApplicationRow): Case | null {
    return a.caseId ? { id: a.caseId } : null;
  }

  @FieldResolver(() => [AidStep], {
    description: 'The steps you may take on this application now (CHECK, REVIEW, DELIVER): its state allows them and you are staff of the union that takes them; empty for members and for anyone else',
  })
  allowedSteps(@Root() a: AidApplicationRow, @Ctx() ctx: SubgraphContext): AidStep[] {
    return aid.allowedSteps(ctx, a);
  }

  @FieldResolver(() => [AidEvent], { description: 'Every step, oldest first' })
  history(@Root() a: AidApplicationRow, @Ctx() ctx: SubgraphContext): Promise<AidEventRow[]> {
    return eventsOfAid(ctx).load(a.id);
  }
}

@Resolver(() => Case)
export class CaseAidResolver {
  // Nullable, like every field one subgraph adds to another's entity: when benefits is down the case still arrives.
  @FieldResolver(() => AidApplication, {
    nullable: true,
    description: 'The latest aid application opened from this case, if any, as far as you may see aid: the member, and union staff over them. Never for partners',
  })
  async aidApplication(@Root() c: Case, @Ctx() ctx: SubgraphContext): Promise<AidApplicationRow | null> {
    const all = await aidsOfCase(ctx).load(c.id);
    return all[all.length - 1] ?? null;
  }

  @FieldResolver(() => [AidApplication], { nullable: true, description: 'Every aid application opened from this case (one per programme at most), oldest first, as far as you may see aid' })
  aidApplications(@Root() c: Case, @Ctx() ctx: SubgraphContext): Promise<AidApplicationRow[]> {
    return aidsOfCase(ctx).load(c.id);
  }
}

export const aidResolvers = [AidApplicationResolver, CaseAidResolver] as const;
