import { INTERNAL_TOKEN_HEADER, type Role } from '@lianxin/auth';
import { CaseRow, DeadlinePolicyRow, ProjectRow, SurveyResponseRow, SurveyRow } from '@lianxin/cases';
import { enginesForSuites } from '../harness/engines';
import { startTestGraph, type TestGraph } from '../harness/graph';
import { CALLERS, internalTokenFor, SEES_MEMBERS, SEES_ORGS, staffTokenFor, tokenFor, type CallerKey, type MemberKey, type OrgKey } from './callers';
import { dbState, must, raise, rowState, type CaseView, type Op } from './cases-helpers';

/**
 * The scoping matrix of the cases subgraph: every caller against every query and mutation,
 * over a known set of cases. Extends scoping.e2e.spec.ts; matrix-coverage.spec.ts checks
 * that every public root field is named here or there.
 */

const STAFF_OR_ADMIN: CallerKey[] = ['admin', 'city', 'd1', 'd2', 's1', 'e1'];
const ALL_ORGS: OrgKey[] = ['city', 'd1', 'd2', 's1', 's2', 'e1', 'e2', 'e3'];
const ALL_MEMBERS: MemberKey[] = ['m1', 'm2', 'm3', 'm4'];

/** The known cases, each named for what makes it interesting. */
type CaseKey = 'named' | 'anonymous' | 'e3ForM4' | 'transferred' | 'atD2';
const ALL_CASES: CaseKey[] = ['named', 'anonymous', 'e3ForM4', 'transferred', 'atD2'];

/** Where each known case was raised and is handled, and whose it is. */
const PLACES: Record<CaseKey, { raised: OrgKey; handled: OrgKey; member?: MemberKey }> = {
  named: { raised: 'e1', handled: 'e1', member: 'm1' }, // m1 raised it at e1
  anonymous: { raised: 'e1', handled: 'e1' }, // m1 raised it at e1 without their name
  e3ForM4: { raised: 'e3', handled: 'e3', member: 'm4' }, // staff raised it at e3 on m4's behalf
  transferred: { raised: 's1', handled: 'e2', member: 'm3' }, // raised at s1 for m3, transferred down to e2
  atD2: { raised: 'd2', handled: 'd2' }, // raised at the county union by its staff
};

/** Exactly which known cases each caller sees: staff by subtree, members their own named ones. */
const SEES_CASES: Record<CallerKey, CaseKey[]> = {
  admin: ALL_CASES,
  city: ALL_CASES,
  d1: ['named', 'anonymous', 'transferred'],
  d2: ['e3ForM4', 'atD2'],
  s1: ['named', 'anonymous', 'transferred'],
  e1: ['named', 'anonymous'],
  member: ['named'], // m1: never the anonymous one, though m1 raised it
  partner: [],
  anonymous: [],
};

/** The code a caller gets when its role may not call a field at all. */
const roleRefusal = (c: CallerKey) => (c === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
const roleOf = (c: CallerKey): Role | 'anonymous' => (c === 'admin' || c === 'member' || c === 'partner' || c === 'anonymous' ? c : 'staff');

/** Whether a caller can see a case at these places (the rule SEES_CASES spells out). */
function sees(caller: CallerKey, at: { raised: OrgKey; handled: OrgKey; member?: MemberKey }): boolean {
  if (caller === 'admin') return true;
  if (caller === 'member') return at.member === 'm1';
  return SEES_ORGS[caller].includes(at.raised) || SEES_ORGS[caller].includes(at.handled);
}

test('SEES_CASES follows from where the cases are', () => {
  for (const c of CALLERS) expect([c, ALL_CASES.filter((k) => sees(c, PLACES[k]))]).toEqual([c, SEES_CASES[c]]);
});

describe.each(enginesForSuites())('cases scoping matrix on %s', (engine) => {
  let g: TestGraph;
  const tokens = {} as Record<CallerKey, string | undefined>;
  const staff = {} as Record<OrgKey, string>;
  const known = {} as Record<CaseKey, CaseView>;
  let org: (k: OrgKey) => string;
  let m1: string;

  beforeAll(async () => {
    g = await startTestGraph(engine);
    for (const c of CALLERS) tokens[c] = await tokenFor(c, g.fixture);
    for (const o of ALL_ORGS) staff[o] = await staffTokenFor(o, g.fixture);
    org = (k) => g.fixture.orgs[k].id;
    m1 = tokens.member!;
    const members = g.fixture.members;
    known.named = await raise(g, m1, { description: '希望增设职工子女暑托班' });
    known.anonymous = await raise(g, m1, { anonymous: true, kind: 'SUGGESTION', description: '匿名反映车间加班费计算不透明' });
    known.e3ForM4 = await raise(g, staff.e3, { memberId: members.m4.id, kind: 'HARDSHIP_AID', description: '家中老人重病，申请困难帮扶' });
    const atS1 = await raise(g, staff.s1, { memberId: members.m3.id, kind: 'URGENT_NEED', description: '骑手站点无休息场所，夏季中暑风险高' });
    known.transferred = await must(g, staff.s1, 'transfer', { id: atS1.id, toOrgId: org('e2') });
    known.atD2 = await raise(g, staff.d2, { kind: 'GRASSROOTS_BUILDING', description: '石门镇新建企业尚未组建工会' });
  });
  afterAll(() => g?.stop());

  const caseKeyOf = (id: string) => (Object.entries(known).find(([, c]) => c.id === id)?.[0] ?? id) as CaseKey;
  const memberKeyOf = (id: string) => (Object.entries(g.fixture.members).find(([, m]) => m.id === id)?.[0] ?? id) as MemberKey;
  const sorted = <T>(xs: T[]) => [...xs].sort();

  /* ---------- reads ---------- */

  describe('case(id)', () => {
    test.each(CALLERS)('%s sees exactly its cases', async (caller) => {
      if (caller === 'anonymous') {
        const res = await g.gql(undefined, 'query($id: ID!) { case(id: $id) { id } }', { id: known.named.id });
        expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        expect(res.data ?? null).toBeNull();
        return;
      }
      const seen: CaseKey[] = [];
      for (const key of ALL_CASES) {
        const res = await g.gql<{ case: { id: string; number: string } | null }>(tokens[caller], 'query($id: ID!) { case(id: $id) { id number } }', { id: known[key].id });
        if (caller === 'partner') {
          expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
          expect(res.data?.case ?? null).toBeNull();
          continue;
        }
        expect(res.errors).toBeUndefined();
        if (res.data!.case) seen.push(caseKeyOf(res.data!.case.id));
      }
      expect(seen).toEqual(SEES_CASES[caller]);
    });
  });

  describe('case(id) for staff of the other unions', () => {
    test.each([
      ['e2', ['transferred']], // the receiver of a transfer sees it, though it was raised above
      ['s2', ['e3ForM4']],
      ['e3', ['e3ForM4']],
    ] as [OrgKey, CaseKey[]][])('%s', async (o, expected) => {
      const seen: CaseKey[] = [];
      for (const key of ALL_CASES) {
        const res = await g.gql<{ case: { id: string } | null }>(staff[o], 'query($id: ID!) { case(id: $id) { id } }', { id: known[key].id });
        expect(res.errors).toBeUndefined();
        if (res.data!.case) seen.push(caseKeyOf(res.data!.case.id));
      }
      expect(seen).toEqual(expected);
    });
  });

  describe('cases', () => {
    const q = 'query($f: CaseFilter) { cases(first: 200, filter: $f) { edges { node { id } } pageInfo { hasNextPage } } }';
    type Page = { cases: { edges: { node: { id: string } }[] } };

    test.each(CALLERS)('%s lists exactly its cases', async (caller) => {
      const res = await g.gql<Page>(tokens[caller], q, {});
      if (caller === 'partner' || caller === 'anonymous') {
        expect(res.errors?.[0]?.extensions?.code).toBe(roleRefusal(caller));
        expect(res.data?.cases ?? null).toBeNull();
        return;
      }
      expect(res.errors).toBeUndefined();
      expect(sorted(res.data!.cases.edges.map((e) => caseKeyOf(e.node.id)))).toEqual(sorted(SEES_CASES[caller]));
    });

    test.each(STAFF_OR_ADMIN)('%s narrowed to each org sees the cases raised or handled under it, and nothing outside its scope', async (caller) => {
      for (const o of ALL_ORGS) {
        const res = await g.gql<Page>(tokens[caller], q, { f: { orgId: org(o) } });
        expect(res.errors).toBeUndefined();
        const under = ALL_CASES.filter((k) => isUnder(PLACES[k].raised, o) || isUnder(PLACES[k].handled, o));
        const expected = caller === 'admin' || SEES_ORGS[caller].includes(o) ? under : [];
        expect([o, sorted(res.data!.cases.edges.map((e) => caseKeyOf(e.node.id)))]).toEqual([o, sorted(expected)]);
      }
    });

    test('a member narrowing to an org gets nothing, not that org\'s cases', async () => {
      const res = await g.gql<Page>(m1, q, { f: { orgId: org('e1') } });
      expect(res.errors).toBeUndefined();
      expect(res.data!.cases.edges).toEqual([]);
    });
  });

  /** Whether org `inner` is `outer` or below it in the fixture tree. */
  const isUnder = (inner: OrgKey, outer: OrgKey) => g.fixture.orgs[inner].path.startsWith(g.fixture.orgs[outer].path);

  describe('Member.cases', () => {
    /** The named known cases of a member that a caller may see. */
    const expectedFor = (caller: CallerKey, m: MemberKey) => SEES_CASES[caller].filter((k) => PLACES[k].member === m);

    test.each(STAFF_OR_ADMIN)('%s through the gateway: its members, each with the cases it may see', async (caller) => {
      const res = await g.gql<{ members: { edges: { node: { id: string; cases: { edges: { node: { id: string } }[] } } }[] } }>(
        tokens[caller], '{ members(first: 100) { edges { node { id cases { edges { node { id } } } } } } }');
      expect(res.errors).toBeUndefined();
      const got = Object.fromEntries(res.data!.members.edges.map((e) => [memberKeyOf(e.node.id), e.node.cases.edges.map((c) => caseKeyOf(c.node.id))]));
      expect(got).toEqual(Object.fromEntries(SEES_MEMBERS[caller].map((m) => [m, expectedFor(caller, m)])));
    });

    test('a member sees their own named cases on themselves, not the anonymous one', async () => {
      const res = await g.gql<{ me: { cases: { edges: { node: { id: string } }[] } } }>(m1, '{ me { cases { edges { node { id anonymous } } } } }');
      expect(res.errors).toBeUndefined();
      expect(res.data!.me.cases.edges.map((c) => caseKeyOf(c.node.id))).toEqual(['named']);
    });

    test.each(CALLERS)('%s asking the cases subgraph directly for any member\'s cases gets only what it may see', async (caller) => {
      const reps = ALL_MEMBERS.map((m) => ({ __typename: 'Member', id: g.fixture.members[m].id }));
      const { status, body } = await g.post(
        g.casesUrl,
        { query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Member { id cases { edges { node { id } } } } } }', variables: { r: reps } },
        { [INTERNAL_TOKEN_HEADER]: await internalTokenFor(caller, g.fixture, 'cases') },
      );
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      const got = (body.data as { _entities: { id: string; cases: { edges: { node: { id: string } }[] } }[] })._entities;
      expect(Object.fromEntries(got.map((m) => [memberKeyOf(m.id), m.cases.edges.map((c) => caseKeyOf(c.node.id))]))).toEqual(
        Object.fromEntries(ALL_MEMBERS.map((m) => [m, expectedFor(caller, m)])),
      );
    });
  });

  describe('_entities for Case, called directly on the cases subgraph', () => {
    test.each(CALLERS)('%s resolves only in-scope cases; the rest are null', async (caller) => {
      const reps = ALL_CASES.map((k) => ({ __typename: 'Case', id: known[k].id }));
      const { status, body } = await g.post(
        g.casesUrl,
        { query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id number events { seq } } } }', variables: { r: reps } },
        { [INTERNAL_TOKEN_HEADER]: await internalTokenFor(caller, g.fixture, 'cases') },
      );
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      const got = (body.data as { _entities: ({ id: string; events: { seq: number }[] } | null)[] })._entities;
      expect(got).toHaveLength(ALL_CASES.length);
      expect(got.flatMap((e) => (e ? [caseKeyOf(e.id)] : []))).toEqual(SEES_CASES[caller]);
      for (const e of got) if (e) expect(e.events.length).toBeGreaterThan(0);
    });

    test('a members-subgraph token is refused by the cases subgraph', async () => {
      const { status, body } = await g.post(g.casesUrl, { query: '{ cases { edges { node { id } } } }' }, { [INTERNAL_TOKEN_HEADER]: await internalTokenFor('admin', g.fixture, 'members') });
      expect(status).toBe(401);
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('deadlinePolicy', () => {
    test.each(CALLERS)('%s reads the policy of exactly the orgs in its scope', async (caller) => {
      const q = 'query($o: ID!) { deadlinePolicy(orgId: $o) { kind urgency resolveHours } }';
      if (!STAFF_OR_ADMIN.includes(caller)) {
        const res = await g.gql<{ deadlinePolicy: unknown }>(tokens[caller], q, { o: org('e1') });
        expect(res.errors?.[0]?.extensions?.code).toBe(roleRefusal(caller));
        expect(res.data?.deadlinePolicy ?? null).toBeNull();
        return;
      }
      const readable: OrgKey[] = [];
      for (const o of ALL_ORGS) {
        const res = await g.gql<{ deadlinePolicy: unknown[] }>(tokens[caller], q, { o: org(o) });
        if (res.data?.deadlinePolicy) {
          expect(res.data.deadlinePolicy).toHaveLength(30);
          readable.push(o);
        } else {
          expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
        }
      }
      expect(readable).toEqual(SEES_ORGS[caller]);
    });
  });

  describe('verifyLedger', () => {
    const q = 'query($id: ID) { verifyLedger(caseId: $id) { ok casesChecked eventsChecked } }';

    // Members too: "one case you can see" includes a member's own named case.
    test.each(CALLERS)('%s verifies exactly the cases it sees', async (caller) => {
      if (caller === 'partner' || caller === 'anonymous') {
        const res = await g.gql<{ verifyLedger: unknown }>(tokens[caller], q, { id: known.named.id });
        expect(res.errors?.[0]?.extensions?.code).toBe(roleRefusal(caller));
        expect(res.data?.verifyLedger ?? null).toBeNull();
        return;
      }
      const checked: CaseKey[] = [];
      for (const key of ALL_CASES) {
        const res = await g.gql<{ verifyLedger: { ok: boolean; casesChecked: number; eventsChecked: number } | null }>(tokens[caller], q, { id: known[key].id });
        expect(res.errors).toBeUndefined();
        if (res.data!.verifyLedger) {
          expect(res.data!.verifyLedger).toEqual({ ok: true, casesChecked: 1, eventsChecked: known[key].version });
          checked.push(key);
        }
      }
      expect(checked).toEqual(SEES_CASES[caller]);
    });

    test.each(CALLERS)('%s checking the whole ledger: admins only', async (caller) => {
      const res = await g.gql<{ verifyLedger: { ok: boolean; casesChecked: number } | null }>(tokens[caller], q, {});
      if (caller === 'admin') {
        expect(res.data!.verifyLedger).toEqual({ ok: true, casesChecked: 5, eventsChecked: 6 });
      } else {
        expect(res.errors?.[0]?.extensions?.code).toBe(caller === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
        expect(res.data?.verifyLedger ?? null).toBeNull();
      }
    });
  });

  /* ---------- figures (counted by where cases were raised) ---------- */

  describe('caseFigures and Org.caseStats', () => {
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    const period = { from: `${year - 1}-01`, to: `${year}-12` };
    /** The known cases raised at or under each org. */
    const totalUnder = (o: OrgKey) => ALL_CASES.filter((k) => isUnder(PLACES[k].raised, o)).length;

    test.each(CALLERS)('%s counts exactly the orgs in its scope', async (caller) => {
      const q = 'query($o: ID, $from: String!, $to: String!) { caseFigures(orgId: $o, from: $from, to: $to) { orgId total } }';
      if (!STAFF_OR_ADMIN.includes(caller)) {
        const res = await g.gql<{ caseFigures: unknown }>(tokens[caller], q, { o: org('e1'), ...period });
        expect(res.errors?.[0]?.extensions?.code).toBe(roleRefusal(caller));
        expect(res.data?.caseFigures ?? null).toBeNull();
        return;
      }
      const counted: Partial<Record<OrgKey, number>> = {};
      for (const o of ALL_ORGS) {
        const res = await g.gql<{ caseFigures: { orgId: string; total: number } | null }>(tokens[caller], q, { o: org(o), ...period });
        expect(res.errors).toBeUndefined();
        if (res.data!.caseFigures) counted[o] = res.data!.caseFigures.total;
      }
      expect(counted).toEqual(Object.fromEntries(SEES_ORGS[caller].map((o) => [o, totalUnder(o)])));
    });

    test.each(CALLERS.filter((c) => c !== 'anonymous'))('%s asking the cases subgraph directly for Org.caseStats gets figures only in its scope', async (caller) => {
      const reps = ALL_ORGS.map((o) => ({ __typename: 'Org', id: org(o) }));
      const { body } = await g.post(
        g.casesUrl,
        { query: 'query($r: [_Any!]!, $from: String!, $to: String!) { _entities(representations: $r) { ... on Org { id caseStats(from: $from, to: $to) { total } } } }', variables: { r: reps, ...period } },
        { [INTERNAL_TOKEN_HEADER]: await internalTokenFor(caller, g.fixture, 'cases') },
      );
      expect(body.errors).toBeUndefined();
      const got = (body.data as { _entities: { id: string; caseStats: { total: number } | null }[] })._entities;
      const expected = STAFF_OR_ADMIN.includes(caller) ? SEES_ORGS[caller] : [];
      expect(Object.fromEntries(got.flatMap((e, i) => (e.caseStats ? [[ALL_ORGS[i], e.caseStats.total]] : [])))).toEqual(
        Object.fromEntries(expected.map((o) => [o, totalUnder(o)])),
      );
    });

    test('a member reaches their org through the graph but not its figures', async () => {
      const res = await g.gql<{ me: { org: { code: string; caseStats: unknown } } }>(m1, 'query($from: String!, $to: String!) { me { org { code caseStats(from: $from, to: $to) { total } } } }', period);
      expect(res.data!.me.org).toEqual({ code: 'LJ-01-01-0001', caseStats: null });
    });
  });

  /* ---------- service projects ---------- */

  describe('projects', () => {
    type ProjectKey = 'atS1' | 'atE3';
    const projects = {} as Record<ProjectKey, { id: string; version: number }>;
    /** Projects are union work: staff see those run in their subtree; members none. */
    const SEES_PROJECTS: Record<CallerKey, ProjectKey[]> = {
      admin: ['atS1', 'atE3'], city: ['atS1', 'atE3'], d1: ['atS1'], d2: ['atE3'], s1: ['atS1'], e1: [], member: [], partner: [], anonymous: [],
    };
    const CREATE = 'mutation($i: CreateProjectInput!) { createProject(input: $i) { id version state } }';
    const projectKeyOf = (id: string) => (Object.entries(projects).find(([, p]) => p.id === id)?.[0] ?? id) as ProjectKey;
    const freshAtE1 = () => raise(g, tokens.member, { kind: 'MICRO_WISH', description: '希望开设暑期托管班' });
    const projectRow = (id: string) => g.casesDb.getRepository(ProjectRow).findOneByOrFail({ id });
    /** Who may run a project at s1 over a case at e1: staff of s1 and above, and admins. */
    const RUNS_AT_S1: CallerKey[] = ['admin', 'city', 'd1', 's1'];
    const projectRefusal = (caller: CallerKey) => (!STAFF_OR_ADMIN.includes(caller) ? roleRefusal(caller) : 'NOT_FOUND');

    const newProject = async (token: string, at: OrgKey, caseIds: string[]) => {
      const res = await g.gql<{ createProject: { id: string; version: number } }>(token, CREATE, { i: { orgId: org(at), title: '暑期托管', purpose: '职工子女暑期托管', caseIds } });
      if (!res.data?.createProject) throw new Error(`createProject: ${res.errors?.[0]?.message}`);
      return res.data.createProject;
    };

    beforeAll(async () => {
      projects.atS1 = await newProject(staff.s1, 's1', [(await freshAtE1()).id]);
      const atE3 = await raise(g, staff.e3, { memberId: g.fixture.members.m4.id, description: '希望开设职工书法班' });
      projects.atE3 = await newProject(staff.d2, 'e3', [atE3.id]);
    });

    test.each(CALLERS)('project(id): %s sees exactly its projects', async (caller) => {
      const q = 'query($id: ID!) { project(id: $id) { id org { id } } }';
      const seen: ProjectKey[] = [];
      for (const k of ['atS1', 'atE3'] as ProjectKey[]) {
        const res = await g.gql<{ project: { id: string } | null }>(tokens[caller], q, { id: projects[k].id });
        if (caller === 'partner' || caller === 'anonymous') {
          expect(res.errors?.[0]?.extensions?.code).toBe(roleRefusal(caller));
          continue;
        }
        expect(res.errors).toBeUndefined();
        if (res.data!.project) seen.push(projectKeyOf(res.data!.project.id));
      }
      expect(seen).toEqual(SEES_PROJECTS[caller]);
    });

    test.each(CALLERS)('projects: %s lists exactly its projects', async (caller) => {
      const res = await g.gql<{ projects: { edges: { node: { id: string } }[] } }>(tokens[caller], '{ projects(first: 100) { edges { node { id } } } }');
      if (caller === 'partner' || caller === 'anonymous') {
        expect(res.errors?.[0]?.extensions?.code).toBe(roleRefusal(caller));
        return;
      }
      expect(res.errors).toBeUndefined();
      expect(sorted(res.data!.projects.edges.map((e) => projectKeyOf(e.node.id)))).toEqual(sorted(SEES_PROJECTS[caller]));
    });

    test.each(CALLERS)('createProject: %s runs a project at s1 over a case at e1 only from s1 or above', async (caller) => {
      const c = await freshAtE1();
      const before = { c: await rowState(g.casesDb, c.id), projects: await g.casesDb.getRepository(ProjectRow).count() };
      const res = await g.gql<{ createProject: { id: string } | null }>(tokens[caller], CREATE, { i: { orgId: org('s1'), title: '职工书屋', purpose: '改善阅读条件', caseIds: [c.id] } });
      const after = await rowState(g.casesDb, c.id);
      if (RUNS_AT_S1.includes(caller)) {
        expect(res.errors).toBeUndefined();
        expect(after.row).toMatchObject({ projectId: res.data!.createProject!.id, state: 'ACCEPTED', version: 2 });
      } else {
        // Outside its scope the org is unknown to the caller: d2 and e1 name an org they cannot use.
        expect(res.errors?.[0]?.extensions?.code).toBe(STAFF_OR_ADMIN.includes(caller) ? 'NOT_FOUND' : roleRefusal(caller));
        expect(after).toEqual(before.c);
        expect(await g.casesDb.getRepository(ProjectRow).count()).toBe(before.projects);
      }
    });

    test.each(CALLERS)('addCasesToProject and recordProjectProgress: %s changes only projects in its scope', async (caller) => {
      const c = await freshAtE1();
      const before = { c: await rowState(g.casesDb, c.id), p: await projectRow(projects.atS1.id) };
      const added = await g.gql(tokens[caller], 'mutation($p: ID!, $c: [ID!]!) { addCasesToProject(projectId: $p, caseIds: $c) { id caseCount } }', { p: projects.atS1.id, c: [c.id] });
      const progressed = await g.gql(tokens[caller], 'mutation($p: ID!) { recordProjectProgress(projectId: $p, progress: 10, note: "场地已落实") { id progress } }', { p: projects.atS1.id });
      const after = { c: await rowState(g.casesDb, c.id), p: await projectRow(projects.atS1.id) };
      if (RUNS_AT_S1.includes(caller)) {
        expect([added.errors, progressed.errors]).toEqual([undefined, undefined]);
        expect(after.c.row.projectId).toBe(projects.atS1.id);
        expect(after.p).toMatchObject({ version: before.p.version + 2, progress: 10 });
      } else {
        expect([added.errors?.[0]?.extensions?.code, progressed.errors?.[0]?.extensions?.code]).toEqual([projectRefusal(caller), projectRefusal(caller)]);
        expect(after).toEqual(before);
      }
    });

    test.each(CALLERS)('resolveProject: %s resolves only projects in its scope', async (caller) => {
      const c = await must(g, staff.e1, 'accept', { id: (await freshAtE1()).id, responsible: '工会办公室' });
      const p = await newProject(staff.s1, 's1', [c.id]);
      const before = { c: await rowState(g.casesDb, c.id), p: await projectRow(p.id) };
      const res = await g.gql<{ resolveProject: { project: { state: string }; resolvedCases: { id: string }[] } }>(
        tokens[caller], 'mutation($p: ID!) { resolveProject(projectId: $p, resolution: "托管班已开班") { project { state } resolvedCases { id } } }', { p: p.id });
      const after = { c: await rowState(g.casesDb, c.id), p: await projectRow(p.id) };
      if (RUNS_AT_S1.includes(caller)) {
        expect(res.errors).toBeUndefined();
        expect(res.data!.resolveProject).toEqual({ project: { state: 'RESOLVED' }, resolvedCases: [{ id: c.id }] });
        expect(after.c.row.state).toBe('RESOLVED');
      } else {
        expect(res.errors?.[0]?.extensions?.code).toBe(projectRefusal(caller));
        expect(after).toEqual(before);
      }
    });
  });

  /* ---------- evaluations (微评议) ---------- */

  describe('surveys', () => {
    type SurveyKey = 'byD1' | 'byD2';
    const surveys = {} as Record<SurveyKey, { id: string; questions: { id: string; kind: string }[] }>;
    /** Staff see surveys run in their subtree or above them; members those of their union and above. */
    const SEES_SURVEYS: Record<CallerKey, SurveyKey[]> = {
      admin: ['byD1', 'byD2'], city: ['byD1', 'byD2'], d1: ['byD1'], d2: ['byD2'], s1: ['byD1'], e1: ['byD1'], member: ['byD1'], partner: [], anonymous: [],
    };
    const day = (offsetDays: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + offsetDays * 86_400_000));
    const CREATE = 'mutation($i: CreateSurveyInput!) { createSurvey(input: $i) { id questions { id kind } } }';
    const input = (o: string) => ({
      i: { orgId: o, title: '工会服务满意度微评议', opensOn: day(0), closesOn: day(30), questions: [{ text: '您对工会服务是否满意？', kind: 'RATING' }, { text: '您的建议', kind: 'TEXT' }] },
    });
    const surveyKeyOf = (id: string) => (Object.entries(surveys).find(([, s]) => s.id === id)?.[0] ?? id) as SurveyKey;
    const count = () => Promise.all([g.casesDb.getRepository(SurveyRow).count(), g.casesDb.getRepository(SurveyResponseRow).count()]);

    beforeAll(async () => {
      for (const [key, by, at] of [['byD1', staff.d1, 'd1'], ['byD2', staff.d2, 'd2']] as const) {
        const res = await g.gql<{ createSurvey: (typeof surveys)[SurveyKey] }>(by, CREATE, input(org(at)));
        if (!res.data?.createSurvey) throw new Error(`createSurvey: ${res.errors?.[0]?.message}`);
        surveys[key] = res.data.createSurvey;
      }
    });

    test.each(CALLERS)('survey(id) and surveys: %s sees exactly its surveys', async (caller) => {
      const seen: SurveyKey[] = [];
      for (const k of ['byD1', 'byD2'] as SurveyKey[]) {
        const res = await g.gql<{ survey: { id: string } | null }>(tokens[caller], 'query($id: ID!) { survey(id: $id) { id title } }', { id: surveys[k].id });
        if (caller === 'partner' || caller === 'anonymous') {
          expect(res.errors?.[0]?.extensions?.code).toBe(roleRefusal(caller));
          continue;
        }
        if (res.data!.survey) seen.push(surveyKeyOf(res.data!.survey.id));
      }
      expect(seen).toEqual(SEES_SURVEYS[caller]);
      const list = await g.gql<{ surveys: { edges: { node: { id: string } }[] } }>(tokens[caller], '{ surveys(first: 100) { edges { node { id } } } }');
      if (caller === 'partner' || caller === 'anonymous') {
        expect(list.errors?.[0]?.extensions?.code).toBe(roleRefusal(caller));
        return;
      }
      expect(sorted(list.data!.surveys.edges.map((e) => surveyKeyOf(e.node.id)).filter((k) => k === 'byD1' || k === 'byD2'))).toEqual(SEES_SURVEYS[caller]);
    });

    test.each(CALLERS)('createSurvey: %s runs surveys only at orgs in its scope', async (caller) => {
      if (!STAFF_OR_ADMIN.includes(caller)) {
        const before = await count();
        const res = await g.gql(tokens[caller], CREATE, input(org('e1')));
        expect(res.errors?.[0]?.extensions?.code).toBe(roleRefusal(caller));
        expect(await count()).toEqual(before);
        return;
      }
      const ranAt: OrgKey[] = [];
      for (const o of ALL_ORGS) {
        const before = await count();
        const res = await g.gql<{ createSurvey: { id: string } | null }>(tokens[caller], CREATE, input(org(o)));
        if (res.data?.createSurvey) {
          ranAt.push(o);
        } else {
          expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
          expect(await count()).toEqual(before);
        }
      }
      expect(ranAt).toEqual(SEES_ORGS[caller]);
    });

    test.each(CALLERS)('submitSurveyResponse: %s answers for e1 only where it may', async (caller) => {
      const answers = (k: SurveyKey) => surveys[k].questions.map((q) => (q.kind === 'RATING' ? { questionId: q.id, rating: 'SATISFIED' } : { questionId: q.id, text: '希望多组织活动' }));
      const submit = (k: SurveyKey) =>
        g.gql<{ submitSurveyResponse: { orgId: string } | null }>(tokens[caller], 'mutation($i: SubmitSurveyResponseInput!) { submitSurveyResponse(input: $i) { orgId } }', {
          // Members answer for their own union (e1); staff record a paper questionnaire collected at e1.
          i: { surveyId: surveys[k].id, orgId: caller === 'member' ? undefined : org('e1'), answers: answers(k) },
        });
      for (const k of ['byD1', 'byD2'] as SurveyKey[]) {
        const before = await count();
        const res = await submit(k);
        // e1 lies under d1: the d1 survey takes its answers from those who may act for e1.
        const allowed = k === 'byD1' && (caller === 'member' || SEES_ORGS[caller].includes('e1'));
        if (allowed) {
          expect(res.data!.submitSurveyResponse).toEqual({ orgId: org('e1') });
          expect((await count())[1]).toBe(before[1] + 1);
        } else {
          // A survey or an org the caller cannot see is not found; a survey it sees, run where e1 does not answer, is bad input.
          const reaches = SEES_SURVEYS[caller].includes(k) && (caller === 'member' || SEES_ORGS[caller].includes('e1'));
          const expected = !['member', ...STAFF_OR_ADMIN].includes(caller) ? roleRefusal(caller) : reaches ? 'BAD_USER_INPUT' : 'NOT_FOUND';
          expect([k, res.errors?.[0]?.extensions?.code]).toEqual([k, expected]);
          expect(await count()).toEqual(before);
        }
      }
    });
  });

  /* ---------- writes ---------- */

  /**
   * One row per case mutation:
   * - `call`: the mutation as a client sends it, with `$id`, `$version` and `$to` (an org id);
   * - `roles`: who may call the field at all (its @Access);
   * - `prepare`: a fresh case in the state the transition starts from, and where it is;
   * - `allowed`: who succeeds on that fresh case. Everyone else is refused: by role, then
   *   as NOT_FOUND when the case is outside their scope, else FORBIDDEN by the rule table.
   * Add a row here for every new mutation on a case.
   */
  interface WriteRow {
    label: string;
    call: string;
    roles: readonly (Role | 'anonymous')[];
    prepare: () => Promise<{ c: CaseView; raised: OrgKey; handled: OrgKey; member?: MemberKey }>;
    allowed: CallerKey[];
    /** The org `$to` names (default e1). */
    to?: OrgKey;
  }

  const byM1AtE1 = async (kind = 'MICRO_WISH') => raise(g, m1, { kind, description: '希望增设职工子女暑托班' });
  const step = (c: CaseView, token: string, op: Op, vars: Record<string, unknown> = {}) => must(g, token, op, { id: c.id, ...vars });
  const atE1 = (c: CaseView) => ({ c, raised: 'e1' as OrgKey, handled: 'e1' as OrgKey, member: 'm1' as MemberKey });
  const accepted = async (kind?: string) => step(await byM1AtE1(kind), staff.e1, 'accept', { responsible: '工会办公室' });
  const resolved = async (kind?: string) => step(await accepted(kind), staff.e1, 'resolve', { resolution: '已办结' });
  const atS1ForM1 = () => raise(g, staff.s1, { memberId: g.fixture.members.m1.id, description: '街道登记的诉求' });

  const STAFF_ADMIN = ['staff', 'admin'] as const;
  const WRITES: WriteRow[] = [
    { label: 'accept', call: '{ acceptCase(id: $id, version: $version, responsible: "工会办公室") { id } }', roles: STAFF_ADMIN, prepare: async () => atE1(await byM1AtE1()), allowed: ['admin', 'e1'] },
    {
      label: 'transfer', call: '{ transferCase(id: $id, version: $version, toOrgId: $to) { id } }', roles: STAFF_ADMIN,
      prepare: async () => ({ c: await atS1ForM1(), raised: 's1', handled: 's1', member: 'm1' }), allowed: ['admin', 's1'],
    },
    {
      label: 'return', call: '{ returnCase(id: $id, version: $version, reason: NOT_IN_JURISDICTION) { id } }', roles: STAFF_ADMIN,
      prepare: async () => ({ c: await step(await atS1ForM1(), staff.s1, 'transfer', { toOrgId: org('e1') }), raised: 's1', handled: 'e1', member: 'm1' }), allowed: ['admin', 'e1'],
    },
    { label: 'record progress', call: '{ recordCaseProgress(id: $id, version: $version, note: "已联系") { id } }', roles: STAFF_ADMIN, prepare: async () => atE1(await accepted()), allowed: ['admin', 'e1'] },
    { label: 'wait on the worker', call: '{ awaitWorker(id: $id, version: $version, note: "请补充材料") { id } }', roles: STAFF_ADMIN, prepare: async () => atE1(await accepted()), allowed: ['admin', 'e1'] },
    {
      label: 'record that the worker responded', call: '{ workerResponded(id: $id, version: $version, note: "已补充") { id } }', roles: ['member', 'staff', 'admin'],
      prepare: async () => atE1(await step(await accepted(), staff.e1, 'awaitWorker', { note: '请补充材料' })), allowed: ['admin', 'e1', 'member'],
    },
    { label: 'resolve', call: '{ resolveCase(id: $id, version: $version, resolution: "已办结") { id } }', roles: STAFF_ADMIN, prepare: async () => atE1(await accepted()), allowed: ['admin', 'e1'] },
    { label: 'sign off a micro-wish', call: '{ signOffCase(id: $id, version: $version) { id } }', roles: STAFF_ADMIN, prepare: async () => atE1(await resolved()), allowed: ['admin', 'city', 'd1', 's1', 'e1'] },
    { label: 'sign off legal aid', call: '{ signOffCase(id: $id, version: $version, note: "签单") { id } }', roles: STAFF_ADMIN, prepare: async () => atE1(await resolved('LEGAL_AID')), allowed: ['admin', 'city', 'd1', 's1'] },
    {
      label: 'rate', call: '{ rateCase(id: $id, version: $version, rating: SATISFIED) { id } }', roles: ['member'],
      prepare: async () => atE1(await step(await resolved(), staff.e1, 'signOff')), allowed: ['member'],
    },
    { label: 'decline', call: '{ declineCase(id: $id, version: $version, reason: DUPLICATE, note: "重复") { id } }', roles: STAFF_ADMIN, prepare: async () => atE1(await byM1AtE1()), allowed: ['admin', 'e1'] },
    { label: 'supervise', call: '{ superviseCase(id: $id, version: $version, note: "督办") { id } }', roles: STAFF_ADMIN, prepare: async () => atE1(await byM1AtE1()), allowed: ['admin', 'city', 'd1', 's1'] },
    // 上报 is the handler's: e1 passes its case up to its district; nobody else may, the district included.
    { label: 'pass up', call: '{ passUpCase(id: $id, version: $version, toOrgId: $to, reason: "超出企业工会能力") { id } }', roles: STAFF_ADMIN, prepare: async () => atE1(await byM1AtE1()), allowed: ['admin', 'e1'], to: 'd1' },
    { label: 'refer out', call: '{ referCaseOut(id: $id, version: $version, agency: "江北区法律援助中心", dueOn: "2099-12-31") { id } }', roles: STAFF_ADMIN, prepare: async () => atE1(await accepted()), allowed: ['admin', 'e1'] },
    {
      label: 'record the agency\'s answer', call: '{ recordAgencyAnswer(id: $id, version: $version, answer: "已立案受理") { id } }', roles: STAFF_ADMIN,
      prepare: async () => atE1(await step(await accepted(), staff.e1, 'referOut', { agency: '江北区法律援助中心', dueOn: '2099-12-31' })), allowed: ['admin', 'e1'],
    },
    {
      // An anonymous case: no member to rate it, so the handler or a higher level calls back.
      label: 'record a callback', call: '{ recordCallback(id: $id, version: $version, rating: SATISFIED) { id } }', roles: STAFF_ADMIN,
      prepare: async () => {
        const anon = await raise(g, m1, { anonymous: true, description: '匿名反映食堂卫生问题' });
        const done = await step(await step(await step(anon, staff.e1, 'accept', { responsible: '工会办公室' }), staff.e1, 'resolve', { resolution: '已整改' }), staff.e1, 'signOff');
        return { c: done, raised: 'e1', handled: 'e1' };
      },
      allowed: ['admin', 'city', 'd1', 's1', 'e1'],
    },
  ];

  /** Runs a row's mutation through the gateway: whether it answered with the case, or the error code. */
  async function write(row: WriteRow, token: string | undefined, id: string, version?: number): Promise<{ ok: boolean; code?: string }> {
    const withTo = row.call.includes('$to');
    const res = await g.gql<Record<string, { id: string } | null>>(token, `mutation($id: ID!, $version: Int${withTo ? ', $to: ID!' : ''}) ${row.call}`, {
      id, version, ...(withTo ? { to: org(row.to ?? 'e1') } : {}),
    });
    return { ok: !!res.data && Object.values(res.data)[0] !== null, code: res.errors?.[0]?.extensions?.code };
  }

  /** What a caller not in `allowed` gets. */
  const refusal = (row: WriteRow, caller: CallerKey, at: Parameters<typeof sees>[1]) =>
    !row.roles.includes(roleOf(caller)) ? roleRefusal(caller) : !sees(caller, at) ? 'NOT_FOUND' : 'FORBIDDEN';

  describe.each(WRITES)('who may $label', (row) => {
    test.each(CALLERS)('%s', async (caller) => {
      const { c, ...at } = await row.prepare();
      const before = await rowState(g.casesDb, c.id);
      const out = await write(row, tokens[caller], c.id);
      const after = await rowState(g.casesDb, c.id);
      if (row.allowed.includes(caller)) {
        expect(out).toEqual({ ok: true, code: undefined });
        expect(after.row.version).toBe(before.row.version + 1);
        expect(after.events).toBe(before.events + 1);
      } else {
        expect(out).toEqual({ ok: false, code: refusal(row, caller, at) });
        expect(after).toEqual(before);
      }
    });
  });

  const fieldOf = (row: WriteRow) => /\{ (\w+)\(/.exec(row.call)![1];
  describe.each(WRITES.filter((r, i) => WRITES.findIndex((s) => fieldOf(s) === fieldOf(r)) === i))('$label on the known cases: out of scope is NOT_FOUND, and nothing changes', (row) => {
    // A stale version is checked right after visibility, so the code tells exactly which
    // cases the caller could reach (CONFLICT) without changing any of them.
    test.each(CALLERS)('%s', async (caller) => {
      const before = await dbState(g.casesDb);
      const keys = caller === 'anonymous' ? (['named'] as CaseKey[]) : ALL_CASES;
      const outs = await Promise.all(keys.map((k) => write(row, tokens[caller], known[k].id, 0)));
      const expected = keys.map((k) => (!row.roles.includes(roleOf(caller)) ? roleRefusal(caller) : SEES_CASES[caller].includes(k) ? 'CONFLICT' : 'NOT_FOUND'));
      expect(outs.map((o) => o.code)).toEqual(expected);
      expect(await dbState(g.casesDb)).toEqual(before);
    });
  });

  describe('raiseCase', () => {
    const q = 'mutation($input: RaiseCaseInput!) { raiseCase(input: $input) { id raisedOrg { id } member { id } } }';
    type Raised = { raiseCase: { raisedOrg: { id: string }; member: { id: string } | null } | null };

    test.each(CALLERS)('%s raises only at orgs in its scope', async (caller) => {
      const count = () => g.casesDb.getRepository(CaseRow).count();
      if (!STAFF_OR_ADMIN.includes(caller)) {
        const before = await count();
        const res = await g.gql<Raised>(tokens[caller], q, { input: { kind: 'OTHER', channel: 'WECHAT', description: '在自己所在单位提出的诉求' } });
        if (caller === 'member') {
          expect(res.data!.raiseCase).toEqual({ id: expect.any(String), raisedOrg: { id: org('e1') }, member: { id: g.fixture.members.m1.id } });
          expect(await count()).toBe(before + 1);
        } else {
          expect(res.errors?.[0]?.extensions?.code).toBe(roleRefusal(caller));
          expect(await count()).toBe(before);
        }
        return;
      }
      const raisedAt: OrgKey[] = [];
      for (const o of ALL_ORGS) {
        const before = await count();
        const res = await g.gql<Raised>(tokens[caller], q, { input: { orgId: org(o), kind: 'OTHER', channel: 'HOTLINE_12351', description: '热线登记的一件诉求' } });
        if (res.data?.raiseCase) {
          expect(res.data.raiseCase.raisedOrg.id).toBe(org(o));
          expect(await count()).toBe(before + 1);
          raisedAt.push(o);
        } else {
          // Outside the scope the org reads as missing.
          expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
          expect(await count()).toBe(before);
        }
      }
      expect(raisedAt).toEqual(SEES_ORGS[caller]);
    });
  });

  describe('setDeadline', () => {
    const q = 'mutation($i: SetDeadlineInput!) { setDeadline(input: $i) { resolveHours setAtOrgId } }';
    // The built-in OTHER/URGENT default (72 h, 24 h): setting it anywhere shortens nothing, so every in-scope write is legal.
    const input = (o: string) => ({ i: { orgId: o, kind: 'OTHER', urgency: 'URGENT', resolveHours: 72, acceptHours: 24 } });
    const policies = () => g.casesDb.getRepository(DeadlinePolicyRow).find({ order: { id: 'ASC' } });

    test.each(CALLERS)('%s sets deadlines only at orgs in its scope', async (caller) => {
      if (!STAFF_OR_ADMIN.includes(caller)) {
        const before = await policies();
        const res = await g.gql(tokens[caller], q, input(org('e1')));
        expect(res.errors?.[0]?.extensions?.code).toBe(roleRefusal(caller));
        expect(await policies()).toEqual(before);
        return;
      }
      const setAt: OrgKey[] = [];
      for (const o of ALL_ORGS) {
        const before = await policies();
        const res = await g.gql<{ setDeadline: { setAtOrgId: string } }>(tokens[caller], q, input(org(o)));
        if (res.data?.setDeadline) {
          expect(res.data.setDeadline).toEqual({ resolveHours: 72, setAtOrgId: org(o) });
          setAt.push(o);
        } else {
          expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
          expect(await policies()).toEqual(before);
        }
      }
      expect(setAt).toEqual(SEES_ORGS[caller]);
    });
  });

  /**
   * A case names orgs the caller may not see in the members subgraph (the receiver of a
   * transfer from above cannot see the org that raised it). Org code and name are
   * @shareable, answered by the cases subgraph from its org directory for orgs its visible
   * cases refer to, so the case still reads whole.
   */
  describe('cases whose orgs the caller cannot see in the members subgraph', () => {
    test('the receiver of a transfer reads the case with the names of the orgs on it', async () => {
      const res = await g.gql<{ case: { number: string; state: string } | null }>(
        staff.e2, 'query($id: ID!) { case(id: $id) { number state raisedOrg { name } handlingOrg { name } } }', { id: known.transferred.id });
      expect(res.data?.case).toMatchObject({ number: known.transferred.number, state: 'TRANSFERRED' });
    });

    test('the receiver lists its cases with org names', async () => {
      const res = await g.gql<{ cases: { edges: { node: { number: string } }[] } | null }>(staff.e2, '{ cases(first: 50) { edges { node { number raisedOrg { name } } } } }');
      expect(res.errors).toBeUndefined();
      expect(res.data?.cases?.edges.map((e) => e.node.number)).toContain(known.transferred.number);
    });

    test('a member reads their case after it was sent to another enterprise', async () => {
      const atS1 = await raise(g, staff.s1, { memberId: g.fixture.members.m1.id, description: '街道登记后转给兄弟企业工会办理' });
      await must(g, staff.s1, 'transfer', { id: atS1.id, toOrgId: org('e2') });
      const res = await g.gql<{ case: { number: string } | null }>(m1, 'query($id: ID!) { case(id: $id) { number handlingOrg { name } } }', { id: atS1.id });
      expect(res.data?.case).toMatchObject({ number: atS1.number });
    });
  });
});
