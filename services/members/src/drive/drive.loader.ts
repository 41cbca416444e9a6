import type { EntityManager } from 'typeorm';
import { byKeys, defineLoader, groupByKeys, type SubgraphContext } from '@lianxin/subgraph';
import { DriveJoinRow, JoinDriveRow, JoinDriveTargetRow } from './drive.entity';

/**
 * A drive is seen by the staff of its org and everyone above it (its path), and by the
 * staff of every org below it (inherited: a street sees the district's drive it takes part
 * in). Targets and joins have a place of their own: a sub-org's staff see their own target,
 * and the joins of the unions in their subtree. Members and partners have no column here:
 * they see none of it.
 */
export const DRIVE_SCOPE = { path: 'd.orgPath', inherited: 'd.orgId' } as const;
export const TARGET_SCOPE = { path: 't.orgPath' } as const;
export const JOIN_SCOPE = { path: 'j.orgPath' } as const;

export const driveQuery = (ctx: SubgraphContext, em?: EntityManager) => ctx.db.read(JoinDriveRow, 'd', DRIVE_SCOPE, em);
export const targetQuery = (ctx: SubgraphContext, em?: EntityManager) => ctx.db.read(JoinDriveTargetRow, 't', TARGET_SCOPE, em);
export const driveJoinQuery = (ctx: SubgraphContext) => ctx.db.read(DriveJoinRow, 'j', JOIN_SCOPE);

export const driveById = defineLoader<string, JoinDriveRow | null>((ctx) => async (ids) => {
  const rows = await driveQuery(ctx).andWhere('d.id IN (:...driveIds)', { driveIds: [...ids] }).getMany();
  return byKeys(ids, rows, (r) => r.id);
});

/** The targets of a page of drives that the caller sees, in org-tree order, in one statement. */
export const targetsOfDrive = defineLoader<string, JoinDriveTargetRow[]>((ctx) => async (driveIds) => {
  const rows = await targetQuery(ctx).andWhere('t.driveId IN (:...driveIds)', { driveIds: [...driveIds] }).orderBy('t.driveId').addOrderBy('t.orgPath').getMany();
  return groupByKeys(driveIds, rows, (r) => r.driveId);
});
