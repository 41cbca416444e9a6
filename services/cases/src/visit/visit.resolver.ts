import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Access, type Page, type SubgraphContext } from '@lianxin/subgraph';
import type { CaseRow } from '../casefile/case.entity';
import { OutreachKind } from '../casefile/case.enums';
import { Case } from '../case/case.types';
import { Org } from '../casefile/graph.types';
import type { ChairVisitDayRow, ChairVisitRow } from './visit.entity';
import { casesOfVisit, visitById } from './visit.loader';
import * as visits from './visit.service';
import {
  ChairVisit, ChairVisitConnection, ChairVisitDay, ChairVisitDayConnection, ChairVisitDaysArgs, ChairVisitFigures, ChairVisitFiguresArgs, ChairVisitsArgs,
  RecordChairVisitInput, ScheduledDatesArgs, SetChairVisitDaysInput, VisitProblemInput,
} from './visit.types';

@Resolver(() => ChairVisitDay)
export class ChairVisitDayResolver {
  @Query(() => ChairVisitDayConnection, { nullable: true, description: 'Visit-day schedules (工会主席陪伴日) of the enterprise unions in your scope, in org-tree order' })
  @Access('staff', 'admin')
  chairVisitDays(@Ctx() ctx: SubgraphContext, @Args(() => ChairVisitDaysArgs) args: ChairVisitDaysArgs): Promise<Page<ChairVisitDayRow>> {
    return visits.listChairVisitDays(ctx, args);
  }

  @Mutation(() => ChairVisitDay, {
    nullable: true,
    description: 'Set your enterprise union\'s visit day: a weekday every week or a list of dates, from startsOn (until endsOn). For firms of 100 or more staff; kept by the union\'s own staff',
  })
  @Access('staff', 'admin')
  setChairVisitDays(@Ctx() ctx: SubgraphContext, @Arg('input', () => SetChairVisitDaysInput, { description: 'The schedule' }) input: SetChairVisitDaysInput): Promise<ChairVisitDayRow> {
    return visits.setChairVisitDays(ctx, input);
  }

  @FieldResolver(() => Org, { description: 'The enterprise union holding the days' })
  org(@Root() d: ChairVisitDayRow): Org {
    return { id: d.orgId };
  }

  @FieldResolver(() => [String], { description: 'The China days (YYYY-MM-DD) given in the schedule when it is a list of dates; empty for a weekday' })
  dates(@Root() d: ChairVisitDayRow): string[] {
    return visits.datesOf(d);
  }

  @FieldResolver(() => [String], { description: 'The days the schedule holds in a period of at most 92 China days, in order (YYYY-MM-DD)' })
  scheduledDates(@Root() d: ChairVisitDayRow, @Args(() => ScheduledDatesArgs) args: ScheduledDatesArgs): string[] {
    return visits.scheduledDatesIn(d, args.from, args.to);
  }
}

/** What recordChairVisit answers: the diary entry, whose `cases` are the problems just registered. */
type Recorded = visits.RecordedVisit['visit'];

@Resolver(() => ChairVisit)
export class ChairVisitResolver {
  @Query(() => ChairVisit, { nullable: true, description: 'A chair visit (民意日记 entry) in your scope; null when missing or outside it' })
  @Access('staff', 'admin')
  chairVisit(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID, { description: 'The visit\'s id' }) id: string): Promise<ChairVisitRow | null> {
    return visits.getChairVisit(ctx, id);
  }

  @Query(() => ChairVisitConnection, { nullable: true, description: 'Chair visits of the unions in your scope, latest visit day first, optionally in a period of China days' })
  @Access('staff', 'admin')
  chairVisits(@Ctx() ctx: SubgraphContext, @Args(() => ChairVisitsArgs) args: ChairVisitsArgs): Promise<Page<ChairVisitRow>> {
    return visits.listChairVisits(ctx, args);
  }

  @Query(() => ChairVisitFigures, {
    nullable: true,
    description: 'Chair visit day figures of an org\'s subtree (default: your own; admins must name one) in a period of China days. Null for an org outside your scope',
  })
  @Access('staff', 'admin')
  chairVisitFigures(@Ctx() ctx: SubgraphContext, @Args(() => ChairVisitFiguresArgs) args: ChairVisitFiguresArgs): Promise<ChairVisitFigures | null> {
    return visits.chairVisitFigures(ctx, args);
  }

  @Mutation(() => ChairVisit, {
    nullable: true,
    description: 'Record a visit in your enterprise union\'s 民意日记; each problem raised becomes a case (挂号, channel CHAIR_VISIT_DAY) linked to it. One bad problem and nothing is recorded',
  })
  @Access('staff', 'admin')
  async recordChairVisit(@Ctx() ctx: SubgraphContext, @Arg('input', () => RecordChairVisitInput, { description: 'The visit and its problems' }) input: RecordChairVisitInput): Promise<Recorded> {
    return (await visits.recordChairVisit(ctx, input)).visit;
  }

  @Mutation(() => ChairVisit, {
    nullable: true,
    description: 'Add problems heard on a visit already in your union\'s diary: each becomes a case (挂号, channel CHAIR_VISIT_DAY) linked to it. One bad problem and none is added',
  })
  @Access('staff', 'admin')
  async addChairVisitProblems(
    @Ctx() ctx: SubgraphContext,
    @Arg('visitId', () => ID, { description: 'The visit in your union\'s diary' }) visitId: string,
    @Arg('problems', () => [VisitProblemInput], { description: '1-20 problems, each registered as a case' }) problems: VisitProblemInput[],
  ): Promise<Recorded> {
    return (await visits.addChairVisitProblems(ctx, visitId, problems)).visit;
  }

  @FieldResolver(() => Org, { description: 'The enterprise union that held the visit' })
  org(@Root() v: ChairVisitRow): Org {
    return { id: v.orgId };
  }

  @FieldResolver(() => [Case], { description: 'The problems raised on the visit, as the cases you can see, oldest first' })
  cases(@Root() v: ChairVisitRow, @Ctx() ctx: SubgraphContext): Promise<CaseRow[]> {
    return casesOfVisit(ctx).load(v.id);
  }
}

@Resolver(() => Case)
export class CaseVisitResolver {
  @FieldResolver(() => ChairVisit, { nullable: true, description: 'The chair visit the case was raised on; null for other cases, and for callers who do not see the visit (members)' })
  chairVisit(@Root() c: CaseRow, @Ctx() ctx: SubgraphContext): Promise<ChairVisitRow | null> | null {
    return c.sourceKind === OutreachKind.CHAIR_VISIT && c.sourceId ? visitById(ctx).load(c.sourceId) : null;
  }
}

export const visitResolvers = [ChairVisitDayResolver, ChairVisitResolver, CaseVisitResolver] as const;
