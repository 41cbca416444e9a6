import { chinaDate, visibleOrg } from '@lianxin/members-client';
import { newId, subtreeRange } from '@lianxin/auth';
import {
  badInput, calendarDay, conflict, decodeIdCursor, DomainError, emptyPage, encodeIdCursor, ErrorCode, idempotent, inScope, isUniqueViolation, notFound, pageOf,
  requiredText, requireOrgs, requireScope, unscoped, wholeSeconds, withContentionRetry, type OnceWriter, type OrgInfo, type Page, type SubgraphContext,
} from '@lianxin/subgraph';
import type { EntityManager } from 'typeorm';
import { CaseRow } from '../casefile/case.entity';
import { CaseChannel, CaseKind, CaseState, HIGHER_SIGN_OFF, OutreachKind, Urgency } from '../casefile/case.enums';
import { caseById } from '../casefile/case.loader';
import { registerCase } from '../case/case.service';
import { actorOf } from '../case/case.writer';
import { MenuItemRow, MenuOrderRow, MenuState, ServiceMenuRow } from './menu.entity';
import { itemById, itemQuery, itemsOfMenu, menuById, menuQuery, myOrderOfItem, orderQuery } from './menu.loader';
import {
  MENU_LIMITS, type MenuDepartmentFigures, type MenuFigures, type MenuFiguresArgs, type MenuItemFigures, type MenuItemInput, type MenuOrdersArgs,
  type ServiceMenuInput, type ServiceMenusArgs,
} from './menu.types';

// The resolvers declare the roles; services are also called directly (seeders, tests), so they re-check everything.

/** A menu is its own union's work: only staff (and admins) keep one. */
function requireStaff(ctx: SubgraphContext, what: string): void {
  const scope = requireScope(ctx);
  if (scope.kind !== 'all' && scope.kind !== 'subtree') throw new DomainError(ErrorCode.FORBIDDEN, `${what} is union staff's work; ask your union.`);
}

/**
 * The owner of a menu write: staff of that very org (or an admin). Above it, the org's own
 * staff keep its menu (FORBIDDEN); outside the caller's subtree it does not exist (NOT_FOUND).
 */
function requireOwner(ctx: SubgraphContext, org: { id: string; name?: string }, field = 'orgId'): void {
  if (ctx.caller.role === 'admin' || ctx.caller.orgId === org.id) return;
  throw new DomainError(ErrorCode.FORBIDDEN, `The service menus of ${org.name ?? org.id} are kept by its own union's staff; ask them to change it.`, { field });
}

function periodOf(input: ServiceMenuInput): Pick<ServiceMenuRow, 'title' | 'startsOn' | 'endsOn'> {
  const title = requiredText('title', input.title, MENU_LIMITS.title);
  const startsOn = calendarDay('startsOn', input.startsOn);
  const endsOn = calendarDay('endsOn', input.endsOn);
  if (endsOn < startsOn) throw badInput('endsOn', `${endsOn} is before startsOn (${startsOn}); the menu must end on or after the day it starts`);
  if (Date.parse(endsOn) - Date.parse(startsOn) >= MENU_LIMITS.periodDays * 86_400_000) throw badInput('endsOn', `a menu runs at most ${MENU_LIMITS.periodDays} days; publish a new one for the next period`);
  return { title, startsOn, endsOn };
}

function itemOf(input: MenuItemInput, ordered = 0): Pick<MenuItemRow, 'title' | 'description' | 'kind' | 'quantity'> {
  const title = requiredText('title', input.title, MENU_LIMITS.itemTitle);
  const description = requiredText('description', input.description, MENU_LIMITS.description);
  if (!Object.values(CaseKind).includes(input.kind)) throw badInput('kind', `is one of ${Object.values(CaseKind).join(', ')}`);
  if (HIGHER_SIGN_OFF.includes(input.kind)) {
    throw badInput('kind', `${input.kind} needs a higher level to sign off, so the menu's own union could not sign its orders off (县总签单); workers raise such requests as cases`);
  }
  const quantity = input.quantity ?? null;
  if (quantity !== null && (!Number.isInteger(quantity) || quantity < 1 || quantity > MENU_LIMITS.quantity)) {
    throw badInput('quantity', `is how many orders are taken: a whole number from 1 to ${MENU_LIMITS.quantity}, or left out for no limit`);
  }
  if (quantity !== null && quantity < ordered) throw badInput('quantity', `${ordered} orders are already taken; the quantity cannot go below that`);
  return { title, description, kind: input.kind, quantity };
}

/* ---------- the menu and its items (owner's staff) ---------- */

/** A new draft menu of the caller's own union. */
export async function createServiceMenu(ctx: SubgraphContext, orgId: string, input: ServiceMenuInput, when = new Date(), idempotencyKey?: string | null): Promise<ServiceMenuRow> {
  const now = wholeSeconds(when);
  requireStaff(ctx, 'A service menu');
  const period = periodOf(input);
  const org = await visibleOrg(ctx, orgId, 'orgId');
  requireOwner(ctx, org);
  const replay = (id: string) => unscoped(ctx, 'a retry gets back the menu its own first call created').getRepository(ServiceMenuRow).findOneBy({ id });
  return idempotent(ctx, { operation: 'createServiceMenu', key: idempotencyKey, request: { orgId, ...input } }, replay, (once: OnceWriter) =>
    withContentionRetry(() =>
      once.transaction(async (em) => {
        const row = Object.assign(new ServiceMenuRow(), {
          id: newId(now.getTime()), orgId: org.id, orgPath: org.path, ...period, state: MenuState.DRAFT, publishedAt: null, updatedBy: ctx.caller.sub, updatedAt: now, version: 1,
        });
        await em.insert(ServiceMenuRow, row);
        return row;
      }, (r) => r.id),
    ),
  );
}

/** The menu a write names, seen by the caller and theirs to change; read again inside the writer's transaction. */
async function ownMenu(ctx: SubgraphContext, em: EntityManager, menuId: string, field = 'id'): Promise<ServiceMenuRow> {
  requireStaff(ctx, 'A service menu');
  const menu = await menuQuery(ctx, em).andWhere('m.id = :menuId', { menuId }).getOne();
  if (!menu) throw notFound('service menu', menuId);
  const org = await requireOrgs(ctx).org(menu.orgId);
  requireOwner(ctx, { id: menu.orgId, name: org?.name }, field);
  return menu;
}

async function bumpMenu(em: EntityManager, menu: ServiceMenuRow, version: number | null | undefined, patch: Partial<ServiceMenuRow>, sub: string, now: Date): Promise<ServiceMenuRow> {
  if (version !== undefined && version !== null && version !== menu.version) throw conflict(`service menu ${menu.title}`);
  const set = { ...patch, updatedBy: sub, updatedAt: now, version: menu.version + 1 };
  const r = await em.createQueryBuilder().update(ServiceMenuRow).set(set).where('id = :id AND version = :version', { id: menu.id, version: menu.version }).execute();
  if (r.affected !== 1) throw conflict(`service menu ${menu.title}`);
  return Object.assign(new ServiceMenuRow(), menu, set);
}

/** Title and period of a menu; a published menu keeps taking orders in its new period. */
export async function updateServiceMenu(ctx: SubgraphContext, id: string, version: number | null | undefined, input: ServiceMenuInput, when = new Date()): Promise<ServiceMenuRow> {
  const now = wholeSeconds(when);
  const period = periodOf(input);
  const row = await withContentionRetry(() => ctx.db.transaction(async (em) => bumpMenu(em, await ownMenu(ctx, em, id), version, period, ctx.caller.sub, now)));
  menuById(ctx).clear(id).prime(id, row);
  return row;
}

/** 发布: the draft opens to the members under the union; it needs at least one item. */
export async function publishServiceMenu(ctx: SubgraphContext, id: string, version: number | null | undefined, when = new Date()): Promise<ServiceMenuRow> {
  const now = wholeSeconds(when);
  const row = await withContentionRetry(() =>
    ctx.db.transaction(async (em) => {
      const menu = await ownMenu(ctx, em, id);
      if (menu.state !== MenuState.DRAFT) throw new DomainError(ErrorCode.INVALID_STATE, `${menu.title} is already published.`, { state: menu.state });
      const items = await em.getRepository(MenuItemRow).countBy({ menuId: menu.id });
      if (!items) throw new DomainError(ErrorCode.INVALID_STATE, `${menu.title} has no items yet; add what it offers (addMenuItem) before publishing it.`, { state: menu.state });
      return bumpMenu(em, menu, version, { state: MenuState.PUBLISHED, publishedAt: now }, ctx.caller.sub, now);
    }),
  );
  menuById(ctx).clear(id).prime(id, row);
  return row;
}

/** Adds an item at the end of a menu of the caller's own union, draft or published. */
export async function addMenuItem(ctx: SubgraphContext, menuId: string, input: MenuItemInput): Promise<MenuItemRow> {
  const fields = itemOf(input);
  const row = await withContentionRetry(() =>
    ctx.db.transaction(async (em) => {
      const menu = await ownMenu(ctx, em, menuId, 'menuId');
      const last = await em.getRepository(MenuItemRow).createQueryBuilder('i').select('MAX(i.position)', 'n').where('i.menuId = :menuId', { menuId }).getRawOne<{ n: number | string | null }>();
      const position = Number(last?.n ?? 0) + 1;
      if (position > MENU_LIMITS.items) throw badInput('menuId', `a menu holds at most ${MENU_LIMITS.items} items; start another menu`);
      const item = Object.assign(new MenuItemRow(), { id: newId(), menuId, orgId: menu.orgId, orgPath: menu.orgPath, position, ...fields, ordered: 0, version: 1 });
      await em.insert(MenuItemRow, item);
      return item;
    }),
  );
  itemsOfMenu(ctx).clear(menuId);
  return row;
}

/** Changes an item; its quantity never drops below the orders already taken. */
export async function updateMenuItem(ctx: SubgraphContext, id: string, version: number | null | undefined, input: MenuItemInput): Promise<MenuItemRow> {
  const row = await withContentionRetry(() =>
    ctx.db.transaction(async (em) => {
      const item = await itemQuery(ctx, em).andWhere('i.id = :id', { id }).getOne();
      if (!item) throw notFound('menu item', id);
      await ownMenu(ctx, em, item.menuId);
      if (version !== undefined && version !== null && version !== item.version) throw conflict(`menu item ${item.title}`);
      const fields = itemOf(input, item.ordered);
      // The quantity check is repeated in the statement: an order landing meanwhile must not end up above it.
      const update = em.createQueryBuilder().update(MenuItemRow).set({ ...fields, version: item.version + 1 }).where('id = :id AND version = :version', { id, version: item.version });
      if (fields.quantity !== null) update.andWhere('ordered <= :quantity', { quantity: fields.quantity });
      const r = await update.execute();
      if (r.affected !== 1) throw conflict(`menu item ${item.title}`);
      return Object.assign(new MenuItemRow(), item, fields, { version: item.version + 1 });
    }),
  );
  itemById(ctx).clear(id).prime(id, row);
  itemsOfMenu(ctx).clear(row.menuId);
  return row;
}

/* ---------- 点单 (members) ---------- */

export interface PlacedOrder {
  order: MenuOrderRow;
  case: CaseRow;
}

/**
 * 职工点单: a member orders an item of a published menu of their union or one above it, in
 * the menu's period. In one transaction: the item's count goes up by one only while below its
 * quantity (one conditional UPDATE, so concurrent orders never take more than there is), the
 * case is registered at the menu's union (挂号, channel WECHAT 微信点单, kind of the item,
 * linked to the item), and the order row records it; a second order of the same item by the
 * same member is DUPLICATE, and any refusal leaves all three untouched.
 */
export async function orderMenuItem(ctx: SubgraphContext, itemId: string, noteText: string | null | undefined, when = new Date(), idempotencyKey?: string | null): Promise<PlacedOrder> {
  const now = wholeSeconds(when);
  const scope = requireScope(ctx);
  if (scope.kind !== 'self' || !ctx.caller.memberId) throw new DomainError(ErrorCode.FORBIDDEN, 'Members order from a service menu themselves; staff take the orders (接单).');
  const note = noteText?.trim() ? requiredText('note', noteText, MENU_LIMITS.note) : null;
  const item = await itemById(ctx).load(itemId);
  if (!item) throw notFound('menu item', itemId);
  const menu = await menuById(ctx).load(item.menuId);
  if (!menu) throw notFound('menu item', itemId);
  const today = chinaDate(now);
  if (today < menu.startsOn || today > menu.endsOn) {
    throw new DomainError(ErrorCode.INVALID_STATE, `${menu.title} takes orders from ${menu.startsOn} to ${menu.endsOn}; today is ${today}.`, { field: 'itemId' });
  }
  const org = await requireOrgs(ctx).org(menu.orgId);
  const home = ctx.caller.orgPath;
  if (!org || !home || !home.startsWith(org.path)) throw notFound('menu item', itemId);
  const memberId = ctx.caller.memberId;
  const replay = async (id: string): Promise<PlacedOrder | null> => {
    const db = unscoped(ctx, 'a retry gets back the order its own first call placed');
    const order = await db.getRepository(MenuOrderRow).findOneBy({ id });
    const c = order && (await db.getRepository(CaseRow).findOneBy({ id: order.caseId }));
    return order && c ? { order, case: c } : null;
  };
  const placed = await idempotent(ctx, { operation: 'orderMenuItem', key: idempotencyKey, request: { itemId, note } }, replay, (once) =>
    withContentionRetry(() => once.transaction((em) => place(ctx, em, { item, menu, org, home, memberId, note }, now), (r) => r.order.id)),
  );
  myOrderOfItem(ctx).clear(itemId).prime(itemId, placed.order);
  itemById(ctx).clear(itemId);
  caseById(ctx).clear(placed.case.id).prime(placed.case.id, placed.case);
  return placed;
}

interface Placing {
  item: MenuItemRow;
  menu: ServiceMenuRow;
  org: OrgInfo;
  home: string;
  memberId: string;
  note: string | null;
}

async function place(ctx: SubgraphContext, em: EntityManager, p: Placing, now: Date): Promise<PlacedOrder> {
  const taken = await em.createQueryBuilder().update(MenuItemRow).set({ ordered: () => 'ordered + 1' })
    .where('id = :id AND (quantity IS NULL OR ordered < quantity)', { id: p.item.id }).execute();
  if (taken.affected !== 1) {
    throw new DomainError('QUOTA_EXHAUSTED', `All ${p.item.quantity} of ${p.item.title} are taken; pick another item of the menu.`, { field: 'itemId' });
  }
  const c = await registerCase(em, {
    org: p.org, kind: p.item.kind, channel: CaseChannel.WECHAT, urgency: Urgency.NORMAL,
    description: `点单：${p.item.title}${p.note ? `。${p.note}` : ''}`, memberId: p.memberId,
    actor: actorOf(ctx.caller), onBehalf: false, source: { kind: OutreachKind.MENU_ITEM, id: p.item.id },
  }, now);
  const order = Object.assign(new MenuOrderRow(), {
    id: newId(now.getTime()), menuId: p.menu.id, itemId: p.item.id, caseId: c.id, memberId: p.memberId, orgPath: p.home, orderedAt: now, orderedOn: chinaDate(now),
  });
  try {
    await em.insert(MenuOrderRow, order);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw new DomainError(ErrorCode.DUPLICATE, `You have already ordered ${p.item.title}; follow it under your requests (我的诉求).`, { field: 'itemId' });
  }
  return { order, case: c };
}

/* ---------- reads ---------- */

/** Menus the caller sees, newest first: staff their subtree's (drafts too) and the published ones above; members the published ones of their union and above. */
export async function listServiceMenus(ctx: SubgraphContext, args: ServiceMenusArgs): Promise<Page<ServiceMenuRow>> {
  requireScope(ctx);
  const qb = menuQuery(ctx);
  if (args.orgId) qb.andWhere('m.orgId = :orgId', { orgId: args.orgId });
  if (args.after) qb.andWhere('m.id < :after', { after: decodeIdCursor(args.after) });
  const rows = await qb.orderBy('m.id', 'DESC').limit(args.first + 1).getMany();
  for (const r of rows) menuById(ctx).prime(r.id, r);
  return pageOf(rows, args.first, (r) => encodeIdCursor(r.id));
}

/**
 * The orders board (接单/签单) of a menu the caller sees, newest first: the orders of workers in
 * the caller's subtree (for the owner union, all of them), filtered by their case's state or the
 * 部室 that took them. Staff only.
 */
export async function listMenuOrders(ctx: SubgraphContext, args: MenuOrdersArgs): Promise<Page<MenuOrderRow>> {
  requireStaff(ctx, 'The orders board');
  const menu = await menuById(ctx).load(args.menuId);
  if (!menu) return emptyPage();
  const qb = orderQuery(ctx).andWhere('o.menuId = :menuId', { menuId: menu.id });
  if (args.state || args.departmentId) {
    qb.innerJoin(CaseRow, 'c', 'c.id = o.caseId');
    if (args.state) qb.andWhere('c.state = :state', { state: args.state });
    if (args.departmentId) qb.andWhere('c.responsibleDepartmentId = :dept', { dept: args.departmentId });
  }
  if (args.after) qb.andWhere('o.id < :after', { after: decodeIdCursor(args.after) });
  const rows = await qb.orderBy('o.id', 'DESC').limit(args.first + 1).getMany();
  return pageOf(rows, args.first, (r) => encodeIdCursor(r.id));
}

/* ---------- figures ---------- */

const RESOLVED_OR_LATER: readonly CaseState[] = [CaseState.RESOLVED, CaseState.SIGNED_OFF, CaseState.CLOSED];
const SIGNED_OFF_OR_LATER: readonly CaseState[] = [CaseState.SIGNED_OFF, CaseState.CLOSED];

/**
 * The orders of the workers in an org's subtree placed in a period (China days), per item and
 * per 部室, by the state their case is in now: taken (a 部室 named on acceptance), resolved,
 * signed off (县总签单, or closed after it), declined. One grouped statement over the orders
 * and their cases.
 */
export async function menuFigures(ctx: SubgraphContext, args: MenuFiguresArgs): Promise<MenuFigures | null> {
  requireStaff(ctx, 'Service menu figures');
  const scope = requireScope(ctx);
  const from = calendarDay('from', args.from);
  const to = calendarDay('to', args.to);
  if (from > to) throw badInput('to', `${to} is before from (${from}); give the period's first day first`);
  if (Date.parse(to) - Date.parse(from) >= MENU_LIMITS.periodDays * 86_400_000) throw badInput('to', `ask for at most ${MENU_LIMITS.periodDays} days at a time`);
  const orgId = args.orgId ?? ctx.caller.orgId;
  if (!orgId) throw badInput('orgId', 'name the org whose figures you want');
  const org = await requireOrgs(ctx).org(orgId);
  if (!org || !inScope(scope, { path: org.path })) return null;
  const range = subtreeRange(org.path);
  const qb = orderQuery(ctx).innerJoin(CaseRow, 'c', 'c.id = o.caseId')
    .andWhere('o.orgPath >= :nf AND o.orgPath < :nt AND o.orderedOn >= :from AND o.orderedOn <= :to', { nf: range.from, nt: range.to, from, to });
  if (args.menuId) qb.andWhere('o.menuId = :menuId', { menuId: args.menuId });
  const rows = await qb.select('o.itemId', 'itemId').addSelect('c.state', 'state').addSelect('c.responsibleDepartmentId', 'dept').addSelect('COUNT(*)', 'n')
    .groupBy('o.itemId').addGroupBy('c.state').addGroupBy('c.responsibleDepartmentId').getRawMany<{ itemId: string; state: CaseState; dept: string | null; n: string | number }>();

  const items = new Map<string, MenuItemFigures>();
  const depts = new Map<string, MenuDepartmentFigures>();
  for (const r of rows) {
    const n = Number(r.n);
    const item = items.get(r.itemId) ?? { itemId: r.itemId, ordered: 0, accepted: 0, signedOff: 0, declined: 0 };
    items.set(r.itemId, item);
    item.ordered += n;
    if (r.dept) item.accepted += n;
    if (SIGNED_OFF_OR_LATER.includes(r.state)) item.signedOff += n;
    if (r.state === CaseState.DECLINED) item.declined += n;
    if (!r.dept) continue;
    const d = depts.get(r.dept) ?? { departmentId: r.dept, department: { id: r.dept }, accepted: 0, resolved: 0, signedOff: 0 };
    depts.set(r.dept, d);
    d.accepted += n;
    if (RESOLVED_OR_LATER.includes(r.state)) d.resolved += n;
    if (SIGNED_OFF_OR_LATER.includes(r.state)) d.signedOff += n;
  }
  const byItem = [...items.values()].sort((a, b) => (a.itemId < b.itemId ? -1 : 1));
  const sum = (k: 'ordered' | 'accepted' | 'signedOff' | 'declined') => byItem.reduce((t, r) => t + r[k], 0);
  const counted = sum('ordered') - sum('declined');
  return {
    orgId: org.id, from, to,
    ordered: sum('ordered'), accepted: sum('accepted'), signedOff: sum('signedOff'), declined: sum('declined'),
    signedOffRate: counted > 0 ? sum('signedOff') / counted : null,
    byItem,
    byDepartment: [...depts.values()].sort((a, b) => b.accepted - a.accepted || (a.departmentId < b.departmentId ? -1 : 1)),
  };
}
