import { ArgsType, Field, GraphQLISODateTime, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLDate } from 'graphql-scalars';
import { IsOptional } from 'class-validator';
import { HardshipTier } from '@lianxin/members-client';
import { connectionOf, PageArgs } from '@lianxin/subgraph';
import { HardshipAction, HardshipFileKind, HardshipFileState } from './hardship.enums';

@ObjectType({ description: 'A step in a hardship file\'s history, oldest first' })
export class HardshipEvent {
  @Field(() => HardshipAction, { description: 'What happened' })
  action: HardshipAction;

  @Field(() => HardshipTier, { description: 'The tier after this step' })
  tier: HardshipTier;

  @Field({ description: 'The reason, the review\'s findings or the evidence seen' })
  note: string;

  @Field(() => ID, { nullable: true, description: 'The org of the staff member who recorded it' })
  actorOrgId: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When it was recorded' })
  at: Date;
}

@ObjectType({ description: '困难职工档案: a member\'s hardship file. Only staff of the member\'s union and above see it; never partners' })
export class HardshipFile {
  @Field(() => ID, { description: 'The file\'s id (a ULID)' })
  id: string;

  @Field(() => ID, { description: 'The member the file is about' })
  memberId: string;

  @Field(() => HardshipFileKind, { description: 'Regular, or temporary hardship' })
  kind: HardshipFileKind;

  @Field(() => HardshipFileState, { description: 'In hardship now, or out of it (解困)' })
  state: HardshipFileState;

  @Field(() => HardshipTier, { description: 'The current tier (the last one, after 解困)' })
  tier: HardshipTier;

  @Field(() => GraphQLDate, { description: 'When the file was opened (建档)' })
  openedOn: string;

  @Field({ description: 'Why it was opened' })
  reason: string;

  @Field({ description: 'What evidence was seen when it was opened' })
  evidence: string;

  @Field(() => GraphQLDate, { description: 'The last review' })
  reviewedOn: string;

  @Field(() => GraphQLDate, { description: 'When the next yearly review is due' })
  nextReviewOn: string;

  @Field(() => GraphQLDate, { nullable: true, description: 'When the worker left hardship (解困); null while in it' })
  exitedOn: string | null;

  @Field(() => Int, { description: 'Pass it back on a change: a change made since is refused with CONFLICT, not overwritten' })
  version: number;
}

export const HardshipFileConnection = connectionOf(HardshipFile, 'HardshipFile', 'A page of hardship files, the soonest review first');
export type HardshipFileConnection = InstanceType<typeof HardshipFileConnection>;

@InputType({ description: 'Opening a hardship file (建档)' })
export class OpenHardshipFileInput {
  @Field(() => ID, { description: 'The member, in your scope' })
  memberId: string;

  @Field(() => HardshipTier, { description: 'The tier the review found' })
  tier: HardshipTier;

  @Field(() => HardshipFileKind, { defaultValue: HardshipFileKind.REGULAR, description: 'REGULAR (default), or TEMPORARY for a passing hardship' })
  kind: HardshipFileKind;

  @Field({ description: 'Why: illness, an accident, a household without income…, 1-500 characters' })
  reason: string;

  @Field({ description: 'What was seen: income proof, medical records…, 1-1000 characters (notes, not the documents)' })
  evidence: string;

  @Field(() => String, { nullable: true, description: 'The day the file was opened, YYYY-MM-DD (default today); not in the future' })
  @IsOptional()
  openedOn?: string | null;
}

@ArgsType()
export class HardshipReviewsDueArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Files of members under this org (default: your own org, or everyone for admins)' })
  @IsOptional()
  orgId?: string | null;

  @Field(() => String, { nullable: true, description: 'Reviews due on or before this day, YYYY-MM-DD (default: 30 days from today)' })
  @IsOptional()
  dueBy?: string | null;
}
