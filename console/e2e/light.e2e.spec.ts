/**
 * The partner desk (/desk) and the worker's phone view (/m) in a real browser against the
 * real graph: a member claims a cinema ticket on the phone, a bound cinema's desk redeems it
 * exactly once, an unbound one cannot, and nothing personal reaches the desk's screen.
 */
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startTestGraph, type TestGraph } from '../../test/src/harness/graph';
import { enginesForSuites } from '../../test/src/harness/engines';
import { memberTokenFor, tokenFor } from '../../test/src/e2e/callers';
import { allocate, bindPartner, issueKey, newProgramme, ok, registerPartner } from '../../test/src/e2e/benefits-helpers';
import { launch, newPage, shot, signIn } from './browser';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { MANIFEST } = require('../scripts/partner-manifest.cjs') as { MANIFEST: string };

const PHONE = [375, 667] as const;
const TABLET = [1024, 768] as const;

/** What the desk must never show: ID numbers, phones, the fixture's full names, hardship and aid words. */
const FORBIDDEN_ON_DESK: [string, RegExp][] = [
  ['ID number', /\d{17}[\dXx]/],
  ['phone', /(?<!\d)1[3-9]\d{9}(?!\d)/],
  ['full name', /王建国|李秀英|张伟|刘芳/],
  ['hardship or aid word', /困难|帮扶|救助|助学|慰问|低保|劳模|特困|残疾/],
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe.each(enginesForSuites())('the desk and the phone view on %s', (engine) => {
  let graph: TestGraph;
  let browser: Browser;
  let base: string;
  let tokens: { city: string; d1: string; e1: string; s1: string; m1: string; m2: string };
  let cinema: { id: string; key: string };
  let otherCinema: { id: string; key: string };
  let secondDesk: { id: string; key: string };
  let programme: { id: string; name: string };
  /** The ticket m1 claims on the phone: its QR payload as the phone shows it. */
  let ticket: string;
  /** The text of every desk screen the suite reached, scanned at the end. */
  const deskScreens: { name: string; text: string }[] = [];

  beforeAll(async () => {
    [graph, browser] = await Promise.all([startTestGraph(engine, { gatewayEnv: { PARTNER_DOCUMENTS: 'trusted' } }), launch()]);
    base = graph.gatewayUrl.replace(/\/graphql$/, '');
    const f = graph.fixture;
    tokens = {
      city: (await tokenFor('city', f))!,
      d1: (await tokenFor('d1', f))!,
      e1: (await tokenFor('e1', f))!,
      s1: (await tokenFor('s1', f))!,
      m1: await memberTokenFor('m1', f),
      m2: await memberTokenFor('m2', f),
    };
    // A city cinema programme, one ticket a month, with a quota shared by two districts.
    const p = await newProgramme(graph, tokens.city, {
      orgId: f.orgs.city.id, name: '职工暑期观影', kind: 'CINEMA_VOUCHER', quota: 20,
      requires: [{ type: 'membership', status: ['ACTIVE'] }, { type: 'perMemberLimit', count: 1, period: 'MONTH' }],
    });
    programme = { id: p.id, name: p.name };
    await allocate(graph, tokens.city, p.id, f.orgs.d1.id, 10);
    await allocate(graph, tokens.city, p.id, f.orgs.d2.id, 10);
    const bound = await registerPartner(graph, tokens.city, f.orgs.city.id, '滨江影城', 'CINEMA');
    const unbound = await registerPartner(graph, tokens.city, f.orgs.city.id, '江北影院', 'CINEMA');
    const second = await registerPartner(graph, tokens.city, f.orgs.city.id, '万达影城', 'CINEMA');
    await bindPartner(graph, tokens.city, bound.id, p.id);
    await bindPartner(graph, tokens.city, second.id, p.id);
    cinema = { id: bound.id, key: (await issueKey(graph, tokens.city, bound.id)).key };
    otherCinema = { id: unbound.id, key: (await issueKey(graph, tokens.city, unbound.id)).key };
    secondDesk = { id: second.id, key: (await issueKey(graph, tokens.city, second.id)).key };
  });
  afterAll(async () => {
    await browser?.close();
    await graph?.stop();
  });

  async function api<T = Record<string, unknown>>(token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
    return ok(await graph.gql<T>(token, query, variables), query.slice(0, 40));
  }

  /** A member's phone: the session the shared sign-in would leave, then /m. */
  async function phoneAs(token: string, path = '/m') {
    const { page, context } = await newPage(browser, ...PHONE);
    await page.goto(`${base}/signin`);
    await page.evaluate((t) => sessionStorage.setItem('lianxin.session', JSON.stringify({ token: t, label: '会员' })), token);
    await page.goto(`${base}${path}`);
    return { page, context };
  }

  /** A tablet at a cashier, signed in with the venue's API key through the desk's own form. */
  async function deskWith(key: string) {
    const { page, context } = await newPage(browser, ...TABLET);
    await page.goto(`${base}/desk`);
    await page.getByTestId('desk-key').fill(key);
    await page.getByTestId('desk-signin').click();
    await page.getByTestId('desk-programmes').waitFor();
    await page.getByTestId('today').waitFor();
    return { page, context };
  }

  /** Types (or a scanner injects) a scanned text and waits for the desk's answer; returns how long that took. */
  async function scan(page: Page, text: string, answer = '[data-testid=verdict-valid], [data-testid=verdict-bad], [data-testid=verdict-ok], [data-testid=eligible-yes], [data-testid=eligible-no]'): Promise<number> {
    await page.getByTestId('desk-code').fill(text);
    const t0 = Date.now();
    await page.getByTestId('desk-code').press('Enter');
    await page.locator(answer).first().waitFor();
    return Date.now() - t0;
  }

  async function remember(page: Page, name: string) {
    await page.waitForLoadState('networkidle');
    deskScreens.push({ name, text: await page.evaluate(() => document.body.innerText + '\n' + document.documentElement.outerHTML) });
    await shot(page, `${engine}-desk-${name}`);
  }

  test('a member signs in through the shared sign-in, lands on /m and claims a cinema ticket; the next one is next month', async () => {
    const { page, context } = await newPage(browser, ...PHONE);
    await signIn(page, base, 'member', '/m/cases');
    await shot(page, `${engine}-m-cases-empty`);
    await page.getByTestId('tab-vouchers').click();
    const row = page.locator(`[data-testid=claim-row][data-programme="${programme.id}"]`);
    await row.getByTestId('claim').click();
    const qr = page.getByTestId('voucher-qr');
    await qr.waitFor();
    ticket = (await qr.getAttribute('data-payload'))!;
    expect(ticket).toMatch(/^lianxin:\/\/v\/[0-9A-Z]{20}$/);
    // One a month: the programme now says when the next one can be claimed.
    await row.getByTestId('not-yet').waitFor();
    expect(await row.getByTestId('not-yet').textContent()).toMatch(/次数您已经用完.*月1日起可以领取/);
    await shot(page, `${engine}-m-vouchers`);
    const mine = await api<{ me: { vouchers: { edges: { node: { qrPayload: string; state: string } }[] } } }>(tokens.m1, '{ me { vouchers(first: 20) { edges { node { qrPayload state } } } } }');
    expect(mine.me.vouchers.edges.map((e) => e.node)).toEqual([{ qrPayload: ticket, state: 'ISSUED' }]);
    await context.close();
  });

  test('a cinema not bound to the programme cannot redeem it: its desk reads the ticket as unknown and offers no button', async () => {
    const { page, context } = await deskWith(otherCinema.key);
    await remember(page, 'signed-in-unbound');
    await scan(page, ticket);
    await expect(page.getByTestId('verdict-bad').getAttribute('data-reason')).resolves.toBe('UNKNOWN_CODE');
    expect(await page.getByTestId('verdict-bad').textContent()).toContain('查无此券');
    expect(await page.getByTestId('redeem').count()).toBe(0);
    await remember(page, 'unknown-code');
    // Straight to the API, as a partner may: the published redemption, by its hash.
    const manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as Record<string, string>;
    const redeem = Object.keys(manifest).find((hash) => manifest[hash].startsWith('mutation DeskRedeem'))!;
    const { body: res } = await graph.post(graph.gatewayUrl, { documentId: `sha256:${redeem}`, variables: { code: ticket, idempotencyKey: 'unbound-1' } }, { 'x-api-key': otherCinema.key });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNKNOWN_CODE');
    // Anything else from a partner is refused before it runs.
    const free = await graph.gqlWithApiKey(otherCinema.key, 'mutation($c: String!) { redeemVoucher(code: $c, idempotencyKey: "unbound-2") { id } }', { c: ticket });
    expect(free.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    await context.close();
  });

  test('the bound cinema scans the ticket and redeems it; the phone shows it used; a second scan says 已核销', async () => {
    // The desk's sign-in screen, before any key.
    const fresh = await newPage(browser, ...TABLET);
    await fresh.page.goto(`${base}/desk`);
    await fresh.page.getByTestId('desk-key').waitFor();
    await remember(fresh.page, 'signin');
    await fresh.context.close();

    const { page, context } = await deskWith(cinema.key);
    // Scan to answer, several times over (checking only): the median is reported, not asserted.
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      times.push(await scan(page, ticket, '[data-testid=verdict-valid]'));
      await page.getByTestId('desk-code').fill('');
    }
    console.log(`[${engine}] desk scan to answer: median ${median(times)} ms (${times.join(', ')})`);
    expect(await page.getByTestId('fact-programme').textContent()).toBe(programme.name);
    expect(await page.getByTestId('fact-member').textContent()).toBe('王*国');
    await remember(page, 'valid');
    await page.getByTestId('redeem').click();
    await page.getByTestId('verdict-ok').waitFor();
    await page.getByTestId('today-row').first().waitFor();
    expect(await page.getByTestId('today-row').count()).toBe(1);
    await remember(page, 'redeemed');

    await scan(page, ticket);
    await expect(page.getByTestId('verdict-bad').getAttribute('data-reason')).resolves.toBe('ALREADY_REDEEMED');
    expect(await page.getByTestId('verdict-bad').textContent()).toContain('已核销');
    await remember(page, 'already-redeemed');

    // The member's QR: m1 has had this month's ticket, so "no", with the partner-safe reason.
    const memberQr = (await api<{ me: { qrPayload: string } }>(tokens.m1, '{ me { qrPayload } }')).me.qrPayload;
    await scan(page, memberQr);
    await page.getByTestId('eligible-no').waitFor();
    expect(await page.getByTestId('eligible-no').textContent()).toContain('次数已用完');
    await remember(page, 'member-not-eligible');
    // m2 has had none: "yes".
    const m2Qr = (await api<{ me: { qrPayload: string } }>(tokens.m2, '{ me { qrPayload } }')).me.qrPayload;
    await scan(page, m2Qr);
    await page.getByTestId('eligible-yes').waitFor();
    expect(await page.getByTestId('fact-member').textContent()).toBe('李*英');
    await remember(page, 'member-eligible');
    await scan(page, 'lianxin://m/not-a-member');
    expect(await page.getByTestId('eligible-no').textContent()).toContain('无法识别');
    await remember(page, 'member-invalid-qr');
    await context.close();

    const phone = await phoneAs(tokens.m1, '/m/vouchers');
    await phone.page.getByTestId('voucher-state').filter({ hasText: '已使用' }).waitFor();
    await shot(phone.page, `${engine}-m-vouchers-used`);
    await phone.context.close();
  });

  test('20 redeem clicks at once on two desks redeem the voucher exactly once', async () => {
    const v = (await api<{ claimVoucher: { code: string; qrPayload: string } }>(tokens.m2, 'mutation($p: ID!) { claimVoucher(programmeId: $p) { code qrPayload } }', { p: programme.id })).claimVoucher;
    const desks = await Promise.all([deskWith(cinema.key), deskWith(secondDesk.key)]);
    for (const d of desks) await scan(d.page, v.qrPayload, '[data-testid=verdict-valid]');
    await Promise.all(
      desks.map((d) =>
        d.page.evaluate(() => {
          const button = document.querySelector<HTMLButtonElement>('[data-testid=redeem]')!;
          for (let i = 0; i < 10; i++) button.click();
        }),
      ),
    );
    const outcomes = await Promise.all(desks.map(async (d) => {
      await d.page.locator('[data-testid=verdict-ok], [data-testid=verdict-bad]').first().waitFor();
      return (await d.page.getByTestId('verdict-ok').count()) ? 'redeemed' : await d.page.getByTestId('verdict-bad').getAttribute('data-reason');
    }));
    expect(outcomes.sort()).toEqual(['ALREADY_REDEEMED', 'redeemed']);
    await remember(desks[0].page, 'race-a');
    await remember(desks[1].page, 'race-b');
    const rows = (await graph.benefitsDb.query('SELECT COUNT(*) AS n FROM redemption r JOIN voucher v ON v.id = r.voucher_id WHERE v.code = ?', [v.code])) as { n: number | string }[];
    expect(Number(rows[0].n)).toBe(1);
    for (const d of desks) await d.context.close();
  });

  test('a retry after a lost answer redeems once and shows the first answer', async () => {
    const f = graph.fixture;
    const m3 = await memberTokenFor('m3', f);
    const v = (await api<{ claimVoucher: { code: string; qrPayload: string } }>(m3, 'mutation($p: ID!) { claimVoucher(programmeId: $p) { code qrPayload } }', { p: programme.id })).claimVoucher;
    const { page, context } = await deskWith(cinema.key);
    await scan(page, v.code.toLowerCase(), '[data-testid=verdict-valid]');
    // The first redeem reaches the graph, but its answer is lost on the way back.
    let lost = 0;
    await page.route('**/graphql', async (route) => {
      // The desk sends its operations by hash, so the redemption is the request carrying an idempotency key.
      if (!lost && route.request().postData()?.includes('idempotencyKey')) {
        lost++;
        await route.fetch();
        await route.abort('connectionreset');
        return;
      }
      await route.continue();
    });
    await page.getByTestId('redeem').click();
    await page.getByTestId('redeem-failed').waitFor();
    await remember(page, 'redeem-lost');
    await page.getByTestId('redeem').click();
    await page.getByTestId('verdict-ok').waitFor();
    expect(lost).toBe(1);
    const rows = (await graph.benefitsDb.query('SELECT COUNT(*) AS n FROM redemption r JOIN voucher v ON v.id = r.voucher_id WHERE v.code = ?', [v.code])) as { n: number | string }[];
    expect(Number(rows[0].n)).toBe(1);
    await context.close();
  });

  test('the phone view at 375×667 shows only the member\'s own cases and vouchers; another member\'s case is 未找到', async () => {
    const f = graph.fixture;
    // m2's own case, raised through the API.
    const other = (await api<{ raiseCase: { id: string } }>(tokens.m2, 'mutation($i: RaiseCaseInput!) { raiseCase(input: $i) { id } }', { i: { kind: 'SUGGESTION', channel: 'WEBSITE', description: '食堂晚餐能否延长供应时间？' } })).raiseCase.id;
    // m1 raises one on the phone.
    const { page, context } = await phoneAs(tokens.m1, '/m/cases');
    await page.getByTestId('new-case').click();
    await page.getByTestId('case-kind').selectOption('LEGAL_AID');
    await page.getByTestId('case-description').fill('公司拖欠我两个月工资，希望工会帮忙讨回。');
    await shot(page, `${engine}-m-new-case`);
    await page.getByTestId('case-submit').click();
    await page.getByTestId('timeline-step').first().waitFor();
    const id = page.url().split('/').pop()!;
    expect(await page.getByTestId('timeline-step').first().textContent()).toContain('您提交了诉求');
    const raised = await api<{ case: { channel: string; member: { id: string } } }>(tokens.d1, 'query($id: ID!) { case(id: $id) { channel member { id } } }', { id });
    expect(raised.case).toEqual({ channel: 'WEBSITE', member: { id: f.members.m1.id } });
    await shot(page, `${engine}-m-case`);

    await page.goto(`${base}/m/cases`);
    await page.getByTestId('case-row').first().waitFor();
    const own = await api<{ me: { cases: { edges: { node: { id: string } }[] } } }>(tokens.m1, '{ me { cases(first: 50) { edges { node { id } } } } }');
    expect(await page.getByTestId('case-row').count()).toBe(own.me.cases.edges.length);
    expect(await page.locator(`a[href="/m/cases/${other}"]`).count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    await shot(page, `${engine}-m-cases`);

    await page.goto(`${base}/m/cases/${other}`);
    await page.getByTestId('not-found').waitFor();
    expect(await page.getByTestId('not-found').textContent()).toContain('未找到');
    expect(await page.locator('body').textContent()).not.toContain('食堂晚餐');
    await shot(page, `${engine}-m-case-not-found`);

    await page.goto(`${base}/m/vouchers`);
    await page.getByTestId('voucher').first().waitFor();
    const vouchers = await api<{ me: { vouchers: { edges: unknown[] } } }>(tokens.m1, '{ me { vouchers(first: 50) { edges { node { id } } } } }');
    expect(await page.getByTestId('voucher').count()).toBe(vouchers.me.vouchers.edges.length);

    await page.goto(`${base}/m/me`);
    await page.getByTestId('member-qr').waitFor();
    expect(await page.getByTestId('membership-org').textContent()).toBe(f.orgs.e1.name);
    expect(await page.getByTestId('membership-status').textContent()).toBe('正常');
    await shot(page, `${engine}-m-me`);
    await context.close();
  });

  test('the member rates a signed-off case 不满意 on the phone: warned first, then the case reopens under supervision', async () => {
    const id = (await api<{ raiseCase: { id: string } }>(tokens.m1, 'mutation($i: RaiseCaseInput!) { raiseCase(input: $i) { id } }', { i: { kind: 'LEGAL_AID', channel: 'WEBSITE', description: '加班费一直没有按规定发放。' } })).raiseCase.id;
    const step = async (token: string, mutation: string, vars: Record<string, unknown> = {}) => {
      const c = await api<{ case: { version: number } }>(token, 'query($id: ID!) { case(id: $id) { version } }', { id });
      await api(token, mutation, { id, v: c.case.version, ...vars });
    };
    const e1 = graph.fixture.handlers.e1;
    await step(tokens.e1, 'mutation($id: ID!, $v: Int, $s: ID!, $d: ID) { acceptCase(id: $id, version: $v, staffId: $s, departmentId: $d) { id } }', { s: e1.staffId, d: e1.departmentId });
    await step(tokens.e1, 'mutation($id: ID!, $v: Int) { resolveCase(id: $id, version: $v, resolution: "已与公司协商补发加班费") { id } }');
    await step(tokens.s1, 'mutation($id: ID!, $v: Int) { signOffCase(id: $id, version: $v) { id } }');
    const { page, context } = await phoneAs(tokens.m1, `/m/cases/${id}`);
    await page.getByTestId('rate').waitFor();
    await page.getByTestId('rating-UNSATISFIED').click();
    expect(await page.getByTestId('reopen-warning').textContent()).toContain('重新办理');
    await shot(page, `${engine}-m-case-rate`);
    await page.getByTestId('rate-submit').click();
    await page.getByTestId('rated').waitFor();
    const after = await api<{ case: { state: string; supervised: boolean } }>(tokens.d1, 'query($id: ID!) { case(id: $id) { state supervised } }', { id });
    expect(after.case).toEqual({ state: 'IN_PROGRESS', supervised: true });
    await context.close();
  });

  test('education aid goes from the member\'s application on /m to delivered, through the enterprise and the district', async () => {
    const f = graph.fixture;
    await newProgramme(graph, tokens.city, {
      orgId: f.orgs.city.id, name: '金秋助学', kind: 'EDUCATION_AID', quota: 10, budgetCents: 500_000, amountCents: 50_000, voucherValidDays: null,
      requires: [{ type: 'child', minAge: 6, maxAge: 18 }],
    });
    const { page, context } = await phoneAs(tokens.m1, '/m/aid');
    await page.getByTestId('aid-submit').click();
    await page.getByTestId('aid-application').first().waitFor();
    expect(await page.getByTestId('aid-state').first().textContent()).toBe('等所在工会审核');
    await shot(page, `${engine}-m-aid-applied`);
    const { aidApplications } = await api<{ aidApplications: { edges: { node: { id: string } }[] } }>(tokens.m1, '{ aidApplications(first: 5) { edges { node { id } } } }');
    const appId = aidApplications.edges[0].node.id;
    await api(tokens.e1, 'mutation($id: ID!) { checkAidApplication(id: $id, approve: true, note: "情况属实") { id } }', { id: appId });
    await api(tokens.d1, 'mutation($id: ID!) { reviewAidApplication(id: $id, award: true) { id } }', { id: appId });
    await page.reload();
    await page.getByTestId('aid-state').filter({ hasText: '已批准' }).waitFor();
    await api(tokens.d1, 'mutation($id: ID!) { markAidDelivered(id: $id, note: "学习用品已送到家") { id } }', { id: appId });
    await page.reload();
    await page.getByTestId('aid-state').filter({ hasText: '已发放' }).waitFor();
    expect(await page.getByTestId('aid-steps').locator('li:not(.lx-step-todo)').count()).toBe(4);
    await shot(page, `${engine}-m-aid-delivered`);
    await context.close();
  });

  test('a worker asks on the phone to move to a new employer\'s union by its join code; the member shows as transferring', async () => {
    const f = graph.fixture;
    const m4 = await memberTokenFor('m4', f);
    const { page, context } = await phoneAs(m4, '/m/me');
    await page.getByTestId('transfer-code').fill(f.orgs.e2.joinCode);
    await page.getByTestId('transfer-lookup').click();
    expect(await page.getByTestId('transfer-target').textContent()).toContain(f.orgs.e2.name);
    await page.getByTestId('transfer-reason').fill('换了新单位');
    await shot(page, `${engine}-m-transfer-form`);
    await page.getByTestId('transfer-submit').click();
    await page.getByTestId('transfer-status').filter({ hasText: '等待新工会接收' }).waitFor();
    expect(await page.getByTestId('membership-status').textContent()).toBe('正在转会');
    expect(await page.getByTestId('transfer-form').count()).toBe(0);
    await shot(page, `${engine}-m-transfer-requested`);
    const incoming = await api<{ transfers: { edges: { node: { memberName: string; status: string } }[] } }>(tokens.s1, '{ transfers(direction: IN) { edges { node { memberName status } } } }');
    expect(incoming.transfers.edges.map((e) => e.node)).toContainEqual({ memberName: '刘*', status: 'REQUESTED' });
    await context.close();
  });

  test('no desk screen the suite reached shows an ID number, a phone, a full name or a hardship or aid word', () => {
    expect(deskScreens.length).toBeGreaterThanOrEqual(10);
    const hits = deskScreens.flatMap((s) => FORBIDDEN_ON_DESK.filter(([, re]) => re.test(s.text)).map(([what]) => `${s.name}: ${what} (${s.text.match(FORBIDDEN_ON_DESK.find(([w]) => w === what)![1])?.[0]})`));
    expect(hits).toEqual([]);
  });
});
