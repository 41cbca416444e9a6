import { enginesForSuites } from '../harness/engines';
import { startTestGraph, type TestGraph } from '../harness/graph';
import { tokenFor } from './callers';

// When one subgraph is down, the fields it adds to another subgraph's types fail alone:
// they are nullable, so the gateway nulls just them and keeps the rest of the answer. Before,
// `Member.vouchers: [Voucher!]!` carried the null up to the root and blanked everything.
// Each case boots its own graph, because the stopped subgraph stays stopped.
const engine = enginesForSuites()[0];

interface Err { message: string; path?: (string | number)[]; extensions?: { code?: string; serviceName?: string } }

/** The errors name the stopped subgraph and nothing else failed. */
function onlyUnavailable(errors: Err[] | undefined, service: string): void {
  expect(errors?.length).toBeGreaterThan(0);
  for (const e of errors ?? []) {
    expect(e.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    expect(e.message).toContain(`${service} service did not answer`);
  }
}

describe(`partial data when one subgraph is down (${engine})`, () => {
  let g: TestGraph | undefined;
  afterEach(async () => {
    await g?.stop();
    g = undefined;
  });

  test('benefits down: members arrive with vouchers null, and a root field of benefits is null beside them', async () => {
    g = await startTestGraph(engine, { subgraphTimeoutMs: 1500 });
    const city = (await tokenFor('city', g.fixture))!;
    const query = `query($code: String!) {
      members(first: 3) { edges { node { id name vouchers { edges { node { id } } } } } }
      orgByCode(code: $code) { id name }
      programmes(first: 1) { edges { node { id } } }
    }`;
    const code = g.fixture.orgs.city.code;
    const before = await g.gql<{ members: { edges: { node: { vouchers: { edges: unknown } } }[] } }>(city, query, { code });
    expect(before.errors).toBeUndefined();
    expect(before.data?.members.edges.length).toBe(3);
    for (const e of before.data!.members.edges) expect(Array.isArray(e.node.vouchers.edges)).toBe(true);

    await g.stopBenefits();
    const res = await g.gql<{ members: { edges: { node: { id: string; name: string; vouchers: unknown } }[] }; orgByCode: unknown; programmes: unknown }>(city, query, { code });
    onlyUnavailable(res.errors, 'benefits');
    expect(res.data?.members.edges.length).toBe(3);
    for (const e of res.data!.members.edges) {
      expect(e.node.name).toEqual(expect.any(String));
      expect(e.node.vouchers).toBeNull();
    }
    expect(res.data?.orgByCode).toEqual({ id: g.fixture.orgs.city.id, name: g.fixture.orgs.city.name });
    expect(res.data?.programmes).toBeNull();
  });

  test('cases down: the member reads their own profile with cases null; a root field of cases is null beside a members one', async () => {
    g = await startTestGraph(engine, { subgraphTimeoutMs: 1500 });
    const member = (await tokenFor('member', g.fixture))!;
    const query = '{ me { id name cases { edges { node { id } } } } verifyLedger(caseId: "01KAXB3ZJ4N5P6Q7R8S9T0V1C1") { ok } }';
    const before = await g.gql<{ me: { cases: { edges: unknown[] } } }>(member, query);
    expect(before.errors).toBeUndefined();
    expect(before.data?.me.cases).toEqual({ edges: [] });

    await g.stopCases();
    const res = await g.gql(member, query);
    onlyUnavailable(res.errors, 'cases');
    expect(res.data).toEqual({ me: { id: g.fixture.members.m1.id, name: g.fixture.members.m1.name, cases: null }, verifyLedger: null });
  });

  test('members down: a case list still arrives; only the member, which comes from members, is null', async () => {
    g = await startTestGraph(engine, { subgraphTimeoutMs: 1500 });
    const member = (await tokenFor('member', g.fixture))!;
    const e1 = (await tokenFor('e1', g.fixture))!;
    const raised = await g.gql<{ raiseCase: { id: string } }>(member, 'mutation { raiseCase(input: { kind: MICRO_WISH, channel: WECHAT, description: "宿舍热水器坏了" }) { id } }');
    expect(raised.errors).toBeUndefined();
    const query = '{ cases(first: 5) { edges { node { id state raisedOrg { id name } member { id name } } } } }';
    const m1 = g.fixture.members.m1;
    const before = await g.gql(e1, query);
    expect(before.errors).toBeUndefined();
    const node = { id: raised.data!.raiseCase.id, state: 'REGISTERED', raisedOrg: { id: g.fixture.orgs.e1.id, name: g.fixture.orgs.e1.name } };
    expect(before.data).toEqual({ cases: { edges: [{ node: { ...node, member: { id: m1.id, name: m1.name } } }] } });

    await g.stopMembers();
    const res = await g.gql(e1, query);
    onlyUnavailable(res.errors, 'members');
    // The org name is @shareable: cases answers it from its own copy of the org directory,
    // so it survives; the member's name lives in members alone, so the member is null.
    expect(res.data).toEqual({ cases: { edges: [{ node: { ...node, member: null } }] } });
  });
});
