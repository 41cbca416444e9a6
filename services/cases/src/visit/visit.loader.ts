import type { EntityManager } from 'typeorm';
import { byKeys, defineLoader, groupByKeys, type SubgraphContext } from '@lianxin/subgraph';
import { CaseRow } from '../casefile/case.entity';
import { CASE_SCOPE } from '../casefile/case.loader';
import { OutreachKind } from '../casefile/case.enums';
import { ChairVisitDayRow, ChairVisitRow } from './visit.entity';

/**
 * Visit days and visits are union work: staff of the union's subtree (and admins) see them.
 * Neither has a member column, so members and partners see none; a member sees only the
 * cases raised for them, through the case scope.
 */
export const VISIT_DAY_SCOPE = { path: 'd.orgPath' } as const;
export const VISIT_SCOPE = { path: 'v.orgPath' } as const;

export const visitDayQuery = (ctx: SubgraphContext, em?: EntityManager) => ctx.db.read(ChairVisitDayRow, 'd', VISIT_DAY_SCOPE, em);
export const visitQuery = (ctx: SubgraphContext, em?: EntityManager) => ctx.db.read(ChairVisitRow, 'v', VISIT_SCOPE, em);

export const visitById = defineLoader<string, ChairVisitRow | null>((ctx) => async (ids) => {
  const rows = await visitQuery(ctx).andWhere('v.id IN (:...visitIds)', { visitIds: [...ids] }).getMany();
  return byKeys(ids, rows, (r) => r.id);
});

/** The cases raised on a page of visits, in one statement over ix_case_source; oldest first, read through the case scope. */
export const casesOfVisit = defineLoader<string, CaseRow[]>((ctx) => async (visitIds) => {
  const rows = await ctx.db.read(CaseRow, 'c', CASE_SCOPE)
    .andWhere('c.sourceId IN (:...visitIds) AND c.sourceKind = :kind', { visitIds: [...visitIds], kind: OutreachKind.CHAIR_VISIT })
    .orderBy('c.sourceId')
    .addOrderBy('c.id')
    .getMany();
  return groupByKeys(visitIds, rows, (r) => r.sourceId!);
});
