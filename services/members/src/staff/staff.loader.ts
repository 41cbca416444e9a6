import { In, type EntityManager } from 'typeorm';
import { byKeys, defineLoader, groupByKeys, type SubgraphContext } from '@lianxin/subgraph';
import { OrgRow } from '../org/org.entity';
import { DepartmentRow, StaffAccountRow, StaffGrantRow } from './staff.entity';

/**
 * Departments and accounts have no place in the tree of their own: they are scoped through
 * the org they belong to, so an org that moves takes its directory with it. Members and
 * partners have no path scope and see none of it.
 */
export const DIRECTORY_SCOPE = { path: 'o.path' } as const;

export const departmentQuery = (ctx: SubgraphContext, em?: EntityManager) =>
  ctx.db.readThrough(DepartmentRow, 'd', { entity: OrgRow, alias: 'o', on: 'o.id = d.orgId' }, DIRECTORY_SCOPE, em);

export const accountQuery = (ctx: SubgraphContext, em?: EntityManager) =>
  ctx.db.readThrough(StaffAccountRow, 'a', { entity: OrgRow, alias: 'o', on: 'o.id = a.orgId' }, DIRECTORY_SCOPE, em);

export const departmentById = defineLoader<string, DepartmentRow | null>((ctx) => async (ids) => {
  const rows = await departmentQuery(ctx).andWhere({ id: In([...ids]) }).getMany();
  return byKeys(ids, rows, (r) => r.id);
});

/** An org's departments, by name; inactive ones only when asked for. */
export const departmentsOfOrg = defineLoader<{ orgId: string; inactive: boolean }, DepartmentRow[], string>(
  (ctx) => async (keys) => {
    const rows = await departmentQuery(ctx).andWhere({ orgId: In([...new Set(keys.map((k) => k.orgId))]) }).orderBy('d.name').addOrderBy('d.id').getMany();
    return keys.map((k) => rows.filter((r) => r.orgId === k.orgId && (k.inactive || r.active)));
  },
  { cacheKeyFn: (k) => `${k.orgId}|${k.inactive}` },
);

export const accountById = defineLoader<string, StaffAccountRow | null>((ctx) => async (ids) => {
  const rows = await accountQuery(ctx).andWhere({ id: In([...ids]) }).getMany();
  return byKeys(ids, rows, (r) => r.id);
});

/** A department's active accounts, by name. */
export const staffOfDepartment = defineLoader<string, StaffAccountRow[]>((ctx) => async (ids) => {
  const rows = await accountQuery(ctx).andWhere({ departmentId: In([...ids]), active: true }).orderBy('a.name').addOrderBy('a.id').getMany();
  return groupByKeys(ids, rows, (r) => r.departmentId!);
});

/** An account's grant log, oldest first, through the account's org. */
export const grantsOfAccount = defineLoader<string, StaffGrantRow[]>((ctx) => async (ids) => {
  const rows = await ctx.db
    .readThrough(StaffGrantRow, 'g', { entity: StaffAccountRow, alias: 'a', on: 'a.id = g.accountId' }, DIRECTORY_SCOPE)
    .innerJoin(OrgRow, 'o', 'o.id = a.orgId')
    .andWhere({ accountId: In([...ids]) })
    .orderBy('g.accountId')
    .addOrderBy('g.id')
    .getMany();
  return groupByKeys(ids, rows, (r) => r.accountId);
});
