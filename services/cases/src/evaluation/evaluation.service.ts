import { visibleOrg } from '@lianxin/members-client';
import { chinaDate } from '@lianxin/members-client';
import { isWithin, newId, pathIds, subtreeRange } from '@lianxin/auth';
import { badInput, DomainError, ErrorCode, inScope, isUniqueViolation, notFound, requireOrgs, requireScope, type SubgraphContext, emptyPage, pathKeysetPage, type Page, requiredText, calendarDay } from '@lianxin/subgraph';
import { Rating } from '../casefile/case.enums';
import { QuestionKind, SurveyAnswerRow, SurveyQuestionRow, SurveyResponseRow, SurveyRow } from './evaluation.entity';
import { questionQuery, questionsOf, responseQuery, surveyById, surveyQuery } from './evaluation.loader';
import { SURVEY_LIMITS, type CreateSurveyInput, type SurveyAnswerInput, type SubmitSurveyResponseInput, type SurveysArgs } from './evaluation.types';

/** Surveys open and close on the unions' calendar, whatever the server's time zone. */

// The resolvers validate input already; services are also called directly (seeders, tests), so they re-check.



export async function createSurvey(ctx: SubgraphContext, input: CreateSurveyInput, now: Date = new Date()): Promise<SurveyRow> {
  const title = requiredText('title', input.title, SURVEY_LIMITS.title);
  const opensOn = calendarDay('opensOn', input.opensOn);
  const closesOn = calendarDay('closesOn', input.closesOn);
  if (closesOn < opensOn) throw badInput('closesOn', `${closesOn} is before opensOn (${opensOn}); swap them`);
  const today = chinaDate(now);
  if (closesOn < today) throw badInput('closesOn', `${closesOn} has already passed (today is ${today}); pick a day from today on`);
  const questions = input.questions ?? [];
  if (questions.length < 1 || questions.length > SURVEY_LIMITS.questions) {
    throw badInput('questions', `a survey asks 1 to ${SURVEY_LIMITS.questions} questions; this one has ${questions.length}`);
  }
  const org = await visibleOrg(ctx, input.orgId);

  const survey = Object.assign(new SurveyRow(), {
    id: newId(now.getTime()),
    orgId: org.id,
    orgPath: org.path,
    title,
    opensOn,
    closesOn,
    createdBy: ctx.caller.sub,
    createdAt: now,
  });
  const rows = questions.map((q, i) => {
    if (!Object.values(QuestionKind).includes(q.kind)) throw badInput(`questions[${i}].kind`, `must be one of ${Object.values(QuestionKind).join(', ')}`);
    return Object.assign(new SurveyQuestionRow(), {
      id: newId(now.getTime()),
      surveyId: survey.id,
      ordinal: i + 1,
      text: requiredText(`questions[${i}].text`, q.text, SURVEY_LIMITS.questionText),
      kind: q.kind,
    });
  });
  await ctx.db.transaction(async (em) => {
    await em.insert(SurveyRow, survey);
    await em.insert(SurveyQuestionRow, rows);
  });
  surveyById(ctx).prime(survey.id, survey);
  questionsOf(ctx).prime(survey.id, rows);
  return survey;
}

interface Respondent {
  orgId: string;
  orgPath: string;
  memberId: string | null;
}

/** Members answer for their own union; staff type in paper questionnaires for a union in their scope. */
async function respondentOf(ctx: SubgraphContext, orgId: string | null | undefined): Promise<Respondent> {
  const scope = requireScope(ctx);
  if (scope.kind === 'self') {
    const orgPath = ctx.caller.orgPath;
    if (!orgPath) {
      throw new DomainError(ErrorCode.INVALID_STATE, 'Your union membership could not be found, so your answers cannot be counted. Ask your union to check your membership.');
    }
    const own = ctx.caller.orgId ?? pathIds(orgPath).at(-1)!;
    if (orgId && orgId !== own) throw badInput('orgId', 'members answer for their own union; leave orgId out');
    return { orgId: own, orgPath, memberId: scope.memberId };
  }
  const target = orgId ?? ctx.caller.orgId;
  if (!target) throw badInput('orgId', 'say which union the paper questionnaire was collected at');
  const org = await visibleOrg(ctx, target);
  return { orgId: org.id, orgPath: org.path, memberId: null };
}

function assertOpen(survey: SurveyRow, today: string): void {
  if (today < survey.opensOn) {
    throw new DomainError(ErrorCode.INVALID_STATE, `This survey opens on ${survey.opensOn} (Beijing time); submit answers from that day on.`);
  }
  if (today > survey.closesOn) {
    throw new DomainError(
      ErrorCode.INVALID_STATE,
      `This survey closed on ${survey.closesOn} and takes no more answers. Ask the union running it whether a new survey is planned.`,
    );
  }
}

/** Validates answers against the questions; returns the rows to write (skipped text questions write nothing). */
function answerRows(questions: SurveyQuestionRow[], answers: SurveyAnswerInput[], base: Pick<SurveyAnswerRow, 'responseId' | 'surveyId' | 'orgPath'>, at: number): SurveyAnswerRow[] {
  if (!answers?.length) throw badInput('answers', 'answer at least one question');
  const byId = new Map(questions.map((q) => [q.id, q]));
  const answered = new Set<string>();
  const rows: SurveyAnswerRow[] = [];
  answers.forEach((a, i) => {
    const field = `answers[${i}]`;
    const q = byId.get(a.questionId);
    if (!q) throw badInput(`${field}.questionId`, `${a.questionId} is not a question of this survey; use the ids from Survey.questions`);
    if (answered.has(q.id)) throw badInput(`${field}.questionId`, `question ${q.ordinal} is answered twice; send one answer per question`);
    answered.add(q.id);
    const comment = a.text?.trim() || null;
    if (q.kind === QuestionKind.RATING) {
      if (!a.rating || !Object.values(Rating).includes(a.rating)) {
        throw badInput(`${field}.rating`, `question ${q.ordinal} is a rating question: answer SATISFIED, BASICALLY_SATISFIED or UNSATISFIED`);
      }
      if (comment) throw badInput(`${field}.text`, `question ${q.ordinal} takes a rating only; put comments in a text question`);
      rows.push(Object.assign(new SurveyAnswerRow(), { ...base, id: newId(at), questionId: q.id, rating: a.rating, text: null }));
      return;
    }
    if (a.rating) throw badInput(`${field}.rating`, `question ${q.ordinal} asks for text, not a rating`);
    if (comment && comment.length > SURVEY_LIMITS.answerText) {
      throw badInput(`${field}.text`, `must be at most ${SURVEY_LIMITS.answerText} characters`);
    }
    if (comment) rows.push(Object.assign(new SurveyAnswerRow(), { ...base, id: newId(at), questionId: q.id, rating: null, text: comment }));
  });
  const missing = questions.filter((q) => q.kind === QuestionKind.RATING && !answered.has(q.id)).map((q) => q.ordinal);
  if (missing.length) throw badInput('answers', `rate every rating question; still missing: question ${missing.join(', ')}`);
  if (!rows.length) throw badInput('answers', 'answer at least one question');
  return rows;
}

const alreadyAnswered = (): DomainError =>
  new DomainError(ErrorCode.DUPLICATE, 'You have already answered this survey; each member answers once and your earlier answers stand.', {
    field: 'surveyId',
  });

export async function submitSurveyResponse(ctx: SubgraphContext, input: SubmitSurveyResponseInput, now: Date = new Date()): Promise<SurveyResponseRow> {
  // The org directory is remote: ask it before the transaction, not while holding one.
  const respondent = await respondentOf(ctx, input.orgId);
  try {
    return await ctx.db.transaction(async (em) => {
      const survey = await surveyQuery(ctx, em).andWhere('s.id = :surveyId', { surveyId: input.surveyId }).getOne();
      if (!survey) throw notFound('survey', input.surveyId);
      assertOpen(survey, chinaDate(now));
      if (!isWithin(respondent.orgPath, survey.orgPath)) {
        throw badInput('orgId', 'that union is not under the union running this survey; record the questionnaire under a union it covers');
      }
      const questions = await questionQuery(ctx, em).andWhere('q.surveyId = :surveyId', { surveyId: survey.id }).orderBy('q.ordinal').getMany();
      const response = Object.assign(new SurveyResponseRow(), {
        id: newId(now.getTime()),
        surveyId: survey.id,
        orgId: respondent.orgId,
        orgPath: respondent.orgPath,
        memberId: respondent.memberId,
        onceKey: respondent.memberId ? `${survey.id}:${respondent.memberId}` : null,
        submittedAt: now,
      });
      const answers = answerRows(questions, input.answers, { responseId: response.id, surveyId: survey.id, orgPath: respondent.orgPath }, now.getTime());
      if (response.onceKey && (await responseQuery(ctx, em).andWhere('r.onceKey = :onceKey', { onceKey: response.onceKey }).getExists())) {
        throw alreadyAnswered();
      }
      // The response goes first: uq_response_once settles two submissions racing past the check above.
      await em.insert(SurveyResponseRow, response);
      await em.insert(SurveyAnswerRow, answers);
      return response;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw alreadyAnswered();
    throw err;
  }
}

export type SurveyPage = Page<SurveyRow>;

/** Keyset on (org_path, id), the order of the table's scope index. */
export async function listSurveys(ctx: SubgraphContext, args: SurveysArgs): Promise<SurveyPage> {
  const qb = surveyQuery(ctx);
  if (args.orgId) {
    const org = await requireOrgs(ctx).org(args.orgId);
    // Narrowing to an org the caller cannot see finds nothing, as if it did not exist.
    if (!org || !inScope(requireScope(ctx), { path: org.path })) return emptyPage();
    const { from, to } = subtreeRange(org.path);
    qb.andWhere('s.orgPath >= :nf AND s.orgPath < :nt', { nf: from, nt: to });
  }
  const page = await pathKeysetPage(qb, 's', args);
  for (const { node } of page.edges) surveyById(ctx).prime(node.id, node);
  return page;
}

export const getSurvey = (ctx: SubgraphContext, id: string): Promise<SurveyRow | null> => surveyById(ctx).load(id);
