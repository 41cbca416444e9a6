import { defineLoader, groupByKeys } from '@lianxin/subgraph';
import { CaseRow } from '../casefile/case.entity';
import { CASE_SCOPE } from '../casefile/case.loader';
import { CaseEventRow } from './ledger.entity';

/** The ledger of cases, scoped through the case it belongs to. */
export const eventsOfCase = defineLoader<string, CaseEventRow[]>((ctx) => async (caseIds) => {
  const rows = await ctx.db.readThrough(CaseEventRow, 'e', { entity: CaseRow, alias: 'c', on: 'c.id = e.caseId' }, CASE_SCOPE)
    .andWhere('e.caseId IN (:...caseIds)', { caseIds: [...caseIds] })
    .orderBy('e.caseId')
    .addOrderBy('e.seq')
    .getMany();
  return groupByKeys(caseIds, rows, (r) => r.caseId);
});
