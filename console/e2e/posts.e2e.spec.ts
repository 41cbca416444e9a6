/**
 * 工会驿站 in a real browser against the real graph: a street union enters its post, copies
 * wishes off the wall and a suggestion out of the book; the district chooses two wishes into a
 * service project, grants them, and reads the same figures; a sibling district sees none of it.
 * Every step is checked on screen and through the API.
 */
import type { Browser, Page } from 'playwright-core';
import type { TestGraph } from '../../test/src/harness/graph';
import { enginesForSuites } from '../../test/src/harness/engines';
import { tokenFor, staffTokenFor, type CallerKey } from '../../test/src/e2e/callers';
import { closeGraphAndBrowser, newPage, openGraphAndBrowser, shot, signIn } from './browser';

/** Today in Shanghai. */
const today = (): string => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const WISHES = ['希望暑假给职工子女办托管班', '希望周末能带家人免费看一场电影', '希望驿站装一个电动车充电柜'];

describe.each(enginesForSuites())('the 工会驿站 page on %s', (engine) => {
  let graph: TestGraph;
  let browser: Browser;
  let base: string;
  beforeAll(async () => ({ graph, browser, base } = await openGraphAndBrowser(engine)));
  afterAll(() => closeGraphAndBrowser(graph, browser));

  const tok = (key: CallerKey | 's1') => (key === 's1' ? staffTokenFor('s1', graph.fixture) : (tokenFor(key, graph.fixture) as Promise<string>));
  async function api<T = Record<string, unknown>>(token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
    const r = await graph.gql<T>(token, query, variables);
    if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
    return r.data as T;
  }
  const figures = async (key: CallerKey | 's1') => (await api<{ unionPostFigures: Record<string, number | null> }>(await tok(key),
    'query($f: String!, $t: String!) { unionPostFigures(from: $f, to: $t) { posts wishes chosen granted suggestions answered } }', { f: `${today().slice(0, 4)}-01-01`, t: today() })).unionPostFigures;
  const openPosts = async (identity: string): Promise<Page> => {
    const { page } = await newPage(browser);
    await signIn(page, base, identity);
    await page.getByRole('menuitem', { name: '工会驿站' }).click();
    await page.waitForURL(`${base}/posts`);
    return page;
  };
  const success = async (page: Page, text: RegExp) => {
    const done = page.locator('.ant-message-success').filter({ hasText: text });
    await done.or(page.locator('.ant-message-error')).first().waitFor({ timeout: 60_000 });
    expect(await done.count()).toBeGreaterThan(0);
  };

  test('the street enters its post and records at it; the district chooses and grants wishes; a sibling district sees nothing', async () => {
    const page = await openPosts('s1');
    await page.getByText('辖区内还没有登记工会驿站').waitFor();
    await page.getByRole('button', { name: '新建驿站' }).click();
    const create = page.locator('.ant-modal').filter({ hasText: '新建工会驿站' });
    await create.waitFor({ state: 'visible' });
    await create.getByLabel('驿站名称').fill('劳动者大本营');
    await create.getByLabel('地址').fill('金山路18号');
    await create.getByLabel('开放时间').fill('每天 8:00-20:00');
    await create.getByRole('button', { name: /保\s*存/ }).click();
    await success(page, /已建立驿站：劳动者大本营/);
    const [post] = (await api<{ unionPosts: { edges: { node: { id: string; wishWall: boolean; suggestionBook: boolean; org: { id: string } } }[] } }>(await tok('s1'),
      '{ unionPosts(first: 5) { edges { node { id wishWall suggestionBook org { id } } } } }')).unionPosts.edges.map((e) => e.node);
    expect(post).toEqual({ id: post.id, wishWall: true, suggestionBook: true, org: { id: graph.fixture.orgs.s1.id } });

    // The wall: three cards copied in; the book: one suggestion.
    await page.getByTestId('posts').getByText('劳动者大本营').click();
    const drawer = page.getByTestId('post-drawer');
    for (const text of WISHES) {
      await drawer.getByRole('button', { name: '登记心愿' }).click();
      const form = page.locator('.ant-modal').filter({ hasText: '职工写下的心愿' });
      await form.waitFor({ state: 'visible' });
      await form.getByLabel('职工写下的心愿').fill(text);
      await form.getByRole('button', { name: /登\s*记/ }).click();
      await success(page, /心愿已上墙/);
      await drawer.getByText(text).waitFor();
    }
    await drawer.getByRole('tab', { name: /意见簿/ }).click();
    await drawer.getByRole('button', { name: '登记意见' }).click();
    const book = page.locator('.ant-modal').filter({ hasText: '职工留下的意见建议' });
    await book.waitFor({ state: 'visible' });
    await book.getByLabel('职工留下的意见建议').fill('建议驿站晚上开到十点，夜班骑手也能歇脚');
    await book.getByRole('button', { name: /登\s*记/ }).click();
    await success(page, /意见已登记/);
    await drawer.getByTestId('book').getByText('建议驿站晚上开到十点').waitFor();
    await drawer.getByRole('tab', { name: /心愿墙/ }).click();
    expect(await drawer.getByTestId('wish-card').count()).toBe(3);
    // The toasts of the four saves would cover the drawer's header in the picture.
    await page.waitForFunction(() => !document.querySelector('.ant-message-notice'), undefined, { timeout: 15_000 });
    await shot(page, 'posts-s1-wall');
    await page.keyboard.press('Escape');
    const street = await figures('s1');
    expect(street).toEqual({ posts: 1, wishes: 3, chosen: 0, granted: 0, suggestions: 1, answered: 0 });
    await page.reload();
    await page.getByTestId('post-fig-wishes').waitFor({ state: 'attached' });
    expect(await page.getByTestId('post-fig-wishes').textContent()).toBe('3');

    // The district chooses two wishes into a new project, and the cards turn 已选中.
    const district = await openPosts('d1');
    await district.getByTestId('posts').getByText('劳动者大本营').click();
    const dd = district.getByTestId('post-drawer');
    await dd.getByText(WISHES[0]).waitFor();
    expect(await dd.getByRole('button', { name: '登记心愿' }).count()).toBe(0);
    for (const text of WISHES.slice(0, 2)) await dd.getByTestId('wish-card').filter({ hasText: text }).getByRole('checkbox').check();
    await dd.getByRole('button', { name: /选入项目（2）/ }).click();
    const choose = district.locator('.ant-modal').filter({ hasText: '选入服务项目' });
    await choose.waitFor({ state: 'visible' });
    await choose.getByLabel('项目名称').fill('职工子女暑期关爱');
    await choose.getByLabel('项目内容').fill('暑期托管班与公益电影放映');
    await choose.getByRole('button', { name: /选入项目/ }).click();
    await success(district, /已将 2 个心愿选入项目：职工子女暑期关爱/);
    await dd.getByTestId('wish-card').filter({ hasText: '已选中' }).nth(1).waitFor();
    expect(await figures('d1')).toMatchObject({ wishes: 3, chosen: 2, granted: 0 });

    // The project is done (统一帮办): both wishes are granted, on the wall and in the figures.
    const [project] = (await api<{ projects: { edges: { node: { id: string; caseCount: number } }[] } }>(await tok('d1'), '{ projects(state: OPEN, first: 5) { edges { node { id caseCount } } } }')).projects.edges.map((e) => e.node);
    expect(project.caseCount).toBe(2);
    await api(await tok('d1'), 'mutation($id: ID!) { resolveProject(projectId: $id, resolution: "托管班已开班，公益电影放映两场") { project { state } } }', { id: project.id });
    await district.reload();
    await district.getByTestId('posts').getByText('劳动者大本营').click();
    await dd.getByTestId('wish-card').filter({ hasText: '已实现' }).nth(1).waitFor();
    expect(await dd.getByTestId('wish-card').filter({ hasText: '待选' }).count()).toBe(1);
    const theirs = await figures('d1');
    expect(theirs).toEqual({ posts: 1, wishes: 3, chosen: 2, granted: 2, suggestions: 1, answered: 0 });
    await district.keyboard.press('Escape');
    expect(await district.getByTestId('post-fig-granted').textContent()).toBe('2');
    expect(await district.getByTestId('post-fig-chosen').textContent()).toBe('2');
    await district.getByTestId('posts').getByText('劳动者大本营').click();
    await dd.getByTestId('wish-card').first().waitFor();
    await shot(district, 'posts-d1-wall');
    await district.keyboard.press('Escape');
    await shot(district, 'posts-d1-list');

    // A sibling district sees no post of d1's street.
    const sibling = await openPosts('d2');
    await sibling.getByText('辖区内还没有登记工会驿站').waitFor();
    expect(await sibling.getByTestId('post-fig-wishes').textContent()).toBe('0');
  });
});
