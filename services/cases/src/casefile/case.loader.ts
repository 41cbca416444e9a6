import { In } from 'typeorm';
import { byKeys, defineLoader, groupByKeys, lean, runRawEntities, type SubgraphContext } from '@lianxin/subgraph';
import { CaseRow } from './case.entity';
import { CASES_BY_ID } from './case.statements';

/**
 * How a case relates to a caller's scope: staff see cases raised or handled in their
 * subtree; a member sees the cases linked to them (anonymous ones are linked to nobody).
 */
export const CASE_SCOPE = { path: ['c.raisedPath', 'c.handlingPath'], member: 'c.memberId' };

export const caseQuery = (ctx: SubgraphContext) => ctx.db.read(CaseRow, 'c', CASE_SCOPE);

export const caseById = defineLoader<string, CaseRow | null>((ctx) => async (ids) => {
  const rows = lean.on ? await runRawEntities(ctx, CASES_BY_ID, CaseRow, [[...ids]]) : await caseQuery(ctx).andWhere({ id: In([...ids]) }).getMany();
  return byKeys(ids, rows, (r) => r.id);
});

/** A member's latest cases, for `Member.cases` on a page of members: one statement per page. */
export const casesOfMember = defineLoader<string, CaseRow[]>((ctx) => async (memberIds) => {
  const rows = await caseQuery(ctx).andWhere({ memberId: In([...memberIds]) }).orderBy('c.id', 'DESC').getMany();
  return groupByKeys(memberIds, rows, (r) => r.memberId!);
});
