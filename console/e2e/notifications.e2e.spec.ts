/**
 * Notifications in a real browser against the real graph: the worker's bell on the phone view
 * (/m) counts what is unread, the list says what happened and what to do next, and reading
 * clears it; union staff see the notifications SMS/WeChat could not deliver in their area and
 * send them again; a sibling district sees none of them.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { OutboxRow } from '@lianxin/outbox';
import { WEBHOOK_TOPIC } from '@lianxin/members';
import { startTestGraph, type TestGraph } from '../../test/src/harness/graph';
import { enginesForSuites } from '../../test/src/harness/engines';
import { memberTokenFor, tokenFor } from '../../test/src/e2e/callers';
import { handlerAt, must, raise } from '../../test/src/e2e/cases-helpers';
import { launch, newPage, shot, signIn } from './browser';

const PHONE = [375, 667] as const;

describe.each(enginesForSuites())('notifications on screen on %s', (engine) => {
  let graph: TestGraph;
  let browser: Browser;
  let base: string;
  let caseNumber: string;
  // The SMS gateway is down: every notification becomes a dead letter after its one try. It keeps what it was sent.
  const sent: string[] = [];
  const gateway = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      sent.push(raw);
      res.writeHead(503).end();
    });
  });

  beforeAll(async () => {
    await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`;
    [graph, browser] = await Promise.all([
      startTestGraph(engine, { notify: { webhook: { url, secret: 'console-notifications-secret-0123456789', address: 'phone' }, maxAttempts: 1 } }),
      launch(),
    ]);
    base = graph.gatewayUrl.replace(/\/graphql$/, '');
    const e1 = (await tokenFor('e1', graph.fixture))!;
    const c = await raise(graph, await memberTokenFor('m1', graph.fixture), { description: '夜班结束后没有公交，希望开通通勤车' });
    await must(graph, e1, 'accept', { id: c.id, ...handlerAt(graph, 'e1') });
    await must(graph, e1, 'progress', { id: c.id, note: '已与企业协商通勤车方案' });
    await must(graph, e1, 'awaitWorker', { id: c.id, note: '请提供下班时间' });
    caseNumber = c.number;
    await graph.drainNotifications();
  });
  afterAll(async () => {
    await browser?.close();
    await graph?.stop();
    await new Promise((r) => gateway.close(r));
  });

  const unread = async () => {
    const r = await graph.gql<{ me: { unreadNotifications: number } }>(await memberTokenFor('m1', graph.fixture), '{ me { unreadNotifications } }');
    return r.data!.me.unreadNotifications;
  };

  test('the worker sees the unread count on the bell, reads what happened and what to do next, and reading clears it', async () => {
    const { page } = await newPage(browser, ...PHONE);
    await signIn(page, base, 'member', '/m/cases');
    await page.getByTestId('bell-count').filter({ hasText: '3' }).waitFor();
    await shot(page, 'notifications-1-bell');

    await page.getByTestId('bell').click();
    await page.waitForURL(`${base}/m/notifications`);
    const items = page.getByTestId('notification');
    await items.first().waitFor();
    expect(await items.count()).toBe(3);
    const titles = await page.locator('[data-testid=notification] strong').allInnerTexts();
    expect(titles).toEqual(['请补充诉求情况', '诉求有新进展', '诉求已受理']);
    await expect(items.first().innerText()).resolves.toContain(caseNumber);
    await expect(items.first().innerText()).resolves.toContain('请在“我的诉求”中查看需要补充的内容并回复');
    await page.getByRole('heading', { name: '消息（3 条未读）' }).waitFor();
    await shot(page, 'notifications-2-list');

    // Tapping one reads it; the bell follows.
    await items.nth(1).click();
    await page.locator('[data-testid=notification][data-read=yes]').waitFor();
    await page.getByTestId('bell-count').filter({ hasText: '2' }).waitFor();
    expect(await unread()).toBe(2);

    await page.getByTestId('read-all').click();
    await page.getByRole('heading', { name: '消息', exact: true }).waitFor();
    await page.getByTestId('bell-count').waitFor({ state: 'detached' });
    expect(await page.locator('[data-testid=notification][data-read=no]').count()).toBe(0);
    expect(await unread()).toBe(0);
    await shot(page, 'notifications-3-all-read');
  });

  test('union staff see the notifications SMS could not deliver in their area and send them again; a sibling district sees none', async () => {
    const { page } = await newPage(browser);
    await signIn(page, base, 'e1');
    await page.getByRole('menuitem', { name: '通知未送达' }).click();
    await page.waitForURL(`${base}/notifications`);
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(3);
    await expect(rows.first().innerText()).resolves.toMatch(/王建国[\s\S]*请补充诉求情况[\s\S]*短信\/微信接口拒收（代码 503）/);
    await shot(page, 'notifications-4-dead-letters');

    await rows.first().getByRole('button', { name: '重新发送' }).click();
    await page.getByText('已重新排队发送').waitFor();
    const pending = await graph.db.getRepository(OutboxRow).countBy({ topic: WEBHOOK_TOPIC, state: 'PENDING' as never });
    expect(pending).toBe(1);
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);

    // An SMS gateway needs the phone (NOTIFY_WEBHOOK_ADDRESS=phone): it gets that, and never the ID number.
    const m1 = graph.fixture.members.m1;
    expect(sent.map((b) => JSON.parse(b).address)).toEqual([m1.phone, m1.phone, m1.phone]);
    for (const b of sent) expect(b).not.toContain(m1.idNumber);

    const other = await newPage(browser);
    await signIn(other.page, base, 'd2');
    await other.page.getByRole('menuitem', { name: '通知未送达' }).click();
    await other.page.getByText('没有未送达的通知').waitFor();
    await shot(other.page, 'notifications-5-other-district');
  });
});
