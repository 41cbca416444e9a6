import type { EntityManager } from 'typeorm';
import { byKeys, defineLoader, groupByKeys, type SubgraphContext } from '@lianxin/subgraph';
import { CaseRow } from '../casefile/case.entity';
import { CASE_SCOPE } from '../casefile/case.loader';
import { OutreachKind } from '../casefile/case.enums';
import { CampaignRow, InterviewPointRow, InterviewRow, QuestionnaireRow } from './campaign.entity';

/**
 * A campaign reaches its owner's whole subtree: staff see the campaigns owned in their subtree
 * (higher orgs, in their figures) and those owned above them (lower orgs take part); a member
 * sees those owned by their org or an ancestor (the service also checks the audience); partners none.
 * Questionnaires are kept under the owner's path and reach the same callers.
 */
export const CAMPAIGN_SCOPE = { path: 'k.orgPath', inherited: 'k.orgId', orgId: 'k.orgId' } as const;
export const QUESTIONNAIRE_SCOPE = { path: 'q.orgPath', inherited: 'q.orgId', orgId: 'q.orgId' } as const;
/** Points are union work: staff of the running org's subtree; lower orgs see only their own. */
export const POINT_SCOPE = { path: 'p.orgPath' } as const;
/** Interviews: staff of the subtree they were held in; a member their own. */
export const INTERVIEW_SCOPE = { path: 'i.orgPath', member: 'i.memberId' } as const;

export const campaignQuery = (ctx: SubgraphContext, em?: EntityManager) => ctx.db.read(CampaignRow, 'k', CAMPAIGN_SCOPE, em);
export const questionnaireQuery = (ctx: SubgraphContext, em?: EntityManager) => ctx.db.read(QuestionnaireRow, 'q', QUESTIONNAIRE_SCOPE, em);
export const pointQuery = (ctx: SubgraphContext, em?: EntityManager) => ctx.db.read(InterviewPointRow, 'p', POINT_SCOPE, em);
export const interviewQuery = (ctx: SubgraphContext, em?: EntityManager) => ctx.db.read(InterviewRow, 'i', INTERVIEW_SCOPE, em);

/** Campaigns by id through the scope alone; the member's audience check is the service's (reachingCampaign). */
export const campaignById = defineLoader<string, CampaignRow | null>((ctx) => async (ids) => {
  const rows = await campaignQuery(ctx).andWhere('k.id IN (:...campaignIds)', { campaignIds: [...ids] }).getMany();
  return byKeys(ids, rows, (r) => r.id);
});

export const questionnaireById = defineLoader<string, QuestionnaireRow | null>((ctx) => async (ids) => {
  const rows = await questionnaireQuery(ctx).andWhere('q.id IN (:...qIds)', { qIds: [...ids] }).getMany();
  return byKeys(ids, rows, (r) => r.id);
});

/** Every version of a page of campaigns' questionnaires, by audience then version. */
export const questionnairesOfCampaign = defineLoader<string, QuestionnaireRow[]>((ctx) => async (campaignIds) => {
  const rows = await questionnaireQuery(ctx).andWhere('q.campaignId IN (:...campaignIds)', { campaignIds: [...campaignIds] })
    .orderBy('q.campaignId').addOrderBy('q.audience').addOrderBy('q.version').getMany();
  return groupByKeys(campaignIds, rows, (r) => r.campaignId);
});

export const pointById = defineLoader<string, InterviewPointRow | null>((ctx) => async (ids) => {
  const rows = await pointQuery(ctx).andWhere('p.id IN (:...pointIds)', { pointIds: [...ids] }).getMany();
  return byKeys(ids, rows, (r) => r.id);
});

export const interviewById = defineLoader<string, InterviewRow | null>((ctx) => async (ids) => {
  const rows = await interviewQuery(ctx).andWhere('i.id IN (:...interviewIds)', { interviewIds: [...ids] }).getMany();
  return byKeys(ids, rows, (r) => r.id);
});

/** The problems raised in a page of interviews, oldest first, through the case scope (ix_case_source). */
export const casesOfInterview = defineLoader<string, CaseRow[]>((ctx) => async (interviewIds) => {
  const rows = await ctx.db.read(CaseRow, 'c', CASE_SCOPE)
    .andWhere('c.sourceId IN (:...interviewIds) AND c.sourceKind = :kind', { interviewIds: [...interviewIds], kind: OutreachKind.INTERVIEW })
    .orderBy('c.sourceId').addOrderBy('c.id').getMany();
  return groupByKeys(interviewIds, rows, (r) => r.sourceId!);
});
