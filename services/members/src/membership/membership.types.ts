import { ArgsType, Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDate } from 'graphql-scalars';
import { IsEnum, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { EmploymentType, Gender, MembershipStatus } from '../member/member.entity';
import { PersonInput } from '../member/member.types';
import { ApplicationStatus, TransferStatus } from './membership.entity';
import { connectionOf, PageArgs } from '@lianxin/subgraph';

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

registerEnumType(TransferDirection, {
  name: 'TransferDirection',
  description: 'Relative to your org: into your subtree, out of it, or either',
  valuesConfig: {
    IN: { description: 'Transfers into your subtree: you accept or return them' },
    OUT: { description: 'Transfers out of your subtree: you requested them' },
    ANY: { description: 'Both directions' },
  },
});
registerEnumType(JoinGranularity, {
  name: 'JoinGranularity',
  description: 'The bucket size of join figures, on the China calendar (as in 日过百、周过千、月达万)',
  valuesConfig: {
    DAY: { description: 'One bucket per day' },
    WEEK: { description: 'One bucket per ISO week, Monday to Sunday' },
    MONTH: { description: 'One bucket per calendar month' },
  },
});

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
  @Field(() => ID, { description: 'The application\'s id; quote it when following up' })
  applicationId: string;

  @Field(() => ApplicationStatus, { description: 'PENDING until staff of the org review it' })
  status: ApplicationStatus;

  @Field({ description: 'The union the application went to' })
  orgName: string;
}

@ObjectType({ description: 'A QR-code join waiting for, or past, review by staff of the org. ID number and phone are always masked here.' })
export class JoinApplication {
  @Field(() => ID, { description: 'The application\'s id (a ULID)' })
  id: string;

  @Field({ description: 'The applicant\'s name as given' })
  name: string;

  @Field(() => Gender, { description: 'As given by the applicant' })
  gender: Gender;

  @Field(() => GraphQLDate, { description: 'As given, YYYY-MM-DD' })
  birthDate: string;

  @Field(() => EmploymentType, { description: 'As given: regular employment or a gig type' })
  employmentType: EmploymentType;

  @Field(() => ApplicationStatus, { description: 'PENDING, APPROVED or REJECTED' })
  status: ApplicationStatus;

  @Field(() => String, { nullable: true, description: 'Why staff rejected it; null unless REJECTED' })
  rejectReason: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When the applicant scanned and applied, ISO 8601 UTC' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When staff approved or rejected it; null while PENDING' })
  reviewedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'The staff account that approved or rejected it' })
  reviewedBy: string | null;
}

export const JoinApplicationConnection = connectionOf(JoinApplication, 'JoinApplication', 'A page of join applications, in org-tree order');
export type JoinApplicationConnection = InstanceType<typeof JoinApplicationConnection>;

@ObjectType({ description: 'One change of membership status; the history is append-only' })
export class MemberStatusEvent {
  @Field(() => ID, { description: 'The event\'s id (a ULID)' })
  id: string;

  @Field(() => MembershipStatus, { nullable: true, description: 'Null for the event that created the membership' })
  fromStatus: MembershipStatus | null;

  @Field(() => MembershipStatus, { description: 'The status after the change' })
  toStatus: MembershipStatus;

  @Field(() => String, { nullable: true, description: 'Why, as staff gave it (e.g. retired, employer closed); null where none was needed' })
  reason: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When the status changed, ISO 8601 UTC' })
  at: Date;
}

@ObjectType({ description: 'A membership transfer (会籍接转): requested by the old org, accepted or returned by the new one' })
export class Transfer {
  @Field(() => ID, { description: 'The transfer\'s id (a ULID)' })
  id: string;

  @Field({ description: 'Masked name (张**), so the receiving org can recognise the person before the member is in its scope' })
  memberName: string;

  @Field(() => TransferStatus, { description: 'REQUESTED, ACCEPTED or RETURNED' })
  status: TransferStatus;

  @Field({ description: 'Why the old org requested it, 1-200 characters' })
  reason: string;

  @Field(() => String, { nullable: true, description: 'Why the receiving org returned it' })
  returnReason: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When it was requested, ISO 8601 UTC' })
  requestedAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the new org accepted or returned it; null while REQUESTED' })
  decidedAt: Date | null;
}

export const TransferConnection = connectionOf(Transfer, 'Transfer', 'A page of transfers, newest first');
export type TransferConnection = InstanceType<typeof TransferConnection>;

@ObjectType({ description: 'Joins in one day, ISO week or month' })
export class JoinBucket {
  @Field(() => GraphQLDate, { description: 'The day, the Monday of the week, or the first of the month' })
  start: string;

  @Field(() => Int, { description: 'Members who joined in the bucket, however they joined' })
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
  @Field(() => ID, { description: 'The PENDING application to reject' })
  id: string;

  @Field({ description: 'Shown to staff reviewing the history; 1-200 characters' })
  @Length(...REASON_LENGTH)
  @Matches(NOT_BLANK, NOT_BLANK_MESSAGE)
  reason: string;
}

@ArgsType()
export class JoinApplicationsArgs extends PageArgs {
  @Field(() => ApplicationStatus, { nullable: true, description: 'Only applications in this status' })
  @IsOptional()
  @IsEnum(ApplicationStatus)
  status?: ApplicationStatus;

  @Field(() => ID, { nullable: true, description: 'Only applications to orgs under this one (default: your whole scope)' })
  @IsOptional()
  orgId?: string;
}

@ArgsType()
export class ChangeMemberStatusArgs {
  @Field(() => ID, { description: 'The member (in your scope)' })
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
  @Field(() => ID, { description: 'The ACTIVE member (in your scope) to transfer' })
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
  @Field(() => ID, { description: 'The REQUESTED transfer into your subtree' })
  id: string;

  @Field({ description: 'Why the member is not taken on; 1-200 characters' })
  @Length(...REASON_LENGTH)
  @Matches(NOT_BLANK, NOT_BLANK_MESSAGE)
  reason: string;
}

@ArgsType()
export class TransfersArgs extends PageArgs {
  @Field(() => TransferDirection, { defaultValue: TransferDirection.ANY, description: 'Transfers into your subtree, out of it, or both' })
  @IsEnum(TransferDirection)
  direction: TransferDirection;

  @Field(() => TransferStatus, { nullable: true, description: 'Only transfers in this status; all when omitted' })
  @IsOptional()
  @IsEnum(TransferStatus)
  status?: TransferStatus;
}

@ArgsType()
export class JoinStatsArgs {
  @Field(() => ID, { description: 'Count joins in this org\'s subtree' })
  orgId: string;

  @Field(() => JoinGranularity, { description: 'Bucket by day, ISO week or month (China calendar)' })
  @IsEnum(JoinGranularity)
  granularity: JoinGranularity;

  @Field(() => GraphQLDate, { description: 'First day, inclusive' })
  from: Date;

  @Field(() => GraphQLDate, { description: 'Last day, inclusive; at most 400 days after from' })
  to: Date;
}
