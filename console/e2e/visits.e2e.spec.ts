/**
 * 工会主席陪伴日 in a real browser against the real graph: an enterprise union's staff write
 * a 民意日记 entry whose problem becomes a case; the district reads the same diary and
 * figures; a sibling district sees none of it. Every step is checked on screen and through the API.
 */
import type { Browser, Page } from 'playwright-core';
import type { TestGraph } from '../../test/src/harness/graph';
import { enginesForSuites } from '../../test/src/harness/engines';
import { tokenFor, type CallerKey } from '../../test/src/e2e/callers';
import { closeGraphAndBrowser, newPage, openGraphAndBrowser, shot, signIn } from './browser';

/** A Shanghai calendar day, `n` days from today. */
const day = (n = 0): string => new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);
const weekdayOf = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay() || 7;

describe.each(enginesForSuites())('the 陪伴日 page on %s', (engine) => {
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
  const month = () => day().slice(0, 7);
  const monthEnd = () => { const [y, m] = month().split('-').map(Number); return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10); };
  const figures = async (key: CallerKey) => (await api<{ chairVisitFigures: Record<string, number | null> }>(await tok(key),
    'query($f: String!, $t: String!) { chairVisitFigures(from: $f, to: $t) { scheduled held problemsRaised resolved } }', { f: `${month()}-01`, t: monthEnd() })).chairVisitFigures;
  const openVisits = async (identity: string): Promise<Page> => {
    const { page } = await newPage(browser);
    await signIn(page, base, identity);
    await page.getByRole('menuitem', { name: '主席陪伴日' }).click();
    await page.waitForURL(`${base}/visits`);
    return page;
  };

  test('the enterprise union sets its visit day and writes the diary; the problem becomes a case; the district sees the same figures, a sibling district nothing', async () => {
    // The union sets its visit day on the page: today's weekday, from today.
    const page = await openVisits('e1');
    await page.getByText('本单位还没有设置陪伴日').waitFor();
    await page.getByRole('button', { name: '设置陪伴日' }).click();
    const setting = page.locator('.ant-modal').filter({ hasText: '企业职工人数' });
    await setting.waitFor({ state: 'visible' });
    // The chosen day covers the input: open the list by its box, as a cadre clicks it.
    await setting.locator('.ant-form-item').filter({ hasText: '每周哪一天' }).locator('.ant-select-selector').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'][weekdayOf(day())] }).click();
    await setting.getByLabel('工会主席').fill('王建华');
    await setting.getByLabel('企业职工人数').fill('320');
    await setting.getByRole('button', { name: /保\s*存/ }).click();
    await page.locator('.ant-message-success').filter({ hasText: '已设为每' }).waitFor();
    const schedule = (await api<{ chairVisitDays: { edges: { node: { weekday: number; startsOn: string; chair: string; staffCount: number } }[] } }>(await tok('e1'), '{ chairVisitDays(first: 5) { edges { node { weekday startsOn chair staffCount } } } }')).chairVisitDays.edges.map((e) => e.node);
    expect(schedule).toEqual([{ weekday: weekdayOf(day()), startsOn: day(), chair: '王建华', staffCount: 320 }]);

    await page.getByTestId('my-schedule').waitFor();
    expect(await page.getByTestId('my-schedule').textContent()).toContain('主席 王建华');
    await page.getByRole('button', { name: '记民意日记' }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '记民意日记' });
    await modal.waitFor({ state: 'visible' });
    await modal.getByLabel('参与职工（人）').fill('26');
    await modal.getByText('微座谈').click();
    await modal.getByLabel('日记内容').fill('在挂面车间与职工同坐一条板凳，大家反映老旧设备噪声大。');
    await modal.getByRole('button', { name: /添加职工反映的问题/ }).click();
    await modal.getByLabel('问题 1 类别').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: '急难愁盼' }).click();
    await modal.getByLabel('职工反映的问题').fill('挂面车间老旧设备噪声大，长期使用影响听力');
    await modal.getByRole('button', { name: '保存日记' }).click();
    const done = page.locator('.ant-message-success').filter({ hasText: '民意日记' });
    await done.or(page.locator('.ant-message-error')).first().waitFor({ timeout: 60_000 });
    expect(await done.textContent()).toMatch(/已记入民意日记，1 个问题已登记为诉求/);

    // Through the API: the diary entry and its case, linked, at e1, channel 主席陪伴日.
    const v = (await api<{ chairVisits: { edges: { node: { id: string; visitedOn: string; attendance: number; format: string; cases: { id: string; number: string; channel: string; state: string; raisedOrg: { id: string }; chairVisit: { id: string } } [] } }[] } }>(
      await tok('e1'), 'query($d: String!) { chairVisits(first: 5, from: $d, to: $d) { edges { node { id visitedOn attendance format cases { id number channel state raisedOrg { id } chairVisit { id } } } } } }', { d: day() })).chairVisits.edges[0].node;
    expect(v).toMatchObject({ visitedOn: day(), attendance: 26, format: 'SMALL_MEETING' });
    expect(v.cases).toEqual([{ id: v.cases[0].id, number: v.cases[0].number, channel: 'CHAIR_VISIT_DAY', state: 'REGISTERED', raisedOrg: { id: graph.fixture.orgs.e1.id }, chairVisit: { id: v.id } }]);

    // On screen: today's cell is held, the diary lists the entry, and its drawer names the case.
    await page.getByTestId(`day-${day()}`).getByText(/已开展.*26人.*问题1/).waitFor();
    await page.getByTestId('diary').getByText(day()).click();
    const drawer = page.getByTestId('visit-drawer');
    await drawer.getByText(v.cases[0].number).waitFor();
    expect(await drawer.textContent()).toContain('挂面车间老旧设备噪声大');
    // A worker comes back later: 补登 adds the problem to the same visit.
    await drawer.getByRole('button', { name: '补登问题' }).click();
    const add = page.locator('.ant-modal').filter({ hasText: '补登这次陪伴听到的问题' });
    await add.waitFor({ state: 'visible' });
    await add.getByLabel('类别').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: '微建言' }).click();
    await add.getByLabel('职工反映的问题').fill('建议车间加装隔音屏，夜班也能用');
    await add.getByRole('button', { name: '登记为诉求' }).click();
    await page.locator('.ant-message-success').filter({ hasText: /^已登记为诉求/ }).waitFor();
    await drawer.getByText('建议车间加装隔音屏').waitFor();
    const linked = (await api<{ chairVisit: { cases: { kind: string; channel: string }[] } }>(await tok('e1'), 'query($id: ID!) { chairVisit(id: $id) { cases { kind channel } } }', { id: v.id })).chairVisit.cases;
    expect(linked).toEqual([{ kind: 'URGENT_NEED', channel: 'CHAIR_VISIT_DAY' }, { kind: 'SUGGESTION', channel: 'CHAIR_VISIT_DAY' }]);
    await page.keyboard.press('Escape');
    const mine = await figures('e1');
    expect(await page.getByTestId('visit-fig-held').textContent()).toBe(String(mine.held));
    expect(await page.getByTestId('visit-fig-scheduled').textContent()).toBe(String(mine.scheduled));
    expect([mine.held, mine.problemsRaised]).toEqual([1, 2]);
    await shot(page, 'visits-e1');

    // The district reads the same entry and the same figures.
    const district = await openVisits('d1');
    await district.getByTestId('diary').getByText(day()).waitFor();
    const theirs = await figures('d1');
    expect(await district.getByTestId('visit-fig-held').textContent()).toBe(String(theirs.held));
    expect(await district.getByTestId('visit-fig-problemsRaised').textContent()).toBe(String(theirs.problemsRaised));
    expect(await district.getByRole('button', { name: '记民意日记' }).count()).toBe(0);
    // The district reads the entry; adding to it is the union's own.
    await district.getByTestId('diary').getByText(day()).click();
    await district.getByTestId('visit-drawer').getByText('建议车间加装隔音屏').waitFor();
    expect(await district.getByRole('button', { name: '补登问题' }).count()).toBe(0);
    await district.keyboard.press('Escape');
    await shot(district, 'visits-d1');

    // A sibling district sees no diary of e1.
    const sibling = await openVisits('d2');
    await sibling.getByText('这个月还没有陪伴日记').waitFor();
    expect(await sibling.getByTestId('visit-fig-held').textContent()).toBe('0');
    expect(await sibling.getByTestId(`day-${day()}`).count()).toBe(0);
  });
});
