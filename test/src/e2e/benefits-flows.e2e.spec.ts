import { AidApplicationRow, AllocationRow, CareBatchRow, CareVisitRow, expireVouchers, ProgrammeRow, ProgrammeRulesRow, RedemptionRow, VoucherRow } from '@lianxin/benefits';
import { enginesForSuites } from '../harness/engines';
import { clientToken, startTestGraph, type TestGraph } from '../harness/graph';
import {
  allocate,
  ALLOCATE,
  ANSWER,
  apply,
  benefitsState,
  bindPartner,
  cancel,
  CHECK_ELIGIBILITY,
  CHECK_VOUCHER,
  CLOSE_PROGRAMME,
  checkAid,
  childrenOf,
  claim,
  codeOf,
  CREATE_PROGRAMME,
  CREATE_BATCH,
  DAY_MS,
  day,
  deliverAid,
  enrol,
  issue,
  gqlAs,
  issueKey,
  must,
  mustClaim,
  MY_REDEMPTIONS,
  newBatch,
  newProgramme,
  nextMonth,
  ok,
  qrOf,
  RECORD_VISIT,
  redeem,
  registerPartner,
  remainingAt,
  reviewAid,
  programmeInput,
  rulesDoc,
  SET_RULES,
  setMemberStatus,
  VOUCHER,
  visitInput,
  batchInput,
  type AnswerView,
  type ProgrammeView,
  type RedemptionView,
  type VoucherView,
  type Who,
} from './benefits-helpers';
import { memberTokenFor, partnerTokenFor, staffTokenFor, tokenFor, type MemberKey, type OrgKey } from './callers';

/**
 * The benefits flows through the gateway, as clients drive them: explainable eligibility
 * for every kind of rule and its versions, claiming and redeeming vouchers at a partner,
 * idempotent retries, expiry and cancellation giving quota back, the partner desk's
 * checks by voucher and by member QR, the education aid flow, care batch budgets, quota
 * allocation down the tree and the uptake figures against counts made from the rows.
 * The races (concurrent claims, 200 redemptions of one voucher) are in benefits-concurrency.
 */

const ALL_ORGS: OrgKey[] = ['city', 'd1', 'd2', 's1', 's2', 'e1', 'e2', 'e3'];
const MEMBERSHIP = { type: 'membership', status: ['ACTIVE'] };

describe.each(enginesForSuites())('benefits flows on %s', (engine) => {
  let g: TestGraph;
  let admin: string;
  const staff = {} as Record<OrgKey, string>;
  const members = {} as Record<MemberKey | 'm5', string>;
  const id = {} as Record<MemberKey | 'm5' | 'm6', string>;
  let org: (k: OrgKey) => string;
  let m1Child: string;
  let cinema: { id: string; token: string; key: string };
  let pool: { id: string; token: string };

  beforeAll(async () => {
    g = await startTestGraph(engine);
    const f = g.fixture;
    org = (k) => f.orgs[k].id;
    admin = (await tokenFor('admin', f))!;
    for (const o of ALL_ORGS) staff[o] = await staffTokenFor(o, f);
    for (const m of ['m1', 'm2', 'm3', 'm4'] as MemberKey[]) {
      members[m] = await memberTokenFor(m, f);
      id[m] = f.members[m].id;
    }
    // m5 left the union; enrolled and let go before benefits ever reads their facts.
    id.m5 = await enrol(g, staff.e1, org('e1'), 501, { name: '赵敏', gender: 'FEMALE' });
    await setMemberStatus(g, staff.e1, id.m5, 'LEFT', '离职');
    members.m5 = await clientToken({ role: 'member', mid: id.m5 });
    m1Child = (await childrenOf(g, staff.e1, id.m1))[0].id;

    const c = await registerPartner(g, staff.city, org('city'), '滨江影城', 'CINEMA');
    cinema = { id: c.id, token: await partnerTokenFor(c.id), key: (await issueKey(g, staff.city, c.id)).key };
    const p = await registerPartner(g, staff.d1, org('d1'), '江北游泳馆', 'POOL');
    pool = { id: p.id, token: await partnerTokenFor(p.id) };
  });
  afterAll(() => g?.stop());

  const atCity = (name: string, requires: unknown[], extra: Partial<Parameters<typeof newProgramme>[2]> = {}) =>
    newProgramme(g, staff.city, { orgId: org('city'), name, requires, ...extra });

  /* ---------- eligibility ---------- */

  type Said = Pick<AnswerView, 'status' | 'ruleVersion' | 'nextEligibleOn'> & { codes: string[] };
  const said = (a: AnswerView | null): Said | null => a && { status: a.status, codes: a.reasons.map((r) => r.code), ruleVersion: a.ruleVersion, nextEligibleOn: a.nextEligibleOn };

  /** The answer as admin asks it (root field), checked against Member.eligibility as city staff read it. */
  async function answer(programmeId: string, member: MemberKey | 'm5' | 'm6', childId?: string): Promise<AnswerView | null> {
    const root = ok(await g.gql<{ eligibility: AnswerView | null }>(admin, `query($p: ID!, $m: ID, $c: ID) { eligibility(programmeId: $p, memberId: $m, childId: $c) { ${ANSWER} } }`, { p: programmeId, m: id[member], c: childId }));
    const onMember = ok(await g.gql<{ member: { eligibility: AnswerView | null } }>(staff.city, `query($id: ID!, $p: ID!, $c: ID) { member(id: $id) { eligibility(programmeId: $p, childId: $c) { ${ANSWER} } } }`, { id: id[member], p: programmeId, c: childId }));
    expect(onMember.member.eligibility).toEqual(root.eligibility);
    for (const r of root.eligibility?.reasons ?? []) expect(r.message.length).toBeGreaterThan(5);
    return root.eligibility;
  }

  /** What the member reads about themself (`me { eligibility }`). */
  const ownAnswer = async (member: MemberKey, programmeId: string): Promise<AnswerView | null> =>
    ok(await g.gql<{ me: { eligibility: AnswerView | null } }>(members[member], `query($p: ID!) { me { eligibility(programmeId: $p) { ${ANSWER} } } }`, { p: programmeId })).me.eligibility;

  describe('eligibility: every kind of rule, explained', () => {
    test('membership: active members only', async () => {
      const p = await atCity('在职会员免费观影', [MEMBERSHIP]);
      expect(said(await answer(p.id, 'm1'))).toEqual({ status: 'ELIGIBLE', codes: [], ruleVersion: 1, nextEligibleOn: null });
      expect(said(await answer(p.id, 'm5'))).toEqual({ status: 'INELIGIBLE', codes: ['NOT_ACTIVE_MEMBER'], ruleVersion: 1, nextEligibleOn: null });
      expect(said(await ownAnswer('m1', p.id))).toEqual({ status: 'ELIGIBLE', codes: [], ruleVersion: 1, nextEligibleOn: null });
    });

    test('the programme\'s subtree: a d2 programme does not cover m1, and m1 cannot even see it', async () => {
      const p = await newProgramme(g, staff.d2, { orgId: org('d2'), name: '青山县免费健身', kind: 'GYM_VOUCHER', requires: [MEMBERSHIP] });
      expect(said(await answer(p.id, 'm1'))).toEqual({ status: 'INELIGIBLE', codes: ['OUTSIDE_PROGRAMME_AREA'], ruleVersion: 1, nextEligibleOn: null });
      expect(said(await answer(p.id, 'm4'))).toMatchObject({ status: 'ELIGIBLE' });
      expect(await ownAnswer('m1', p.id)).toBeNull();
    });

    test('employment type', async () => {
      const p = await atCity('骑手专享游泳', [{ type: 'employmentType', anyOf: ['DELIVERY_RIDER'] }], { kind: 'SWIMMING_VOUCHER' });
      expect(said(await answer(p.id, 'm2'))).toMatchObject({ status: 'ELIGIBLE', codes: [] });
      expect(said(await answer(p.id, 'm1'))).toEqual({ status: 'INELIGIBLE', codes: ['EMPLOYMENT_TYPE_NOT_COVERED'], ruleVersion: 1, nextEligibleOn: null });
    });

    test('hardship tier: the programme becomes sensitive', async () => {
      const p = await atCity('困难职工疗休养', [{ type: 'hardship', tiers: ['DEEP', 'ACCIDENT'] }], { kind: 'SANATORIUM' });
      expect(p.sensitive).toBe(true);
      expect(said(await answer(p.id, 'm1'))).toMatchObject({ status: 'ELIGIBLE' });
      expect(said(await answer(p.id, 'm2'))).toEqual({ status: 'INELIGIBLE', codes: ['NOT_HARDSHIP_TIER'], ruleVersion: 1, nextEligibleOn: null });
    });

    test('model worker', async () => {
      const p = await atCity('劳模疗休养', [{ type: 'modelWorker' }], { kind: 'SANATORIUM' });
      expect(said(await answer(p.id, 'm3'))).toMatchObject({ status: 'ELIGIBLE' });
      expect(said(await answer(p.id, 'm1'))).toEqual({ status: 'INELIGIBLE', codes: ['NOT_MODEL_WORKER'], ruleVersion: 1, nextEligibleOn: null });
    });

    test('the child\'s age and school stage: picked when one fits; NEEDS_INFO without a child or with someone else\'s', async () => {
      const primary = await atCity('小学生暑期课堂', [{ type: 'child', minAge: 6, maxAge: 12, stages: ['PRIMARY'] }], { kind: 'FREE_CLASS' });
      const a = await answer(primary.id, 'm1');
      expect(said(a)).toMatchObject({ status: 'ELIGIBLE', codes: [] });
      expect(a!.childId).toBe(m1Child);
      expect(said(await answer(primary.id, 'm2'))).toEqual({ status: 'NEEDS_INFO', codes: ['NO_CHILD_RECORDED'], ruleVersion: 1, nextEligibleOn: null });
      expect(said(await answer(primary.id, 'm1', '01ZZZZZZZZZZZZZZZZZZZZZZZZ'))).toEqual({ status: 'NEEDS_INFO', codes: ['CHILD_REQUIRED'], ruleVersion: 1, nextEligibleOn: null });
      // Two children who both fit: the answer asks which one.
      id.m6 = await enrol(g, staff.e1, org('e1'), 502, {
        name: '钱多多',
        children: [{ name: '钱小一', gender: 'MALE', birthDate: '2016-03-01', schoolStage: 'PRIMARY' }, { name: '钱小二', gender: 'FEMALE', birthDate: '2016-03-01', schoolStage: 'PRIMARY' }],
      });
      const twins = await childrenOf(g, staff.e1, id.m6);
      expect(said(await answer(primary.id, 'm6'))).toEqual({ status: 'NEEDS_INFO', codes: ['CHILD_REQUIRED'], ruleVersion: 1, nextEligibleOn: null });
      const chosen = await answer(primary.id, 'm6', twins[1].id);
      expect([said(chosen)?.status, chosen?.childId]).toEqual(['ELIGIBLE', twins[1].id]);
      const junior = await atCity('初中生暑期课堂', [{ type: 'child', stages: ['JUNIOR_HIGH'] }], { kind: 'FREE_CLASS' });
      expect(said(await answer(junior.id, 'm1'))).toEqual({ status: 'INELIGIBLE', codes: ['CHILD_NOT_COVERED'], ruleVersion: 1, nextEligibleOn: null });
      expect(said(await answer(junior.id, 'm1', m1Child))).toEqual({ status: 'INELIGIBLE', codes: ['CHILD_NOT_COVERED'], ruleVersion: 1, nextEligibleOn: null });
    });

    test('a per-member limit: LIMIT_REACHED until the first day of next month', async () => {
      const p = await atCity('每月一张观影券', [MEMBERSHIP, { type: 'perMemberLimit', count: 1, period: 'MONTH', per: 'MEMBER' }]);
      await mustClaim(g, members.m1, p.id);
      expect(said(await answer(p.id, 'm1'))).toEqual({ status: 'INELIGIBLE', codes: ['LIMIT_REACHED'], ruleVersion: 1, nextEligibleOn: nextMonth() });
      expect(said(await answer(p.id, 'm2'))).toMatchObject({ status: 'ELIGIBLE' });
      const again = await claim(g, members.m1, p.id);
      expect(again.code).toBe('NOT_ELIGIBLE');
      expect(again.extensions).toMatchObject({ reasons: ['LIMIT_REACHED'], ruleVersion: 1, nextEligibleOn: nextMonth() });
    });

    test('remaining quota', async () => {
      const p = await atCity('限量体检', [MEMBERSHIP, { type: 'quota' }], { kind: 'HEALTH_CHECK', quota: 1 });
      expect(said(await answer(p.id, 'm1'))).toMatchObject({ status: 'ELIGIBLE' });
      await mustClaim(g, members.m2, p.id);
      expect(said(await answer(p.id, 'm1'))).toEqual({ status: 'INELIGIBLE', codes: ['QUOTA_EXHAUSTED'], ruleVersion: 1, nextEligibleOn: null });
    });

    test('not already aided by another programme: ALREADY_AIDED until the exclusion window ends', async () => {
      const first = await atCity('春节疗休养', [MEMBERSHIP], { kind: 'SANATORIUM' });
      const second = await atCity('秋季疗休养', [MEMBERSHIP, { type: 'notAidedBy', programmeIds: [first.id], withinDays: 30 }], { kind: 'SANATORIUM' });
      expect(second.sensitive).toBe(true);
      expect(said(await answer(second.id, 'm1'))).toMatchObject({ status: 'ELIGIBLE' });
      await mustClaim(g, members.m1, first.id);
      expect(said(await answer(second.id, 'm1'))).toEqual({ status: 'INELIGIBLE', codes: ['ALREADY_AIDED'], ruleVersion: 1, nextEligibleOn: day(31) });
      expect(said(await answer(second.id, 'm2'))).toMatchObject({ status: 'ELIGIBLE' });
    });

    test('a programme not open: a draft says so with no date; one opening later names its first day', async () => {
      const draft = await newProgramme(g, staff.city, { orgId: org('city'), name: '筹备中的课程', kind: 'FREE_CLASS', requires: [MEMBERSHIP] }, { open: false });
      expect(said(await answer(draft.id, 'm1'))).toEqual({ status: 'INELIGIBLE', codes: ['PROGRAMME_NOT_OPEN'], ruleVersion: 1, nextEligibleOn: null });
      const later = await atCity('下周开放的课程', [MEMBERSHIP], { kind: 'FREE_CLASS', startsOn: day(5) });
      const a = await answer(later.id, 'm1');
      expect(said(a)).toEqual({ status: 'INELIGIBLE', codes: ['PROGRAMME_NOT_OPEN'], ruleVersion: 1, nextEligibleOn: day(5) });
      expect(a!.reasons[0].message).toContain(day(5));
      const refused = await claim(g, members.m1, later.id);
      expect(refused.code).toBe('NOT_ELIGIBLE');
      expect(refused.extensions).toMatchObject({ reasons: ['PROGRAMME_NOT_OPEN'], nextEligibleOn: day(5) });
    });

    test("a member's list holds only open programmes: a draft and a closed one are the union's, not theirs", async () => {
      const draft = await newProgramme(g, staff.city, { orgId: org('city'), name: '尚未开放的观影', kind: 'FREE_CLASS', requires: [MEMBERSHIP] }, { open: false });
      const open = await atCity('正在开放的观影', [MEMBERSHIP], { kind: 'FREE_CLASS' });
      const closed = await atCity('已经结束的观影', [MEMBERSHIP], { kind: 'FREE_CLASS' });
      ok(await g.gql(staff.city, CLOSE_PROGRAMME, { p: closed.id }));
      const list = async (token: string) =>
        ok(await g.gql<{ programmes: { edges: { node: { id: string; state: string } }[] } }>(token, '{ programmes(first: 500) { edges { node { id state } } } }')).programmes.edges.map((e) => e.node);
      const mine = await list(members.m1);
      expect(mine.map((p) => p.id)).toContain(open.id);
      expect(mine.map((p) => p.id)).not.toContain(draft.id);
      expect(mine.map((p) => p.id)).not.toContain(closed.id);
      expect(new Set(mine.map((p) => p.state))).toEqual(new Set(['ACTIVE']));
      // Staff still see all three.
      expect((await list(staff.city)).map((p) => p.id)).toEqual(expect.arrayContaining([draft.id, open.id, closed.id]));
    });

    test('every reason that applies is given, and waiting helps only when every reason ends on a date', async () => {
      const p = await atCity('骑手劳模专享', [{ type: 'employmentType', anyOf: ['DELIVERY_RIDER'] }, { type: 'modelWorker' }, { type: 'perMemberLimit', count: 1, period: 'MONTH', per: 'MEMBER' }], { kind: 'GYM_VOUCHER' });
      expect(said(await answer(p.id, 'm1'))).toEqual({ status: 'INELIGIBLE', codes: ['EMPLOYMENT_TYPE_NOT_COVERED', 'NOT_MODEL_WORKER'], ruleVersion: 1, nextEligibleOn: null });
      expect(said(await answer(p.id, 'm2'))).toMatchObject({ codes: ['NOT_MODEL_WORKER'] });
      expect(said(await answer(p.id, 'm3'))).toMatchObject({ codes: ['EMPLOYMENT_TYPE_NOT_COVERED'] });
      // A limit alone would lift next month; with a reason that never lifts by waiting, no date is promised.
      const limited = await atCity('骑手每月健身', [{ type: 'employmentType', anyOf: ['DELIVERY_RIDER'] }, { type: 'perMemberLimit', count: 1, period: 'MONTH', per: 'MEMBER' }], { kind: 'GYM_VOUCHER' });
      await mustClaim(g, members.m2, limited.id);
      expect(said(await answer(limited.id, 'm2'))).toEqual({ status: 'INELIGIBLE', codes: ['LIMIT_REACHED'], ruleVersion: 1, nextEligibleOn: nextMonth() });
      await setRules(limited.id, [{ type: 'employmentType', anyOf: ['COURIER'] }, { type: 'perMemberLimit', count: 1, period: 'MONTH', per: 'MEMBER' }]);
      expect(said(await answer(limited.id, 'm2'))).toEqual({ status: 'INELIGIBLE', codes: ['EMPLOYMENT_TYPE_NOT_COVERED', 'LIMIT_REACHED'], ruleVersion: 2, nextEligibleOn: null });
    });
  });

  const setRules = async (programmeId: string, requires: unknown[], token = staff.city) =>
    ok(await g.gql<{ setProgrammeRules: ProgrammeView }>(token, SET_RULES, { p: programmeId, r: rulesDoc(requires) }), 'setProgrammeRules').setProgrammeRules;

  describe('rule versions', () => {
    test('a rule change is a new version: answers name it, earlier versions stay on record', async () => {
      const p = await atCity('版本化规则观影', [MEMBERSHIP]);
      expect(said(await answer(p.id, 'm1'))).toMatchObject({ status: 'ELIGIBLE', ruleVersion: 1 });

      const v2 = await setRules(p.id, [MEMBERSHIP, { type: 'employmentType', anyOf: ['DELIVERY_RIDER'] }]);
      expect(v2).toMatchObject({ rulesVersion: 2, sensitive: false });
      expect(said(await answer(p.id, 'm1'))).toEqual({ status: 'INELIGIBLE', codes: ['EMPLOYMENT_TYPE_NOT_COVERED'], ruleVersion: 2, nextEligibleOn: null });
      expect(said(await answer(p.id, 'm2'))).toEqual({ status: 'ELIGIBLE', codes: [], ruleVersion: 2, nextEligibleOn: null });
      const refused = await claim(g, members.m1, p.id);
      expect(refused.code).toBe('NOT_ELIGIBLE');
      expect(refused.extensions).toMatchObject({ reasons: ['EMPLOYMENT_TYPE_NOT_COVERED'], ruleVersion: 2 });
      const read = ok(await g.gql<{ programme: { rules: unknown; rulesVersion: number } }>(staff.d1, 'query($id: ID!) { programme(id: $id) { rules rulesVersion } }', { id: p.id })).programme;
      expect(read).toEqual({ rulesVersion: 2, rules: { requires: [MEMBERSHIP, { type: 'employmentType', anyOf: ['DELIVERY_RIDER'] }] } });

      await setRules(p.id, [MEMBERSHIP]);
      expect(said(await answer(p.id, 'm1'))).toMatchObject({ status: 'ELIGIBLE', ruleVersion: 3 });
      const versions = await g.benefitsDb.getRepository(ProgrammeRulesRow).find({ where: { programmeId: p.id }, order: { version: 'ASC' } });
      expect(versions.map((v) => [v.version, JSON.parse(v.rules).requires.length])).toEqual([[1, 1], [2, 2], [3, 1]]);
    });

    test('bad rules are refused with their JSON path and what to write instead, and change nothing', async () => {
      const p = await atCity('规则校验观影', [MEMBERSHIP]);
      const before = await benefitsState(g.benefitsDb);
      const refusals: [unknown, string][] = [
        [rulesDoc([{ type: 'astrology' }]), 'rules.requires[0].type: "astrology" is not a rule type; use one of "membership", "employmentType", "hardship", "modelWorker", "child", "perMemberLimit", "quota", "notAidedBy" (docs/rules.md explains each)'],
        [rulesDoc([MEMBERSHIP, { type: 'perMemberLimit', count: 'one', period: 'MONTH' }]), 'rules.requires[1].count: must be a whole number from 1 to 1000 (got "one")'],
        [rulesDoc([{ type: 'child', minAge: 12, maxAge: 6 }]), 'rules.requires[0].minAge: 12 is above maxAge (6); swap them'],
      ];
      for (const [bad, message] of refusals) {
        const res = await g.gql(staff.city, SET_RULES, { p: p.id, r: bad });
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(res.errors![0].message).toBe(message);
        const created = await g.gql(staff.city, CREATE_PROGRAMME, { i: { ...programmeInput({ orgId: org('city'), name: '不该出现的观影' }), rules: bad } });
        expect(codeOf(created)).toBe('BAD_USER_INPUT');
        expect(created.errors![0].message).toBe(message);
      }
      // The old form, the rules as a JSON string, is not an object.
      const asString = await g.gql(staff.city, SET_RULES, { p: p.id, r: JSON.stringify(rulesDoc([MEMBERSHIP])) });
      expect(codeOf(asString)).toBe('BAD_USER_INPUT');
      expect(asString.errors![0].message).toMatch(/JSONObject/);
      expect(await benefitsState(g.benefitsDb)).toEqual(before);
    });
  });

  /* ---------- vouchers at the partner desk ---------- */

  describe('claim, check and redeem', () => {
    let p: ProgrammeView;
    let v: VoucherView & { code: string };
    let first: RedemptionView;

    beforeAll(async () => {
      p = await atCity('全市职工免费观影', [MEMBERSHIP, { type: 'perMemberLimit', count: 1, period: 'MONTH', per: 'MEMBER' }], { quota: 10, voucherValidDays: 7 });
      await bindPartner(g, staff.city, cinema.id, p.id);
    });

    test('m2 claims a voucher: an unguessable code, its QR, an expiry a week out', async () => {
      const before = Date.now();
      v = await mustClaim(g, members.m2, p.id);
      expect(v).toMatchObject({ state: 'ISSUED', redeemedAt: null, programme: { id: p.id }, qrPayload: `lianxin://v/${v.code}` });
      expect(v.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
      const expires = Date.parse(v.expiresAt);
      expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 7 * DAY_MS);
      expect(expires).toBeLessThanOrEqual(Date.now() + 7 * DAY_MS);
      expect(await remainingAt(g, admin, p.id)).toBe(9);
    });

    test('the cinema checks it by code and by QR, as typed or scanned: valid, a masked name, the quota left', async () => {
      const expected = { valid: true, reasons: [], programmeName: '全市职工免费观影', memberName: '李*英', expiresAt: v.expiresAt, remainingQuota: 9 };
      const spaced = v.code.toLowerCase().replace(/(.{4})/g, '$1-').replace(/-$/, '');
      for (const code of [v.code, v.qrPayload!, spaced]) {
        for (const w of [{ token: cinema.token }, { apiKey: cinema.key }] as Who[]) {
          expect((await gqlAs(g, w, CHECK_VOUCHER, { c: code })).data).toEqual({ checkVoucher: expected });
        }
      }
      // The pool does not serve this programme: for it the code does not exist.
      expect((await g.gql<{ checkVoucher: { reasons: string[] } }>(pool.token, CHECK_VOUCHER, { c: v.code })).data!.checkVoucher.reasons).toEqual(['UNKNOWN_CODE']);
    });

    test('the cinema redeems it once: the voucher is REDEEMED for the member too', async () => {
      first = must(await redeem(g, { token: cinema.token }, v.code, 'till-1-0001'), 'redeem');
      expect(first).toMatchObject({ code: v.code, programmeId: p.id, programmeName: '全市职工免费观影', memberName: '李*英' });
      const mine = ok(await g.gql<{ me: { vouchers: { edges: { node: VoucherView }[] } } }>(members.m2, `{ me { vouchers { edges { node { ${VOUCHER} } } } } }`)).me.vouchers.edges.map((e) => e.node);
      expect(mine.find((x) => x.id === v.id)).toMatchObject({ state: 'REDEEMED', redeemedAt: first.redeemedAt });
      type Ids = { edges: { node: { id: string } }[] };
      const byState = ok(await g.gql<{ me: { redeemed: Ids; issued: Ids } }>(members.m2, '{ me { redeemed: vouchers(state: REDEEMED) { edges { node { id } } } issued: vouchers(state: ISSUED) { edges { node { id } } } } }')).me;
      expect(byState.redeemed.edges.map((x) => x.node.id)).toContain(v.id);
      expect(byState.issued.edges.map((x) => x.node.id)).not.toContain(v.id);
      const row = await g.benefitsDb.getRepository(VoucherRow).findOneByOrFail({ id: v.id });
      expect(row).toMatchObject({ state: 'REDEEMED', partnerId: cinema.id });
      expect((await g.gqlWithApiKey<{ checkVoucher: { valid: boolean; reasons: string[] } }>(cinema.key, CHECK_VOUCHER, { c: v.code })).data!.checkVoucher).toMatchObject({ valid: false, reasons: ['ALREADY_REDEEMED'] });
      const listed = ok(await g.gqlWithApiKey<{ myRedemptions: { edges: { node: RedemptionView }[] } }>(cinema.key, MY_REDEMPTIONS, { first: 10 })).myRedemptions.edges.map((e) => e.node);
      expect(listed).toEqual([first]);
    });

    test('idempotent retries: the same key returns the first answer; the same key for another code is IDEMPOTENCY_KEY_REUSED', async () => {
      // A retry may send the code as scanned (the QR payload) or typed: the same request.
      for (const w of [{ token: cinema.token }, { apiKey: cinema.key }] as Who[]) {
        for (const code of [v.code, v.qrPayload!, v.code.toLowerCase()]) expect(must(await redeem(g, w, code, 'till-1-0001'), 'retry')).toEqual(first);
      }
      const other = await mustClaim(g, members.m1, p.id);
      const before = await benefitsState(g.benefitsDb);
      const reused = await redeem(g, { apiKey: cinema.key }, other.code, 'till-1-0001');
      expect(reused.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await benefitsState(g.benefitsDb)).toEqual(before);
      // A new key on a redeemed voucher is a second redemption: refused.
      const second = await redeem(g, { token: cinema.token }, v.code, 'till-2-0001');
      expect(second.code).toBe('ALREADY_REDEEMED');
      expect(await benefitsState(g.benefitsDb)).toEqual(before);
      expect(await g.benefitsDb.getRepository(RedemptionRow).countBy({ voucherId: v.id })).toBe(1);
      // Keys belong to a partner: the pool using the same key is its own request (and the code is not its to redeem).
      expect((await redeem(g, { token: pool.token }, other.code, 'till-1-0001')).code).toBe('UNKNOWN_CODE');
      expect(must(await redeem(g, { token: cinema.token }, other.code, 'till-3-0001'), 'redeem other').code).toBe(other.code);
    });

    test('a bad idempotency key or an unknown code are refused with what to do', async () => {
      const bad = await redeem(g, { token: cinema.token }, v.code, 'has spaces');
      expect(bad.code).toBe('BAD_USER_INPUT');
      expect(bad.message).toMatch(/idempotencyKey/);
      expect((await redeem(g, { token: cinema.token }, '0000000000000000000Z', 'till-9-0001')).code).toBe('UNKNOWN_CODE');
      expect((await redeem(g, { token: cinema.token }, 'not a code', 'till-9-0002')).code).toBe('UNKNOWN_CODE');
    });

    test('a deactivated partner\'s desk sees nothing; reactivated, it works again', async () => {
      const fresh = await mustClaim(g, members.m3, p.id);
      const SET_ACTIVE = 'mutation($pa: ID!, $a: Boolean!) { setPartnerActive(partnerId: $pa, active: $a) { active } }';
      ok(await g.gql(staff.city, SET_ACTIVE, { pa: cinema.id, a: false }));
      expect((await g.gql<{ checkVoucher: { reasons: string[] } }>(cinema.token, CHECK_VOUCHER, { c: fresh.code })).data!.checkVoucher.reasons).toEqual(['UNKNOWN_CODE']);
      expect((await redeem(g, { token: cinema.token }, fresh.code, 'till-4-0001')).code).toBe('UNKNOWN_CODE');
      expect(ok(await g.gql<{ myRedemptions: { edges: unknown[] } }>(cinema.token, MY_REDEMPTIONS, { first: 10 })).myRedemptions.edges).toEqual([]);
      // Its API key stops resolving (the gateway may still hold the lookup for up to a minute, when the desk sees nothing anyway).
      const byKey = await g.gqlWithApiKey<{ checkVoucher: { reasons: string[] } }>(cinema.key, CHECK_VOUCHER, { c: fresh.code });
      if (byKey.status === 401) expect(codeOf(byKey)).toBe('UNAUTHENTICATED');
      else expect(byKey.data!.checkVoucher.reasons).toEqual(['UNKNOWN_CODE']);
      ok(await g.gql(staff.city, SET_ACTIVE, { pa: cinema.id, a: true }));
      expect(must(await redeem(g, { token: cinema.token }, fresh.code, 'till-4-0001'), 'redeem after reactivation').code).toBe(fresh.code);
    });

    test('myRedemptions pages newest first', async () => {
      const all = ok(await g.gql<{ myRedemptions: { edges: { node: RedemptionView }[] } }>(cinema.token, MY_REDEMPTIONS, { first: 50 })).myRedemptions.edges.map((e) => e.node.id);
      expect(all).toHaveLength(3);
      expect(all).toEqual([...all].sort().reverse());
      const page1 = ok(await g.gql<{ myRedemptions: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(cinema.token, MY_REDEMPTIONS, { first: 2 })).myRedemptions;
      expect(page1.pageInfo.hasNextPage).toBe(true);
      const page2 = ok(await g.gql<{ myRedemptions: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean } } }>(cinema.token, MY_REDEMPTIONS, { first: 2, after: page1.pageInfo.endCursor })).myRedemptions;
      expect([...page1.edges, ...page2.edges].map((e) => e.node.id)).toEqual(all);
      expect(page2.pageInfo.hasNextPage).toBe(false);
    });
  });

  describe('when vouchers can be had and how long they last', () => {
    test('a voucher never outlives its programme: it expires at the end of the programme\'s last day, Beijing time', async () => {
      const p = await atCity('年末观影', [MEMBERSHIP], { endsOn: day(3), voucherValidDays: 30 });
      const v = await mustClaim(g, members.m1, p.id);
      expect(v.expiresAt).toBe(new Date(`${day(3)}T23:59:59+08:00`).toISOString());
    });

    test('a draft or a closed programme issues nothing, and says why', async () => {
      const draft = await newProgramme(g, staff.city, { orgId: org('city'), name: '草稿观影', requires: [MEMBERSHIP] }, { open: false });
      const before = await benefitsState(g.benefitsDb);
      expect((await claim(g, members.m1, draft.id)).code).toBe('INVALID_STATE');
      expect(await benefitsState(g.benefitsDb)).toEqual(before);
      const open = await atCity('已结束观影', [MEMBERSHIP]);
      ok(await g.gql(staff.city, 'mutation($p: ID!) { closeProgramme(programmeId: $p) { state } }', { p: open.id }));
      const closed = await issue(g, staff.e1, open.id, id.m2);
      expect(closed.code).toBe('INVALID_STATE');
      expect(closed.message).toMatch(/closed/);
      expect(said(await answer(open.id, 'm2'))).toEqual({ status: 'INELIGIBLE', codes: ['PROGRAMME_NOT_OPEN'], ruleVersion: 1, nextEligibleOn: null });
    });

    test('programmes that issue no vouchers refuse a claim', async () => {
      const aid = await atCity('助学金（不发券）', [{ type: 'child' }], { kind: 'EDUCATION_AID', voucherValidDays: null });
      expect((await claim(g, members.m1, aid.id)).code).toBe('BAD_USER_INPUT');
    });
  });

  describe('expiry and cancellation give the quota back', () => {
    test('vouchers past their expiry become EXPIRED in the sweep and their units go back to the quota', async () => {
      const p = await atCity('限量观影（过期）', [MEMBERSHIP, { type: 'quota' }], { quota: 3, voucherValidDays: 7 });
      await bindPartner(g, staff.city, cinema.id, p.id);
      const [v1, v2, v3] = [await mustClaim(g, members.m1, p.id), await mustClaim(g, members.m2, p.id), await mustClaim(g, members.m3, p.id)];
      must(await redeem(g, { apiKey: cinema.key }, v3.code, 'expiry-v3'), 'redeem v3');
      expect(await remainingAt(g, admin, p.id)).toBe(0);
      expect(said(await answer(p.id, 'm4'))).toMatchObject({ status: 'INELIGIBLE', codes: ['QUOTA_EXHAUSTED'] });
      expect((await claim(g, members.m4, p.id)).code).toBe('NOT_ELIGIBLE');
      const qr4 = await qrOf(g, members.m4);
      expect(ok(await g.gql<{ checkEligibility: unknown }>(cinema.token, CHECK_ELIGIBILITY, { p: p.id, q: qr4 })).checkEligibility).toEqual({ eligible: false, reasons: ['QUOTA_EXHAUSTED'], memberName: '刘*', remainingQuota: 0 });

      // Nothing is due yet: a sweep now changes nothing.
      expect(await expireVouchers(g.benefitsDb)).toEqual({ expired: 0 });
      const later = new Date(Date.now() + 8 * DAY_MS);
      // The sweep covers every programme; vouchers of other tests in this file may fall due too.
      expect((await expireVouchers(g.benefitsDb, later)).expired).toBeGreaterThanOrEqual(2);
      expect(await g.benefitsDb.getRepository(VoucherRow).countBy({ programmeId: p.id, state: 'EXPIRED' as never })).toBe(2);
      expect(await expireVouchers(g.benefitsDb, later)).toEqual({ expired: 0 }); // idempotent

      const states = async (token: string) =>
        ok(await g.gql<{ me: { vouchers: { edges: { node: VoucherView }[] } } }>(token, `{ me { vouchers(first: 50) { edges { node { ${VOUCHER} } } } } }`)).me.vouchers.edges.map((e) => e.node);
      expect((await states(members.m1)).find((x) => x.id === v1.id)!.state).toBe('EXPIRED');
      expect((await states(members.m2)).find((x) => x.id === v2.id)!.state).toBe('EXPIRED');
      expect((await states(members.m3)).find((x) => x.id === v3.id)!.state).toBe('REDEEMED');
      expect(await remainingAt(g, admin, p.id)).toBe(2);
      expect(ok(await g.gql<{ checkVoucher: unknown }>(cinema.token, CHECK_VOUCHER, { c: v1.code })).checkVoucher).toMatchObject({ valid: false, reasons: ['EXPIRED'], remainingQuota: 2 });
      expect((await redeem(g, { token: cinema.token }, v1.code, 'expiry-v1')).code).toBe('EXPIRED');
      expect(ok(await g.gql<{ checkEligibility: unknown }>(cinema.token, CHECK_ELIGIBILITY, { p: p.id, q: qr4 })).checkEligibility).toEqual({ eligible: true, reasons: [], memberName: '刘*', remainingQuota: 2 });
      await mustClaim(g, members.m4, p.id);
      expect(await remainingAt(g, admin, p.id)).toBe(1);
      const uptake = ok(await g.gql<{ programmeUptake: Record<string, number> }>(admin, 'query($p: ID!) { programmeUptake(programmeId: $p) { vouchersIssued vouchersOutstanding vouchersRedeemed vouchersExpired vouchersCancelled } }', { p: p.id })).programmeUptake;
      expect(uptake).toEqual({ vouchersIssued: 4, vouchersOutstanding: 1, vouchersRedeemed: 1, vouchersExpired: 2, vouchersCancelled: 0 });
    });

    test('a voucher past its expiry but not yet swept is already expired at the desk', async () => {
      const p = await atCity('限量观影（未扫）', [MEMBERSHIP], { quota: 2, voucherValidDays: 7 });
      await bindPartner(g, staff.city, cinema.id, p.id);
      const v = await mustClaim(g, members.m1, p.id);
      // Stands in for a week passing: the sweep has not run yet.
      await g.benefitsDb.getRepository(VoucherRow).update({ id: v.id }, { expiresAt: new Date(Date.now() - 60_000) });
      expect(ok(await g.gql<{ checkVoucher: unknown }>(cinema.token, CHECK_VOUCHER, { c: v.code })).checkVoucher).toMatchObject({ valid: false, reasons: ['EXPIRED'] });
      const before = await benefitsState(g.benefitsDb);
      expect((await redeem(g, { token: cinema.token }, v.code, 'unswept-1')).code).toBe('EXPIRED');
      expect(await benefitsState(g.benefitsDb)).toEqual(before);
      expect(await expireVouchers(g.benefitsDb)).toEqual({ expired: 1 });
      expect(await remainingAt(g, admin, p.id)).toBe(2);
    });

    test('cancelling gives the unit and the monthly slot back; a cancelled voucher cannot be used or cancelled again', async () => {
      const p = await atCity('每月观影（取消）', [MEMBERSHIP, { type: 'perMemberLimit', count: 1, period: 'MONTH', per: 'MEMBER' }], { quota: 5 });
      await bindPartner(g, staff.city, cinema.id, p.id);
      const v = await mustClaim(g, members.m1, p.id);
      expect(await remainingAt(g, admin, p.id)).toBe(4);
      expect((await claim(g, members.m1, p.id)).extensions).toMatchObject({ reasons: ['LIMIT_REACHED'] });
      expect(must(await cancel(g, members.m1, v.id), 'cancel')).toMatchObject({ id: v.id, state: 'CANCELLED' });
      expect(await remainingAt(g, admin, p.id)).toBe(5);
      expect(said(await answer(p.id, 'm1'))).toMatchObject({ status: 'ELIGIBLE' });
      const before = await benefitsState(g.benefitsDb);
      expect((await cancel(g, members.m1, v.id)).code).toBe('INVALID_STATE');
      expect(ok(await g.gql<{ checkVoucher: unknown }>(cinema.token, CHECK_VOUCHER, { c: v.code })).checkVoucher).toMatchObject({ valid: false, reasons: ['CANCELLED'] });
      expect((await redeem(g, { token: cinema.token }, v.code, 'cancelled-1')).code).toBe('CANCELLED');
      expect(await benefitsState(g.benefitsDb)).toEqual(before);
      const again = await mustClaim(g, members.m1, p.id);
      expect(again.id).not.toBe(v.id);
      // Staff of the member's union cancel too; staff elsewhere do not find it.
      expect((await cancel(g, staff.d2, again.id)).code).toBe('NOT_FOUND');
      expect(must(await cancel(g, staff.s1, again.id), 'staff cancel').state).toBe('CANCELLED');
      expect(await remainingAt(g, admin, p.id)).toBe(5);
    });
  });

  describe('the partner desk checks a member by QR', () => {
    test('a yes or no with partner-safe reasons, a masked name and the quota; hardship, aid and children never show', async () => {
      const p = await atCity('骑手每月游泳', [MEMBERSHIP, { type: 'employmentType', anyOf: ['DELIVERY_RIDER'] }, { type: 'perMemberLimit', count: 1, period: 'MONTH', per: 'MEMBER' }], { kind: 'SWIMMING_VOUCHER', quota: 10 });
      const d1 = await newProgramme(g, staff.d1, { orgId: org('d1'), name: '江北区游泳', kind: 'SWIMMING_VOUCHER', quota: 10, requires: [MEMBERSHIP] });
      await bindPartner(g, staff.d1, pool.id, d1.id);
      await bindPartner(g, admin, pool.id, p.id);
      const qr = { m1: await qrOf(g, members.m1), m2: await qrOf(g, members.m2), m4: await qrOf(g, members.m4), m5: await qrOf(g, members.m5) };
      const check = async (programmeId: string, q: string) => ok(await g.gql<{ checkEligibility: unknown }>(pool.token, CHECK_ELIGIBILITY, { p: programmeId, q })).checkEligibility;

      expect(await check(p.id, qr.m2)).toEqual({ eligible: true, reasons: [], memberName: '李*英', remainingQuota: 10 });
      // m1 is no rider: the partner hears NOT_ELIGIBLE, not why.
      expect(await check(p.id, qr.m1)).toEqual({ eligible: false, reasons: ['NOT_ELIGIBLE'], memberName: '王*国', remainingQuota: 10 });
      expect(await check(p.id, qr.m5)).toEqual({ eligible: false, reasons: ['NOT_ACTIVE_MEMBER', 'NOT_ELIGIBLE'], memberName: '赵*', remainingQuota: 10 });
      await mustClaim(g, members.m2, p.id);
      expect(await check(p.id, qr.m2)).toEqual({ eligible: false, reasons: ['LIMIT_REACHED'], memberName: '李*英', remainingQuota: 9 });
      expect(await check(d1.id, qr.m4)).toEqual({ eligible: false, reasons: ['OUTSIDE_PROGRAMME_AREA'], memberName: '刘*', remainingQuota: 10 });
      expect(await check(d1.id, qr.m1)).toEqual({ eligible: true, reasons: [], memberName: '王*国', remainingQuota: 10 });
      // A programme it does not serve does not exist for it.
      expect(codeOf(await g.gql(cinema.token, CHECK_ELIGIBILITY, { p: d1.id, q: qr.m1 }))).toBe('NOT_FOUND');
    });
  });

  /* ---------- education aid ---------- */

  describe('the education aid flow', () => {
    const AID_RULES = [{ type: 'child', minAge: 6, maxAge: 18, stages: ['PRIMARY', 'JUNIOR_HIGH'] }, { type: 'hardship', tiers: ['GENERAL', 'DEEP', 'ACCIDENT'] }, { type: 'perMemberLimit', count: 1, period: 'YEAR', per: 'CHILD' }];
    const year = Number(day(0).slice(0, 4));
    let p: ProgrammeView;
    let m4Child: string;

    beforeAll(async () => {
      p = await atCity('金秋助学', AID_RULES, { kind: 'EDUCATION_AID', quota: 3, budgetCents: 150_000, amountCents: 50_000, voucherValidDays: null });
      ok(await g.gql(staff.d2, 'mutation($m: ID!, $i: ChildInput!) { addMemberChild(memberId: $m, input: $i) { id } }', { m: id.m4, i: { name: '刘小雨', gender: 'FEMALE', birthDate: '2014-05-01', schoolStage: 'PRIMARY' } }));
      m4Child = (await childrenOf(g, staff.d2, id.m4))[0].id;
    });

    test('apply (m1, for their child) → enterprise check (e1) → district review (d1) → awarded → delivered', async () => {
      expect(said(await ownAnswer('m1', p.id))).toMatchObject({ status: 'ELIGIBLE' });
      const a = must(await apply(g, members.m1, { programmeId: p.id, childId: m1Child }), 'apply');
      expect(a).toMatchObject({ state: 'APPLIED', year, amountCents: null, childId: m1Child, member: { id: id.m1 }, org: { id: org('e1') } });

      // Out of turn, or by the wrong union, nothing moves.
      const before = await benefitsState(g.benefitsDb);
      expect((await reviewAid(g, staff.d1, a.id, true)).code).toBe('INVALID_STATE');
      expect((await checkAid(g, staff.s1, a.id, true)).code).toBe('FORBIDDEN');
      expect((await checkAid(g, staff.e2, a.id, true)).code).toBe('NOT_FOUND');
      expect((await checkAid(g, staff.e1, a.id, false)).code).toBe('BAD_USER_INPUT'); // a rejection needs its reason
      expect((await apply(g, staff.e1, { programmeId: p.id, childId: m1Child, memberId: id.m1 })).code).toBe('DUPLICATE');
      expect(await benefitsState(g.benefitsDb)).toEqual(before);

      expect(must(await checkAid(g, staff.e1, a.id, true, '材料齐全'), 'check').state).toBe('ENTERPRISE_CHECKED');
      expect((await reviewAid(g, staff.d2, a.id, true)).code).toBe('NOT_FOUND');
      const awarded = must(await reviewAid(g, staff.d1, a.id, true, '符合条件'), 'review');
      expect(awarded).toMatchObject({ state: 'AWARDED', amountCents: 50_000 });
      const delivered = must(await deliverAid(g, staff.e1, a.id, '学习用品已送达'), 'deliver');
      expect(delivered.state).toBe('DELIVERED');
      expect(delivered.history).toEqual([
        { fromState: null, toState: 'APPLIED', actorRole: 'member', actorOrgId: org('e1'), note: null },
        { fromState: 'APPLIED', toState: 'ENTERPRISE_CHECKED', actorRole: 'staff', actorOrgId: org('e1'), note: '材料齐全' },
        { fromState: 'ENTERPRISE_CHECKED', toState: 'AWARDED', actorRole: 'staff', actorOrgId: org('d1'), note: '符合条件' },
        { fromState: 'AWARDED', toState: 'DELIVERED', actorRole: 'staff', actorOrgId: org('e1'), note: '学习用品已送达' },
      ]);
      // The award came out of the programme's share.
      const root = await g.benefitsDb.getRepository(AllocationRow).findOneByOrFail({ programmeId: p.id, orgId: org('city') });
      expect(root).toMatchObject({ used: 1, spentCents: 50_000 });
      expect((await deliverAid(g, staff.e1, a.id)).code).toBe('INVALID_STATE');
    });

    test('one award per child per year: the child is not eligible again until next year', async () => {
      expect(said(await ownAnswer('m1', p.id))).toEqual({ status: 'INELIGIBLE', codes: ['LIMIT_REACHED'], ruleVersion: 1, nextEligibleOn: `${year + 1}-01-01` });
      const before = await benefitsState(g.benefitsDb);
      const again = await apply(g, members.m1, { programmeId: p.id, childId: m1Child });
      expect(again.code).toBe('NOT_ELIGIBLE');
      expect(again.extensions).toMatchObject({ reasons: ['LIMIT_REACHED'], nextEligibleOn: `${year + 1}-01-01` });
      expect(await benefitsState(g.benefitsDb)).toEqual(before);
    });

    test('the rules decide who may apply, with their reasons', async () => {
      // m4's child fits, but m4 is no hardship worker; m2 has no child of that id.
      const m4 = await apply(g, staff.d2, { programmeId: p.id, childId: m4Child, memberId: id.m4 });
      expect(m4.code).toBe('NOT_ELIGIBLE');
      expect(m4.extensions).toMatchObject({ reasons: ['NOT_HARDSHIP_TIER'] });
      expect((await apply(g, members.m2, { programmeId: p.id, childId: m1Child })).code).toBe('BAD_USER_INPUT');
      // Staff outside the member's union cannot apply for them.
      expect((await apply(g, staff.d2, { programmeId: p.id, childId: m1Child, memberId: id.m1 })).code).toBe('NOT_FOUND');
    });

    test('after m1 was awarded aid, the partner desk shows no sign of it', async () => {
      const plain = await atCity('观影福利（第二期）', [MEMBERSHIP], { quota: 5 });
      await bindPartner(g, staff.city, cinema.id, plain.id);
      const v = await mustClaim(g, members.m1, plain.id);
      const qr = await qrOf(g, members.m1);
      // The privacy scan (harness/graph.ts) reads every one of these answers.
      expect(ok(await g.gqlWithApiKey<{ checkEligibility: unknown }>(cinema.key, CHECK_ELIGIBILITY, { p: plain.id, q: qr })).checkEligibility).toEqual({ eligible: true, reasons: [], memberName: '王*国', remainingQuota: 4 });
      expect(ok(await g.gql<{ checkVoucher: { valid: boolean } }>(cinema.token, CHECK_VOUCHER, { c: v.code })).checkVoucher.valid).toBe(true);
      expect(must(await redeem(g, { apiKey: cinema.key }, v.code, 'after-aid-1'), 'redeem').memberName).toBe('王*国');
      expect(codeOf(await g.gqlWithApiKey(cinema.key, CHECK_ELIGIBILITY, { p: p.id, q: qr }))).toBe('NOT_FOUND');
      for (const q of ['{ aidApplications(first: 5) { edges { node { id state } } } }', 'query($id: ID!) { member(id: $id) { hardshipTier children { id } } }']) {
        const res = await g.gqlWithApiKey(cinema.key, q, { id: id.m1 });
        expect(codeOf(res)).toBe('FORBIDDEN');
      }
    });

    test('rejected at the check or at the review, with a reason; applying again is allowed; the award needs quota left', async () => {
      // A programme without a limit rule and with one award: the award key alone keeps it to one per child and year.
      const q = await atCity('金秋助学（区县）', [{ type: 'child', minAge: 6, maxAge: 18 }], { kind: 'EDUCATION_AID', quota: 1, budgetCents: 30_000, amountCents: 30_000, voucherValidDays: null });
      const e3 = staff.e3;
      const first = must(await apply(g, staff.d2, { programmeId: q.id, childId: m4Child, memberId: id.m4 }), 'apply m4');
      const rejected = must(await checkAid(g, e3, first.id, false, '家庭收入超过标准'), 'reject at check');
      expect(rejected).toMatchObject({ state: 'REJECTED', rejectReason: '家庭收入超过标准' });
      const second = must(await apply(g, staff.e3, { programmeId: q.id, childId: m4Child, memberId: id.m4 }), 're-apply m4');
      must(await checkAid(g, e3, second.id, true), 'check m4');
      expect(must(await reviewAid(g, staff.d2, second.id, false, '名额已用于更困难家庭'), 'reject at review')).toMatchObject({ state: 'REJECTED', rejectReason: '名额已用于更困难家庭' });
      const third = must(await apply(g, staff.e3, { programmeId: q.id, childId: m4Child, memberId: id.m4 }), 'apply m4 again');
      must(await checkAid(g, e3, third.id, true), 'check m4 again');

      const m1 = must(await apply(g, members.m1, { programmeId: q.id, childId: m1Child }), 'apply m1');
      must(await checkAid(g, staff.e1, m1.id, true), 'check m1');
      must(await reviewAid(g, staff.d1, m1.id, true), 'award m1');
      expect((await apply(g, members.m1, { programmeId: q.id, childId: m1Child })).code).toBe('DUPLICATE');
      // The one award is gone: m4's award is refused and nothing is written.
      const before = await benefitsState(g.benefitsDb);
      const refused = await reviewAid(g, staff.d2, third.id, true);
      expect(refused.code).toBe('QUOTA_EXHAUSTED');
      expect(await benefitsState(g.benefitsDb)).toEqual(before);
      const still = ok(await g.gql<{ aidApplication: { state: string } }>(staff.d2, 'query($id: ID!) { aidApplication(id: $id) { state } }', { id: third.id })).aidApplication;
      expect(still.state).toBe('ENTERPRISE_CHECKED');
    });
  });

  /* ---------- care ---------- */

  describe('care batch budgets', () => {
    test('visits spend up to the budget; one that does not fit is BUDGET_EXCEEDED and nothing is written', async () => {
      const b = await newBatch(g, staff.d1, org('d1'), 1000);
      const visit = async (token: string, member: MemberKey, cost: number, o?: OrgKey) => g.gql<{ recordCareVisit: { batch: { spentCents: number } } }>(token, RECORD_VISIT, visitInput(b.id, id[member], cost, o && org(o)));
      expect(ok(await visit(staff.e1, 'm1', 400)).recordCareVisit.batch.spentCents).toBe(400);
      expect(ok(await visit(staff.e2, 'm3', 400)).recordCareVisit.batch.spentCents).toBe(800);
      const before = await benefitsState(g.benefitsDb);
      const over = await visit(staff.e1, 'm2', 300);
      expect(codeOf(over)).toBe('BUDGET_EXCEEDED');
      expect(over.errors![0].extensions).toMatchObject({ remainingCents: 200 });
      expect(await benefitsState(g.benefitsDb)).toEqual(before);
      expect(ok(await visit(staff.d1, 'm2', 200, 'e1')).recordCareVisit.batch.spentCents).toBe(1000);
      expect(codeOf(await visit(staff.e1, 'm1', 1))).toBe('BUDGET_EXCEEDED');

      const read = async (token: string) => ok(await g.gql<{ careBatch: { spentCents: number; remainingCents: number; spendingByOrg: { org: { id: string }; visits: number; spentCents: number }[] } }>(token, 'query($id: ID!) { careBatch(id: $id) { spentCents remainingCents spendingByOrg { org { id } visits spentCents } } }', { id: b.id })).careBatch;
      expect(await read(staff.d1)).toEqual({ spentCents: 1000, remainingCents: 0, spendingByOrg: [{ org: { id: org('s1') }, visits: 3, spentCents: 1000 }] });
      expect((await read(staff.s1)).spendingByOrg).toEqual([{ org: { id: org('e1') }, visits: 2, spentCents: 600 }, { org: { id: org('e2') }, visits: 1, spentCents: 400 }]);
      expect(await g.benefitsDb.getRepository(CareVisitRow).countBy({ batchId: b.id })).toBe(3);
    });

    test('a batch funded from a programme takes its whole budget from the share, never more than is left', async () => {
      const p = await newProgramme(g, staff.city, { orgId: org('city'), name: '夏送清凉', kind: 'CARE_VISIT', quota: null, budgetCents: 5000, voucherValidDays: null, requires: [MEMBERSHIP] });
      await allocate(g, staff.city, p.id, org('d1'), null, 3000);
      const funded = await newBatch(g, staff.e1, org('e1'), 2000, { programmeId: p.id, occasion: 'SUMMER_COOLING', startsOn: day(0) });
      expect(funded).toMatchObject({ spentCents: 0 });
      const before = await benefitsState(g.benefitsDb);
      const over = await g.gql(staff.s1, CREATE_BATCH, batchInput(org('s1'), 1500, { programmeId: p.id, startsOn: day(0) }));
      expect(codeOf(over)).toBe('BUDGET_EXCEEDED');
      expect(over.errors![0].extensions).toMatchObject({ remainingCents: 1000 });
      expect(await benefitsState(g.benefitsDb)).toEqual(before);
      const share = await g.benefitsDb.getRepository(AllocationRow).findOneByOrFail({ programmeId: p.id, orgId: org('d1') });
      expect(share).toMatchObject({ budgetCents: 3000, spentCents: 2000 });
      const uptake = ok(await g.gql<{ programmeUptake: { share: { orgId: string; remainingBudgetCents: number } } }>(staff.e1, 'query($p: ID!) { programmeUptake(programmeId: $p) { share { orgId remainingBudgetCents } } }', { p: p.id })).programmeUptake;
      expect(uptake.share).toEqual({ orgId: org('d1'), remainingBudgetCents: 1000 });
      // Spending within the funded batch is against the batch's own budget.
      ok(await g.gql(staff.e1, RECORD_VISIT, visitInput(funded.id, id.m1, 2000)));
      expect(codeOf(await g.gql(staff.e1, RECORD_VISIT, visitInput(funded.id, id.m2, 1)))).toBe('BUDGET_EXCEEDED');
    });
  });

  /* ---------- allocation ---------- */

  describe('allocations down the tree', () => {
    test('a share is carved from its parent\'s remainder: never more, never below what it handed on', async () => {
      const p = await newProgramme(g, staff.city, { orgId: org('city'), name: '全市疗休养名额', kind: 'SANATORIUM', quota: 100, budgetCents: 10_000, requires: [MEMBERSHIP] });
      const refused = async (token: string, o: OrgKey, q: number, b: number, code: string, message: RegExp) => {
        const before = await benefitsState(g.benefitsDb);
        const res = await g.gql(token, ALLOCATE, { p: p.id, o: org(o), q, b });
        expect([o, q, codeOf(res)]).toEqual([o, q, code]);
        expect(res.errors![0].message).toMatch(message);
        expect(await benefitsState(g.benefitsDb)).toEqual(before);
      };
      expect(await allocate(g, staff.city, p.id, org('d1'), 60, 6000)).toMatchObject({ quota: 60, remainingQuota: 60 });
      await refused(staff.city, 'd2', 50, 4000, 'BAD_USER_INPUT', /at most 40 unit/);
      await refused(staff.city, 'd2', 40, 5000, 'BAD_USER_INPUT', /at most 4000 fen/);
      expect(await allocate(g, staff.city, p.id, org('d2'), 40, 4000)).toMatchObject({ quota: 40 });
      expect(await remainingAt(g, staff.city, p.id)).toBe(0);

      await refused(staff.d1, 's1', 70, 1000, 'BAD_USER_INPUT', /at most 60 unit/);
      expect(await allocate(g, staff.d1, p.id, org('s1'), 30, 1000)).toMatchObject({ quota: 30 });
      // d1's own share was carved from the city's: only the city resizes it.
      await refused(staff.d1, 'd1', 80, 6000, 'FORBIDDEN', /only staff there can resize it/);
      await refused(staff.city, 'd1', 20, 6000, 'BAD_USER_INPUT', /already issued or handed on 30 unit\(s\); it cannot shrink below that/);
      await refused(staff.city, 'd1', 70, 6000, 'BAD_USER_INPUT', /at most 60 unit/);
      // s1 has no share to hand on until d1 gives it one; now it does.
      expect(await allocate(g, staff.s1, p.id, org('e1'), 5, 100)).toMatchObject({ quota: 5, remainingQuota: 5 });
      await refused(staff.s1, 'e2', 26, 100, 'BAD_USER_INPUT', /at most 25 unit/);
      await refused(staff.e1, 'e1', 6, 100, 'FORBIDDEN', /only staff there can resize it/);

      // m1 at e1 claims from e1's share; m3 at e2 from s1's.
      await mustClaim(g, members.m1, p.id);
      await mustClaim(g, members.m3, p.id);
      // What a claim there can still draw: its own share's rest, then each share's own rest above it.
      expect(await remainingAt(g, staff.e1, p.id)).toBe(4 + 24 + 30);
      expect(await remainingAt(g, staff.s1, p.id)).toBe(24 + 30);
      expect(await remainingAt(g, staff.d1, p.id)).toBe(30);
      const children = async (token: string) =>
        ok(await g.gql<{ programmeUptake: { children: Record<string, unknown>[] } }>(token, 'query($p: ID!) { programmeUptake(programmeId: $p) { children { orgId allocatedQuota allocatedBudgetCents used spentCents remaining } } }', { p: p.id })).programmeUptake.children;
      expect(await children(staff.city)).toEqual([
        { orgId: org('d1'), allocatedQuota: 60, allocatedBudgetCents: 6000, used: 2, spentCents: 0, remaining: 58 },
        { orgId: org('d2'), allocatedQuota: 40, allocatedBudgetCents: 4000, used: 0, spentCents: 0, remaining: 40 },
      ].sort((a, b) => g.fixture.orgs[a.orgId === org('d1') ? 'd1' : 'd2'].path.localeCompare(g.fixture.orgs[b.orgId === org('d1') ? 'd1' : 'd2'].path)));
      expect(await children(staff.d1)).toEqual([{ orgId: org('s1'), allocatedQuota: 30, allocatedBudgetCents: 1000, used: 2, spentCents: 0, remaining: 28 }]);
      expect(await children(staff.s1)).toEqual([{ orgId: org('e1'), allocatedQuota: 5, allocatedBudgetCents: 100, used: 1, spentCents: 0, remaining: 4 }]);
    });
  });

  describe('a district\'s share and the city\'s remainder', () => {
    test('units the city\'s own share already issued cannot be handed to a district', async () => {
      const p = await newProgramme(g, staff.city, { orgId: org('city'), name: '全市体检名额', kind: 'HEALTH_CHECK', quota: 10, requires: [MEMBERSHIP] });
      // m4's union (under d2) holds no share: m4 claims from the city's own.
      await mustClaim(g, members.m4, p.id);
      const before = await benefitsState(g.benefitsDb);
      const res = await g.gql(staff.city, ALLOCATE, { p: p.id, o: org('d1'), q: 10 });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].message).toMatch(/at most 9 unit/);
      expect(await benefitsState(g.benefitsDb)).toEqual(before);
      expect(await allocate(g, staff.city, p.id, org('d1'), 9)).toMatchObject({ quota: 9, remainingQuota: 9 });
      expect(await remainingAt(g, staff.city, p.id)).toBe(0);
      // The city's share is spent; d1's members still claim from theirs.
      const m4Again = await claim(g, members.m4, p.id);
      expect(m4Again.code).toBe('QUOTA_EXHAUSTED');
      await mustClaim(g, members.m1, p.id);
      expect(await remainingAt(g, staff.d1, p.id)).toBe(8);
    });
  });

  /* ---------- figures ---------- */

  describe('programmeUptake against counts made from the rows', () => {
    const Q = `query($p: ID!, $o: ID) { programmeUptake(programmeId: $p, orgId: $o) {
      programmeId orgId vouchersIssued vouchersOutstanding vouchersRedeemed vouchersExpired vouchersCancelled
      aidAwarded aidAwardedCents aidDelivered aidDeliveredCents careVisits careSpentCents share { id }
      children { orgId allocatedQuota allocatedBudgetCents used spentCents remaining } } }`;

    test('every programme of this suite, at every union', async () => {
      const db = g.benefitsDb;
      const [programmes, vouchers, apps, batches, visits, shares] = await Promise.all([
        db.getRepository(ProgrammeRow).find(), db.getRepository(VoucherRow).find(), db.getRepository(AidApplicationRow).find(),
        db.getRepository(CareBatchRow).find(), db.getRepository(CareVisitRow).find(), db.getRepository(AllocationRow).find(),
      ]);
      expect(programmes.length).toBeGreaterThan(20);
      const f = g.fixture;
      const path = (o: OrgKey) => f.orgs[o].path;
      const sum = <T>(xs: T[], fn: (x: T) => number | null) => xs.reduce((s, x) => s + (fn(x) ?? 0), 0);
      let nonZero = 0;
      for (const p of programmes) {
        const mine = shares.filter((a) => a.programmeId === p.id);
        for (const o of ALL_ORGS) {
          const under = (x: { orgPath: string }) => x.orgPath.startsWith(path(o));
          const vs = vouchers.filter((v) => v.programmeId === p.id && under(v));
          const n = (state: string) => vs.filter((v) => v.state === state).length;
          const awarded = apps.filter((a) => a.programmeId === p.id && under(a) && (a.state === 'AWARDED' || a.state === 'DELIVERED'));
          const delivered = awarded.filter((a) => a.state === 'DELIVERED');
          const funded = new Set(batches.filter((b) => b.programmeId === p.id).map((b) => b.id));
          const cv = visits.filter((v) => funded.has(v.batchId) && under(v));
          const share = mine.filter((a) => path(o).startsWith(a.orgPath)).sort((a, b) => b.orgPath.length - a.orgPath.length)[0] ?? null;
          const children = ALL_ORGS.filter((c) => f.orgs[c].parentId === f.orgs[o].id)
            .sort((a, b) => path(a).localeCompare(path(b)))
            .flatMap((c) => {
              // Shares carved from another; a programme's root share (run below o) is carved from nothing.
              const inside = mine.filter((a) => a.parentId && a.orgPath.startsWith(path(c)));
              if (inside.length === 0) return [];
              const carved = inside.filter((a) => !mine.find((x) => x.id === a.parentId)!.orgPath.startsWith(path(c)));
              const quota = sum(carved, (a) => a.quota);
              const used = sum(inside, (a) => a.used);
              return [{ orgId: f.orgs[c].id, allocatedQuota: quota, allocatedBudgetCents: sum(carved, (a) => a.budgetCents), used, spentCents: sum(inside, (a) => a.spentCents), remaining: quota - used }];
            });
          const expected = {
            programmeId: p.id, orgId: f.orgs[o].id,
            vouchersIssued: vs.length, vouchersOutstanding: n('ISSUED'), vouchersRedeemed: n('REDEEMED'), vouchersExpired: n('EXPIRED'), vouchersCancelled: n('CANCELLED'),
            aidAwarded: awarded.length, aidAwardedCents: sum(awarded, (a) => a.amountCents), aidDelivered: delivered.length, aidDeliveredCents: sum(delivered, (a) => a.amountCents),
            careVisits: cv.length, careSpentCents: sum(cv, (v) => v.costCents), share: share && { id: share.id }, children,
          };
          const got = ok(await g.gql<{ programmeUptake: typeof expected }>(admin, Q, { p: p.id, o: f.orgs[o].id })).programmeUptake;
          expect([p.name, o, got]).toEqual([p.name, o, expected]);
          if (expected.vouchersIssued + expected.aidAwarded + expected.careVisits > 0) nonZero++;
        }
      }
      // The comparison means something only if the suite left figures to count.
      expect(nonZero).toBeGreaterThan(30);
    });
  });
});
