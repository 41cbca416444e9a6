import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional } from 'class-validator';
import { connectionOf, PageArgs } from '@lianxin/subgraph';
import { CaseKind, Urgency } from '../casefile/case.enums';
import { CampaignAudience, InterviewMode, InterviewPointKind } from './campaign.entity';

registerEnumType(CampaignAudience, {
  name: 'CampaignAudience',
  description: 'Who a questionnaire version is written for',
  valuesConfig: {
    GENERAL: { description: '通用版: young workers in regular employment' },
    NEW_EMPLOYMENT_FORM: { description: '新就业形态版: delivery riders, ride-hailing drivers, couriers, live-streamers' },
  },
});
registerEnumType(InterviewPointKind, {
  name: 'InterviewPointKind',
  description: 'Where an interview point (访谈点) is set up',
  valuesConfig: {
    UNION_POST: { description: '工会驿站' },
    DORMITORY: { description: '宿舍区' },
    ENTERPRISE: { description: '企业' },
  },
});
registerEnumType(InterviewMode, {
  name: 'InterviewMode',
  description: 'How an interview was held',
  valuesConfig: {
    FACE_TO_FACE: { description: '面对面: recorded by union staff at an interview point' },
    ONLINE: { description: '线上: answered by the worker themselves' },
  },
});

/** Limits shared with the service, which re-checks them for direct callers (seeders, tests). */
export const CAMPAIGN_LIMITS = {
  title: 100, outline: 4000, maxPeriodDays: 366, points: 500, pointName: 100, questions: 40, question: 200, answer: 500, problems: 10, minAge: 16, maxAge: 70,
} as const;

@ObjectType({ description: '大访谈: an interview campaign an org runs over its subtree, with a period, a target and an audience' })
export class InterviewCampaign {
  @Field(() => ID, { description: 'The campaign\'s id (a ULID)' })
  id: string;

  @Field({ description: 'The title, e.g. 百日万名青年职工大访谈' })
  title: string;

  @Field({ description: 'First China day, YYYY-MM-DD' })
  startsOn: string;

  @Field({ description: 'Last China day, YYYY-MM-DD, inclusive' })
  endsOn: string;

  @Field(() => Int, { description: 'Interviews the campaign sets out to hold' })
  target: number;

  @Field(() => Int, { description: 'The audience: workers up to this age' })
  maxAge: number;

  @Field({ description: 'Whether new-employment-form workers are the focus (重点对象)' })
  focusNewEmployment: boolean;

  @Field({ description: '访谈提纲: what interviewers ask about' })
  outline: string;

  @Field({ description: 'When the campaign was created, ISO 8601 UTC' })
  createdAt: Date;
}

@ObjectType({ description: '访谈点: a place where staff hold interviews, run by an org under the campaign\'s owner' })
export class InterviewPoint {
  @Field(() => ID, { description: 'The point\'s id (a ULID)' })
  id: string;

  @Field({ description: 'The point\'s name, e.g. 园区工会驿站' })
  name: string;

  @Field(() => InterviewPointKind, { description: 'Where it is set up' })
  kind: InterviewPointKind;
}

@ObjectType({ description: 'A questionnaire version of a campaign for one audience' })
export class CampaignQuestionnaire {
  @Field(() => ID, { description: 'The version\'s id (a ULID)' })
  id: string;

  @Field(() => CampaignAudience, { description: 'Who it is for' })
  audience: CampaignAudience;

  @Field(() => Int, { description: 'Counts up from 1 per audience; the highest is the one in use' })
  version: number;

  @Field({ description: 'Its title' })
  title: string;

  @Field(() => [String], { description: 'The questions, in order' })
  questions: string[];
}

@ObjectType({ description: 'One interview of a campaign: face to face at a point, or answered online by the worker' })
export class CampaignInterview {
  @Field(() => ID, { description: 'The interview\'s id (a ULID)' })
  id: string;

  @Field(() => InterviewMode, { description: 'Face to face or online' })
  mode: InterviewMode;

  @Field({ description: 'The China day it was held, YYYY-MM-DD' })
  heldOn: string;

  @Field(() => CampaignAudience, { description: 'The audience of the questionnaire answered' })
  audience: CampaignAudience;

  @Field(() => Int, { description: 'The interviewee\'s age' })
  age: number;

  @Field({ description: 'The interviewee\'s employment type (REGULAR, DELIVERY_RIDER, RIDE_HAILING_DRIVER, COURIER, LIVE_STREAMER)' })
  employmentType: string;

  @Field({ description: 'When it was recorded, ISO 8601 UTC' })
  recordedAt: Date;
}

export const InterviewCampaignConnection = connectionOf(InterviewCampaign, 'InterviewCampaign', 'A page of interview campaigns, newest first');
export type InterviewCampaignConnection = InstanceType<typeof InterviewCampaignConnection>;
export const InterviewPointConnection = connectionOf(InterviewPoint, 'InterviewPoint', 'A page of interview points, in org-tree order');
export type InterviewPointConnection = InstanceType<typeof InterviewPointConnection>;

@InputType({ description: 'A new interview campaign of your org' })
export class CreateInterviewCampaignInput {
  @Field(() => ID, { nullable: true, description: 'The org running it: your own (default)' })
  @IsOptional()
  orgId?: string | null;

  @Field({ description: 'The title, 1-100 characters' })
  title: string;

  @Field({ description: 'First China day, YYYY-MM-DD' })
  startsOn: string;

  @Field({ description: 'Last China day, YYYY-MM-DD, inclusive; at most 366 days after startsOn' })
  endsOn: string;

  @Field(() => Int, { description: 'Interviews to hold, 0 or more' })
  target: number;

  @Field(() => Int, { description: 'The audience: workers up to this age (16-70)' })
  maxAge: number;

  @Field({ defaultValue: false, description: 'Whether new-employment-form workers are the focus' })
  focusNewEmployment: boolean;

  @Field({ description: '访谈提纲: what interviewers ask about, 1-4000 characters' })
  outline: string;
}

@InputType({ description: 'An interview point run by an org under the campaign\'s owner' })
export class InterviewPointInput {
  @Field(() => ID, { description: 'The org running it: the campaign\'s owner or an org under it' })
  orgId: string;

  @Field({ description: 'The point\'s name, 1-100 characters' })
  name: string;

  @Field(() => InterviewPointKind, { description: 'Where it is set up' })
  kind: InterviewPointKind;
}

@InputType({ description: 'A questionnaire version for one audience' })
export class QuestionnaireInput {
  @Field(() => CampaignAudience, { description: 'Who it is for' })
  audience: CampaignAudience;

  @Field({ description: 'Its title, 1-100 characters' })
  title: string;

  @Field(() => [String], { description: '1-40 questions, each 1-200 characters' })
  questions: string[];
}

@InputType({ description: 'A problem the worker raised: it becomes a case (挂号, channel INTERVIEW_CAMPAIGN) linked to the interview' })
export class InterviewProblemInput {
  @Field(() => CaseKind, { description: 'What the problem is about' })
  kind: CaseKind;

  @Field(() => Urgency, { defaultValue: Urgency.NORMAL, description: 'How soon it must be handled (default NORMAL)' })
  urgency: Urgency;

  @Field({ description: 'The problem in the worker\'s words, 5-2000 characters' })
  description: string;
}

@InputType({ description: 'A face-to-face interview held at an interview point' })
export class RecordInterviewInput {
  @Field(() => ID, { description: 'The interview point: one of your org or an org under it' })
  pointId: string;

  @Field(() => ID, { description: 'The questionnaire version used: one for the interviewee\'s audience' })
  questionnaireId: string;

  @Field({ description: 'The China day it was held, YYYY-MM-DD: within the campaign\'s period, today or earlier' })
  heldOn: string;

  @Field(() => Int, { description: 'The interviewee\'s age: within the campaign\'s audience' })
  age: number;

  @Field({ description: 'The interviewee\'s employment type: REGULAR, DELIVERY_RIDER, RIDE_HAILING_DRIVER, COURIER or LIVE_STREAMER' })
  employmentType: string;

  @Field(() => ID, { nullable: true, description: 'The member interviewed, who must belong under the campaign\'s owner; leave out for a worker not named' })
  @IsOptional()
  memberId?: string | null;

  @Field(() => [String], { defaultValue: [], description: 'The answers, in the questionnaire\'s order, each up to 500 characters' })
  answers: string[];

  @Field(() => [InterviewProblemInput], { defaultValue: [], description: 'Up to 10 problems raised, each registered as a case' })
  problems: InterviewProblemInput[];
}

@InputType({ description: 'Your own answer to a campaign that reaches you' })
export class AnswerInterviewCampaignInput {
  @Field(() => ID, { description: 'The campaign' })
  campaignId: string;

  @Field(() => ID, { description: 'The questionnaire version answered: the one for your audience' })
  questionnaireId: string;

  @Field(() => [String], { defaultValue: [], description: 'The answers, in the questionnaire\'s order, each up to 500 characters' })
  answers: string[];

  @Field(() => [InterviewProblemInput], { defaultValue: [], description: 'Up to 10 problems you raise, each registered as your case' })
  problems: InterviewProblemInput[];
}

@ArgsType()
export class InterviewCampaignsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only campaigns owned by this org or orgs under it (default: all that reach you)' })
  @IsOptional()
  orgId?: string | null;
}

@ArgsType()
export class InterviewPointsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only points run by this org or orgs under it' })
  @IsOptional()
  orgId?: string | null;
}

@ArgsType()
export class CampaignProblemsArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: 'true: only the satisfied list (满意清单: closed and rated satisfied or basically satisfied); false: only the rest' })
  @IsOptional()
  satisfied?: boolean | null;
}

@ArgsType()
export class CampaignProgressArgs {
  @Field(() => ID, { description: 'The campaign' })
  campaignId: string;

  @Field(() => ID, { nullable: true, description: 'The org whose subtree is counted: the campaign\'s owner or an org under it (default: the owner, or your own org when you take part from below)' })
  @IsOptional()
  orgId?: string | null;

  @Field(() => String, { nullable: true, description: 'First China day counted (default: the campaign\'s first day)' })
  @IsOptional()
  from?: string | null;

  @Field(() => String, { nullable: true, description: 'Last China day counted (default: today, or the campaign\'s last day if earlier)' })
  @IsOptional()
  to?: string | null;
}

@ObjectType({ description: 'One day of a campaign\'s progress in a subtree' })
export class CampaignDay {
  @Field({ description: 'The China day, YYYY-MM-DD' })
  day: string;

  @Field(() => Int, { description: 'Interviews held that day' })
  interviews: number;

  @Field(() => Int, { description: 'Of those, answered online' })
  online: number;

  @Field(() => Int, { description: 'Interviews from the campaign\'s first day to the end of this one' })
  cumulative: number;

  @Field(() => Float, { description: '倒排时间表: interviews the target needs by the end of this day, the target spread evenly over the period' })
  pace: number;
}

@ObjectType({ description: 'A campaign\'s progress in one sub-org\'s subtree (or at the counted org itself)' })
export class CampaignOrgProgress {
  @Field(() => ID, { description: 'The sub-org (or the counted org itself, for what is held at it directly)' })
  orgId: string;

  @Field(() => Int, { description: 'Interview points it runs, its own and below' })
  points: number;

  @Field(() => Float, { description: 'Its share of the target: the target spread over the interview points' })
  target: number;

  @Field(() => Float, { description: 'Its share of the pace: interviews its share needs by the last day counted' })
  expected: number;

  @Field(() => Int, { description: 'Interviews held in the period' })
  interviews: number;

  @Field(() => Int, { description: 'Of those, answered online' })
  online: number;

  @Field(() => Int, { description: 'Interviews from the campaign\'s first day to the last day counted' })
  cumulative: number;

  @Field(() => Int, { description: 'Problems raised in the period\'s interviews (cases)' })
  problemsRaised: number;

  @Field(() => Int, { description: 'Of those, resolved (RESOLVED, SIGNED_OFF or CLOSED)' })
  resolved: number;

  @Field(() => Int, { description: 'Of those, closed and rated satisfied or basically satisfied (满意清单)' })
  satisfied: number;
}

@ObjectType({
  description:
    'A campaign\'s progress (挂出作战图) in an org\'s subtree for a period of China days: interviews per day against the pace the target needs, ' +
    'online and face to face, and its problem list (题目清单) turned into the satisfied list (满意清单). Problems count with their interview\'s day, in the state they are in now',
})
export class CampaignProgress {
  @Field(() => ID, { description: 'The campaign' })
  campaignId: string;

  @Field(() => ID, { description: 'The org whose subtree was counted' })
  orgId: string;

  @Field({ description: 'First China day counted' })
  from: string;

  @Field({ description: 'Last China day counted, inclusive' })
  to: string;

  @Field(() => Int, { description: 'Days in the campaign\'s whole period' })
  periodDays: number;

  @Field(() => Float, { description: 'The subtree\'s share of the target (the whole target at the owner)' })
  target: number;

  @Field(() => Float, { description: 'Interviews that share needs by the last day counted (倒排时间表)' })
  expected: number;

  @Field(() => Int, { description: 'Interviews from the campaign\'s first day to the last day counted' })
  cumulative: number;

  @Field(() => Int, { description: 'Interviews held in the period' })
  interviews: number;

  @Field(() => Int, { description: 'Of those, answered online' })
  online: number;

  @Field(() => Int, { description: 'Of those, face to face at a point' })
  faceToFace: number;

  @Field(() => Int, { description: 'Problems raised in the period\'s interviews (cases with channel INTERVIEW_CAMPAIGN linked to them)' })
  problemsRaised: number;

  @Field(() => Int, { description: 'Of those, resolved (RESOLVED, SIGNED_OFF or CLOSED)' })
  resolved: number;

  @Field(() => Int, { description: 'Of those, closed and rated satisfied or basically satisfied (满意清单)' })
  satisfied: number;

  @Field(() => [CampaignDay], { description: 'Each day of the period, in order' })
  days: CampaignDay[];

  @Field(() => [CampaignOrgProgress], { description: 'The same per sub-org (and the counted org itself when it runs points or holds interviews), in org-tree order' })
  byOrg: CampaignOrgProgress[];
}
