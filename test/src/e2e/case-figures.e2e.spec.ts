import { runSweep } from '@lianxin/cases';
import { enginesForSuites } from '../harness/engines';
import { countStatements, startTestGraph, type TestGraph } from '../harness/graph';
import { memberTokenFor, staffTokenFor, tokenFor, type OrgKey } from './callers';
import { backdate, DAY, handlerOf, must, raise, type CaseView } from './cases-helpers';

const FIGURES = `orgId from to kind total byState { state count } resolved declined resolutionRate closureRate
  onTimeRate rated satisfactionRate supervised overdue topKinds { kind count }`;

interface Figures {
  orgId: string;
  from: string;
  to: string;
  kind: string | null;
  total: number;
  byState: { state: string; count: number }[];
  resolved: number;
  declined: number;
  resolutionRate: number | null;
  closureRate: number | null;
  onTimeRate: number | null;
  rated: number;
  satisfactionRate: number | null;
  supervised: number;
  overdue: number;
  topKinds: { kind: string; count: number }[];
}

/** What a client lists of a case: enough to count every figure by hand. */
interface Listed {
  id: string;
  kind: string;
  state: string;
  supervised: boolean;
  onTime: boolean | null;
  rating: string | null;
  raisedAt: string;
  dueAt: string;
  raisedOrg: { id: string };
}

const STATES = ['REGISTERED', 'TRANSFERRED', 'ACCEPTED', 'IN_PROGRESS', 'WAITING_ON_WORKER', 'RESOLVED', 'SIGNED_OFF', 'CLOSED', 'DECLINED'];
const CLOCK_RUNNING = ['REGISTERED', 'TRANSFERRED', 'ACCEPTED', 'IN_PROGRESS'];

/** `YYYY-MM` on the Beijing calendar. */
const chinaMonth = (t: number): string => new Date(t + 8 * 3600_000).toISOString().slice(0, 7);

describe.each(enginesForSuites())('case figures through the gateway on %s', (engine) => {
  let g: TestGraph;
  let t: Record<'admin' | 'city' | 'd1' | 'd2' | 's1' | 's2' | 'e1' | 'e2' | 'e3' | 'm1' | 'm4' | 'partner', string>;
  let orgPath: Map<string, string>;
  const id = (k: OrgKey) => g.fixture.orgs[k].id;
  // Cases are raised now; a period from last month to next keeps them all in, whatever the day.
  const FROM = chinaMonth(Date.now() - 40 * DAY);
  const TO = chinaMonth(Date.now() + 40 * DAY);

  beforeAll(async () => {
    g = await startTestGraph(engine);
    const f = g.fixture;
    t = {
      admin: (await tokenFor('admin', f))!,
      partner: (await tokenFor('partner', f))!,
      city: await staffTokenFor('city', f),
      d1: await staffTokenFor('d1', f),
      d2: await staffTokenFor('d2', f),
      s1: await staffTokenFor('s1', f),
      s2: await staffTokenFor('s2', f),
      e1: await staffTokenFor('e1', f),
      e2: await staffTokenFor('e2', f),
      e3: await staffTokenFor('e3', f),
      m1: await memberTokenFor('m1', f),
      m4: await memberTokenFor('m4', f),
    };
    orgPath = new Map(Object.values(f.orgs).map((o) => [o.id, o.path]));
    const m1 = f.members.m1.id;
    const m2 = f.members.m2.id;
    const m4 = f.members.m4.id;

    const step = (token: string, op: Parameters<typeof must>[2], c: CaseView, vars: Record<string, unknown> = {}) => must(g, token, op, { id: c.id, ...vars });
    // Whoever accepts names a person of the handling union's own directory.
    const accept = (token: string, c: CaseView) => step(token, 'accept', c, handlerOf(g, c.handlingOrg.id));
    const resolve = (token: string, c: CaseView) => step(token, 'resolve', c, { resolution: '已协调解决' });
    const signOff = (token: string, c: CaseView) => step(token, 'signOff', c);
    const rate = (token: string, c: CaseView, rating: string) => step(token, 'rate', c, { rating });
    const overdueBy = (c: CaseView, days: number) => backdate(g.casesDb, c.id, { dueAt: new Date(Date.now() - days * DAY) });

    // m1 at e1, handled by e1.
    let c = await raise(g, t.m1, { kind: 'MICRO_WISH' });
    await rate(t.m1, await signOff(t.e1, await resolve(t.e1, await step(t.e1, 'progress', await accept(t.e1, c), { note: '已联系物业' }))), 'SATISFIED');
    c = await raise(g, t.m1, { kind: 'MICRO_WISH' });
    await rate(t.m1, await signOff(t.e1, await resolve(t.e1, await accept(t.e1, c))), 'BASICALLY_SATISFIED');
    c = await raise(g, t.m1, { kind: 'GRASSROOTS_BUILDING' });
    await rate(t.m1, await signOff(t.e1, await resolve(t.e1, await accept(t.e1, c))), 'UNSATISFIED'); // reopened, supervised
    await resolve(t.e1, await accept(t.e1, await raise(g, t.m1, { kind: 'EDUCATION_AID' })));
    await signOff(t.s1, await resolve(t.e1, await accept(t.e1, await raise(g, t.m1, { kind: 'LEGAL_AID' })))); // signed off a level up
    await step(t.e1, 'decline', await raise(g, t.m1, { kind: 'MICRO_WISH' }), { reason: 'DUPLICATE', note: '与已登记诉求重复' });
    await overdueBy(await raise(g, t.m1, { kind: 'CARE_POST' }), 2);
    c = await step(t.e1, 'awaitWorker', await accept(t.e1, await raise(g, t.m1, { kind: 'SUGGESTION' })), { note: '请补充材料' });
    await overdueBy(c, 2); // waiting on the worker: the clock is stopped, so never overdue
    await raise(g, t.m1, { kind: 'MICRO_WISH' });
    await raise(g, t.m1, { kind: 'MICRO_WISH', anonymous: true });

    // Staff of e1 and s1 raise on members' behalf, or for nobody in particular.
    await step(t.e1, 'progress', await accept(t.e1, await raise(g, t.e1, { kind: 'HARDSHIP_AID', memberId: m2 })), { note: '走访核实' });
    c = await accept(t.s1, await raise(g, t.s1, { kind: 'COLLECTIVE_BARGAINING' }));
    await step(t.d1, 'supervise', c, { note: '区总督办' });
    await overdueBy(c, 3);
    c = await accept(t.s1, await raise(g, t.s1, { kind: 'COLLECTIVE_BARGAINING' }));
    await overdueBy(c, 1);
    await resolve(t.s1, c); // resolved after its deadline: late
    await raise(g, t.s1, { kind: 'OTHER' });
    await overdueBy(await raise(g, t.s1, { kind: 'CARE_POST', orgId: id('e2') }), 5);
    await raise(g, t.s1, { kind: 'CARE_POST', orgId: id('e2') });

    // Raised at d1 and sent down: counted at d1 (and the city), never at the receiver.
    await step(t.d1, 'transfer', await raise(g, t.d1, { kind: 'URGENT_NEED', urgency: 'HIGH' }), { toOrgId: id('e2') });
    c = await step(t.d1, 'transfer', await raise(g, t.d1, { kind: 'OTHER', memberId: m1 }), { toOrgId: id('e1') });
    await rate(t.m1, await signOff(t.e1, await resolve(t.e1, await accept(t.e1, c))), 'SATISFIED');

    // The other district.
    await rate(t.m4, await signOff(t.e3, await resolve(t.e3, await accept(t.e3, await raise(g, t.d2, { kind: 'MICRO_WISH', orgId: id('e3'), memberId: m4 })))), 'SATISFIED');
    c = await step(t.e3, 'progress', await accept(t.e3, await raise(g, t.m4, { kind: 'HARDSHIP_AID' })), { note: '材料审核中' });
    await step(t.city, 'supervise', c, { note: '市总督办' });
    await step(t.s2, 'decline', await raise(g, t.d2, { kind: 'MICRO_WISH', orgId: id('s2') }), { reason: 'OUTSIDE_UNION_REMIT', note: '不属于工会职责' });
    await accept(t.e3, await raise(g, t.m4, { kind: 'SUGGESTION' }));
    await overdueBy(await raise(g, t.d2, { kind: 'OTHER' }), 1);

    // The city's own.
    await resolve(t.city, await accept(t.city, await raise(g, t.city, { kind: 'OTHER' })));

    // The deadline sweep supervises and escalates what is now past due, as it would on its schedule.
    const swept = await runSweep(g.casesDb);
    expect(swept.deadlineEscalated).toBe(4);
  });
  afterAll(() => g?.stop());

  /** Every case, as the admin lists them through the graph. */
  async function listed(): Promise<Listed[]> {
    const res = await g.gql<{ cases: { edges: { node: Listed }[] } }>(
      t.admin,
      '{ cases(first: 200) { edges { node { id kind state supervised onTime rating raisedAt dueAt raisedOrg { id } } } } }',
    );
    expect(res.errors).toBeUndefined();
    return res.data!.cases.edges.map((e) => e.node);
  }

  /** The figures, counted by hand from the listed cases. */
  function expected(all: Listed[], orgId: string, from: string, to: string, kind: string | null, now: number): Figures {
    const path = orgPath.get(orgId)!;
    const mine = all.filter((c) => {
      const month = chinaMonth(Date.parse(c.raisedAt));
      return orgPath.get(c.raisedOrg.id)!.startsWith(path) && month >= from && month <= to && (!kind || c.kind === kind);
    });
    const count = (...states: string[]) => mine.filter((c) => states.includes(c.state)).length;
    const total = mine.length;
    const resolved = count('RESOLVED', 'SIGNED_OFF', 'CLOSED');
    const declined = count('DECLINED');
    const onTime = mine.filter((c) => c.onTime === true).length;
    const late = mine.filter((c) => c.onTime === false).length;
    const rated = mine.filter((c) => c.rating !== null).length;
    const happy = mine.filter((c) => c.rating === 'SATISFIED' || c.rating === 'BASICALLY_SATISFIED').length;
    const kinds = new Map<string, number>();
    for (const c of mine) kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
    const ratio = (a: number, b: number) => (b ? a / b : null);
    return {
      orgId,
      from,
      to,
      kind,
      total,
      byState: STATES.map((state) => ({ state, count: count(state) })),
      resolved,
      declined,
      resolutionRate: ratio(resolved, total - declined),
      closureRate: ratio(count('CLOSED') + declined, total),
      onTimeRate: ratio(onTime, onTime + late),
      rated,
      satisfactionRate: ratio(happy, rated),
      supervised: mine.filter((c) => c.supervised).length,
      overdue: mine.filter((c) => CLOCK_RUNNING.includes(c.state) && Date.parse(c.dueAt) < now).length,
      topKinds: [...kinds]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, 5)
        .map(([k, n]) => ({ kind: k, count: n })),
    };
  }

  const CASE_FIGURES = `query($orgId: ID, $from: String!, $to: String!, $kind: CaseKind) { caseFigures(orgId: $orgId, from: $from, to: $to, kind: $kind) { ${FIGURES} } }`;
  const figures = (token: string | undefined, vars: { orgId?: string; from?: string; to?: string; kind?: string }) =>
    g.gql<{ caseFigures: Figures | null }>(token, CASE_FIGURES, { from: FROM, to: TO, ...vars });

  test('the story left the cases where it says', async () => {
    const all = await listed();
    expect(all).toHaveLength(24);
    const by = Object.fromEntries(STATES.map((s) => [s, all.filter((c) => c.state === s).length]));
    expect(by).toEqual({ REGISTERED: 7, TRANSFERRED: 1, ACCEPTED: 2, IN_PROGRESS: 3, WAITING_ON_WORKER: 1, RESOLVED: 3, SIGNED_OFF: 1, CLOSED: 4, DECLINED: 2 });
  });

  test('caseFigures of every org match the figures counted from the case list', async () => {
    const all = await listed();
    for (const org of Object.keys(g.fixture.orgs) as OrgKey[]) {
      for (const kind of [null, 'MICRO_WISH', 'CARE_POST']) {
        const res = await figures(t.admin, { orgId: id(org), kind: kind ?? undefined });
        const now = Date.now();
        expect(res.errors).toBeUndefined();
        expect({ org, kind, figures: res.data!.caseFigures }).toEqual({ org, kind, figures: expected(all, id(org), FROM, TO, kind, now) });
      }
    }
  });

  test('the city\'s figures, checked by hand', async () => {
    const res = await figures(t.city, {});
    expect(res.errors).toBeUndefined();
    expect(res.data!.caseFigures).toMatchObject({
      orgId: id('city'),
      total: 24,
      resolved: 8,
      declined: 2,
      resolutionRate: 8 / 22,
      closureRate: 6 / 24,
      // On time: every resolution but s1's bargaining case, resolved after its deadline.
      onTimeRate: 7 / 8,
      rated: 5,
      satisfactionRate: 4 / 5,
      // The unsatisfied rating, the city's supervision, and the sweep's four (one already supervised by d1).
      supervised: 6,
      overdue: 4,
      topKinds: [
        { kind: 'MICRO_WISH', count: 7 },
        { kind: 'OTHER', count: 4 },
        { kind: 'CARE_POST', count: 3 },
        { kind: 'COLLECTIVE_BARGAINING', count: 2 },
        { kind: 'HARDSHIP_AID', count: 2 },
      ],
    });
  });

  test('a period without cases has zeros and no rates', async () => {
    const res = await figures(t.d1, { from: '2020-01', to: '2020-12' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.caseFigures).toEqual({
      orgId: id('d1'), from: '2020-01', to: '2020-12', kind: null, total: 0, byState: STATES.map((state) => ({ state, count: 0 })), resolved: 0, declined: 0,
      resolutionRate: null, closureRate: null, onTimeRate: null, rated: 0, satisfactionRate: null, supervised: 0, overdue: 0, topKinds: [],
    });
  });

  test('Org.caseStats gives the same figures for an org and its children', async () => {
    const all = await listed();
    const res = await g.gql<{ org: { id: string; caseStats: Figures; children: { id: string; caseStats: Figures }[] } }>(
      t.city,
      `query($id: ID!, $from: String!, $to: String!) { org(id: $id) { id caseStats(from: $from, to: $to) { ${FIGURES} } children { id caseStats(from: $from, to: $to) { ${FIGURES} } } } }`,
      { id: id('city'), from: FROM, to: TO },
    );
    const now = Date.now();
    expect(res.errors).toBeUndefined();
    expect(res.data!.org).toEqual({
      id: id('city'),
      caseStats: expected(all, id('city'), FROM, TO, null, now),
      children: [id('d1'), id('d2')].map((child) => ({ id: child, caseStats: expected(all, child, FROM, TO, null, now) })),
    });
    // What a district sees of itself, both ways.
    const own = await figures(t.d1, {});
    const viaOrg = await g.gql<{ org: { caseStats: Figures } }>(t.d1, `query($id: ID!) { org(id: $id) { caseStats(from: "${FROM}", to: "${TO}") { ${FIGURES} } } }`, { id: id('d1') });
    expect(own.data!.caseFigures).toEqual(expected(all, id('d1'), FROM, TO, null, now));
    expect(viaOrg.data!.org.caseStats).toEqual(own.data!.caseFigures);
  });

  test('a transferred case counts where it was raised, not where it is handled', async () => {
    const e2 = await figures(t.e2, {});
    expect(e2.data!.caseFigures).toMatchObject({ total: 2, byState: expect.arrayContaining([{ state: 'TRANSFERRED', count: 0 }]) });
    const d1 = await figures(t.d1, { orgId: id('d1') });
    expect(d1.data!.caseFigures!.byState).toContainEqual({ state: 'TRANSFERRED', count: 1 });
  });

  describe('scope', () => {
    test('staff get null for an org outside their subtree, never its numbers', async () => {
      for (const [who, org] of [['d2', 'd1'], ['d1', 'd2'], ['d1', 'city'], ['e1', 's1'], ['e1', 'e2'], ['s2', 'e3']] as const) {
        const res = await figures(t[who], { orgId: id(org) });
        if (who === 's2' && org === 'e3') {
          expect(res.data!.caseFigures).toMatchObject({ orgId: id('e3') }); // inside: the control
          continue;
        }
        expect({ who, org, errors: res.errors, data: res.data }).toEqual({ who, org, errors: undefined, data: { caseFigures: null } });
      }
      const unknown = await figures(t.d1, { orgId: '01ZZZZZZZZZZZZZZZZZZZZZZZZ' });
      expect(unknown.errors).toBeUndefined();
      expect(unknown.data!.caseFigures).toBeNull();
    });

    test('Org.caseStats of an org reached through a case but outside the caller\'s scope is null', async () => {
      // e1's overdue wish was escalated by the sweep to s1, above e1's staff.
      const res = await g.gql<{ cases: { edges: { node: { escalatedTo: { id: string; caseStats: { total: number } | null } | null } }[] } }>(
        t.e1,
        `query($from: String!, $to: String!) { cases(first: 50, filter: { supervised: true }) { edges { node { escalatedTo { id caseStats(from: $from, to: $to) { total } } } } } }`,
        { from: FROM, to: TO },
      );
      expect(res.errors).toBeUndefined();
      const escalated = res.data!.cases.edges.map((e) => e.node.escalatedTo).filter((o) => o !== null);
      expect(escalated).toEqual([{ id: id('s1'), caseStats: null }]);
      const s1 = await g.gql<{ org: { caseStats: { total: number } } }>(t.s1, `query($id: ID!) { org(id: $id) { caseStats(from: "${FROM}", to: "${TO}") { total } } }`, { id: id('s1') });
      expect(s1.data!.org.caseStats.total).toBeGreaterThan(0);
    });

    test('members get null caseStats and FORBIDDEN caseFigures; partners are refused both', async () => {
      const memberOrg = await g.gql<{ org: { code: string; caseStats: null } }>(t.m1, `query($id: ID!) { org(id: $id) { code caseStats(from: "${FROM}", to: "${TO}") { total } } }`, { id: id('e1') });
      expect(memberOrg.errors).toBeUndefined();
      expect(memberOrg.data).toEqual({ org: { code: 'LJ-01-01-0001', caseStats: null } });

      for (const who of ['m1', 'partner'] as const) {
        const res = await figures(t[who], { orgId: id('e1') });
        expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
        expect(res.data?.caseFigures ?? null).toBeNull();
      }
      const partnerOrg = await g.gql(t.partner, `query($id: ID!) { org(id: $id) { caseStats(from: "${FROM}", to: "${TO}") { total } } }`, { id: id('e1') });
      expect(partnerOrg.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(partnerOrg.data?.org ?? null).toBeNull();

      const anonymous = await figures(undefined, { orgId: id('e1') });
      expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(anonymous.data ?? null).toBeNull();
    });
  });

  describe('input', () => {
    test.each([
      ['admins who name no org', { admin: true }],
      ['a malformed month', { from: '2026/01' }],
      ['to before from', { from: '2026-05', to: '2026-04' }],
      ['more than ten years', { from: '2010-01', to: '2026-12' }],
    ])('refuses %s with BAD_USER_INPUT', async (_label, vars) => {
      const { admin, ...period } = vars as { admin?: boolean; from?: string; to?: string };
      const res = await figures(admin ? t.admin : t.d1, period);
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(res.data?.caseFigures ?? null).toBeNull();
    });
  });

  test('Org.caseStats over several orgs costs the statements of one', async () => {
    const q = `query($id: ID!) { org(id: $id) { subtree { edges { node { id caseStats(from: "${FROM}", to: "${TO}") { total overdue topKinds { kind } } } } } } }`;
    const run = async (org: OrgKey, size: number) => {
      const res = await g.gql<{ org: { subtree: { edges: { node: { caseStats: { total: number } | null } }[] } } }>(t.city, q, { id: id(org) });
      expect(res.errors).toBeUndefined();
      expect(res.data!.org.subtree.edges).toHaveLength(size);
      expect(res.data!.org.subtree.edges.every((e) => e.node.caseStats !== null)).toBe(true);
    };
    // Warm the gateway's query plan and the cases subgraph's org directory.
    await run('s2', 1);
    await run('d1', 3);
    await run('city', 7);
    const one = await countStatements(() => run('s2', 1));
    const three = await countStatements(() => run('d1', 3));
    const seven = await countStatements(() => run('city', 7));
    expect(three).toBe(one);
    expect(seven).toBe(one);
  });
});
