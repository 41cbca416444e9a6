import type { DataSource, EntityManager } from 'typeorm';
import { newId } from '@lianxin/auth';
import { Random } from '@lianxin/demo-kit';
import { addDays, chinaDate } from '@lianxin/members-client';
import type { OrgInfo } from '@lianxin/subgraph';
import { CaseAction, CaseChannel, CaseKind, CaseState, CloseReason, OutreachKind, Rating, Urgency, DeclineReason } from '../casefile/case.enums';
import type { CaseRow } from '../casefile/case.entity';
import { registerCase, resolution_ } from '../case/case.service';
import { applyChange, type Actor, type Change } from '../case/case.writer';
import { MenuItemRow, MenuOrderRow, MenuState, ServiceMenuRow } from '../menu/menu.entity';
import type { SeedMember, SeedOrg } from './generate';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * The county's menu, as Funing's county union ran its 菜单式服务: items for workers' children,
 * the canteen, study help, union building and care, and about 161 orders in half a year of
 * which about 92% were closed (the seed report's figures). Kinds a higher level signs off are
 * not on a menu (menu.service.ts), so bargaining and legal orders are not reproduced here.
 */
const ITEMS: readonly { title: string; description: string; kind: CaseKind; quantity: number | null; orders: number }[] = [
  { title: '职工子女自行车', description: '为一线职工的小学子女赠送自行车一辆，暑假前送到家', kind: CaseKind.MICRO_WISH, quantity: 40, orders: 31 },
  { title: '食堂地方菜窗口', description: '在园区职工食堂开设地方菜窗口，职工点菜，工会与食堂协调', kind: CaseKind.OTHER, quantity: null, orders: 14 },
  { title: '微梦成真·学习用品', description: '为职工子女提供书包、台灯等学习用品，每户一套', kind: CaseKind.EDUCATION_AID, quantity: 30, orders: 15 },
  { title: '微梦成真·暑期托管', description: '暑期爱心托管班名额，工会承担托管费用', kind: CaseKind.EDUCATION_AID, quantity: 12, orders: 12 },
  { title: '建会入会上门指导', description: '部室上门指导企业建会、职工入会和会员卡办理', kind: CaseKind.GRASSROOTS_BUILDING, quantity: null, orders: 39 },
  { title: '户外劳动者爱心驿站', description: '在企业或门店设立爱心驿站，提供饮水、充电、歇脚', kind: CaseKind.CARE_POST, quantity: null, orders: 8 },
  { title: '职工技能培训报名', description: '电工、育婴师等技能培训，县总工会补贴培训费用', kind: CaseKind.OTHER, quantity: null, orders: 42 },
];

/** The most recent orders, one per state the board shows before 销账; every older one is closed. */
const OPEN_FATES: readonly CaseState[] = [
  CaseState.REGISTERED, CaseState.REGISTERED, CaseState.REGISTERED, CaseState.ACCEPTED, CaseState.ACCEPTED, CaseState.ACCEPTED,
  CaseState.IN_PROGRESS, CaseState.IN_PROGRESS, CaseState.RESOLVED, CaseState.RESOLVED, CaseState.SIGNED_OFF, CaseState.SIGNED_OFF, CaseState.DECLINED,
];
const STEPS: readonly CaseState[] = [CaseState.REGISTERED, CaseState.ACCEPTED, CaseState.IN_PROGRESS, CaseState.RESOLVED, CaseState.SIGNED_OFF, CaseState.CLOSED];

export interface MenuSeedInput {
  orgs: readonly SeedOrg[];
  members: readonly SeedMember[];
  now: Date;
  seed?: number;
}

export interface MenuSeedResult {
  menus: number;
  items: number;
  orders: number;
}

/**
 * Seeds the service menu of the county (the first DISTRICT-level org of kind COUNTY, else the
 * first district) with its items and orders, each order raised and walked through the same
 * registerCase() and applyChange() as the API, so ledgers, visibility and figures agree. Orders
 * are taken by the county's 部室 (its staff with a department) and signed off by the county.
 * Does nothing when a menu exists, or where the tree has no district or no member under it.
 */
export async function seedServiceMenu(db: DataSource, input: MenuSeedInput): Promise<MenuSeedResult> {
  const none = { menus: 0, items: 0, orders: 0 };
  if (await db.getRepository(ServiceMenuRow).count()) return none;
  const districts = input.orgs.filter((o) => o.level === 'DISTRICT').sort((a, b) => (a.path < b.path ? -1 : 1));
  const county = districts.find((o) => o.kind === 'COUNTY') ?? districts[0];
  if (!county) return none;
  const pathOf = new Map(input.orgs.map((o) => [o.id, o.path]));
  const workers = input.members.filter((m) => pathOf.get(m.orgId)?.startsWith(county.path));
  if (!workers.length) return none;
  const rng = new Random(input.seed ?? 1, 'service-menu');
  const takers = (county.handlers ?? []).filter((h) => h.departmentId);
  const signer: Actor = { sub: `lj:${county.code.toLowerCase()}`, role: 'staff', orgId: county.id };
  const org: OrgInfo = { id: county.id, parentId: null, path: county.path, code: county.code, level: 'DISTRICT', name: county.code };

  const now = input.now;
  const startsOn = addDays(chinaDate(now), -180);
  const menu = Object.assign(new ServiceMenuRow(), {
    id: newId(now.getTime() - 181 * DAY, rng.bytes(10)), orgId: county.id, orgPath: county.path, title: `${chinaDate(now).slice(0, 4)}年职工服务菜单`,
    startsOn, endsOn: addDays(chinaDate(now), 30), state: MenuState.PUBLISHED, publishedAt: new Date(now.getTime() - 180 * DAY), updatedBy: signer.sub,
    updatedAt: new Date(now.getTime() - 180 * DAY), version: 2,
  });
  const items = ITEMS.map((x, i) => Object.assign(new MenuItemRow(), {
    id: newId(now.getTime() - 181 * DAY + i, rng.bytes(10)), menuId: menu.id, orgId: county.id, orgPath: county.path, position: i + 1,
    title: x.title, description: x.description, kind: x.kind, quantity: x.quantity, ordered: 0, version: 1,
  }));

  // Who orders what, when: one order per member and item, spread over the half year, oldest first.
  const planned: { item: MenuItemRow; member: SeedMember; at: Date }[] = [];
  for (const [i, x] of ITEMS.entries()) {
    const chosen = rng.shuffled(workers).slice(0, x.orders);
    for (const member of chosen) planned.push({ item: items[i], member, at: new Date(now.getTime() - rng.int(14, 175) * DAY - rng.int(0, 10) * HOUR) });
  }
  planned.sort((a, b) => a.at.getTime() - b.at.getTime());
  // The last few land in the past fortnight and stop short of 销账, one state each.
  const recent = planned.slice(-OPEN_FATES.length);
  recent.forEach((p, i) => (p.at = new Date(now.getTime() - (OPEN_FATES.length - i) * DAY)));

  await db.transaction(async (em) => {
    await em.insert(ServiceMenuRow, menu);
    await em.insert(MenuItemRow, items);
  });
  for (let from = 0; from < planned.length; from += 20) {
    await db.transaction(async (em) => {
      for (const [j, p] of planned.slice(from, from + 20).entries()) {
        const k = from + j - (planned.length - OPEN_FATES.length);
        await placeOrder(em, { org, menu, ...p, memberPath: pathOf.get(p.member.orgId)!, fate: k >= 0 ? OPEN_FATES[k] : CaseState.CLOSED, taker: takers.length ? rng.pick(takers) : null, signer, rng });
      }
    });
  }
  for (const item of items) {
    item.ordered = planned.filter((p) => p.item === item).length;
    await db.getRepository(MenuItemRow).update({ id: item.id }, { ordered: item.ordered });
  }
  return { menus: 1, items: items.length, orders: planned.length };
}

interface Placing {
  org: OrgInfo;
  menu: ServiceMenuRow;
  item: MenuItemRow;
  member: SeedMember;
  /** The member's own org path: the order is filed where the worker is. */
  memberPath: string;
  at: Date;
  fate: CaseState;
  taker: { staffId: string; departmentId: string | null; display: string } | null;
  signer: Actor;
  rng: Random;
}

/** 点单 and what followed, step by step up to the order's fate, a few hours to days apart. */
async function placeOrder(em: EntityManager, p: Placing): Promise<void> {
  const orderer: Actor = { sub: `member-${p.member.id}`, role: 'member', orgId: p.member.orgId };
  let c: CaseRow = await registerCase(em, {
    org: p.org, kind: p.item.kind, channel: CaseChannel.WECHAT, urgency: Urgency.NORMAL, description: `点单：${p.item.title}`, memberId: p.member.id,
    actor: orderer, onBehalf: false, source: { kind: OutreachKind.MENU_ITEM, id: p.item.id },
  }, p.at);
  await em.insert(MenuOrderRow, Object.assign(new MenuOrderRow(), {
    id: newId(p.at.getTime(), p.rng.bytes(10)), menuId: p.menu.id, itemId: p.item.id, caseId: c.id, memberId: p.member.id,
    orgPath: p.memberPath, orderedAt: p.at, orderedOn: chinaDate(p.at),
  }));
  const recent = p.fate !== CaseState.CLOSED;
  let t = p.at.getTime();
  const next = () => new Date((t += recent ? p.rng.int(2, 4) * HOUR : p.rng.int(1, 2) * DAY));
  if (p.fate === CaseState.DECLINED) {
    c = await applyChange(em, c, { action: CaseAction.DECLINE, to: CaseState.DECLINED, patch: { declineReason: DeclineReason.DUPLICATE, closedAt: next() }, note: '与本人上月点单重复', detail: { reason: DeclineReason.DUPLICATE } }, p.signer, new Date(t));
    return;
  }
  if (!p.taker) return;
  const taker: Actor = { sub: p.signer.sub, role: 'staff', orgId: p.org.id };
  for (const step of STEPS.slice(1, STEPS.indexOf(p.fate) + 1)) {
    const at = next();
    c = await applyChange(em, c, stepChange(c, step, at, p.taker), step === CaseState.CLOSED ? orderer : step === CaseState.SIGNED_OFF ? p.signer : taker, at);
  }
}

function stepChange(c: CaseRow, step: CaseState, at: Date, taker: { staffId: string; departmentId: string | null; display: string }): Change {
  switch (step) {
    case CaseState.ACCEPTED:
      return {
        action: CaseAction.ACCEPT, to: CaseState.ACCEPTED,
        patch: { responsible: taker.display.slice(0, 100), responsibleStaffId: taker.staffId, responsibleDepartmentId: taker.departmentId, acceptDueAt: null, transferredFromOrgId: null },
        detail: { responsible: taker.display, staffId: taker.staffId, ...(taker.departmentId ? { departmentId: taker.departmentId } : {}) },
      };
    case CaseState.IN_PROGRESS:
      return { action: CaseAction.PROGRESS, to: CaseState.IN_PROGRESS, note: '已与职工联系，正在落实' };
    case CaseState.RESOLVED:
      return resolution_(c, at, '已按菜单落实到位');
    case CaseState.SIGNED_OFF:
      return { action: CaseAction.SIGN_OFF, to: CaseState.SIGNED_OFF, patch: { signedOffAt: at } };
    default:
      return { action: CaseAction.RATE, to: CaseState.CLOSED, patch: { rating: Rating.SATISFIED, ratingComment: null, closedAt: at, closeReason: CloseReason.RATED }, detail: { rating: Rating.SATISFIED } };
  }
}
