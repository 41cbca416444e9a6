import type { EntityManager } from 'typeorm';
import { byKeys, defineLoader, groupByKeys, type SubgraphContext } from '@lianxin/subgraph';
import { CaseRow } from '../casefile/case.entity';
import { CASE_SCOPE } from '../casefile/case.loader';
import { ProjectNoteRow, ProjectRow } from './project.entity';

/**
 * A project is visible to staff of its org's subtree (and admins). It has no member
 * column, so members and partners see no projects at all.
 */
export const PROJECT_SCOPE = { path: 'p.orgPath' } as const;

export const projectQuery = (ctx: SubgraphContext, em?: EntityManager) =>
  ctx.db.read(ProjectRow, 'p', PROJECT_SCOPE, em);

/** Cases read through the caller's case scope, inside a transaction when one is given. */
export const scopedCases = (ctx: SubgraphContext, em?: EntityManager) =>
  ctx.db.read(CaseRow, 'c', CASE_SCOPE, em);

export const projectById = defineLoader<string, ProjectRow | null>((ctx) => async (ids) => {
  const rows = await projectQuery(ctx).andWhere('p.id IN (:...projectIds)', { projectIds: [...ids] }).getMany();
  return byKeys(ids, rows, (r) => r.id);
});

/** The cases of a page of projects in one statement, over ix_case_project; oldest first. */
export const casesOfProject = defineLoader<string, CaseRow[]>((ctx) => async (projectIds) => {
  const rows = await scopedCases(ctx)
    .andWhere('c.projectId IN (:...projectIds)', { projectIds: [...projectIds] })
    .orderBy('c.projectId')
    .addOrderBy('c.id')
    .getMany();
  return groupByKeys(projectIds, rows, (r) => r.projectId!);
});

export const caseCountOfProject = defineLoader<string, number>((ctx) => async (projectIds) => {
  const rows = await scopedCases(ctx)
    .select('c.projectId', 'projectId')
    .addSelect('COUNT(*)', 'n')
    .andWhere('c.projectId IN (:...projectIds)', { projectIds: [...projectIds] })
    .groupBy('c.projectId')
    .getRawMany<{ projectId: string; n: string | number }>();
  const counts = new Map(rows.map((r) => [r.projectId, Number(r.n)]));
  return projectIds.map((id) => counts.get(id) ?? 0);
});

/** Notes carry no org columns; they are read through their project's scope. Oldest first. */
export const notesOfProject = defineLoader<string, ProjectNoteRow[]>((ctx) => async (projectIds) => {
  const rows = await ctx.db.read(ProjectNoteRow, 'n', PROJECT_SCOPE)
    .innerJoin(ProjectRow, 'p', 'p.id = n.projectId')
    .andWhere('n.projectId IN (:...projectIds)', { projectIds: [...projectIds] })
    .orderBy('n.projectId')
    .addOrderBy('n.id')
    .getMany();
  return groupByKeys(projectIds, rows, (r) => r.projectId);
});
