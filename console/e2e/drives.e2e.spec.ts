/**
 * 扫码入会行动 in a real browser against the real graph: a district's drive with a few weeks of
 * joins; the district reads the ranking and the daily curve, sets a street's targets and opens
 * its poster; the street sees only its own part; a sibling district none of it. The figures on
 * screen are checked against the API, and the API's against the rows.
 */
import type { Browser, Page } from 'playwright-core';
import { newId } from '@lianxin/auth';
import { DriveJoinRow, JoinApplicationRow } from '@lianxin/members';
import type { TestGraph } from '../../test/src/harness/graph';
import { enginesForSuites } from '../../test/src/harness/engines';
import { idNumber } from '../../test/src/harness/fixtures';
import { tokenFor, type CallerKey } from '../../test/src/e2e/callers';
import { closeGraphAndBrowser, newPage, openGraphAndBrowser, shot, signIn } from './browser';

/** A Shanghai calendar day, `n` days from today. */
const day = (n = 0): string => new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);
const GIG = ['DELIVERY_RIDER', 'COURIER', 'RIDE_HAILING_DRIVER', 'LIVE_STREAMER'];

describe.each(enginesForSuites())('the 扫码入会行动 page on %s', (engine) => {
  let graph: TestGraph;
  let browser: Browser;
  let base: string;
  let driveId: string;
  beforeAll(async () => ({ graph, browser, base } = await openGraphAndBrowser(engine)));
  afterAll(() => closeGraphAndBrowser(graph, browser));

  const tok = (key: CallerKey) => tokenFor(key, graph.fixture) as Promise<string>;
  async function api<T = Record<string, unknown>>(token: string | undefined, query: string, variables?: Record<string, unknown>): Promise<T> {
    const r = await graph.gql<T>(token, query, variables);
    if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
    return r.data as T;
  }
  const openDrives = async (identity: string): Promise<Page> => {
    const { page } = await newPage(browser, 1280, 900);
    await signIn(page, base, identity);
    await page.getByRole('menuitem', { name: '扫码入会行动' }).click();
    await page.waitForURL(`${base}/drives`);
    return page;
  };
  const figures = async (key: CallerKey) => (await api<{ joinDriveFigures: { day: { joins: number }; week: { joins: number }; total: { joins: number; gig: number }; byOrg: { org: { id: string }; rank: number }[] } }>(
    await tok(key), 'query($d: ID!) { joinDriveFigures(driveId: $d) { day { joins } week { joins } total { joins gig } byOrg { rank org { id } } } }', { d: driveId })).joinDriveFigures;

  test('the district ranks its streets and follows the daily curve, sets a target and prints a poster; the street sees its own part; a sibling district nothing', async () => {
    const { orgs } = graph.fixture;
    const d1 = await tok('d1');
    const streets = (await api<{ org: { children: { id: string }[] } }>(d1, 'query($id: ID!) { org(id: $id) { children { id } } }', { id: orgs.d1.id })).org.children;
    const created = await api<{ createJoinDrive: { id: string } }>(d1, 'mutation($i: CreateJoinDriveInput!) { createJoinDrive(input: $i) { id } }', {
      i: { orgId: orgs.d1.id, title: '新就业形态劳动者扫码入会百日行动', startsOn: day(-20), endsOn: day(79), gigFocus: true, targets: streets.map((s) => ({ orgId: s.id, perDay: 10, perWeek: 60, perMonth: 250 })) },
    });
    driveId = created.createJoinDrive.id;

    // Three weeks of scans before today, written as the service writes them: an application and its attribution.
    let seq = 100;
    const apps: JoinApplicationRow[] = [];
    const joins: DriveJoinRow[] = [];
    for (let d = -20; d < 0; d++) {
      const n = Math.round(6 + 5 * Math.sin((d + 20) / 3) + (d > -14 ? 4 : 0));
      for (let k = 0; k < n; k++) {
        const union = k % 3 ? orgs.e1 : orgs.e2;
        const type = k % 5 ? GIG[k % 4] : 'REGULAR';
        const at = new Date(`${day(d)}T03:00:00Z`);
        const app = Object.assign(new JoinApplicationRow(), {
          id: newId(at.getTime()), orgId: union.id, orgPath: union.path, name: '骑手', gender: 'MALE', birthDate: '1994-02-02', idNumber: idNumber('1994-02-02', seq++),
          pendingKey: null, phone: '13700005555', employmentType: type, status: k === 7 ? 'REJECTED' : 'APPROVED', rejectReason: k === 7 ? '非本单位职工' : null,
          memberId: null, createdAt: at, reviewedAt: at, reviewedBy: 'seed',
        });
        apps.push(app);
        joins.push(Object.assign(new DriveJoinRow(), { applicationId: app.id, driveId, subOrgId: orgs.s1.id, orgId: union.id, orgPath: union.path, employmentType: type, joinedOn: day(d), createdAt: at }));
      }
    }
    await graph.db.getRepository(JoinApplicationRow).insert(apps);
    await graph.db.getRepository(DriveJoinRow).insert(joins);
    // Today's scans go through the poster, as a worker's phone sends them.
    const poster = (await api<{ joinDrive: { targets: { org: { id: string }; qrCode: string }[] } }>(d1, 'query($id: ID!) { joinDrive(id: $id) { targets { org { id } qrCode } } }', { id: driveId })).joinDrive.targets.find((t) => t.org.id === orgs.s1.id)!.qrCode;
    for (let k = 0; k < 3; k++) {
      await api(undefined, 'mutation($c: String!, $i: DriveJoinInput!) { joinThroughDrive(code: $c, input: $i) { applicationId } }', {
        c: poster, i: { unionId: orgs.e1.id, name: '快递小哥', gender: 'MALE', idNumber: idNumber('1995-05-05', 900 + k), phone: '13800009999', employmentType: 'COURIER' },
      });
    }
    const counted = joins.filter((j, i) => apps[i].status !== 'REJECTED').length + 3;
    const district = await figures('d1');
    expect(district.total.joins).toBe(counted);
    expect(district.day.joins).toBe(3);

    const page = await openDrives('d1');
    await page.getByTestId('drive-title').getByText('新就业形态劳动者扫码入会百日行动').waitFor();
    await page.getByTestId('drive-curve').locator('canvas').waitFor();
    expect(await page.getByTestId('drive-fig-total').textContent()).toBe(String(district.total.joins));
    expect(await page.getByTestId('drive-fig-day').textContent()).toBe(`3 / ${10 * streets.length}（${Math.round((3 / (10 * streets.length)) * 100)}%）`);
    const ranking = page.getByTestId('drive-ranking');
    await ranking.getByText(orgs.s1.name).waitFor();
    expect(await ranking.locator('tbody tr').count()).toBe(streets.length);
    // The street with the joins leads the week.
    expect(await ranking.locator('tbody tr').first().textContent()).toContain(orgs.s1.name);
    await shot(page, 'drives-d1');

    // Targets: the district raises s1's day target; the API reads it back.
    await page.getByRole('button', { name: '设置目标' }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '设置各单位入会目标' });
    await modal.waitFor({ state: 'visible' });
    const perDay = modal.getByLabel(`${orgs.s1.name} 每日`);
    await perDay.fill('15');
    await shot(page, 'drives-targets');
    await modal.getByRole('button', { name: '保存目标' }).click();
    await page.locator('.ant-message-success').filter({ hasText: '已保存' }).waitFor();
    const targets = (await api<{ joinDrive: { version: number; targets: { org: { id: string }; perDay: number; perWeek: number }[] } }>(d1, 'query($id: ID!) { joinDrive(id: $id) { version targets { org { id } perDay perWeek } } }', { id: driveId })).joinDrive;
    expect(targets.version).toBe(2);
    expect(targets.targets.find((t) => t.org.id === orgs.s1.id)).toEqual({ org: { id: orgs.s1.id }, perDay: 15, perWeek: 60 });

    // The poster of s1: a printable QR for the signed code.
    await ranking.locator('tbody tr').filter({ hasText: orgs.s1.name }).getByRole('button', { name: '亮码打印' }).click();
    await page.getByTestId('drive-qr').locator('canvas').waitFor();
    expect(await page.getByTestId('drive-qr').textContent()).toContain(orgs.s1.name);
    await shot(page, 'drives-qr');
    await page.keyboard.press('Escape');

    // The street sees its own row only, keeps no targets, and prints its own poster.
    const street = await openDrives('s1');
    const streetRanking = street.getByTestId('drive-ranking');
    await streetRanking.getByText(orgs.s1.name).waitFor();
    expect(await streetRanking.locator('tbody tr').count()).toBe(1);
    expect(await street.getByRole('button', { name: '设置目标' }).count()).toBe(0);
    expect(await street.getByTestId('drive-fig-total').textContent()).toBe(String((await figures('s1')).total.joins));
    await shot(street, 'drives-s1');

    // A sibling district has no part in it, and starts its own.
    const sibling = await openDrives('d2');
    await sibling.getByText('还没有您参与的扫码入会行动').waitFor();
    await sibling.getByRole('button', { name: '发起入会行动' }).click();
    const start = sibling.locator('.ant-modal').filter({ hasText: '发起扫码入会行动' });
    await start.waitFor({ state: 'visible' });
    await start.getByLabel('行动名称').fill('青山县新就业形态劳动者入会行动');
    await start.getByRole('button', { name: /^发\s*起$/ }).click();
    await sibling.locator('.ant-message-success').filter({ hasText: '入会行动已发起' }).waitFor();
    await sibling.getByTestId('drive-title').getByText('青山县新就业形态劳动者入会行动').waitFor();
    await sibling.getByText('还没有设置目标').waitFor();
    const theirs = (await api<{ joinDrives: { edges: { node: { title: string; startsOn: string; endsOn: string; gigFocus: boolean; org: { id: string } } }[] } }>(
      await tok('d2'), '{ joinDrives(first: 5) { edges { node { title startsOn endsOn gigFocus org { id } } } } }')).joinDrives.edges.map((e) => e.node);
    expect(theirs).toEqual([{ title: '青山县新就业形态劳动者入会行动', startsOn: day(), endsOn: day(99), gigFocus: true, org: { id: orgs.d2.id } }]);
    // The first district does not see the second's drive.
    const seenByD1 = (await api<{ joinDrives: { edges: { node: { title: string } }[] } }>(d1, '{ joinDrives(first: 5) { edges { node { title } } } }')).joinDrives.edges.map((e) => e.node.title);
    expect(seenByD1).toEqual(['新就业形态劳动者扫码入会百日行动']);
    await shot(sibling, 'drives-d2-new');
  });
});
