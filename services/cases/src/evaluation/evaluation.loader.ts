import type { EntityManager } from 'typeorm';
import { subtreeRange } from '@lianxin/auth';
import { byKeys, defineLoader, groupByKeys, inScope, requireOrgs, requireScope, type SubgraphContext } from '@lianxin/subgraph';
import { Rating } from '../casefile/case.enums';
import { SurveyAnswerRow, SurveyQuestionRow, SurveyResponseRow, SurveyRow } from './evaluation.entity';
import type { SatisfactionFigure } from './evaluation.types';

/**
 * A survey is visible to staff of its org's subtree and to staff below it (a district
 * records paper forms for, and reads its own figures of, the city's survey), and to
 * members whose org is under it (self scope matches the survey's org among the member's
 * ancestors).
 */
export const SURVEY_SCOPE = { path: 's.orgPath', orgId: 's.orgId', inherited: 's.orgId' } as const;
/** A member sees only their own response, so responseCount tells them whether they answered. */
export const RESPONSE_SCOPE = { path: 'r.orgPath', member: 'r.memberId' } as const;
/** Figures count answers where they were given; no member column, so a member's scope counts nothing. */
const FIGURE_RESPONSE_SCOPE = { path: 'r.orgPath' } as const;
const FIGURE_ANSWER_SCOPE = { path: 'a.orgPath' } as const;

export const surveyQuery = (ctx: SubgraphContext, em?: EntityManager) =>
  ctx.db.read(SurveyRow, 's', SURVEY_SCOPE, em);

/** Questions carry no org columns; they are read through their survey's scope. */
export const questionQuery = (ctx: SubgraphContext, em?: EntityManager) =>
  ctx.db.read(SurveyQuestionRow, 'q', SURVEY_SCOPE, em).innerJoin(SurveyRow, 's', 's.id = q.surveyId');

export const responseQuery = (ctx: SubgraphContext, em?: EntityManager) =>
  ctx.db.read(SurveyResponseRow, 'r', RESPONSE_SCOPE, em);

export const surveyById = defineLoader<string, SurveyRow | null>((ctx) => async (ids) => {
  const rows = await surveyQuery(ctx).andWhere('s.id IN (:...surveyIds)', { surveyIds: [...ids] }).getMany();
  return byKeys(ids, rows, (r) => r.id);
});

export const questionsOf = defineLoader<string, SurveyQuestionRow[]>((ctx) => async (surveyIds) => {
  const rows = await questionQuery(ctx)
    .andWhere('q.surveyId IN (:...surveyIds)', { surveyIds: [...surveyIds] })
    .orderBy('q.surveyId')
    .addOrderBy('q.ordinal')
    .getMany();
  return groupByKeys(surveyIds, rows, (r) => r.surveyId);
});

/** One grouped statement for a page of surveys, over ix_response_survey. */
export const responseCountOf = defineLoader<string, number>((ctx) => async (surveyIds) => {
  const rows = await responseQuery(ctx)
    .select('r.surveyId', 'surveyId')
    .addSelect('COUNT(*)', 'n')
    .andWhere('r.surveyId IN (:...surveyIds)', { surveyIds: [...surveyIds] })
    .groupBy('r.surveyId')
    .getRawMany<{ surveyId: string; n: string | number }>();
  const counts = new Map(rows.map((r) => [r.surveyId, Number(r.n)]));
  return surveyIds.map((id) => counts.get(id) ?? 0);
});

export interface SatisfactionKey {
  survey: SurveyRow;
  /** Count under this org; null or the survey's own org: the whole survey. */
  orgId?: string | null;
}

interface Target {
  surveyId: string;
  orgId: string;
  path: string;
}

/**
 * Satisfaction of a page of surveys in two statements. Each statement asks for several
 * (survey, subtree) pairs at once; a survey appears at most once per statement so the
 * survey id alone says which pair a grouped row belongs to. Asking one survey for several
 * orgs in one request adds a round per extra org, not per survey.
 */
export const satisfactionOf = defineLoader<SatisfactionKey, SatisfactionFigure | null, string>(
  (ctx) => async (keys) => {
    const scope = requireScope(ctx);
    const named = keys.filter((k) => k.orgId && k.orgId !== k.survey.orgId).map((k) => k.orgId!);
    const orgs = named.length ? await requireOrgs(ctx).orgs(named) : new Map();
    const targets = keys.map((k): Target | null => {
      if (!k.orgId || k.orgId === k.survey.orgId) {
        if (inScope(scope, { path: k.survey.orgPath })) return { surveyId: k.survey.id, orgId: k.survey.orgId, path: k.survey.orgPath };
        // A survey run above the caller: by default, the part of it the caller answers for.
        return scope.kind === 'subtree' && !k.orgId ? { surveyId: k.survey.id, orgId: scope.orgId, path: scope.path } : null;
      }
      const org = orgs.get(k.orgId);
      // Out of scope reads as unknown, like a missing org.
      return org && inScope(scope, { path: org.path }) ? { surveyId: k.survey.id, orgId: org.id, path: org.path } : null;
    });

    const figures = new Map<string, SatisfactionFigure>();
    for (const round of rounds(targets.filter((t): t is Target => t !== null))) {
      for (const [key, figure] of await countRound(ctx, round)) figures.set(key, figure);
    }
    return targets.map((t) => (t ? (figures.get(targetKey(t)) ?? null) : null));
  },
  { cacheKeyFn: (k) => `${k.survey.id}|${k.orgId ?? k.survey.orgId}` },
);

const targetKey = (t: Target): string => `${t.surveyId}|${t.path}`;

function rounds(targets: Target[]): Target[][] {
  const out: Target[][] = [];
  const seen = new Set<string>();
  for (const t of targets) {
    if (seen.has(targetKey(t))) continue;
    seen.add(targetKey(t));
    let round = out.find((r) => !r.some((x) => x.surveyId === t.surveyId));
    if (!round) out.push((round = []));
    round.push(t);
  }
  return out;
}

async function countRound(ctx: SubgraphContext, round: Target[]): Promise<Map<string, SatisfactionFigure>> {
  const params: Record<string, string> = {};
  round.forEach((t, i) => {
    const { from, to } = subtreeRange(t.path);
    Object.assign(params, { [`fs${i}`]: t.surveyId, [`ff${i}`]: from, [`ft${i}`]: to });
  });
  const where = (alias: string): string =>
    round.map((_, i) => `(${alias}.surveyId = :fs${i} AND ${alias}.orgPath >= :ff${i} AND ${alias}.orgPath < :ft${i})`).join(' OR ');

  // Scoped on the answers' own org_path: a caller never counts answers outside its subtree.
  const ratings = await ctx.db.read(SurveyAnswerRow, 'a', FIGURE_ANSWER_SCOPE)
    .select('a.surveyId', 'surveyId')
    .addSelect('a.rating', 'rating')
    .addSelect('COUNT(*)', 'n')
    .andWhere(`(${where('a')})`, params)
    .andWhere('a.rating IS NOT NULL')
    .groupBy('a.surveyId')
    .addGroupBy('a.rating')
    .getRawMany<{ surveyId: string; rating: string; n: string | number }>();
  const respondents = await ctx.db.read(SurveyResponseRow, 'r', FIGURE_RESPONSE_SCOPE)
    .select('r.surveyId', 'surveyId')
    .addSelect('COUNT(*)', 'n')
    .andWhere(`(${where('r')})`, params)
    .groupBy('r.surveyId')
    .getRawMany<{ surveyId: string; n: string | number }>();

  const bySurvey = new Map<string, SatisfactionFigure>();
  for (const t of round) {
    bySurvey.set(t.surveyId, { orgId: t.orgId, total: 0, satisfied: 0, basicallySatisfied: 0, unsatisfied: 0, rate: null, respondents: 0 });
  }
  for (const row of ratings) {
    const f = bySurvey.get(row.surveyId)!;
    const n = Number(row.n);
    if (row.rating === Rating.SATISFIED) f.satisfied += n;
    else if (row.rating === Rating.BASICALLY_SATISFIED) f.basicallySatisfied += n;
    else if (row.rating === Rating.UNSATISFIED) f.unsatisfied += n;
    else continue;
    f.total += n;
  }
  for (const row of respondents) bySurvey.get(row.surveyId)!.respondents = Number(row.n);

  const out = new Map<string, SatisfactionFigure>();
  for (const t of round) {
    const f = bySurvey.get(t.surveyId)!;
    f.rate = f.total ? (f.satisfied + f.basicallySatisfied) / f.total : null;
    out.set(targetKey(t), f);
  }
  return out;
}
