import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Access, IDEMPOTENCY_KEY_ARG, type Page, type SubgraphContext } from '@lianxin/subgraph';
import type { CaseRow } from '../casefile/case.entity';
import { OutreachKind } from '../casefile/case.enums';
import { caseById } from '../casefile/case.loader';
import { Case } from '../case/case.types';
import { Org } from '../casefile/graph.types';
import type { MenuItemRow, MenuOrderRow, ServiceMenuRow } from './menu.entity';
import { itemById, itemsOfMenu, menuById, myOrderOfItem } from './menu.loader';
import * as menus from './menu.service';
import {
  MenuFigures, MenuFiguresArgs, MenuItem, MenuItemInput, MenuOrder, MenuOrderConnection, MenuOrdersArgs, ServiceMenu, ServiceMenuConnection, ServiceMenuInput, ServiceMenusArgs,
} from './menu.types';

const VERSION = { nullable: true, description: 'The version you last saw; a change made since is refused with CONFLICT instead of overwritten' } as const;
const OWNERS = 'Kept by the menu union\'s own staff (and admins)';

@Resolver(() => ServiceMenu)
export class ServiceMenuResolver {
  @Query(() => ServiceMenuConnection, {
    nullable: true,
    description: '菜单式服务: the service menus you see, newest first. Staff: their subtree\'s (drafts too) and the published ones of the unions above; members: the published ones of their union and above',
  })
  @Access('staff', 'admin', 'member')
  serviceMenus(@Ctx() ctx: SubgraphContext, @Args(() => ServiceMenusArgs) args: ServiceMenusArgs): Promise<Page<ServiceMenuRow>> {
    return menus.listServiceMenus(ctx, args);
  }

  @Query(() => ServiceMenu, { nullable: true, description: 'A service menu you see; null when missing, outside your scope, or a draft of another union' })
  @Access('staff', 'admin', 'member')
  serviceMenu(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID, { description: 'The menu\'s id' }) id: string): Promise<ServiceMenuRow | null> {
    return menuById(ctx).load(id);
  }

  @Query(() => MenuOrderConnection, {
    nullable: true,
    description: 'The orders board of a menu (接单/签单), newest first: the orders of workers in your subtree, by the state of their case or the 部室 that took them. Staff and admins',
  })
  @Access('staff', 'admin')
  menuOrders(@Ctx() ctx: SubgraphContext, @Args(() => MenuOrdersArgs) args: MenuOrdersArgs): Promise<Page<MenuOrderRow>> {
    return menus.listMenuOrders(ctx, args);
  }

  @Query(() => MenuFigures, {
    nullable: true,
    description: 'Service menu figures: the orders of the workers in an org\'s subtree (default your own; admins name one) placed in a period, per item and per 部室. Null for an org outside your scope',
  })
  @Access('staff', 'admin')
  menuFigures(@Ctx() ctx: SubgraphContext, @Args(() => MenuFiguresArgs) args: MenuFiguresArgs): Promise<MenuFigures | null> {
    return menus.menuFigures(ctx, args);
  }

  @Mutation(() => ServiceMenu, { nullable: true, description: `A new draft service menu of your union, with its title and period. ${OWNERS}` })
  @Access('staff', 'admin')
  createServiceMenu(
    @Ctx() ctx: SubgraphContext,
    @Arg('orgId', () => ID, { description: 'The union offering the menu: your own' }) orgId: string,
    @Arg('input', () => ServiceMenuInput, { description: 'Title and period' }) input: ServiceMenuInput,
    @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_KEY_ARG }) idempotencyKey?: string | null,
  ): Promise<ServiceMenuRow> {
    return menus.createServiceMenu(ctx, orgId, input, new Date(), idempotencyKey);
  }

  @Mutation(() => ServiceMenu, { nullable: true, description: `Change a menu's title and period. ${OWNERS}` })
  @Access('staff', 'admin')
  updateServiceMenu(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The menu\'s id' }) id: string,
    @Arg('input', () => ServiceMenuInput, { description: 'Title and period' }) input: ServiceMenuInput,
    @Arg('version', () => Int, VERSION) version?: number | null,
  ): Promise<ServiceMenuRow> {
    return menus.updateServiceMenu(ctx, id, version, input);
  }

  @Mutation(() => ServiceMenu, { nullable: true, description: `发布: open a draft menu with at least one item to the members under your union. ${OWNERS}` })
  @Access('staff', 'admin')
  publishServiceMenu(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The menu\'s id' }) id: string,
    @Arg('version', () => Int, VERSION) version?: number | null,
  ): Promise<ServiceMenuRow> {
    return menus.publishServiceMenu(ctx, id, version);
  }

  @Mutation(() => MenuItem, { nullable: true, description: `Add a service at the end of a menu, draft or published. ${OWNERS}` })
  @Access('staff', 'admin')
  addMenuItem(
    @Ctx() ctx: SubgraphContext,
    @Arg('menuId', () => ID, { description: 'The menu' }) menuId: string,
    @Arg('input', () => MenuItemInput, { description: 'The service' }) input: MenuItemInput,
  ): Promise<MenuItemRow> {
    return menus.addMenuItem(ctx, menuId, input);
  }

  @Mutation(() => MenuItem, { nullable: true, description: `Change a service on a menu; its quantity never below the orders taken. ${OWNERS}` })
  @Access('staff', 'admin')
  updateMenuItem(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The item\'s id' }) id: string,
    @Arg('input', () => MenuItemInput, { description: 'The service' }) input: MenuItemInput,
    @Arg('version', () => Int, VERSION) version?: number | null,
  ): Promise<MenuItemRow> {
    return menus.updateMenuItem(ctx, id, version, input);
  }

  @Mutation(() => MenuOrder, {
    nullable: true,
    description: '职工点单: order a service from a published menu of your union or one above it, in its period. It becomes a case at the menu\'s union (channel WECHAT), which a 部室 takes (acceptCase names it) and the union signs off. Members only; one order per item',
  })
  @Access('member')
  async orderMenuItem(
    @Ctx() ctx: SubgraphContext,
    @Arg('itemId', () => ID, { description: 'The item to order' }) itemId: string,
    @Arg('note', () => String, { nullable: true, description: 'Anything the union should know, up to 500 characters (e.g. the child\'s age)' }) note?: string | null,
    @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_KEY_ARG }) idempotencyKey?: string | null,
  ): Promise<MenuOrderRow> {
    return (await menus.orderMenuItem(ctx, itemId, note, new Date(), idempotencyKey)).order;
  }

  @FieldResolver(() => Org, { description: 'The union offering the menu' })
  org(@Root() m: ServiceMenuRow): Org {
    return { id: m.orgId };
  }

  @FieldResolver(() => [MenuItem], { description: 'What the menu offers, in order' })
  items(@Root() m: ServiceMenuRow, @Ctx() ctx: SubgraphContext): Promise<MenuItemRow[]> {
    return itemsOfMenu(ctx).load(m.id);
  }
}

@Resolver(() => MenuItem)
export class MenuItemResolver {
  @FieldResolver(() => MenuOrder, { nullable: true, description: 'Members: your own order of this item (已点); null when you have none, and for staff' })
  myOrder(@Root() i: MenuItemRow, @Ctx() ctx: SubgraphContext): Promise<MenuOrderRow | null> {
    return myOrderOfItem(ctx).load(i.id);
  }
}

@Resolver(() => MenuOrder)
export class MenuOrderResolver {
  @FieldResolver(() => MenuItem, { nullable: true, description: 'The item ordered' })
  item(@Root() o: MenuOrderRow, @Ctx() ctx: SubgraphContext): Promise<MenuItemRow | null> {
    return itemById(ctx).load(o.itemId);
  }

  @FieldResolver(() => Case, { nullable: true, description: 'The case the order raised, when you see it (the menu\'s union and above, and the member)' })
  case(@Root() o: MenuOrderRow, @Ctx() ctx: SubgraphContext): Promise<CaseRow | null> {
    return caseById(ctx).load(o.caseId);
  }
}

@Resolver(() => Case)
export class CaseMenuResolver {
  @FieldResolver(() => MenuItem, { nullable: true, description: 'The service menu item the case was ordered from (点单); null for other cases' })
  menuItem(@Root() c: CaseRow, @Ctx() ctx: SubgraphContext): Promise<MenuItemRow | null> | null {
    return c.sourceKind === OutreachKind.MENU_ITEM && c.sourceId ? itemById(ctx).load(c.sourceId) : null;
  }
}

export const menuResolvers = [ServiceMenuResolver, MenuItemResolver, MenuOrderResolver, CaseMenuResolver] as const;
