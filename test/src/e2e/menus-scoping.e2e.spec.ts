import { CaseRow, MenuItemRow, MenuOrderRow, ServiceMenuRow } from '@lianxin/cases';
import { matrixRuns } from '../harness/fixtures';
import { startTestGraph, type TestGraph } from '../harness/graph';
import { CALLERS, errorOf, fromService, memberTokenFor, refusedByRole, tokenFor, unseenThrough, type CallerKey, type OrgKey } from './callers';
import { Oracle } from './oracle';

/**
 * The scoping matrix of service menus (菜单式服务, cases subgraph) and the 部室 that take their
 * orders (members' Department, named through the graph): every caller against every menu query
 * and mutation. A menu is kept by its own union's staff; a draft is seen at that union and above,
 * a published menu also by the staff and members below it, who order from it; orders are seen
 * where the worker is and above; figures are staff's; partners see nothing.
 */

const STAFF = 'union staff and admins';
type MenuKey = 'openD1' | 'draftD1' | 'openD2';
const MENU_AT: Record<MenuKey, OrgKey> = { openD1: 'd1', draftD1: 'd1', openD2: 'd2' };
/** The China day `n` days from now. */
const day = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);

describe.each(matrixRuns())('service menus scoping matrix on $name', ({ engine, graph }) => {
  let g: TestGraph;
  let model: Oracle;
  const tokens = {} as Record<CallerKey, string | undefined>;
  const menus = {} as Record<MenuKey, { id: string; itemIds: string[] }>;
  let caseId: string;
  let org: (k: OrgKey) => string;

  const CREATE = 'mutation($o: ID!, $i: ServiceMenuInput!) { createServiceMenu(orgId: $o, input: $i) { id state version } }';
  const ADD = 'mutation($m: ID!, $i: MenuItemInput!) { addMenuItem(menuId: $m, input: $i) { id position } }';
  const PUBLISH = 'mutation($id: ID!) { publishServiceMenu(id: $id) { id state } }';
  const period = (title = '职工服务菜单') => ({ title, startsOn: day(-5), endsOn: day(60) });
  const item = (title = '职工子女自行车', quantity: number | null = null) => ({ title, description: '为职工子女赠送自行车一辆', kind: 'MICRO_WISH', quantity });

  const isStaff = (c: CallerKey) => c === 'admin' || ['city', 'd1', 'd2', 's1', 'e1'].includes(c);
  /** The union's own staff, and admins, keep its menus. */
  const keeps = (c: CallerKey, at: OrgKey) => c === 'admin' || (isStaff(c) && model.home(c) === at);
  const seesMenu = (c: CallerKey, k: MenuKey) => (k === 'draftD1' ? isStaff(c) && model.atOrAbove(c, MENU_AT[k]) : model.seesInherited(c, MENU_AT[k]));
  const menuKeyOf = (id: string) => (Object.entries(menus).find(([, m]) => m.id === id)?.[0] ?? 'other') as MenuKey | 'other';
  const kept = (c: CallerKey, field: string, at: OrgKey, arg: string) => ({
    message: `The service menus of ${g.fixture.orgs[at].name} are kept by its own union's staff; ask them to change it.`, path: [field], extensions: { code: 'FORBIDDEN', field: arg, ...fromService(c, 'cases') },
  });
  /** A write to a menu of d1 by someone who does not keep it: unseen, kept by d1, or not staff work at all. */
  const menuRefusal = (c: CallerKey, field: string, k: MenuKey, arg: string, what = 'service menu', id = menus[k].id) => {
    if (!isStaff(c)) return refusedByRole(c, 'cases', field, STAFF);
    return seesMenu(c, k) ? kept(c, field, MENU_AT[k], arg) : unseenThrough(c, 'cases', field, what, id);
  };
  const rows = async () => ({
    menus: await g.casesDb.getRepository(ServiceMenuRow).find({ order: { id: 'ASC' } }),
    items: await g.casesDb.getRepository(MenuItemRow).find({ order: { id: 'ASC' } }),
    orders: await g.casesDb.getRepository(MenuOrderRow).find({ order: { id: 'ASC' } }),
    cases: await g.casesDb.getRepository(CaseRow).count(),
  });

  beforeAll(async () => {
    g = await startTestGraph(engine, graph);
    model = new Oracle(g.fixture);
    for (const c of CALLERS) tokens[c] = await tokenFor(c, g.fixture);
    org = (k) => g.fixture.orgs[k].id;
    const make = async (token: string, at: OrgKey, publish: boolean) => {
      const res = await g.gql<{ createServiceMenu: { id: string } }>(token, CREATE, { o: org(at), i: period() });
      if (!res.data?.createServiceMenu) throw new Error(`createServiceMenu: ${res.errors?.[0]?.message}`);
      const id = res.data.createServiceMenu.id;
      const itemIds: string[] = [];
      for (const title of ['职工子女自行车', '食堂地方菜窗口']) {
        const added = await g.gql<{ addMenuItem: { id: string } }>(token, ADD, { m: id, i: item(title) });
        if (!added.data?.addMenuItem) throw new Error(`addMenuItem: ${added.errors?.[0]?.message}`);
        itemIds.push(added.data.addMenuItem.id);
      }
      if (publish) await g.gql(token, PUBLISH, { id });
      return { id, itemIds };
    };
    menus.openD1 = await make(tokens.d1!, 'd1', true);
    menus.draftD1 = await make(tokens.d1!, 'd1', false);
    menus.openD2 = await make(tokens.d2!, 'd2', true);
    // m1 (at e1, under d1) orders the bicycle; d1's office takes it (部室接单).
    const ordered = await g.gql<{ orderMenuItem: { caseId: string } }>(tokens.member, 'mutation($i: ID!) { orderMenuItem(itemId: $i, note: "孩子十岁") { caseId } }', { i: menus.openD1.itemIds[0] });
    if (!ordered.data?.orderMenuItem) throw new Error(`orderMenuItem: ${ordered.errors?.[0]?.message}`);
    caseId = ordered.data.orderMenuItem.caseId;
    const h = g.fixture.handlers.d1;
    const accepted = await g.gql(tokens.d1, 'mutation($id: ID!, $s: ID!, $d: ID) { acceptCase(id: $id, staffId: $s, departmentId: $d) { id } }', { id: caseId, s: h.staffId, d: h.departmentId });
    if (accepted.errors) throw new Error(`acceptCase: ${accepted.errors[0].message}`);
  });
  afterAll(() => g?.stop());

  test.each(CALLERS)('serviceMenus and serviceMenu(id): %s sees exactly the menus it may', async (caller) => {
    const list = await g.gql<{ serviceMenus: { edges: { node: { id: string; items: { title: string }[] } }[] } }>(tokens[caller], '{ serviceMenus(first: 100) { edges { node { id state items { title } } } } }');
    const expected = (Object.keys(MENU_AT) as MenuKey[]).filter((k) => seesMenu(caller, k)).sort();
    const isFor = 'union staff, admins and members';
    if (caller === 'partner' || caller === 'anonymous') {
      expect(errorOf(list)).toEqual(refusedByRole(caller, 'cases', 'serviceMenus', isFor));
    } else {
      expect(list.errors).toBeUndefined();
      expect(list.data!.serviceMenus.edges.map((e) => menuKeyOf(e.node.id)).filter((k) => k !== 'other').sort()).toEqual(expected);
      for (const e of list.data!.serviceMenus.edges) expect(e.node.items.map((i) => i.title)).toEqual(['职工子女自行车', '食堂地方菜窗口']);
    }
    const seen: MenuKey[] = [];
    for (const k of Object.keys(MENU_AT) as MenuKey[]) {
      const one = await g.gql<{ serviceMenu: { id: string } | null }>(tokens[caller], 'query($id: ID!) { serviceMenu(id: $id) { id org { id } } }', { id: menus[k].id });
      if (caller === 'partner' || caller === 'anonymous') {
        expect(errorOf(one)).toEqual(refusedByRole(caller, 'cases', 'serviceMenu', isFor));
        continue;
      }
      expect(one.errors).toBeUndefined();
      if (one.data!.serviceMenu) seen.push(k);
    }
    expect(seen.sort()).toEqual(caller === 'partner' || caller === 'anonymous' ? [] : expected);
  });

  test.each(CALLERS)('menuOrders: %s sees the orders of the workers it sees, and their cases where it sees them', async (caller) => {
    const res = await g.gql<{ menuOrders: { edges: { node: { caseId: string; item: { id: string } | null; case: { id: string; state: string; menuItem: { id: string } | null } | null } }[] } }>(
      tokens[caller], 'query($m: ID!) { menuOrders(menuId: $m, first: 50) { edges { node { caseId item { id } case { id state menuItem { id } } } } } }', { m: menus.openD1.id });
    if (!isStaff(caller)) {
      expect(errorOf(res)).toEqual(refusedByRole(caller, 'cases', 'menuOrders', STAFF));
      return;
    }
    expect(res.errors).toBeUndefined();
    // Orders live where the worker is (m1 at e1); the case at the menu's union (d1) and above.
    const sees = seesMenu(caller, 'openD1') && model.atOrAbove(caller, 'e1');
    expect(res.data!.menuOrders.edges.map((e) => e.node)).toEqual(
      sees ? [{ caseId, item: { id: menus.openD1.itemIds[0] }, case: model.atOrAbove(caller, 'd1') ? { id: caseId, state: 'ACCEPTED', menuItem: { id: menus.openD1.itemIds[0] } } : null }] : [],
    );
    // The same list, filtered by the 部室 that took the order.
    const byDept = await g.gql<{ menuOrders: { edges: unknown[] } }>(tokens[caller], 'query($m: ID!, $d: ID) { menuOrders(menuId: $m, departmentId: $d, first: 50) { edges { node { id } } } }', { m: menus.openD1.id, d: g.fixture.handlers.d2.departmentId });
    expect(byDept.data!.menuOrders.edges).toEqual([]);
  });

  test.each(CALLERS)('menuFigures: %s gets the figures of the subtrees it sees, the 部室 by name where it sees them', async (caller) => {
    const q = 'query($o: ID, $m: ID, $from: String!, $to: String!) { menuFigures(orgId: $o, menuId: $m, from: $from, to: $to) { orgId ordered accepted signedOff byItem { itemId ordered } byDepartment { departmentId accepted department { id name } } } }';
    for (const at of ['d1', 'e1', 'd2'] as OrgKey[]) {
      const res = await g.gql<{ menuFigures: unknown }>(tokens[caller], q, { o: org(at), m: menus.openD1.id, from: day(-1), to: day(1) });
      if (!isStaff(caller)) {
        expect(errorOf(res)).toEqual(refusedByRole(caller, 'cases', 'menuFigures', STAFF));
        continue;
      }
      expect(res.errors).toBeUndefined();
      const h = g.fixture.handlers.d1;
      const counted = model.under('e1', at) ? 1 : 0;
      const dept = { departmentId: h.departmentId, accepted: 1, department: model.atOrAbove(caller, 'd1') ? { id: h.departmentId, name: '工会办公室' } : null };
      expect([at, res.data!.menuFigures]).toEqual([at, model.seesOrg(caller, at) ? {
        orgId: org(at), ordered: counted, accepted: counted, signedOff: 0,
        byItem: counted ? [{ itemId: menus.openD1.itemIds[0], ordered: 1 }] : [], byDepartment: counted ? [dept] : [],
      } : null]);
    }
  });

  test.each(CALLERS)('createServiceMenu: %s creates a menu of d1 only as its own union or an admin', async (caller) => {
    const before = await rows();
    const res = await g.gql<{ createServiceMenu: { state: string; version: number } | null }>(tokens[caller], CREATE, { o: org('d1'), i: period(`菜单${caller}`) });
    const after = await rows();
    if (keeps(caller, 'd1')) {
      expect(res.errors).toBeUndefined();
      expect(res.data!.createServiceMenu).toEqual({ id: expect.any(String), state: 'DRAFT', version: 1 });
      expect(after.menus.length).toBe(before.menus.length + 1);
      return;
    }
    const refusal = !isStaff(caller) ? refusedByRole(caller, 'cases', 'createServiceMenu', STAFF)
      : model.seesOrg(caller, 'd1') ? kept(caller, 'createServiceMenu', 'd1', 'orgId')
        : { message: `orgId: no union ${org('d1')} exists in your scope. Pick a union at or under your own.`, path: ['createServiceMenu'], extensions: { code: 'NOT_FOUND', field: 'orgId', ...fromService(caller, 'cases') } };
    expect(errorOf(res)).toEqual(refusal);
    expect(after).toEqual(before);
  });

  test.each(CALLERS)('updateServiceMenu, addMenuItem and updateMenuItem: %s changes the menu of d1 only as its own union or an admin', async (caller) => {
    const before = await rows();
    const calls = [
      ['updateServiceMenu', 'id', 'service menu', menus.openD1.id, 'mutation($id: ID!, $i: ServiceMenuInput!) { updateServiceMenu(id: $id, input: $i) { id } }', { id: menus.openD1.id, i: period(`改名${caller}`) }],
      ['addMenuItem', 'menuId', 'service menu', menus.openD1.id, ADD, { m: menus.openD1.id, i: item(`微梦成真${caller}`, 10) }],
      ['updateMenuItem', 'id', 'menu item', menus.openD1.itemIds[1], 'mutation($id: ID!, $i: MenuItemInput!) { updateMenuItem(id: $id, input: $i) { id } }', { id: menus.openD1.itemIds[1], i: item('食堂地方菜窗口') }],
    ] as const;
    for (const [field, arg, what, id, doc, vars] of calls) {
      const res = await g.gql(tokens[caller], doc, vars);
      if (keeps(caller, 'd1')) expect([field, res.errors]).toEqual([field, undefined]);
      else expect(errorOf(res)).toEqual(menuRefusal(caller, field, 'openD1', arg, what, id));
    }
    if (!keeps(caller, 'd1')) expect(await rows()).toEqual(before);
  });

  test.each(CALLERS)('publishServiceMenu: %s publishes a draft of d1 only as its own union or an admin', async (caller) => {
    const draft = await g.gql<{ createServiceMenu: { id: string } }>(tokens.d1, CREATE, { o: org('d1'), i: period(`草稿${caller}`) });
    const id = draft.data!.createServiceMenu.id;
    await g.gql(tokens.d1, ADD, { m: id, i: item() });
    const before = await rows();
    const res = await g.gql<{ publishServiceMenu: { state: string } | null }>(tokens[caller], PUBLISH, { id });
    if (keeps(caller, 'd1')) {
      expect(res.errors).toBeUndefined();
      expect(res.data!.publishServiceMenu).toEqual({ id, state: 'PUBLISHED' });
      return;
    }
    expect(errorOf(res)).toEqual(menuRefusal(caller, 'publishServiceMenu', 'draftD1', 'id', 'service menu', id));
    expect(await rows()).toEqual(before);
  });

  test.each(CALLERS)('orderMenuItem: %s orders from the menu of d1 only as a member under it', async (caller) => {
    const before = await rows();
    const res = await g.gql<{ orderMenuItem: { caseId: string; case: { channel: string; sourceKind: string; sourceId: string } } | null }>(
      tokens[caller], 'mutation($i: ID!) { orderMenuItem(itemId: $i) { caseId case { channel sourceKind sourceId } } }', { i: menus.openD1.itemIds[1] });
    const after = await rows();
    if (caller === 'member') {
      expect(res.errors).toBeUndefined();
      expect(res.data!.orderMenuItem!.case).toEqual({ channel: 'WECHAT', sourceKind: 'MENU_ITEM', sourceId: menus.openD1.itemIds[1] });
      expect([after.orders.length, after.cases]).toEqual([before.orders.length + 1, before.cases + 1]);
      // The same again is a DUPLICATE, and changes nothing.
      const again = await g.gql(tokens[caller], 'mutation($i: ID!) { orderMenuItem(itemId: $i) { caseId } }', { i: menus.openD1.itemIds[1] });
      expect(errorOf(again)).toEqual({ message: 'You have already ordered 食堂地方菜窗口; follow it under your requests (我的诉求).', path: ['orderMenuItem'], extensions: { code: 'DUPLICATE', field: 'itemId' } });
      expect(await rows()).toEqual(after);
      return;
    }
    expect(errorOf(res)).toEqual(refusedByRole(caller, 'cases', 'orderMenuItem', 'members'));
    expect(after).toEqual(before);
  });

  test('a member orders only from menus above them, and a 部室 of another union cannot take the order', async () => {
    const before = await rows();
    const beside = await g.gql(tokens.member, 'mutation($i: ID!) { orderMenuItem(itemId: $i) { caseId } }', { i: menus.openD2.itemIds[0] });
    expect(errorOf(beside)).toEqual(unseenThrough('member', 'cases', 'orderMenuItem', 'menu item', menus.openD2.itemIds[0]));
    const draft = await g.gql(tokens.member, 'mutation($i: ID!) { orderMenuItem(itemId: $i) { caseId } }', { i: menus.draftD1.itemIds[0] });
    expect(errorOf(draft)).toEqual(unseenThrough('member', 'cases', 'orderMenuItem', 'menu item', menus.draftD1.itemIds[0]));
    expect(await rows()).toEqual(before);

    // m2's order, and d1 naming d2's office for it: refused with a stable code, the case unchanged; d1's own office takes it.
    const fresh = await g.gql<{ orderMenuItem: { caseId: string } }>(await memberTokenFor('m2', g.fixture), 'mutation($i: ID!) { orderMenuItem(itemId: $i) { caseId } }', { i: menus.openD1.itemIds[0] });
    const target = fresh.data!.orderMenuItem.caseId;
    const stored = await g.casesDb.getRepository(CaseRow).findOneByOrFail({ id: target });
    const ACCEPT = 'mutation($id: ID!, $s: ID!, $d: ID) { acceptCase(id: $id, staffId: $s, departmentId: $d) { state responsibleDepartmentId } }';
    const other = await g.gql(tokens.d1, ACCEPT, { id: target, s: g.fixture.handlers.d1.staffId, d: g.fixture.handlers.d2.departmentId });
    expect(errorOf(other)).toEqual({
      message: 'departmentId: is not an active department (部室) of the union handling this case; pick one from Org.departments', path: ['acceptCase'],
      extensions: { code: 'BAD_USER_INPUT', field: 'departmentId', serviceName: 'cases' },
    });
    const none = await g.gql(tokens.d1, ACCEPT, { id: target, s: g.fixture.handlers.d1.staffId });
    expect(errorOf(none)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'departmentId' } });
    expect(await g.casesDb.getRepository(CaseRow).findOneByOrFail({ id: target })).toEqual(stored);
    const own = await g.gql(tokens.d1, ACCEPT, { id: target, s: g.fixture.handlers.d1.staffId, d: g.fixture.handlers.d1.departmentId });
    expect(own.data).toEqual({ acceptCase: { state: 'ACCEPTED', responsibleDepartmentId: g.fixture.handlers.d1.departmentId } });
  });
});
