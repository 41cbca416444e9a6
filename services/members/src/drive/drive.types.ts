import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { connectionOf, PageArgs } from '@lianxin/subgraph';
import { EmploymentType } from '../member/member.entity';
import { JoinGranularity } from '../membership/membership.types';
import { PersonInput } from '../member/member.types';

/** Codes of this module, beside the shared ErrorCode. Part of the API: add, never rename. */
export enum DriveErrorCode {
  /** The scanned code is not a drive QR this deployment printed (malformed, forged, or its drive or sub-org is gone). */
  DRIVE_QR_INVALID = 'DRIVE_QR_INVALID',
  /** The drive QR is past its last day (or the drive's, if it was shortened). */
  DRIVE_QR_EXPIRED = 'DRIVE_QR_EXPIRED',
}

export const DRIVE_LIMITS = {
  title: 100,
  /** A drive runs at most a year: 百日行动 is the usual length. */
  days: 366,
  targets: 200,
  /** Far above any sub-org's monthly target; a typo of extra zeros is refused. */
  target: 1_000_000,
  /** Unions listed on a join form: a street's enterprises, searched by name beyond that. */
  formUnions: 50,
} as const;

registerEnumType(DriveErrorCode, { name: 'DriveErrorCode', description: 'Error codes (extensions.code) of join drives, beside the shared ones' });

@ObjectType({ description: 'A sub-org\'s targets in a join drive (日过百、周过千、月达万) and its QR poster' })
export class JoinDriveTarget {
  @Field(() => Int, { description: 'Joins a China day' })
  perDay: number;

  @Field(() => Int, { description: 'Joins an ISO week, Monday to Sunday' })
  perWeek: number;

  @Field(() => Int, { description: 'Joins a calendar month' })
  perMonth: number;
}

@ObjectType({ description: '扫码入会 join drive: an org\'s push to bring workers in by QR code over a period, with targets for each sub-org' })
export class JoinDrive {
  @Field(() => ID, { description: 'The drive\'s id (a ULID)' })
  id: string;

  @Field({ description: 'e.g. 新就业形态劳动者扫码入会百日行动' })
  title: string;

  @Field({ description: 'First China day, YYYY-MM-DD' })
  startsOn: string;

  @Field({ description: 'Last China day, YYYY-MM-DD, inclusive; the QR codes stop working after it' })
  endsOn: string;

  @Field({ description: 'Aimed at new-employment-form workers (riders, drivers, couriers, streamers)' })
  gigFocus: boolean;

  @Field(() => Int, { description: 'Send it back with setJoinDriveTargets; a change since is a CONFLICT' })
  version: number;
}

export const JoinDriveConnection = connectionOf(JoinDrive, 'JoinDrive', 'A page of join drives, in org-tree order');
export type JoinDriveConnection = InstanceType<typeof JoinDriveConnection>;

@InputType({ description: 'A sub-org\'s targets: a direct sub-org of the drive\'s org, each a whole number, 0 or more' })
export class JoinDriveTargetInput {
  @Field(() => ID, { description: 'A direct sub-org of the drive\'s org (a street of a district, …)' })
  orgId: string;

  @Field(() => Int, { description: 'Joins a day (日过百: the whole drive\'s 100 shared out)' })
  perDay: number;

  @Field(() => Int, { description: 'Joins an ISO week' })
  perWeek: number;

  @Field(() => Int, { description: 'Joins a calendar month' })
  perMonth: number;
}

@InputType({ description: 'A new join drive of your own org' })
export class CreateJoinDriveInput {
  @Field(() => ID, { description: 'Your own org: the drive is kept by its staff' })
  orgId: string;

  @Field({ description: '2-100 characters, e.g. 新就业形态劳动者扫码入会百日行动' })
  title: string;

  @Field({ description: 'First China day, YYYY-MM-DD' })
  startsOn: string;

  @Field({ description: 'Last China day, YYYY-MM-DD; at most 366 days after startsOn' })
  endsOn: string;

  @Field({ defaultValue: false, description: 'Aimed at new-employment-form workers' })
  gigFocus: boolean;

  @Field(() => [JoinDriveTargetInput], { defaultValue: [], description: 'Targets per sub-org; set or change them later with setJoinDriveTargets' })
  targets: JoinDriveTargetInput[];
}

@ArgsType()
export class SetJoinDriveTargetsArgs {
  @Field(() => ID, { description: 'A drive of your own org' })
  driveId: string;

  @Field(() => Int, { description: 'The drive\'s version as you read it' })
  version: number;

  @Field(() => [JoinDriveTargetInput], { description: 'The whole list: sub-orgs left out lose their targets (their joins stay counted)' })
  targets: JoinDriveTargetInput[];
}

@ArgsType()
export class JoinDrivesArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only drives of orgs under this one (default: every drive you see)' })
  @IsOptional()
  orgId?: string;
}

@ArgsType()
export class JoinDriveFiguresArgs {
  @Field(() => ID, { description: 'The drive' })
  driveId: string;

  @Field({ nullable: true, description: 'The China day the figures are for, YYYY-MM-DD: its day, its week and month so far. Default today, kept within the drive' })
  @IsOptional()
  on?: string;

  @Field(() => ID, { nullable: true, description: 'Only the part under this org (a sub-org or lower); default: all you see' })
  @IsOptional()
  orgId?: string;

  @Field(() => JoinGranularity, { defaultValue: JoinGranularity.WEEK, description: 'Rank the sub-orgs on their day, week or month against its target' })
  @IsEnum(JoinGranularity)
  rankBy: JoinGranularity;
}

@ArgsType()
export class JoinDriveDailyArgs {
  @Field(() => ID, { description: 'The drive' })
  driveId: string;

  @Field(() => ID, { nullable: true, description: 'Only the part under this org; default: all you see' })
  @IsOptional()
  orgId?: string;

  @Field({ nullable: true, description: 'First China day; default the drive\'s first' })
  @IsOptional()
  from?: string;

  @Field({ nullable: true, description: 'Last China day; default the drive\'s last or today, whichever is earlier' })
  @IsOptional()
  to?: string;
}

@ObjectType({ description: 'Joins of one employment type' })
export class EmploymentCount {
  @Field(() => EmploymentType, { description: 'Regular or a new-employment-form type' })
  employmentType: EmploymentType;

  @Field(() => Int, { description: 'Joins' })
  joins: number;
}

@ObjectType({ description: 'Joins in one period against its target' })
export class JoinTally {
  @Field(() => Int, { description: 'Joins through the drive\'s QR codes, rejected applications left out' })
  joins: number;

  @Field(() => Int, { description: 'Of joins: new-employment-form workers' })
  gig: number;

  @Field(() => Int, { description: 'Of joins: regular employees' })
  regular: number;

  @Field(() => Int, { nullable: true, description: 'The target for the period; null where none is set (the whole drive)' })
  target: number | null;

  @Field(() => Float, { nullable: true, description: 'joins / target; null without a target above zero' })
  rate: number | null;
}

@ObjectType({ description: 'One sub-org in a drive\'s figures (排行榜)' })
export class JoinDriveOrgFigures {
  @Field(() => Int, { description: '1 = furthest ahead of its target in the ranked period' })
  rank: number;

  orgId: string;

  @Field(() => JoinTally, { description: 'The day' })
  day: JoinTally;

  @Field(() => JoinTally, { description: 'The ISO week so far' })
  week: JoinTally;

  @Field(() => JoinTally, { description: 'The month so far' })
  month: JoinTally;

  @Field(() => JoinTally, { description: 'Since the drive began' })
  total: JoinTally;
}

@ObjectType({ description: 'A drive\'s progress on a day: each sub-org you see against its targets, ranked, and the joins split by employment type' })
export class JoinDriveFigures {
  @Field(() => ID, { description: 'The drive' })
  driveId: string;

  @Field({ description: 'The China day the figures are for' })
  on: string;

  @Field({ description: 'The Monday of its week (or the drive\'s first day, if later)' })
  weekFrom: string;

  @Field({ description: 'The first of its month (or the drive\'s first day, if later)' })
  monthFrom: string;

  @Field(() => JoinGranularity, { description: 'What the ranking is on' })
  rankBy: JoinGranularity;

  @Field(() => [JoinDriveOrgFigures], { description: 'The sub-orgs you see, ranked' })
  byOrg: JoinDriveOrgFigures[];

  @Field(() => JoinTally, { description: 'All joins you see on the day (targets: the sub-orgs listed)' })
  day: JoinTally;

  @Field(() => JoinTally, { description: 'The week so far' })
  week: JoinTally;

  @Field(() => JoinTally, { description: 'The month so far' })
  month: JoinTally;

  @Field(() => JoinTally, { description: 'Since the drive began' })
  total: JoinTally;

  @Field(() => [EmploymentCount], { description: 'Since the drive began, by employment type (every type, zeros included)' })
  byEmploymentType: EmploymentCount[];
}

@ObjectType({ description: 'Joins on one China day against the day target (the daily curve)' })
export class JoinDriveDay {
  @Field({ description: 'YYYY-MM-DD' })
  day: string;

  @Field(() => Int, { description: 'Joins' })
  joins: number;

  @Field(() => Int, { description: 'Of joins: new-employment-form workers' })
  gig: number;

  @Field(() => Int, { description: 'The day targets of the sub-orgs counted, summed' })
  target: number;
}

@ObjectType({ description: 'A union a worker may join through a drive\'s QR code' })
export class DriveJoinUnion {
  @Field(() => ID, { description: 'Give it as unionId to joinThroughDrive' })
  id: string;

  @Field({ description: 'The union\'s name' })
  name: string;
}

@ObjectType({ description: 'What a worker who scanned a drive\'s QR code sees: the join form and nothing else' })
export class DriveJoinForm {
  @Field({ description: 'The drive\'s title' })
  title: string;

  @Field({ description: 'The union whose poster was scanned (a street, a development zone, …)' })
  orgName: string;

  @Field({ description: 'Last China day the code works' })
  endsOn: string;

  @Field({ description: 'The drive is aimed at new-employment-form workers' })
  gigFocus: boolean;

  @Field(() => [DriveJoinUnion], { description: `Enterprise unions under it taking members, by name; at most ${DRIVE_LIMITS.formUnions}, narrowed by search` })
  unions: DriveJoinUnion[];
}

@InputType({ description: 'A worker joining through a drive\'s QR code: the union chosen on the form and the worker\'s details' })
export class DriveJoinInput extends PersonInput {
  @Field(() => ID, { description: 'One of the unions the join form lists' })
  unionId: string;
}
