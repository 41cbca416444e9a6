import { enginesForSuites } from '../harness/engines';
import { startTestGraph, type TestGraph } from '../harness/graph';
import { memberTokenFor, staffTokenFor, tokenFor, type OrgKey } from './callers';
import { handlerAt, must, raise, rowState, type CaseView } from './cases-helpers';

// A district's case list holds every case raised or handled in its subtree, most of which it
// can only supervise. These filters give the desk its own work: the cases handled at the org
// itself, and the ones waiting on it. And staff name the receiving org of a transfer by the
// code printed on its documents, not only by id.

const LIST = 'query($f: CaseFilter!) { cases(first: 100, filter: $f) { edges { node { id } } } }';
const TRANSFER_BY_CODE = 'mutation($id: ID!, $code: String, $to: ID) { transferCase(id: $id, toOrgCode: $code, toOrgId: $to) { id state handlingOrg { id } } }';

describe.each(enginesForSuites())('case lists for the desk, on %s', (engine) => {
  let g: TestGraph;
  const staff = {} as Record<OrgKey, string>;
  let m1: string;
  let admin: string;
  /** Raised at d1 and kept there. */
  let atD1: CaseView;
  /** Raised at d1, then transferred to s1 by code. */
  let sentDown: CaseView;
  /** m1's micro-wish at e1. */
  let wish: CaseView;
  /** m1's legal-aid case at e1, resolved there: a higher level signs it off. */
  let legal: CaseView;

  const ids = async (token: string, f: Record<string, unknown>): Promise<string[]> => {
    const res = await g.gql<{ cases: { edges: { node: { id: string } }[] } }>(token, LIST, { f });
    expect(res.errors).toBeUndefined();
    return res.data!.cases.edges.map((e) => e.node.id).sort();
  };
  const sorted = (...cs: CaseView[]) => cs.map((c) => c.id).sort();

  beforeAll(async () => {
    g = await startTestGraph(engine);
    for (const o of Object.keys(g.fixture.orgs) as OrgKey[]) staff[o] = await staffTokenFor(o, g.fixture);
    m1 = await memberTokenFor('m1', g.fixture);
    admin = (await tokenFor('admin', g.fixture))!;
    atD1 = await raise(g, staff.d1, { channel: 'HOTLINE_12351', description: '来电反映工地欠薪，请求协调' });
    sentDown = await raise(g, staff.d1, { channel: 'HOTLINE_12351', description: '来电反映街道站点缺少饮水设施' });
    wish = await raise(g, m1, { description: '希望宿舍区增设快递柜' });
    legal = await raise(g, m1, { kind: 'LEGAL_AID', channel: 'WECHAT', description: '被拖欠三个月工资，请求法律援助' });
    await must(g, staff.e1, 'accept', { id: legal.id, ...handlerAt(g, 'e1') });
    legal = await must(g, staff.e1, 'resolve', { id: legal.id, resolution: '已协助申请劳动仲裁并追回工资' });
  });
  afterAll(() => g?.stop());

  test('a transfer names the receiving org by its code, written any case', async () => {
    const res = await g.gql<{ transferCase: { id: string; state: string; handlingOrg: { id: string } } }>(staff.d1, TRANSFER_BY_CODE, { id: sentDown.id, code: ' lj-01-01 ' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.transferCase).toEqual({ id: sentDown.id, state: 'TRANSFERRED', handlingOrg: { id: g.fixture.orgs.s1.id } });
  });

  test('a transfer by a code that names no org, by both or by neither, is refused and changes nothing', async () => {
    const before = await rowState(g.casesDb, atD1.id);
    const unknown = await g.gql(staff.d1, TRANSFER_BY_CODE, { id: atD1.id, code: 'LJ-09-09' });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(unknown.errors?.[0]?.message).toMatch(/No org with code LJ-09-09/);
    const both = await g.gql(staff.d1, TRANSFER_BY_CODE, { id: atD1.id, code: 'LJ-01-01', to: g.fixture.orgs.s1.id });
    expect(both.errors?.[0]).toMatchObject({ message: expect.stringMatching(/either by id \(toOrgId\) or by code \(toOrgCode\)/), extensions: { code: 'BAD_USER_INPUT' } });
    const neither = await g.gql(staff.d1, TRANSFER_BY_CODE, { id: atD1.id });
    expect(neither.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // d2's street lies outside d1's subtree: the transfer rules refuse it as they would its id.
    const outside = await g.gql(staff.d1, TRANSFER_BY_CODE, { id: atD1.id, code: g.fixture.orgs.s2.code });
    expect(outside.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await rowState(g.casesDb, atD1.id)).toEqual(before);
  });

  test('handledHere: the district sees the case it keeps, not those below it', async () => {
    expect(await ids(staff.d1, {})).toEqual(sorted(atD1, sentDown, wish, legal));
    expect(await ids(staff.d1, { handledHere: true })).toEqual(sorted(atD1));
    expect(await ids(staff.s1, { handledHere: true })).toEqual(sorted(sentDown));
    expect(await ids(staff.e1, { handledHere: true })).toEqual(sorted(wish, legal));
  });

  test('needsMyAction: each desk gets what waits on it, sign-offs for the higher level included', async () => {
    // d1 keeps a REGISTERED case; legal aid resolved at e1 needs a higher level's sign-off.
    expect(await ids(staff.d1, { needsMyAction: true })).toEqual(sorted(atD1, legal));
    // s1 must accept the transfer, and is also a higher level for e1's legal-aid case.
    expect(await ids(staff.s1, { needsMyAction: true })).toEqual(sorted(sentDown, legal));
    // e1 must accept the wish; its resolved legal-aid case is now up to a higher level.
    expect(await ids(staff.e1, { needsMyAction: true })).toEqual(sorted(wish));
    // d2's desk has nothing of d1's.
    expect(await ids(staff.d2, { needsMyAction: true })).toEqual([]);
    // Signed off at the district, the legal-aid case waits on nobody's desk but the member's.
    await must(g, staff.d1, 'signOff', { id: legal.id });
    expect(await ids(staff.d1, { needsMyAction: true })).toEqual(sorted(atD1));
    expect(await ids(staff.s1, { needsMyAction: true })).toEqual(sorted(sentDown));
  });

  test('the filters are about one org: an admin without one is told to name it', async () => {
    const res = await g.gql(admin, LIST, { f: { needsMyAction: true } });
    expect(res.errors?.[0]).toMatchObject({ message: 'filter.needsMyAction: is about one org: name it with filter.orgId', extensions: { code: 'BAD_USER_INPUT' } });
    expect(await ids(admin, { orgId: g.fixture.orgs.e1.id, needsMyAction: true })).toEqual(sorted(wish));
  });

  // Last, since it raises a case of its own that the lists above do not expect.
  test('channel and urgency narrow the whole list, not just a page, and keep to the subtree', async () => {
    expect(await ids(staff.d1, { channel: 'HOTLINE_12351' })).toEqual(sorted(atD1, sentDown));
    expect(await ids(staff.d1, { channel: 'WECHAT' })).toEqual(sorted(legal));
    expect(await ids(staff.d1, { channel: 'CHAIR_VISIT_DAY' })).toEqual([]);
    const urgent = await raise(g, staff.d1, { channel: 'CHAIR_VISIT_DAY', urgency: 'URGENT', description: '主席接待日反映夜班骑手缺少休息点' });
    expect(await ids(staff.d1, { urgency: 'URGENT' })).toEqual(sorted(urgent));
    expect(await ids(staff.d1, { channel: 'CHAIR_VISIT_DAY', urgency: 'URGENT', handledHere: true })).toEqual(sorted(urgent));
    expect(await ids(staff.d1, { channel: 'CHAIR_VISIT_DAY', urgency: 'NORMAL' })).toEqual([]);
    // The sibling district sees none of it, however it filters; an admin sees it across the tree.
    expect(await ids(staff.d2, { channel: 'CHAIR_VISIT_DAY' })).toEqual([]);
    expect(await ids(staff.d2, { urgency: 'URGENT' })).toEqual([]);
    expect(await ids(admin, { urgency: 'URGENT' })).toContain(urgent.id);
    const bad = await g.gql(staff.d1, LIST, { f: { channel: 'FAX' } });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
