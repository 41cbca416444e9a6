import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional } from 'class-validator';
import { connectionOf, PageArgs } from '@lianxin/subgraph';
import { CaseKind, Urgency } from '../casefile/case.enums';
import { VisitFormat } from './visit.entity';

registerEnumType(VisitFormat, {
  name: 'VisitFormat',
  description: 'How the chair met the workers on a visit day (走访—座谈—解决)',
  valuesConfig: {
    WALKABOUT: { description: '走访: on the shop floor, with the workers where they work and eat' },
    MICRO_SURVEY: { description: '微调研: a short survey of a few questions' },
    SMALL_MEETING: { description: '微座谈: a small meeting with a group of workers' },
  },
});

/** Limits shared with the service, which re-checks them for direct callers (seeders, tests). */
export const VISIT_LIMITS = { chair: 50, notes: 2000, problems: 20, dates: 60, attendance: 100_000, minStaff: 100, calendarDays: 92 } as const;

@ObjectType({ description: '工会主席陪伴日: an enterprise union\'s standing visit day, a weekday every week or a list of dates' })
export class ChairVisitDay {
  @Field(() => ID, { description: 'The schedule\'s id (a ULID)' })
  id: string;

  @Field(() => Int, { nullable: true, description: 'ISO weekday of the visit day, 1 = Monday … 7 = Sunday; null when the schedule is a list of dates' })
  weekday: number | null;

  @Field(() => [String], { description: 'The scheduled China days (YYYY-MM-DD) when the schedule is a list of dates; empty for a weekday' })
  dates: string[];

  @Field({ description: 'First China day the schedule runs, YYYY-MM-DD' })
  startsOn: string;

  @Field(() => String, { nullable: true, description: 'Last China day it runs, inclusive; null while it runs on' })
  endsOn: string | null;

  @Field({ description: 'The union chair who holds the days (工会主席)' })
  chair: string;

  @Field(() => Int, { description: 'The firm\'s headcount as the union stated it (100 or more)' })
  staffCount: number;

  @Field({ description: 'When the schedule was last set, ISO 8601 UTC' })
  updatedAt: Date;

  @Field(() => Int, { description: 'Increases with every change; pass it back to avoid overwriting a newer schedule' })
  version: number;
}

@ObjectType({ description: 'One chair visit, as the 民意日记 records it; the problems raised are cases (channel CHAIR_VISIT_DAY)' })
export class ChairVisit {
  @Field(() => ID, { description: 'The visit\'s id (a ULID)' })
  id: string;

  @Field({ description: 'The China day of the visit, YYYY-MM-DD' })
  visitedOn: string;

  @Field({ description: 'The chair who made the visit' })
  chair: string;

  @Field(() => Int, { description: 'How many workers took part' })
  attendance: number;

  @Field(() => VisitFormat, { description: 'How the chair met the workers' })
  format: VisitFormat;

  @Field({ description: 'What was heard and done, 1-2000 characters' })
  notes: string;

  @Field({ description: 'When the entry was recorded, ISO 8601 UTC' })
  recordedAt: Date;
}

export const ChairVisitDayConnection = connectionOf(ChairVisitDay, 'ChairVisitDay', 'A page of visit-day schedules, in org-tree order');
export type ChairVisitDayConnection = InstanceType<typeof ChairVisitDayConnection>;
export const ChairVisitConnection = connectionOf(ChairVisit, 'ChairVisit', 'A page of chair visits, latest visit day first');
export type ChairVisitConnection = InstanceType<typeof ChairVisitConnection>;

@InputType({ description: 'The visit-day schedule of an enterprise union (your own union): a weekday or a list of dates' })
export class SetChairVisitDaysInput {
  @Field(() => ID, { description: 'The enterprise union holding the days: your own' })
  orgId: string;

  @Field(() => Int, { nullable: true, description: 'ISO weekday, 1 = Monday … 7 = Sunday: the day every week. Give this or dates, not both' })
  @IsOptional()
  weekday?: number | null;

  @Field(() => [String], { nullable: true, description: 'Or up to 60 China days (YYYY-MM-DD) within the schedule\'s run' })
  @IsOptional()
  dates?: string[] | null;

  @Field({ description: 'First China day the schedule runs, YYYY-MM-DD' })
  startsOn: string;

  @Field(() => String, { nullable: true, description: 'Last China day, inclusive (set it to stop holding visit days); leave out while it runs on' })
  @IsOptional()
  endsOn?: string | null;

  @Field({ description: 'The chair who holds the days, 1-50 characters' })
  chair: string;

  @Field(() => Int, { description: 'The firm\'s headcount: visit days are for firms of 100 or more staff' })
  staffCount: number;

  @Field(() => Int, { nullable: true, description: 'The schedule version you last saw; if it changed since, the call fails with CONFLICT' })
  @IsOptional()
  version?: number | null;
}

@InputType({ description: 'A problem a worker raised on the visit: it becomes a case (挂号) at the visiting union, channel CHAIR_VISIT_DAY' })
export class VisitProblemInput {
  @Field(() => CaseKind, { description: 'What the problem is about' })
  kind: CaseKind;

  @Field(() => Urgency, { defaultValue: Urgency.NORMAL, description: 'How soon it must be handled (default NORMAL)' })
  urgency: Urgency;

  @Field({ description: 'The problem in the worker\'s words, 5-2000 characters' })
  description: string;

  @Field(() => ID, { nullable: true, description: 'The member who raised it, who must belong under the visiting union; leave out for a worker not named' })
  @IsOptional()
  memberId?: string | null;
}

@InputType({ description: 'A 民意日记 entry: one visit day of your union, and the problems raised on it' })
export class RecordChairVisitInput {
  @Field(() => ID, { description: 'The enterprise union that held the visit: your own, and it must hold visit days' })
  orgId: string;

  @Field({ description: 'The China day of the visit, YYYY-MM-DD; today or earlier' })
  visitedOn: string;

  @Field(() => String, { nullable: true, description: 'The chair who made the visit (default: the schedule\'s chair)' })
  @IsOptional()
  chair?: string | null;

  @Field(() => Int, { description: 'How many workers took part, 0 or more' })
  attendance: number;

  @Field(() => VisitFormat, { description: 'How the chair met the workers' })
  format: VisitFormat;

  @Field({ description: 'What was heard and done, 1-2000 characters' })
  notes: string;

  @Field(() => [VisitProblemInput], { defaultValue: [], description: 'Up to 20 problems raised, each registered as a case linked to the visit' })
  problems: VisitProblemInput[];
}

@ArgsType()
export class ChairVisitDaysArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only schedules of this org or orgs under it (default: all you can see)' })
  @IsOptional()
  orgId?: string | null;
}

@ArgsType()
export class ChairVisitsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only visits of this org or orgs under it (default: all you can see)' })
  @IsOptional()
  orgId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only visits on or after this China day, YYYY-MM-DD' })
  @IsOptional()
  from?: string | null;

  @Field(() => String, { nullable: true, description: 'Only visits on or before this China day, YYYY-MM-DD' })
  @IsOptional()
  to?: string | null;
}

@ArgsType()
export class ChairVisitFiguresArgs {
  @Field(() => ID, { nullable: true, description: 'The org whose subtree is counted (default: your own; admins must name one)' })
  @IsOptional()
  orgId?: string | null;

  @Field({ description: 'First China day counted, YYYY-MM-DD' })
  from: string;

  @Field({ description: 'Last China day counted, YYYY-MM-DD, inclusive' })
  to: string;
}

@ObjectType({ description: 'Chair visit figures of one visiting union in the period' })
export class ChairVisitOrgFigures {
  @Field(() => ID, { description: 'The enterprise union' })
  orgId: string;

  @Field(() => Int, { description: 'Visit days its schedule held in the period, up to today' })
  scheduled: number;

  @Field(() => Int, { description: 'Visits it recorded in the period' })
  held: number;

  @Field(() => Int, { description: 'Problems raised on those visits (cases)' })
  problemsRaised: number;

  @Field(() => Int, { description: 'Of those, resolved (RESOLVED, SIGNED_OFF or CLOSED)' })
  resolved: number;
}

@ObjectType({
  description:
    'Chair visit day figures (工会主席陪伴日) of an org subtree for a period of China days: visits held against visits scheduled, ' +
    'and the problems raised on the visits, resolved, and the resolution rate. A visit counts by its day; its problems count with it, in the state they are in now',
})
export class ChairVisitFigures {
  @Field(() => ID, { description: 'The org whose subtree was counted' })
  orgId: string;

  @Field({ description: 'First China day counted, YYYY-MM-DD' })
  from: string;

  @Field({ description: 'Last China day counted, YYYY-MM-DD, inclusive' })
  to: string;

  @Field(() => Int, { description: 'Unions under the org that held visit days in the period' })
  unions: number;

  @Field(() => Int, { description: 'Visit days scheduled in the period, counted up to today (a day still ahead is not yet owed)' })
  scheduled: number;

  @Field(() => Int, { description: 'Visits recorded in the period (on a scheduled day or not)' })
  held: number;

  @Field(() => Float, { nullable: true, description: 'held / scheduled; null when nothing was scheduled' })
  heldRate: number | null;

  @Field(() => Int, { description: 'Workers who took part, summed over the visits' })
  attendance: number;

  @Field(() => Int, { description: 'Problems raised on the visits (cases with channel CHAIR_VISIT_DAY linked to them)' })
  problemsRaised: number;

  @Field(() => Int, { description: 'Of those, resolved (办结): RESOLVED, SIGNED_OFF or CLOSED' })
  resolved: number;

  @Field(() => Int, { description: 'Of those, closed (销账)' })
  closed: number;

  @Field(() => Int, { description: 'Of those, declined (不予受理)' })
  declined: number;

  @Field(() => Float, { nullable: true, description: '解决率: resolved / (problemsRaised - declined); null when that is 0' })
  resolutionRate: number | null;

  @Field(() => [ChairVisitOrgFigures], { description: 'The same per visiting union, in org-tree order' })
  byOrg: ChairVisitOrgFigures[];
}

@ArgsType()
export class ScheduledDatesArgs {
  @Field({ description: 'First China day, YYYY-MM-DD' })
  from: string;

  @Field({ description: 'Last China day, YYYY-MM-DD, inclusive; at most 92 days after from' })
  to: string;
}
