import { defineLoader, groupByKeys } from '@lianxin/subgraph';
import { CaseRow } from '../casefile/case.entity';
import { CASE_SCOPE } from '../casefile/case.loader';
import { CaseReferralRow } from './referral.entity';

/** A case's referrals to outside agencies, scoped through the case they belong to. */
export const referralsOfCase = defineLoader<string, CaseReferralRow[]>((ctx) => async (caseIds) => {
  const rows = await ctx.db.readThrough(CaseReferralRow, 'r', { entity: CaseRow, alias: 'c', on: 'c.id = r.caseId' }, CASE_SCOPE)
    .andWhere('r.caseId IN (:...caseIds)', { caseIds: [...caseIds] })
    .orderBy('r.caseId')
    .addOrderBy('r.id')
    .getMany();
  return groupByKeys(caseIds, rows, (r) => r.caseId);
});
