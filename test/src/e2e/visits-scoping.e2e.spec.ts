import { CaseRow, ChairVisitDayRow, ChairVisitRow } from '@lianxin/cases';
import { matrixRuns } from '../harness/fixtures';
import { startTestGraph, type TestGraph } from '../harness/graph';
import { CALLERS, errorOf, fromService, refusedByRole, tokenFor, staffTokenFor, type CallerKey, type OrgKey } from './callers';
import { Oracle } from './oracle';

/**
 * The scoping matrix of chair visit days (工会主席陪伴日, cases subgraph): every caller against
 * every visit-day query and mutation. Visit days are union work: staff see those of the unions
 * in their subtree, and only the union's own staff (and admins) keep them; members see none of
 * it but the cases raised for them; partners nothing.
 */

const STAFF = 'union staff and admins';
type VisitKey = 'atE1' | 'atE3';
const VISIT_AT: Record<VisitKey, OrgKey> = { atE1: 'e1', atE3: 'e3' };
const DAY = 86_400_000;
/** The China day `n` days before today. */
const daysAgo = (n: number) => new Date(Date.now() + 8 * 3600_000 - n * DAY).toISOString().slice(0, 10);
const weekdayOf = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay() || 7;

describe.each(matrixRuns())('chair visit days scoping matrix on $name', ({ engine, graph }) => {
  let g: TestGraph;
  let model: Oracle;
  const tokens = {} as Record<CallerKey, string | undefined>;
  const visits = {} as Record<VisitKey, { id: string; caseIds: string[] }>;
  let org: (k: OrgKey) => string;

  const SET = 'mutation($i: SetChairVisitDaysInput!) { setChairVisitDays(input: $i) { id version chair org { id } } }';
  const RECORD = 'mutation($i: RecordChairVisitInput!) { recordChairVisit(input: $i) { id visitedOn cases { id channel sourceKind } } }';
  const schedule = (at: OrgKey, chair = '王建华') => ({ orgId: org(at), weekday: weekdayOf(daysAgo(0)), startsOn: daysAgo(120), chair, staffCount: 260 });
  const visitAt = (at: OrgKey, daysBack: number, problems: Record<string, unknown>[] = []) => ({
    orgId: org(at), visitedOn: daysAgo(daysBack), attendance: 18, format: 'SMALL_MEETING', notes: '在车间与职工座谈，听取意见', problems,
  });
  /** Staff of the union itself, and admins, keep its diary. */
  const keeps = (c: CallerKey, at: OrgKey) => c === 'admin' || model.home(c) === at && c !== 'member';
  const isStaff = (c: CallerKey) => c === 'admin' || ['city', 'd1', 'd2', 's1', 'e1'].includes(c);
  const seesUnion = (c: CallerKey, at: OrgKey) => isStaff(c) && model.seesOrg(c, at);
  const visitKeyOf = (id: string) => (Object.entries(visits).find(([, v]) => v.id === id)?.[0] ?? id) as VisitKey;
  /** What a write at a union gets from staff who do not keep it: above it FORBIDDEN, beside it NOT_FOUND. */
  const writeRefusal = (caller: CallerKey, field: string, at: OrgKey) => {
    if (!isStaff(caller)) return refusedByRole(caller, 'cases', field, STAFF);
    if (model.seesOrg(caller, at)) {
      return { message: `The chair visit days of ${g.fixture.orgs[at].name} are kept by its own union's staff; ask them to record it.`, path: [field], extensions: { code: 'FORBIDDEN', field: 'orgId', ...fromService(caller, 'cases') } };
    }
    return { message: `orgId: no union ${org(at)} exists in your scope. Pick a union at or under your own.`, path: [field], extensions: { code: 'NOT_FOUND', field: 'orgId', ...fromService(caller, 'cases') } };
  };
  const rows = async () => ({
    days: await g.casesDb.getRepository(ChairVisitDayRow).find({ order: { id: 'ASC' } }),
    visits: await g.casesDb.getRepository(ChairVisitRow).find({ order: { id: 'ASC' } }),
    cases: await g.casesDb.getRepository(CaseRow).count(),
  });

  beforeAll(async () => {
    g = await startTestGraph(engine, graph);
    model = new Oracle(g.fixture);
    for (const c of CALLERS) tokens[c] = await tokenFor(c, g.fixture);
    org = (k) => g.fixture.orgs[k].id;
    const e3 = await staffTokenFor('e3', g.fixture);
    for (const [token, at] of [[tokens.e1!, 'e1'], [e3, 'e3']] as const) {
      const res = await g.gql(token, SET, { i: schedule(at) });
      if (res.errors) throw new Error(`setChairVisitDays: ${res.errors[0].message}`);
    }
    const record = async (token: string, at: OrgKey, problems: Record<string, unknown>[]) => {
      const res = await g.gql<{ recordChairVisit: { id: string; cases: { id: string }[] } }>(token, RECORD, { i: visitAt(at, 30, problems) });
      if (!res.data?.recordChairVisit) throw new Error(`recordChairVisit: ${res.errors?.[0]?.message}`);
      return { id: res.data.recordChairVisit.id, caseIds: res.data.recordChairVisit.cases.map((c) => c.id) };
    };
    visits.atE1 = await record(tokens.e1!, 'e1', [{ kind: 'URGENT_NEED', description: '老旧设备噪声大，长期使用影响听力', memberId: g.fixture.members.m1.id }]);
    visits.atE3 = await record(e3, 'e3', [{ kind: 'MICRO_WISH', description: '希望食堂增加面食窗口' }]);
  });
  afterAll(() => g?.stop());

  test.each(CALLERS)('chairVisitDays: %s lists exactly the schedules of the unions it sees', async (caller) => {
    const res = await g.gql<{ chairVisitDays: { edges: { node: { org: { id: string } } }[] } }>(tokens[caller], '{ chairVisitDays(first: 50) { edges { node { org { id } weekday } } } }');
    if (!isStaff(caller)) {
      expect(errorOf(res)).toEqual(refusedByRole(caller, 'cases', 'chairVisitDays', STAFF));
      expect(res.data?.chairVisitDays ?? null).toBeNull();
      return;
    }
    expect(res.errors).toBeUndefined();
    expect(res.data!.chairVisitDays.edges.map((e) => model.keyOf(e.node.org.id))).toEqual(model.treeOrder((['e1', 'e3'] as OrgKey[]).filter((o) => seesUnion(caller, o))));
  });

  test.each(CALLERS)('chairVisit(id) and chairVisits: %s sees exactly the visits of the unions it sees', async (caller) => {
    const seen: VisitKey[] = [];
    for (const k of ['atE1', 'atE3'] as VisitKey[]) {
      const res = await g.gql<{ chairVisit: { id: string } | null }>(tokens[caller], 'query($id: ID!) { chairVisit(id: $id) { id notes cases { id } } }', { id: visits[k].id });
      if (!isStaff(caller)) {
        expect(errorOf(res)).toEqual(refusedByRole(caller, 'cases', 'chairVisit', STAFF));
        continue;
      }
      expect(res.errors).toBeUndefined();
      if (res.data!.chairVisit) seen.push(visitKeyOf(res.data!.chairVisit.id));
    }
    const expected = (['atE1', 'atE3'] as VisitKey[]).filter((k) => seesUnion(caller, VISIT_AT[k]));
    expect(seen).toEqual(expected);

    const list = await g.gql<{ chairVisits: { edges: { node: { id: string } }[] } }>(tokens[caller], 'query($from: String) { chairVisits(first: 100, from: $from) { edges { node { id } } } }', { from: daysAgo(30) });
    if (!isStaff(caller)) {
      expect(errorOf(list)).toEqual(refusedByRole(caller, 'cases', 'chairVisits', STAFF));
      return;
    }
    expect(list.errors).toBeUndefined();
    expect(list.data!.chairVisits.edges.map((e) => visitKeyOf(e.node.id)).filter((k) => k in VISIT_AT).sort()).toEqual(expected);
  });

  test.each(CALLERS)('chairVisitFigures: %s gets the figures of the unions it sees, null for the others', async (caller) => {
    const q = 'query($o: ID, $day: String!) { chairVisitFigures(orgId: $o, from: $day, to: $day) { orgId held problemsRaised byOrg { orgId } } }';
    for (const at of ['e1', 'e3'] as OrgKey[]) {
      const res = await g.gql<{ chairVisitFigures: { held: number; problemsRaised: number } | null }>(tokens[caller], q, { o: org(at), day: daysAgo(30) });
      if (!isStaff(caller)) {
        expect(errorOf(res)).toEqual(refusedByRole(caller, 'cases', 'chairVisitFigures', STAFF));
        continue;
      }
      expect(res.errors).toBeUndefined();
      expect([at, res.data!.chairVisitFigures]).toEqual([at, seesUnion(caller, at) ? { orgId: org(at), held: 1, problemsRaised: 1, byOrg: [{ orgId: org(at) }] } : null]);
    }
  });

  test.each(CALLERS)('setChairVisitDays: %s sets the schedule of e1 only as its own union or an admin', async (caller) => {
    const before = await rows();
    const res = await g.gql<{ setChairVisitDays: { version: number; chair: string } | null }>(tokens[caller], SET, { i: schedule('e1', `主席${caller}`) });
    const after = await rows();
    if (keeps(caller, 'e1')) {
      expect(res.errors).toBeUndefined();
      expect(res.data!.setChairVisitDays).toMatchObject({ chair: `主席${caller}`, version: before.days.find((d) => d.orgId === org('e1'))!.version + 1 });
    } else {
      expect(errorOf(res)).toEqual(writeRefusal(caller, 'setChairVisitDays', 'e1'));
      expect(after).toEqual(before);
    }
  });

  test.each(CALLERS)('recordChairVisit: %s records a visit of e1 only as its own union or an admin', async (caller) => {
    const before = await rows();
    const day = 40 + CALLERS.indexOf(caller);
    const res = await g.gql<{ recordChairVisit: { visitedOn: string; cases: { channel: string; sourceKind: string }[] } | null }>(
      tokens[caller], RECORD, { i: visitAt('e1', day, [{ kind: 'SUGGESTION', description: '建议倒班表提前一周公布' }]) });
    const after = await rows();
    if (keeps(caller, 'e1')) {
      expect(res.errors).toBeUndefined();
      expect(res.data!.recordChairVisit).toEqual({ id: expect.any(String), visitedOn: daysAgo(day), cases: [{ id: expect.any(String), channel: 'CHAIR_VISIT_DAY', sourceKind: 'CHAIR_VISIT' }] });
      expect([after.visits.length, after.cases]).toEqual([before.visits.length + 1, before.cases + 1]);
    } else {
      expect(errorOf(res)).toEqual(writeRefusal(caller, 'recordChairVisit', 'e1'));
      expect(after).toEqual(before);
    }
  });

  test.each(CALLERS)('addChairVisitProblems: %s adds to the diary of e1 only as its own union or an admin', async (caller) => {
    const before = await rows();
    const res = await g.gql<{ addChairVisitProblems: { id: string; cases: { id: string }[] } | null }>(tokens[caller],
      'mutation($v: ID!, $p: [VisitProblemInput!]!) { addChairVisitProblems(visitId: $v, problems: $p) { id cases { id } } }',
      { v: visits.atE1.id, p: [{ kind: 'MICRO_WISH', description: '希望车间加装降温风扇' }] });
    const after = await rows();
    if (keeps(caller, 'e1')) {
      expect(res.errors).toBeUndefined();
      expect(res.data!.addChairVisitProblems!.id).toBe(visits.atE1.id);
      expect(after.cases).toBe(before.cases + 1);
    } else {
      // Staff beside e1 do not see the visit at all; above it, it is not theirs to write.
      const unseen = { message: `No chair visit with id ${visits.atE1.id} exists that you can see. Check the id, or ask staff of a higher org.`, path: ['addChairVisitProblems'], extensions: { code: 'NOT_FOUND', ...fromService(caller, 'cases') } };
      expect(errorOf(res)).toEqual(isStaff(caller) && !model.seesOrg(caller, 'e1') ? unseen : writeRefusal(caller, 'addChairVisitProblems', 'e1'));
      expect(after).toEqual(before);
    }
  });

  test('a member sees the case raised for them on a visit, and nothing of the visit', async () => {
    const res = await g.gql<{ case: { id: string; channel: string; chairVisit: unknown } | null }>(tokens.member, 'query($id: ID!) { case(id: $id) { id channel chairVisit { id } } }', { id: visits.atE1.caseIds[0] });
    expect(res.errors).toBeUndefined();
    expect(res.data!.case).toEqual({ id: visits.atE1.caseIds[0], channel: 'CHAIR_VISIT_DAY', chairVisit: null });
    // Staff of the union see the visit on the same case.
    const staffView = await g.gql<{ case: { chairVisit: { id: string } | null } }>(tokens.d1, 'query($id: ID!) { case(id: $id) { chairVisit { id } } }', { id: visits.atE1.caseIds[0] });
    expect(staffView.data!.case.chairVisit).toEqual({ id: visits.atE1.id });
  });
});
