/**
 * The console in a real browser against the real graph: district and street staff work a
 * case through the drawer; every step is checked on screen and then through the API.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import type { TestGraph } from '../../test/src/harness/graph';
import { enginesForSuites } from '../../test/src/harness/engines';
import { tokenFor } from '../../test/src/e2e/callers';
import { closeGraphAndBrowser, newPage, openGraphAndBrowser, shot, signIn } from './browser';

// Every flow on each engine the run has: the embedded one, and MariaDB (production's) where it is up, as in CI.

/** Until no dialog, drawer or option list is opening or closing: the next click lands where it is aimed. */
/**
 * Ticks a box by clicking its words, as a person does, and waits for the tick to show before
 * deciding a click was lost: checking at once and clicking again can untick a box whose first
 * click simply had not been drawn yet. True when it stays ticked.
 */
async function tick(scope: Locator, words: string): Promise<boolean> {
  const box = scope.getByLabel(words);
  for (let i = 0; i < 3; i++) {
    if (!(await box.isChecked())) await scope.getByText(words, { exact: true }).click();
    const handle = await box.elementHandle();
    const shown = await scope.page().waitForFunction((el) => (el as HTMLInputElement).checked, handle, { timeout: 2_000 }).then(() => true, () => false);
    await new Promise((r) => setTimeout(r, 300));
    if (shown && (await box.isChecked())) return true;
  }
  return false;
}

async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('[class*="-appear"], [class*="-enter"], [class*="-leave"]'));
}

describe.each(enginesForSuites())('the console on %s', (engine) => {
  let graph: TestGraph;
  let browser: Browser;
  let base: string;
  beforeAll(async () => ({ graph, browser, base } = await openGraphAndBrowser(engine)));
  afterAll(() => closeGraphAndBrowser(graph, browser));

  const CASE = 'id state version handlingOrg { id } events { seq action } allowedActions';
  const tok = (key: Parameters<typeof tokenFor>[0], perms: string[] = []) => tokenFor(key, graph.fixture, perms) as Promise<string>;

  async function api<T = Record<string, unknown>>(token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
    const r = await graph.gql<T>(token, query, variables);
    if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
    return r.data as T;
  }

  async function raise(kind: string, orgKey: 'd1' | 's1', memberKey?: 'm1'): Promise<string> {
    const d = await api<{ raiseCase: { id: string } }>(await tok('d1'), 'mutation($input: RaiseCaseInput!) { raiseCase(input: $input) { id } }', {
      input: { kind, channel: 'HOTLINE_12351', urgency: 'NORMAL', description: `职工来电反映：${kind} 事项，请尽快处理。`, orgId: graph.fixture.orgs[orgKey].id, memberId: memberKey ? graph.fixture.members[memberKey].id : undefined },
    });
    return d.raiseCase.id;
  }

  const getCase = async (id: string, key: Parameters<typeof tokenFor>[0] = 'd1') => (await api<{ case: { id: string; state: string; version: number; handlingOrg: { id: string }; events: { seq: number; action: string }[]; allowedActions: string[] } | null }>(await tok(key), `query($id: ID!) { case(id: $id) { ${CASE} } }`, { id })).case;

  /** Presses an action's button, fills its form and confirms; fails with what the screen said if the action did not go through. */
  /** 接单 in the form: the handling union's 部室 and then its person, picked from the lists (the fixture's office and handler at `org`). */
  const pickHandler = (org: keyof typeof graph.fixture.orgs) => async (p: Page) => {
    const h = graph.fixture.handlers[org];
    const [office, person] = h.display.split(' ');
    await p.getByLabel('承办部室').click();
    await p.locator('.ant-select-item-option').filter({ hasText: office }).click();
    await p.getByLabel('负责人').click();
    await p.locator('.ant-select-item-option').filter({ hasText: person }).click();
  };

  async function act(page: Page, action: string, fill: (page: Page) => Promise<void>, expected: 'done' | 'refused' = 'done'): Promise<void> {
    await page.getByTestId(`action-${action}`).click();
    // The drawer is a dialog too: the form is the modal holding the 确定 button.
    const modal = page.locator('.ant-modal').filter({ has: page.getByRole('button', { name: /确\s*定/ }) }).last();
    await modal.waitFor({ state: 'visible' });
    await fill(page);
    await modal.getByRole('button', { name: /确\s*定/ }).click();
    const done = page.locator('.ant-message-success');
    const refused = page.locator('.ant-message-error, .ant-modal-confirm-warning');
    await done.or(refused).first().waitFor({ timeout: 60_000 });
    const wasRefused = (await refused.count()) > 0;
    if (wasRefused && expected === 'done') throw new Error(`${action} was refused on screen: ${await refused.first().textContent()}`);
    if (!wasRefused && expected === 'refused') throw new Error(`${action} went through, but it should have been refused`);
  }

  test('district staff sign in; the dashboard shows the district figures, equal to caseFigures', async () => {
    await raise('MICRO_WISH', 'd1');
    const { page, context } = await newPage(browser);
    const started = Date.now();
    await signIn(page, base, 'd1');
    await page.getByTestId('fig-total').waitFor();
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    const [y, m] = month.split('-').map(Number);
    const fromTotal = y * 12 + m - 1 - 11;
    const from = `${Math.floor(fromTotal / 12)}-${String((fromTotal % 12) + 1).padStart(2, '0')}`;
    const fig = (await api<{ caseFigures: Record<string, unknown> }>(await tok('d1'), 'query($o: ID, $f: String!, $t: String!) { caseFigures(orgId: $o, from: $f, to: $t) { total overdue supervised resolutionRate byState { state count } } }', { o: graph.fixture.orgs.d1.id, f: from, t: month })).caseFigures;
    expect(await page.getByTestId('fig-total').textContent()).toBe(String(fig.total));
    expect(fig.total).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('fig-overdue').textContent()).toBe(String(fig.overdue));
    expect(await page.getByTestId('fig-supervised').textContent()).toBe(String(fig.supervised));
    const open = (fig.byState as { state: string; count: number }[]).filter((s) => ['REGISTERED', 'TRANSFERRED', 'ACCEPTED', 'IN_PROGRESS', 'WAITING_ON_WORKER'].includes(s.state)).reduce((n, s) => n + s.count, 0);
    expect(await page.getByTestId('fig-open').textContent()).toBe(String(open));
    await expect(page.getByTestId('org-path').textContent()).resolves.toContain('江北区总工会');
    await page.getByTestId('child-chart').locator('canvas').waitFor();
    console.log(`dashboard ready ${Date.now() - started} ms after sign-in click`);
    await shot(page, `${engine}-dashboard-d1`);
    // Drill down into the street.
    await page.getByRole('link', { name: '江北区滨江街道工会' }).or(page.getByText('江北区滨江街道工会', { exact: true })).first().click();
    await expect(page.getByTestId('org-path').textContent()).resolves.toContain('江北区滨江街道工会');
    await shot(page, `${engine}-dashboard-d1-drill-s1`);
    await context.close();
  });

  test('district transfers a registered case to a street (the API allows transfer only before accepting); the street accepts and resolves it', async () => {
    const id = await raise('URGENT_NEED', 'd1', 'm1');
    const d1 = await newPage(browser);
    await signIn(d1.page, base, 'd1');
    const t0 = Date.now();
    await d1.page.goto(`${base}/cases`);
    await d1.page.getByRole('row').nth(1).waitFor();
    console.log(`case board first row ${Date.now() - t0} ms after navigation`);
    await shot(d1.page, `${engine}-case-board-d1`);
    await d1.page.goto(`${base}/cases/${id}`);
    await expect(d1.page.getByTestId('case-state').textContent()).resolves.toBe('已登记');
    // The member is shown masked.
    await expect(d1.page.getByTestId('case-drawer').textContent()).resolves.toMatch(/王建国（138\*\*\*\*5678）/);
    await shot(d1.page, `${engine}-case-drawer-registered`);
    expect((await getCase(id))!.allowedActions).toEqual(expect.arrayContaining(['ACCEPT', 'TRANSFER']));
    await act(d1.page, 'TRANSFER', async (p) => {
      await p.getByRole('dialog').getByTestId('org-picker').click();
      await p.keyboard.type('滨江街道');
      await p.locator('.ant-select-item-option', { hasText: '江北区滨江街道工会' }).click();
    });
    await d1.page.getByTestId('case-state').filter({ hasText: '已转办' }).waitFor();
    await shot(d1.page, `${engine}-case-drawer-transferred`);
    const after = (await getCase(id))!;
    expect(after.state).toBe('TRANSFERRED');
    expect(after.handlingOrg.id).toBe(graph.fixture.orgs.s1.id);
    await d1.context.close();

    const s1 = await newPage(browser);
    await signIn(s1.page, base, 's1');
    await s1.page.goto(`${base}/cases/${id}`);
    await expect(s1.page.getByTestId('case-state').textContent()).resolves.toBe('已转办');
    await act(s1.page, 'ACCEPT', pickHandler('s1'));
    await s1.page.getByTestId('case-state').filter({ hasText: '已接单' }).waitFor();
    await act(s1.page, 'RESOLVE', async (p) => p.getByLabel('办理结果').fill('已协调企业补发工资。'));
    await s1.page.getByTestId('case-state').filter({ hasText: '已办结待签收' }).waitFor();
    await shot(s1.page, `${engine}-case-drawer-resolved-s1`);
    const done = (await getCase(id, 's1'))!;
    expect(done.state).toBe('RESOLVED');
    expect(done.events.map((e) => e.action)).toEqual(['RAISE', 'TRANSFER', 'ACCEPT', 'RESOLVE']);
    expect(await s1.page.getByTestId('ledger-entry').count()).toBe(4);
    await s1.context.close();
  });

  test('上报 and 转交: the street passes a case up to its district, which refers it to the legal-aid centre and records the answer', async () => {
    const id = await raise('LEGAL_AID', 's1', 'm1');
    const s1 = await newPage(browser);
    await signIn(s1.page, base, 's1');
    await s1.page.goto(`${base}/cases/${id}`);
    await expect(s1.page.getByTestId('case-state').textContent()).resolves.toBe('已登记');
    await act(s1.page, 'PASS_UP', async (p) => {
      // The nearest union above comes first and is chosen already; the reason is the street's own words.
      await expect(p.getByRole('dialog').getByTestId('up-target').textContent()).resolves.toContain('江北区总工会');
      await p.getByLabel('上报原因（为什么本单位办不了）').fill('涉及劳动仲裁，街道工会无力处理');
    });
    await s1.page.getByTestId('handling-org').filter({ hasText: '江北区总工会' }).waitFor();
    await shot(s1.page, `${engine}-case-drawer-passed-up`);
    await s1.context.close();
    const up = (await getCase(id))!;
    expect([up.state, up.handlingOrg.id, up.events.map((e) => e.action)]).toEqual(['REGISTERED', graph.fixture.orgs.d1.id, ['RAISE', 'PASS_UP']]);

    const d1 = await newPage(browser);
    await signIn(d1.page, base, 'd1');
    await d1.page.goto(`${base}/cases/${id}`);
    await act(d1.page, 'ACCEPT', pickHandler('d1'));
    await d1.page.getByTestId('case-state').filter({ hasText: '已接单' }).waitFor();
    await act(d1.page, 'REFER_OUT', async (p) => {
      await p.getByLabel('转交的机构').fill('江北区法律援助中心');
      await p.getByLabel('请机构在哪天前答复').click();
      await p.locator('.ant-picker-dropdown:visible .ant-picker-header-next-btn').click();
      await p.locator('.ant-picker-dropdown:visible td.ant-picker-cell-in-view').first().click();
    });
    await d1.page.getByTestId('case-referral').filter({ hasText: '尚未答复' }).waitFor();
    await act(d1.page, 'AGENCY_ANSWERED', async (p) => p.getByLabel('机构的答复').fill('中心已受理并指派律师'));
    await d1.page.getByTestId('case-referral').filter({ hasText: '答复：中心已受理并指派律师' }).waitFor();
    await shot(d1.page, `${engine}-case-drawer-referred`);
    await d1.context.close();
    expect((await getCase(id))!.events.map((e) => e.action)).toEqual(['RAISE', 'PASS_UP', 'ACCEPT', 'REFER_OUT', 'AGENCY_ANSWERED']);
  });

  test('a model worker\'s hardship case: the district opens model-worker aid from it, the drawer shows the aid and the aid page the case; a hotline worker who is no member shows masked', async () => {
    const d1 = await tok('d1');
    const day = (n: number): string => new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);
    const id = (await api<{ raiseCase: { id: string } }>(d1, 'mutation($input: RaiseCaseInput!) { raiseCase(input: $input) { id } }', {
      input: { kind: 'HARDSHIP_AID', channel: 'HOTLINE_12351', description: '劳模脑梗后遗症，医药费负担重，家属求助', orgId: graph.fixture.orgs.d1.id, memberId: graph.fixture.members.m3.id },
    })).raiseCase.id;
    const c = (await getCase(id))!;
    await api(d1, 'mutation($id: ID!, $v: Int, $s: ID!, $d: ID) { acceptCase(id: $id, version: $v, staffId: $s, departmentId: $d) { id } }', { id, v: c.version, s: graph.fixture.handlers.d1.staffId, d: graph.fixture.handlers.d1.departmentId });
    const p = (await api<{ createProgramme: { id: string } }>(d1, 'mutation($i: CreateProgrammeInput!) { createProgramme(input: $i) { id } }', {
      i: { orgId: graph.fixture.orgs.d1.id, name: '江北区困难劳模救助', kind: 'MODEL_WORKER_AID', startsOn: day(-1), endsOn: day(60), quota: 5, amountCents: 500_000, voucherValidDays: null, rules: { requires: [{ type: 'modelWorker' }] } },
    })).createProgramme;
    await api(d1, 'mutation($p: ID!) { openProgramme(programmeId: $p) { id } }', { p: p.id });
    await api(d1, 'mutation($i: OpenAidFromCaseInput!) { openAidFromCase(input: $i) { id } }', { i: { caseId: id, programmeId: p.id } });
    const number = (await api<{ case: { number: string } }>(d1, 'query($id: ID!) { case(id: $id) { number } }', { id })).case.number;

    const { page, context } = await newPage(browser);
    await signIn(page, base, 'd1');
    await page.goto(`${base}/cases/${id}`);
    await expect(page.getByTestId('case-aid').textContent()).resolves.toBe('困难劳模帮扶：待区县审批');
    await shot(page, `${engine}-case-drawer-aid`);
    await page.goto(`${base}/aid`);
    const row = page.getByRole('row').filter({ hasText: `来源诉求 ${number}` });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('本人');
    await expect(row.getByRole('button').allTextContents()).resolves.toEqual(expect.arrayContaining([expect.stringMatching(/批\s*准/)]));
    await shot(page, `${engine}-aid-from-case`);

    const hotline = (await api<{ raiseCase: { id: string } }>(d1, 'mutation($input: RaiseCaseInput!) { raiseCase(input: $input) { id } }', {
      input: { kind: 'URGENT_NEED', channel: 'HOTLINE_12351', description: '外卖骑手反映站点拖欠配送费', worker: { name: '赵师傅', phone: '13911112222' } },
    })).raiseCase.id;
    await page.goto(`${base}/cases/${hotline}`);
    await expect(page.getByTestId('case-worker').textContent()).resolves.toBe('赵师傅（非会员，139****2222）');
    await context.close();
  });

  test('a legal-aid case: the district signs it off, the member rates it, the timeline shows every step and the ledger is intact', async () => {
    const id = await raise('LEGAL_AID', 's1', 'm1');
    const s1 = await tok('s1');
    let c = (await getCase(id, 's1'))!;
    await api(s1, 'mutation($id: ID!, $v: Int, $s: ID!, $d: ID) { acceptCase(id: $id, version: $v, staffId: $s, departmentId: $d) { id } }', { id, v: c.version, s: graph.fixture.handlers.s1.staffId, d: graph.fixture.handlers.s1.departmentId });
    c = (await getCase(id, 's1'))!;
    await api(s1, 'mutation($id: ID!, $v: Int) { resolveCase(id: $id, version: $v, resolution: "律师已代写仲裁申请") { id } }', { id, v: c.version });
    const { page, context } = await newPage(browser);
    await signIn(page, base, 'd1');
    await page.goto(`${base}/cases/${id}`);
    await expect(page.getByTestId('case-state').textContent()).resolves.toBe('已办结待签收');
    await act(page, 'SIGN_OFF', async () => undefined);
    await page.getByTestId('case-state').filter({ hasText: '已签收' }).waitFor();
    expect((await getCase(id))!.state).toBe('SIGNED_OFF');
    c = (await getCase(id))!;
    await api(await tok('member'), 'mutation($id: ID!, $v: Int) { rateCase(id: $id, version: $v, rating: SATISFIED, comment: "谢谢") { id } }', { id, v: c.version });
    await page.reload();
    await page.getByTestId('case-rating').waitFor();
    const final = (await getCase(id))!;
    const entries = page.getByTestId('ledger-entry');
    expect(await entries.count()).toBe(final.events.length);
    const texts = await entries.allTextContents();
    for (const [i, word] of ['登记', '接单', '办结', '签收', '评价'].entries()) expect(texts[i]).toContain(word);
    // Who acted is named by org, not only by role: the street accepted and resolved, the district signed off.
    expect(texts[1]).toContain(graph.fixture.orgs.s1.name);
    expect(texts[2]).toContain(graph.fixture.orgs.s1.name);
    expect(texts[3]).toContain(graph.fixture.orgs.d1.name);
    const ledger = (await api<{ verifyLedger: { ok: boolean } }>(await tok('d1'), 'query($id: ID) { verifyLedger(caseId: $id) { ok } }', { id })).verifyLedger;
    expect(ledger.ok).toBe(true);
    await expect(page.getByTestId('ledger-check').textContent()).resolves.toContain('台账校验通过');
    await shot(page, `${engine}-case-drawer-ledger`);
    await context.close();
  });

  test('a sibling district typing the case URL sees "not found"', async () => {
    const id = await raise('MICRO_WISH', 'd1');
    const { page, context } = await newPage(browser);
    await signIn(page, base, 'd2');
    await page.goto(`${base}/cases/${id}`);
    await page.getByTestId('not-found').waitFor();
    await expect(page.getByTestId('not-found').textContent()).resolves.toContain('没有找到这个诉求');
    expect((await graph.gql(await tok('d2'), 'query($id: ID!) { case(id: $id) { id } }', { id })).data?.case).toBeNull();
    await shot(page, `${engine}-case-not-found-d2`);
    await context.close();
  });

  test('a member and a partner signing in see no staff pages: the member lands on /m, the partner desk on /desk', async () => {
    for (const who of ['member', 'partner']) {
      const { page, context } = await newPage(browser);
      const home = who === 'member' ? '/m/cases' : '/desk';
      if (who === 'member') await signIn(page, base, who, home);
      else {
        // The fixture registers no partner, so the sign-in page lists none: the same dev endpoint signs a partner token.
        await page.goto(`${base}/signin`);
        await page.evaluate(async () => {
          const r = await fetch('/dev/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'partner', pid: '01KAXB3ZJ4N5P6Q7R8S9T0V1P1' }) });
          sessionStorage.setItem('lianxin.session', JSON.stringify({ token: ((await r.json()) as { token: string }).token, label: '合作场馆' }));
        });
        await page.goto(`${base}/`);
        await page.waitForURL(`${base}${home}`);
      }
      // A staff page typed in by hand sends them home again.
      await page.goto(`${base}/cases`);
      await page.waitForURL(`${base}${home}`);
      await page.waitForLoadState('networkidle');
      expect(await page.getByText('诉求', { exact: true }).count()).toBe(0);
      expect(await page.locator('.ant-layout, [data-testid=fig-total]').count()).toBe(0);
      await shot(page, `not-staff-${who}`);
      await context.close();
    }
    // And the API agrees: a member's case list holds only their own, a partner gets none.
    const partner = await graph.gql(await tok('partner'), '{ cases(first: 5) { edges { node { id } } } }');
    expect(partner.data?.cases ?? null).toBeNull();
  });

  test('the counter finds a worker by the full phone or ID number on the card, inside its subtree only, and the URL never holds it', async () => {
    const m1 = graph.fixture.members.m1;
    const search = async (who: string, typed: string) => {
      const { page, context } = await newPage(browser);
      await signIn(page, base, who);
      await page.goto(`${base}/members`);
      // antd puts the test id on the <input> itself.
      const box = page.locator('input[data-testid=member-search], [data-testid=member-search] input').first();
      await box.fill(typed);
      await box.press('Enter');
      // The table settles on rows or on its empty text.
      await page.locator('.ant-table-row, .ant-table-placeholder').first().waitFor();
      await page.waitForLoadState('networkidle');
      const names = await page.locator('.ant-table-row td:first-child').allTextContents();
      const url = page.url();
      await shot(page, `${engine}-member-lookup-${who}`);
      await context.close();
      return { names, url };
    };
    const byPhone = await search('d1', m1.phone);
    expect(byPhone.names).toEqual([m1.name]);
    expect(byPhone.url).not.toContain(m1.phone);
    const byId = await search('d1', m1.idNumber);
    expect(byId.names).toEqual([m1.name]);
    expect(byId.url).not.toContain(m1.idNumber);
    // The sibling district types the same number and finds nobody.
    expect((await search('d2', m1.phone)).names).toEqual([]);
  });

  test('staff without pii:read have no "show" button; staff with it see the full number and leave an audit row', async () => {
    const m1 = graph.fixture.members.m1;
    const plain = await newPage(browser);
    await signIn(plain.page, base, 'd1');
    await plain.page.goto(`${base}/members`);
    await plain.page.getByRole('cell', { name: '王建国' }).click();
    await plain.page.getByTestId('phone').waitFor();
    expect(await plain.page.getByTestId('phone').textContent()).toBe('138****5678');
    expect(await plain.page.getByTestId('reveal').count()).toBe(0);
    await shot(plain.page, `${engine}-member-masked-d1`);
    await plain.context.close();

    const count = async () => Number(((await graph.db.query('SELECT COUNT(*) AS n FROM pii_access_log WHERE member_id = ?', [m1.id])) as { n: number }[])[0].n);
    const before = await count();
    const pii = await newPage(browser);
    await signIn(pii.page, base, 'd1-pii');
    await pii.page.goto(`${base}/members/${m1.id}`);
    await pii.page.getByTestId('reveal').click();
    await pii.page.getByRole('button', { name: '确认查看' }).click();
    await pii.page.getByTestId('phone').filter({ hasText: '13812345678' }).waitFor();
    expect(await pii.page.getByTestId('id-number').textContent()).toBe(m1.idNumber);
    await shot(pii.page, `${engine}-member-revealed-d1-pii`);
    expect(await count()).toBeGreaterThan(before);
    await pii.context.close();
  });

  test('困难职工档案: the district opens a temporary file for a worker, makes it regular and records 解困; the review list and the read log show only its own members', async () => {
    const m2 = graph.fixture.members.m2;
    const fileOf = async (key: Parameters<typeof tokenFor>[0]) =>
      (await api<{ member: { hardshipFile: { kind: string; state: string; tier: string; history: { action: string }[] } | null } | null }>(await tok(key), 'query($id: ID!) { member(id: $id) { hardshipFile { kind state tier history { action } } } }', { id: m2.id })).member;
    expect((await fileOf('d1'))!.hardshipFile).toBeNull();

    const d1 = await newPage(browser);
    await signIn(d1.page, base, 'd1');
    await d1.page.goto(`${base}/members/${m2.id}`);
    const card = d1.page.getByTestId('hardship-card');
    await card.getByText('这位会员没有困难职工档案').waitFor();
    const step = async (action: string, fill: (modal: ReturnType<Page['locator']>) => Promise<void>, done: string) => {
      await d1.page.getByTestId(`hardship-${action}`).click();
      const modal = d1.page.locator('.ant-modal').filter({ has: d1.page.getByRole('button', { name: /确\s*定/ }) }).last();
      await modal.waitFor({ state: 'visible' });
      await fill(modal);
      await modal.getByRole('button', { name: /确\s*定/ }).click();
      await d1.page.locator('.ant-message-success').filter({ hasText: done }).waitFor();
    };
    await step('OPEN', async (modal) => {
      await modal.getByTestId('hardship-tier-select').click();
      await d1.page.locator('.ant-select-item-option', { hasText: '意外致困' }).click();
      await modal.getByLabel('临时困难').check();
      await modal.getByTestId('hardship-text').fill('送餐途中遭遇交通事故，腿部骨折，三个月无法接单');
      await modal.getByTestId('hardship-evidence').fill('医院诊断证明、事故认定书，已电话核实');
    }, '已建档');
    await card.getByTestId('hardship-state').filter({ hasText: '在档' }).waitFor();
    expect(await card.getByTestId('hardship-tier').textContent()).toBe('意外致困');
    await shot(d1.page, `${engine}-hardship-opened`);
    await step('MAKE_REGULAR', async (modal) => modal.getByTestId('hardship-text').fill('伤情留有后遗症，困难将长期存在'), '已转为常态困难档案');
    await step('EXIT', async (modal) => modal.getByTestId('hardship-text').fill('已康复并恢复接单，收入稳定'), '已解困');
    await card.getByTestId('hardship-state').filter({ hasText: '已解困' }).waitFor();
    await expect(card.locator('.ant-table-row').count()).resolves.toBe(3);
    await shot(d1.page, `${engine}-hardship-exited`);
    const file = (await fileOf('d1'))!.hardshipFile!;
    expect(file).toMatchObject({ kind: 'REGULAR', state: 'EXITED', tier: 'ACCIDENT' });
    expect(file.history.map((e) => e.action)).toEqual(['OPEN', 'MAKE_REGULAR', 'EXIT']);

    // The review list: m1's open file is there (a year ahead holds every file); m2's, now closed, is not.
    await d1.page.goto(`${base}/members/hardship`);
    await d1.page.getByTestId('hardship-window').getByText('全部在档').click();
    await d1.page.getByRole('link', { name: '王建国' }).waitFor();
    expect(await d1.page.getByRole('link', { name: '李秀英' }).count()).toBe(0);
    await shot(d1.page, `${engine}-hardship-reviews-d1`);
    await d1.context.close();

    // Another district sees neither the file nor the worker in its list, and cannot change it.
    expect(await fileOf('d2')).toBeNull();
    const d2 = await newPage(browser);
    await signIn(d2.page, base, 'd2');
    await d2.page.goto(`${base}/members/hardship`);
    await d2.page.getByTestId('hardship-window').getByText('全部在档').click();
    await d2.page.locator('.ant-table-row, .ant-table-placeholder').first().waitFor();
    expect(await d2.page.getByRole('link', { name: '王建国' }).count()).toBe(0);
    await d2.context.close();
  });

  test('查阅记录: a full read by pii:read staff shows in the district\'s read log with who read what; another district\'s log does not show it', async () => {
    const m1 = graph.fixture.members.m1;
    await api(await tok('d1', ['pii:read']), 'query($id: ID!) { member(id: $id) { idNumber(reveal: true) } }', { id: m1.id });
    const d1 = await newPage(browser);
    await signIn(d1.page, base, 'd1');
    await d1.page.goto(`${base}/audit`);
    const row = d1.page.locator('.ant-table-row', { hasText: '王建国' }).first();
    await row.waitFor();
    expect(await row.textContent()).toContain('完整身份证号');
    await shot(d1.page, `${engine}-pii-log-d1`);
    await d1.context.close();
    const d2 = await newPage(browser);
    await signIn(d2.page, base, 'd2');
    await d2.page.goto(`${base}/audit`);
    await d2.page.locator('.ant-table-row, .ant-table-placeholder').first().waitFor();
    expect(await d2.page.locator('.ant-table-row', { hasText: '王建国' }).count()).toBe(0);
    await d2.context.close();
  });

  test('建会: the district founds a union post under a street, records its place, renames it and closes it; each step is in its history, and another district never sees it', async () => {
    const d1 = await newPage(browser);
    await signIn(d1.page, base, 'd1');
    await d1.page.goto(`${base}/orgs`);
    await d1.page.getByRole('link', { name: '江北区滨江街道工会' }).or(d1.page.getByText('江北区滨江街道工会', { exact: true })).first().click();
    await d1.page.getByTestId('org-FOUND').waitFor();
    const confirm = async (button: string, fill: (modal: ReturnType<Page['locator']>) => Promise<void>, done: RegExp) => {
      await settled(d1.page);
      await d1.page.getByTestId(button).click();
      const modal = d1.page.locator('.ant-modal').filter({ has: d1.page.getByRole('button', { name: /确\s*定/ }) }).last();
      await modal.waitFor({ state: 'visible' });
      await fill(modal);
      await modal.getByRole('button', { name: /确\s*定/ }).click();
      const refused = d1.page.locator('.ant-message-error');
      await d1.page.locator('.ant-message-success').filter({ hasText: done }).last().or(refused.first()).waitFor();
      if (await refused.count()) {
        await shot(d1.page, `${engine}-org-refused`);
        throw new Error(`${button} was refused on screen: ${await refused.first().textContent()}`);
      }
    };
    await confirm('org-FOUND', async (m) => {
      await m.getByTestId('org-kind').click();
      await d1.page.locator('.ant-select-item-option', { hasText: '工会驿站' }).click();
      await m.getByTestId('org-name').fill('滨江夜色骑手工会驿站');
    }, /已建会/);
    await d1.page.getByRole('link', { name: '滨江夜色骑手工会驿站' }).or(d1.page.getByText('滨江夜色骑手工会驿站', { exact: true })).first().click();
    await d1.page.getByTestId('org-admin').waitFor();
    await confirm('org-PLACE', async (m) => {
      await m.getByLabel('地址').fill('滨江路 88 号一楼');
      await m.getByLabel('开放时间').fill('每天 18:00-次日 2:00');
      // Ticked by clicking the words, as a cadre does; the saved services are checked through the API below.
      for (const service of ['热饭', '充电']) expect(await tick(m, service)).toBe(true);
    }, /阵地信息已保存/);
    await d1.page.getByTestId('org-place').filter({ hasText: '滨江路 88 号一楼' }).waitFor();
    await confirm('org-RENAME', (m) => m.getByTestId('org-name').fill('滨江夜色经济工会驿站'), /已更名/);
    await d1.page.getByText('名称：滨江夜色骑手工会驿站 → 滨江夜色经济工会驿站').waitFor();
    await shot(d1.page, `${engine}-org-founded`);
    const api1 = await api<{ orgs: { id: string; name: string; closedAt: string | null; place: { services: string[] } | null; history: { edges: { node: { action: string } }[] } }[] }>(
      await tok('d1'),
      '{ orgs(search: { text: "滨江夜色", first: 5 }) { id name closedAt place { services } history(first: 10) { edges { node { action } } } } }',
    );
    expect(api1.orgs).toHaveLength(1);
    expect(api1.orgs[0]).toMatchObject({ name: '滨江夜色经济工会驿站', closedAt: null, place: { services: expect.arrayContaining(['CHARGING', 'MEAL_HEATING']) } });
    expect(api1.orgs[0].history.edges.map((e) => e.node.action).sort()).toEqual(['FOUND', 'RENAME', 'SET_PLACE']);
    // Another district does not see it at all.
    expect((await api<{ orgs: unknown[] }>(await tok('d2'), '{ orgs(search: { text: "滨江夜色", first: 5 }) { id } }')).orgs).toEqual([]);
    // No members, no cases: it can be closed; back at the street it shows as closed.
    await confirm('org-CLOSE', async () => undefined, /已撤销/);
    await d1.page.getByText('已撤销', { exact: true }).first().waitFor();
    await shot(d1.page, `${engine}-org-closed`);
    expect((await api<{ org: { closedAt: string | null } }>(await tok('d1'), 'query($id: ID!) { org(id: $id) { closedAt } }', { id: api1.orgs[0].id })).org.closedAt).not.toBeNull();
    await d1.context.close();
  });

  test('two browsers act on one case: the second sees the conflict message and the data is unchanged', async () => {
    const id = await raise('SUGGESTION', 'd1');
    const a = await newPage(browser);
    const b = await newPage(browser);
    await Promise.all([signIn(a.page, base, 'd1'), signIn(b.page, base, 'd1')]);
    await Promise.all([a.page.goto(`${base}/cases/${id}`), b.page.goto(`${base}/cases/${id}`)]);
    await Promise.all([a.page.getByTestId('action-ACCEPT').waitFor(), b.page.getByTestId('action-ACCEPT').waitFor()]);
    await act(a.page, 'ACCEPT', pickHandler('d1'));
    await a.page.getByTestId('case-state').filter({ hasText: '已接单' }).waitFor();
    const afterA = (await getCase(id))!;
    await act(b.page, 'ACCEPT', pickHandler('d1'), 'refused');
    await b.page.getByText('这件诉求刚被别人处理过').or(b.page.getByText('诉求当前的状态不能做这一步')).first().waitFor();
    await shot(b.page, `${engine}-case-conflict`);
    const afterB = (await getCase(id))!;
    expect(afterB.version).toBe(afterA.version);
    expect(afterB.events).toEqual(afterA.events);
    const r = await api<{ case: { responsible: string } }>(await tok('d1'), 'query($id: ID!) { case(id: $id) { responsible } }', { id });
    expect(r.case.responsible).toBe(graph.fixture.handlers.d1.display);
    await b.page.getByRole('button', { name: '知道了' }).click();
    await b.page.getByTestId('case-state').filter({ hasText: '已接单' }).waitFor();
    await a.context.close();
    await b.context.close();
  });

  test('人员与部室: an admin adds a 部室, opens an account in it and revokes it; every step is in the grant log', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, base, 'admin');
    await page.getByRole('menuitem', { name: '人员与部室' }).click();
    await page.getByTestId('directory-org').filter({ hasText: graph.fixture.orgs.city.name }).waitFor();
    const dialog = page.locator('.ant-modal').filter({ has: page.getByRole('button', { name: /确\s*定/ }) }).last();
    const ok = () => dialog.getByRole('button', { name: /确\s*定/ }).click();

    await page.getByRole('button', { name: '新增部室' }).click();
    await dialog.getByLabel('部室名称').fill('女职工部');
    await ok();
    await page.getByRole('cell', { name: '女职工部', exact: true }).waitFor();

    await settled(page);
    await page.getByRole('button', { name: '开通账号' }).click();
    await dialog.getByLabel('姓名').fill('何静');
    await dialog.getByLabel('登录账号').fill('idp|browser-he');
    await dialog.getByLabel('部室', { exact: true }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '女职工部' }).click();
    // The closing option list lies over the 权限 boxes for its animation: a click then lands on it.
    await page.locator('.ant-select-dropdown').last().waitFor({ state: 'hidden' });
    // Ticked by clicking the words, as a cadre does; the row below shows what was saved.
    expect(await tick(dialog, '诉求签单')).toBe(true);
    await ok();
    const row = page.getByRole('row').filter({ hasText: 'idp|browser-he' });
    await row.filter({ hasText: '诉求签单' }).filter({ hasText: '女职工部' }).waitFor();

    await row.getByText('停用').click();
    await dialog.getByLabel(/停用“何静”的原因/).fill('调离本单位');
    await ok();
    await row.filter({ hasText: '已停用' }).waitFor();
    await shot(page, `${engine}-staff-directory`);
    await context.close();

    const grants = (await graph.db.query(
      "SELECT g.action AS action, g.note AS note FROM staff_grant g JOIN staff_account a ON a.id = g.account_id WHERE a.subject = 'idp|browser-he' ORDER BY g.id",
    )) as { action: string; note: string }[];
    expect(grants.map((g) => [g.action, g.note])).toEqual([['GRANT', '开通'], ['REVOKE', '调离本单位']]);
  });

  test('the staff pages fit a 1280×800 laptop and a 1920-wide screen: nothing runs off the side', async () => {
    for (const [width, height] of [[1280, 800], [1920, 1080]] as const) {
      const { page, context } = await newPage(browser, width, height);
      await signIn(page, base, 'd1');
      const pages = [['/', '[data-testid=fig-total]'], ['/cases', '.ant-table-row, .ant-table-placeholder'], ['/members', '.ant-table-row'], ['/orgs', '.ant-table-row'], ['/members/applications', '.ant-table-row, .ant-table-placeholder'], ['/members/transfers', '.ant-table-row, .ant-table-placeholder'],
        ['/programmes', '.ant-table-row, .ant-table-placeholder'], ['/programmes/new', '[data-testid=rule-editor]'], ['/care', '.ant-table-row, .ant-table-placeholder'],
        ['/aid', '.ant-table-row, .ant-table-placeholder'], ['/partners', '.ant-table-row, .ant-table-placeholder'],
        ['/members/hardship', '.ant-table-row, .ant-table-placeholder'], ['/audit', '.ant-table-row, .ant-table-placeholder'], ['/staff', '.ant-table-row'], ['/visits', '.ant-picker-calendar']] as const;
      for (const [path, ready] of pages) {
        await page.goto(`${base}${path}`);
        await page.locator(ready).first().waitFor({ timeout: 10_000 }).catch(async (err: Error) => {
          await shot(page, `${engine}-${width}-not-ready`);
          throw new Error(`${path} at ${width} px never showed ${ready}: ${err.message}`);
        });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect({ path, width, overflow }).toEqual({ path, width, overflow: 0 });
        await shot(page, `${engine}-${width}${path.replace(/\//g, '-') || '-'}`);
      }
      await context.close();
    }
  });
});
