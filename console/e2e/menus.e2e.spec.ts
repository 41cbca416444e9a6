/**
 * 菜单式服务 in a real browser against the real graph: the district's staff put a menu together
 * and publish it; a worker orders from it; on the board the district's 部室 takes the order, settles
 * it and the district signs it off (职工点单、部室接单、县总签单); the figures on screen are the API's;
 * a street below sees the published menu without the editing buttons, a sibling district nothing.
 */
import type { Browser, Page } from 'playwright-core';
import type { TestGraph } from '../../test/src/harness/graph';
import { enginesForSuites } from '../../test/src/harness/engines';
import { tokenFor, type CallerKey } from '../../test/src/e2e/callers';
import { closeGraphAndBrowser, newPage, openGraphAndBrowser, shot, signIn } from './browser';

const OPTION = '.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option';

describe.each(enginesForSuites())('the 服务菜单 page on %s', (engine) => {
  let graph: TestGraph;
  let browser: Browser;
  let base: string;
  beforeAll(async () => ({ graph, browser, base } = await openGraphAndBrowser(engine)));
  afterAll(() => closeGraphAndBrowser(graph, browser));

  const tok = (key: CallerKey) => tokenFor(key, graph.fixture) as Promise<string>;
  async function api<T = Record<string, unknown>>(token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
    const r = await graph.gql<T>(token, query, variables);
    if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
    return r.data as T;
  }
  const openMenus = async (identity: string): Promise<Page> => {
    const { page } = await newPage(browser);
    await signIn(page, base, identity);
    await page.getByRole('menuitem', { name: '服务菜单' }).click();
    await page.waitForURL(`${base}/menus`);
    return page;
  };
  const stateOnBoard = (page: Page, word: string) => page.getByTestId('orders-board').locator('.ant-tag').filter({ hasText: word });

  test('the district publishes a menu, its 部室 takes a worker\'s order and the district signs it off; a street reads it, a sibling district sees nothing', async () => {
    const page = await openMenus('d1');
    await page.getByText('还没有服务菜单').waitFor();
    await page.getByRole('button', { name: '新建菜单' }).click();
    const form = page.locator('.ant-modal').filter({ hasText: '新建服务菜单' });
    await form.waitFor({ state: 'visible' });
    await form.getByLabel('菜单名称').fill('2026年职工服务菜单');
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await page.locator('.ant-message-success').filter({ hasText: '菜单已保存' }).waitFor();
    await page.getByTestId('menu-state').filter({ hasText: '草稿' }).waitFor();

    await page.getByRole('button', { name: '添加服务项目' }).click();
    const item = page.locator('.ant-modal').filter({ hasText: '添加服务项目' });
    await item.waitFor({ state: 'visible' });
    await item.getByLabel('服务项目').fill('职工子女自行车');
    await item.getByLabel('服务内容').fill('为一线职工的小学子女赠送自行车一辆，暑假前送到家');
    await item.getByLabel('数量').fill('2');
    await item.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByTestId('menu-items').getByText('剩 2 / 2').waitFor();
    await shot(page, 'menus-d1-draft');
    await page.getByRole('button', { name: '发布菜单' }).click();
    await page.getByTestId('menu-state').filter({ hasText: '已发布' }).waitFor();

    const menus = (await api<{ serviceMenus: { edges: { node: { id: string; state: string; org: { id: string }; items: { id: string; title: string; quantity: number; kind: string }[] } }[] } }>(
      await tok('d1'), '{ serviceMenus(first: 10) { edges { node { id state org { id } items { id title quantity kind } } } } }')).serviceMenus.edges.map((e) => e.node);
    expect(menus).toEqual([{ id: menus[0].id, state: 'PUBLISHED', org: { id: graph.fixture.orgs.d1.id }, items: [{ id: menus[0].items[0].id, title: '职工子女自行车', quantity: 2, kind: 'MICRO_WISH' }] }]);

    // A worker under the district orders it on the phone (职工点单): the button turns into the order's progress.
    const { page: phone } = await newPage(browser, 390, 844);
    await signIn(phone, base, 'member', '/m/cases');
    await phone.getByTestId('tab-menu').click();
    await phone.getByTestId('menu-item').filter({ hasText: '职工子女自行车' }).getByText('还剩 2 个名额').waitFor();
    await phone.getByTestId('order').click();
    await phone.getByTestId('my-order').waitFor();
    await shot(phone, 'menus-member-ordered');
    const board = (await api<{ menuOrders: { edges: { node: { caseId: string } }[] } }>(await tok('d1'), 'query($m: ID!) { menuOrders(menuId: $m, first: 10) { edges { node { caseId } } } }', { m: menus[0].id })).menuOrders.edges;
    expect(board).toHaveLength(1);
    const caseId = board[0].node.caseId;
    await phone.getByTestId('my-order').click();
    await phone.waitForURL(`${base}/m/cases/${caseId}`);

    // 部室接单 on the board: the office and its person, picked from lists.
    await page.reload();
    await page.getByRole('tab', { name: '接单签单' }).click();
    await stateOnBoard(page, '待接单').waitFor();
    await page.getByTestId('orders-board').getByRole('button', { name: /^接\s*单$/ }).click();
    const accept = page.locator('.ant-modal').filter({ hasText: '承办部室' });
    await accept.waitFor({ state: 'visible' });
    await accept.getByTestId('accept-department').click();
    await page.locator(OPTION).filter({ hasText: '工会办公室' }).click();
    await accept.getByTestId('accept-staff').click();
    await page.locator(OPTION).first().click();
    await accept.getByRole('button', { name: /确\s*定/ }).click();
    await stateOnBoard(page, '已接单').waitFor();
    await shot(page, 'menus-d1-board');
    await page.getByTestId('orders-board').locator('td').filter({ hasText: /^工会办公室$/ }).waitFor();

    await page.getByTestId('orders-board').getByRole('button', { name: /^办\s*结$/ }).click();
    const resolve = page.locator('.ant-modal').filter({ hasText: '办理结果' });
    await resolve.waitFor({ state: 'visible' });
    await resolve.getByLabel('办理结果').fill('自行车已送到职工家中');
    await resolve.getByRole('button', { name: /确\s*定/ }).click();
    await stateOnBoard(page, '待签单').waitFor();
    await page.getByTestId('orders-board').getByRole('button', { name: /^签\s*单$/ }).click();
    await page.locator('.ant-modal').filter({ hasText: '签单' }).getByRole('button', { name: /确\s*定/ }).click();
    await stateOnBoard(page, '已签单').waitFor();
    const stored = (await api<{ case: { state: string; sourceKind: string; channel: string; responsibleDepartmentId: string; menuItem: { title: string } } }>(
      await tok('d1'), 'query($id: ID!) { case(id: $id) { state sourceKind channel responsibleDepartmentId menuItem { title } } }', { id: caseId })).case;
    expect(stored).toEqual({ state: 'SIGNED_OFF', sourceKind: 'MENU_ITEM', channel: 'WECHAT', responsibleDepartmentId: graph.fixture.handlers.d1.departmentId, menuItem: { title: '职工子女自行车' } });

    // The figures on screen are the API's.
    await page.getByRole('tab', { name: '统计' }).click();
    await page.getByTestId('menu-items-chart').waitFor();
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const fig = (await api<{ menuFigures: { ordered: number; accepted: number; signedOff: number } }>(await tok('d1'),
      'query($m: ID, $d: String!) { menuFigures(menuId: $m, from: $d, to: $d) { ordered accepted signedOff } }', { m: menus[0].id, d: today })).menuFigures;
    expect(fig).toEqual({ ordered: 1, accepted: 1, signedOff: 1 });
    for (const k of ['ordered', 'accepted', 'signedOff'] as const) expect(await page.getByTestId(`menu-fig-${k}`).textContent()).toBe(String(fig[k]));
    await page.getByTestId('menu-departments').getByText('工会办公室').waitFor();
    await shot(page, 'menus-d1-figures');

    // The district's 部室 on its org page.
    await page.getByRole('menuitem', { name: '组织' }).click();
    await page.getByTestId('org-departments').getByText('工会办公室').waitFor();
    await shot(page, 'menus-d1-org-departments');

    // A street below reads the published menu, with nothing to edit; a sibling district has none.
    const street = await openMenus('s1');
    await street.getByTestId('menu-items').getByText('职工子女自行车').waitFor();
    expect(await street.getByRole('button', { name: '发布菜单' }).count()).toBe(0);
    expect(await street.getByRole('button', { name: '添加服务项目' }).count()).toBe(0);
    await shot(street, 'menus-s1');
    const sibling = await openMenus('d2');
    await sibling.getByText('还没有服务菜单').waitFor();
  });
});
