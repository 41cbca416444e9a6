import { ArgsType, Directive, Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional } from 'class-validator';
import { connectionOf, PageArgs } from '@lianxin/subgraph';
import { CaseKind, CaseState } from '../casefile/case.enums';
import { MenuState } from './menu.entity';

registerEnumType(MenuState, {
  name: 'MenuState',
  description: 'Where a service menu is in its life',
  valuesConfig: {
    DRAFT: { description: 'Being put together by the owner union\'s staff; nobody else sees it (草稿)' },
    PUBLISHED: { description: 'Published: members under the union order from it during its period (已发布)' },
  },
});

/** Limits shared with the service, which re-checks them for direct callers (seeders, tests). */
export const MENU_LIMITS = { title: 100, itemTitle: 100, description: 1000, note: 500, items: 50, quantity: 100_000, periodDays: 366 } as const;

@ObjectType({ description: '菜单式服务: a menu of services a union offers the workers under it for a period; an order (点单) becomes a case' })
export class ServiceMenu {
  @Field(() => ID, { description: 'The menu\'s id (a ULID)' })
  id: string;

  @Field({ description: 'The menu\'s title, e.g. 2026年下半年职工服务菜单' })
  title: string;

  @Field({ description: 'First China day orders are taken, YYYY-MM-DD' })
  startsOn: string;

  @Field({ description: 'Last China day orders are taken, inclusive' })
  endsOn: string;

  @Field(() => MenuState, { description: 'Draft or published' })
  state: MenuState;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was published; null for a draft' })
  publishedAt: Date | null;

  @Field(() => Int, { description: 'Increases with every change; pass it back to avoid overwriting a newer menu' })
  version: number;
}

@ObjectType({ description: 'One service on a menu (职工子女自行车, 食堂地方菜窗口, 微梦成真 study items); an order of it is a case of its kind' })
export class MenuItem {
  @Field(() => ID, { description: 'The item\'s id (a ULID)' })
  id: string;

  @Field(() => ID, { description: 'The menu it is on' })
  menuId: string;

  @Field(() => Int, { description: 'Its place on the menu, from 1' })
  position: number;

  @Field({ description: 'What is offered, 1-100 characters' })
  title: string;

  @Field({ description: 'What the worker gets and how, up to 1000 characters' })
  description: string;

  @Field(() => CaseKind, { description: 'The kind of case an order of it becomes' })
  kind: CaseKind;

  @Field(() => Int, { nullable: true, description: 'At most this many orders are taken; null: no limit' })
  quantity: number | null;

  @Field(() => Int, { description: 'Orders taken so far' })
  ordered: number;

  @Field(() => Int, { description: 'Increases with every change; pass it back to avoid overwriting a newer item' })
  version: number;
}

@ObjectType({ description: '点单: a member\'s order of a menu item and the case it raised' })
export class MenuOrder {
  @Field(() => ID, { description: 'The order\'s id (a ULID)' })
  id: string;

  @Field(() => ID, { description: 'The case the order raised (see case)' })
  caseId: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was ordered, ISO 8601 UTC' })
  orderedAt: Date;
}

export const ServiceMenuConnection = connectionOf(ServiceMenu, 'ServiceMenu', 'A page of service menus, newest first');
export type ServiceMenuConnection = InstanceType<typeof ServiceMenuConnection>;
export const MenuOrderConnection = connectionOf(MenuOrder, 'MenuOrder', 'A page of menu orders, newest first');
export type MenuOrderConnection = InstanceType<typeof MenuOrderConnection>;

@InputType({ description: 'A service menu of your own union: its title and the period it takes orders' })
export class ServiceMenuInput {
  @Field({ description: '1-100 characters, e.g. 2026年下半年职工服务菜单' })
  title: string;

  @Field({ description: 'First China day orders are taken, YYYY-MM-DD' })
  startsOn: string;

  @Field({ description: 'Last China day orders are taken, inclusive; at most 366 days after startsOn' })
  endsOn: string;
}

@InputType({ description: 'One service on a menu' })
export class MenuItemInput {
  @Field({ description: 'What is offered, 1-100 characters' })
  title: string;

  @Field({ description: 'What the worker gets and how, 1-1000 characters' })
  description: string;

  @Field(() => CaseKind, {
    description: 'The kind of case an order becomes. Kinds a higher level must sign off (URGENT_NEED, LEGAL_AID, HARDSHIP_AID, COLLECTIVE_BARGAINING) are raised as cases, not ordered from a menu',
  })
  kind: CaseKind;

  @Field(() => Int, { nullable: true, description: 'At most this many orders (1-100000); leave out for no limit. Never below the orders already taken' })
  @IsOptional()
  quantity?: number | null;
}

@ArgsType()
export class ServiceMenusArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only the menus of this org (in your scope, or above you for published ones)' })
  @IsOptional()
  orgId?: string | null;
}

@ArgsType()
export class MenuOrdersArgs extends PageArgs {
  @Field(() => ID, { description: 'The menu whose orders you want' })
  menuId: string;

  @Field(() => CaseState, { nullable: true, description: 'Only orders whose case is in this state' })
  @IsOptional()
  state?: CaseState | null;

  @Field(() => ID, { nullable: true, description: 'Only orders this 部室 took (accepted)' })
  @IsOptional()
  departmentId?: string | null;
}

@ArgsType()
export class MenuFiguresArgs {
  @Field(() => ID, { nullable: true, description: 'Count the orders of workers in this org\'s subtree (default: your own org; admins must name one)' })
  @IsOptional()
  orgId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only orders of this menu; leave out for every menu' })
  @IsOptional()
  menuId?: string | null;

  @Field({ description: 'First China day of the period (orders placed from it), YYYY-MM-DD' })
  from: string;

  @Field({ description: 'Last China day of the period, inclusive; at most 366 days' })
  to: string;
}

@ObjectType({ description: 'Orders of one item in the period, by how far their cases have come' })
export class MenuItemFigures {
  @Field(() => ID, { description: 'The item' })
  itemId: string;

  @Field(() => Int, { description: 'Orders placed (点单)' })
  ordered: number;

  @Field(() => Int, { description: 'Orders a 部室 took (部室接单), whatever happened after' })
  accepted: number;

  @Field(() => Int, { description: 'Orders signed off (县总签单) or closed after it' })
  signedOff: number;

  @Field(() => Int, { description: 'Orders declined (不予受理)' })
  declined: number;
}

/** The members subgraph owns Department (部室); cases names it by id. */
@ObjectType()
@Directive('@key(fields: "id", resolvable: false)')
export class Department {
  @Field(() => ID, { description: 'The department\'s id (a ULID)' })
  id: string;
}

@ObjectType({ description: 'The orders one 部室 took in the period' })
export class MenuDepartmentFigures {
  @Field(() => ID, { description: 'The 部室\'s id' })
  departmentId: string;

  @Field(() => Department, { nullable: true, description: 'The 部室 itself, with its name from the members subgraph: null where you do not see its union (staff below the union that took the order)' })
  department: Department | null;

  @Field(() => Int, { description: 'Orders it took' })
  accepted: number;

  @Field(() => Int, { description: 'Of those, resolved (办结) or further' })
  resolved: number;

  @Field(() => Int, { description: 'Of those, signed off or closed' })
  signedOff: number;
}

@ObjectType({ description: 'Service menu figures: the orders of the workers in an org\'s subtree in a period, counted from the orders and their cases' })
export class MenuFigures {
  @Field(() => ID, { description: 'The org whose subtree is counted' })
  orgId: string;

  @Field({ description: 'First China day counted' })
  from: string;

  @Field({ description: 'Last China day counted' })
  to: string;

  @Field(() => Int, { description: 'Orders placed' })
  ordered: number;

  @Field(() => Int, { description: 'Orders a 部室 took' })
  accepted: number;

  @Field(() => Int, { description: 'Orders signed off or closed' })
  signedOff: number;

  @Field(() => Int, { description: 'Orders declined' })
  declined: number;

  @Field(() => Float, { nullable: true, description: 'signedOff / (ordered - declined); null with nothing to count' })
  signedOffRate: number | null;

  @Field(() => [MenuItemFigures], { description: 'Per item ordered, in item id order' })
  byItem: MenuItemFigures[];

  @Field(() => [MenuDepartmentFigures], { description: 'Per 部室 that took orders, most orders first' })
  byDepartment: MenuDepartmentFigures[];
}
