import { CaseRow, DeadlinePolicyRow, runSweep } from '@lianxin/cases';
import { enginesForSuites } from '../harness/engines';
import { startTestGraph, type TestGraph } from '../harness/graph';
import { memberTokenFor, staffTokenFor, tokenFor, type MemberKey, type OrgKey } from './callers';
import { act, backdate, chinaYear, DAY, dbState, detailOf, HOUR, ms, handlerAt, must, raise, read, rowState, type CaseView } from './cases-helpers';

type Who = OrgKey | MemberKey | 'admin';

/** Tokens for every staff org and every member of the fixture, and the admin. */
async function allTokens(g: TestGraph): Promise<Record<Who, string>> {
  const t = {} as Record<Who, string>;
  for (const o of Object.keys(g.fixture.orgs) as OrgKey[]) t[o] = await staffTokenFor(o, g.fixture);
  for (const m of Object.keys(g.fixture.members) as MemberKey[]) t[m] = await memberTokenFor(m, g.fixture);
  t.admin = (await tokenFor('admin', g.fixture))!;
  return t;
}

const actions = (c: CaseView) => c.events.map((e) => e.action);

describe.each(enginesForSuites())('case lifecycle on %s', (engine) => {
  let g: TestGraph;
  let t: Record<Who, string>;
  let org: (k: OrgKey) => string;
  let member: (k: MemberKey) => string;

  beforeAll(async () => {
    g = await startTestGraph(engine);
    t = await allTokens(g);
    org = (k) => g.fixture.orgs[k].id;
    member = (k) => g.fixture.members[k].id;
  });
  afterAll(() => g?.stop());

  describe('from registration to a satisfied close', () => {
    let wish: CaseView; // m1's micro-wish at e1, handled there
    let legal: CaseView; // legal aid raised at s1 for m3, transferred down to e2

    test('a member raises a case at their own org: registered, numbered, due by the default 15 days', async () => {
      wish = await raise(g, t.m1, { kind: 'MICRO_WISH', channel: 'WECHAT', description: '希望站点增设饮水机和休息座椅' });
      expect(wish.number).toBe(`LJ-01-01-0001-${chinaYear()}-000001`);
      expect(wish).toMatchObject({
        kind: 'MICRO_WISH', channel: 'WECHAT', urgency: 'NORMAL', description: '希望站点增设饮水机和休息座椅', state: 'REGISTERED', anonymous: false,
        responsible: null, supervised: false, acceptDueAt: null, onTime: null, resolvedAt: null, closedAt: null, reopenCount: 0, version: 1,
        member: { id: member('m1') }, raisedOrg: { id: org('e1') }, handlingOrg: { id: org('e1') }, escalatedTo: null, overdue: false,
        // The member may do nothing to a registered case; it is the union's move.
        allowedActions: [],
      });
      expect(ms(wish.raisedAt) % 1000).toBe(0);
      expect(ms(wish.dueAt) - ms(wish.raisedAt)).toBe(15 * DAY);
      expect(wish.events).toHaveLength(1);
      expect(wish.events[0]).toMatchObject({ seq: 1, action: 'RAISE', fromState: null, toState: 'REGISTERED', actorRole: 'member', actorOrgId: org('e1'), note: null });
      expect(detailOf(wish.events[0])).toEqual({ channel: 'WECHAT', kind: 'MICRO_WISH', urgency: 'NORMAL' });
      expect(wish.events[0].hash).toMatch(/^[0-9a-f]{64}$/);

      // Names come from the members subgraph.
      const res = await g.gql<{ case: { member: { name: string }; raisedOrg: { code: string; name: string } } }>(
        t.e1, 'query($id: ID!) { case(id: $id) { member { name } raisedOrg { code name } } }', { id: wish.id });
      expect(res.data!.case).toEqual({ member: { name: '王建国' }, raisedOrg: { code: 'LJ-01-01-0001', name: '临江滨江物流有限公司工会' } });
    });

    test('numbers run per org and year, without gaps', async () => {
      const second = await raise(g, t.m2, { kind: 'SUGGESTION', channel: 'SUGGESTION_BOOK', description: '建议食堂延长晚餐供应时间' });
      expect(second.number).toBe(`LJ-01-01-0001-${chinaYear()}-000002`);
      const elsewhere = await raise(g, t.d2, { orgId: org('e3'), memberId: member('m4'), kind: 'EDUCATION_AID', channel: 'CHAIR_VISIT_DAY', description: '孩子今年考上大学，申请金秋助学' });
      expect(elsewhere.number).toBe(`LJ-02-01-0001-${chinaYear()}-000001`);
      expect(elsewhere).toMatchObject({ member: { id: member('m4') }, raisedOrg: { id: org('e3') }, handlingOrg: { id: org('e3') } });
      expect(elsewhere.events[0]).toMatchObject({ actorRole: 'staff', actorOrgId: org('d2') });
      expect(detailOf(elsewhere.events[0])).toMatchObject({ onBehalf: true });
    });

    test('staff of the raising org accept it and name who is responsible', async () => {
      const before = await read(g, t.e1, wish.id);
      expect(before!.allowedActions).toEqual(expect.arrayContaining(['ACCEPT', 'DECLINE']));
      // An enterprise is a leaf: nothing below it to transfer to.
      expect(before!.allowedActions).not.toContain('TRANSFER');
      expect(before!.allowedActions).not.toContain('SUPERVISE');
      // The street above may supervise but not take the enterprise's own steps.
      const above = (await read(g, t.s1, wish.id))!.allowedActions;
      expect(above.filter((x) => ['ACCEPT', 'TRANSFER', 'DECLINE', 'SUPERVISE'].includes(x))).toEqual(['SUPERVISE']);

      wish = await must(g, t.e1, 'accept', { id: wish.id, ...handlerAt(g, 'e1'), note: '本周内落实', version: 1 });
      // The case keeps the names as they read now, beside the directory's ids.
      const e1 = g.fixture.handlers.e1;
      expect(wish).toMatchObject({ state: 'ACCEPTED', responsible: e1.display, responsibleStaffId: e1.staffId, responsibleDepartmentId: e1.departmentId, version: 2, handlingOrg: { id: org('e1') } });
      expect(wish.events[1]).toMatchObject({ seq: 2, action: 'ACCEPT', fromState: 'REGISTERED', toState: 'ACCEPTED', actorRole: 'staff', actorOrgId: org('e1'), note: '本周内落实' });
      expect(detailOf(wish.events[1])).toEqual({ responsible: e1.display, staffId: e1.staffId, departmentId: e1.departmentId });
      expect(wish.events[1].hash).not.toBe(wish.events[0].hash);
    });

    test('a street raises for a member, transfers down, the enterprise returns it with a reason, then accepts the second transfer', async () => {
      legal = await raise(g, t.s1, { memberId: member('m3'), kind: 'LEGAL_AID', channel: 'HOTLINE_12351', description: '被拖欠三个月工资，需要法律援助' });
      expect(legal).toMatchObject({ state: 'REGISTERED', member: { id: member('m3') }, raisedOrg: { id: org('s1') }, handlingOrg: { id: org('s1') } });
      expect(legal.number).toBe(`LJ-01-01-${chinaYear()}-000001`);
      const due = legal.dueAt;
      expect(await read(g, t.e2, legal.id)).toBeNull();

      legal = await must(g, t.s1, 'transfer', { id: legal.id, toOrgId: org('e2'), note: '请站点工会先行对接', version: 1 });
      const sent = legal.events[1];
      expect(legal).toMatchObject({ state: 'TRANSFERRED', handlingOrg: { id: org('e2') }, raisedOrg: { id: org('s1') }, version: 2, dueAt: due });
      expect(sent).toMatchObject({ action: 'TRANSFER', fromState: 'REGISTERED', toState: 'TRANSFERRED', actorOrgId: org('s1'), note: '请站点工会先行对接' });
      expect(detailOf(sent)).toEqual({ fromOrgId: org('s1'), toOrgId: org('e2') });
      // The receiver has the default 3 days (NORMAL) to accept or return it.
      expect(Math.abs(ms(legal.acceptDueAt) - (ms(sent.at) + 72 * HOUR))).toBeLessThan(1000);

      const atReceiver = await read(g, t.e2, legal.id);
      expect(atReceiver!.allowedActions).toEqual(expect.arrayContaining(['ACCEPT', 'RETURN']));

      const returned = await must(g, t.e2, 'return', { id: legal.id, reason: 'INSUFFICIENT_INFORMATION', note: '缺少劳动合同和工资条', version: 2 });
      expect(returned).toMatchObject({ state: 'REGISTERED', handlingOrg: { id: org('s1') }, acceptDueAt: null, version: 3, dueAt: due });
      // Back with the sender: the enterprise no longer sees it, not even the ledger in its own answer.
      expect(returned.events).toEqual([]);
      expect(await read(g, t.e2, legal.id)).toBeNull();
      legal = (await read(g, t.s1, legal.id))!;
      expect(legal.events[2]).toMatchObject({ seq: 3, action: 'RETURN', fromState: 'TRANSFERRED', toState: 'REGISTERED', actorOrgId: org('e2'), note: '缺少劳动合同和工资条' });
      expect(detailOf(legal.events[2])).toEqual({ reason: 'INSUFFICIENT_INFORMATION', toOrgId: org('s1') });

      legal = await must(g, t.s1, 'transfer', { id: legal.id, toOrgId: org('e2'), note: '材料已补齐', version: 3 });
      legal = await must(g, t.e2, 'accept', { id: legal.id, ...handlerAt(g, 'e2'), version: 4 });
      expect(legal).toMatchObject({ state: 'ACCEPTED', handlingOrg: { id: org('e2') }, acceptDueAt: null, responsible: g.fixture.handlers.e2.display, version: 5, dueAt: due });
      expect(actions(legal)).toEqual(['RAISE', 'TRANSFER', 'RETURN', 'TRANSFER', 'ACCEPT']);
      const stored = await g.casesDb.getRepository(CaseRow).findOneByOrFail({ id: legal.id });
      expect(stored.transferredFromOrgId).toBeNull();
    });

    test('progress notes, and waiting on the worker stops the clock: dueAt moves by exactly the pause', async () => {
      legal = await must(g, t.e2, 'progress', { id: legal.id, note: '已联系用人单位', version: 5 });
      expect(legal).toMatchObject({ state: 'IN_PROGRESS', version: 6 });
      legal = await must(g, t.e2, 'progress', { id: legal.id, note: '用人单位同意协商' });
      expect(legal).toMatchObject({ state: 'IN_PROGRESS', version: 7 });
      expect(legal.events.slice(-2).map((e) => [e.fromState, e.toState, e.note])).toEqual([['ACCEPTED', 'IN_PROGRESS', '已联系用人单位'], ['IN_PROGRESS', 'IN_PROGRESS', '用人单位同意协商']]);

      legal = await must(g, t.e2, 'awaitWorker', { id: legal.id, note: '请提供近三个月考勤记录' });
      expect(legal).toMatchObject({ state: 'WAITING_ON_WORKER', overdue: false });
      expect((await read(g, t.m3, legal.id))!.allowedActions).toEqual(['WORKER_RESPONDED']);
      const dueBefore = ms(legal.dueAt);

      // Five hours of waiting, without waiting five hours.
      await backdate(g.casesDb, legal.id, { pausedAt: new Date(Date.now() - 5 * HOUR) });
      legal = await must(g, t.m3, 'workerResponded', { id: legal.id, note: '考勤记录已上传' });
      const resumed = legal.events[legal.events.length - 1];
      expect(resumed).toMatchObject({ action: 'WORKER_RESPONDED', fromState: 'WAITING_ON_WORKER', toState: 'IN_PROGRESS', actorRole: 'member', note: '考勤记录已上传' });
      const paused = detailOf(resumed).pausedSeconds as number;
      expect(paused).toBeGreaterThanOrEqual(5 * 3600);
      expect(paused).toBeLessThan(5 * 3600 + 600);
      expect(ms(legal.dueAt) - dueBefore).toBe(paused * 1000);
      expect(legal.state).toBe('IN_PROGRESS');
      const stored = await g.casesDb.getRepository(CaseRow).findOneByOrFail({ id: legal.id });
      expect(stored.pausedAt).toBeNull();
      expect(stored.dueAt.getTime()).toBe(ms(legal.dueAt));
    });

    test('resolved on time; legal aid must be signed off above the handling org', async () => {
      legal = await must(g, t.e2, 'resolve', { id: legal.id, resolution: '经调解，单位已补发全部工资' });
      expect(legal).toMatchObject({ state: 'RESOLVED', onTime: true, resolution: '经调解，单位已补发全部工资' });
      expect(legal.resolvedAt).not.toBeNull();

      expect((await read(g, t.e2, legal.id))!.allowedActions).not.toContain('SIGN_OFF');
      expect((await read(g, t.s1, legal.id))!.allowedActions).toContain('SIGN_OFF');
      const before = await rowState(g.casesDb, legal.id);
      const refused = await act(g, t.e2, 'signOff', { id: legal.id, note: '同意' });
      expect(refused.code).toBe('FORBIDDEN');
      expect(refused.message).toMatch(/higher-level/);
      expect(await rowState(g.casesDb, legal.id)).toEqual(before);

      legal = await must(g, t.s1, 'signOff', { id: legal.id, note: '街道工会签单' });
      expect(legal).toMatchObject({ state: 'SIGNED_OFF' });
      expect(legal.signedOffAt).not.toBeNull();
      expect(legal.events[legal.events.length - 1]).toMatchObject({ action: 'SIGN_OFF', fromState: 'RESOLVED', toState: 'SIGNED_OFF', actorOrgId: org('s1') });
      expect((await read(g, t.m3, legal.id))!.allowedActions).toEqual(['RATE']);
    });

    test('a satisfied rating closes the case', async () => {
      legal = await must(g, t.m3, 'rate', { id: legal.id, rating: 'SATISFIED', comment: '感谢工会' });
      expect(legal).toMatchObject({ state: 'CLOSED', closeReason: 'RATED', rating: 'SATISFIED', ratingComment: '感谢工会', allowedActions: [] });
      expect(legal.closedAt).not.toBeNull();
      expect(actions(legal)).toEqual(['RAISE', 'TRANSFER', 'RETURN', 'TRANSFER', 'ACCEPT', 'PROGRESS', 'PROGRESS', 'AWAIT_WORKER', 'WORKER_RESPONDED', 'RESOLVE', 'SIGN_OFF', 'RATE']);
      expect(legal.events.map((e) => e.seq)).toEqual(legal.events.map((_, i) => i + 1));
      // Every event starts where the one before it ended.
      legal.events.slice(1).forEach((e, i) => expect(e.fromState).toBe(legal.events[i].toState));
      expect(detailOf(legal.events[11])).toEqual({ rating: 'SATISFIED' });
      expect(legal.version).toBe(12);
    });

    test('a micro-wish is signed off by its handler; an unsatisfied rating reopens it under supervision with a new deadline', async () => {
      wish = await must(g, t.e1, 'progress', { id: wish.id, note: '已采购饮水机' });
      wish = await must(g, t.e1, 'resolve', { id: wish.id, resolution: '饮水机和座椅已安装' });
      wish = await must(g, t.e1, 'signOff', { id: wish.id });
      expect(wish).toMatchObject({ state: 'SIGNED_OFF' });
      const oldDue = ms(wish.dueAt);

      wish = await must(g, t.m1, 'rate', { id: wish.id, rating: 'UNSATISFIED', comment: '座椅数量不够' });
      const rated = wish.events[wish.events.length - 1];
      expect(wish).toMatchObject({
        state: 'IN_PROGRESS', supervised: true, reopenCount: 1, rating: 'UNSATISFIED', ratingComment: '座椅数量不够',
        resolvedAt: null, onTime: null, signedOffAt: null, closedAt: null, closeReason: null,
      });
      expect(rated).toMatchObject({ action: 'RATE', fromState: 'SIGNED_OFF', toState: 'IN_PROGRESS', actorRole: 'member' });
      expect(detailOf(rated)).toEqual({ rating: 'UNSATISFIED', reopened: true });
      // A fresh 15 days from the rating.
      expect(Math.abs(ms(wish.dueAt) - (ms(rated.at) + 15 * DAY))).toBeLessThan(1000);
      expect(ms(wish.dueAt)).toBeGreaterThanOrEqual(oldDue);

      const supervised = await g.gql<{ cases: { edges: { node: { id: string } }[] } }>(t.d1, '{ cases(filter: { supervised: true }) { edges { node { id } } } }');
      expect(supervised.data!.cases.edges.map((e) => e.node.id)).toEqual([wish.id]);

      wish = await must(g, t.e1, 'resolve', { id: wish.id, resolution: '又增设了四把座椅' });
      wish = await must(g, t.e1, 'signOff', { id: wish.id });
      wish = await must(g, t.m1, 'rate', { id: wish.id, rating: 'BASICALLY_SATISFIED' });
      expect(wish).toMatchObject({ state: 'CLOSED', closeReason: 'RATED', rating: 'BASICALLY_SATISFIED', ratingComment: null, reopenCount: 1, supervised: true, onTime: true });
    });

    test('declined with a reason code and an explanation', async () => {
      const c = await raise(g, t.m1, { kind: 'OTHER', channel: 'WEBSITE', description: '希望单位给全体员工涨工资一倍' });
      const declined = await must(g, t.e1, 'decline', { id: c.id, reason: 'UNLAWFUL_OR_UNREASONABLE', note: '超出工会职责，已告知职工可通过集体协商反映' });
      expect(declined).toMatchObject({ state: 'DECLINED', declineReason: 'UNLAWFUL_OR_UNREASONABLE', version: 2, allowedActions: [] });
      expect(declined.closedAt).not.toBeNull();
      expect(declined.events[1]).toMatchObject({ action: 'DECLINE', fromState: 'REGISTERED', toState: 'DECLINED', note: '超出工会职责，已告知职工可通过集体协商反映' });
      expect(detailOf(declined.events[1])).toEqual({ reason: 'UNLAWFUL_OR_UNREASONABLE' });
      expect((await read(g, t.m1, c.id))!.declineReason).toBe('UNLAWFUL_OR_UNREASONABLE');
    });

    test('a higher level supervises an open case; the handler cannot supervise itself', async () => {
      const c = await raise(g, t.m2, { kind: 'URGENT_NEED', urgency: 'HIGH', channel: 'WECHAT', description: '站点夏季高温，急需防暑物资' });
      const before = await rowState(g.casesDb, c.id);
      expect((await act(g, t.e1, 'supervise', { id: c.id, note: '自己督办自己' })).code).toBe('FORBIDDEN');
      expect(await rowState(g.casesDb, c.id)).toEqual(before);

      const supervised = await must(g, t.d1, 'supervise', { id: c.id, note: '区总工会督办，三日内反馈' });
      expect(supervised).toMatchObject({ state: 'REGISTERED', supervised: true, version: 2, handlingOrg: { id: org('e1') }, escalatedTo: null, dueAt: c.dueAt });
      expect(supervised.events[1]).toMatchObject({ action: 'SUPERVISE', fromState: 'REGISTERED', toState: 'REGISTERED', actorOrgId: org('d1'), note: '区总工会督办，三日内反馈' });
      // HIGH urgency: 7 days by default.
      expect(ms(c.dueAt) - ms(c.raisedAt)).toBe(7 * DAY);
    });
  });

  /**
   * Times set by a transition are whole seconds, as a MariaDB DATETIME keeps them, so what
   * a mutation answers is what the next read returns (clients cache by id).
   */
  describe('a transition answers what a later read returns', () => {
    const TIMES = ['dueAt', 'acceptDueAt', 'raisedAt', 'resolvedAt', 'signedOffAt', 'closedAt'] as const;
    const times = (c: CaseView) => Object.fromEntries(TIMES.map((k) => [k, c[k]]));

    test('transfer, accept, resolve, sign-off, unsatisfied and satisfied ratings', async () => {
      const steps: [string, Who, Parameters<typeof must>[2], Record<string, unknown>][] = [
        ['transfer', 's1', 'transfer', { toOrgId: org('e1') }],
        ['accept', 'e1', 'accept', handlerAt(g, 'e1')],
        ['resolve', 'e1', 'resolve', { resolution: '已办结' }],
        ['sign off', 'e1', 'signOff', {}],
        ['reopen', 'm1', 'rate', { rating: 'UNSATISFIED' }],
        ['resolve again', 'e1', 'resolve', { resolution: '再次办结' }],
        ['sign off again', 'e1', 'signOff', {}],
        ['close', 'm1', 'rate', { rating: 'SATISFIED' }],
      ];
      const c = await raise(g, t.s1, { memberId: member('m1') });
      const mismatches: string[] = [];
      for (const [label, who, op, vars] of steps) {
        const answered = await must(g, t[who], op, { id: c.id, ...vars });
        const stored = (await read(g, t.admin, c.id))!;
        if (JSON.stringify(times(answered)) !== JSON.stringify(times(stored))) {
          mismatches.push(`${label}: answered ${JSON.stringify(times(answered))}, read ${JSON.stringify(times(stored))}`);
        }
      }
      expect(mismatches).toEqual([]);
    });
  });

  /** allowedActions is a client's buttons: it offers only what can succeed. */
  describe('allowedActions offers only what can succeed', () => {
    test('an enterprise is not offered a transfer', async () => {
      const c = await raise(g, t.m1);
      const offered = (await read(g, t.e1, c.id))!.allowedActions;
      expect(offered).toContain('ACCEPT');
      expect(offered).not.toContain('TRANSFER');
    });
  });

  describe('deadline policy', () => {
    const rule = async (token: string, orgKey: OrgKey) => {
      const res = await g.gql<{ deadlinePolicy: { kind: string; urgency: string; resolveHours: number; acceptHours: number; setAtOrgId: string | null }[] }>(
        token, 'query($o: ID!) { deadlinePolicy(orgId: $o) { kind urgency resolveHours acceptHours setAtOrgId } }', { o: org(orgKey) });
      expect(res.errors).toBeUndefined();
      expect(res.data!.deadlinePolicy).toHaveLength(30);
      return res.data!.deadlinePolicy.find((r) => r.kind === 'CARE_POST' && r.urgency === 'HIGH');
    };
    const set = (token: string, orgKey: OrgKey, resolveHours: number, acceptHours: number) =>
      g.gql<{ setDeadline: unknown }>(token, 'mutation($i: SetDeadlineInput!) { setDeadline(input: $i) { kind urgency resolveHours acceptHours setAtOrgId } }',
        { i: { orgId: org(orgKey), kind: 'CARE_POST', urgency: 'HIGH', resolveHours, acceptHours } });

    test('the built-in default applies until the city sets one', async () => {
      expect(await rule(t.e1, 'e1')).toEqual({ kind: 'CARE_POST', urgency: 'HIGH', resolveHours: 168, acceptHours: 48, setAtOrgId: null });
    });

    test('the city sets the policy and a district shortens it', async () => {
      const city = await set(t.city, 'city', 120, 36);
      expect(city.errors).toBeUndefined();
      expect(city.data!.setDeadline).toEqual({ kind: 'CARE_POST', urgency: 'HIGH', resolveHours: 120, acceptHours: 36, setAtOrgId: org('city') });
      const district = await set(t.d1, 'd1', 72, 24);
      expect(district.errors).toBeUndefined();
      expect(await rule(t.e1, 'e1')).toEqual({ kind: 'CARE_POST', urgency: 'HIGH', resolveHours: 72, acceptHours: 24, setAtOrgId: org('d1') });
      expect(await rule(t.e3, 'e3')).toEqual({ kind: 'CARE_POST', urgency: 'HIGH', resolveHours: 120, acceptHours: 36, setAtOrgId: org('city') });
    });

    test('a district may not lengthen what it inherits, nor set it for the city; nothing changes', async () => {
      const before = await g.casesDb.getRepository(DeadlinePolicyRow).find({ order: { id: 'ASC' } });
      const longer = await set(t.d1, 'd1', 121, 24);
      expect(longer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(longer.errors?.[0]?.message).toMatch(/only shorten the inherited 120 h/);
      // Under the district's own 72 h, a street may not go back up to the city's 120 h.
      const street = await set(t.s1, 's1', 100, 24);
      expect(street.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(street.errors?.[0]?.message).toMatch(/only shorten the inherited 72 h/);
      const longerAccept = await set(t.d2, 'd2', 100, 48);
      expect(longerAccept.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(longerAccept.errors?.[0]?.message).toMatch(/only shorten the inherited 36 h/);
      const above = await set(t.d1, 'city', 60, 12);
      expect(above.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(await g.casesDb.getRepository(DeadlinePolicyRow).find({ order: { id: 'ASC' } })).toEqual(before);
      expect(await rule(t.d1, 'd1')).toMatchObject({ resolveHours: 72, acceptHours: 24 });
    });

    test('cases raised and transferred under the district get its shorter deadlines; elsewhere the city\'s', async () => {
      const atE1 = await raise(g, t.m1, { kind: 'CARE_POST', urgency: 'HIGH', channel: 'WISH_WALL', description: '爱心驿站需要添置微波炉' });
      expect(ms(atE1.dueAt) - ms(atE1.raisedAt)).toBe(72 * HOUR);
      const atE3 = await raise(g, t.m4, { kind: 'CARE_POST', urgency: 'HIGH', channel: 'WISH_WALL', description: '爱心驿站需要添置冰箱一台' });
      expect(ms(atE3.dueAt) - ms(atE3.raisedAt)).toBe(120 * HOUR);
      const atCity = await raise(g, t.city, { kind: 'CARE_POST', urgency: 'HIGH', channel: 'HOTLINE_12351', description: '户外劳动者驿站缺少饮用水' });
      expect(ms(atCity.dueAt) - ms(atCity.raisedAt)).toBe(120 * HOUR);
      // The receiver of a transfer gets its own (district) acceptance window.
      const sent = await must(g, t.city, 'transfer', { id: atCity.id, toOrgId: org('e1') });
      expect(Math.abs(ms(sent.acceptDueAt) - (ms(sent.events[1].at) + 24 * HOUR))).toBeLessThan(1000);
      expect(sent.dueAt).toBe(atCity.dueAt);
    });

    test('the city may lengthen its own policy; the district\'s shorter rule still holds under it', async () => {
      expect((await set(t.city, 'city', 150, 40)).errors).toBeUndefined();
      expect(await rule(t.e3, 'e3')).toMatchObject({ resolveHours: 150, acceptHours: 40, setAtOrgId: org('city') });
      expect(await rule(t.e1, 'e1')).toMatchObject({ resolveHours: 72, acceptHours: 24, setAtOrgId: org('d1') });
    });

    /**
     * The 150 h above lies under every default, so it could not show that a default capped
     * the city: 720 h is twice the 360 h default for a normal micro-wish.
     */
    describe('the city lengthens past the built-in default', () => {
      const wishRule = async (token: string, orgKey: OrgKey) => {
        const res = await g.gql<{ deadlinePolicy: { kind: string; urgency: string; resolveHours: number; acceptHours: number; setAtOrgId: string | null }[] }>(
          token, 'query($o: ID!) { deadlinePolicy(orgId: $o) { kind urgency resolveHours acceptHours setAtOrgId } }', { o: org(orgKey) });
        expect(res.errors).toBeUndefined();
        return res.data!.deadlinePolicy.find((r) => r.kind === 'MICRO_WISH' && r.urgency === 'NORMAL');
      };
      const setWish = (token: string, orgKey: OrgKey, resolveHours: number, acceptHours: number) =>
        g.gql<{ setDeadline: unknown }>(token, 'mutation($i: SetDeadlineInput!) { setDeadline(input: $i) { kind urgency resolveHours acceptHours setAtOrgId } }',
          { i: { orgId: org(orgKey), kind: 'MICRO_WISH', urgency: 'NORMAL', resolveHours, acceptHours } });
      // Later suites raise micro-wishes and expect the default: take these rules away again.
      afterAll(() => g.casesDb.getRepository(DeadlinePolicyRow).delete({ kind: 'MICRO_WISH' as never, urgency: 'NORMAL' as never }));

      test('720 h set at the city is what the city and every org under it shows', async () => {
        expect(await wishRule(t.city, 'city')).toEqual({ kind: 'MICRO_WISH', urgency: 'NORMAL', resolveHours: 360, acceptHours: 72, setAtOrgId: null });
        const city = await setWish(t.city, 'city', 720, 96);
        expect(city.errors).toBeUndefined();
        expect(city.data!.setDeadline).toEqual({ kind: 'MICRO_WISH', urgency: 'NORMAL', resolveHours: 720, acceptHours: 96, setAtOrgId: org('city') });
        for (const at of ['city', 'd1', 'e1', 'e3'] as const) {
          expect({ at, rule: await wishRule(t.city, at) }).toEqual({ at, rule: { kind: 'MICRO_WISH', urgency: 'NORMAL', resolveHours: 720, acceptHours: 96, setAtOrgId: org('city') } });
        }
      });

      test('a district may set 500 h under it but not 800 h, and the refusal names the city\'s 720 h', async () => {
        const before = await g.casesDb.getRepository(DeadlinePolicyRow).find({ order: { id: 'ASC' } });
        const over = await setWish(t.d1, 'd1', 800, 72);
        expect(over.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(over.errors?.[0]?.message).toMatch(/only shorten the inherited 720 h for MICRO_WISH\/NORMAL/);
        expect(await g.casesDb.getRepository(DeadlinePolicyRow).find({ order: { id: 'ASC' } })).toEqual(before);

        const under = await setWish(t.d1, 'd1', 500, 72);
        expect(under.errors).toBeUndefined();
        // 500 h is past the 360 h default too: only the city's rule bounds the district.
        expect(under.data!.setDeadline).toEqual({ kind: 'MICRO_WISH', urgency: 'NORMAL', resolveHours: 500, acceptHours: 72, setAtOrgId: org('d1') });
        expect(await wishRule(t.e1, 'e1')).toEqual({ kind: 'MICRO_WISH', urgency: 'NORMAL', resolveHours: 500, acceptHours: 72, setAtOrgId: org('d1') });
        expect(await wishRule(t.d2, 'd2')).toEqual({ kind: 'MICRO_WISH', urgency: 'NORMAL', resolveHours: 720, acceptHours: 96, setAtOrgId: org('city') });
      });

      test('new cases are due by the rule where they are raised: 500 h in the district, 720 h elsewhere under the city', async () => {
        const inDistrict = await raise(g, t.m1, { description: '希望车间增设一台饮水机' });
        expect(inDistrict.raisedOrg.id).toBe(org('e1'));
        expect(ms(inDistrict.dueAt) - ms(inDistrict.raisedAt)).toBe(500 * HOUR);
        const elsewhere = await raise(g, t.m4, { description: '希望食堂延长晚餐供应时间' });
        expect(elsewhere.raisedOrg.id).toBe(org('e3'));
        expect(ms(elsewhere.dueAt) - ms(elsewhere.raisedAt)).toBe(720 * HOUR);
        // A transfer to e2 (under d1) gets the district's acceptance window, not the city's 96 h.
        const atCity = await raise(g, t.city, { channel: 'HOTLINE_12351', description: '希望为环卫工人设立饮水点' });
        expect(ms(atCity.dueAt) - ms(atCity.raisedAt)).toBe(720 * HOUR);
        const sent = await must(g, t.city, 'transfer', { id: atCity.id, toOrgId: org('e2') });
        expect(Math.abs(ms(sent.acceptDueAt) - (ms(sent.events[1].at) + 72 * HOUR))).toBeLessThan(1000);
      });
    });
  });

  describe('illegal transitions change nothing', () => {
    /** Runs `op`, expects `code`, and proves the case row, ledger and visibility rows are as before. */
    async function refused(token: string, op: Parameters<typeof act>[2], vars: Record<string, unknown>, code: string, message?: RegExp) {
      const id = vars.id as string;
      const before = await rowState(g.casesDb, id);
      const out = await act(g, token, op, vars);
      expect(out.code).toBe(code);
      if (message) expect(out.message).toMatch(message);
      expect(out.case).toBeUndefined();
      const after = await rowState(g.casesDb, id);
      expect(after).toEqual(before);
      return before;
    }

    test('rating or resolving a registered case: INVALID_STATE', async () => {
      const c = await raise(g, t.m1);
      await refused(t.m1, 'rate', { id: c.id, rating: 'SATISFIED' }, 'INVALID_STATE', /^Cannot RATE a case that is REGISTERED: RATE is possible only when the case is SIGNED_OFF/);
      await refused(t.e1, 'resolve', { id: c.id, resolution: '已处理' }, 'INVALID_STATE', /Cannot RESOLVE a case that is REGISTERED: RESOLVE is possible only when the case is ACCEPTED or IN_PROGRESS\./);
      await refused(t.e1, 'workerResponded', { id: c.id, note: '已答复' }, 'INVALID_STATE');
      await refused(t.e1, 'return', { id: c.id, reason: 'OTHER' }, 'INVALID_STATE');
      await refused(t.e1, 'signOff', { id: c.id }, 'INVALID_STATE');
    });

    test('a member may not accept; another member may not rate: FORBIDDEN and NOT_FOUND', async () => {
      const c = await raise(g, t.m1);
      const before = await refused(t.m1, 'accept', { id: c.id, ...handlerAt(g, 'e1') }, 'FORBIDDEN');
      expect(before.row.version).toBe(1);
      await must(g, t.e1, 'accept', { id: c.id, ...handlerAt(g, 'e1') });
      await must(g, t.e1, 'resolve', { id: c.id, resolution: '已办结' });
      await must(g, t.e1, 'signOff', { id: c.id });
      // m2 works at the same enterprise but the case is m1's: to m2 it does not exist.
      await refused(t.m2, 'rate', { id: c.id, rating: 'UNSATISFIED' }, 'NOT_FOUND');
      // Staff never rate for the worker.
      await refused(t.e1, 'rate', { id: c.id, rating: 'SATISFIED' }, 'FORBIDDEN');
      await refused(t.admin, 'rate', { id: c.id, rating: 'SATISFIED' }, 'FORBIDDEN');
      expect((await must(g, t.m1, 'rate', { id: c.id, rating: 'SATISFIED' })).state).toBe('CLOSED');
      await refused(t.m1, 'rate', { id: c.id, rating: 'UNSATISFIED' }, 'INVALID_STATE');
    });

    test('an anonymous case cannot be linked back to the member who raised it', async () => {
      const c = await raise(g, t.m1, { anonymous: true, kind: 'SUGGESTION', channel: 'SUGGESTION_BOOK', description: '车间主任经常无故克扣加班费' });
      expect(c).toMatchObject({ anonymous: true, member: null });
      // Not even the ledger in the raiser's own answer: it is no longer theirs to see.
      expect(c.events).toEqual([]);
      expect((await read(g, t.e1, c.id))!.events[0]).toMatchObject({ actorRole: 'member', actorOrgId: null });
      const stored = await g.casesDb.getRepository(CaseRow).findOneByOrFail({ id: c.id });
      expect([stored.memberId, stored.raisedBySub]).toEqual([null, 'anonymous']);
      expect(await read(g, t.m1, c.id)).toBeNull();
      expect((await read(g, t.e1, c.id))!.anonymous).toBe(true);
      await must(g, t.e1, 'accept', { id: c.id, ...handlerAt(g, 'e1') });
      await must(g, t.e1, 'awaitWorker', { id: c.id, note: '请补充车间名称' });
      await refused(t.m1, 'workerResponded', { id: c.id, note: '是二车间' }, 'NOT_FOUND');
    });

    test('transfers go down only, to a street or enterprise: up, sideways and to a district are refused', async () => {
      const atE1 = await raise(g, t.m1);
      // An enterprise union is a leaf: whatever the target, there is nowhere below to send it.
      for (const target of ['s1', 'e2', 'e1'] as const) {
        await refused(t.e1, 'transfer', { id: atE1.id, toOrgId: org(target) }, 'INVALID_STATE', /no union below/);
      }
      await refused(t.admin, 'transfer', { id: atE1.id, toOrgId: org('e3') }, 'INVALID_STATE', /no union below/);
      const atCity = await raise(g, t.city, { description: '市总热线转来的集体诉求' });
      await refused(t.city, 'transfer', { id: atCity.id, toOrgId: org('d1') }, 'BAD_USER_INPUT', /street or enterprise/);
      await refused(t.city, 'transfer', { id: atCity.id, toOrgId: '01ZZZZZZZZZZZZZZZZZZZZZZZZ' }, 'BAD_USER_INPUT');
      const atD1 = await raise(g, t.d1, { description: '区总接到的快递员诉求' });
      await refused(t.d1, 'transfer', { id: atD1.id, toOrgId: org('e3') }, 'BAD_USER_INPUT', /transferred down/);
    });

    test('a stale version is CONFLICT', async () => {
      const c = await raise(g, t.m1);
      await must(g, t.d1, 'supervise', { id: c.id, note: '督办' });
      const before = await refused(t.e1, 'accept', { id: c.id, ...handlerAt(g, 'e1'), version: 1 }, 'CONFLICT', /case LJ-01-01-0001-/);
      expect(before.row).toMatchObject({ version: 2, state: 'REGISTERED' });
      expect(before.events).toBe(2);
    });

    test('terminal and out-of-scope cases refuse everything', async () => {
      const c = await raise(g, t.m1);
      await must(g, t.e1, 'decline', { id: c.id, reason: 'DUPLICATE', note: '与已受理诉求重复' });
      await refused(t.e1, 'accept', { id: c.id, ...handlerAt(g, 'e1') }, 'INVALID_STATE');
      await refused(t.d1, 'supervise', { id: c.id, note: '督办' }, 'INVALID_STATE');
      // Another enterprise, another district: not found.
      await refused(t.e2, 'decline', { id: c.id, reason: 'OTHER', note: '无' }, 'NOT_FOUND');
      await refused(t.d2, 'supervise', { id: c.id, note: '督办' }, 'NOT_FOUND');
    });

    test('raising at an org outside one\'s scope (NOT_FOUND), for a member elsewhere, or anonymously as staff (BAD_USER_INPUT): no case', async () => {
      const before = await g.casesDb.getRepository(CaseRow).count();
      // An org outside the scope reads as missing, as in every subgraph; the rest is input that cannot be right.
      const tries: [string, Record<string, unknown>, string][] = [
        [t.e1, { orgId: org('e3') }, 'NOT_FOUND'],
        [t.e1, { memberId: member('m4') }, 'BAD_USER_INPUT'],
        [t.s1, { orgId: org('e1'), memberId: member('m3') }, 'BAD_USER_INPUT'],
        [t.e1, { anonymous: true }, 'BAD_USER_INPUT'],
        [t.m1, { orgId: org('e3') }, 'BAD_USER_INPUT'], // a member raises at its own union or one above, never beside it
        [t.m1, { memberId: member('m2') }, 'BAD_USER_INPUT'],
        [t.m1, { description: '太短' }, 'BAD_USER_INPUT'],
      ];
      for (const [token, over, code] of tries) {
        const out = await act(g, token, 'raise', { input: { kind: 'OTHER', channel: 'OTHER', description: '一个足够长的诉求描述', ...over } });
        expect([out.code, over]).toEqual([code, over]);
      }
      expect(await g.casesDb.getRepository(CaseRow).count()).toBe(before);
    });
  });
});

describe.each(enginesForSuites())('deadline sweep on %s', (engine) => {
  let g: TestGraph;
  let t: Record<Who, string>;
  let org: (k: OrgKey) => string;
  const cases = {} as Record<'overdue' | 'unaccepted' | 'unrated' | 'waiting' | 'resolved', CaseView>;
  const realNow = Date.now();
  const sweepAt = (days: number) => runSweep(g.casesDb, { now: new Date(realNow + days * DAY), ratingTimeoutDays: 7 });
  const fresh = async (k: keyof typeof cases) => (await read(g, t.admin, cases[k].id))!;
  const escalations = (c: CaseView) => c.events.filter((e) => e.action === 'ESCALATE');

  beforeAll(async () => {
    g = await startTestGraph(engine);
    t = await allTokens(g);
    org = (k) => g.fixture.orgs[k].id;
    const accepted = async (token: string) => {
      const c = await raise(g, token);
      return must(g, t.e1, 'accept', { id: c.id, ...handlerAt(g, 'e1') });
    };
    cases.overdue = await accepted(t.m1);
    // Raised at the district and sent two levels down; the enterprise never answers.
    const fromDistrict = await raise(g, t.d1, { memberId: g.fixture.members.m3.id, description: '外卖骑手反映站点无休息场所' });
    cases.unaccepted = await must(g, t.d1, 'transfer', { id: fromDistrict.id, toOrgId: org('e2') });
    cases.unrated = await accepted(t.m1);
    await must(g, t.e1, 'resolve', { id: cases.unrated.id, resolution: '已办结' });
    cases.unrated = await must(g, t.e1, 'signOff', { id: cases.unrated.id });
    cases.waiting = await accepted(t.m2);
    cases.waiting = await must(g, t.e1, 'awaitWorker', { id: cases.waiting.id, note: '请补充材料' });
    cases.resolved = await accepted(t.m2);
    cases.resolved = await must(g, t.e1, 'resolve', { id: cases.resolved.id, resolution: '已办结' });
  });
  afterAll(() => g?.stop());

  test('a missed acceptance sends the case up to the receiver\'s parent, registered and supervised, on the original clock', async () => {
    const before = await dbState(g.casesDb);
    expect(await sweepAt(4)).toEqual({ acceptanceEscalated: 1, deadlineEscalated: 0, closedByTimeout: 0 });
    const c = await fresh('unaccepted');
    expect(c).toMatchObject({
      state: 'REGISTERED', supervised: true, handlingOrg: { id: org('s1') }, escalatedTo: { id: org('s1') }, raisedOrg: { id: org('d1') },
      acceptDueAt: null, dueAt: cases.unaccepted.dueAt, version: cases.unaccepted.version + 1,
    });
    expect(escalations(c)).toHaveLength(1);
    expect(escalations(c)[0]).toMatchObject({ fromState: 'TRANSFERRED', toState: 'REGISTERED', actorRole: 'system', actorOrgId: null });
    expect(detailOf(escalations(c)[0])).toEqual({ reason: 'ACCEPTANCE_MISSED', fromOrgId: org('e2'), toOrgId: org('s1') });
    // The street now holds it and may accept or transfer it again; the enterprise no longer sees it.
    expect((await read(g, t.s1, c.id))!.allowedActions).toEqual(expect.arrayContaining(['ACCEPT', 'TRANSFER']));
    expect(await read(g, t.e2, c.id)).toBeNull();
    // Nothing else moved: four days in, no deadline has passed and the rating window is open.
    const after = await dbState(g.casesDb);
    expect(after.cases.filter((r) => r.id !== c.id)).toEqual(before.cases.filter((r) => r.id !== c.id));
  });

  test('a missed deadline supervises and escalates to the parent, keeping the deadline; an unrated case closes by timeout', async () => {
    expect(await sweepAt(16)).toEqual({ acceptanceEscalated: 0, deadlineEscalated: 2, closedByTimeout: 1 });

    const overdue = await fresh('overdue');
    expect(overdue).toMatchObject({ state: 'ACCEPTED', supervised: true, escalatedTo: { id: org('s1') }, handlingOrg: { id: org('e1') }, dueAt: cases.overdue.dueAt, version: cases.overdue.version + 1 });
    expect(escalations(overdue)).toHaveLength(1);
    expect(escalations(overdue)[0]).toMatchObject({ fromState: 'ACCEPTED', toState: 'ACCEPTED', actorRole: 'system' });
    expect(detailOf(escalations(overdue)[0])).toEqual({ reason: 'DEADLINE_MISSED', dueAt: cases.overdue.dueAt, toOrgId: org('s1') });
    // The org it was escalated to may now act on it.
    expect((await read(g, t.s1, overdue.id))!.allowedActions).toEqual(expect.arrayContaining(['RESOLVE', 'PROGRESS']));

    // Already at the street after the missed acceptance: its deadline escalates one level further.
    const unaccepted = await fresh('unaccepted');
    expect(unaccepted).toMatchObject({ state: 'REGISTERED', handlingOrg: { id: org('s1') }, escalatedTo: { id: org('d1') }, dueAt: cases.unaccepted.dueAt });
    expect(escalations(unaccepted).map((e) => detailOf(e).reason)).toEqual(['ACCEPTANCE_MISSED', 'DEADLINE_MISSED']);

    const unrated = await fresh('unrated');
    expect(unrated).toMatchObject({ state: 'CLOSED', closeReason: 'TIMEOUT', rating: null });
    expect(Math.abs(ms(unrated.closedAt) - (realNow + 16 * DAY))).toBeLessThan(1000);
    expect(unrated.events[unrated.events.length - 1]).toMatchObject({ action: 'CLOSE_TIMEOUT', fromState: 'SIGNED_OFF', toState: 'CLOSED', actorRole: 'system' });

    // The clock is stopped while waiting on the worker, and a resolved case has no deadline left.
    expect(await fresh('waiting')).toMatchObject({ state: 'WAITING_ON_WORKER', supervised: false, escalatedTo: null, version: cases.waiting.version });
    expect(await fresh('resolved')).toMatchObject({ state: 'RESOLVED', supervised: false, version: cases.resolved.version });
  });

  test('sweeping again changes nothing', async () => {
    const before = await dbState(g.casesDb);
    expect(await sweepAt(16)).toEqual({ acceptanceEscalated: 0, deadlineEscalated: 0, closedByTimeout: 0 });
    expect(await sweepAt(17)).toEqual({ acceptanceEscalated: 0, deadlineEscalated: 0, closedByTimeout: 0 });
    expect(await dbState(g.casesDb)).toEqual(before);
  });
});
