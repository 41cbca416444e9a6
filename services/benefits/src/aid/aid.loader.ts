import { In, type EntityManager } from 'typeorm';
import { byKeys, defineLoader, groupByKeys, type SubgraphContext } from '@lianxin/subgraph';
import { AidApplicationRow, AidEventRow } from '../grant/aid.entity';

/**
 * Staff see the applications of members of unions in their subtree; a member sees their
 * own. A partner's scope is `none`: no sign of education aid ever reaches one.
 */
export const AID_SCOPE = { path: 'a.orgPath', member: 'a.memberId' } as const;

export const aidQuery = (ctx: SubgraphContext, em?: EntityManager) =>
  ctx.db.read(AidApplicationRow, 'a', AID_SCOPE, em);

export const aidById = defineLoader<string, AidApplicationRow | null>((ctx) => async (ids) => {
  const rows = await aidQuery(ctx).andWhere({ id: In([...ids]) }).getMany();
  return byKeys(ids, rows, (r) => r.id);
});

/** The history of a page of applications, scoped through the application it belongs to; ids are time-ordered. */
export const eventsOfAid = defineLoader<string, AidEventRow[]>((ctx) => async (applicationIds) => {
  const rows = await ctx.db.readThrough(AidEventRow, 'e', { entity: AidApplicationRow, alias: 'a', on: 'a.id = e.applicationId' }, AID_SCOPE)
    .andWhere('e.applicationId IN (:...applicationIds)', { applicationIds: [...applicationIds] })
    .orderBy('e.applicationId')
    .addOrderBy('e.id')
    .getMany();
  return groupByKeys(applicationIds, rows, (r) => r.applicationId);
});

/** The applications opened from a page of cases, oldest first, scoped like every aid read: a partner gets none. */
export const aidsOfCase = defineLoader<string, AidApplicationRow[]>((ctx) => async (caseIds) => {
  const rows = await aidQuery(ctx).andWhere({ caseId: In([...caseIds]) }).orderBy('a.id').getMany();
  return groupByKeys(caseIds, rows, (r) => r.caseId!);
});
