import { testDatabases } from '@lianxin/jest-config/databases';
import type { DataSource } from 'typeorm';
import { newId, type Caller } from '@lianxin/auth';
import { ErrorCode } from '@lianxin/subgraph';
import { callerStub, contextFor, failure, FakeStaffDirectory, orgTree, silentLog, unionOutOfScope, unseen } from '@lianxin/test-kit';
import { openCasesDatabase } from '../../app';
import { CaseRow } from '../../casefile/case.entity';
import { CaseChannel, CaseKind, CaseState, DeclineReason, OutreachKind, Rating } from '../../casefile/case.enums';
import * as cases from '../../case/case.service';
import { CaseEventRow } from '../../ledger/ledger.entity';
import { verifyLedger } from '../../ledger/ledger.service';
import { MenuItemRow, MenuOrderRow, MenuState, ServiceMenuRow } from '../menu.entity';
import * as sut from '../menu.service';
import { applyOrgChange } from '../../orgchange/orgchange.service';
import { OrgChangeAction } from '@lianxin/members-client';
import { MenuItemInput, ServiceMenuInput } from '../menu.types';

const engines = testDatabases('menu', (o) => openCasesDatabase({ ...o, log: silentLog }));

/** The China day `n` days from now, counted by hand (no helper under test). */
const day = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);

describe.each(engines)('service menus (菜单式服务) on $name', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  const { city, d1, d2, s1, e1, e2, e3, directory } = orgTree();
  const { admin, staff, partner } = callerStub;
  const handlers = FakeStaffDirectory.atEach([city, d1, d2, s1, e1, e2, e3]);
  const ctxOf = contextFor({ db: () => db, orgs: directory, staff: handlers });
  const memberAt = (org: typeof e1) => {
    const id = newId();
    directory.place(id, org);
    return callerStub.member({ id, orgId: org.id, orgPath: org.path });
  };
  const m1 = memberAt(e1);
  const m2 = memberAt(e2);
  const m3 = memberAt(e3);

  const period = (over: Partial<ServiceMenuInput> = {}) => Object.assign(new ServiceMenuInput(), { title: '2026年职工服务菜单', startsOn: day(-10), endsOn: day(60), ...over });
  const item = (over: Partial<MenuItemInput> = {}) =>
    Object.assign(new MenuItemInput(), { title: '职工子女自行车', description: '为职工子女赠送自行车一辆，暑期前发放', kind: CaseKind.MICRO_WISH, quantity: null, ...over });

  /** Everything a menu write may touch, to prove a refused one touched none of it. */
  const written = async () => ({
    menus: await db.getRepository(ServiceMenuRow).find({ order: { id: 'ASC' } }),
    items: await db.getRepository(MenuItemRow).find({ order: { id: 'ASC' } }),
    orders: await db.getRepository(MenuOrderRow).find({ order: { id: 'ASC' } }),
    cases: await db.getRepository(CaseRow).find({ order: { id: 'ASC' } }),
    events: await db.getRepository(CaseEventRow).count(),
  });

  /** A published menu of d1 with a bicycle (limited) and a canteen window. */
  const publishedMenu = async (quantity: number | null = 5) => {
    const owner = ctxOf(staff(d1));
    const menu = await sut.createServiceMenu(owner, d1.id, period());
    const bike = await sut.addMenuItem(owner, menu.id, item({ quantity }));
    const dish = await sut.addMenuItem(owner, menu.id, item({ title: '食堂地方菜窗口', description: '在县总食堂开设地方菜窗口', kind: CaseKind.OTHER }));
    const open = await sut.publishServiceMenu(owner, menu.id, menu.version);
    return { menu: open, bike, dish };
  };

  beforeAll(async () => {
    ({ db, close } = await engine.open());
  });
  afterAll(async () => {
    await close?.();
  });

  describe('the menu', () => {
    it('is put together by its union\'s staff as a draft, seen only at its union and above until published', async () => {
      const owner = ctxOf(staff(d1));
      const menu = await sut.createServiceMenu(owner, d1.id, period());
      expect(menu).toMatchObject({ orgId: d1.id, orgPath: d1.path, state: MenuState.DRAFT, publishedAt: null, version: 1 });
      const bike = await sut.addMenuItem(owner, menu.id, item({ quantity: 20 }));
      const dish = await sut.addMenuItem(owner, menu.id, item({ title: '食堂地方菜窗口', kind: CaseKind.OTHER }));
      expect([bike.position, dish.position]).toEqual([1, 2]);
      const seen = async (c: Caller) => (await sut.listServiceMenus(ctxOf(c), { first: 50 })).edges.map((e) => e.node.id).filter((id) => id === menu.id);
      for (const c of [staff(d1), staff(city), admin]) expect(await seen(c)).toEqual([menu.id]);
      for (const c of [staff(s1), staff(e1), staff(d2), m1, m3, partner]) expect(await seen(c)).toEqual([]);

      const open = await sut.publishServiceMenu(owner, menu.id, 1);
      expect(open).toMatchObject({ state: MenuState.PUBLISHED, version: 2 });
      // Published: the subtree below sees it, members included; the district beside it still does not.
      for (const c of [staff(d1), staff(city), admin, staff(s1), staff(e1), m1, m2]) expect(await seen(c)).toEqual([menu.id]);
      for (const c of [staff(d2), m3, partner]) expect(await seen(c)).toEqual([]);
    });

    it('refuses writes by anyone but its union\'s own staff, and bad menus, writing nothing', async () => {
      const owner = ctxOf(staff(d1));
      const draft = await sut.createServiceMenu(owner, d1.id, period({ title: '空菜单' }));
      const { menu, bike } = await publishedMenu();
      const before = await written();
      const bad = (field: string, message: string) => ({ message: `${field}: ${message}`, extensions: { code: ErrorCode.BAD_USER_INPUT, field } });
      const kept = { message: `The service menus of ${d1.name} are kept by its own union's staff; ask them to change it.`, extensions: { code: ErrorCode.FORBIDDEN, field: 'orgId' } };
      const staffOnly = { message: 'A service menu is union staff\'s work; ask your union.', extensions: { code: ErrorCode.FORBIDDEN } };
      const refusals: [Promise<unknown>, unknown][] = [
        [sut.createServiceMenu(ctxOf(staff(city)), d1.id, period()), kept],
        [sut.createServiceMenu(ctxOf(staff(d2)), d1.id, period()), unionOutOfScope('orgId', d1.id)],
        [sut.createServiceMenu(ctxOf(m1), d1.id, period()), staffOnly],
        [sut.createServiceMenu(ctxOf(partner), d1.id, period()), staffOnly],
        [sut.createServiceMenu(owner, d1.id, period({ endsOn: day(-20) })), bad('endsOn', `${day(-20)} is before startsOn (${day(-10)}); the menu must end on or after the day it starts`)],
        [sut.createServiceMenu(owner, d1.id, period({ title: ' ' })), bad('title', 'must not be blank')],
        [sut.addMenuItem(ctxOf(staff(city)), menu.id, item()), { ...kept, extensions: { ...kept.extensions, field: 'menuId' } }],
        [sut.addMenuItem(ctxOf(staff(s1)), menu.id, item()), { ...kept, extensions: { ...kept.extensions, field: 'menuId' } }],
        [sut.addMenuItem(ctxOf(staff(d2)), menu.id, item()), unseen('service menu', menu.id)],
        [sut.addMenuItem(owner, menu.id, item({ kind: CaseKind.LEGAL_AID })), bad('kind', 'LEGAL_AID needs a higher level to sign off, so the menu\'s own union could not sign its orders off (县总签单); workers raise such requests as cases')],
        [sut.addMenuItem(owner, menu.id, item({ quantity: 0 })), bad('quantity', 'is how many orders are taken: a whole number from 1 to 100000, or left out for no limit')],
        [sut.updateMenuItem(ctxOf(staff(d2)), bike.id, bike.version, item()), unseen('menu item', bike.id)],
        [sut.updateServiceMenu(owner, menu.id, 1, period()), { message: `The service menu ${menu.title} changed since you read it. Reload it and try again.`, extensions: { code: ErrorCode.CONFLICT } }],
        [sut.publishServiceMenu(owner, menu.id, menu.version), { message: `${menu.title} is already published.`, extensions: { code: ErrorCode.INVALID_STATE, state: MenuState.PUBLISHED } }],
        [sut.publishServiceMenu(owner, draft.id, draft.version), { message: '空菜单 has no items yet; add what it offers (addMenuItem) before publishing it.', extensions: { code: ErrorCode.INVALID_STATE, state: MenuState.DRAFT } }],
      ];
      for (const [attempt, refusal] of refusals) expect(await failure(attempt)).toEqual(refusal);
      expect(await written()).toEqual(before);
    });
  });

  describe('点单, 部室接单, 县总签单', () => {
    it('turns an order into a case at the menu\'s union linked to the item, taken by a 部室 and signed off by the union', async () => {
      const { bike } = await publishedMenu();
      const { order, case: raised } = await sut.orderMenuItem(ctxOf(m1), bike.id, '孩子十岁');
      expect(order).toMatchObject({ itemId: bike.id, memberId: m1.memberId, orgPath: e1.path, caseId: raised.id, orderedOn: day(0) });
      const row = await db.getRepository(CaseRow).findOneByOrFail({ id: raised.id });
      expect([row.channel, row.sourceKind, row.sourceId, row.raisedOrgId, row.handlingOrgId, row.state, row.memberId, row.kind, row.description]).toEqual([
        CaseChannel.WECHAT, OutreachKind.MENU_ITEM, bike.id, d1.id, d1.id, CaseState.REGISTERED, m1.memberId, CaseKind.MICRO_WISH, '点单：职工子女自行车。孩子十岁',
      ]);
      expect(await db.getRepository(MenuItemRow).findOneByOrFail({ id: bike.id })).toMatchObject({ ordered: 1 });

      const h = ctxOf(staff(d1));
      const own = handlers.handlerOf(d1);
      const before = await written();
      // A person alone, or a 部室 of another union, does not take a menu order.
      expect(await failure(cases.acceptCase(h, row.id, row.version, { staffId: own.staffId }))).toEqual({
        message: 'departmentId: a service menu order is taken by a 部室 (部室接单); name the department of the union handling it (Org.departments)', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'departmentId' },
      });
      expect(await failure(cases.acceptCase(h, row.id, row.version, { staffId: own.staffId, departmentId: handlers.handlerOf(d2).departmentId }))).toEqual({
        message: 'departmentId: is not an active department (部室) of the union handling this case; pick one from Org.departments', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'departmentId' },
      });
      expect(await written()).toEqual(before);

      const taken = await cases.acceptCase(h, row.id, row.version, own);
      expect([taken.state, taken.responsibleDepartmentId]).toEqual([CaseState.ACCEPTED, own.departmentId]);
      const done = await cases.resolveCase(h, taken.id, taken.version, '自行车已送到职工家中');
      const signed = await cases.signOffCase(h, done.id, done.version);
      expect(signed.state).toBe(CaseState.SIGNED_OFF);
      const closed = await cases.rateCase(ctxOf(m1), signed.id, signed.version, Rating.SATISFIED);
      expect(closed.state).toBe(CaseState.CLOSED);
      const raise = await db.getRepository(CaseEventRow).findOneByOrFail({ caseId: row.id, seq: 1 });
      expect(JSON.parse(raise.detail!)).toEqual({ channel: 'WECHAT', kind: 'MICRO_WISH', urgency: 'NORMAL', sourceKind: 'MENU_ITEM', sourceId: bike.id });
      expect((await verifyLedger(db, { caseIds: [row.id] })).ok).toBe(true);
    });

    it('needs the 部室 only at the menu\'s own union: a street it is sent on to (转办) takes it by a person', async () => {
      const { dish } = await publishedMenu();
      const { case: raised } = await sut.orderMenuItem(ctxOf(memberAt(e1)), dish.id, null);
      const sent = await cases.transferCase(ctxOf(staff(d1)), raised.id, raised.version, s1.id, '由街道食堂落实');
      const taken = await cases.acceptCase(ctxOf(staff(s1)), sent.id, sent.version, { staffId: handlers.handlerOf(s1).staffId });
      expect([taken.state, taken.handlingOrgId, taken.responsibleDepartmentId]).toEqual([CaseState.ACCEPTED, s1.id, null]);
    });

    it('refuses a second order, an order from outside the subtree or the period, and staff, writing nothing', async () => {
      const { bike } = await publishedMenu();
      await sut.orderMenuItem(ctxOf(m2), bike.id, null);
      const owner = ctxOf(staff(d1));
      const later = await sut.createServiceMenu(owner, d1.id, period({ title: '明年菜单', startsOn: day(30), endsOn: day(90) }));
      const soon = await sut.addMenuItem(owner, later.id, item());
      await sut.publishServiceMenu(owner, later.id, later.version);
      const before = await written();
      const refusals: [Promise<unknown>, unknown][] = [
        [sut.orderMenuItem(ctxOf(m2), bike.id, null), { message: 'You have already ordered 职工子女自行车; follow it under your requests (我的诉求).', extensions: { code: ErrorCode.DUPLICATE, field: 'itemId' } }],
        [sut.orderMenuItem(ctxOf(m3), bike.id, null), unseen('menu item', bike.id)],
        [sut.orderMenuItem(ctxOf(m1), soon.id, null), { message: `明年菜单 takes orders from ${day(30)} to ${day(90)}; today is ${day(0)}.`, extensions: { code: ErrorCode.INVALID_STATE, field: 'itemId' } }],
        [sut.orderMenuItem(ctxOf(staff(d1)), bike.id, null), { message: 'Members order from a service menu themselves; staff take the orders (接单).', extensions: { code: ErrorCode.FORBIDDEN } }],
        [sut.orderMenuItem(ctxOf(partner), bike.id, null), { message: 'Members order from a service menu themselves; staff take the orders (接单).', extensions: { code: ErrorCode.FORBIDDEN } }],
      ];
      for (const [attempt, refusal] of refusals) expect(await failure(attempt)).toEqual(refusal);
      expect(await written()).toEqual(before);
    });

    it('never takes more orders of a limited item than its quantity, however many arrive at once', async () => {
      const { bike } = await publishedMenu(3);
      const crowd = Array.from({ length: 8 }, () => memberAt(e1));
      const results = await Promise.allSettled(crowd.map((m) => sut.orderMenuItem(ctxOf(m), bike.id, null)));
      const codes = await Promise.all(results.map(async (r) => (r.status === 'fulfilled' ? 'ORDERED' : (await failure(Promise.reject(r.reason))).extensions.code)));
      expect(codes.filter((c) => c === 'ORDERED')).toHaveLength(3);
      expect(codes.filter((c) => c !== 'ORDERED')).toEqual(Array(5).fill('QUOTA_EXHAUSTED'));
      expect(await db.getRepository(MenuOrderRow).countBy({ itemId: bike.id })).toBe(3);
      expect(await db.getRepository(CaseRow).countBy({ sourceId: bike.id })).toBe(3);
      expect(await db.getRepository(MenuItemRow).findOneByOrFail({ id: bike.id })).toMatchObject({ ordered: 3, quantity: 3 });
      // The quantity cannot drop below what is taken.
      expect(await failure(sut.updateMenuItem(ctxOf(staff(d1)), bike.id, bike.version, item({ quantity: 2 })))).toEqual({
        message: 'quantity: 3 orders are already taken; the quantity cannot go below that', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'quantity' },
      });
    });
  });

  describe('figures', () => {
    it('count a subtree\'s orders per item and per 部室 by their case\'s state, as the rows say', async () => {
      const { menu, bike, dish } = await publishedMenu(null);
      const h = ctxOf(staff(d1));
      const own = handlers.handlerOf(d1);
      const orderers = [m1, m2, memberAt(e1), memberAt(e2), memberAt(s1)];
      const placed = [];
      for (const [i, m] of orderers.entries()) placed.push((await sut.orderMenuItem(ctxOf(m), i % 2 ? dish.id : bike.id, null)).case);
      // One taken and signed off, one taken and resolved, one declined, two waiting.
      const a = await cases.acceptCase(h, placed[0].id, placed[0].version, own);
      const r = await cases.resolveCase(h, a.id, a.version, '已发放');
      await cases.signOffCase(h, r.id, r.version);
      const b = await cases.acceptCase(h, placed[1].id, placed[1].version, own);
      await cases.resolveCase(h, b.id, b.version, '窗口已开设');
      await cases.declineCase(h, placed[2].id, placed[2].version, DeclineReason.DUPLICATE, '重复点单');

      const fig = await sut.menuFigures(ctxOf(staff(s1)), { from: day(-1), to: day(1), menuId: menu.id });
      // Straight from the rows: the orders of workers under s1 of this menu, and their cases now.
      const orders = (await db.getRepository(MenuOrderRow).findBy({ menuId: menu.id })).filter((o) => o.orgPath.startsWith(s1.path));
      const caseOf = new Map((await db.getRepository(CaseRow).find()).map((c) => [c.id, c]));
      const count = (f: (c: CaseRow) => boolean, itemId?: string) => orders.filter((o) => (!itemId || o.itemId === itemId) && f(caseOf.get(o.caseId)!)).length;
      const signedOff = (c: CaseRow) => [CaseState.SIGNED_OFF, CaseState.CLOSED].includes(c.state);
      const taken = (c: CaseRow) => c.responsibleDepartmentId !== null;
      const declined = (c: CaseRow) => c.state === CaseState.DECLINED;
      const perItem = (id: string) => ({ itemId: id, ordered: count(() => true, id), accepted: count(taken, id), signedOff: count(signedOff, id), declined: count(declined, id) });
      expect(fig).toEqual({
        orgId: s1.id, from: day(-1), to: day(1),
        ordered: orders.length, accepted: count(taken), signedOff: count(signedOff), declined: count(declined),
        signedOffRate: count(signedOff) / (orders.length - count(declined)),
        byItem: [bike.id, dish.id].sort().map(perItem),
        byDepartment: [{ departmentId: own.departmentId, department: { id: own.departmentId }, accepted: count(taken), resolved: count((c) => taken(c) && [CaseState.RESOLVED, CaseState.SIGNED_OFF, CaseState.CLOSED].includes(c.state)), signedOff: count((c) => taken(c) && signedOff(c)) }],
      });
      expect(fig).toMatchObject({ ordered: 5, accepted: 2, signedOff: 1, declined: 1 });
      // Outside the scope: nothing; a period without orders: zeros.
      expect(await sut.menuFigures(ctxOf(staff(d2)), { orgId: s1.id, from: day(-1), to: day(1) })).toBeNull();
      expect(await sut.menuFigures(ctxOf(staff(s1)), { from: day(-30), to: day(-20), menuId: menu.id })).toMatchObject({ ordered: 0, byItem: [], signedOffRate: null });
    });

    it('follow a street that moves to another district: its workers\' orders go with it, the menu stays', async () => {
      const { menu, bike } = await publishedMenu(null);
      const worker = memberAt(e2);
      const { order } = await sut.orderMenuItem(ctxOf(worker), bike.id, null);
      const toPath = `${d2.path}${s1.id}/`;
      await applyOrgChange(db, {
        eventId: newId(), action: OrgChangeAction.MOVE, orgId: s1.id, fromPath: s1.path, toPath, survivorId: null, survivorPath: null,
        at: new Date(), actorSub: 'staff-city', actorRole: 'staff', actorOrgId: city.id,
      });
      expect((await db.getRepository(MenuOrderRow).findOneByOrFail({ id: order.id })).orgPath).toBe(`${toPath}${e2.id}/`);
      expect((await db.getRepository(ServiceMenuRow).findOneByOrFail({ id: menu.id })).orgPath).toBe(d1.path);
    });
  });
});
