import { ArgsType, Directive, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLDate, GraphQLJSONObject } from 'graphql-scalars';
import { IsEnum, IsInt, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { ProgrammeKind, ProgrammeState } from './programme.enums';
import { badInput, connectionOf, PageArgs, DAY_PATTERN } from '@lianxin/subgraph';
import { RULES_MAX_CHARS, RULES_SCHEMA_PATH } from '../rules/eligibility.rules';

/** Checked again by the service for real calendar dates (2030-02-30 matches this). */
const DAY_MESSAGE = { message: 'must be a date written YYYY-MM-DD' };
const NOT_BLANK = /\S/;

/** How the rules argument and field are described in the SDL: where the grammar is, and one example. */
export const RULES_DESCRIPTION =
  `Eligibility rules, a JSON object (not a string), e.g. {"requires": [{"type": "membership", "status": ["ACTIVE"]}, {"type": "perMemberLimit", "count": 1, "period": "MONTH"}]}. Grammar: the JSON Schema ${RULES_SCHEMA_PATH}; every rule type with an example: docs/rules.md`;

/** Limits shared with the service, which re-checks them for direct callers (seeders, tests). */
export const PROGRAMME_LIMITS = { name: 100, rules: RULES_MAX_CHARS, quota: 10_000_000, cents: 1e15, validDays: 3650 } as const;

/** A whole number from `min` to `max`, or null when left out: the services' re-check of a quota, an amount or a number of days. */
export function amount(field: string, value: number | null | undefined, min: number, max: number): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < min || value > max) throw badInput(field, `must be a whole number from ${min} to ${max}`);
  return value;
}

@ObjectType({ description: 'A benefit programme, owned by a union and covering its subtree. Money is in fen (分): 100 = 1 yuan.' })
@Directive('@key(fields: "id")')
export class Programme {
  @Field(() => ID, { description: 'The programme\'s id (a ULID)' })
  id: string;

  @Field({ description: 'Display name, 1-100 characters, e.g. 2025 暑期免费观影' })
  name: string;

  @Field(() => ProgrammeKind, { description: 'What the programme gives' })
  kind: ProgrammeKind;

  @Field(() => GraphQLDate, { description: 'First day of the programme (Beijing time)' })
  startsOn: string;

  @Field(() => GraphQLDate, { description: 'Last day of the programme (Beijing time)' })
  endsOn: string;

  @Field(() => ProgrammeState, { description: 'DRAFT while being prepared, ACTIVE while running, CLOSED when over' })
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
  @Field(() => ID, { description: 'The share\'s id (a ULID)' })
  id: string;

  @Field(() => ID, { description: 'The programme shared' })
  programmeId: string;

  @Field(() => ID, { description: 'The union holding this share' })
  orgId: string;

  @Field(() => ID, { nullable: true, description: 'The allocation this share was carved from; null for the programme owner\'s root share' })
  parentId: string | null;

  @Field(() => Int, { nullable: true, description: 'Units (vouchers, places, awards) in this share; null when the programme has no quota' })
  quota: number | null;

  @Field(() => Float, { nullable: true, description: 'Budget in this share, in fen (1/100 yuan); null when the programme has no budget' })
  budgetCents: number | null;

  @Field(() => Int, { description: 'Units issued directly from this share (not returned by expiry or cancellation)' })
  used: number;

  @Field(() => Float, { description: 'Spent directly from this share (e.g. care visits), in fen' })
  spentCents: number;

  @Field(() => Int, { description: 'Units handed on to child unions\' shares' })
  allocatedToChildren: number;

  @Field(() => Float, { description: 'Budget handed on to child unions\' shares, in fen' })
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

  @Field(() => ProgrammeKind, { description: 'What the programme gives; EDUCATION_AID, MODEL_WORKER_AID and CARE_VISIT are sensitive' })
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

  @Field(() => GraphQLJSONObject, { description: RULES_DESCRIPTION + '; becomes version 1' })
  rules: Record<string, unknown>;
}

@ArgsType()
export class ProgrammesArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only programmes owned by unions under this one (default: all you can see)' })
  @IsOptional()
  orgId?: string | null;

  @Field(() => ProgrammeKind, { nullable: true, description: 'Only programmes of this kind' })
  @IsOptional()
  @IsEnum(ProgrammeKind)
  kind?: ProgrammeKind | null;

  @Field(() => ProgrammeState, { nullable: true, description: 'Only programmes in this state' })
  @IsOptional()
  @IsEnum(ProgrammeState)
  state?: ProgrammeState | null;
}
