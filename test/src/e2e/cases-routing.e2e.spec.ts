import { CaseContactAccessRow, CaseReferralRow, CaseRow } from '@lianxin/cases';
import { enginesForSuites } from '../harness/engines';
import { startTestGraph, type TestGraph } from '../harness/graph';
import { memberTokenFor, staffTokenFor, tokenFor, type MemberKey, type OrgKey } from './callers';
import { clientToken } from '../harness/graph';
import { act, dbState, detailOf, handlerAt, must, raise, read, type CaseView } from './cases-helpers';

type Who = OrgKey | MemberKey | 'admin';

const VERIFY = 'query($id: ID) { verifyLedger(caseId: $id) { ok eventsChecked } }';
const REFERRALS = 'query($id: ID!) { case(id: $id) { referrals { agency dueOn answer answeredAt } } }';

/** Routing up and out: 上报 to a higher union, a member raising higher up, 转办 to an agency, 回访. */
describe.each(enginesForSuites())('routing cases up and out on %s', (engine) => {
  let g: TestGraph;
  const t = {} as Record<Who, string>;
  let org: (k: OrgKey) => string;

  beforeAll(async () => {
    g = await startTestGraph(engine);
    for (const o of Object.keys(g.fixture.orgs) as OrgKey[]) t[o] = await staffTokenFor(o, g.fixture);
    for (const m of Object.keys(g.fixture.members) as MemberKey[]) t[m] = await memberTokenFor(m, g.fixture);
    t.admin = (await tokenFor('admin', g.fixture))!;
    org = (k) => g.fixture.orgs[k].id;
  });
  afterAll(() => g?.stop());

  const ledgerOk = async (c: CaseView) => (await g.gql<{ verifyLedger: { ok: boolean; eventsChecked: number } }>(t.admin, VERIFY, { id: c.id })).data!.verifyLedger;

  describe('上报: an enterprise union passes a case beyond its reach up the tree', () => {
    test('e1 passes an accepted case straight to its district with the reason: registered there, ledger says who and why, e1 still sees it', async () => {
      const c = await raise(g, t.m1, { kind: 'LEGAL_AID', description: '公司拖欠三个月工资，企业工会协调无果' });
      const accepted = await must(g, t.e1, 'accept', { id: c.id, ...handlerAt(g, 'e1') });
      const up = await must(g, t.e1, 'passUp', { id: c.id, toOrgId: org('d1'), reason: '涉及劳动仲裁，企业工会无力处理', version: accepted.version });
      expect(up).toMatchObject({ state: 'REGISTERED', handlingOrg: { id: org('d1') }, raisedOrg: { id: org('e1') }, responsible: null, responsibleStaffId: null, responsibleDepartmentId: null, dueAt: accepted.dueAt });
      const last = up.events[up.events.length - 1];
      expect(last).toMatchObject({ action: 'PASS_UP', fromState: 'ACCEPTED', toState: 'REGISTERED', actorOrgId: org('e1'), note: '涉及劳动仲裁，企业工会无力处理' });
      expect(detailOf(last)).toEqual({ fromOrgId: org('e1'), toOrgId: org('d1'), toOrgName: '江北区总工会' });
      // The district now handles it: it may accept; e1 sees it (raised there) but may no longer act.
      expect((await read(g, t.d1, c.id))!.allowedActions).toContain('ACCEPT');
      expect((await read(g, t.e1, c.id))!.allowedActions).toEqual([]);
      expect(await read(g, t.d2, c.id)).toBeNull();
      await must(g, t.d1, 'accept', { id: c.id, ...handlerAt(g, 'd1') });
      expect(await ledgerOk(c)).toEqual({ ok: true, eventsChecked: 4 });
    });

    test('only up, only to an ancestor, with a reason, and the city has nowhere to go: refused, nothing written', async () => {
      const c = await raise(g, t.m1, { description: '希望协调解决职工停车难' });
      const atCity = await raise(g, t.city, { description: '市总直接登记的一件诉求' });
      const before = await dbState(g.casesDb);
      const tries: [string, Record<string, unknown>, string, RegExp][] = [
        [t.e1, { id: c.id, toOrgId: org('d2'), reason: '超出能力' }, 'BAD_USER_INPUT', /toOrgId: pass a case up to a union above the one handling it/],
        [t.e1, { id: c.id, toOrgId: org('e2'), reason: '超出能力' }, 'BAD_USER_INPUT', /toOrgId/],
        [t.e1, { id: c.id, toOrgId: org('e1'), reason: '超出能力' }, 'BAD_USER_INPUT', /toOrgId/],
        [t.e1, { id: c.id, toOrgId: org('d1'), reason: '  ' }, 'BAD_USER_INPUT', /reason: write what was done or why/],
        [t.d1, { id: c.id, toOrgId: org('city'), reason: '超出能力' }, 'FORBIDDEN', /PASS_UP on this case is for staff of the handling org/],
        [t.m1, { id: c.id, toOrgId: org('d1'), reason: '超出能力' }, 'FORBIDDEN', /passUpCase is for union staff and admins/],
        [t.city, { id: atCity.id, toOrgId: org('city'), reason: '超出能力' }, 'INVALID_STATE', /the city union has no union above it/],
      ];
      for (const [token, vars, code, message] of tries) {
        const out = await act(g, token, 'passUp', vars);
        expect([vars, out.code]).toEqual([vars, code]);
        expect(out.message).toMatch(message);
      }
      expect(await dbState(g.casesDb)).toEqual(before);
    });
  });

  describe('a member raises straight at a higher level (the 12351 hotline, the county website)', () => {
    test('m1 raises at its district by the hotline: raised and handled there, linked to m1', async () => {
      const c = await raise(g, t.m1, { orgId: org('d1'), channel: 'HOTLINE_12351', description: '拨打12351反映工伤认定难' });
      expect(c).toMatchObject({ raisedOrg: { id: org('d1') }, handlingOrg: { id: org('d1') }, member: { id: g.fixture.members.m1.id }, channel: 'HOTLINE_12351' });
      expect(c.number.startsWith('LJ-01-')).toBe(true);
      expect((await read(g, t.d1, c.id))!.allowedActions).toContain('ACCEPT');
    });

    test('not at a union off its own path, and not for someone else: BAD_USER_INPUT, no case', async () => {
      const before = await dbState(g.casesDb);
      for (const [over, field] of [[{ orgId: org('d2') }, 'orgId'], [{ orgId: org('s2') }, 'orgId'], [{ orgId: org('e2') }, 'orgId'], [{ memberId: g.fixture.members.m2.id }, 'memberId']] as const) {
        const out = await act(g, t.m1, 'raise', { input: { kind: 'OTHER', channel: 'WEBSITE', description: '一个足够长的诉求描述', ...over } });
        expect([over, out.code]).toEqual([over, 'BAD_USER_INPUT']);
        expect(out.message!.startsWith(`${field}: `)).toBe(true);
      }
      expect(await dbState(g.casesDb)).toEqual(before);
    });
  });

  describe('转办 to an outside agency: referred with a deadline, answered, the case stays the union\'s', () => {
    test('e1 refers to the legal-aid centre, records its answer, and still resolves the case itself', async () => {
      const c = await must(g, t.e1, 'accept', { id: (await raise(g, t.m2, { kind: 'LEGAL_AID', description: '外卖平台拒绝认定劳动关系' })).id, ...handlerAt(g, 'e1') });
      const referred = await must(g, t.e1, 'referOut', { id: c.id, agency: '江北区法律援助中心', dueOn: '2099-06-30', note: '已电话联系中心' });
      expect(referred).toMatchObject({ state: 'IN_PROGRESS', handlingOrg: { id: org('e1') } });
      expect(detailOf(referred.events[referred.events.length - 1])).toEqual({ agency: '江北区法律援助中心', dueOn: '2099-06-30' });
      const open = (await g.gql<{ case: { referrals: unknown[] } }>(t.e1, REFERRALS, { id: c.id })).data!.case.referrals;
      expect(open).toEqual([{ agency: '江北区法律援助中心', dueOn: '2099-06-30', answer: null, answeredAt: null }]);

      const answered = await must(g, t.e1, 'agencyAnswer', { id: c.id, answer: '中心已受理并指派律师' });
      expect(answered.state).toBe('IN_PROGRESS');
      const after = (await g.gql<{ case: { referrals: { answer: string; answeredAt: string }[] } }>(t.d1, REFERRALS, { id: c.id })).data!.case.referrals;
      expect(after).toEqual([{ agency: '江北区法律援助中心', dueOn: '2099-06-30', answer: '中心已受理并指派律师', answeredAt: expect.any(String) }]);

      // Nothing waits for an answer now; the case is still the union's to resolve.
      const again = await act(g, t.e1, 'agencyAnswer', { id: c.id, answer: '重复的答复' });
      expect({ code: again.code, message: again.message }).toEqual({ code: 'INVALID_STATE', message: 'AGENCY_ANSWERED is not possible: no referral of this case is waiting for an answer; refer it out first.' });
      await must(g, t.e1, 'resolve', { id: c.id, resolution: '经法律援助中心介入，确认劳动关系' });
      expect(await ledgerOk(c)).toEqual({ ok: true, eventsChecked: 5 });
    });

    test('a day already past, or no agency: BAD_USER_INPUT naming the field; a sibling sees no referral', async () => {
      const c = await must(g, t.e1, 'accept', { id: (await raise(g, t.m1, { description: '希望协调解决职工停车难' })).id, ...handlerAt(g, 'e1') });
      const before = await dbState(g.casesDb);
      const referralsBefore = await g.casesDb.getRepository(CaseReferralRow).count();
      for (const [vars, field] of [[{ agency: '劳动监察大队', dueOn: '2001-01-01' }, 'dueOn'], [{ agency: '劳动监察大队', dueOn: '31/12/2099' }, 'dueOn'], [{ agency: ' ', dueOn: '2099-01-01' }, 'agency']] as const) {
        const out = await act(g, t.e1, 'referOut', { id: c.id, ...vars });
        expect([vars, out.code, out.message!.split(':')[0]]).toEqual([vars, 'BAD_USER_INPUT', field]);
      }
      expect(await dbState(g.casesDb)).toEqual(before);
      expect(await g.casesDb.getRepository(CaseReferralRow).count()).toBe(referralsBefore);
      expect((await g.gql<{ case: null }>(t.e2, REFERRALS, { id: c.id })).data!.case).toBeNull();
    });
  });

  describe('回访: a worker without an account is called back', () => {
    const signedOff = async (anonymous: boolean) => {
      const c = await raise(g, t.m1, { anonymous, description: '反映食堂饭菜价格偏高' });
      await must(g, t.e1, 'accept', { id: c.id, ...handlerAt(g, 'e1') });
      await must(g, t.e1, 'resolve', { id: c.id, resolution: '已与食堂协商降价' });
      return must(g, t.e1, 'signOff', { id: c.id });
    };

    test('staff record a satisfied callback on an anonymous case: closed, by callback, not by timeout', async () => {
      const c = await signedOff(true);
      expect(c.allowedActions).toContain('CALLBACK');
      const closed = await must(g, t.s1, 'callback', { id: c.id, rating: 'BASICALLY_SATISFIED', comment: '电话回访，职工基本满意' });
      expect(closed).toMatchObject({ state: 'CLOSED', closeReason: 'CALLBACK', rating: 'BASICALLY_SATISFIED', ratingComment: '电话回访，职工基本满意' });
      expect(closed.events[closed.events.length - 1]).toMatchObject({ action: 'CALLBACK', fromState: 'SIGNED_OFF', toState: 'CLOSED', actorOrgId: org('s1') });
    });

    test('an unsatisfied callback reopens the case under supervision', async () => {
      const c = await signedOff(true);
      const reopened = await must(g, t.e1, 'callback', { id: c.id, rating: 'UNSATISFIED', comment: '价格仍然偏高' });
      expect(reopened).toMatchObject({ state: 'IN_PROGRESS', supervised: true, reopenCount: 1, closeReason: null });
    });

    test('a member\'s own case is rated by the member: no callback, nothing written', async () => {
      const c = await signedOff(false);
      expect(c.allowedActions).not.toContain('CALLBACK');
      const before = await dbState(g.casesDb);
      const out = await act(g, t.e1, 'callback', { id: c.id, rating: 'SATISFIED' });
      expect({ code: out.code, message: out.message }).toEqual({ code: 'INVALID_STATE', message: 'CALLBACK is not possible: the member rates this case themselves.' });
      expect(await dbState(g.casesDb)).toEqual(before);
    });
  });
  describe('a worker who is not a member: registered by staff with a name and a phone, answered by a callback', () => {
    const WORKER = 'query($id: ID!, $reveal: Boolean!) { case(id: $id) { id anonymous member { id } worker { name phone(reveal: $reveal) } } }';
    const worker = { name: '王建国', phone: '13912345678' };
    const viewOf = async (token: string, id: string, reveal = false) => g.gql<{ case: { anonymous: boolean; member: null; worker: { name: string; phone: string } | null } | null }>(token, WORKER, { id, reveal });
    const accessRows = (caseId: string) => g.casesDb.getRepository(CaseContactAccessRow).countBy({ caseId });

    test('e1 registers a hotline call: no member link, the phone masked and encrypted at rest, kept out of the ledger', async () => {
      const c = await raise(g, t.e1, { channel: 'HOTLINE_12351', kind: 'URGENT_NEED', description: '外卖骑手反映站点拖欠配送费', worker });
      expect(c).toMatchObject({ member: null, anonymous: false, state: 'REGISTERED', handlingOrg: { id: org('e1') } });
      expect((await viewOf(t.e1, c.id)).data!.case).toEqual({ id: c.id, anonymous: false, member: null, worker: { name: '王建国', phone: '139****5678' } });
      const row = (await g.casesDb.query('SELECT worker_phone FROM case_file WHERE id = ?', [c.id])) as { worker_phone: string }[];
      expect(row[0].worker_phone).toMatch(/^v1\./);
      expect(row[0].worker_phone).not.toContain('5678');
      for (const e of c.events) expect(`${e.note ?? ''}${e.detail ?? ''}`).not.toMatch(/王建国|13912345678/);
      // Out of scope: nothing, as for any case.
      expect((await viewOf(t.d2, c.id)).data!.case).toBeNull();
      expect(await accessRows(c.id)).toBe(0);
    });

    test('the full phone needs pii:read, and each full read is logged before it is shown', async () => {
      const c = await raise(g, t.e1, { channel: 'HOTLINE_12351', description: '快递员反映分拣场地没有饮水点', worker });
      const refused = await viewOf(t.e1, c.id, true);
      expect(refused.errors?.[0]).toMatchObject({ message: 'Viewing a full phone number needs the pii:read permission. Ask an admin to grant it, or omit reveal.', extensions: { code: 'FORBIDDEN' } });
      expect(await accessRows(c.id)).toBe(0);
      const withPii = await clientToken({ sub: 'staff-e1-pii', role: 'staff', org: org('e1'), perms: ['pii:read'] });
      expect((await viewOf(withPii, c.id, true)).data!.case!.worker).toEqual({ name: '王建国', phone: '13912345678' });
      expect(await g.casesDb.getRepository(CaseContactAccessRow).findBy({ caseId: c.id })).toEqual([expect.objectContaining({ actorSub: 'staff-e1-pii', actorRole: 'staff', actorOrgId: org('e1') })]);
    });

    test('closed by the callback, which a member\'s rating cannot reach', async () => {
      const c = await raise(g, t.e1, { channel: 'HOTLINE_12351', description: '环卫工人反映休息点夏天没有空调', worker });
      await must(g, t.e1, 'accept', { id: c.id, ...handlerAt(g, 'e1') });
      await must(g, t.e1, 'resolve', { id: c.id, resolution: '已协调加装空调' });
      const signed = await must(g, t.e1, 'signOff', { id: c.id });
      expect(signed.allowedActions).toContain('CALLBACK');
      expect((await act(g, t.m1, 'rate', { id: c.id, rating: 'SATISFIED' })).code).toBe('NOT_FOUND');
      const closed = await must(g, t.e1, 'callback', { id: c.id, rating: 'SATISFIED', comment: '电话回访，满意' });
      expect(closed).toMatchObject({ state: 'CLOSED', closeReason: 'CALLBACK', rating: 'SATISFIED' });
    });

    test('refused, with nothing written: a member naming a worker, a member and a worker at once, a bad name or phone', async () => {
      const before = await dbState(g.casesDb);
      const count = await g.casesDb.getRepository(CaseRow).count();
      const tries: [string, Record<string, unknown>, string][] = [
        [t.m1, { worker }, 'worker: members raise cases for themselves; leave it out'],
        [t.e1, { worker, memberId: g.fixture.members.m1.id }, 'worker: a case is for a member (memberId) or for a worker who is not one (worker), not both'],
        [t.e1, { worker: { name: ' 王 ', phone: '13912345678' } }, "worker.name: write the worker's name as they gave it, 2-50 characters"],
        [t.e1, { worker: { name: '王建国', phone: '1391234' } }, 'worker.phone: write an 11-digit mobile such as 13812345678, or a landline with its area code such as 0571-87654321'],
      ];
      for (const [token, extra, message] of tries) {
        const out = await act(g, token, 'raise', { input: { kind: 'MICRO_WISH', channel: 'HOTLINE_12351', description: '希望增设夜间休息点', ...extra } });
        expect({ code: out.code, message: out.message }).toEqual({ code: 'BAD_USER_INPUT', message });
      }
      expect(await g.casesDb.getRepository(CaseRow).count()).toBe(count);
      expect(await dbState(g.casesDb)).toEqual(before);
    });
  });
});
