import { INTERNAL_TOKEN_HEADER, type Role } from '@lianxin/auth';
import { CaseRow, DeadlinePolicyRow, ProjectRow, SurveyResponseRow, SurveyRow } from '@lianxin/cases';
import { matrixRuns } from '../harness/fixtures';
import { startTestGraph, type TestGraph } from '../harness/graph';
import { CALLERS, errorOf, fromService, internalTokenFor, refusedByRole, rolesText, STAFF_ORG, staffTokenFor, tokenFor, unseenThrough, type CallerKey, type MemberKey, type OrgKey } from './callers';
import { Oracle } from './oracle';
import { dbState, handlerAt, must, raise, rowState, type CaseView, type Op } from './cases-helpers';

/**
 * The scoping matrix of the cases subgraph: every caller against every query and mutation,
 * over a known set of cases. Extends scoping.e2e.spec.ts; matrix-coverage.spec.ts checks
 * that every public root field is named here or there.
 */

const STAFF_OR_ADMIN: CallerKey[] = ['admin', 'city', 'd1', 'd2', 's1', 'e1'];

/** The known cases, each named for what makes it interesting. */
type CaseKey = 'named' | 'anonymous' | 'e3ForM4' | 'transferred' | 'atD2';
const ALL_CASES: CaseKey[] = ['named', 'anonymous', 'e3ForM4', 'transferred', 'atD2'];

/** Where a case was raised and is handled, and whose it is. */
type Place = { raised: OrgKey; handled: OrgKey; member?: MemberKey };
/** Where each known case was raised and is handled, and whose it is. */
const PLACES: Record<CaseKey, Place> = {
  named: { raised: 'e1', handled: 'e1', member: 'm1' }, // m1 raised it at e1
  anonymous: { raised: 'e1', handled: 'e1' }, // m1 raised it at e1 without their name
  e3ForM4: { raised: 'e3', handled: 'e3', member: 'm4' }, // staff raised it at e3 on m4's behalf
  transferred: { raised: 's1', handled: 'e2', member: 'm3' }, // raised at s1 for m3, transferred down to e2
  atD2: { raised: 'd2', handled: 'd2' }, // raised at the county union by its staff
};

/** Who the fields here are for, as their refusals say it. */
const STAFF = 'union staff and admins';
const ALL_ROLES = 'members, union staff and admins';
const roleOf = (c: CallerKey): Role | 'anonymous' => (c === 'admin' || c === 'member' || c === 'partner' || c === 'anonymous' ? c : 'staff');

describe.each(matrixRuns())('cases scoping matrix on $name', ({ engine, graph }) => {
  let g: TestGraph;
  /** Who sees what, from the fixture's org paths. */
  let model: Oracle;
  const tokens = {} as Record<CallerKey, string | undefined>;
  const staff = {} as Record<OrgKey, string>;
  const known = {} as Record<CaseKey, CaseView>;
  let org: (k: OrgKey) => string;
  let m1: string;

  beforeAll(async () => {
    g = await startTestGraph(engine, graph);
    model = new Oracle(g.fixture);
    for (const c of CALLERS) tokens[c] = await tokenFor(c, g.fixture);
    for (const o of model.orgKeys) staff[o] = await staffTokenFor(o, g.fixture);
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
  /** A case in the caller's view: admins all, a member their own named ones, staff those raised or handled in their subtree. */
  const seesCase = (c: CallerKey, at: Place): boolean =>
    c === 'member' ? at.member === 'm1' : c === 'admin' || (!!STAFF_ORG[c] && (model.seesOrg(c, at.raised) || model.seesOrg(c, at.handled)));
  const casesSeenBy = (c: CallerKey): CaseKey[] => ALL_CASES.filter((k) => seesCase(c, PLACES[k]));
  /** What staff get for naming, in `field`, an org outside their scope. */
  const orgUnseen = (caller: CallerKey, field: string, o: OrgKey) => ({
    message: `orgId: no union ${org(o)} exists in your scope. Pick a union at or under your own.`,
    path: [field],
    extensions: { code: 'NOT_FOUND', field: 'orgId', ...fromService(caller, 'cases') },
  });
  /** Checking the whole ledger is for admins (members, staff and partners are told so; a partner may not verify at all). */
  const wholeLedgerRefusal = (caller: CallerKey) =>
    caller === 'partner' || caller === 'anonymous'
      ? refusedByRole(caller, 'cases', 'verifyLedger', ALL_ROLES)
      : { message: 'Checking the whole ledger is for admins; pass the caseId of a case you handle.', path: ['verifyLedger'], extensions: { code: 'FORBIDDEN', ...fromService(caller, 'cases') } };

  /* ---------- reads ---------- */

  describe('case(id)', () => {
    test.each(CALLERS)('%s sees exactly its cases', async (caller) => {
      if (caller === 'anonymous') {
        const res = await g.gql(undefined, 'query($id: ID!) { case(id: $id) { id } }', { id: known.named.id });
        expect(errorOf(res)).toEqual(refusedByRole('anonymous', 'cases', 'case', ALL_ROLES));
        expect(res.data ?? null).toBeNull();
        return;
      }
      const seen: CaseKey[] = [];
      for (const key of ALL_CASES) {
        const res = await g.gql<{ case: { id: string; number: string } | null }>(tokens[caller], 'query($id: ID!) { case(id: $id) { id number } }', { id: known[key].id });
        if (caller === 'partner') {
          expect(errorOf(res)).toEqual(refusedByRole(caller, 'cases', 'case', ALL_ROLES));
          expect(res.data?.case ?? null).toBeNull();
          continue;
        }
        expect(res.errors).toBeUndefined();
        if (res.data!.case) seen.push(caseKeyOf(res.data!.case.id));
      }
      expect(seen).toEqual(casesSeenBy(caller));
    });
  });

  describe('case(id) for staff of the other unions', () => {
    // Every union whose staff is not among CALLERS, e.g. e2, the receiver of a transfer raised above it.
    test('each sees exactly the cases raised or handled in its subtree', async () => {
      const others = model.orgKeys.filter((o) => !Object.values(STAFF_ORG).includes(o));
      expect(others.length).toBeGreaterThanOrEqual(3);
      for (const o of others) {
        const seen: CaseKey[] = [];
        for (const key of ALL_CASES) {
          const res = await g.gql<{ case: { id: string } | null }>(staff[o], 'query($id: ID!) { case(id: $id) { id } }', { id: known[key].id });
          expect(res.errors).toBeUndefined();
          if (res.data!.case) seen.push(caseKeyOf(res.data!.case.id));
        }
        expect([o, seen]).toEqual([o, ALL_CASES.filter((k) => model.under(PLACES[k].raised, o) || model.under(PLACES[k].handled, o))]);
      }
    });
  });

  describe('cases', () => {
    const q = 'query($f: CaseFilter) { cases(first: 200, filter: $f) { edges { node { id } } pageInfo { hasNextPage } } }';
    type Page = { cases: { edges: { node: { id: string } }[] } };

    test.each(CALLERS)('%s lists exactly its cases', async (caller) => {
      const res = await g.gql<Page>(tokens[caller], q, {});
      if (caller === 'partner' || caller === 'anonymous') {
        expect(errorOf(res)).toEqual(refusedByRole(caller, 'cases', 'cases', ALL_ROLES));
        expect(res.data?.cases ?? null).toBeNull();
        return;
      }
      expect(res.errors).toBeUndefined();
      expect(sorted(res.data!.cases.edges.map((e) => caseKeyOf(e.node.id)))).toEqual(sorted(casesSeenBy(caller)));
    });

    test.each(STAFF_OR_ADMIN)('%s narrowed to each org sees the cases raised or handled under it, and nothing outside its scope', async (caller) => {
      for (const o of model.orgKeys) {
        const res = await g.gql<Page>(tokens[caller], q, { f: { orgId: org(o) } });
        expect(res.errors).toBeUndefined();
        const under = ALL_CASES.filter((k) => model.under(PLACES[k].raised, o) || model.under(PLACES[k].handled, o));
        const expected = model.seesOrg(caller, o) ? under : [];
        expect([o, sorted(res.data!.cases.edges.map((e) => caseKeyOf(e.node.id)))]).toEqual([o, sorted(expected)]);
      }
    });

    test('a member narrowing to an org gets nothing, not that org\'s cases', async () => {
      const res = await g.gql<Page>(m1, q, { f: { orgId: org('e1') } });
      expect(res.errors).toBeUndefined();
      expect(res.data!.cases.edges).toEqual([]);
    });
  });

  describe('Member.cases', () => {
    /** The named known cases of a member that a caller may see. */
    const expectedFor = (caller: CallerKey, m: MemberKey) => casesSeenBy(caller).filter((k) => PLACES[k].member === m);

    test.each(STAFF_OR_ADMIN)('%s through the gateway: its members, each with the cases it may see', async (caller) => {
      const res = await g.gql<{ members: { edges: { node: { id: string; cases: { edges: { node: { id: string } }[] } } }[] } }>(
        tokens[caller], '{ members(first: 100) { edges { node { id cases { edges { node { id } } } } } } }');
      expect(res.errors).toBeUndefined();
      const got = Object.fromEntries(res.data!.members.edges.map((e) => [memberKeyOf(e.node.id), e.node.cases.edges.map((c) => caseKeyOf(c.node.id))]));
      expect(got).toEqual(Object.fromEntries(model.membersSeenBy(caller).map((m) => [m, expectedFor(caller, m)])));
    });

    test('a member sees their own named cases on themselves, not the anonymous one', async () => {
      const res = await g.gql<{ me: { cases: { edges: { node: { id: string } }[] } } }>(m1, '{ me { cases { edges { node { id anonymous } } } } }');
      expect(res.errors).toBeUndefined();
      expect(res.data!.me.cases.edges.map((c) => caseKeyOf(c.node.id))).toEqual(['named']);
    });

    test.each(CALLERS)('%s asking the cases subgraph directly for any member\'s cases gets only what it may see', async (caller) => {
      const reps = model.memberKeys.map((m) => ({ __typename: 'Member', id: g.fixture.members[m].id }));
      const { status, body } = await g.post(
        g.casesUrl,
        { query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Member { id cases { edges { node { id } } } } } }', variables: { r: reps } },
        { [INTERNAL_TOKEN_HEADER]: await internalTokenFor(caller, g.fixture, 'cases') },
      );
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      const got = (body.data as { _entities: { id: string; cases: { edges: { node: { id: string } }[] } }[] })._entities;
      expect(Object.fromEntries(got.map((m) => [memberKeyOf(m.id), m.cases.edges.map((c) => caseKeyOf(c.node.id))]))).toEqual(
        Object.fromEntries(model.memberKeys.map((m) => [m, expectedFor(caller, m)])),
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
      expect(got.flatMap((e) => (e ? [caseKeyOf(e.id)] : []))).toEqual(casesSeenBy(caller));
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
        expect(errorOf(res)).toEqual(refusedByRole(caller, 'cases', 'deadlinePolicy', STAFF));
        expect(res.data?.deadlinePolicy ?? null).toBeNull();
        return;
      }
      const readable: OrgKey[] = [];
      for (const o of model.orgKeys) {
        const res = await g.gql<{ deadlinePolicy: unknown[] }>(tokens[caller], q, { o: org(o) });
        if (res.data?.deadlinePolicy) {
          expect(res.data.deadlinePolicy).toHaveLength(30);
          readable.push(o);
        } else {
          expect(errorOf(res)).toEqual(orgUnseen(caller, 'deadlinePolicy', o));
        }
      }
      expect(readable).toEqual(model.orgsSeenBy(caller));
    });
  });

  describe('verifyLedger', () => {
    const q = 'query($id: ID) { verifyLedger(caseId: $id) { ok casesChecked eventsChecked } }';

    // Members too: "one case you can see" includes a member's own named case.
    test.each(CALLERS)('%s verifies exactly the cases it sees', async (caller) => {
      if (caller === 'partner' || caller === 'anonymous') {
        const res = await g.gql<{ verifyLedger: unknown }>(tokens[caller], q, { id: known.named.id });
        expect(errorOf(res)).toEqual(refusedByRole(caller, 'cases', 'verifyLedger', ALL_ROLES));
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
      expect(checked).toEqual(casesSeenBy(caller));
    });

    test.each(CALLERS)('%s checking the whole ledger: admins only', async (caller) => {
      const res = await g.gql<{ verifyLedger: { ok: boolean; casesChecked: number } | null }>(tokens[caller], q, {});
      if (caller === 'admin') {
        expect(res.data!.verifyLedger).toEqual({ ok: true, casesChecked: 5, eventsChecked: 6 });
      } else {
        expect(errorOf(res)).toEqual(wholeLedgerRefusal(caller));
        expect(res.data?.verifyLedger ?? null).toBeNull();
      }
    });
  });

  /* ---------- figures (counted by where cases were raised) ---------- */

  describe('caseFigures and Org.caseStats', () => {
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    const period = { from: `${year - 1}-01`, to: `${year}-12` };
    /** The known cases raised at or under each org. */
    const totalUnder = (o: OrgKey) => ALL_CASES.filter((k) => model.under(PLACES[k].raised, o)).length;

    test.each(CALLERS)('%s counts exactly the orgs in its scope', async (caller) => {
      const q = 'query($o: ID, $from: String!, $to: String!) { caseFigures(orgId: $o, from: $from, to: $to) { orgId total } }';
      if (!STAFF_OR_ADMIN.includes(caller)) {
        const res = await g.gql<{ caseFigures: unknown }>(tokens[caller], q, { o: org('e1'), ...period });
        expect(errorOf(res)).toEqual(refusedByRole(caller, 'cases', 'caseFigures', STAFF));
        expect(res.data?.caseFigures ?? null).toBeNull();
        return;
      }
      const counted: Partial<Record<OrgKey, number>> = {};
      for (const o of model.orgKeys) {
        const res = await g.gql<{ caseFigures: { orgId: string; total: number } | null }>(tokens[caller], q, { o: org(o), ...period });
        expect(res.errors).toBeUndefined();
        if (res.data!.caseFigures) counted[o] = res.data!.caseFigures.total;
      }
      expect(counted).toEqual(Object.fromEntries(model.orgsSeenBy(caller).map((o) => [o, totalUnder(o)])));
    });

    test.each(CALLERS.filter((c) => c !== 'anonymous'))('%s asking the cases subgraph directly for Org.caseStats gets figures only in its scope', async (caller) => {
      const reps = model.orgKeys.map((o) => ({ __typename: 'Org', id: org(o) }));
      const { body } = await g.post(
        g.casesUrl,
        { query: 'query($r: [_Any!]!, $from: String!, $to: String!) { _entities(representations: $r) { ... on Org { id caseStats(from: $from, to: $to) { total } } } }', variables: { r: reps, ...period } },
        { [INTERNAL_TOKEN_HEADER]: await internalTokenFor(caller, g.fixture, 'cases') },
      );
      expect(body.errors).toBeUndefined();
      const got = (body.data as { _entities: { id: string; caseStats: { total: number } | null }[] })._entities;
      const expected = STAFF_OR_ADMIN.includes(caller) ? model.orgsSeenBy(caller) : [];
      expect(Object.fromEntries(got.flatMap((e, i) => (e.caseStats ? [[model.orgKeys[i], e.caseStats.total]] : [])))).toEqual(
        Object.fromEntries(expected.map((o) => [o, totalUnder(o)])),
      );
    });

    test('a member reaches their org through the graph but not its figures', async () => {
      const res = await g.gql<{ me: { org: { code: string; caseStats: unknown } } }>(m1, 'query($from: String!, $to: String!) { me { org { code caseStats(from: $from, to: $to) { total } } } }', period);
      expect(res.data!.me.org).toEqual({ code: g.fixture.orgs[model.orgOf('m1')].code, caseStats: null });
    });
  });

  /* ---------- service projects ---------- */

  describe('projects', () => {
    type ProjectKey = 'atS1' | 'atE3';
    const projects = {} as Record<ProjectKey, { id: string; version: number }>;
    const PROJECT_AT: Record<ProjectKey, OrgKey> = { atS1: 's1', atE3: 'e3' };
    /** Projects are union work: staff see those run in their subtree; members none. */
    const projectsSeenBy = (c: CallerKey) => (['atS1', 'atE3'] as ProjectKey[]).filter((p) => STAFF_OR_ADMIN.includes(c) && model.seesOrg(c, PROJECT_AT[p]));
    const CREATE = 'mutation($i: CreateProjectInput!) { createProject(input: $i) { id version state } }';
    const projectKeyOf = (id: string) => (Object.entries(projects).find(([, p]) => p.id === id)?.[0] ?? id) as ProjectKey;
    const freshAtE1 = () => raise(g, tokens.member, { kind: 'MICRO_WISH', description: '希望开设暑期托管班' });
    const projectRow = (id: string) => g.casesDb.getRepository(ProjectRow).findOneByOrFail({ id });
    /** Who may run a project at s1 over a case at e1: staff of s1 and above, and admins. */
    const runsAtS1 = (c: CallerKey) => model.atOrAbove(c, 's1');
    const projectRefusal = (caller: CallerKey, field: string, id: string) =>
      !STAFF_OR_ADMIN.includes(caller) ? refusedByRole(caller, 'cases', field, STAFF) : unseenThrough(caller, 'cases', field, 'project', id);

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
          expect(errorOf(res)).toEqual(refusedByRole(caller, 'cases', 'project', ALL_ROLES));
          continue;
        }
        expect(res.errors).toBeUndefined();
        if (res.data!.project) seen.push(projectKeyOf(res.data!.project.id));
      }
      expect(seen).toEqual(projectsSeenBy(caller));
    });

    test.each(CALLERS)('projects: %s lists exactly its projects', async (caller) => {
      const res = await g.gql<{ projects: { edges: { node: { id: string } }[] } }>(tokens[caller], '{ projects(first: 100) { edges { node { id } } } }');
      if (caller === 'partner' || caller === 'anonymous') {
        expect(errorOf(res)).toEqual(refusedByRole(caller, 'cases', 'projects', ALL_ROLES));
        return;
      }
      expect(res.errors).toBeUndefined();
      expect(sorted(res.data!.projects.edges.map((e) => projectKeyOf(e.node.id)))).toEqual(sorted(projectsSeenBy(caller)));
    });

    test.each(CALLERS)('createProject: %s runs a project at s1 over a case at e1 only from s1 or above', async (caller) => {
      const c = await freshAtE1();
      const before = { c: await rowState(g.casesDb, c.id), projects: await g.casesDb.getRepository(ProjectRow).count() };
      const res = await g.gql<{ createProject: { id: string } | null }>(tokens[caller], CREATE, { i: { orgId: org('s1'), title: '职工书屋', purpose: '改善阅读条件', caseIds: [c.id] } });
      const after = await rowState(g.casesDb, c.id);
      if (runsAtS1(caller)) {
        expect(res.errors).toBeUndefined();
        expect(after.row).toMatchObject({ projectId: res.data!.createProject!.id, state: 'ACCEPTED', version: 2 });
      } else {
        // Outside its scope the org is unknown to the caller: d2 and e1 name an org they cannot use.
        expect(errorOf(res)).toEqual(STAFF_OR_ADMIN.includes(caller) ? orgUnseen(caller, 'createProject', 's1') : refusedByRole(caller, 'cases', 'createProject', STAFF));
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
      if (runsAtS1(caller)) {
        expect([added.errors, progressed.errors]).toEqual([undefined, undefined]);
        expect(after.c.row.projectId).toBe(projects.atS1.id);
        expect(after.p).toMatchObject({ version: before.p.version + 2, progress: 10 });
      } else {
        expect([errorOf(added), errorOf(progressed)]).toEqual([projectRefusal(caller, 'addCasesToProject', projects.atS1.id), projectRefusal(caller, 'recordProjectProgress', projects.atS1.id)]);
        expect(after).toEqual(before);
      }
    });

    test.each(CALLERS)('resolveProject: %s resolves only projects in its scope', async (caller) => {
      const c = await must(g, staff.e1, 'accept', { id: (await freshAtE1()).id, ...handlerAt(g, 'e1') });
      const p = await newProject(staff.s1, 's1', [c.id]);
      const before = { c: await rowState(g.casesDb, c.id), p: await projectRow(p.id) };
      const res = await g.gql<{ resolveProject: { project: { state: string }; resolvedCases: { id: string }[] } }>(
        tokens[caller], 'mutation($p: ID!) { resolveProject(projectId: $p, resolution: "托管班已开班") { project { state } resolvedCases { id } } }', { p: p.id });
      const after = { c: await rowState(g.casesDb, c.id), p: await projectRow(p.id) };
      if (runsAtS1(caller)) {
        expect(res.errors).toBeUndefined();
        expect(res.data!.resolveProject).toEqual({ project: { state: 'RESOLVED' }, resolvedCases: [{ id: c.id }] });
        expect(after.c.row.state).toBe('RESOLVED');
      } else {
        expect(errorOf(res)).toEqual(projectRefusal(caller, 'resolveProject', p.id));
        expect(after).toEqual(before);
      }
    });
  });

  /* ---------- evaluations (微评议) ---------- */

  describe('surveys', () => {
    type SurveyKey = 'byD1' | 'byD2';
    const surveys = {} as Record<SurveyKey, { id: string; questions: { id: string; kind: string }[] }>;
    const SURVEY_AT: Record<SurveyKey, OrgKey> = { byD1: 'd1', byD2: 'd2' };
    /** Staff see surveys run in their subtree or above them; members those of their union and above. */
    const surveysSeenBy = (c: CallerKey) => (['byD1', 'byD2'] as SurveyKey[]).filter((k) => model.seesInherited(c, SURVEY_AT[k]));
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
          expect(errorOf(res)).toEqual(refusedByRole(caller, 'cases', 'survey', ALL_ROLES));
          continue;
        }
        if (res.data!.survey) seen.push(surveyKeyOf(res.data!.survey.id));
      }
      expect(seen).toEqual(surveysSeenBy(caller));
      const list = await g.gql<{ surveys: { edges: { node: { id: string } }[] } }>(tokens[caller], '{ surveys(first: 100) { edges { node { id } } } }');
      if (caller === 'partner' || caller === 'anonymous') {
        expect(errorOf(list)).toEqual(refusedByRole(caller, 'cases', 'surveys', ALL_ROLES));
        return;
      }
      expect(sorted(list.data!.surveys.edges.map((e) => surveyKeyOf(e.node.id)).filter((k) => k === 'byD1' || k === 'byD2'))).toEqual(surveysSeenBy(caller));
    });

    test.each(CALLERS)('createSurvey: %s runs surveys only at orgs in its scope', async (caller) => {
      if (!STAFF_OR_ADMIN.includes(caller)) {
        const before = await count();
        const res = await g.gql(tokens[caller], CREATE, input(org('e1')));
        expect(errorOf(res)).toEqual(refusedByRole(caller, 'cases', 'createSurvey', STAFF));
        expect(await count()).toEqual(before);
        return;
      }
      const ranAt: OrgKey[] = [];
      for (const o of model.orgKeys) {
        const before = await count();
        const res = await g.gql<{ createSurvey: { id: string } | null }>(tokens[caller], CREATE, input(org(o)));
        if (res.data?.createSurvey) {
          ranAt.push(o);
        } else {
          expect(errorOf(res)).toEqual(orgUnseen(caller, 'createSurvey', o));
          expect(await count()).toEqual(before);
        }
      }
      expect(ranAt).toEqual(model.orgsSeenBy(caller));
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
        // A survey takes answers for e1 when e1 lies under the org running it, from those who may act for e1.
        const actsForE1 = caller === 'member' || model.seesOrg(caller, 'e1');
        const allowed = model.under('e1', SURVEY_AT[k]) && actsForE1;
        if (allowed) {
          expect(res.data!.submitSurveyResponse).toEqual({ orgId: org('e1') });
          expect((await count())[1]).toBe(before[1] + 1);
        } else {
          // An org or a survey the caller cannot see is not found; a survey it sees, run where e1 does not answer, is bad input.
          const field = 'submitSurveyResponse';
          // The org is checked first, then the survey, then whether the survey covers the org.
          const expected = !['member', ...STAFF_OR_ADMIN].includes(caller)
            ? refusedByRole(caller, 'cases', field, ALL_ROLES)
            : !actsForE1
              ? orgUnseen(caller, field, 'e1')
              : !surveysSeenBy(caller).includes(k)
                ? unseenThrough(caller, 'cases', field, 'survey', surveys[k].id)
                : {
                    message: 'orgId: that union is not under the union running this survey; record the questionnaire under a union it covers',
                    path: [field],
                    extensions: { code: 'BAD_USER_INPUT', field: 'orgId', ...fromService(caller, 'cases') },
                  };
          expect([k, errorOf(res)]).toEqual([k, expected]);
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
   * - `who`: which parties of the rule table the action is for, in its order: the `handler` (staff of the
   *   handling org), `higher` staff (strictly above the handling org), the `member` whose case
   *   it is. Admins may take any action their role may call. Who succeeds follows from where
   *   the case is; everyone else is refused: by role, then as NOT_FOUND when the case is
   *   outside their scope, else FORBIDDEN by the rule table.
   * Add a row here for every new mutation on a case.
   */
  interface WriteRow {
    label: string;
    call: string;
    roles: readonly (Role | 'anonymous')[];
    prepare: () => Promise<{ c: CaseView } & Place>;
    /** The rule table's name for the action, as a refusal names it. */
    action: string;
    who: readonly ('handler' | 'higher' | 'member')[];
    /** The org `$to` names (default e1). */
    to?: OrgKey;
  }

  /** How the rule table names each party in a refusal. */
  const PARTY = { handler: 'staff of the handling org', higher: 'staff of a higher-level org', member: 'the member who raised it' } as const;

  /** Whether a caller succeeds at a row's action on a case at these places. */
  const allowed = (row: WriteRow, c: CallerKey, at: Place): boolean => {
    if (!row.roles.includes(roleOf(c))) return false;
    if (c === 'admin') return true;
    if (c === 'member') return row.who.includes('member') && at.member === 'm1';
    const home = STAFF_ORG[c];
    return !!home && ((row.who.includes('handler') && home === at.handled) || (row.who.includes('higher') && model.below(at.handled, home)));
  };

  const byM1AtE1 = async (kind = 'MICRO_WISH') => raise(g, m1, { kind, description: '希望增设职工子女暑托班' });
  const step = (c: CaseView, token: string, op: Op, vars: Record<string, unknown> = {}) => must(g, token, op, { id: c.id, ...vars });
  const atE1 = (c: CaseView): { c: CaseView } & Place => ({ c, raised: 'e1', handled: 'e1', member: 'm1' });
  const accepted = async (kind?: string) => step(await byM1AtE1(kind), staff.e1, 'accept', { ...handlerAt(g, 'e1') });
  const resolved = async (kind?: string) => step(await accepted(kind), staff.e1, 'resolve', { resolution: '已办结' });
  const atS1ForM1 = () => raise(g, staff.s1, { memberId: g.fixture.members.m1.id, description: '街道登记的诉求' });

  const STAFF_ADMIN = ['staff', 'admin'] as const;
  const WRITES: WriteRow[] = [
    { label: 'accept', action: 'ACCEPT', call: '{ acceptCase(id: $id, version: $version, staffId: $staff, departmentId: $dept) { id } }', roles: STAFF_ADMIN, prepare: async () => atE1(await byM1AtE1()), who: ['handler'] },
    {
      label: 'transfer', action: 'TRANSFER', call: '{ transferCase(id: $id, version: $version, toOrgId: $to) { id } }', roles: STAFF_ADMIN,
      prepare: async () => ({ c: await atS1ForM1(), raised: 's1', handled: 's1', member: 'm1' }), who: ['handler'],
    },
    {
      label: 'return', action: 'RETURN', call: '{ returnCase(id: $id, version: $version, reason: NOT_IN_JURISDICTION) { id } }', roles: STAFF_ADMIN,
      prepare: async () => ({ c: await step(await atS1ForM1(), staff.s1, 'transfer', { toOrgId: org('e1') }), raised: 's1', handled: 'e1', member: 'm1' }), who: ['handler'],
    },
    { label: 'record progress', action: 'PROGRESS', call: '{ recordCaseProgress(id: $id, version: $version, note: "已联系") { id } }', roles: STAFF_ADMIN, prepare: async () => atE1(await accepted()), who: ['handler'] },
    { label: 'wait on the worker', action: 'AWAIT_WORKER', call: '{ awaitWorker(id: $id, version: $version, note: "请补充材料") { id } }', roles: STAFF_ADMIN, prepare: async () => atE1(await accepted()), who: ['handler'] },
    {
      label: 'record that the worker responded', action: 'WORKER_RESPONDED', call: '{ workerResponded(id: $id, version: $version, note: "已补充") { id } }', roles: ['member', 'staff', 'admin'],
      prepare: async () => atE1(await step(await accepted(), staff.e1, 'awaitWorker', { note: '请补充材料' })), who: ['member', 'handler'],
    },
    { label: 'resolve', action: 'RESOLVE', call: '{ resolveCase(id: $id, version: $version, resolution: "已办结") { id } }', roles: STAFF_ADMIN, prepare: async () => atE1(await accepted()), who: ['handler'] },
    { label: 'sign off a micro-wish', action: 'SIGN_OFF', call: '{ signOffCase(id: $id, version: $version) { id } }', roles: STAFF_ADMIN, prepare: async () => atE1(await resolved()), who: ['handler', 'higher'] },
    { label: 'sign off legal aid', action: 'SIGN_OFF', call: '{ signOffCase(id: $id, version: $version, note: "签单") { id } }', roles: STAFF_ADMIN, prepare: async () => atE1(await resolved('LEGAL_AID')), who: ['higher'] },
    {
      label: 'rate', action: 'RATE', call: '{ rateCase(id: $id, version: $version, rating: SATISFIED) { id } }', roles: ['member'],
      prepare: async () => atE1(await step(await resolved(), staff.e1, 'signOff')), who: ['member'],
    },
    { label: 'decline', action: 'DECLINE', call: '{ declineCase(id: $id, version: $version, reason: DUPLICATE, note: "重复") { id } }', roles: STAFF_ADMIN, prepare: async () => atE1(await byM1AtE1()), who: ['handler'] },
    { label: 'supervise', action: 'SUPERVISE', call: '{ superviseCase(id: $id, version: $version, note: "督办") { id } }', roles: STAFF_ADMIN, prepare: async () => atE1(await byM1AtE1()), who: ['higher'] },
    // 上报 is the handler's: e1 passes its case up to its district; nobody else may, the district included.
    { label: 'pass up', action: 'PASS_UP', call: '{ passUpCase(id: $id, version: $version, toOrgId: $to, reason: "超出企业工会能力") { id } }', roles: STAFF_ADMIN, prepare: async () => atE1(await byM1AtE1()), who: ['handler'], to: 'd1' },
    { label: 'refer out', action: 'REFER_OUT', call: '{ referCaseOut(id: $id, version: $version, agency: "江北区法律援助中心", dueOn: "2099-12-31") { id } }', roles: STAFF_ADMIN, prepare: async () => atE1(await accepted()), who: ['handler'] },
    {
      label: 'record the agency\'s answer', action: 'AGENCY_ANSWERED', call: '{ recordAgencyAnswer(id: $id, version: $version, answer: "已立案受理") { id } }', roles: STAFF_ADMIN,
      prepare: async () => atE1(await step(await accepted(), staff.e1, 'referOut', { agency: '江北区法律援助中心', dueOn: '2099-12-31' })), who: ['handler'],
    },
    {
      // An anonymous case: no member to rate it, so the handler or a higher level calls back.
      label: 'record a callback', action: 'CALLBACK', call: '{ recordCallback(id: $id, version: $version, rating: SATISFIED) { id } }', roles: STAFF_ADMIN,
      prepare: async () => {
        const anon = await raise(g, m1, { anonymous: true, description: '匿名反映食堂卫生问题' });
        const done = await step(await step(await step(anon, staff.e1, 'accept', { ...handlerAt(g, 'e1') }), staff.e1, 'resolve', { resolution: '已整改' }), staff.e1, 'signOff');
        return { c: done, raised: 'e1', handled: 'e1' };
      },
      who: ['handler', 'higher'],
    },
  ];

  /** Runs a row's mutation through the gateway: whether it answered with the case, and its error, whole. */
  async function write(row: WriteRow, token: string | undefined, id: string, version?: number): Promise<{ ok: boolean; error?: Record<string, unknown> }> {
    const withTo = row.call.includes('$to');
    // Acceptance names e1's own office and person from the staff directory.
    const withStaff = row.call.includes('$staff');
    const h = handlerAt(g, 'e1');
    const res = await g.gql<Record<string, { id: string } | null>>(token, `mutation($id: ID!, $version: Int${withTo ? ', $to: ID!' : ''}${withStaff ? ', $staff: ID!, $dept: ID' : ''}) ${row.call}`, {
      id, version, ...(withTo ? { to: org(row.to ?? 'e1') } : {}), ...(withStaff ? { staff: h.staffId, dept: h.departmentId } : {}),
    });
    return { ok: !!res.data && Object.values(res.data)[0] !== null, error: errorOf(res) };
  }

  const fieldOf = (row: WriteRow) => /\{ (\w+)\(/.exec(row.call)![1];
  /** What a caller who may not take the action on case `c` gets: refused by role, then not found outside its scope, else refused by the rule table. */
  const refusal = (row: WriteRow, caller: CallerKey, at: Place, c: { id: string }): Record<string, unknown> => {
    const field = fieldOf(row);
    if (!row.roles.includes(roleOf(caller))) return refusedByRole(caller, 'cases', field, rolesText(row.roles));
    if (!seesCase(caller, at)) return unseenThrough(caller, 'cases', field, 'case', c.id);
    return { message: `${row.action} on this case is for ${row.who.map((p) => PARTY[p]).join(' or ')}.`, path: [field], extensions: { code: 'FORBIDDEN', action: row.action, ...fromService(caller, 'cases') } };
  };

  describe.each(WRITES)('who may $label', (row) => {
    test.each(CALLERS)('%s', async (caller) => {
      const { c, ...at } = await row.prepare();
      const before = await rowState(g.casesDb, c.id);
      const out = await write(row, tokens[caller], c.id);
      const after = await rowState(g.casesDb, c.id);
      if (allowed(row, caller, at)) {
        expect(out).toEqual({ ok: true, error: undefined });
        expect(after.row.version).toBe(before.row.version + 1);
        expect(after.events).toBe(before.events + 1);
      } else {
        expect(out).toEqual({ ok: false, error: refusal(row, caller, at, c) });
        expect(after).toEqual(before);
      }
    });
  });

  describe.each(WRITES.filter((r, i) => WRITES.findIndex((s) => fieldOf(s) === fieldOf(r)) === i))('$label on the known cases: out of scope is NOT_FOUND, and nothing changes', (row) => {
    // A stale version is checked right after visibility, so the refusal tells exactly which
    // cases the caller could reach (CONFLICT) without changing any of them.
    test.each(CALLERS)('%s', async (caller) => {
      const before = await dbState(g.casesDb);
      const keys = caller === 'anonymous' ? (['named'] as CaseKey[]) : ALL_CASES;
      const outs = await Promise.all(keys.map((k) => write(row, tokens[caller], known[k].id, 0)));
      const stale = (k: CaseKey) => ({ message: `The case ${known[k].number} changed since you read it. Reload it and try again.`, path: [fieldOf(row)], extensions: { code: 'CONFLICT', ...fromService(caller, 'cases') } });
      const expected = keys.map((k) => (row.roles.includes(roleOf(caller)) && seesCase(caller, PLACES[k]) ? stale(k) : refusal(row, caller, PLACES[k], known[k])));
      expect(outs.map((o) => o.error)).toEqual(expected);
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
          expect(errorOf(res)).toEqual(refusedByRole(caller, 'cases', 'raiseCase', ALL_ROLES));
          expect(await count()).toBe(before);
        }
        return;
      }
      const raisedAt: OrgKey[] = [];
      for (const o of model.orgKeys) {
        const before = await count();
        const res = await g.gql<Raised>(tokens[caller], q, { input: { orgId: org(o), kind: 'OTHER', channel: 'HOTLINE_12351', description: '热线登记的一件诉求' } });
        if (res.data?.raiseCase) {
          expect(res.data.raiseCase.raisedOrg.id).toBe(org(o));
          expect(await count()).toBe(before + 1);
          raisedAt.push(o);
        } else {
          // Outside the scope the org reads as missing.
          expect(errorOf(res)).toEqual(orgUnseen(caller, 'raiseCase', o));
          expect(await count()).toBe(before);
        }
      }
      expect(raisedAt).toEqual(model.orgsSeenBy(caller));
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
        expect(errorOf(res)).toEqual(refusedByRole(caller, 'cases', 'setDeadline', STAFF));
        expect(await policies()).toEqual(before);
        return;
      }
      const setAt: OrgKey[] = [];
      for (const o of model.orgKeys) {
        const before = await policies();
        const res = await g.gql<{ setDeadline: { setAtOrgId: string } }>(tokens[caller], q, input(org(o)));
        if (res.data?.setDeadline) {
          expect(res.data.setDeadline).toEqual({ resolveHours: 72, setAtOrgId: org(o) });
          setAt.push(o);
        } else {
          expect(errorOf(res)).toEqual(orgUnseen(caller, 'setDeadline', o));
          expect(await policies()).toEqual(before);
        }
      }
      expect(setAt).toEqual(model.orgsSeenBy(caller));
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
