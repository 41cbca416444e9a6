import { ArgsType, Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDate } from 'graphql-scalars';
import { IsEnum, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { EmploymentType, Gender, MembershipStatus } from '../member/member.entity';
import { PersonInput } from '../member/member.types';
import { ApplicationStatus, TransferStatus } from './membership.entity';
import { connectionOf } from '@lianxin/subgraph';

export enum TransferDirection {
  /** Transfers into your subtree: you decide them. */
  IN = 'IN',
  /** Transfers out of your subtree: you requested them. */
  OUT = 'OUT',
  ANY = 'ANY',
}

export enum JoinGranularity {
  DAY = 'DAY',
  /** ISO weeks, Monday to Sunday. */
  WEEK = 'WEEK',
  MONTH = 'MONTH',
}

registerEnumType(TransferDirection, { name: 'TransferDirection', description: 'Relative to your org: into your subtree, out of it, or either' });
registerEnumType(JoinGranularity, { name: 'JoinGranularity' });

/** The reason columns are varchar(200); a reason of only spaces tells the other side nothing. Services trim. */
const REASON_LENGTH: [number, number] = [1, 200];
const NOT_BLANK = /\S/;
const NOT_BLANK_MESSAGE = { message: 'must not be blank: say why, in a few words' };

@InputType({ description: 'A QR-code join: the code under the QR poster plus the applicant\'s details' })
export class JoinApplicationInput extends PersonInput {
  @Field({ description: 'The join code printed under the org\'s QR code' })
  @Matches(/^\s*[A-Za-z0-9-]{1,16}\s*$/, { message: 'must be the code printed under the QR code: up to 16 letters and digits' })
  joinCode: string;
}

@ObjectType({ description: 'What an applicant gets back: enough to follow up, nothing about anyone else' })
export class JoinApplicationReceipt {
  @Field(() => ID)
  applicationId: string;

  @Field(() => ApplicationStatus)
  status: ApplicationStatus;

  @Field({ description: 'The union the application went to' })
  orgName: string;
}

@ObjectType({ description: 'A QR-code join waiting for, or past, review by staff of the org. ID number and phone are always masked here.' })
export class JoinApplication {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => Gender)
  gender: Gender;

  @Field(() => GraphQLDate)
  birthDate: string;

  @Field(() => EmploymentType)
  employmentType: EmploymentType;

  @Field(() => ApplicationStatus)
  status: ApplicationStatus;

  @Field(() => String, { nullable: true })
  rejectReason: string | null;

  @Field(() => GraphQLISODateTime)
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  reviewedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'The staff account that approved or rejected it' })
  reviewedBy: string | null;
}

export const JoinApplicationConnection = connectionOf(JoinApplication, 'JoinApplication', 'A page of join applications, in org-tree order');
export type JoinApplicationConnection = InstanceType<typeof JoinApplicationConnection>;

@ObjectType({ description: 'One change of membership status; the history is append-only' })
export class MemberStatusEvent {
  @Field(() => ID)
  id: string;

  @Field(() => MembershipStatus, { nullable: true, description: 'Null for the event that created the membership' })
  fromStatus: MembershipStatus | null;

  @Field(() => MembershipStatus)
  toStatus: MembershipStatus;

  @Field(() => String, { nullable: true })
  reason: string | null;

  @Field(() => GraphQLISODateTime)
  at: Date;
}

@ObjectType({ description: 'A membership transfer (会籍接转): requested by the old org, accepted or returned by the new one' })
export class Transfer {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Masked name (张**), so the receiving org can recognise the person before the member is in its scope' })
  memberName: string;

  @Field(() => TransferStatus)
  status: TransferStatus;

  @Field()
  reason: string;

  @Field(() => String, { nullable: true, description: 'Why the receiving org returned it' })
  returnReason: string | null;

  @Field(() => GraphQLISODateTime)
  requestedAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  decidedAt: Date | null;
}

@ObjectType({ description: 'Joins in one day, ISO week or month' })
export class JoinBucket {
  @Field(() => GraphQLDate, { description: 'The day, the Monday of the week, or the first of the month' })
  start: string;

  @Field(() => Int)
  count: number;

  @Field(() => Int, { description: 'Of count: joined by scanning a QR code' })
  qrCount: number;

  @Field(() => Int, { description: 'Of count: new-employment-form (gig) workers' })
  gigCount: number;
}

/*
 * Arguments as @ArgsType classes: the SDL keeps flat arguments, and class-validator still
 * checks them before a resolver runs (plain @Arg scalars would not be validated).
 */

@ArgsType()
export class RejectApplicationArgs {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Shown to staff reviewing the history; 1-200 characters' })
  @Length(...REASON_LENGTH)
  @Matches(NOT_BLANK, NOT_BLANK_MESSAGE)
  reason: string;
}

@ArgsType()
export class JoinApplicationsArgs {
  @Field(() => ApplicationStatus, { nullable: true })
  @IsOptional()
  @IsEnum(ApplicationStatus)
  status?: ApplicationStatus;

  @Field(() => ID, { nullable: true, description: 'Only applications to orgs under this one (default: your whole scope)' })
  @IsOptional()
  orgId?: string;

  @Field(() => Int, { defaultValue: 50 })
  @Min(1)
  @Max(500)
  first: number;

  @Field(() => String, { nullable: true, description: 'pageInfo.endCursor of the previous page' })
  @IsOptional()
  after?: string;
}

@ArgsType()
export class ChangeMemberStatusArgs {
  @Field(() => ID)
  memberId: string;

  @Field(() => MembershipStatus, { description: 'ACTIVE, RETAINED or LEFT; TRANSFERRING is set by requestTransfer' })
  @IsEnum(MembershipStatus)
  status: MembershipStatus;

  @Field(() => String, { nullable: true, description: 'Required for RETAINED and LEFT; 1-200 characters' })
  @IsOptional()
  @Length(...REASON_LENGTH)
  @Matches(NOT_BLANK, NOT_BLANK_MESSAGE)
  reason?: string | null;

  @Field(() => Int, { description: 'The member version you read; refused with CONFLICT if it changed since' })
  @Min(1)
  @Max(2_000_000_000)
  expectedVersion: number;
}

@ArgsType()
export class RequestTransferArgs {
  @Field(() => ID)
  memberId: string;

  @Field(() => ID, { description: 'The enterprise-level union the member moves to; it need not be in your scope' })
  toOrgId: string;

  @Field({ description: '1-200 characters' })
  @Length(...REASON_LENGTH)
  @Matches(NOT_BLANK, NOT_BLANK_MESSAGE)
  reason: string;
}

@ArgsType()
export class ReturnTransferArgs {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Why the member is not taken on; 1-200 characters' })
  @Length(...REASON_LENGTH)
  @Matches(NOT_BLANK, NOT_BLANK_MESSAGE)
  reason: string;
}

@ArgsType()
export class TransfersArgs {
  @Field(() => TransferDirection, { defaultValue: TransferDirection.ANY })
  @IsEnum(TransferDirection)
  direction: TransferDirection;

  @Field(() => TransferStatus, { nullable: true })
  @IsOptional()
  @IsEnum(TransferStatus)
  status?: TransferStatus;

  @Field(() => Int, { defaultValue: 50 })
  @Min(1)
  @Max(500)
  first: number;
}

@ArgsType()
export class JoinStatsArgs {
  @Field(() => ID, { description: 'Count joins in this org\'s subtree' })
  orgId: string;

  @Field(() => JoinGranularity)
  @IsEnum(JoinGranularity)
  granularity: JoinGranularity;

  @Field(() => GraphQLDate, { description: 'First day, inclusive' })
  from: Date;

  @Field(() => GraphQLDate, { description: 'Last day, inclusive; at most 400 days after from' })
  to: Date;
}
