import { MemberRow, OrgHistoryRow, OrgPlaceRow, OrgRow, OutboxRow } from '@lianxin/members';
import { enginesForSuites } from '../harness/engines';
import { startTestGraph, type TestGraph } from '../harness/graph';
import { CALLERS, errorOf, fromService, refusedByRole, tokenFor, type CallerKey, type OrgKey } from './callers';
import { Oracle } from './oracle';

/**
 * Who may manage the org tree (建会, 更名, 调整, 合并, 撤销, 阵地信息), for every kind of caller.
 * Admins act anywhere; staff on what lies strictly below their own org (their own org is
 * FORBIDDEN, anything they cannot see NOT_FOUND naming the field); members, partners and
 * anonymous callers are refused by role. Every call is built to stop at a rule after the
 * access checks (a kind the level does not allow, the name it already has, the parent it
 * already has, a merge across levels, an org that still has members, hours for an
 * enterprise), so the matrix proves who gets how far, and that no refused call writes.
 */
const STAFF = 'union staff and admins';
const MANAGERS: CallerKey[] = ['admin', 'city', 'd1', 'd2', 's1', 'e1'];

interface Row {
  field: string;
  call: string;
  vars: (f: TestGraph['fixture']) => Record<string, unknown>;
  /** What a caller that may call the field gets: the code, and the field it names. */
  expect: (c: CallerKey, m: Oracle) => { code: string; field?: string; id?: OrgKey };
}

/** The org checks in the order the writers make them: the first org the caller cannot see is NOT_FOUND, its own is FORBIDDEN. */
const reach = (m: Oracle, c: CallerKey, steps: [OrgKey, string, 'change' | 'see'][], then: { code: string; field?: string }) => {
  for (const [org, field, need] of steps) {
    if (!m.seesOrg(c, org)) return { code: 'NOT_FOUND', field, id: org };
    if (need === 'change' && c !== 'admin' && m.home(c) === org) return { code: 'FORBIDDEN' };
  }
  return then;
};

const ROWS: Row[] = [
  {
    field: 'foundOrg',
    call: 'mutation($p: ID!) { foundOrg(input: { parentId: $p, name: "滨江新业态工会", kind: STREET }) { id } }',
    vars: (f) => ({ p: f.orgs.s1.id }),
    expect: (c, m) => reach(m, c, [['s1', 'parentId', 'see']], { code: 'BAD_USER_INPUT', field: 'kind' }),
  },
  {
    field: 'renameOrg',
    call: 'mutation($id: ID!, $n: String!) { renameOrg(id: $id, name: $n) { id } }',
    vars: (f) => ({ id: f.orgs.s1.id, n: f.orgs.s1.name }),
    expect: (c, m) => reach(m, c, [['s1', 'id', 'change']], { code: 'BAD_USER_INPUT', field: 'name' }),
  },
  {
    field: 'moveOrg',
    call: 'mutation($id: ID!, $p: ID!) { moveOrg(id: $id, parentId: $p) { id } }',
    vars: (f) => ({ id: f.orgs.s1.id, p: f.orgs.d1.id }),
    expect: (c, m) => reach(m, c, [['s1', 'id', 'change'], ['d1', 'parentId', 'see']], { code: 'BAD_USER_INPUT', field: 'parentId' }),
  },
  {
    field: 'mergeOrg',
    call: 'mutation($id: ID!, $into: ID!) { mergeOrg(id: $id, intoId: $into) { id } }',
    vars: (f) => ({ id: f.orgs.e1.id, into: f.orgs.s2.id }),
    expect: (c, m) => reach(m, c, [['e1', 'id', 'change'], ['s2', 'intoId', 'change']], { code: 'BAD_USER_INPUT', field: 'intoId' }),
  },
  {
    field: 'closeOrg',
    call: 'mutation($id: ID!) { closeOrg(id: $id) { id } }',
    vars: (f) => ({ id: f.orgs.e1.id }),
    expect: (c, m) => reach(m, c, [['e1', 'id', 'change']], { code: 'INVALID_STATE' }),
  },
  {
    field: 'setOrgPlace',
    call: 'mutation($o: ID!) { setOrgPlace(orgId: $o, place: { address: "滨江路1号", openingHours: "全天" }) { address } }',
    vars: (f) => ({ o: f.orgs.e1.id }),
    expect: (c, m) => reach(m, c, [['e1', 'orgId', 'see']], { code: 'BAD_USER_INPUT', field: 'openingHours' }),
  },
];

describe.each(enginesForSuites())('org tree management scoping on %s', (engine) => {
  let g: TestGraph;
  let model: Oracle;
  const tokens = {} as Record<CallerKey, string | undefined>;

  beforeAll(async () => {
    g = await startTestGraph(engine);
    model = new Oracle(g.fixture);
    for (const c of CALLERS) tokens[c] = await tokenFor(c, g.fixture);
  });
  afterAll(() => g?.stop());

  /** Everything a refused change must leave as it was. */
  const tree = async () => ({
    orgs: (await g.db.getRepository(OrgRow).find({ order: { id: 'ASC' } })).map((o) => [o.id, o.parentId, o.path, o.name, o.code, o.closedAt, o.version]),
    members: (await g.db.getRepository(MemberRow).find({ order: { id: 'ASC' } })).map((m) => [m.id, m.orgId, m.orgPath]),
    history: await g.db.getRepository(OrgHistoryRow).count(),
    places: await g.db.getRepository(OrgPlaceRow).count(),
    outbox: await g.db.getRepository(OutboxRow).count(),
  });

  describe.each(ROWS.map((r) => [r.field, r] as const))('%s', (field, row) => {
    test.each(CALLERS)('%s gets only as far as its place in the tree allows, and nothing is written', async (caller) => {
      const before = await tree();
      const res = await g.gql(tokens[caller], row.call, row.vars(g.fixture));
      expect(res.data?.[field] ?? null).toBeNull();
      if (!MANAGERS.includes(caller)) {
        expect(errorOf(res)).toEqual(refusedByRole(caller, 'members', field, STAFF));
      } else {
        const want = row.expect(caller, model);
        const err = errorOf(res) as { message: string; path: string[]; extensions: Record<string, unknown> };
        expect(err.extensions).toEqual({ code: want.code, ...(want.field ? { field: want.field } : {}), ...fromService(caller, 'members') });
        expect(err.path).toEqual([field]);
        if (want.code === 'NOT_FOUND') {
          expect(err.message).toBe(`${want.field}: No org with id ${g.fixture.orgs[want.id!].id} exists that you can see. Check the id, or ask staff of a higher org.`);
        }
      }
      expect(await tree()).toEqual(before);
      expect(await g.drainOrgChanges()).toEqual({ delivered: 0, failed: 0, dead: 0 });
    });
  });

  test.each(CALLERS)('Org.place and Org.history: %s reads them for the orgs it sees, members get no history', async (caller) => {
    const res = await g.gql<{ org: { place: unknown; history: { edges: unknown[] } | null; closedAt: string | null } | null }>(
      tokens[caller],
      'query($id: ID!) { org(id: $id) { closedAt place { address services } history(first: 5) { edges { node { action } } } } }',
      { id: g.fixture.orgs.e1.id },
    );
    if (caller === 'partner' || caller === 'anonymous') return expect(errorOf(res)).toEqual(refusedByRole(caller, 'members', 'org', 'union staff, admins and members'));
    if (!model.seesOrg(caller, 'e1')) return expect(res.data!.org).toBeNull();
    expect(res.data!.org).toEqual({ closedAt: null, place: null, history: caller === 'member' ? null : { edges: [] } });
  });
});
