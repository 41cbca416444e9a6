import { addDays, chinaDate, dayCount, EmploymentType, memberFacts, visibleOrg, type MemberFacts } from '@lianxin/members-client';
import { newId, pathIds, subtreeRange } from '@lianxin/auth';
import {
  badInput, calendarDay, conflict, decodeIdCursor, DomainError, emptyPage, encodeIdCursor, ErrorCode, idempotent, inScope, isUniqueViolation, notFound, pageOf,
  pathKeysetPage, requiredText, requireOrgs, requireScope, underOrg, unscoped, wholeSeconds, withContentionRetry, type OrgInfo, type Page, type SubgraphContext,
} from '@lianxin/subgraph';
import type { EntityManager } from 'typeorm';
import { CaseRow } from '../casefile/case.entity';
import { CASE_SCOPE, caseById } from '../casefile/case.loader';
import { CaseChannel, CaseState, OutreachKind, RESOLVED_STATES, SATISFIED_RATINGS, Urgency, type CaseKind } from '../casefile/case.enums';
import { registerCase, type Registration } from '../case/case.service';
import { actorOf } from '../case/case.writer';
import { CampaignAudience, CampaignRow, InterviewMode, InterviewPointKind, InterviewPointRow, InterviewRow, QuestionnaireRow } from './campaign.entity';
import {
  campaignById, campaignQuery, casesOfInterview, interviewById, interviewQuery, pointById, pointQuery, questionnaireById, questionnaireQuery, questionnairesOfCampaign,
} from './campaign.loader';
import {
  CAMPAIGN_LIMITS, type AnswerInterviewCampaignInput, type CampaignOrgProgress, type CampaignProblemsArgs, type CampaignProgress, type CampaignProgressArgs,
  type CreateInterviewCampaignInput, type InterviewCampaignsArgs, type InterviewPointInput, type InterviewPointsArgs, type InterviewProblemInput, type QuestionnaireInput,
  type RecordInterviewInput,
} from './campaign.types';

// The resolvers declare the roles; services are also called directly (seeders, tests), so they re-check everything.

/* ---------- who the campaign is for ---------- */

/** Which questionnaire version an employment type answers: the new-employment-form one for riders, drivers, couriers and streamers. */
export const audienceOf = (employmentType: string): CampaignAudience =>
  employmentType === EmploymentType.REGULAR ? CampaignAudience.GENERAL : CampaignAudience.NEW_EMPLOYMENT_FORM;

/** Whole years between a birth date and a China day, both YYYY-MM-DD. */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

function requireStaff(ctx: SubgraphContext): void {
  const scope = requireScope(ctx);
  if (scope.kind !== 'all' && scope.kind !== 'subtree') throw new DomainError(ErrorCode.FORBIDDEN, 'Interview campaigns are run by union staff; ask your union.');
}

function requireMember(ctx: SubgraphContext): string {
  if (requireScope(ctx).kind !== 'self' || !ctx.caller.memberId) throw new DomainError(ErrorCode.FORBIDDEN, 'Only members answer a campaign online; staff record interviews at a point (recordInterview).');
  return ctx.caller.memberId;
}

/** The member's own facts, or none: a member the directory does not know is reached by nothing. */
async function ownFacts(ctx: SubgraphContext): Promise<MemberFacts | null> {
  return ctx.caller.memberId ? memberFacts(ctx).one(ctx.caller.memberId) : null;
}

/** Whether a campaign the scope lets a member see is for them: their age on `day` is within its audience. */
const reaches = (c: CampaignRow, facts: MemberFacts | null, day: string): boolean => !!facts?.birthDate && ageOn(facts.birthDate, day) <= c.maxAge;

/**
 * A campaign as the caller may read it: through the scope, and for a member only when it
 * reaches them (their org under the owner, scope already; their age within the audience).
 */
export async function getCampaign(ctx: SubgraphContext, id: string, now = new Date()): Promise<CampaignRow | null> {
  const scope = requireScope(ctx);
  const c = await campaignById(ctx).load(id);
  if (!c || scope.kind !== 'self') return c;
  return reaches(c, await ownFacts(ctx), chinaDate(now)) ? c : null;
}

/**
 * A campaign for a write by its owner's staff: outside the caller's view NOT_FOUND; seen but
 * run by another org (a higher org following it, a lower one taking part) FORBIDDEN.
 */
async function managed(ctx: SubgraphContext, id: string): Promise<CampaignRow> {
  requireStaff(ctx);
  const c = await campaignById(ctx).load(id);
  if (!c) throw notFound('interview campaign', id);
  if (ctx.caller.role !== 'admin' && ctx.caller.orgId !== c.orgId) {
    throw new DomainError(ErrorCode.FORBIDDEN, `The campaign "${c.title}" is run by its own org's staff; ask them to change it.`, { field: 'campaignId' });
  }
  return c;
}

/* ---------- the campaign, its points and questionnaires ---------- */

function checkedCampaign(input: CreateInterviewCampaignInput): Pick<CampaignRow, 'title' | 'startsOn' | 'endsOn' | 'target' | 'maxAge' | 'focusNewEmployment' | 'outline'> {
  const title = requiredText('title', input.title, CAMPAIGN_LIMITS.title);
  const startsOn = calendarDay('startsOn', input.startsOn);
  const endsOn = calendarDay('endsOn', input.endsOn);
  if (endsOn < startsOn) throw badInput('endsOn', `${endsOn} is before startsOn (${startsOn}); the campaign must end on or after the day it starts`);
  if (dayCount(startsOn, endsOn) > CAMPAIGN_LIMITS.maxPeriodDays) throw badInput('endsOn', `a campaign runs at most ${CAMPAIGN_LIMITS.maxPeriodDays} days; split a longer one`);
  if (!Number.isInteger(input.target) || input.target < 0) throw badInput('target', `is the number of interviews to hold: a whole number, 0 or more (not ${input.target})`);
  if (!Number.isInteger(input.maxAge) || input.maxAge < CAMPAIGN_LIMITS.minAge || input.maxAge > CAMPAIGN_LIMITS.maxAge) {
    throw badInput('maxAge', `is the oldest age the campaign interviews: a whole number from ${CAMPAIGN_LIMITS.minAge} to ${CAMPAIGN_LIMITS.maxAge}`);
  }
  const outline = requiredText('outline', input.outline, CAMPAIGN_LIMITS.outline);
  return { title, startsOn, endsOn, target: input.target, maxAge: input.maxAge, focusNewEmployment: !!input.focusNewEmployment, outline };
}

/** A campaign of the caller's own org (admins name any); it reaches the org's whole subtree. */
export async function createInterviewCampaign(ctx: SubgraphContext, input: CreateInterviewCampaignInput, when = new Date()): Promise<CampaignRow> {
  const now = wholeSeconds(when);
  requireStaff(ctx);
  const fields = checkedCampaign(input);
  const orgId = input.orgId ?? ctx.caller.orgId;
  if (!orgId) throw badInput('orgId', 'name the org that runs the campaign');
  const org = await visibleOrg(ctx, orgId, 'orgId');
  if (ctx.caller.role !== 'admin' && ctx.caller.orgId !== org.id) {
    throw new DomainError(ErrorCode.FORBIDDEN, `A campaign of ${org.name} is created by its own staff; ask them.`, { field: 'orgId' });
  }
  const row = Object.assign(new CampaignRow(), { id: newId(now.getTime()), orgId: org.id, orgPath: org.path, ...fields, createdBy: ctx.caller.sub, createdAt: now });
  await ctx.db.transaction((em) => em.insert(CampaignRow, row));
  campaignById(ctx).prime(row.id, row);
  return row;
}

/** Interview points of the campaign, each run by its owner or an org under it; all or none. */
export async function addInterviewPoints(ctx: SubgraphContext, campaignId: string, list: readonly InterviewPointInput[]): Promise<InterviewPointRow[]> {
  const c = await managed(ctx, campaignId);
  if (!list?.length || list.length > CAMPAIGN_LIMITS.points) throw badInput('points', `add 1 to ${CAMPAIGN_LIMITS.points} points at a time`);
  const orgs = await requireOrgs(ctx).orgs([...new Set(list.map((p) => p.orgId))]);
  const rows = list.map((p, i) => {
    const org = orgs.get(p.orgId);
    if (!org || !org.path.startsWith(c.orgPath)) throw badInput(`points.${i}.orgId`, `no union ${p.orgId} is under ${c.title}'s org; points are run by the campaign's org or its sub-orgs`);
    if (!Object.values(InterviewPointKind).includes(p.kind)) throw badInput(`points.${i}.kind`, `is one of ${Object.values(InterviewPointKind).join(', ')}`);
    const name = requiredText(`points.${i}.name`, p.name, CAMPAIGN_LIMITS.pointName);
    return Object.assign(new InterviewPointRow(), { id: newId(), campaignId: c.id, orgId: org.id, orgPath: org.path, name, kind: p.kind });
  });
  await ctx.db.transaction((em) => em.insert(InterviewPointRow, rows));
  for (const r of rows) pointById(ctx).prime(r.id, r);
  return rows;
}

/** A new questionnaire version for one audience: the next number after the last of that audience. */
export async function publishQuestionnaire(ctx: SubgraphContext, campaignId: string, input: QuestionnaireInput, when = new Date()): Promise<QuestionnaireRow> {
  const now = wholeSeconds(when);
  const c = await managed(ctx, campaignId);
  if (!Object.values(CampaignAudience).includes(input.audience)) throw badInput('audience', `is one of ${Object.values(CampaignAudience).join(', ')}`);
  const title = requiredText('title', input.title, CAMPAIGN_LIMITS.title);
  if (!input.questions?.length || input.questions.length > CAMPAIGN_LIMITS.questions) throw badInput('questions', `ask 1 to ${CAMPAIGN_LIMITS.questions} questions`);
  const questions = input.questions.map((q, i) => requiredText(`questions.${i}`, q, CAMPAIGN_LIMITS.question));
  const row = await withContentionRetry(() =>
    ctx.db.transaction(async (em) => {
      const last = await questionnaireQuery(ctx, em).andWhere('q.campaignId = :id AND q.audience = :audience', { id: c.id, audience: input.audience })
        .orderBy('q.version', 'DESC').getOne();
      const fresh = Object.assign(new QuestionnaireRow(), {
        id: newId(now.getTime()), campaignId: c.id, orgId: c.orgId, orgPath: c.orgPath, audience: input.audience, version: (last?.version ?? 0) + 1, title, questions: JSON.stringify(questions), createdAt: now,
      });
      try {
        await em.insert(QuestionnaireRow, fresh);
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(`questionnaire of ${c.title}`);
        throw err;
      }
      return fresh;
    }),
  );
  questionnairesOfCampaign(ctx).clear(c.id);
  return row;
}

/* ---------- interviews ---------- */

interface Interviewee {
  age: number;
  employmentType: string;
  memberId: string | null;
}

/** The checks both ways of answering share: the day within the period, the audience, the questionnaire for it, the answers and problems. */
async function checkInterview(
  ctx: SubgraphContext, c: CampaignRow, who: Interviewee, heldOn: string, questionnaireId: string, answers: readonly string[] | undefined, problems: readonly InterviewProblemInput[] | undefined, today: string,
): Promise<{ questionnaire: QuestionnaireRow; answers: string[]; problems: InterviewProblemInput[] }> {
  if (heldOn < c.startsOn || heldOn > c.endsOn) throw badInput('heldOn', `${heldOn} is outside the campaign's period (${c.startsOn} to ${c.endsOn}); interviews count only within it`);
  if (heldOn > today) throw badInput('heldOn', `${heldOn} is still ahead (today is ${today} in China); record an interview once it has been held`);
  if (who.age > c.maxAge) throw badInput('age', `the campaign interviews workers up to ${c.maxAge}; this one is ${who.age}`);
  const q = await questionnaireById(ctx).load(questionnaireId);
  if (!q || q.campaignId !== c.id) throw badInput('questionnaireId', `no questionnaire ${questionnaireId} belongs to the campaign; pick one of its versions`);
  const wanted = audienceOf(who.employmentType);
  if (q.audience !== wanted) {
    throw badInput('questionnaireId', `is the ${q.audience} version; a ${who.employmentType} worker answers the ${wanted} version. Pick that one`);
  }
  const list = answers ?? [];
  const asked = (JSON.parse(q.questions) as string[]).length;
  if (list.length > asked) throw badInput('answers', `give at most one answer per question (${asked})`);
  list.forEach((a, i) => {
    if ((a ?? '').length > CAMPAIGN_LIMITS.answer) throw badInput(`answers.${i}`, `must be at most ${CAMPAIGN_LIMITS.answer} characters`);
  });
  const raised = problems ?? [];
  if (raised.length > CAMPAIGN_LIMITS.problems) throw badInput('problems', `raise at most ${CAMPAIGN_LIMITS.problems} problems in one interview`);
  const checked = raised.map((p, i) => {
    const description = (p.description ?? '').trim();
    if (description.length < 5 || description.length > 2000) throw badInput(`problems.${i}.description`, 'describe the problem in 5 to 2000 characters, in the worker\'s words');
    return { ...p, description };
  });
  return { questionnaire: q, answers: list.map((a) => a ?? ''), problems: checked };
}

export interface RecordedInterview {
  interview: InterviewRow;
  cases: CaseRow[];
}

/** Writes the interview and registers its problems as cases (挂号, channel INTERVIEW_CAMPAIGN), in one transaction. */
async function writeInterview(em: EntityManager, row: InterviewRow, registrations: Registration[], now: Date): Promise<RecordedInterview> {
  try {
    await em.insert(InterviewRow, row);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw new DomainError(ErrorCode.DUPLICATE, 'This member has already been interviewed in the campaign; each worker counts once.', { field: 'memberId' });
  }
  const cases: CaseRow[] = [];
  for (const r of registrations) cases.push(await registerCase(em, { ...r, source: { kind: OutreachKind.INTERVIEW, id: row.id } }, now));
  return { interview: row, cases };
}

function primeRecorded(ctx: SubgraphContext, r: RecordedInterview): RecordedInterview {
  interviewById(ctx).clear(r.interview.id).prime(r.interview.id, r.interview);
  casesOfInterview(ctx).clear(r.interview.id).prime(r.interview.id, r.cases);
  for (const c of r.cases) caseById(ctx).clear(c.id).prime(c.id, c);
  return r;
}

const problemCase = (ctx: SubgraphContext, org: OrgInfo, p: { kind: CaseKind; urgency?: Urgency | null; description: string }, memberId: string | null, onBehalf: boolean): Registration => ({
  org, kind: p.kind, channel: CaseChannel.INTERVIEW_CAMPAIGN, urgency: p.urgency ?? Urgency.NORMAL, description: p.description, memberId, actor: actorOf(ctx.caller), onBehalf,
});

/** A retry with the same key gets the interview its first call recorded, with the cases it raised. */
const replayInterview = (ctx: SubgraphContext) => async (id: string): Promise<RecordedInterview | null> => {
  const interview = await interviewById(ctx).load(id);
  return interview ? { interview, cases: await casesOfInterview(ctx).load(id) } : null;
};

/**
 * A face-to-face interview at a point, recorded by staff of the point's org or of an org
 * between it and the campaign's owner (admins anywhere); higher orgs follow in the figures.
 */
export async function recordInterview(ctx: SubgraphContext, input: RecordInterviewInput, when = new Date(), idempotencyKey?: string | null): Promise<RecordedInterview> {
  const now = wholeSeconds(when);
  requireStaff(ctx);
  const heldOn = calendarDay('heldOn', input.heldOn);
  if (!Number.isInteger(input.age) || input.age < CAMPAIGN_LIMITS.minAge || input.age > CAMPAIGN_LIMITS.maxAge) {
    throw badInput('age', `is the interviewee's age: a whole number from ${CAMPAIGN_LIMITS.minAge} to ${CAMPAIGN_LIMITS.maxAge}`);
  }
  if (!(Object.values(EmploymentType) as string[]).includes(input.employmentType)) throw badInput('employmentType', `is one of ${Object.values(EmploymentType).join(', ')}`);
  const point = await pointById(ctx).load(input.pointId);
  if (!point) throw notFound('interview point', input.pointId);
  const c = await campaignById(ctx).load(point.campaignId);
  if (!c) throw notFound('interview point', input.pointId);
  if (ctx.caller.role !== 'admin' && !(ctx.caller.orgPath ?? '').startsWith(c.orgPath)) {
    throw new DomainError(ErrorCode.FORBIDDEN, `Interviews at ${point.name} are recorded by the staff who run it; higher orgs follow the campaign in its figures.`, { field: 'pointId' });
  }
  const org = await requireOrgs(ctx).org(point.orgId);
  if (!org) throw notFound('interview point', input.pointId);
  let memberId: string | null = null;
  if (input.memberId) {
    const home = await requireOrgs(ctx).memberOrg(input.memberId);
    if (!home || !home.path.startsWith(c.orgPath)) throw badInput('memberId', `no member ${input.memberId} belongs under the campaign's org; leave it out for a worker not named`);
    memberId = input.memberId;
  }
  const who = { age: input.age, employmentType: input.employmentType, memberId };
  const checked = await checkInterview(ctx, c, who, heldOn, input.questionnaireId, input.answers, input.problems, chinaDate(now));
  const row = Object.assign(new InterviewRow(), {
    id: newId(now.getTime()), campaignId: c.id, pointId: point.id, orgId: org.id, orgPath: org.path, mode: InterviewMode.FACE_TO_FACE, questionnaireId: checked.questionnaire.id,
    audience: checked.questionnaire.audience, heldOn, memberId, age: input.age, employmentType: input.employmentType, answers: JSON.stringify(checked.answers),
    recordedBy: ctx.caller.sub, recordedAt: now,
  });
  const registrations = checked.problems.map((p) => problemCase(ctx, org, p, memberId, true));
  const request = { ...input, answers: checked.answers };
  const recorded = await idempotent(ctx, { operation: 'recordInterview', key: idempotencyKey, request }, replayInterview(ctx), (once) =>
    withContentionRetry(() => once.transaction((em) => writeInterview(em, row, registrations, now), (r) => r.interview.id)),
  );
  return primeRecorded(ctx, recorded);
}

/** A member's own answer to a campaign that reaches them, today; their problems become their cases at their own union. */
export async function answerInterviewCampaign(ctx: SubgraphContext, input: AnswerInterviewCampaignInput, when = new Date(), idempotencyKey?: string | null): Promise<RecordedInterview> {
  const now = wholeSeconds(when);
  const memberId = requireMember(ctx);
  const today = chinaDate(now);
  const facts = await ownFacts(ctx);
  const c = await campaignById(ctx).load(input.campaignId);
  if (!c || !facts || !reaches(c, facts, today)) throw notFound('interview campaign', input.campaignId);
  if (today < c.startsOn || today > c.endsOn) throw badInput('campaignId', `the campaign takes answers from ${c.startsOn} to ${c.endsOn}; today (${today}) is outside that`);
  const org = await requireOrgs(ctx).org(facts.orgId);
  if (!org) throw new DomainError(ErrorCode.FORBIDDEN, 'Your membership has no org to answer from; ask your union.');
  const who = { age: ageOn(facts.birthDate!, today), employmentType: facts.employmentType, memberId };
  const checked = await checkInterview(ctx, c, who, today, input.questionnaireId, input.answers, input.problems, today);
  const row = Object.assign(new InterviewRow(), {
    id: newId(now.getTime()), campaignId: c.id, pointId: null, orgId: org.id, orgPath: org.path, mode: InterviewMode.ONLINE, questionnaireId: checked.questionnaire.id,
    audience: checked.questionnaire.audience, heldOn: today, memberId, age: who.age, employmentType: who.employmentType, answers: JSON.stringify(checked.answers),
    recordedBy: ctx.caller.sub, recordedAt: now,
  });
  const registrations = checked.problems.map((p) => problemCase(ctx, org, p, memberId, false));
  const recorded = await idempotent(ctx, { operation: 'answerInterviewCampaign', key: idempotencyKey, request: { ...input, answers: checked.answers } }, replayInterview(ctx), (once) =>
    withContentionRetry(() => once.transaction((em) => writeInterview(em, row, registrations, now), (r) => r.interview.id)),
  );
  return primeRecorded(ctx, recorded);
}

/* ---------- reads ---------- */

/** Newest first; a member gets only the campaigns that reach them. */
export async function listCampaigns(ctx: SubgraphContext, args: InterviewCampaignsArgs, now = new Date()): Promise<Page<CampaignRow>> {
  const scope = requireScope(ctx);
  const qb = campaignQuery(ctx);
  if (args.orgId) {
    const org = await requireOrgs(ctx).org(args.orgId);
    if (!org) return emptyPage();
    underOrg(qb, 'k', org.path);
  }
  if (scope.kind === 'self') {
    const facts = await ownFacts(ctx);
    if (!facts?.birthDate) return emptyPage();
    qb.andWhere('k.maxAge >= :age', { age: ageOn(facts.birthDate, chinaDate(now)) });
  }
  if (args.after) qb.andWhere('k.id < :after', { after: decodeIdCursor(args.after) });
  const rows = await qb.orderBy('k.id', 'DESC').limit(args.first + 1).getMany();
  for (const r of rows) campaignById(ctx).prime(r.id, r);
  return pageOf(rows, args.first, (r) => encodeIdCursor(r.id));
}

/** A campaign's points the caller sees (its own and those below), in org-tree order. */
export async function listPoints(ctx: SubgraphContext, c: CampaignRow, args: InterviewPointsArgs): Promise<Page<InterviewPointRow>> {
  const qb = pointQuery(ctx).andWhere('p.campaignId = :cid', { cid: c.id });
  if (args.orgId) {
    const org = await requireOrgs(ctx).org(args.orgId);
    if (!org || !inScope(requireScope(ctx), { path: org.path })) return emptyPage();
    underOrg(qb, 'p', org.path);
  }
  const page = await pathKeysetPage(qb, 'p', args);
  for (const { node } of page.edges) pointById(ctx).prime(node.id, node);
  return page;
}

/**
 * 题目清单: the cases raised in the campaign's interviews that the caller sees, newest first;
 * `satisfied` narrows to the 满意清单 (closed, rated satisfied or basically satisfied) or to the rest.
 */
export async function campaignProblems(ctx: SubgraphContext, c: CampaignRow, args: CampaignProblemsArgs): Promise<Page<CaseRow>> {
  const qb = ctx.db.read(CaseRow, 'c', CASE_SCOPE)
    .innerJoin(InterviewRow, 'i', 'i.id = c.sourceId AND i.campaignId = :cid', { cid: c.id })
    .andWhere('c.sourceKind = :kind', { kind: OutreachKind.INTERVIEW });
  const satisfied = '(c.state = :closed AND c.rating IN (:...ratings))';
  const params = { closed: CaseState.CLOSED, ratings: [...SATISFIED_RATINGS] };
  if (args.satisfied === true) qb.andWhere(satisfied, params);
  if (args.satisfied === false) qb.andWhere(`NOT ${satisfied}`, params);
  if (args.after) qb.andWhere('c.id < :after', { after: decodeIdCursor(args.after) });
  const rows = await qb.orderBy('c.id', 'DESC').limit(args.first + 1).getMany();
  for (const r of rows) caseById(ctx).prime(r.id, r);
  return pageOf(rows, args.first, (r) => encodeIdCursor(r.id));
}

/** Whether a case is on the satisfied list (满意清单). */
export const isSatisfied = (c: Pick<CaseRow, 'state' | 'rating'>): boolean => c.state === CaseState.CLOSED && !!c.rating && SATISFIED_RATINGS.includes(c.rating);

/** The member's own interview in a campaign, if they took part. */
export async function myInterview(ctx: SubgraphContext, c: CampaignRow): Promise<InterviewRow | null> {
  if (requireScope(ctx).kind !== 'self' || !ctx.caller.memberId) return null;
  return (await interviewQuery(ctx).andWhere('i.campaignId = :cid', { cid: c.id }).getOne()) ?? null;
}

/* ---------- progress ---------- */

type Raw = Record<string, string | number | null>;
const num = (v: string | number | null | undefined): number => Number(v ?? 0);

/**
 * 挂出作战图、倒排时间表: a campaign's interviews per day and per sub-org of an org's subtree
 * against the pace its target needs, online and face to face, and its problems raised,
 * resolved and satisfied. A sub-org's share of the target follows the interview points it
 * runs. Three statements over the subtree, plus the campaign's point count.
 */
export async function campaignProgress(ctx: SubgraphContext, args: CampaignProgressArgs, now = new Date()): Promise<CampaignProgress | null> {
  requireStaff(ctx);
  const scope = requireScope(ctx);
  const c = await campaignById(ctx).load(args.campaignId);
  if (!c) return null;
  const today = chinaDate(now);
  const lastDay = today < c.endsOn ? (today < c.startsOn ? c.startsOn : today) : c.endsOn;
  const from = args.from ? calendarDay('from', args.from) : c.startsOn;
  const to = args.to ? calendarDay('to', args.to) : lastDay;
  if (from < c.startsOn || to > c.endsOn) throw badInput(args.to && to > c.endsOn ? 'to' : 'from', `count within the campaign's period, ${c.startsOn} to ${c.endsOn}`);
  if (from > to) throw badInput('to', `${to} is before from (${from}); give the period's first day first`);

  // By default the owner's subtree, or the caller's own part when it takes part from below.
  const orgId = args.orgId ?? (inScope(scope, { path: c.orgPath }) ? c.orgId : ctx.caller.orgId);
  if (!orgId) throw badInput('orgId', 'name the org whose part you want');
  const org = await requireOrgs(ctx).org(orgId);
  if (!org || !inScope(scope, { path: org.path })) return null;
  if (!org.path.startsWith(c.orgPath)) throw badInput('orgId', `count the campaign's org or an org under it; ${org.name} is not`);

  const { from: nf, to: nt } = subtreeRange(org.path);
  const childLength = org.path.length + 27;
  const sub = 'SUBSTR(i.orgPath, 1, :len)';
  const interviews = await interviewQuery(ctx)
    .andWhere('i.campaignId = :cid AND i.orgPath >= :nf AND i.orgPath < :nt AND i.heldOn <= :to', { cid: c.id, nf, nt, to })
    .select(sub, 'sub').addSelect('i.heldOn', 'day').addSelect('i.mode', 'mode').addSelect('COUNT(*)', 'n')
    .setParameter('len', childLength).groupBy('sub').addGroupBy('i.heldOn').addGroupBy('i.mode').getRawMany<Raw>();
  const points = await pointQuery(ctx)
    .andWhere('p.campaignId = :cid AND p.orgPath >= :nf AND p.orgPath < :nt', { cid: c.id, nf, nt })
    .select('SUBSTR(p.orgPath, 1, :len)', 'sub').addSelect('COUNT(*)', 'n').setParameter('len', childLength).groupBy('sub').getRawMany<Raw>();
  const cases = await interviewQuery(ctx)
    .innerJoin(CaseRow, 'c', 'c.sourceId = i.id AND c.sourceKind = :kind', { kind: OutreachKind.INTERVIEW })
    .andWhere('i.campaignId = :cid AND i.orgPath >= :nf AND i.orgPath < :nt AND i.heldOn >= :from AND i.heldOn <= :to', { cid: c.id, nf, nt, from, to })
    .select(sub, 'sub').addSelect('c.state', 'state').addSelect('c.rating', 'rating').addSelect('COUNT(*)', 'n')
    .setParameter('len', childLength).groupBy('sub').addGroupBy('c.state').addGroupBy('c.rating').getRawMany<Raw>();
  // The campaign's points in all: a count, not rows, so that a sub-org's share of the target does not depend on who asks.
  const allPoints = await unscoped(ctx, 'the number of a visible campaign\'s points, for the shares of its target').getRepository(InterviewPointRow).countBy({ campaignId: c.id });

  const periodDays = dayCount(c.startsOn, c.endsOn);
  const elapsed = dayCount(c.startsOn, to);
  const byOrg = new Map<string, CampaignOrgProgress & { path: string }>();
  const entry = (prefix: string) => {
    const id = pathIds(prefix).at(-1)!;
    if (!byOrg.has(id)) byOrg.set(id, { orgId: id, path: prefix, points: 0, target: 0, expected: 0, interviews: 0, online: 0, cumulative: 0, problemsRaised: 0, resolved: 0, satisfied: 0 });
    return byOrg.get(id)!;
  };
  const perDay = new Map<string, { interviews: number; online: number }>();
  let before = 0;
  for (const r of interviews) {
    const n = num(r.n);
    const day = String(r.day);
    const e = entry(String(r.sub));
    e.cumulative += n;
    if (day < from) {
      before += n;
      continue;
    }
    e.interviews += n;
    const d = perDay.get(day) ?? { interviews: 0, online: 0 };
    d.interviews += n;
    if (r.mode === InterviewMode.ONLINE) {
      e.online += n;
      d.online += n;
    }
    perDay.set(day, d);
  }
  const share = (pointsRun: number) => (allPoints ? (c.target * pointsRun) / allPoints : 0);
  for (const p of points) entry(String(p.sub)).points = num(p.n);
  for (const r of cases) {
    const e = entry(String(r.sub));
    const n = num(r.n);
    e.problemsRaised += n;
    if (RESOLVED_STATES.includes(r.state as CaseState)) e.resolved += n;
    if (isSatisfied({ state: r.state as CaseState, rating: r.rating as CaseRow['rating'] })) e.satisfied += n;
  }
  const rows = [...byOrg.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  for (const e of rows) {
    e.target = share(e.points);
    e.expected = (e.target * elapsed) / periodDays;
  }
  const target = org.id === c.orgId ? c.target : share(rows.reduce((t, r) => t + r.points, 0));
  const sum = (k: 'interviews' | 'online' | 'problemsRaised' | 'resolved' | 'satisfied' | 'cumulative') => rows.reduce((t, r) => t + r[k], 0);
  const days = [];
  let cumulative = before;
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const got = perDay.get(d) ?? { interviews: 0, online: 0 };
    cumulative += got.interviews;
    days.push({ day: d, interviews: got.interviews, online: got.online, cumulative, pace: (target * dayCount(c.startsOn, d)) / periodDays });
  }
  return {
    campaignId: c.id, orgId: org.id, from, to, periodDays, target, expected: (target * elapsed) / periodDays,
    cumulative: sum('cumulative'), interviews: sum('interviews'), online: sum('online'), faceToFace: sum('interviews') - sum('online'),
    problemsRaised: sum('problemsRaised'), resolved: sum('resolved'), satisfied: sum('satisfied'),
    days, byOrg: rows.map(({ path: _path, ...r }) => r),
  };
}

