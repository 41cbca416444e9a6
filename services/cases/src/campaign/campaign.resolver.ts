import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Access, IDEMPOTENCY_KEY_ARG, type Page, type SubgraphContext } from '@lianxin/subgraph';
import type { CaseRow } from '../casefile/case.entity';
import { OutreachKind } from '../casefile/case.enums';
import { Case, CaseConnection } from '../case/case.types';
import { Org } from '../casefile/graph.types';
import type { CampaignRow, InterviewPointRow, InterviewRow, QuestionnaireRow } from './campaign.entity';
import { campaignById, casesOfInterview, interviewById, pointById, questionnaireById, questionnairesOfCampaign } from './campaign.loader';
import * as campaigns from './campaign.service';
import {
  AnswerInterviewCampaignInput, CampaignInterview, CampaignOrgProgress, CampaignProblemsArgs, CampaignProgress, CampaignProgressArgs, CampaignQuestionnaire, CreateInterviewCampaignInput,
  InterviewCampaign, InterviewCampaignConnection, InterviewCampaignsArgs, InterviewPoint, InterviewPointConnection, InterviewPointInput, InterviewPointsArgs, QuestionnaireInput,
  RecordInterviewInput,
} from './campaign.types';

@Resolver(() => InterviewCampaign)
export class InterviewCampaignResolver {
  @Query(() => InterviewCampaignConnection, { nullable: true, description: 'Interview campaigns (大访谈) that reach you: run in your subtree or above your org; for a member, those whose audience you are in. Newest first' })
  @Access('staff', 'admin', 'member')
  interviewCampaigns(@Ctx() ctx: SubgraphContext, @Args(() => InterviewCampaignsArgs) args: InterviewCampaignsArgs): Promise<Page<CampaignRow>> {
    return campaigns.listCampaigns(ctx, args);
  }

  @Query(() => InterviewCampaign, { nullable: true, description: 'An interview campaign that reaches you; null when missing or not for you' })
  @Access('staff', 'admin', 'member')
  interviewCampaign(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID, { description: 'The campaign\'s id' }) id: string): Promise<CampaignRow | null> {
    return campaigns.getCampaign(ctx, id);
  }

  @Query(() => CampaignProgress, {
    nullable: true,
    description: 'A campaign\'s progress (作战图) in an org\'s subtree against the pace its target needs, per day and per sub-org. Null for a campaign or org you do not see',
  })
  @Access('staff', 'admin')
  campaignProgress(@Ctx() ctx: SubgraphContext, @Args(() => CampaignProgressArgs) args: CampaignProgressArgs): Promise<CampaignProgress | null> {
    return campaigns.campaignProgress(ctx, args);
  }

  @Mutation(() => InterviewCampaign, { nullable: true, description: 'Start an interview campaign of your org: period, target (0 or more interviews), audience and interview outline' })
  @Access('staff', 'admin')
  createInterviewCampaign(@Ctx() ctx: SubgraphContext, @Arg('input', () => CreateInterviewCampaignInput, { description: 'The campaign' }) input: CreateInterviewCampaignInput): Promise<CampaignRow> {
    return campaigns.createInterviewCampaign(ctx, input);
  }

  @Mutation(() => [InterviewPoint], { nullable: true, description: 'Add interview points (访谈点) to your org\'s campaign, each run by your org or one under it; one bad point and none is added' })
  @Access('staff', 'admin')
  addInterviewPoints(
    @Ctx() ctx: SubgraphContext,
    @Arg('campaignId', () => ID, { description: 'Your org\'s campaign' }) campaignId: string,
    @Arg('points', () => [InterviewPointInput], { description: '1-500 points' }) points: InterviewPointInput[],
  ): Promise<InterviewPointRow[]> {
    return campaigns.addInterviewPoints(ctx, campaignId, points);
  }

  @Mutation(() => CampaignQuestionnaire, { nullable: true, description: 'Publish a questionnaire version for one audience of your org\'s campaign; it becomes the version in use' })
  @Access('staff', 'admin')
  publishQuestionnaire(
    @Ctx() ctx: SubgraphContext,
    @Arg('campaignId', () => ID, { description: 'Your org\'s campaign' }) campaignId: string,
    @Arg('input', () => QuestionnaireInput, { description: 'The questionnaire' }) input: QuestionnaireInput,
  ): Promise<QuestionnaireRow> {
    return campaigns.publishQuestionnaire(ctx, campaignId, input);
  }

  @Mutation(() => CampaignInterview, { nullable: true, description: 'Record a face-to-face interview at a point your org runs (or one under it); each problem raised becomes a case (channel INTERVIEW_CAMPAIGN). One bad problem and nothing is recorded' })
  @Access('staff', 'admin')
  async recordInterview(
    @Ctx() ctx: SubgraphContext,
    @Arg('input', () => RecordInterviewInput, { description: 'The interview and its problems' }) input: RecordInterviewInput,
    @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_KEY_ARG }) idempotencyKey?: string | null,
  ): Promise<InterviewRow> {
    return (await campaigns.recordInterview(ctx, input, new Date(), idempotencyKey)).interview;
  }

  @Mutation(() => CampaignInterview, { nullable: true, description: 'Answer a campaign that reaches you, online, once; each problem you raise becomes your case (channel INTERVIEW_CAMPAIGN)' })
  @Access('member')
  async answerInterviewCampaign(
    @Ctx() ctx: SubgraphContext,
    @Arg('input', () => AnswerInterviewCampaignInput, { description: 'Your answers and problems' }) input: AnswerInterviewCampaignInput,
    @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_KEY_ARG }) idempotencyKey?: string | null,
  ): Promise<InterviewRow> {
    return (await campaigns.answerInterviewCampaign(ctx, input, new Date(), idempotencyKey)).interview;
  }

  @FieldResolver(() => Org, { description: 'The org running the campaign' })
  org(@Root() c: CampaignRow): Org {
    return { id: c.orgId };
  }

  @FieldResolver(() => [CampaignQuestionnaire], { description: 'Every questionnaire version, by audience then version' })
  questionnaires(@Root() c: CampaignRow, @Ctx() ctx: SubgraphContext): Promise<QuestionnaireRow[]> {
    return questionnairesOfCampaign(ctx).load(c.id);
  }

  @FieldResolver(() => InterviewPointConnection, { description: 'The interview points you see: all of them for the running org and above, your own for an org taking part; none for members' })
  points(@Root() c: CampaignRow, @Ctx() ctx: SubgraphContext, @Args(() => InterviewPointsArgs) args: InterviewPointsArgs): Promise<Page<InterviewPointRow>> {
    return campaigns.listPoints(ctx, c, args);
  }

  @FieldResolver(() => CaseConnection, { description: '题目清单: the problems raised in its interviews, as the cases you see, newest first; satisfied: true gives the 满意清单' })
  problems(@Root() c: CampaignRow, @Ctx() ctx: SubgraphContext, @Args(() => CampaignProblemsArgs) args: CampaignProblemsArgs): Promise<Page<CaseRow>> {
    return campaigns.campaignProblems(ctx, c, args);
  }

  @FieldResolver(() => CampaignInterview, { nullable: true, description: 'For a member: your own interview in the campaign, if you took part' })
  myInterview(@Root() c: CampaignRow, @Ctx() ctx: SubgraphContext): Promise<InterviewRow | null> {
    return campaigns.myInterview(ctx, c);
  }
}

@Resolver(() => InterviewPoint)
export class InterviewPointResolver {
  @FieldResolver(() => Org, { description: 'The org running the point' })
  org(@Root() p: InterviewPointRow): Org {
    return { id: p.orgId };
  }
}

@Resolver(() => CampaignOrgProgress)
export class CampaignOrgProgressResolver {
  @FieldResolver(() => Org, { description: 'The sub-org (its name comes from members)' })
  org(@Root() p: CampaignOrgProgress): Org {
    return { id: p.orgId };
  }
}

@Resolver(() => CampaignQuestionnaire)
export class CampaignQuestionnaireResolver {
  @FieldResolver(() => [String], { description: 'The questions, in order' })
  questions(@Root() q: QuestionnaireRow): string[] {
    return JSON.parse(q.questions) as string[];
  }
}

@Resolver(() => CampaignInterview)
export class CampaignInterviewResolver {
  @FieldResolver(() => InterviewCampaign, { nullable: true, description: 'The campaign' })
  campaign(@Root() i: InterviewRow, @Ctx() ctx: SubgraphContext): Promise<CampaignRow | null> {
    return campaignById(ctx).load(i.campaignId);
  }

  @FieldResolver(() => InterviewPoint, { nullable: true, description: 'The point it was held at; null online, and for callers who do not see the point' })
  point(@Root() i: InterviewRow, @Ctx() ctx: SubgraphContext): Promise<InterviewPointRow | null> | null {
    return i.pointId ? pointById(ctx).load(i.pointId) : null;
  }

  @FieldResolver(() => CampaignQuestionnaire, { nullable: true, description: 'The questionnaire version answered' })
  questionnaire(@Root() i: InterviewRow, @Ctx() ctx: SubgraphContext): Promise<QuestionnaireRow | null> {
    return questionnaireById(ctx).load(i.questionnaireId);
  }

  @FieldResolver(() => [String], { description: 'The answers, in the questionnaire\'s order' })
  answers(@Root() i: InterviewRow): string[] {
    return JSON.parse(i.answers) as string[];
  }

  @FieldResolver(() => Org, { description: 'The org it was held at: the point\'s, or the member\'s own online' })
  org(@Root() i: InterviewRow): Org {
    return { id: i.orgId };
  }

  @FieldResolver(() => [Case], { description: 'The problems raised, as the cases you see, oldest first' })
  cases(@Root() i: InterviewRow, @Ctx() ctx: SubgraphContext): Promise<CaseRow[]> {
    return casesOfInterview(ctx).load(i.id);
  }
}

@Resolver(() => Case)
export class CaseInterviewResolver {
  @FieldResolver(() => CampaignInterview, { nullable: true, description: 'The campaign interview the case was raised in (its campaign: interview.campaign); null for other cases and for callers who do not see the interview' })
  interview(@Root() c: CaseRow, @Ctx() ctx: SubgraphContext): Promise<InterviewRow | null> | null {
    return c.sourceKind === OutreachKind.INTERVIEW && c.sourceId ? interviewById(ctx).load(c.sourceId) : null;
  }

  @FieldResolver(() => Boolean, { description: 'On a campaign\'s satisfied list (满意清单): closed and rated satisfied or basically satisfied' })
  satisfied(@Root() c: CaseRow): boolean {
    return campaigns.isSatisfied(c);
  }
}

export const campaignResolvers = [InterviewCampaignResolver, InterviewPointResolver, CampaignOrgProgressResolver, CampaignQuestionnaireResolver, CampaignInterviewResolver, CaseInterviewResolver] as const;
