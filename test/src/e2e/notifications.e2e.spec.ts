import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyChange, CaseAction, CaseRow, CaseState } from '@lianxin/cases';
import { warnExpiringVouchers } from '@lianxin/benefits';
import { MemberRow, NotificationRow, WEBHOOK_TOPIC } from '@lianxin/members';
import { NOTIFY_TOPIC } from '@lianxin/members-client';
import { OutboxRow, verifyWebhook } from '@lianxin/outbox';
import { enginesForSuites } from '../harness/engines';
import { idNumber } from '../harness/fixtures';
import { clientToken, startTestGraph, type TestGraph } from '../harness/graph';
import { apply, checkAid, childrenOf, mustClaim, newProgramme, ok, reviewAid, must as mustOk } from './benefits-helpers';
import { handlerAt, must, raise } from './cases-helpers';
import { memberTokenFor, staffTokenFor, tokenFor } from './callers';

const SECRET = 'notifications-e2e-webhook-secret-0123456789';

interface Delivery {
  key: string;
  body: { key: string; address: string; template: string; params: Record<string, string>; at: string };
  raw: string;
}

/** The webhook's far end: checks every signature, answers as told, and keeps every call (repeats included). */
function receiver() {
  const calls: Delivery[] = [];
  let status = 200;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      if (!verifyWebhook(SECRET, req.headers, raw)) return void res.writeHead(401).end();
      if (status === 200) calls.push({ key: String(req.headers['x-lianxin-key']), body: JSON.parse(raw), raw });
      res.writeHead(status).end();
    });
  });
  return {
    calls,
    setStatus: (s: number) => void (status = s),
    start: () => new Promise<string>((r) => server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`))),
    stop: () => new Promise((r) => server.close(r)),
  };
}

const FEED = `{ me { unreadNotifications notifications(first: 50) { edges { node { id template title body next readAt } } } } }`;

interface FeedView {
  me: { unreadNotifications: number; notifications: { edges: { node: { id: string; template: string; title: string; body: string; next: string; readAt: string | null } }[] } };
}

describe.each(enginesForSuites())('notifications to workers on %s', (engine) => {
  let g: TestGraph;
  const hook = receiver();
  let staff: Record<'city' | 'd1' | 'd2' | 's1' | 'e1' | 'e2', string>;
  let m1: string;

  const feed = async (token: string) => ok(await g.gql<FeedView>(token, FEED), 'me.notifications').me;
  const templates = async (token: string) => (await feed(token)).notifications.edges.map((e) => e.node.template);
  const drain = () => g.drainNotifications();
  const outbox = (topic: string) => g.casesDb.getRepository(OutboxRow).countBy({ topic });
  const filed = () => g.db.getRepository(NotificationRow).find({ order: { id: 'ASC' } });

  beforeAll(async () => {
    const url = await hook.start();
    g = await startTestGraph(engine, { notify: { webhook: { url, secret: SECRET, address: 'member' }, maxAttempts: 2 } });
    staff = {} as typeof staff;
    for (const o of ['city', 'd1', 'd2', 's1', 'e1', 'e2'] as const) staff[o] = await staffTokenFor(o, g.fixture);
    m1 = (await tokenFor('member', g.fixture))!;
  });
  afterAll(async () => {
    await g?.stop();
    await hook.stop();
  });

  test("a case's life tells its member each step the member acts on, once, in Chinese", async () => {
    const id = g.fixture.members.m1.id;
    const c = await raise(g, staff.s1, { orgId: g.fixture.orgs.s1.id, memberId: id });
    expect(await drain()).toEqual({ delivered: 0, failed: 0, dead: 0 });
    const steps: [string, string, Record<string, unknown>][] = [
      [staff.s1, 'transfer', { toOrgId: g.fixture.orgs.e1.id }],
      [staff.e1, 'accept', handlerAt(g, 'e1')],
      [staff.e1, 'progress', { note: '已与企业人事部门沟通' }],
      [staff.e1, 'awaitWorker', { note: '请提供考勤记录' }],
      [m1, 'workerResponded', { note: '考勤记录已上传' }],
      [staff.d1, 'supervise', { note: '请加快办理' }],
      [staff.e1, 'resolve', { resolution: '已协调企业补发加班费' }],
      [staff.e1, 'signOff', {}],
      [m1, 'rate', { rating: 'UNSATISFIED', comment: '只补发了一半' }],
    ];
    for (const [token, op, vars] of steps) await must(g, token, op as never, { id: c.id, ...vars });
    // Six events for the worker, each in the transition's transaction; nothing for raising, answering, supervising or resolving before sign-off.
    expect(await g.casesDb.getRepository(OutboxRow).find({ where: { topic: NOTIFY_TOPIC }, order: { id: 'ASC' } }).then((rows) => rows.map((r) => JSON.parse(r.payload).template))).toEqual(
      ['CASE_TRANSFERRED', 'CASE_ACCEPTED', 'CASE_PROGRESS', 'CASE_WAITING_ON_YOU', 'CASE_RESOLVED', 'CASE_REOPENED'],
    );
    // Cases hands six to members, members sends six to the webhook.
    expect(await drain()).toEqual({ delivered: 12, failed: 0, dead: 0 });
    expect(await drain()).toEqual({ delivered: 0, failed: 0, dead: 0 });

    const mine = await feed(m1);
    expect(mine.unreadNotifications).toBe(6);
    expect(mine.notifications.edges.map((e) => e.node.template)).toEqual(['CASE_REOPENED', 'CASE_RESOLVED', 'CASE_WAITING_ON_YOU', 'CASE_PROGRESS', 'CASE_ACCEPTED', 'CASE_TRANSFERRED']);
    for (const { node } of mine.notifications.edges) {
      expect(node.body).toContain(c.number);
      expect(node.body.endsWith(node.next)).toBe(true);
      expect(node.readAt).toBeNull();
    }
    expect(mine.notifications.edges[1].node).toMatchObject({ title: '诉求已办结，请评价', next: expect.stringContaining('满意、基本满意或不满意') });

    // The webhook had each exactly once, addressed by member id, with no ID number or phone in it.
    const keys = (await filed()).map((n) => n.key);
    expect(hook.calls.map((d) => d.key).sort()).toEqual([...keys].sort());
    const m1Row = await g.db.getRepository(MemberRow).findOneByOrFail({ id });
    for (const d of hook.calls) {
      expect(d.body).toEqual({ key: d.key, address: `member:${id}`, template: expect.any(String), params: { number: c.number }, at: expect.any(String) });
      expect(d.raw).not.toContain(m1Row.phone);
      expect(d.raw).not.toContain(m1Row.idNumber);
    }

    // Mark one read, then all.
    const first = mine.notifications.edges[0].node.id;
    expect(ok(await g.gql<{ markNotificationsRead: number }>(m1, 'mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }', { ids: [first] })).markNotificationsRead).toBe(5);
    const after = await feed(m1);
    expect(after.notifications.edges.filter((e) => e.node.readAt).map((e) => e.node.id)).toEqual([first]);
    expect(ok(await g.gql<{ markNotificationsRead: number }>(m1, 'mutation { markNotificationsRead }')).markNotificationsRead).toBe(0);
    expect((await filed()).every((n) => n.readAt !== null)).toBe(true);
  });

  test('a transition that rolls back leaves no notification, and one that commits leaves exactly one', async () => {
    const c = await raise(g, m1);
    await must(g, staff.e1, 'accept', { id: c.id, ...handlerAt(g, 'e1') });
    const before = await outbox(NOTIFY_TOPIC);
    const row = await g.casesDb.getRepository(CaseRow).findOneByOrFail({ id: c.id });
    const actor = { sub: 'staff-e1', role: 'staff', orgId: g.fixture.orgs.e1.id };
    const progress = { action: CaseAction.PROGRESS, to: CaseState.IN_PROGRESS, note: '已联系' };
    await expect(
      g.casesDb.transaction(async (em) => {
        await applyChange(em, row, progress, actor, new Date());
        throw new Error('the writer failed after the change');
      }),
    ).rejects.toThrow('the writer failed');
    expect(await outbox(NOTIFY_TOPIC)).toBe(before);
    expect((await g.casesDb.getRepository(CaseRow).findOneByOrFail({ id: c.id })).version).toBe(row.version);
    await g.casesDb.transaction((em) => applyChange(em, row, progress, actor, new Date()));
    expect(await outbox(NOTIFY_TOPIC)).toBe(before + 1);
    // A refused transition (the wrong union) writes none either.
    const refused = await g.gql(staff.e2, 'mutation($id: ID!) { recordCaseProgress(id: $id, note: "x") { id } }', { id: c.id });
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await outbox(NOTIFY_TOPIC)).toBe(before + 1);
    // A case raised anonymously tells nobody.
    const anon = await raise(g, m1, { anonymous: true });
    await must(g, staff.e1, 'accept', { id: anon.id, ...handlerAt(g, 'e1') });
    expect(await outbox(NOTIFY_TOPIC)).toBe(before + 1);
    await drain();
  });

  test('benefits: a voucher issued, its 3-days-left reminder once, and aid decided', async () => {
    const shortLived = await newProgramme(g, staff.city, { orgId: g.fixture.orgs.city.id, name: '爱心理发券', kind: 'CINEMA_VOUCHER', voucherValidDays: 2 });
    const longLived = await newProgramme(g, staff.city, { orgId: g.fixture.orgs.city.id, name: '职工观影券', kind: 'CINEMA_VOUCHER', voucherValidDays: 30 });
    await mustClaim(g, m1, shortLived.id);
    await mustClaim(g, m1, longLived.id);
    const now = new Date();
    // The 2-day voucher is due a reminder now; the 30-day one only 27 days on. Two sweeps at once (two replicas) warn it once; a later one finds nothing new.
    expect((await Promise.all([warnExpiringVouchers(g.benefitsDb, now), warnExpiringVouchers(g.benefitsDb, now)])).sort()).toEqual([0, 1]);
    expect(await warnExpiringVouchers(g.benefitsDb, now)).toBe(0);
    expect(await warnExpiringVouchers(g.benefitsDb, new Date(now.getTime() + 27.5 * 86_400_000))).toBe(1);

    const aid = await newProgramme(g, staff.city, { orgId: g.fixture.orgs.city.id, name: '金秋助学', kind: 'EDUCATION_AID', quota: 3, budgetCents: 150_000, amountCents: 50_000, voucherValidDays: null, requires: [{ type: 'child', minAge: 6, maxAge: 18 }] });
    const child = (await childrenOf(g, staff.e1, g.fixture.members.m1.id))[0].id;
    const a = mustOk(await apply(g, m1, { programmeId: aid.id, childId: child }), 'apply');
    mustOk(await checkAid(g, staff.e1, a.id, true, '材料齐全'), 'check');
    mustOk(await reviewAid(g, staff.d1, a.id, true, '符合条件'), 'review');
    const other = await newProgramme(g, staff.city, { orgId: g.fixture.orgs.city.id, name: '困难职工子女助学', kind: 'EDUCATION_AID', quota: 3, budgetCents: 150_000, amountCents: 30_000, voucherValidDays: null, requires: [{ type: 'child', minAge: 6, maxAge: 18 }] });
    const b = mustOk(await apply(g, m1, { programmeId: other.id, childId: child }), 'apply');
    mustOk(await checkAid(g, staff.e1, b.id, false, '本年度已获金秋助学资助'), 'reject');

    expect(await g.benefitsDb.getRepository(OutboxRow).countBy({ topic: NOTIFY_TOPIC })).toBe(6);
    const before = (await feed(m1)).notifications.edges.length;
    await drain();
    const all = (await feed(m1)).notifications.edges.map((e) => e.node);
    const items = all.slice(0, all.length - before);
    expect(items.map((n) => n.template).sort()).toEqual(['AID_AWARDED', 'AID_REJECTED', 'VOUCHER_EXPIRING', 'VOUCHER_EXPIRING', 'VOUCHER_ISSUED', 'VOUCHER_ISSUED']);
    const bodies = (t: string) => items.filter((n) => n.template === t).map((n) => n.body);
    expect(bodies('AID_REJECTED')).toEqual([expect.stringContaining('本年度已获金秋助学资助')]);
    expect(bodies('AID_AWARDED')).toEqual([expect.stringContaining('500.00 元')]);
    expect(bodies('VOUCHER_EXPIRING').map((b) => ['爱心理发券', '职工观影券'].find((p) => b.includes(p))).sort()).toEqual(['爱心理发券', '职工观影券']);
    expect(bodies('VOUCHER_ISSUED')).toHaveLength(2);
  });

  test('members: join approved or rejected, transfer accepted or returned', async () => {
    const applicant = (name: string, seq: number, phone: string) => ({ joinCode: g.fixture.orgs.e1.joinCode, name, gender: 'FEMALE', idNumber: idNumber('1996-06-06', seq), phone, employmentType: 'DELIVERY_RIDER' });
    const applyToJoin = async (a: ReturnType<typeof applicant>) =>
      ok(await g.gql<{ applyToJoin: { applicationId: string } }>(undefined, 'mutation($i: JoinApplicationInput!) { applyToJoin(input: $i) { applicationId } }', { i: a })).applyToJoin.applicationId;
    const yes = await applyToJoin(applicant('陈晨', 702, '13511113333'));
    const no = await applyToJoin(applicant('周敏', 704, '13511114444'));
    const member = ok(await g.gql<{ approveJoinApplication: { id: string } }>(staff.e1, 'mutation($id: ID!) { approveJoinApplication(id: $id) { id } }', { id: yes })).approveJoinApplication.id;
    ok(await g.gql(staff.e1, 'mutation($id: ID!) { rejectJoinApplication(id: $id, reason: "身份证号与姓名不符") { id } }', { id: no }));

    const m4 = g.fixture.members.m4;
    const request = async (memberId: string, to: string, token: string) =>
      ok(await g.gql<{ requestTransfer: { id: string } }>(token, 'mutation($m: ID!, $to: ID!) { requestTransfer(memberId: $m, toOrgId: $to, reason: "换了工作单位") { id } }', { m: memberId, to })).requestTransfer.id;
    const t1 = await request(m4.id, g.fixture.orgs.e1.id, staff.d2);
    ok(await g.gql(staff.e1, 'mutation($id: ID!) { acceptTransfer(id: $id) { status } }', { id: t1 }));
    const m3 = g.fixture.members.m3;
    const t2 = await request(m3.id, g.fixture.orgs.e3.id, staff.e2);
    ok(await g.gql(staff.d2, 'mutation($id: ID!) { returnTransfer(id: $id, reason: "查无此人") { status } }', { id: t2 }));
    await drain();

    const newcomer = await clientToken({ role: 'member', mid: member, sub: 'member-newcomer' });
    expect(await templates(newcomer)).toEqual(['JOIN_APPROVED']);
    expect((await feed(newcomer)).notifications.edges[0].node.body).toContain(g.fixture.orgs.e1.name);
    expect(await templates(await memberTokenFor('m4', g.fixture))).toEqual(['TRANSFER_ACCEPTED']);
    expect(await templates(await memberTokenFor('m3', g.fixture))).toEqual(['TRANSFER_RETURNED']);
    // The refused applicant has no account: the notification goes out by webhook only, to the application.
    const rejected = (await filed()).find((n) => n.applicationId === no)!;
    expect(rejected).toMatchObject({ memberId: null, template: 'JOIN_REJECTED', orgPath: g.fixture.orgs.e1.path });
    expect(hook.calls.filter((d) => d.key === rejected.key).map((d) => d.body.address)).toEqual([`application:${no}`]);
  });

  test('the webhook retries, dead-letters after the last try for staff to see, and sends again when staff retry', async () => {
    hook.setStatus(500);
    const c = await raise(g, m1);
    await must(g, staff.e1, 'accept', { id: c.id, ...handlerAt(g, 'e1') });
    expect(await drain()).toEqual({ delivered: 1, failed: 1, dead: 0 });
    // Stand in for the backoff passing.
    await g.db.getRepository(OutboxRow).update({ topic: WEBHOOK_TOPIC, state: 'PENDING' as never }, { dueAt: new Date(Date.now() - 1000) });
    expect(await drain()).toEqual({ delivered: 0, failed: 0, dead: 1 });
    const DEAD = '{ notificationDeadLetters(first: 10) { edges { node { id template title attempts lastError member { id } org { id } } } } }';
    const letters = ok(await g.gql<{ notificationDeadLetters: { edges: { node: { id: string } }[] } }>(staff.e1, DEAD)).notificationDeadLetters.edges.map((e) => e.node);
    expect(letters).toEqual([{ id: expect.any(String), template: 'CASE_ACCEPTED', title: '诉求已受理', attempts: 2, lastError: 'webhook answered 500', member: { id: g.fixture.members.m1.id }, org: { id: g.fixture.orgs.e1.id } }]);
    expect(ok(await g.gql<{ notificationDeadLetters: { edges: unknown[] } }>(staff.d2, DEAD)).notificationDeadLetters.edges).toEqual([]);
    // The worker still has it in the app.
    expect((await templates(m1))[0]).toBe('CASE_ACCEPTED');

    hook.setStatus(200);
    const sent = hook.calls.length;
    expect(ok(await g.gql<{ retryNotifications: number }>(staff.d2, 'mutation($ids: [ID!]!) { retryNotifications(ids: $ids) }', { ids: [letters[0].id] })).retryNotifications).toBe(0);
    expect(ok(await g.gql<{ retryNotifications: number }>(staff.e1, 'mutation($ids: [ID!]!) { retryNotifications(ids: $ids) }', { ids: [letters[0].id] })).retryNotifications).toBe(1);
    expect(await drain()).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(hook.calls.slice(sent).map((d) => d.body.template)).toEqual(['CASE_ACCEPTED']);
    expect(ok(await g.gql<{ notificationDeadLetters: { edges: unknown[] } }>(staff.e1, DEAD)).notificationDeadLetters.edges).toEqual([]);
  });
});
