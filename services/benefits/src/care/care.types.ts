import { ArgsType, Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLDate } from 'graphql-scalars';
import { IsEnum, IsInt, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { CareOccasion } from './care.entity';
import { connectionOf, PageArgs, DAY_PATTERN } from '@lianxin/subgraph';

/** Limits shared with the service, which re-checks them for direct callers (seeders, tests). */
export const CARE_LIMITS = { name: 100, items: 300, cents: 1e15 } as const;

/** Checked again by the service for real calendar dates (2030-02-30 matches this). */
const DAY_MESSAGE = { message: 'must be a date written YYYY-MM-DD' };
const NOT_BLANK = /\S/;
const NOT_BLANK_MESSAGE = { message: 'must not be blank' };

@ObjectType({ description: 'A care-visit or gift batch (慰问/送清凉) run by a union over its subtree, with a budget every visit spends from. Money in fen.' })
export class CareBatch {
  @Field(() => ID, { description: 'The batch\'s id (a ULID)' })
  id: string;

  @Field({ description: 'Display name, 1-100 characters, e.g. 2025 中秋慰问' })
  name: string;

  @Field(() => CareOccasion, { description: 'The holiday or season of the batch' })
  occasion: CareOccasion;

  @Field(() => Float, { description: 'Whole budget of the batch, in fen' })
  budgetCents: number;

  @Field(() => Float, { description: 'Spent by every visit of the batch, in fen; never above the budget' })
  spentCents: number;

  @Field(() => GraphQLDate, { description: 'First day visits may be made (Beijing time)' })
  startsOn: string;

  @Field(() => GraphQLDate, { description: 'Last day visits may be made (Beijing time)' })
  endsOn: string;
}

@ObjectType({ description: 'One visit: who was visited, by which union, what was given and what it cost' })
export class CareVisit {
  @Field(() => ID, { description: 'The visit\'s id (a ULID)' })
  id: string;

  @Field({ description: 'What was given' })
  items: string;

  @Field(() => Float, { description: 'Cost in fen' })
  costCents: number;

  @Field(() => GraphQLDate, { description: 'Day of the visit, YYYY-MM-DD on the China calendar' })
  visitedOn: string;

  @Field(() => GraphQLISODateTime, { description: 'When the visit was recorded, ISO 8601 UTC' })
  createdAt: Date;
}

@ObjectType({ description: 'Visits and spending of a batch under one union' })
export class OrgSpending {
  /** Resolved by the resolver from orgId. */
  orgId: string;

  @Field(() => Int, { description: 'Visits recorded by unions in this subtree in the batch' })
  visits: number;

  @Field(() => Float, { description: 'In fen' })
  spentCents: number;
}

export const CareBatchConnection = connectionOf(CareBatch, 'CareBatch', 'A page of care batches, in org-tree order');
export type CareBatchConnection = InstanceType<typeof CareBatchConnection>;

export const CareVisitConnection = connectionOf(CareVisit, 'CareVisit', 'A page of a batch\'s visits, newest first');
export type CareVisitConnection = InstanceType<typeof CareVisitConnection>;

@InputType({ description: 'A new care-visit batch, run by a union in your scope. Money in fen.' })
export class CreateCareBatchInput {
  @Field(() => ID, { description: 'The union running the batch; unions under it record visits in it' })
  orgId: string;

  @Field({ description: '1-100 characters, e.g. 2030年端午慰问' })
  @Length(1, CARE_LIMITS.name)
  @Matches(NOT_BLANK, NOT_BLANK_MESSAGE)
  name: string;

  @Field(() => CareOccasion, { description: 'The holiday or season of the batch' })
  @IsEnum(CareOccasion)
  occasion: CareOccasion;

  @Field(() => Float, { description: 'Budget in fen (a whole number)' })
  @IsInt()
  @Min(0)
  @Max(CARE_LIMITS.cents)
  budgetCents: number;

  @Field({ description: 'YYYY-MM-DD, Beijing time' })
  @Matches(DAY_PATTERN, DAY_MESSAGE)
  startsOn: string;

  @Field({ description: 'YYYY-MM-DD, on or after startsOn' })
  @Matches(DAY_PATTERN, DAY_MESSAGE)
  endsOn: string;

  @Field(() => ID, {
    nullable: true,
    description: 'A CARE_VISIT or GIFT_BATCH programme the money comes from: the whole budget is taken from the share of it allocated to the batch\'s union',
  })
  @IsOptional()
  programmeId?: string | null;
}

@InputType({ description: 'A visit made in a batch, by a union under the batch\'s union' })
export class RecordCareVisitInput {
  @Field(() => ID, { description: 'The batch the visit belongs to; its budget pays for the visit' })
  batchId: string;

  @Field(() => ID, { description: 'The member visited; must be in your scope and under the visiting union' })
  memberId: string;

  @Field(() => ID, { nullable: true, description: 'The visiting union (default: your own); in your scope and under the batch\'s union' })
  @IsOptional()
  orgId?: string | null;

  @Field({ description: 'What was given, 1-300 characters' })
  @Length(1, CARE_LIMITS.items)
  @Matches(NOT_BLANK, NOT_BLANK_MESSAGE)
  items: string;

  @Field(() => Float, { description: 'Cost in fen (a whole number); counted against the batch budget' })
  @IsInt()
  @Min(0)
  @Max(CARE_LIMITS.cents)
  costCents: number;

  @Field({ description: 'YYYY-MM-DD within the batch\'s dates, not in the future' })
  @Matches(DAY_PATTERN, DAY_MESSAGE)
  visitedOn: string;
}

@ArgsType()
export class CareBatchesArgs extends PageArgs {
  @Field(() => ID, {
    nullable: true,
    description: 'Only batches run by this union or under it, and those run above it that cover it (default: all you can see)',
  })
  @IsOptional()
  orgId?: string | null;
}
