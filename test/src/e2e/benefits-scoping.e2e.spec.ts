import { INTERNAL_TOKEN_HEADER, type Caller } from '@lianxin/auth';
import { AidApplicationRow, AllocationRow, CareVisitRow, PartnerKeyRow, PartnerProgrammeRow, PartnerRow, ProgrammeRow, RedemptionRow, VoucherRow } from '@lianxin/benefits';
import { enginesForSuites } from '../harness/engines';
import { privacyStats, startTestGraph, type GqlResponse, type TestGraph } from '../harness/graph';
import {
  allocate,
  apply,
  benefitsState,
  benefitsTokenFor,
  bindPartner,
  checkAid,
  childrenOf,
  codeOf,
  gqlAs,
  issue,
  issueKey,
  must,
  mustClaim,
  newBatch,
  newProgramme,
  ok,
  programmeInput,
  qrOf,
  RECORD_VISIT,
  redeem,
  registerPartner,
  reviewAid,
  rulesDoc,
  visitInput,
  batchInput,
  type AidView,
  type ProgrammeView,
  type RedemptionView,
  type VoucherView,
  type Who,
} from './benefits-helpers';
import { CALLERS, memberTokenFor, partnerTokenFor, SEES_MEMBERS, SEES_ORGS, STAFF_ORG, staffTokenFor, tokenFor, type CallerKey, type MemberKey, type OrgKey } from './callers';

/**
 * The scoping matrix of the benefits subgraph: every caller against every benefits query
 * and mutation, the fields benefits adds to Member, and `_entities` for Programme straight
 * on the subgraph, over a known set of programmes, vouchers, partners, care batches and aid
 * applications. A partner calls twice: with a client token (role partner, pid) and with an
 * API key issued through issuePartnerKey; both are the same cinema. Every refused write is
 * checked against a snapshot of every benefits table. matrix-coverage.spec.ts checks that
 * every public root field is named here (or in the other matrix files).
 */

/**
 * The operations this matrix drives, spelled out here (not only in benefits-helpers.ts) so
 * that matrix-coverage.spec.ts finds every root field named in this file.
 */
const CREATE_PROGRAMME = 'mutation($i: CreateProgrammeInput!) { createProgramme(input: $i) { id state org { id } } }';
const OPEN_PROGRAMME = 'mutation($p: ID!) { openProgramme(programmeId: $p) { id state } }';
const CLOSE_PROGRAMME = 'mutation($p: ID!) { closeProgramme(programmeId: $p) { id state } }';
const SET_RULES = 'mutation($p: ID!, $r: JSONObject!) { setProgrammeRules(programmeId: $p, rules: $r) { id rulesVersion } }';
const CREATE_BATCH = 'mutation($i: CreateCareBatchInput!) { createCareBatch(input: $i) { id org { id } } }';
const CHECK_VOUCHER = 'query($c: String!) { checkVoucher(code: $c) { valid reasons programmeName memberName expiresAt remainingQuota } }';
const CHECK_ELIGIBILITY = 'query($p: ID!, $q: String!) { checkEligibility(programmeId: $p, memberQr: $q) { eligible reasons memberName remainingQuota } }';
const DESK_PROGRAMMES = '{ deskProgrammes { id name startsOn endsOn open } }';
const MY_REDEMPTIONS = 'query($first: Int!, $after: String) { myRedemptions(first: $first, after: $after) { edges { cursor node { id code programmeId programmeName memberName redeemedAt } } pageInfo { hasNextPage endCursor } } }';

type BCaller = CallerKey | 'partnerKey';
const BCALLERS: BCaller[] = [...CALLERS, 'partnerKey'];
const STAFF_OR_ADMIN: CallerKey[] = ['admin', 'city', 'd1', 'd2', 's1', 'e1'];
const ALL_ORGS: OrgKey[] = ['city', 'd1', 'd2', 's1', 's2', 'e1', 'e2', 'e3'];
const ALL_MEMBERS: MemberKey[] = ['m1', 'm2', 'm3', 'm4'];
const isPartner = (c: BCaller) => c === 'partner' || c === 'partnerKey';
/** What a caller whose role may not call a field at all gets. */
const roleRefusal = (c: BCaller) => (c === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
const sorted = <T>(xs: T[]) => [...xs].sort();
/** A refused call answers nothing: no data, or every root field null. */
const expectNoData = (res: GqlResponse<unknown>) => expect(Object.values((res.data ?? {}) as Record<string, unknown>).filter((v) => v !== null)).toEqual([]);

/* ---------- the known world ---------- */

type ProgKey = 'city' | 'd1' | 'd2' | 'e2' | 'aid';
const ALL_PROGS: ProgKey[] = ['city', 'd1', 'd2', 'e2', 'aid'];
/** Which union runs each known programme. */
const PROG_OWNER: Record<ProgKey, OrgKey> = { city: 'city', d1: 'd1', d2: 'd2', e2: 'e2', aid: 'city' };

/** Staff see programmes run in their subtree and handed down from above; members those covering them. */
const SEES_PROGRAMMES: Record<CallerKey, ProgKey[]> = {
  admin: ALL_PROGS,
  city: ALL_PROGS,
  d1: ['city', 'd1', 'e2', 'aid'],
  d2: ['city', 'd2', 'aid'],
  s1: ['city', 'd1', 'e2', 'aid'],
  e1: ['city', 'd1', 'aid'], // not e2's: a sibling's programme
  member: ['city', 'd1', 'aid'], // m1 at e1: the programmes of e1's ancestors
  partner: [],
  anonymous: [],
};

type VoucherKey = 'm1City' | 'm2D1' | 'm3City' | 'm4D2';
const ALL_VOUCHERS: VoucherKey[] = ['m1City', 'm2D1', 'm3City', 'm4D2'];
const VOUCHER_OF: Record<VoucherKey, { member: MemberKey; org: OrgKey; prog: ProgKey }> = {
  m1City: { member: 'm1', org: 'e1', prog: 'city' }, // claimed by m1
  m2D1: { member: 'm2', org: 'e1', prog: 'd1' }, // issued to m2 by e1 staff
  m3City: { member: 'm3', org: 'e2', prog: 'city' }, // claimed by m3, redeemed at the cinema (client token)
  m4D2: { member: 'm4', org: 'e3', prog: 'd2' }, // claimed by m4, redeemed at the gym (API key)
};
const SEES_VOUCHERS: Record<CallerKey, VoucherKey[]> = {
  admin: ALL_VOUCHERS, city: ALL_VOUCHERS, d1: ['m1City', 'm2D1', 'm3City'], d2: ['m4D2'], s1: ['m1City', 'm2D1', 'm3City'], e1: ['m1City', 'm2D1'],
  member: ['m1City'], partner: [], anonymous: [],
};

type PartnerKey = 'cinema' | 'pool' | 'gym' | 'supplier';
const ALL_PARTNERS: PartnerKey[] = ['cinema', 'pool', 'gym', 'supplier'];
const PARTNER_AT: Record<PartnerKey, OrgKey> = { cinema: 'city', pool: 'd1', gym: 'd2', supplier: 'e1' };
const PARTNER_SERVES: Record<PartnerKey, ProgKey[]> = { cinema: ['city'], pool: ['d1'], gym: ['d2'], supplier: [] };
/** Partners are managed by staff of the registering union's subtree. */
const SEES_PARTNERS: Record<CallerKey, PartnerKey[]> = {
  admin: ALL_PARTNERS, city: ALL_PARTNERS, d1: ['pool', 'supplier'], d2: ['gym'], s1: ['supplier'], e1: ['supplier'], member: [], partner: [], anonymous: [],
};

type BatchKey = 'city' | 'd1' | 'd2' | 'e2';
const ALL_BATCHES: BatchKey[] = ['city', 'd1', 'd2', 'e2'];
/** Staff see batches run in their subtree and those run above them (a street records visits in its district's batch). */
const SEES_BATCHES: Record<CallerKey, BatchKey[]> = {
  admin: ALL_BATCHES, city: ALL_BATCHES, d1: ['city', 'd1', 'e2'], d2: ['city', 'd2'], s1: ['city', 'd1', 'e2'], e1: ['city', 'd1'], member: [], partner: [], anonymous: [],
};
/** The known visits: in which batch, by which union, to whom, at what cost. */
const VISITS = [
  { batch: 'd1', org: 'e1', member: 'm1', cost: 100 },
  { batch: 'd1', org: 'e2', member: 'm3', cost: 200 },
  { batch: 'city', org: 'd2', member: 'm4', cost: 300 },
] as const;

type AidKey = 'm1' | 'm4';
const SEES_AID: Record<CallerKey, AidKey[]> = { admin: ['m1', 'm4'], city: ['m1', 'm4'], d1: ['m1'], d2: ['m4'], s1: ['m1'], e1: ['m1'], member: ['m1'], partner: [], anonymous: [] };

describe.each(enginesForSuites())('benefits scoping matrix on %s', (engine) => {
  let g: TestGraph;
  const tokens = {} as Record<CallerKey, string | undefined>;
  const staff = {} as Record<OrgKey, string>;
  const members = {} as Record<MemberKey, string>;
  const P = {} as Record<ProgKey, ProgrammeView>;
  const V = {} as Record<VoucherKey, VoucherView & { code: string }>;
  const PA = {} as Record<PartnerKey, { id: string }>;
  const B = {} as Record<BatchKey, { id: string }>;
  const A = {} as Record<AidKey, AidView>;
  const R = {} as Record<'m3' | 'm4', RedemptionView>;
  let cinemaKey: { id: string; key: string };
  let gymKey: { id: string; key: string };
  let child: Record<'m1' | 'm4', string>;
  let org: (k: OrgKey) => string;
  let admin: string;

  const who = (c: BCaller): Who => (c === 'partnerKey' ? { apiKey: cinemaKey.key } : { token: tokens[c] });
  const call = <T = Record<string, unknown>>(c: BCaller, q: string, v?: Record<string, unknown>) => gqlAs<T>(g, who(c), q, v);
  const isUnder = (inner: OrgKey, outer: OrgKey) => g.fixture.orgs[inner].path.startsWith(g.fixture.orgs[outer].path);
  const keyOf = <K extends string>(table: Record<K, { id: string }>, id: string): K => (Object.entries(table).find(([, v]) => (v as { id: string }).id === id)?.[0] ?? id) as K;
  const memberKeyOf = (id: string) => (Object.entries(g.fixture.members).find(([, m]) => m.id === id)?.[0] ?? id) as MemberKey;
  const orgKeyOf = (id: string) => (Object.entries(g.fixture.orgs).find(([, o]) => o.id === id)?.[0] ?? id) as OrgKey;
  /** The partner every `partner`/`partnerKey` caller is: the cinema, as the subgraph sees it. */
  const cinemaCaller = (): Caller => ({ sub: `partner-${PA.cinema.id}`, role: 'partner', partnerId: PA.cinema.id, perms: [] });
  const internalFor = (c: CallerKey): Promise<string> => {
    if (c === 'partner') return benefitsTokenFor(cinemaCaller());
    const o = STAFF_ORG[c];
    const f = g.fixture;
    if (o) return benefitsTokenFor({ sub: `staff-${c}`, role: 'staff', orgId: f.orgs[o].id, orgPath: f.orgs[o].path, perms: [] });
    if (c === 'member') return benefitsTokenFor({ sub: 'member-m1', role: 'member', memberId: f.members.m1.id, orgId: f.members.m1.orgId, orgPath: f.members.m1.orgPath, perms: [] });
    if (c === 'admin') return benefitsTokenFor({ sub: 'admin-1', role: 'admin', perms: [] });
    return benefitsTokenFor({ sub: 'anonymous', role: 'anonymous', perms: [] });
  };
  const direct = async (c: CallerKey, query: string, variables: Record<string, unknown>) =>
    g.post(g.benefitsUrl, { query, variables }, { [INTERNAL_TOKEN_HEADER]: await internalFor(c) });

  beforeAll(async () => {
    g = await startTestGraph(engine);
    const f = g.fixture;
    org = (k) => f.orgs[k].id;
    for (const c of CALLERS) tokens[c] = await tokenFor(c, f);
    for (const o of ALL_ORGS) staff[o] = await staffTokenFor(o, f);
    for (const m of ALL_MEMBERS) members[m] = await memberTokenFor(m, f);
    admin = tokens.admin!;
    // m4's child, recorded before benefits first reads m4's facts (it keeps them a while).
    ok(await g.gql(staff.d2, 'mutation($m: ID!, $i: ChildInput!) { addMemberChild(memberId: $m, input: $i) { id } }', {
      m: f.members.m4.id, i: { name: '刘小雨', gender: 'FEMALE', birthDate: '2014-05-01', schoolStage: 'PRIMARY' },
    }), 'addMemberChild');
    child = { m1: (await childrenOf(g, staff.e1, f.members.m1.id))[0].id, m4: (await childrenOf(g, staff.d2, f.members.m4.id))[0].id };

    P.city = await newProgramme(g, staff.city, { orgId: org('city'), name: '全市职工免费观影', kind: 'CINEMA_VOUCHER', quota: 100 });
    await allocate(g, staff.city, P.city.id, org('d1'), 40);
    await allocate(g, staff.city, P.city.id, org('d2'), 30);
    P.d1 = await newProgramme(g, staff.d1, { orgId: org('d1'), name: '江北区免费游泳', kind: 'SWIMMING_VOUCHER', quota: 20 });
    P.d2 = await newProgramme(g, staff.d2, { orgId: org('d2'), name: '青山县免费健身', kind: 'GYM_VOUCHER', quota: 20 });
    P.e2 = await newProgramme(g, staff.e2, { orgId: org('e2'), name: '骑手站点公益课程', kind: 'FREE_CLASS', quota: null });
    P.aid = await newProgramme(g, staff.city, {
      orgId: org('city'), name: '金秋助学', kind: 'EDUCATION_AID', quota: 10, budgetCents: 500_000, amountCents: 50_000, voucherValidDays: null,
      requires: [{ type: 'child', minAge: 6, maxAge: 18 }],
    });

    V.m1City = await mustClaim(g, members.m1, P.city.id);
    V.m2D1 = must(await issue(g, staff.e1, P.d1.id, f.members.m2.id), 'issueVoucher') as VoucherView & { code: string };
    V.m3City = await mustClaim(g, members.m3, P.city.id);
    V.m4D2 = await mustClaim(g, members.m4, P.d2.id);

    PA.cinema = await registerPartner(g, staff.city, org('city'), '滨江影城', 'CINEMA');
    PA.pool = await registerPartner(g, staff.d1, org('d1'), '江北游泳馆', 'POOL');
    PA.gym = await registerPartner(g, staff.d2, org('d2'), '青山健身房', 'GYM');
    PA.supplier = await registerPartner(g, staff.e1, org('e1'), '物流园便利店', 'SUPPLIER');
    await bindPartner(g, staff.city, PA.cinema.id, P.city.id);
    await bindPartner(g, staff.d1, PA.pool.id, P.d1.id);
    await bindPartner(g, staff.d2, PA.gym.id, P.d2.id);
    cinemaKey = await issueKey(g, admin, PA.cinema.id);
    gymKey = await issueKey(g, staff.d2, PA.gym.id);
    tokens.partner = await partnerTokenFor(PA.cinema.id);
    R.m3 = must(await redeem(g, { token: tokens.partner }, V.m3City.code, 'scoping-m3'), 'redeem m3');
    R.m4 = must(await redeem(g, { apiKey: gymKey.key }, V.m4D2.code, 'scoping-m4'), 'redeem m4');

    B.city = await newBatch(g, staff.city, org('city'), 100_000);
    B.d1 = await newBatch(g, staff.d1, org('d1'), 100_000);
    B.d2 = await newBatch(g, staff.d2, org('d2'), 100_000);
    B.e2 = await newBatch(g, staff.s1, org('e2'), 50_000);
    for (const v of VISITS) {
      ok(await g.gql(staff[v.org], RECORD_VISIT, visitInput(B[v.batch].id, f.members[v.member].id, v.cost)), 'recordCareVisit');
    }

    A.m1 = must(await apply(g, members.m1, { programmeId: P.aid.id, childId: child.m1 }), 'apply m1');
    A.m4 = must(await apply(g, staff.d2, { programmeId: P.aid.id, childId: child.m4, memberId: f.members.m4.id }), 'apply m4');
  });
  afterAll(() => g?.stop());

  /** Whether a caller sees a programme run at `owner` (the rule SEES_PROGRAMMES spells out). */
  function seesProgramme(c: CallerKey, owner: OrgKey): boolean {
    if (c === 'admin') return true;
    if (c === 'member') return SEES_ORGS.member.includes(owner);
    const own = STAFF_ORG[c];
    return !!own && (SEES_ORGS[c].includes(owner) || isUnder(own, owner));
  }

  test('the tables follow from where things are', () => {
    for (const c of CALLERS) {
      expect([c, ALL_PROGS.filter((p) => seesProgramme(c, PROG_OWNER[p]))]).toEqual([c, SEES_PROGRAMMES[c]]);
      const vouchers = ALL_VOUCHERS.filter((v) => (c === 'member' ? VOUCHER_OF[v].member === 'm1' : c === 'admin' || SEES_ORGS[c].includes(VOUCHER_OF[v].org)));
      expect([c, vouchers]).toEqual([c, SEES_VOUCHERS[c]]);
      const partners = STAFF_OR_ADMIN.includes(c) ? ALL_PARTNERS.filter((p) => c === 'admin' || SEES_ORGS[c].includes(PARTNER_AT[p])) : [];
      expect([c, partners]).toEqual([c, SEES_PARTNERS[c]]);
      const batches = STAFF_OR_ADMIN.includes(c) ? ALL_BATCHES.filter((b) => seesProgramme(c, b)) : [];
      expect([c, batches]).toEqual([c, SEES_BATCHES[c]]);
    }
  });

  /* ---------- programmes ---------- */

  describe('programme(id)', () => {
    test.each(BCALLERS)('%s sees exactly its programmes', async (c) => {
      if (isPartner(c) || c === 'anonymous') {
        const res = await call(c, 'query($id: ID!) { programme(id: $id) { id name } }', { id: P.city.id });
        expect(codeOf(res)).toBe(roleRefusal(c));
        expect(res.data?.programme ?? null).toBeNull();
        return;
      }
      const seen: ProgKey[] = [];
      for (const p of ALL_PROGS) {
        const res = await call<{ programme: { id: string; org: { id: string } } | null }>(c, 'query($id: ID!) { programme(id: $id) { id org { id } } }', { id: P[p].id });
        expect(res.errors).toBeUndefined();
        if (res.data!.programme) {
          expect(res.data!.programme.org.id).toBe(org(PROG_OWNER[p]));
          seen.push(keyOf(P, res.data!.programme.id));
        }
      }
      expect(seen).toEqual(SEES_PROGRAMMES[c]);
    });
  });

  describe('programmes', () => {
    const q = 'query($o: ID) { programmes(first: 200, orgId: $o) { edges { node { id } } pageInfo { hasNextPage } } }';
    type Page = { programmes: { edges: { node: { id: string } }[] } };

    test.each(BCALLERS)('%s lists exactly its programmes', async (c) => {
      const res = await call<Page>(c, q, {});
      if (isPartner(c) || c === 'anonymous') {
        expect(codeOf(res)).toBe(roleRefusal(c));
        expectNoData(res);
        return;
      }
      expect(res.errors).toBeUndefined();
      expect(sorted(res.data!.programmes.edges.map((e) => keyOf(P, e.node.id)))).toEqual(sorted(SEES_PROGRAMMES[c]));
    });

    test.each([...STAFF_OR_ADMIN, 'member'] as CallerKey[])('%s narrowed to each org: the programmes applying there that it sees, nothing for an org it cannot see', async (c) => {
      for (const o of ALL_ORGS) {
        const res = await call<Page>(c, q, { o: org(o) });
        expect(res.errors).toBeUndefined();
        const applying = ALL_PROGS.filter((p) => isUnder(PROG_OWNER[p], o) || isUnder(o, PROG_OWNER[p]));
        const expected = c === 'admin' || SEES_ORGS[c].includes(o) ? applying.filter((p) => SEES_PROGRAMMES[c].includes(p)) : [];
        expect([o, sorted(res.data!.programmes.edges.map((e) => keyOf(P, e.node.id)))]).toEqual([o, sorted(expected)]);
      }
    });

    test('a partner learns a programme only through its desk: name and remaining quota, for the programmes it serves', async () => {
      const res = await call<{ checkVoucher: { programmeName: string | null; remainingQuota: number | null } }>('partner', CHECK_VOUCHER, { c: V.m1City.code });
      // 100 units, 2 issued (m1's and m3's); shares carved for d1 and d2 are not issued units.
      expect(res.data!.checkVoucher).toMatchObject({ programmeName: '全市职工免费观影', remainingQuota: 98 });
    });
  });

  describe('Programme fields by caller', () => {
    const q = 'query($id: ID!) { programme(id: $id) { rules allocations { orgId parentId quota used allocatedToChildren remainingQuota org { id } } remainingQuota } }';
    type View = { programme: { rules: Record<string, unknown> | null; allocations: { orgId: string; quota: number }[] | null; remainingQuota: number | null } | null };
    /** Shares of the city programme a caller reads: those in its subtree and the chain above it. */
    const SHARES: Record<CallerKey, OrgKey[] | null> = { admin: ['city', 'd1', 'd2'], city: ['city', 'd1', 'd2'], d1: ['city', 'd1'], d2: ['city', 'd2'], s1: ['city', 'd1'], e1: ['city', 'd1'], member: null, partner: null, anonymous: null };
    /** Units claimable at the caller's own share (admin: the root): 100 - 40 - 30 at the root; 40 - 2 claimed under d1. */
    const REMAINING: Partial<Record<CallerKey, number>> = { admin: 30, city: 30, d1: 38, d2: 30, s1: 38, e1: 38, member: 38 };

    test.each([...STAFF_OR_ADMIN, 'member'] as CallerKey[])('%s', async (c) => {
      const res = await call<View>(c, q, { id: P.city.id });
      expect(res.errors).toBeUndefined();
      const p = res.data!.programme!;
      expect(p.rules).toEqual(c === 'member' ? null : { requires: [{ type: 'membership', status: ['ACTIVE'] }] });
      expect(p.allocations === null ? null : p.allocations.map((a) => orgKeyOf(a.orgId))).toEqual(SHARES[c]);
      expect(p.remainingQuota).toBe(REMAINING[c]);
    });

    test('remainingQuota(orgId) answers only for unions the caller sees and the programme covers', async () => {
      const at = async (c: CallerKey, o: OrgKey) => (await call<View>(c, 'query($id: ID!, $o: ID) { programme(id: $id) { remainingQuota(orgId: $o) } }', { id: P.d1.id, o: org(o) })).data!.programme!.remainingQuota;
      // The d1 programme: 20 units, one issued to m2.
      expect(await at('d1', 'e1')).toBe(19);
      expect(await at('e1', 'e1')).toBe(19);
      expect(await at('e1', 'e2')).toBeNull(); // a sibling e1 cannot see
      expect(await at('city', 'e3')).toBeNull(); // outside the programme
    });
  });

  /* ---------- eligibility ---------- */

  describe('eligibility', () => {
    // One request per caller: ONE's field, aliased once per programme.
    const ONE = 'query($m: ID, $p: ID!) { eligibility(programmeId: $p, memberId: $m) { ruleVersion programmeId } }';
    const field = ONE.slice(ONE.indexOf('{') + 1, ONE.lastIndexOf('}')).trim();
    const q = `query($m: ID, ${ALL_PROGS.map((p) => `$${p}: ID!`).join(', ')}) { ${ALL_PROGS.map((p) => `${p}: ${field.replace('$p', `$${p}`)}`).join(' ')} }`;
    const vars = () => Object.fromEntries(ALL_PROGS.map((p) => [p, P[p].id]));

    test.each(BCALLERS)('%s asks about exactly the members and programmes it may', async (c) => {
      if (isPartner(c) || c === 'anonymous') {
        const res = await call(c, q, { ...vars(), m: g.fixture.members.m1.id });
        expect(codeOf(res)).toBe(roleRefusal(c));
        expect(new Set(res.errors!.map((e) => e.extensions?.code))).toEqual(new Set([roleRefusal(c)]));
        for (const p of ALL_PROGS) expect(res.data?.[p] ?? null).toBeNull();
        return;
      }
      const answered: string[] = [];
      for (const m of ALL_MEMBERS) {
        const res = await call<Record<ProgKey, { ruleVersion: number; programmeId: string } | null>>(c, q, { ...vars(), m: g.fixture.members[m].id });
        expect(res.errors).toBeUndefined();
        for (const p of ALL_PROGS) if (res.data![p]) answered.push(`${m}:${p}`);
      }
      const expected = SEES_MEMBERS[c].flatMap((m) => SEES_PROGRAMMES[c].map((p) => `${m}:${p}`));
      expect(sorted(answered)).toEqual(sorted(expected));
    });

    test('a member leaving memberId out asks about themself', async () => {
      const res = await call<Record<ProgKey, { programmeId: string } | null>>('member', q, vars());
      expect(res.errors).toBeUndefined();
      expect(ALL_PROGS.filter((p) => res.data![p])).toEqual(SEES_PROGRAMMES.member);
    });
  });

  /* ---------- the fields benefits adds to Member ---------- */

  describe('Member.vouchers, Member.eligibility and Member.qrPayload', () => {
    const FIELDS = 'id qrPayload vouchers(first: 50) { edges { node { id code programme { id } } } pageInfo { hasNextPage } } eligibility(programmeId: $p) { status ruleVersion }';
    type M = { id: string; qrPayload: string | null; vouchers: { edges: { node: { id: string; code: string | null } }[]; pageInfo: { hasNextPage: boolean } }; eligibility: { status: string } | null };
    const vouchersIn = (m: M) => m.vouchers.edges.map((e) => e.node);
    const vouchersOf = (c: CallerKey, m: MemberKey) => SEES_VOUCHERS[c].filter((v) => VOUCHER_OF[v].member === m);

    test.each(STAFF_OR_ADMIN)('%s through the gateway: its members, their vouchers and answers; never a QR', async (c) => {
      const res = await call<{ members: { edges: { node: M }[] } }>(c, `query($p: ID!) { members(first: 100) { edges { node { ${FIELDS} } } } }`, { p: P.city.id });
      expect(res.errors).toBeUndefined();
      const got = Object.fromEntries(
        res.data!.members.edges.map(({ node }) => [memberKeyOf(node.id), { qr: node.qrPayload, vouchers: vouchersIn(node).map((v) => keyOf(V, v.id)), answered: !!node.eligibility, codes: vouchersIn(node).every((v) => !!v.code) }]),
      );
      expect(got).toEqual(Object.fromEntries(SEES_MEMBERS[c].map((m) => [m, { qr: null, vouchers: vouchersOf(c, m), answered: true, codes: true }])));
    });

    test('a member through the gateway: their own vouchers with codes, their own answer and their own QR', async () => {
      const res = await call<{ me: M }>('member', `query($p: ID!) { me { ${FIELDS} } }`, { p: P.city.id });
      expect(res.errors).toBeUndefined();
      const me = res.data!.me;
      expect(vouchersIn(me).map((v) => keyOf(V, v.id))).toEqual(['m1City']);
      expect(vouchersIn(me)[0].code).toBe(V.m1City.code);
      expect(me.vouchers.pageInfo.hasNextPage).toBe(false);
      expect(me.eligibility).toEqual({ status: 'ELIGIBLE', ruleVersion: 1 });
      expect(me.qrPayload).toMatch(new RegExp(`^lianxin://m/${g.fixture.members.m1.id}\\.[A-Za-z0-9_-]{22}$`));
    });

    test.each(['partner', 'partnerKey', 'anonymous'] as BCaller[])('%s through the gateway reaches no member at all', async (c) => {
      for (const q of [`query($p: ID!) { me { ${FIELDS} } }`, `query($p: ID!) { members(first: 10) { edges { node { ${FIELDS} } } } }`]) {
        const res = await call(c, q, { p: P.city.id });
        expect(codeOf(res)).toBe(roleRefusal(c));
        expect(JSON.stringify(res.data ?? null)).not.toContain(g.fixture.members.m1.id);
      }
    });

    test.each(CALLERS)('%s asking the benefits subgraph directly for every member gets only what it may see', async (c) => {
      const reps = ALL_MEMBERS.map((m) => ({ __typename: 'Member', id: g.fixture.members[m].id }));
      const { status, body } = await direct(c, `query($r: [_Any!]!, $p: ID!) { _entities(representations: $r) { ... on Member { ${FIELDS} } } }`, { r: reps, p: P.city.id });
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      const got = (body.data as { _entities: M[] })._entities;
      expect(Object.fromEntries(got.map((m) => [memberKeyOf(m.id), { qr: !!m.qrPayload, vouchers: vouchersIn(m).map((v) => keyOf(V, v.id)), answered: !!m.eligibility }]))).toEqual(
        Object.fromEntries(ALL_MEMBERS.map((m) => [m, { qr: c === 'member' && m === 'm1', vouchers: vouchersOf(c, m), answered: SEES_MEMBERS[c].includes(m) }])),
      );
    });
  });

  describe('_entities for Programme, called directly on the benefits subgraph', () => {
    test.each(CALLERS)('%s resolves only the programmes it sees; the rest are null', async (c) => {
      const reps = ALL_PROGS.map((p) => ({ __typename: 'Programme', id: P[p].id }));
      const { status, body } = await direct(c, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Programme { id name kind org { id } } } }', { r: reps });
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      const got = (body.data as { _entities: ({ id: string } | null)[] })._entities;
      expect(got).toHaveLength(ALL_PROGS.length);
      // A partner, even the cinema bound to the city programme, resolves none: it reads programmes only at its desk.
      expect(got.flatMap((e) => (e ? [keyOf(P, e.id)] : []))).toEqual(SEES_PROGRAMMES[c]);
    });

    test('Org is only a key in benefits: any caller gets the id back, nothing more', async () => {
      const reps = [{ __typename: 'Org', id: org('e1') }];
      const { body } = await direct('partner', 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Org { id } } }', { r: reps });
      expect(body).toEqual({ data: { _entities: [{ id: org('e1') }] } });
    });

    test('_partnerByKeyHash is not in the public graph, and the subgraph answers it to the gateway\'s system token only', async () => {
      const q = 'query($h: String!) { _partnerByKeyHash(hash: $h) { partnerId active } }';
      const viaGateway = await g.gql(admin, q, { h: '0'.repeat(64) });
      expect(codeOf(viaGateway)).toBe('GRAPHQL_VALIDATION_FAILED');
      for (const c of ['admin', 'partner', 'city'] as CallerKey[]) {
        const { body } = await direct(c, q, { h: '0'.repeat(64) });
        expect([c, body.errors?.[0]?.extensions?.code]).toEqual([c, 'FORBIDDEN']);
        expect((body.data as { _partnerByKeyHash: unknown } | null)?._partnerByKeyHash ?? null).toBeNull();
      }
    });
  });

  /* ---------- partners, as their managers see them ---------- */

  describe('partner(id) and partners', () => {
    const one = 'query($id: ID!) { partner(id: $id) { id name kind active org { id } programmes { id } keys { id prefix revokedAt } } }';
    type PartnerView = { id: string; org: { id: string }; programmes: { id: string }[]; keys: { prefix: string }[] };

    test.each(BCALLERS)('%s sees exactly the partners registered in its subtree, with the programmes and keys it may see', async (c) => {
      if (!STAFF_OR_ADMIN.includes(c as CallerKey)) {
        for (const q of [one, '{ partners(first: 50) { edges { node { id } } } }']) {
          const res = await call(c, q, { id: PA.cinema.id });
          expect(codeOf(res)).toBe(roleRefusal(c));
          expectNoData(res);
        }
        return;
      }
      const seen: PartnerKey[] = [];
      for (const p of ALL_PARTNERS) {
        const res = await call<{ partner: PartnerView | null }>(c, one, { id: PA[p].id });
        expect(res.errors).toBeUndefined();
        const got = res.data!.partner;
        if (!got) continue;
        seen.push(p);
        expect(got.org.id).toBe(org(PARTNER_AT[p]));
        expect(got.programmes.map((x) => keyOf(P, x.id))).toEqual(PARTNER_SERVES[p].filter((x) => SEES_PROGRAMMES[c as CallerKey].includes(x)));
        expect(got.keys.length).toBe(p === 'cinema' || p === 'gym' ? 1 : 0);
        for (const k of got.keys) expect(Object.keys(k).sort()).toEqual(['id', 'prefix', 'revokedAt']);
      }
      expect(seen).toEqual(SEES_PARTNERS[c as CallerKey]);
      const list = await call<{ partners: { edges: { node: { id: string } }[] } }>(c, '{ partners(first: 50) { edges { node { id } } } }');
      expect(list.errors).toBeUndefined();
      expect(sorted(list.data!.partners.edges.map((e) => keyOf(PA, e.node.id)))).toEqual(sorted(SEES_PARTNERS[c as CallerKey]));
    });

    test.each(STAFF_OR_ADMIN)('%s narrowed to each org: partners registered under it, nothing outside its scope', async (c) => {
      for (const o of ALL_ORGS) {
        const res = await call<{ partners: { edges: { node: { id: string } }[] } }>(c, 'query($o: ID) { partners(first: 50, orgId: $o) { edges { node { id } } } }', { o: org(o) });
        expect(res.errors).toBeUndefined();
        const expected = c === 'admin' || SEES_ORGS[c].includes(o) ? ALL_PARTNERS.filter((p) => isUnder(PARTNER_AT[p], o)) : [];
        expect([o, sorted(res.data!.partners.edges.map((e) => keyOf(PA, e.node.id)))]).toEqual([o, sorted(expected)]);
      }
    });
  });

  /* ---------- the partner desk ---------- */

  describe('deskProgrammes, checkVoucher, checkEligibility and myRedemptions', () => {
    test.each(BCALLERS.filter((c) => !isPartner(c)))('%s cannot use the partner desk', async (c) => {
      const qr = await qrOf(g, members.m1);
      for (const [q, v] of [[DESK_PROGRAMMES, {}], [CHECK_VOUCHER, { c: V.m1City.code }], [CHECK_ELIGIBILITY, { p: P.city.id, q: qr }], [MY_REDEMPTIONS, { first: 10 }]] as const) {
        const res = await call(c, q, v);
        expect(codeOf(res)).toBe(roleRefusal(c));
        expectNoData(res);
      }
    });

    test.each(['partner', 'partnerKey'] as BCaller[])('the cinema (%s) lists the one programme it serves: id, name and period, nothing else', async (c) => {
      const res = await call<{ deskProgrammes: unknown[] }>(c, DESK_PROGRAMMES);
      expect(res.errors).toBeUndefined();
      expect(res.data!.deskProgrammes).toEqual([{ id: P.city.id, name: '全市职工免费观影', startsOn: P.city.startsOn, endsOn: P.city.endsOn, open: true }]);
    });

    test('every other partner sees only its own programme, or none: the pool and the gym theirs, the supplier (bound to nothing) none; the aid programme never', async () => {
      const seen = {} as Record<PartnerKey, string[]>;
      for (const p of Object.keys(PA) as PartnerKey[]) {
        const res = await gqlAs<{ deskProgrammes: { id: string }[] }>(g, { token: await partnerTokenFor(PA[p].id) }, DESK_PROGRAMMES);
        seen[p] = res.data!.deskProgrammes.map((x) => keyOf(P, x.id));
      }
      expect(seen).toEqual({ cinema: ['city'], pool: ['d1'], gym: ['d2'], supplier: [] });
      const byKey = await gqlAs<{ deskProgrammes: { id: string }[] }>(g, { apiKey: gymKey.key }, DESK_PROGRAMMES);
      expect(byKey.data!.deskProgrammes.map((x) => keyOf(P, x.id))).toEqual(['d2']);
    });

    test.each(['partner', 'partnerKey'] as BCaller[])('the cinema (%s) checks only vouchers of the programme it serves', async (c) => {
      const checks = {} as Record<VoucherKey, unknown>;
      for (const v of ALL_VOUCHERS) checks[v] = (await call<{ checkVoucher: unknown }>(c, CHECK_VOUCHER, { c: V[v].code })).data!.checkVoucher;
      const unknown = { valid: false, reasons: ['UNKNOWN_CODE'], programmeName: null, memberName: null, expiresAt: null, remainingQuota: null };
      expect(checks).toEqual({
        m1City: { valid: true, reasons: [], programmeName: '全市职工免费观影', memberName: '王*国', expiresAt: V.m1City.expiresAt, remainingQuota: 98 },
        m2D1: unknown, // the pool's programme: the same answer as a code that does not exist
        m3City: { valid: false, reasons: ['ALREADY_REDEEMED'], programmeName: '全市职工免费观影', memberName: '张*', expiresAt: V.m3City.expiresAt, remainingQuota: 98 },
        m4D2: unknown,
      });
    });

    test.each(['partner', 'partnerKey'] as BCaller[])('the cinema (%s) checks a member by QR only for its programme; the aid programme does not exist for it', async (c) => {
      const qr = await qrOf(g, members.m1);
      const mine = await call<{ checkEligibility: unknown }>(c, CHECK_ELIGIBILITY, { p: P.city.id, q: qr });
      expect(mine.data!.checkEligibility).toEqual({ eligible: true, reasons: [], memberName: '王*国', remainingQuota: 98 });
      for (const p of ['d1', 'd2', 'e2', 'aid'] as ProgKey[]) {
        const res = await call(c, CHECK_ELIGIBILITY, { p: P[p].id, q: qr });
        expect([p, codeOf(res)]).toEqual([p, 'NOT_FOUND']);
        expectNoData(res);
      }
    });

    test.each(['partner', 'partnerKey'] as BCaller[])('the cinema (%s) lists its own redemptions only', async (c) => {
      const res = await call<{ myRedemptions: { edges: { node: RedemptionView }[] } }>(c, MY_REDEMPTIONS, { first: 50 });
      expect(res.errors).toBeUndefined();
      expect(res.data!.myRedemptions.edges.map((e) => e.node)).toEqual([R.m3]);
      expect(R.m3).toMatchObject({ code: V.m3City.code, programmeId: P.city.id, programmeName: '全市职工免费观影', memberName: '张*' });
    });

    test('the gym by API key and by client token sees its own redemption; the pool and the supplier none', async () => {
      const gymToken = await partnerTokenFor(PA.gym.id);
      for (const w of [{ apiKey: gymKey.key }, { token: gymToken }] as Who[]) {
        const res = await gqlAs<{ myRedemptions: { edges: { node: RedemptionView }[] } }>(g, w, MY_REDEMPTIONS, { first: 50 });
        expect(res.data!.myRedemptions.edges.map((e) => e.node)).toEqual([R.m4]);
      }
      for (const p of ['pool', 'supplier'] as PartnerKey[]) {
        const res = await gqlAs<{ myRedemptions: { edges: unknown[] } }>(g, { token: await partnerTokenFor(PA[p].id) }, MY_REDEMPTIONS, { first: 50 });
        expect([p, res.data!.myRedemptions.edges]).toEqual([p, []]);
      }
    });
  });

  /* ---------- care ---------- */

  describe('careBatch, careBatches, their visits and spending', () => {
    const one = 'query($id: ID!) { careBatch(id: $id) { id spentCents org { id } visits(first: 50) { edges { node { org { id } member { id } costCents } } } spendingByOrg { org { id } visits spentCents } } }';
    type BatchView = { id: string; spentCents: number; visits: { edges: { node: { org: { id: string }; costCents: number } }[] }; spendingByOrg: { org: { id: string }; visits: number; spentCents: number }[] };
    /** Spending of the d1 batch per union, broken down under the caller's view of it. */
    const D1_SPENDING: Partial<Record<CallerKey, [OrgKey, number, number][]>> = {
      admin: [['s1', 2, 300]], city: [['s1', 2, 300]], d1: [['s1', 2, 300]], s1: [['e2', 1, 200], ['e1', 1, 100]], e1: [['e1', 1, 100]],
    };
    const CITY_SPENDING: Partial<Record<CallerKey, [OrgKey, number, number][]>> = { admin: [['d2', 1, 300]], city: [['d2', 1, 300]], d1: [], d2: [['d2', 1, 300]], s1: [], e1: [] };

    test.each(BCALLERS)('%s sees exactly its batches, the visits made in its subtree and their spending', async (c) => {
      if (!STAFF_OR_ADMIN.includes(c as CallerKey)) {
        for (const q of [one, '{ careBatches(first: 50) { edges { node { id } } } }']) {
          const res = await call(c, q, { id: B.d1.id });
          expect(codeOf(res)).toBe(roleRefusal(c));
          expectNoData(res);
        }
        return;
      }
      const k = c as CallerKey;
      const seen: BatchKey[] = [];
      for (const b of ALL_BATCHES) {
        const res = await call<{ careBatch: BatchView | null }>(c, one, { id: B[b].id });
        expect(res.errors).toBeUndefined();
        const got = res.data!.careBatch;
        if (!got) continue;
        seen.push(b);
        const visits = VISITS.filter((v) => v.batch === b && (k === 'admin' || SEES_ORGS[k].includes(v.org)));
        expect(sorted(got.visits.edges.map(({ node: v }) => `${orgKeyOf(v.org.id)}:${v.costCents}`))).toEqual(sorted(visits.map((v) => `${v.org}:${v.cost}`)));
        // The batch's own total is the batch's, whoever reads it.
        expect(got.spentCents).toBe(VISITS.filter((v) => v.batch === b).reduce((s, v) => s + v.cost, 0));
        const spending = got.spendingByOrg.map((s) => [orgKeyOf(s.org.id), s.visits, s.spentCents]);
        if (b === 'd1') expect(spending).toEqual(D1_SPENDING[k]);
        if (b === 'city') expect(spending).toEqual(CITY_SPENDING[k]);
      }
      expect(seen).toEqual(SEES_BATCHES[k]);
      const list = await call<{ careBatches: { edges: { node: { id: string } }[] } }>(c, '{ careBatches(first: 50) { edges { node { id } } } }');
      expect(sorted(list.data!.careBatches.edges.map((e) => keyOf(B, e.node.id)))).toEqual(sorted(SEES_BATCHES[k]));
    });
  });

  /* ---------- education aid ---------- */

  describe('aidApplication and aidApplications', () => {
    test.each(BCALLERS)('%s sees exactly its applications, with their history', async (c) => {
      const one = 'query($id: ID!) { aidApplication(id: $id) { id state member { id } history { toState actorRole } } }';
      if (isPartner(c) || c === 'anonymous') {
        for (const q of [one, '{ aidApplications(first: 50) { edges { node { id } } } }']) {
          const res = await call(c, q, { id: A.m1.id });
          expect(codeOf(res)).toBe(roleRefusal(c));
          expectNoData(res);
        }
        return;
      }
      const k = c as CallerKey;
      const seen: AidKey[] = [];
      for (const a of ['m1', 'm4'] as AidKey[]) {
        const res = await call<{ aidApplication: { id: string; state: string; member: { id: string }; history: { toState: string; actorRole: string }[] } | null }>(c, one, { id: A[a].id });
        expect(res.errors).toBeUndefined();
        const got = res.data!.aidApplication;
        if (!got) continue;
        seen.push(a);
        expect(got).toEqual({ id: A[a].id, state: 'APPLIED', member: { id: g.fixture.members[a].id }, history: [{ toState: 'APPLIED', actorRole: a === 'm1' ? 'member' : 'staff' }] });
      }
      expect(seen).toEqual(SEES_AID[k]);
      const list = await call<{ aidApplications: { edges: { node: { id: string } }[] } }>(c, '{ aidApplications(first: 50) { edges { node { id } } } }');
      expect(sorted(list.data!.aidApplications.edges.map((e) => keyOf(A, e.node.id)))).toEqual(sorted(SEES_AID[k]));
    });

    test.each(STAFF_OR_ADMIN)('%s narrowed to each org: applications of members under it, nothing outside its scope', async (c) => {
      const AT: Record<AidKey, OrgKey> = { m1: 'e1', m4: 'e3' };
      for (const o of ALL_ORGS) {
        const res = await call<{ aidApplications: { edges: { node: { id: string } }[] } }>(c, 'query($o: ID) { aidApplications(first: 50, orgId: $o) { edges { node { id } } } }', { o: org(o) });
        expect(res.errors).toBeUndefined();
        const expected = c === 'admin' || SEES_ORGS[c].includes(o) ? (['m1', 'm4'] as AidKey[]).filter((a) => isUnder(AT[a], o)) : [];
        expect([o, sorted(res.data!.aidApplications.edges.map((e) => keyOf(A, e.node.id)))]).toEqual([o, sorted(expected)]);
      }
    });
  });

  describe('paging the lists', () => {
    test.each(['programmes', 'partners', 'careBatches', 'aidApplications'])('%s: pages of one add up to the whole list, in order, each row once; a made-up cursor is refused', async (field) => {
      const all = ok(await call<Record<string, { edges: { node: { id: string } }[] }>>('admin', `{ ${field}(first: 200) { edges { node { id } } } }`))[field].edges.map((e) => e.node.id);
      expect(all.length).toBeGreaterThanOrEqual(2);
      const paged: string[] = [];
      let after: string | null = null;
      for (let i = 0; i <= all.length; i++) {
        const page: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } = ok(
          await call<Record<string, { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }>>('admin', `query($a: String) { ${field}(first: 1, after: $a) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`, { a: after }),
        )[field];
        paged.push(...page.edges.map((e) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(paged).toEqual(all);
      expect(codeOf(await call('admin', `query($a: String) { ${field}(first: 1, after: $a) { edges { node { id } } } }`, { a: 'bm90LWEtY3Vyc29y' }))).toBe('BAD_USER_INPUT');
    });
  });

  /* ---------- figures ---------- */

  describe('programmeUptake', () => {
    const q = 'query($p: ID!, $o: ID) { programmeUptake(programmeId: $p, orgId: $o) { orgId vouchersIssued vouchersRedeemed vouchersOutstanding } }';

    test.each(BCALLERS)('%s counts the city programme exactly at the orgs in its scope', async (c) => {
      if (!STAFF_OR_ADMIN.includes(c as CallerKey)) {
        const res = await call(c, q, { p: P.city.id, o: org('e1') });
        expect(codeOf(res)).toBe(roleRefusal(c));
        expectNoData(res);
        return;
      }
      const counted: Partial<Record<OrgKey, [number, number, number]>> = {};
      for (const o of ALL_ORGS) {
        const res = await call<{ programmeUptake: { orgId: string; vouchersIssued: number; vouchersRedeemed: number; vouchersOutstanding: number } | null }>(c, q, { p: P.city.id, o: org(o) });
        expect(res.errors).toBeUndefined();
        const u = res.data!.programmeUptake;
        if (u) counted[orgKeyOf(u.orgId)] = [u.vouchersIssued, u.vouchersRedeemed, u.vouchersOutstanding];
      }
      const city = ALL_VOUCHERS.filter((v) => VOUCHER_OF[v].prog === 'city');
      const expected = (o: OrgKey): [number, number, number] => {
        const here = city.filter((v) => isUnder(VOUCHER_OF[v].org, o));
        const redeemed = here.filter((v) => v === 'm3City').length;
        return [here.length, redeemed, here.length - redeemed];
      };
      const orgs = c === 'admin' ? ALL_ORGS : SEES_ORGS[c as CallerKey];
      expect(counted).toEqual(Object.fromEntries(orgs.map((o) => [o, expected(o)])));
    });

    test('a programme the caller cannot see has no figures', async () => {
      const res = await call<{ programmeUptake: unknown }>('e1', q, { p: P.d2.id });
      expect(res.errors).toBeUndefined();
      expect(res.data!.programmeUptake).toBeNull();
    });
  });

  /* ---------- writes ---------- */

  describe('writes', () => {

    /**
     * One row per benefits mutation. `prepare` makes fresh objects for the call (so each
     * caller meets the same situation), `call` runs the mutation as the caller, `expected`
     * says what every caller gets: 'OK' or the error code. A refusal must leave every
     * benefits table exactly as it was; a success is checked by `check`.
     */
    interface WriteRow {
      label: string;
      expected: Record<BCaller, string>;
      prepare: () => Promise<Record<string, unknown>>;
      call: (c: BCaller, vars: Record<string, unknown>) => Promise<GqlResponse>;
      check?: (c: BCaller, vars: Record<string, unknown>, res: GqlResponse) => Promise<void>;
      /** Put things back after the call, whatever it did (e.g. close an open aid application). */
      cleanup?: (vars: Record<string, unknown>) => Promise<void>;
    }

    /** Refusals by role for everyone but staff and admin. */
    const NOT_STAFF = { member: 'FORBIDDEN', partner: 'FORBIDDEN', partnerKey: 'FORBIDDEN', anonymous: 'UNAUTHENTICATED' } as const;
    /** The outcome table of an operation only staff and admin may call. */
    const staffOnly = (t: Record<CallerKey & ('admin' | 'city' | 'd1' | 'd2' | 's1' | 'e1'), string>): Record<BCaller, string> => ({ ...t, ...NOT_STAFF });
    const partnerOnly: Record<BCaller, string> = { admin: 'FORBIDDEN', city: 'FORBIDDEN', d1: 'FORBIDDEN', d2: 'FORBIDDEN', s1: 'FORBIDDEN', e1: 'FORBIDDEN', member: 'FORBIDDEN', partner: 'OK', partnerKey: 'OK', anonymous: 'UNAUTHENTICATED' };

    /** The rules each known programme was created with. */
    const RULES: Record<ProgKey, { requires: unknown[] }> = {
      city: rulesDoc([{ type: 'membership', status: ['ACTIVE'] }]), d1: rulesDoc([{ type: 'membership', status: ['ACTIVE'] }]), d2: rulesDoc([{ type: 'membership', status: ['ACTIVE'] }]),
      e2: rulesDoc([{ type: 'membership', status: ['ACTIVE'] }]), aid: rulesDoc([{ type: 'child', minAge: 6, maxAge: 18 }]),
    };
    const programmeRow = (id: string) => g.benefitsDb.getRepository(ProgrammeRow).findOneByOrFail({ id });
    /** An aid programme of its own: its award keys are fresh, so every caller meets the same situation. */
    const freshAid = (name = '金秋助学（专项）') =>
      newProgramme(g, admin, { orgId: org('city'), name, kind: 'EDUCATION_AID', quota: 5, budgetCents: 100_000, amountCents: 10_000, voucherValidDays: null, requires: [{ type: 'child', minAge: 6, maxAge: 18 }] });
    let aidForApply: ProgrammeView;
    let allocProgramme: ProgrammeView;

    beforeAll(async () => {
      aidForApply = await freshAid('金秋助学（申请）');
      allocProgramme = await newProgramme(g, admin, { orgId: org('city'), name: '全市疗休养', kind: 'SANATORIUM', quota: 50 });
      await allocate(g, admin, allocProgramme.id, org('d1'), 20);
    });

    const WRITES: WriteRow[] = [
      {
        label: 'openProgramme (a draft run by d1)',
        expected: staffOnly({ admin: 'OK', city: 'OK', d1: 'OK', d2: 'NOT_FOUND', s1: 'FORBIDDEN', e1: 'FORBIDDEN' }),
        prepare: async () => ({ p: (await newProgramme(g, admin, { orgId: org('d1'), name: '江北区公益课程', kind: 'FREE_CLASS', quota: 10 }, { open: false })).id }),
        call: (c, v) => call(c, OPEN_PROGRAMME, v),
        check: async (_c, v) => expect((await programmeRow(v.p as string)).state).toBe('ACTIVE'),
      },
      {
        label: 'closeProgramme (an open programme run by d1)',
        expected: staffOnly({ admin: 'OK', city: 'OK', d1: 'OK', d2: 'NOT_FOUND', s1: 'FORBIDDEN', e1: 'FORBIDDEN' }),
        prepare: async () => ({ p: (await newProgramme(g, admin, { orgId: org('d1'), name: '江北区公益课程', kind: 'FREE_CLASS', quota: 10 })).id }),
        call: (c, v) => call(c, CLOSE_PROGRAMME, v),
        check: async (_c, v) => expect((await programmeRow(v.p as string)).state).toBe('CLOSED'),
      },
      {
        label: 'setProgrammeRules (a programme run by d1)',
        expected: staffOnly({ admin: 'OK', city: 'OK', d1: 'OK', d2: 'NOT_FOUND', s1: 'FORBIDDEN', e1: 'FORBIDDEN' }),
        prepare: async () => ({ p: (await newProgramme(g, admin, { orgId: org('d1'), name: '江北区免费健身', kind: 'GYM_VOUCHER', quota: 10 })).id, r: rulesDoc([{ type: 'employmentType', anyOf: ['DELIVERY_RIDER'] }]) }),
        call: (c, v) => call(c, SET_RULES, v),
        check: async (_c, v) => expect(await programmeRow(v.p as string)).toMatchObject({ rulesVersion: 2, sensitive: false }),
      },
      {
        label: 'allocate (a share for s1, carved from d1\'s share of the city\'s programme)',
        // s1 may act for s1 but holds no share there to hand on; e1 cannot see s1.
        expected: staffOnly({ admin: 'OK', city: 'OK', d1: 'OK', d2: 'NOT_FOUND', s1: 'FORBIDDEN', e1: 'NOT_FOUND' }),
        prepare: async () => ({ p: allocProgramme.id, o: org('s1'), q: 3 }),
        call: (c, v) => call(c, 'mutation($p: ID!, $o: ID!, $q: Int) { allocate(programmeId: $p, orgId: $o, quota: $q) { id quota } }', v),
        check: async (_c, v) => {
          const share = await g.benefitsDb.getRepository(AllocationRow).findOneByOrFail({ programmeId: v.p as string, orgId: org('s1') });
          expect(share.quota).toBe(3);
        },
      },
      {
        label: 'claimVoucher (the city\'s programme)',
        expected: { admin: 'FORBIDDEN', city: 'FORBIDDEN', d1: 'FORBIDDEN', d2: 'FORBIDDEN', s1: 'FORBIDDEN', e1: 'FORBIDDEN', member: 'OK', partner: 'FORBIDDEN', partnerKey: 'FORBIDDEN', anonymous: 'UNAUTHENTICATED' },
        prepare: async () => ({ p: P.city.id }),
        call: (c, v) => call(c, 'mutation($p: ID!) { claimVoucher(programmeId: $p) { id } }', v),
        check: async (_c, _v, res) => {
          const row = await g.benefitsDb.getRepository(VoucherRow).findOneByOrFail({ id: (res.data as { claimVoucher: { id: string } }).claimVoucher.id });
          expect(row).toMatchObject({ memberId: g.fixture.members.m1.id, state: 'ISSUED' });
        },
      },
      {
        label: 'claimVoucher (d2\'s programme, which does not cover m1)',
        expected: { admin: 'FORBIDDEN', city: 'FORBIDDEN', d1: 'FORBIDDEN', d2: 'FORBIDDEN', s1: 'FORBIDDEN', e1: 'FORBIDDEN', member: 'NOT_FOUND', partner: 'FORBIDDEN', partnerKey: 'FORBIDDEN', anonymous: 'UNAUTHENTICATED' },
        prepare: async () => ({ p: P.d2.id }),
        call: (c, v) => call(c, 'mutation($p: ID!) { claimVoucher(programmeId: $p) { id } }', v),
      },
      {
        label: 'issueVoucher (the city\'s programme to m2 at e1)',
        expected: staffOnly({ admin: 'OK', city: 'OK', d1: 'OK', d2: 'NOT_FOUND', s1: 'OK', e1: 'OK' }),
        prepare: async () => ({ p: P.city.id, m: g.fixture.members.m2.id }),
        call: (c, v) => call(c, 'mutation($p: ID!, $m: ID!) { issueVoucher(programmeId: $p, memberId: $m) { id } }', v),
        check: async (_c, _v, res) => {
          const row = await g.benefitsDb.getRepository(VoucherRow).findOneByOrFail({ id: (res.data as { issueVoucher: { id: string } }).issueVoucher.id });
          expect(row).toMatchObject({ memberId: g.fixture.members.m2.id, state: 'ISSUED', orgId: org('e1') });
        },
      },
      {
        label: 'cancelVoucher (a fresh voucher of m1)',
        expected: { admin: 'OK', city: 'OK', d1: 'OK', d2: 'NOT_FOUND', s1: 'OK', e1: 'OK', member: 'OK', partner: 'FORBIDDEN', partnerKey: 'FORBIDDEN', anonymous: 'UNAUTHENTICATED' },
        prepare: async () => ({ id: must(await issue(g, admin, P.city.id, g.fixture.members.m1.id), 'issue').id }),
        call: (c, v) => call(c, 'mutation($id: ID!) { cancelVoucher(id: $id) { id state } }', v),
        check: async (_c, v) => expect((await g.benefitsDb.getRepository(VoucherRow).findOneByOrFail({ id: v.id as string })).state).toBe('CANCELLED'),
      },
      {
        label: 'cancelVoucher (m2\'s voucher)',
        expected: { admin: 'OK', city: 'OK', d1: 'OK', d2: 'NOT_FOUND', s1: 'OK', e1: 'OK', member: 'NOT_FOUND', partner: 'FORBIDDEN', partnerKey: 'FORBIDDEN', anonymous: 'UNAUTHENTICATED' },
        prepare: async () => ({ id: must(await issue(g, admin, P.city.id, g.fixture.members.m2.id), 'issue').id }),
        call: (c, v) => call(c, 'mutation($id: ID!) { cancelVoucher(id: $id) { id state } }', v),
      },
      {
        label: 'bindPartnerProgramme (a partner registered at d1, to d1\'s programme)',
        expected: staffOnly({ admin: 'OK', city: 'OK', d1: 'OK', d2: 'NOT_FOUND', s1: 'NOT_FOUND', e1: 'NOT_FOUND' }),
        prepare: async () => ({ pa: (await registerPartner(g, admin, org('d1'), '江北游泳馆二店', 'POOL')).id, p: P.d1.id }),
        call: (c, v) => call(c, 'mutation($pa: ID!, $p: ID!) { bindPartnerProgramme(partnerId: $pa, programmeId: $p) { id programmes { id } } }', v),
        check: async (_c, v) => expect(await g.benefitsDb.getRepository(PartnerProgrammeRow).countBy({ partnerId: v.pa as string, programmeId: P.d1.id })).toBe(1),
      },
      {
        label: 'bindPartnerProgramme (the education aid programme: never bound to a partner)',
        expected: staffOnly({ admin: 'BAD_USER_INPUT', city: 'BAD_USER_INPUT', d1: 'BAD_USER_INPUT', d2: 'NOT_FOUND', s1: 'NOT_FOUND', e1: 'NOT_FOUND' }),
        prepare: async () => ({ pa: (await registerPartner(g, admin, org('d1'), '文具供应商', 'SUPPLIER')).id, p: P.aid.id }),
        call: (c, v) => call(c, 'mutation($pa: ID!, $p: ID!) { bindPartnerProgramme(partnerId: $pa, programmeId: $p) { id } }', v),
      },
      {
        label: 'unbindPartnerProgramme (a partner registered at d1)',
        expected: staffOnly({ admin: 'OK', city: 'OK', d1: 'OK', d2: 'NOT_FOUND', s1: 'NOT_FOUND', e1: 'NOT_FOUND' }),
        prepare: async () => {
          const pa = await registerPartner(g, admin, org('d1'), '江北游泳馆三店', 'POOL');
          await bindPartner(g, admin, pa.id, P.d1.id);
          return { pa: pa.id, p: P.d1.id };
        },
        call: (c, v) => call(c, 'mutation($pa: ID!, $p: ID!) { unbindPartnerProgramme(partnerId: $pa, programmeId: $p) { id } }', v),
        check: async (_c, v) => expect(await g.benefitsDb.getRepository(PartnerProgrammeRow).countBy({ partnerId: v.pa as string })).toBe(0),
      },
      {
        label: 'setPartnerActive (a partner registered at d1)',
        expected: staffOnly({ admin: 'OK', city: 'OK', d1: 'OK', d2: 'NOT_FOUND', s1: 'NOT_FOUND', e1: 'NOT_FOUND' }),
        prepare: async () => ({ pa: (await registerPartner(g, admin, org('d1'), '江北健身房', 'GYM')).id }),
        call: (c, v) => call(c, 'mutation($pa: ID!) { setPartnerActive(partnerId: $pa, active: false) { id active } }', v),
        check: async (_c, v) => expect((await g.benefitsDb.getRepository(PartnerRow).findOneByOrFail({ id: v.pa as string })).active).toBe(false),
      },
      {
        label: 'issuePartnerKey (a partner registered at d1)',
        expected: staffOnly({ admin: 'OK', city: 'OK', d1: 'OK', d2: 'NOT_FOUND', s1: 'NOT_FOUND', e1: 'NOT_FOUND' }),
        prepare: async () => ({ pa: (await registerPartner(g, admin, org('d1'), '江北影院', 'CINEMA')).id }),
        call: (c, v) => call(c, 'mutation($pa: ID!) { issuePartnerKey(partnerId: $pa) { id prefix key } }', v),
        check: async (_c, v, res) => {
          const issued = (res.data as { issuePartnerKey: { id: string; prefix: string; key: string } }).issuePartnerKey;
          expect(issued.key).toMatch(new RegExp(`^lx_${issued.prefix}_`));
          const row = await g.benefitsDb.getRepository(PartnerKeyRow).findOneByOrFail({ id: issued.id });
          expect(row.partnerId).toBe(v.pa);
          expect(JSON.stringify(row)).not.toContain(issued.key); // stored hashed
        },
      },
      {
        label: 'revokePartnerKey (a key of a partner registered at d1)',
        expected: staffOnly({ admin: 'OK', city: 'OK', d1: 'OK', d2: 'NOT_FOUND', s1: 'NOT_FOUND', e1: 'NOT_FOUND' }),
        prepare: async () => ({ k: (await issueKey(g, admin, (await registerPartner(g, admin, org('d1'), '江北体检中心', 'CLINIC')).id)).id }),
        call: (c, v) => call(c, 'mutation($k: ID!) { revokePartnerKey(keyId: $k) { id revokedAt } }', v),
        check: async (_c, v) => expect((await g.benefitsDb.getRepository(PartnerKeyRow).findOneByOrFail({ id: v.k as string })).revokedAt).not.toBeNull(),
      },
      {
        label: 'redeemVoucher (a fresh voucher of the city\'s programme, which the cinema serves)',
        expected: partnerOnly,
        prepare: async () => ({ c: (await mustClaim(g, members.m1, P.city.id)).code, k: `key-${Math.random().toString(36).slice(2)}` }),
        call: (c, v) => call(c, 'mutation($c: String!, $k: String!) { redeemVoucher(code: $c, idempotencyKey: $k) { id code } }', v),
        check: async (_c, v) => {
          const voucher = await g.benefitsDb.getRepository(VoucherRow).findOneByOrFail({ code: v.c as string });
          expect(voucher).toMatchObject({ state: 'REDEEMED', partnerId: PA.cinema.id });
          expect(await g.benefitsDb.getRepository(RedemptionRow).countBy({ voucherId: voucher.id })).toBe(1);
        },
      },
      {
        label: 'redeemVoucher (a voucher of the pool\'s programme)',
        expected: { ...partnerOnly, partner: 'UNKNOWN_CODE', partnerKey: 'UNKNOWN_CODE' },
        prepare: async () => ({ c: must(await issue(g, staff.e1, P.d1.id, g.fixture.members.m1.id), 'issue').code, k: `key-${Math.random().toString(36).slice(2)}` }),
        call: (c, v) => call(c, 'mutation($c: String!, $k: String!) { redeemVoucher(code: $c, idempotencyKey: $k) { id } }', v),
      },
      {
        label: 'recordCareVisit (d1\'s batch, m1 visited by e1)',
        expected: staffOnly({ admin: 'OK', city: 'OK', d1: 'OK', d2: 'NOT_FOUND', s1: 'OK', e1: 'OK' }),
        prepare: async () => visitInput(B.d1.id, g.fixture.members.m1.id, 10, org('e1')),
        call: (c, v) => call(c, 'mutation($i: RecordCareVisitInput!) { recordCareVisit(input: $i) { id } }', v),
        check: async (_c, _v, res) => {
          const visit = await g.benefitsDb.getRepository(CareVisitRow).findOneByOrFail({ id: (res.data as { recordCareVisit: { id: string } }).recordCareVisit.id });
          expect(visit).toMatchObject({ batchId: B.d1.id, orgId: org('e1'), costCents: 10 });
        },
      },
      {
        label: 'applyForEducationAid (for m1\'s child)',
        expected: { admin: 'OK', city: 'OK', d1: 'OK', d2: 'NOT_FOUND', s1: 'OK', e1: 'OK', member: 'OK', partner: 'FORBIDDEN', partnerKey: 'FORBIDDEN', anonymous: 'UNAUTHENTICATED' },
        prepare: async () => ({ i: { programmeId: aidForApply.id, childId: child.m1, memberId: g.fixture.members.m1.id } }),
        call: (c, v) => {
          const i = v.i as { memberId?: string };
          // Members apply for themselves and leave memberId out.
          return call(c, 'mutation($i: ApplyForEducationAidInput!) { applyForEducationAid(input: $i) { id state } }', { i: c === 'member' ? { ...i, memberId: undefined } : i });
        },
        check: async (c, _v, res) => {
          const row = await g.benefitsDb.getRepository(AidApplicationRow).findOneByOrFail({ id: (res.data as { applyForEducationAid: { id: string } }).applyForEducationAid.id });
          expect(row).toMatchObject({ state: 'APPLIED', memberId: g.fixture.members.m1.id, appliedRole: c === 'member' ? 'member' : c === 'admin' ? 'admin' : 'staff' });
        },
        // One open application per child and year: the enterprise rejects this one so the next caller can apply.
        cleanup: async () => {
          const open = await g.benefitsDb.getRepository(AidApplicationRow).findBy({ programmeId: aidForApply.id, state: 'APPLIED' as never });
          for (const a of open) must(await checkAid(g, staff.e1, a.id, false, '材料不全'), 'reject');
        },
      },
      {
        label: 'checkAidApplication (the enterprise check of m1\'s application)',
        expected: staffOnly({ admin: 'FORBIDDEN', city: 'FORBIDDEN', d1: 'FORBIDDEN', d2: 'NOT_FOUND', s1: 'FORBIDDEN', e1: 'OK' }),
        prepare: async () => ({ id: must(await apply(g, members.m1, { programmeId: (await freshAid()).id, childId: child.m1 }), 'apply').id, ok: true }),
        call: (c, v) => call(c, 'mutation($id: ID!, $ok: Boolean!) { checkAidApplication(id: $id, approve: $ok) { id state } }', v),
        check: async (_c, v) => expect((await g.benefitsDb.getRepository(AidApplicationRow).findOneByOrFail({ id: v.id as string })).state).toBe('ENTERPRISE_CHECKED'),
      },
      {
        label: 'reviewAidApplication (the district review of m1\'s checked application)',
        expected: staffOnly({ admin: 'OK', city: 'FORBIDDEN', d1: 'OK', d2: 'NOT_FOUND', s1: 'FORBIDDEN', e1: 'FORBIDDEN' }),
        prepare: async () => {
          const a = must(await apply(g, members.m1, { programmeId: (await freshAid()).id, childId: child.m1 }), 'apply');
          must(await checkAid(g, staff.e1, a.id, true), 'check');
          return { id: a.id, ok: true };
        },
        call: (c, v) => call(c, 'mutation($id: ID!, $ok: Boolean!) { reviewAidApplication(id: $id, award: $ok) { id state amountCents } }', v),
        check: async (_c, v) => expect(await g.benefitsDb.getRepository(AidApplicationRow).findOneByOrFail({ id: v.id as string })).toMatchObject({ state: 'AWARDED', amountCents: 10_000 }),
      },
      {
        label: 'markAidDelivered (m1\'s awarded application)',
        expected: staffOnly({ admin: 'FORBIDDEN', city: 'FORBIDDEN', d1: 'OK', d2: 'NOT_FOUND', s1: 'FORBIDDEN', e1: 'OK' }),
        prepare: async () => {
          const a = must(await apply(g, members.m1, { programmeId: (await freshAid()).id, childId: child.m1 }), 'apply');
          must(await checkAid(g, staff.e1, a.id, true), 'check');
          must(await reviewAid(g, staff.d1, a.id, true), 'review');
          return { id: a.id };
        },
        call: (c, v) => call(c, 'mutation($id: ID!) { markAidDelivered(id: $id) { id state } }', v),
        check: async (_c, v) => expect((await g.benefitsDb.getRepository(AidApplicationRow).findOneByOrFail({ id: v.id as string })).state).toBe('DELIVERED'),
      },
    ];

    describe.each(WRITES)('who may $label', (row) => {
      test.each(BCALLERS)('%s', async (c) => {
        const vars = await row.prepare();
        const expected = row.expected[c];
        const before = expected === 'OK' ? null : await benefitsState(g.benefitsDb);
        const res = await row.call(c, vars);
        try {
          if (expected === 'OK') {
            expect(res.errors).toBeUndefined();
            expect(Object.values(res.data ?? {})[0]).toBeTruthy();
            await row.check?.(c, vars, res);
          } else {
            expect(codeOf(res)).toBe(expected);
            expect(Object.values(res.data ?? {})[0] ?? null).toBeNull();
            expect(await benefitsState(g.benefitsDb)).toEqual(before);
          }
        } finally {
          await row.cleanup?.(vars);
        }
      });
    });

    describe('writes at every org: staff act only at unions in their scope', () => {
      const ATTEMPTS = [
        {
          field: 'createProgramme',
          run: (c: BCaller, o: OrgKey) => call<{ createProgramme: { org: { id: string } } }>(c, CREATE_PROGRAMME, { i: programmeInput({ orgId: org(o), name: '职工免费观影', quota: 5 }) }),
          outside: 'NOT_FOUND',
          table: 'programme',
        },
        {
          field: 'registerPartner',
          run: (c: BCaller, o: OrgKey) => call(c, 'mutation($i: RegisterPartnerInput!) { registerPartner(input: $i) { id org { id } } }', { i: { name: '便民影院', kind: 'CINEMA', orgId: org(o) } }),
          outside: 'BAD_USER_INPUT',
          table: 'partner',
        },
        {
          field: 'createCareBatch',
          run: (c: BCaller, o: OrgKey) => call(c, CREATE_BATCH, batchInput(org(o), 10_000)),
          outside: 'NOT_FOUND',
          table: 'care_batch',
        },
      ] as const;

      describe.each(ATTEMPTS)('$field', (attempt) => {
        test.each(BCALLERS)('%s', async (c) => {
          if (!STAFF_OR_ADMIN.includes(c as CallerKey)) {
            const before = await benefitsState(g.benefitsDb);
            const res = await attempt.run(c, 'e1');
            expect(codeOf(res)).toBe(roleRefusal(c));
            expect(await benefitsState(g.benefitsDb)).toEqual(before);
            return;
          }
          const doneAt: OrgKey[] = [];
          for (const o of ALL_ORGS) {
            const before = await benefitsState(g.benefitsDb);
            const res = await attempt.run(c, o);
            const made = Object.values(res.data ?? {})[0] as { org: { id: string } } | null | undefined;
            if (made) {
              expect(made.org.id).toBe(org(o));
              expect((await benefitsState(g.benefitsDb))[attempt.table].length).toBe(before[attempt.table].length + 1);
              doneAt.push(o);
            } else {
              expect([o, codeOf(res)]).toEqual([o, attempt.outside]);
              expect(await benefitsState(g.benefitsDb)).toEqual(before);
            }
          }
          expect(doneAt).toEqual(c === 'admin' ? ALL_ORGS : SEES_ORGS[c as CallerKey]);
        });
      });
    });

    describe('writes on the known objects: out of scope is NOT_FOUND, and nothing changes', () => {
      test.each(BCALLERS)('setProgrammeRules on every known programme, with the rules it has: %s', async (c) => {
        // Allowed: a new version of the same rules. Refused: seen but run above you is FORBIDDEN, unseen NOT_FOUND.
        const k = c as CallerKey;
        const outcomes: string[] = [];
        for (const p of ALL_PROGS) {
          const before = await benefitsState(g.benefitsDb);
          const version = (await programmeRow(P[p].id)).rulesVersion;
          const res = await call(c, SET_RULES, { p: P[p].id, r: RULES[p] });
          if (res.data?.setProgrammeRules) {
            expect(await programmeRow(P[p].id)).toMatchObject({ rulesVersion: version + 1 });
            outcomes.push('OK');
          } else {
            outcomes.push(codeOf(res)!);
            expect(await benefitsState(g.benefitsDb)).toEqual(before);
          }
        }
        const expected = ALL_PROGS.map((p) => {
          if (!STAFF_OR_ADMIN.includes(k)) return roleRefusal(c);
          if (!SEES_PROGRAMMES[k].includes(p)) return 'NOT_FOUND';
          return k === 'admin' || SEES_ORGS[k].includes(PROG_OWNER[p]) ? 'OK' : 'FORBIDDEN';
        });
        expect(outcomes).toEqual(expected);
      });

      test.each(BCALLERS)('cancelVoucher on the redeemed vouchers: %s', async (c) => {
        const before = await benefitsState(g.benefitsDb);
        const codes: string[] = [];
        for (const v of ['m3City', 'm4D2'] as VoucherKey[]) codes.push(codeOf(await call(c, 'mutation($id: ID!) { cancelVoucher(id: $id) { id } }', { id: V[v].id }))!);
        const k = c as CallerKey;
        const expected = (['m3City', 'm4D2'] as VoucherKey[]).map((v) => (isPartner(c) || c === 'anonymous' ? roleRefusal(c) : SEES_VOUCHERS[k].includes(v) ? 'INVALID_STATE' : 'NOT_FOUND'));
        expect(codes).toEqual(expected);
        expect(await benefitsState(g.benefitsDb)).toEqual(before);
      });

      test.each(BCALLERS)('checkAidApplication, reviewAidApplication and markAidDelivered on the known applications, out of turn: %s', async (c) => {
        // Both known applications are APPLIED: only the enterprise check is their next step.
        const before = await benefitsState(g.benefitsDb);
        const k = c as CallerKey;
        for (const a of ['m1', 'm4'] as AidKey[]) {
          const review = codeOf(await call(c, 'mutation($id: ID!) { reviewAidApplication(id: $id, award: true) { id } }', { id: A[a].id }));
          const deliver = codeOf(await call(c, 'mutation($id: ID!) { markAidDelivered(id: $id) { id } }', { id: A[a].id }));
          const district = a === 'm1' ? 'd1' : 'd2';
          const enterprise = a === 'm1' ? 'e1' : 'e3';
          const expectedFor = (mayAct: boolean) => (!STAFF_OR_ADMIN.includes(k) ? roleRefusal(c) : !SEES_AID[k].includes(a) ? 'NOT_FOUND' : mayAct ? 'INVALID_STATE' : 'FORBIDDEN');
          expect([a, review, deliver]).toEqual([a, expectedFor(k === 'admin' || k === district), expectedFor((k as string) === enterprise || k === district)]);
        }
        expect(await benefitsState(g.benefitsDb)).toEqual(before);
      });
    });
  });

  /* ---------- what partners never see ---------- */

  describe('privacy at the partner desk', () => {
    test('a programme that would reveal hardship cannot be given to a programme a partner serves; nothing changes', async () => {
      const before = await benefitsState(g.benefitsDb);
      const res = await g.gql(admin, SET_RULES, { p: P.city.id, r: rulesDoc([{ type: 'hardship', tiers: ['DEEP'] }]) });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(await benefitsState(g.benefitsDb)).toEqual(before);
    });

    test('a member QR signed by someone else, or naming another member, is INVALID_QR', async () => {
      const qr = await qrOf(g, members.m1);
      const forged = qr.replace(g.fixture.members.m1.id, g.fixture.members.m2.id);
      for (const q of [forged, 'lianxin://m/abc.def', g.fixture.members.m1.id]) {
        const res = await call<{ checkEligibility: unknown }>('partnerKey', CHECK_ELIGIBILITY, { p: P.city.id, q });
        expect(res.data!.checkEligibility).toEqual({ eligible: false, reasons: ['INVALID_QR'], memberName: null, remainingQuota: null });
      }
    });

    test('staff never get a member\'s QR, and nobody gets another member\'s', async () => {
      const res = await g.gql<{ member: { qrPayload: string | null } }>(staff.e1, 'query($id: ID!) { member(id: $id) { qrPayload } }', { id: g.fixture.members.m1.id });
      expect(res.data!.member.qrPayload).toBeNull();
    });

    test('every partner response of this suite went through the privacy scan', () => {
      // The scan (harness/graph.ts) throws on a leak, so reaching here with this many scanned means none leaked.
      expect(privacyStats.scanned).toBeGreaterThan(40);
    });
  });
});
