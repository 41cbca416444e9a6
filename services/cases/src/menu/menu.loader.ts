import { Brackets, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { subtreeRange } from '@lianxin/auth';
import { byKeys, defineLoader, groupByKeys, requireScope, type SubgraphContext } from '@lianxin/subgraph';
import { MenuItemRow, MenuOrderRow, MenuState, ServiceMenuRow } from './menu.entity';

/**
 * A menu is the owner's to see whole, drafts too: staff of its org and above. Below it, staff
 * and members of the subtree see it once published (`inherited`, and for members the org ids of
 * their union and its ancestors). Partners see none.
 */
export const MENU_SCOPE = { path: 'm.orgPath', inherited: 'm.orgId', orgId: 'm.orgId' } as const;
/** Orders live where the worker is: staff of the worker's union and above, and the member who ordered. */
export const ORDER_SCOPE = { path: 'o.orgPath', member: 'o.memberId' } as const;

/** Drafts only for callers whose subtree holds the menu: admins, and staff of its org or above. */
function publishedUnlessOwn<T extends ObjectLiteral>(ctx: SubgraphContext, qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  const scope = requireScope(ctx);
  if (scope.kind === 'all') return qb;
  if (scope.kind !== 'subtree') return qb.andWhere('m.state <> :draft', { draft: MenuState.DRAFT });
  const { from, to } = subtreeRange(scope.path);
  return qb.andWhere(new Brackets((w) => w.where('m.state <> :draft', { draft: MenuState.DRAFT }).orWhere('(m.orgPath >= :ownFrom AND m.orgPath < :ownTo)', { ownFrom: from, ownTo: to })));
}

export const menuQuery = (ctx: SubgraphContext, em?: EntityManager) => publishedUnlessOwn(ctx, ctx.db.read(ServiceMenuRow, 'm', MENU_SCOPE, em));
/** Items are seen exactly where their menu is: read through it. */
export const itemQuery = (ctx: SubgraphContext, em?: EntityManager) =>
  publishedUnlessOwn(ctx, ctx.db.readThrough(MenuItemRow, 'i', { entity: ServiceMenuRow, alias: 'm', on: 'm.id = i.menuId' }, MENU_SCOPE, em));
export const orderQuery = (ctx: SubgraphContext, em?: EntityManager) => ctx.db.read(MenuOrderRow, 'o', ORDER_SCOPE, em);

export const menuById = defineLoader<string, ServiceMenuRow | null>((ctx) => async (ids) => {
  const rows = await menuQuery(ctx).andWhere('m.id IN (:...menuIds)', { menuIds: [...ids] }).getMany();
  return byKeys(ids, rows, (r) => r.id);
});

export const itemById = defineLoader<string, MenuItemRow | null>((ctx) => async (ids) => {
  const rows = await itemQuery(ctx).andWhere('i.id IN (:...itemIds)', { itemIds: [...ids] }).getMany();
  return byKeys(ids, rows, (r) => r.id);
});

/** A page of menus' items, in menu order, in one statement. */
export const itemsOfMenu = defineLoader<string, MenuItemRow[]>((ctx) => async (menuIds) => {
  const rows = await itemQuery(ctx).andWhere('i.menuId IN (:...menuIds)', { menuIds: [...menuIds] }).orderBy('i.menuId').addOrderBy('i.position').getMany();
  return groupByKeys(menuIds, rows, (r) => r.menuId);
});

/** The caller's own orders of these items (members: 已点); staff and others get none. */
export const myOrderOfItem = defineLoader<string, MenuOrderRow | null>((ctx) => async (itemIds) => {
  if (ctx.caller.role !== 'member' || !ctx.caller.memberId) return itemIds.map(() => null);
  const rows = await orderQuery(ctx).andWhere('o.itemId IN (:...itemIds) AND o.memberId = :me', { itemIds: [...itemIds], me: ctx.caller.memberId }).getMany();
  return byKeys(itemIds, rows, (r) => r.itemId);
});
