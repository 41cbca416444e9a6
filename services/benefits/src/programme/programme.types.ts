import { ArgsType, Directive, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLDate } from 'graphql-scalars';
import { IsEnum, IsInt, IsOptional, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { ProgrammeKind, ProgrammeState } from './programme.enums';
import { connectionOf } from '@lianxin/subgraph';

/** Checked again by the service for real calendar dates (2030-02-30 matches this). */
export const DAY_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DAY_MESSAGE = { message: 'must be a date written YYYY-MM-DD' };
const NOT_BLANK = /\S/;

/** Limits shared with the service, which re-checks them for direct callers (seeders, tests). */
export const PROGRAMME_LIMITS = { name: 100, rules: 20_000, quota: 10_000_000, cents: 1e15, validDays: 3650 } as const;

@ObjectType({ description: 'A benefit programme, owned by a union and covering its subtree. Money is in fen (分): 100 = 1 yuan.' })
@Directive('@key(fields: "id")')
export class Programme {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => ProgrammeKind)
  kind: ProgrammeKind;

  @Field(() => GraphQLDate, { description: 'First day of the programme (Beijing time)' })
  startsOn: string;

  @Field(() => GraphQLDate, { description: 'Last day of the programme (Beijing time)' })
  endsOn: string;

  @Field(() => ProgrammeState)
  state: ProgrammeState;

  @Field(() => Int, { nullable: true, description: 'Units (vouchers, places, awards) the whole programme may issue; null: no quota' })
  quota: number | null;

  @Field(() => Float, { nullable: true, description: 'Whole budget in fen; null: no budget' })
  budgetCents: number | null;

  @Field(() => Float, { nullable: true, description: 'Amount paid per award in fen (education aid), where the programme pays one' })
  amountCents: number | null;

  @Field(() => Int, { nullable: true, description: 'Days a voucher stays valid after issue' })
  voucherValidDays: number | null;

  @Field({ description: 'Its use reveals hardship or aid: never shown to partners, never bound to one' })
  sensitive: boolean;

  @Field(() => Int, { description: 'The current version of the eligibility rules; answers name the version they used' })
  rulesVersion: number;
}

@ObjectType({ description: 'A union\'s share of a programme\'s quota and budget, carved out of its parent\'s share. Money in fen.' })
export class Allocation {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  programmeId: string;

  @Field(() => ID, { description: 'The union holding this share' })
  orgId: string;

  @Field(() => ID, { nullable: true, description: 'The allocation this share was carved from; null for the programme owner\'s root share' })
  parentId: string | null;

  @Field(() => Int, { nullable: true })
  quota: number | null;

  @Field(() => Float, { nullable: true })
  budgetCents: number | null;

  @Field(() => Int, { description: 'Units issued directly from this share (not returned by expiry or cancellation)' })
  used: number;

  @Field(() => Float)
  spentCents: number;

  @Field(() => Int, { description: 'Units handed on to child unions\' shares' })
  allocatedToChildren: number;

  @Field(() => Float)
  budgetToChildren: number;
}

export const ProgrammeConnection = connectionOf(Programme, 'Programme', 'A page of programmes, in org-tree order');
export type ProgrammeConnection = InstanceType<typeof ProgrammeConnection>;

@InputType({ description: 'A new programme, owned by a union in your scope; it starts as DRAFT. Money in fen.' })
export class CreateProgrammeInput {
  @Field(() => ID, { description: 'The owning union; the programme covers its subtree' })
  orgId: string;

  @Field({ description: '1-100 characters' })
  @Length(1, PROGRAMME_LIMITS.name)
  @Matches(NOT_BLANK, { message: 'must not be blank' })
  name: string;

  @Field(() => ProgrammeKind)
  @IsEnum(ProgrammeKind)
  kind: ProgrammeKind;

  @Field({ description: 'YYYY-MM-DD, Beijing time' })
  @Matches(DAY_PATTERN, DAY_MESSAGE)
  startsOn: string;

  @Field({ description: 'YYYY-MM-DD, on or after startsOn' })
  @Matches(DAY_PATTERN, DAY_MESSAGE)
  endsOn: string;

  @Field(() => Int, { nullable: true, description: 'Units in all; leave out for no quota' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(PROGRAMME_LIMITS.quota)
  quota?: number | null;

  @Field(() => Float, { nullable: true, description: 'Budget in fen; leave out for no budget' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(PROGRAMME_LIMITS.cents)
  budgetCents?: number | null;

  @Field(() => Float, { nullable: true, description: 'Amount per award in fen (education aid)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(PROGRAMME_LIMITS.cents)
  amountCents?: number | null;

  @Field(() => Int, { nullable: true, description: 'Days a voucher stays valid after issue (voucher programmes)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(PROGRAMME_LIMITS.validDays)
  voucherValidDays?: number | null;

  @Field({ description: 'Eligibility rules as JSON: {"requires": [{"type": "membership", "status": ["ACTIVE"]}, …]}; becomes version 1' })
  @MaxLength(PROGRAMME_LIMITS.rules)
  rules: string;
}

@ArgsType()
export class ProgrammesArgs {
  @Field(() => ID, { nullable: true, description: 'Only programmes owned by unions under this one (default: all you can see)' })
  @IsOptional()
  orgId?: string | null;

  @Field(() => ProgrammeKind, { nullable: true })
  @IsOptional()
  @IsEnum(ProgrammeKind)
  kind?: ProgrammeKind | null;

  @Field(() => ProgrammeState, { nullable: true })
  @IsOptional()
  @IsEnum(ProgrammeState)
  state?: ProgrammeState | null;

  @Field(() => Int, { defaultValue: 50 })
  @Min(1)
  @Max(500)
  first: number;

  @Field(() => String, { nullable: true, description: 'pageInfo.endCursor of the previous page' })
  @IsOptional()
  after?: string | null;
}
