/**
 * The 普惠与帮扶 pages in a real browser against the real graph: staff build a programme
 * through the forms, share it out and explain it for a member; run a care batch up to its
 * budget; move 金秋助学 applications through their steps; and manage a partner's programmes
 * and keys. Every step is checked on screen and then through the API.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import type { TestGraph } from '../../test/src/harness/graph';
import { enginesForSuites } from '../../test/src/harness/engines';
import { tokenFor, type CallerKey, type OrgKey } from '../../test/src/e2e/callers';
import { benefitsState } from '../../test/src/e2e/benefits-helpers';
import { closeGraphAndBrowser, newPage, openGraphAndBrowser, shot, signIn } from './browser';

/** A Beijing calendar day, `n` days from today. */
const day = (n = 0): string => new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);
/** The first day of next month in Beijing, as the explanation writes it: 2026年12月1日. */
function nextMonthSaid(): string {
  const [y, m] = day().split('-').map(Number);
  return m === 12 ? `${y + 1}年1月1日` : `${y}年${m + 1}月1日`;
}

describe.each(enginesForSuites())('the benefits pages on %s', (engine) => {
  let graph: TestGraph;
  let browser: Browser;
  let base: string;
  beforeAll(async () => ({ graph, browser, base } = await openGraphAndBrowser(engine)));
  afterAll(() => closeGraphAndBrowser(graph, browser));

  const tok = (key: CallerKey) => tokenFor(key, graph.fixture) as Promise<string>;
  const org = (key: OrgKey) => graph.fixture.orgs[key];
  const member = (key: 'm1' | 'm2' | 'm3' | 'm4') => graph.fixture.members[key];

  async function api<T = Record<string, unknown>>(token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
    const r = await graph.gql<T>(token, query, variables);
    if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
    return r.data as T;
  }

  /** A fresh browser signed in as a demo identity, on the page a menu item leads to. */
  async function openAs(identity: string, menu: string) {
    const opened = await newPage(browser);
    await signIn(opened.page, base, identity);
    await opened.page.getByRole('menuitem', { name: menu }).click();
    return opened;
  }

  /** Signs in as staff of any fixture org (the sign-in page lists only some), through the same dev endpoint. */
  async function signInAsStaffOf(page: Page, key: OrgKey): Promise<void> {
    await page.goto(`${base}/signin`);
    await page.evaluate(async ({ orgId, label }) => {
      const r = await fetch('/dev/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'staff', org: orgId }) });
      sessionStorage.setItem('lianxin.session', JSON.stringify({ token: ((await r.json()) as { token: string }).token, label }));
    }, { orgId: org(key).id, label: `${org(key).name} 工作人员` });
    await page.goto(`${base}/`);
    await page.getByTestId('who').waitFor();
  }

  /** The dropdown open now (antd keeps closed ones in the page, hidden). */
  const openDropdown = (page: Page) => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();

  /** Opens a select, types to search if asked, and picks the option holding `text`. */
  async function choose(page: Page, select: Locator, text: string, typed?: string): Promise<void> {
    await select.click();
    if (typed) await page.keyboard.type(typed);
    await openDropdown(page).locator('.ant-select-item-option', { hasText: text }).first().click();
  }

  /** Types a date range into an antd RangePicker (Tab, not Enter, leaves the last one: Enter would submit the form). */
  async function range(scope: Locator, from: string, to: string): Promise<void> {
    const [start, end] = [scope.getByPlaceholder('开始日期'), scope.getByPlaceholder('结束日期')];
    await start.click();
    await start.fill(from);
    await start.press('Enter');
    await end.fill(to);
    await end.press('Tab');
  }

  /** Waits for the toast of a change that went through, or fails with what the screen said instead. */
  async function succeeded(page: Page): Promise<void> {
    const done = page.locator('.ant-message-success');
    const refused = page.locator('.ant-message-error');
    await done.or(refused).first().waitFor({ timeout: 60_000 });
    if (await refused.count()) throw new Error(`refused on screen: ${await refused.first().textContent()}`);
    await done.first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  }

  /** An input by its test id: antd puts it on the <input> of some fields and on the wrapper of others. */
  const input = (page: Page, testId: string) => page.locator(`input[data-testid=${testId}], [data-testid=${testId}] input`).first();

  const noSidewaysScroll = async (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  test('city staff create a programme with a one-a-month rule and a quota through the forms, share it with two districts, and the explanation for a member reads right', async () => {
    const { page, context } = await openAs('city', '普惠项目');
    await page.getByRole('button', { name: '新建项目' }).click();
    await page.getByLabel('项目名称').fill('全市职工免费观影');
    await choose(page, page.getByTestId('programme-kind'), '免费观影');
    await range(page.locator('form'), day(0), day(60));
    await page.getByLabel('总名额', { exact: true }).fill('50');
    // The rules: "active members" is there already; add "once a month" and "while places last".
    await choose(page, page.getByTestId('add-rule'), '限领次数');
    await choose(page, page.getByTestId('add-rule'), '名额用完即止');
    await page.getByTestId('rule-perMemberLimit').waitFor();
    expect(await input(page, 'limit-count').inputValue()).toBe('1');
    await shot(page, `${engine}-programme-new`);
    await page.getByTestId('create-programme').click();
    await page.waitForURL(/\/programmes\/[0-9A-Z]{26}/);
    const id = page.url().split('/programmes/')[1].split('?')[0];
    await expect(page.getByTestId('programme-state').textContent()).resolves.toBe('筹备中');
    await page.getByTestId('open-programme').click();
    await page.getByTestId('programme-state').filter({ hasText: '进行中' }).waitFor();
    const created = (await api<{ programme: { state: string; quota: number; voucherValidDays: number; rules: unknown; org: { id: string } } }>(await tok('city'), 'query($id: ID!) { programme(id: $id) { state quota voucherValidDays rules org { id } } }', { id })).programme;
    expect(created).toEqual({
      state: 'ACTIVE', quota: 50, voucherValidDays: 30, org: { id: org('city').id },
      rules: { requires: [{ type: 'membership', status: ['ACTIVE'] }, { type: 'perMemberLimit', count: 1, period: 'MONTH', per: 'MEMBER' }, { type: 'quota' }] },
    });
    await expect(page.getByTestId('current-rules').textContent()).resolves.toBe('会籍状态为正常每位会员每月最多 1 次所在单位还有名额');
    await shot(page, `${engine}-programme-rules`);

    // Share it out: 20 places to 江北区, 15 to 青山县.
    await page.getByRole('tab', { name: '名额分配' }).click();
    const allocate = async (district: string, places: string) => {
      await page.getByTestId('allocate-new').click();
      const dialog = page.getByRole('dialog');
      await choose(page, dialog.getByTestId('org-picker'), district, district.slice(0, 3));
      await dialog.getByLabel('名额', { exact: true }).fill(places);
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await succeeded(page);
    };
    await allocate('江北区总工会', '20');
    await allocate('青山县总工会', '15');
    await page.getByTestId('bar-江北区总工会').filter({ hasText: '已用 0 / 分配 20' }).waitFor();
    await page.getByTestId('bar-青山县总工会').filter({ hasText: '已用 0 / 分配 15' }).waitFor();
    const shares = async () => (await api<{ programme: { allocations: { orgId: string; quota: number; used: number }[] } }>(await tok('city'), 'query($id: ID!) { programme(id: $id) { allocations { orgId quota used } } }', { id })).programme.allocations;
    expect(Object.fromEntries((await shares()).map((a) => [a.orgId, a.quota]))).toEqual({ [org('city').id]: 50, [org('d1').id]: 20, [org('d2').id]: 15 });

    // A member of 江北区 claims one on the phone view, as a worker would: the bar moves, and the uptake counts it.
    const phone = await newPage(browser, 375, 667);
    await signIn(phone.page, base, 'member', '/m/cases');
    await phone.page.getByTestId('tab-vouchers').click();
    const offer = phone.page.locator(`[data-testid=claim-row][data-programme="${id}"]`);
    await offer.getByTestId('claim').click();
    await phone.page.getByTestId('voucher-qr').first().waitFor();
    await offer.getByTestId('not-yet').waitFor();
    await shot(phone.page, `${engine}-m-claimed-staff-programme`);
    await phone.context.close();
    await page.reload();
    await page.getByTestId('bar-江北区总工会').filter({ hasText: '已用 1 / 分配 20' }).waitFor();
    await shot(page, `${engine}-programme-allocations`);

    // Refusals say how far one can go, and change nothing: more than the city has left for 青山县, less than 江北区 has used.
    const before = await shares();
    const refuse = async (button: string, places: string, expected: string) => {
      await page.getByTestId(button).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('名额', { exact: true }).fill(places);
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await expect(dialog.getByTestId('allocation-refusal').textContent()).resolves.toBe(expected);
      await shot(page, `${engine}-programme-allocation-refused-${places}`);
      await dialog.getByRole('button', { name: /取\s*消/ }).click();
    };
    await refuse('allocate-青山县总工会', '40', '分多了：上级的份额最多还能给这个单位 30 个名额（已含它现有的）。请少分一些，或请上级追加。');
    await refuse('allocate-江北区总工会', '0', '不能调这么少：这个单位已经发出或再分下去 1 个名额，份额不能低于这个数。');
    expect(await shares()).toEqual(before);

    // Uptake: the API's figures on screen, and the charts drawn.
    await page.getByRole('tab', { name: '使用情况' }).click();
    await page.getByTestId('chart-monthly').locator('canvas').waitFor();
    await page.getByTestId('chart-by-org').locator('canvas').waitFor();
    const uptake = (await api<{ programmeUptake: { vouchersIssued: number; vouchersOutstanding: number } }>(await tok('city'), 'query($p: ID!) { programmeUptake(programmeId: $p) { vouchersIssued vouchersOutstanding } }', { p: id })).programmeUptake;
    expect(uptake).toEqual({ vouchersIssued: 1, vouchersOutstanding: 1 });
    await expect(page.getByTestId('uptake-issued').textContent()).resolves.toBe('1');
    await expect(page.getByTestId('uptake-outstanding').textContent()).resolves.toBe('1');
    await shot(page, `${engine}-programme-uptake`);

    // The explanation, as one would say it: 王建国 took this month's, 李秀英 may claim.
    await page.getByRole('tab', { name: '资格查询' }).click();
    const explainFor = async (typed: string, name: string) => {
      await choose(page, page.getByTestId('member-picker'), name, typed);
      await page.getByTestId('explain-ask').click();
      await page.getByTestId('explanation').filter({ hasText: name }).waitFor();
      return page.getByTestId('explanation').textContent();
    };
    await explainFor('王', '王建国');
    await expect(page.getByTestId('explanation-headline').textContent()).resolves.toBe('王建国现在还不能领取“全市职工免费观影”，原因是：');
    await expect(page.getByTestId('explanation-reasons').textContent()).resolves.toBe('每位会员每月最多领取 1 次，王建国本月已经领取过 1 次了。');
    await expect(page.getByTestId('explanation-next').textContent()).resolves.toBe(`从 ${nextMonthSaid()} 起，王建国就可以领取了。`);
    await expect(page.getByTestId('explanation-version').textContent()).resolves.toBe('以上按第 1 版领取条件判断。');
    const said = (await api<{ eligibility: { status: string; reasons: { code: string }[]; ruleVersion: number; nextEligibleOn: string } }>(await tok('city'), 'query($p: ID!, $m: ID!) { eligibility(programmeId: $p, memberId: $m) { status reasons { code } ruleVersion nextEligibleOn } }', { p: id, m: member('m1').id })).eligibility;
    expect(said).toMatchObject({ status: 'INELIGIBLE', reasons: [{ code: 'LIMIT_REACHED' }], ruleVersion: 1 });
    expect(nextMonthSaid()).toBe(said.nextEligibleOn.replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日'));
    await shot(page, `${engine}-programme-explain-m1`);
    await explainFor('李', '李秀英');
    await expect(page.getByTestId('explanation-headline').textContent()).resolves.toBe('李秀英现在可以领取“全市职工免费观影”。');
    await expect(page.getByTestId('explanation-reasons').count()).resolves.toBe(0);

    // A second version: twice a month. The history says what changed; 王建国 may claim again under it.
    await page.getByRole('tab', { name: '领取条件' }).click();
    await page.getByTestId('edit-rules').click();
    await input(page, 'limit-count').fill('2');
    await page.getByTestId('save-rules').click();
    await succeeded(page);
    await page.getByTestId('rule-version-2').waitFor();
    await expect(page.getByTestId('rule-version-2').textContent()).resolves.toContain('修改限领次数：由“每位会员每月最多 1 次”改为“每位会员每月最多 2 次”');
    await expect(page.getByTestId('rule-version-1').textContent()).resolves.toContain('建立项目时的条件：会籍状态为正常；每位会员每月最多 1 次；所在单位还有名额');
    expect((await api<{ programme: { ruleHistory: { version: number }[] } }>(await tok('city'), 'query($id: ID!) { programme(id: $id) { ruleHistory { version } } }', { id })).programme.ruleHistory).toEqual([{ version: 1 }, { version: 2 }]);
    await shot(page, `${engine}-programme-history`);
    await page.getByRole('tab', { name: '资格查询' }).click();
    await explainFor('王', '王建国');
    await expect(page.getByTestId('explanation-headline').textContent()).resolves.toBe('王建国现在可以领取“全市职工免费观影”。');
    await expect(page.getByTestId('explanation-version').textContent()).resolves.toBe('以上按第 2 版领取条件判断。');

    // The list shows it, and a district sees the city's programme handed down, with its own share.
    await page.getByRole('menuitem', { name: '普惠项目' }).click();
    await page.getByRole('cell', { name: '全市职工免费观影' }).waitFor();
    await shot(page, `${engine}-programmes`);
    await context.close();

    const d1 = await newPage(browser);
    await signIn(d1.page, base, 'd1');
    await d1.page.goto(`${base}/programmes/${id}?tab=allocations`);
    await d1.page.getByTestId('own-share').filter({ hasText: '共 20' }).waitFor();
    expect(await d1.page.getByTestId('edit-rules').count()).toBe(0);
    await shot(d1.page, `${engine}-programme-allocations-d1`);
    await d1.context.close();
  });

  test('a care batch: create it, record visits, and a visit over the budget says what is left and writes nothing', async () => {
    const { page, context } = await openAs('d1', '走访慰问');
    await page.getByTestId('new-batch').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('批次名称').fill('2026 年冬季送温暖');
    await dialog.getByLabel('预算', { exact: true }).fill('500');
    await range(dialog, day(-3), day(10));
    await shot(page, `${engine}-care-new`);
    await dialog.getByRole('button', { name: /建\s*立/ }).click();
    await page.waitForURL(/\/care\/[0-9A-Z]{26}/);
    const id = page.url().split('/care/')[1];
    await page.getByTestId('budget-left').filter({ hasText: '500.00 元' }).waitFor();

    const visit = async (typed: string, name: string, items: string, yuan: string) => {
      await choose(page, page.getByTestId('member-picker'), name, typed);
      await page.getByLabel('送了什么').fill(items);
      await page.getByLabel('花费', { exact: true }).fill(yuan);
      await page.getByTestId('record-visit').click();
    };
    await visit('王', '王建国', '米一袋、油一桶、慰问金 200 元', '300');
    await succeeded(page);
    await page.getByTestId('budget-left').filter({ hasText: '200.00 元' }).waitFor();
    await page.getByTestId('visits').getByRole('cell', { name: '王建国' }).waitFor();

    // 250 does not fit in the 200 left: the refusal names what is left; nothing is written.
    const before = await benefitsState(graph.benefitsDb);
    await visit('张', '张伟', '慰问金', '250');
    await expect(page.getByTestId('visit-refusal').textContent()).resolves.toBe('预算不够：只剩 200.00 元。这次没有记下任何内容，请改小金额，或请上级追加预算。');
    expect(await benefitsState(graph.benefitsDb)).toEqual(before);
    await shot(page, `${engine}-care-budget-exceeded`);
    // 150 fits; this one the street made.
    await page.getByLabel('花费', { exact: true }).fill('150');
    await choose(page, page.getByTestId('org-picker'), '江北区滨江街道工会', '滨江街道');
    await page.getByTestId('record-visit').click();
    await succeeded(page);
    await page.getByTestId('budget-left').filter({ hasText: '50.00 元' }).waitFor();
    const batch = (await api<{ careBatch: { spentCents: number; remainingCents: number; spendingByOrg: { org: { id: string }; visits: number; spentCents: number }[] } }>(await tok('d1'), 'query($id: ID!) { careBatch(id: $id) { spentCents remainingCents spendingByOrg { org { id } visits spentCents } } }', { id })).careBatch;
    expect(batch).toMatchObject({ spentCents: 45_000, remainingCents: 5_000 });
    // One visit by 江北区总工会 itself, one by the street under it.
    expect(Object.fromEntries(batch.spendingByOrg.map((s) => [s.org.id, [s.visits, s.spentCents]]))).toEqual({ [org('d1').id]: [1, 30_000], [org('s1').id]: [1, 15_000] });
    await page.getByTestId('spending-by-org').getByRole('cell', { name: '江北区滨江街道工会' }).waitFor();
    await shot(page, `${engine}-care-batch`);
    await page.getByRole('menuitem', { name: '走访慰问' }).click();
    await page.getByRole('cell', { name: '2026 年冬季送温暖' }).waitFor();
    await shot(page, `${engine}-care-batches`);
    await context.close();
  });

  test('金秋助学: each union sees the buttons of its own step only; the enterprise checks, the district awards, the enterprise delivers, a rejection keeps its reason', async () => {
    const city = await tok('city');
    // m4's child, recorded before benefits reads m4's facts.
    await api(await tok('d2'), 'mutation($m: ID!, $i: ChildInput!) { addMemberChild(memberId: $m, input: $i) { id } }', { m: member('m4').id, i: { name: '刘小雨', gender: 'FEMALE', birthDate: '2014-05-01', schoolStage: 'PRIMARY' } });
    const programme = (await api<{ createProgramme: { id: string } }>(city, 'mutation($i: CreateProgrammeInput!) { createProgramme(input: $i) { id } }', {
      i: { orgId: org('city').id, name: '2026 年金秋助学', kind: 'EDUCATION_AID', startsOn: day(-1), endsOn: day(60), quota: 10, budgetCents: 500_000, amountCents: 50_000, rules: { requires: [{ type: 'child', minAge: 6, maxAge: 22 }] } },
    })).createProgramme;
    await api(city, 'mutation($p: ID!) { openProgramme(programmeId: $p) { id } }', { p: programme.id });
    const childOf = async (m: 'm1' | 'm4', staffOf: CallerKey) => (await api<{ member: { children: { id: string }[] } }>(await tok(staffOf), 'query($id: ID!) { member(id: $id) { children { id } } }', { id: member(m).id })).member.children[0].id;
    const applyFor = async (m: 'm1' | 'm4', staffOf: CallerKey) => (await api<{ applyForEducationAid: { id: string } }>(await tok(staffOf), 'mutation($i: ApplyForEducationAidInput!) { applyForEducationAid(input: $i) { id } }', { i: { programmeId: programme.id, childId: await childOf(m, staffOf), memberId: member(m).id } })).applyForEducationAid.id;
    const m1App = await applyFor('m1', 'e1');
    const m4App = await applyFor('m4', 'd2');
    const state = async (appId: string) => (await api<{ aidApplication: { state: string; rejectReason: string | null } }>(city, 'query($id: ID!) { aidApplication(id: $id) { state rejectReason } }', { id: appId })).aidApplication;

    /** The buttons a caller sees on 王建国's row in a queue ("" when the row shows none). */
    const page = (await newPage(browser)).page;
    const buttonsIn = async (who: OrgKey, queue: string, memberName = '王建国'): Promise<string> => {
      await signInAsStaffOf(page, who);
      await page.goto(`${base}/aid`);
      await page.getByTestId('aid-queue').getByText(queue, { exact: true }).click();
      const row = page.getByRole('row').filter({ hasText: memberName });
      await row.waitFor();
      await page.waitForLoadState('networkidle');
      return (await row.getByRole('button').allTextContents()).map((t) => t.replace(/\s/g, '')).join('|');
    };

    // The enterprise check: only 王建国's own enterprise union (e1) has the buttons.
    expect(await buttonsIn('e1', '企业工会审核')).toBe('审核通过|审核不通过');
    await shot(page, `${engine}-aid-check-e1`);
    for (const other of ['s1', 'd1', 'city'] as OrgKey[]) expect([other, await buttonsIn(other, '企业工会审核')]).toEqual([other, '']);
    await shot(page, `${engine}-aid-check-city`);
    await buttonsIn('e1', '企业工会审核');
    await page.getByRole('row').filter({ hasText: '王建国' }).getByRole('button', { name: '审核通过' }).click();
    await succeeded(page);
    expect((await state(m1App)).state).toBe('ENTERPRISE_CHECKED');

    // The district review: only 江北区 (d1).
    for (const other of ['e1', 's1', 'city'] as OrgKey[]) expect([other, await buttonsIn(other, '区县审批')]).toEqual([other, '']);
    expect(await buttonsIn('d1', '区县审批')).toBe('批准|不批准');
    await shot(page, `${engine}-aid-review-d1`);
    await page.getByRole('row').filter({ hasText: '王建国' }).getByRole('button', { name: /^批\s*准$/ }).click();
    await succeeded(page);
    expect((await state(m1App)).state).toBe('AWARDED');

    // Delivery: the enterprise or its district; not the street between them.
    expect(await buttonsIn('s1', '发放')).toBe('');
    expect(await buttonsIn('d1', '发放')).toBe('确认已发放');
    expect(await buttonsIn('e1', '发放')).toBe('确认已发放');
    await shot(page, `${engine}-aid-deliver-e1`);
    await page.getByRole('row').filter({ hasText: '王建国' }).getByRole('button', { name: '确认已发放' }).click();
    await succeeded(page);
    expect((await state(m1App)).state).toBe('DELIVERED');
    await page.getByTestId('aid-queue').getByText('已发放', { exact: true }).click();
    await page.getByRole('row').filter({ hasText: '王建国' }).filter({ hasText: '500.00 元' }).waitFor();
    await shot(page, `${engine}-aid-delivered`);

    // 刘芳's enterprise (e3) rejects with a reason: the reason is asked for, kept, and shown.
    expect(await buttonsIn('e3', '企业工会审核', '刘芳')).toBe('审核通过|审核不通过');
    await page.getByRole('row').filter({ hasText: '刘芳' }).getByRole('button', { name: '审核不通过' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('button', { name: /确\s*定/ }).isDisabled()).resolves.toBe(true);
    await dialog.getByRole('textbox').fill('子女已获其他助学金资助');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await succeeded(page);
    expect(await state(m4App)).toEqual({ state: 'REJECTED', rejectReason: '子女已获其他助学金资助' });
    await page.getByTestId('aid-queue').getByText('未通过', { exact: true }).click();
    await page.getByRole('row').filter({ hasText: '子女已获其他助学金资助' }).waitFor();
    await shot(page, `${engine}-aid-rejected`);
    await page.context().close();
  });

  test('partners: register one, bind a programme (no sensitive programme is offered), issue a key shown once, revoke it', async () => {
    const d1 = await tok('d1');
    const create = async (name: string, kind: string, requires: unknown[] = []) => {
      const p = (await api<{ createProgramme: { id: string } }>(d1, 'mutation($i: CreateProgrammeInput!) { createProgramme(input: $i) { id } }', {
        i: { orgId: org('d1').id, name, kind, startsOn: day(-1), endsOn: day(60), quota: 100, voucherValidDays: 30, rules: { requires } },
      })).createProgramme;
      await api(d1, 'mutation($p: ID!) { openProgramme(programmeId: $p) { id } }', { p: p.id });
      return p.id;
    };
    const swim = await create('江北区职工免费游泳', 'SWIMMING_VOUCHER');
    await create('江北区困难职工体检', 'HEALTH_CHECK', [{ type: 'hardship', tiers: ['DEEP'] }]);
    await create('江北区困难劳模帮扶', 'MODEL_WORKER_AID');

    const { page, context } = await openAs('d1', '合作商家');
    await page.getByTestId('new-partner').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('商家名称').fill('江北游泳馆');
    await choose(page, dialog.getByTestId('partner-kind'), '游泳馆');
    await shot(page, `${engine}-partner-new`);
    await dialog.getByRole('button', { name: /登\s*记/ }).click();
    await page.waitForURL(/\/partners\/[0-9A-Z]{26}/);
    const id = page.url().split('/partners/')[1];
    await page.getByTestId('partner-name').filter({ hasText: '江北游泳馆' }).waitFor();

    // What may be bound: the swimming programme (and any other plain one), never the two sensitive ones.
    await page.getByTestId('bind-programme').click();
    await openDropdown(page).locator('.ant-select-item-option').first().waitFor();
    const offered = await openDropdown(page).locator('.ant-select-item-option').allTextContents();
    expect(offered.some((o) => o.includes('江北区职工免费游泳'))).toBe(true);
    expect(offered.filter((o) => o.includes('困难'))).toEqual([]);
    await shot(page, `${engine}-partner-bind-options`);
    await openDropdown(page).locator('.ant-select-item-option', { hasText: '江北区职工免费游泳' }).click();
    await succeeded(page);
    await page.getByTestId('bound-programmes').getByRole('cell', { name: '江北区职工免费游泳' }).waitFor();
    const partner = async () => (await api<{ partner: { programmes: { id: string }[]; keys: { id: string; prefix: string; revokedAt: string | null }[] } }>(d1, 'query($id: ID!) { partner(id: $id) { programmes { id } keys { id prefix revokedAt } } }', { id })).partner;
    expect((await partner()).programmes).toEqual([{ id: swim }]);

    // A key: shown once, with a warning and a copy button; gone from the page once closed.
    await page.getByTestId('issue-key').click();
    const keyDialog = page.getByRole('dialog');
    const key = (await keyDialog.getByTestId('issued-key').textContent())!.trim();
    expect(key).toMatch(/^lx_[A-Za-z0-9]{8}_[A-Za-z0-9_-]+$/);
    await expect(keyDialog.textContent()).resolves.toContain('这串密钥只显示这一次');
    expect(await keyDialog.locator('.ant-typography-copy').count()).toBe(1);
    await shot(page, `${engine}-partner-key-issued`);
    // The key works at the partner desk.
    const desk = await graph.gqlWithApiKey(key, '{ myRedemptions(first: 1) { edges { node { id } } } }');
    expect(desk.errors).toBeUndefined();
    await keyDialog.getByTestId('key-copied').click();
    await keyDialog.waitFor({ state: 'hidden' });
    expect((await page.content()).includes(key)).toBe(false);
    const [issued] = (await partner()).keys;
    expect(key.startsWith(`lx_${issued.prefix}_`)).toBe(true);
    await page.getByTestId('keys').getByText('有效').waitFor();

    // Revoke it.
    await page.getByTestId(`revoke-${issued.prefix}`).click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: /吊\s*销/ }).click();
    await succeeded(page);
    await page.getByTestId('keys').getByText(/已于 .* 吊销/).waitFor();
    expect((await partner()).keys[0].revokedAt).not.toBeNull();
    await shot(page, `${engine}-partner`);

    // The API refuses a sensitive programme even if asked directly; the page never offered one.
    const sensitive = (await api<{ programmes: { edges: { node: { id: string; sensitive: boolean } }[] } }>(d1, '{ programmes(first: 50) { edges { node { id sensitive } } } }')).programmes.edges.map((e) => e.node).filter((p) => p.sensitive);
    // The two made here, and the city's 金秋助学 if the suite made it.
    expect(sensitive.length).toBeGreaterThanOrEqual(2);
    const refused = await graph.gql(d1, 'mutation($pa: ID!, $p: ID!) { bindPartnerProgramme(partnerId: $pa, programmeId: $p) { id } }', { pa: id, p: sensitive[0].id });
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await page.getByRole('menuitem', { name: '合作商家' }).click();
    await page.getByRole('cell', { name: '江北游泳馆' }).waitFor();
    await shot(page, `${engine}-partners`);
    await context.close();
  });

  test('the benefits detail pages fit a 1280×800 laptop and a 1920-wide screen: nothing runs off the side', async () => {
    const ids = async (q: string, field: string) => (await api<Record<string, { edges: { node: { id: string } }[] }>>(await tok('d1'), q))[field].edges.map((e) => e.node.id);
    const programme = (await ids('{ programmes(first: 50) { edges { node { id } } } }', 'programmes'))[0];
    const batch = (await ids('{ careBatches(first: 50) { edges { node { id } } } }', 'careBatches'))[0];
    const partner = (await ids('{ partners(first: 50) { edges { node { id } } } }', 'partners'))[0];
    expect([programme, batch, partner].every(Boolean)).toBe(true);
    for (const [width, height] of [[1280, 800], [1920, 1080]] as const) {
      const { page, context } = await newPage(browser, width, height);
      await signIn(page, base, 'd1');
      for (const tab of ['rules', 'allocations', 'uptake', 'explain']) {
        await page.goto(`${base}/programmes/${programme}?tab=${tab}`);
        await page.getByTestId('programme-name').waitFor();
        await page.locator('.ant-tabs-tabpane-active').locator('.ant-card').first().waitFor();
        await page.waitForLoadState('networkidle');
        expect({ tab, width, overflow: await noSidewaysScroll(page) }).toEqual({ tab, width, overflow: 0 });
        await shot(page, `${engine}-${width}-programme-${tab}`);
      }
      for (const [path, ready] of [[`/care/${batch}`, '[data-testid=budget-bar]'], [`/partners/${partner}`, '[data-testid=partner-name]'], ['/programmes/new', '[data-testid=rule-editor]']] as const) {
        await page.goto(`${base}${path}`);
        await page.locator(ready).first().waitFor();
        await page.waitForLoadState('networkidle');
        expect({ path, width, overflow: await noSidewaysScroll(page) }).toEqual({ path, width, overflow: 0 });
        await shot(page, `${engine}-${width}${path.replace(/\//g, '-').replace(/-[0-9A-Z]{26}$/, '-detail')}`);
      }
      await context.close();
    }
  });
});
