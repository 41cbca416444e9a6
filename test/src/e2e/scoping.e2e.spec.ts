import { INTERNAL_TOKEN_HEADER } from '@lianxin/auth';
import { MemberChildRow, MemberRow, PiiAccessRow, piiHash } from '@lianxin/members';
import { idNumber, matrixRuns } from '../harness/fixtures';
import { startTestGraph, type TestGraph } from '../harness/graph';
import { CALLERS, errorOf, internalTokenFor, refusedByRole, tokenFor, unseenThrough, type CallerKey, type MemberKey, type OrgKey } from './callers';
import { Oracle } from './oracle';

const STAFF_OR_ADMIN: CallerKey[] = ['admin', 'city', 'd1', 'd2', 's1', 'e1'];
const ORG_READERS: CallerKey[] = [...STAFF_OR_ADMIN, 'member'];

/** Who the fields here are for, as their refusals say it. */
const STAFF = 'union staff and admins';
const READERS = 'union staff, admins and members';

describe.each(matrixRuns())('scoping matrix on $name', ({ engine, graph }) => {
  let g: TestGraph;
  /** Who sees what, from the fixture's org paths. */
  let model: Oracle;
  const tokens = {} as Record<CallerKey, string | undefined>;

  beforeAll(async () => {
    g = await startTestGraph(engine, graph);
    model = new Oracle(g.fixture);
    for (const c of CALLERS) tokens[c] = await tokenFor(c, g.fixture);
  });
  afterAll(() => g?.stop());

  const orgKeyOf = (id: string) => (Object.entries(g.fixture.orgs).find(([, org]) => org.id === id)?.[0] ?? id) as OrgKey;
  const memberKeyOf = (id: string) => (Object.entries(g.fixture.members).find(([, m]) => m.id === id)?.[0] ?? id) as MemberKey;

  describe('org(id)', () => {
    test.each(CALLERS)('%s sees exactly its orgs', async (caller) => {
      const seen: OrgKey[] = [];
      for (const key of model.orgKeys) {
        const res = await g.gql<{ org: { id: string } | null }>(tokens[caller], 'query($id: ID!) { org(id: $id) { id name } }', { id: g.fixture.orgs[key].id });
        if (!ORG_READERS.includes(caller)) {
          expect(errorOf(res)).toEqual(refusedByRole(caller, 'members', 'org', READERS));
          expect(res.data?.org ?? null).toBeNull();
          continue;
        }
        expect(res.errors).toBeUndefined();
        if (res.data?.org) seen.push(orgKeyOf(res.data.org.id));
      }
      expect(seen.sort()).toEqual(model.orgsSeenBy(caller).sort());
    });
  });

  describe('member(id)', () => {
    test.each(CALLERS)('%s sees exactly its members', async (caller) => {
      const seen: MemberKey[] = [];
      for (const key of model.memberKeys) {
        const res = await g.gql<{ member: { id: string } | null }>(tokens[caller], 'query($id: ID!) { member(id: $id) { id name } }', { id: g.fixture.members[key].id });
        if (!ORG_READERS.includes(caller)) {
          expect(errorOf(res)).toEqual(refusedByRole(caller, 'members', 'member', READERS));
          continue;
        }
        expect(res.errors).toBeUndefined();
        if (res.data?.member) seen.push(memberKeyOf(res.data.member.id));
      }
      expect(seen.sort()).toEqual(model.membersSeenBy(caller).sort());
    });
  });

  describe('members list', () => {
    test.each(CALLERS)('%s', async (caller) => {
      const res = await g.gql<{ members: { edges: { node: { id: string } }[] } }>(tokens[caller], '{ members(first: 100) { edges { node { id org { code } } } } }');
      if (!STAFF_OR_ADMIN.includes(caller)) {
        expect(errorOf(res)).toEqual(refusedByRole(caller, 'members', 'members', STAFF));
        expect(res.data?.members ?? null).toBeNull();
        return;
      }
      expect(res.errors).toBeUndefined();
      expect(res.data!.members.edges.map((e) => memberKeyOf(e.node.id)).sort()).toEqual(model.membersSeenBy(caller).sort());
    });

    test('narrowing to an org outside the scope finds nothing', async () => {
      const res = await g.gql<{ members: { edges: unknown[] } }>(tokens.d2, 'query($o: ID) { members(filter: { orgId: $o }) { edges { node { id } } } }', { o: g.fixture.orgs.e1.id });
      expect(res.errors).toBeUndefined();
      expect(res.data!.members.edges).toEqual([]);
    });
  });

  describe('orgs search and tree fields', () => {
    test.each(CALLERS.filter((c) => !STAFF_OR_ADMIN.includes(c)))('%s may not search', async (caller) => {
      const res = await g.gql<{ orgs: unknown }>(tokens[caller], '{ orgs(search: { first: 10 }) { id } }');
      expect(errorOf(res)).toEqual(refusedByRole(caller, 'members', 'orgs', STAFF));
      expect(res.data?.orgs ?? null).toBeNull();
    });

    test.each(STAFF_OR_ADMIN)('%s searches only its scope', async (caller) => {
      const res = await g.gql<{ orgs: { id: string }[] }>(tokens[caller], '{ orgs(search: { text: "工会", first: 100 }) { id } }');
      expect(res.errors).toBeUndefined();
      expect(res.data!.orgs.map((x) => orgKeyOf(x.id)).sort()).toEqual(model.orgsSeenBy(caller).sort());
    });

    test('a district sees its subtree but not its parent', async () => {
      const res = await g.gql<{ org: { parent: unknown; ancestors: unknown[]; children: { code: string }[]; subtree: { edges: { node: { code: string } }[] }; memberCount: number } }>(
        tokens.d1,
        'query($id: ID!) { org(id: $id) { parent { id } ancestors { id } children { code } subtree(first: 500) { edges { node { code } } } memberCount } }',
        { id: g.fixture.orgs.d1.id },
      );
      expect(res.errors).toBeUndefined();
      const code = (k: OrgKey) => ({ code: g.fixture.orgs[k].code });
      const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : 1);
      // Children by code; the subtree in tree order (by path: every org before what lies under it).
      const below = model.treeOrder(model.orgKeys.filter((k) => model.below(k, 'd1')));
      expect(res.data!.org).toEqual({
        parent: null,
        ancestors: [],
        children: model.children('d1').map(code).sort(byCode),
        subtree: { edges: below.map((k) => ({ node: code(k) })) },
        memberCount: model.memberKeys.filter((m) => model.under(model.orgOf(m), 'd1')).length,
      });
    });

    test('city staff counts members per subtree', async () => {
      const res = await g.gql<{ org: { memberCount: number; children: { code: string; memberCount: number }[] } }>(
        tokens.city,
        'query($id: ID!) { org(id: $id) { memberCount children { code memberCount } } }',
        { id: g.fixture.orgs.city.id },
      );
      const count = (at: OrgKey) => model.memberKeys.filter((m) => model.under(model.orgOf(m), at)).length;
      const children = model.children('city').map((k) => ({ code: g.fixture.orgs[k].code, memberCount: count(k) })).sort((a, b) => (a.code < b.code ? -1 : 1));
      expect(res.data!.org).toEqual({ memberCount: model.memberKeys.length, children });
    });

    test('a member sees their org and its ancestors only', async () => {
      const res = await g.gql<{ me: { org: { code: string; ancestors: { code: string }[] } } }>(tokens.member, '{ me { name org { code ancestors { code } } } }');
      expect(res.errors).toBeUndefined();
      const home = model.orgOf('m1');
      expect(res.data!.me.org).toEqual({ code: g.fixture.orgs[home].code, ancestors: model.ancestors(home).map((k) => ({ code: g.fixture.orgs[k].code })) });
    });
  });

  describe('orgByCode', () => {
    test.each(CALLERS)('%s finds exactly its orgs by code', async (caller) => {
      const seen: OrgKey[] = [];
      for (const key of model.orgKeys) {
        const res = await g.gql<{ orgByCode: { id: string } | null }>(tokens[caller], 'query($c: String!) { orgByCode(code: $c) { id } }', { c: g.fixture.orgs[key].code });
        if (!ORG_READERS.includes(caller)) {
          expect(errorOf(res)).toEqual(refusedByRole(caller, 'members', 'orgByCode', READERS));
          continue;
        }
        expect(res.errors).toBeUndefined();
        if (res.data?.orgByCode) seen.push(orgKeyOf(res.data.orgByCode.id));
      }
      expect(seen.sort()).toEqual(model.orgsSeenBy(caller).sort());
    });
  });

  describe('me', () => {
    test.each(CALLERS)('%s', async (caller) => {
      const res = await g.gql<{ me: { id: string } | null }>(tokens[caller], '{ me { id } }');
      if (caller === 'member') {
        expect(res.data!.me!.id).toBe(g.fixture.members.m1.id);
      } else {
        expect(errorOf(res)).toEqual(refusedByRole(caller, 'members', 'me', 'members'));
        expect(res.data?.me ?? null).toBeNull();
      }
    });
  });

  describe('joinTarget (public)', () => {
    test.each(CALLERS)('%s sees only the name and level behind a join code', async (caller) => {
      const res = await g.gql<{ joinTarget: unknown }>(tokens[caller], 'query($c: String!) { joinTarget(joinCode: $c) { orgName level } }', { c: g.fixture.orgs.e3.joinCode });
      expect(res.errors).toBeUndefined();
      expect(res.data!.joinTarget).toEqual({ orgName: g.fixture.orgs.e3.name, level: 'ENTERPRISE' });
    });
  });

  describe('_scopeAnchor (the gateway\'s own lookup)', () => {
    test('is not part of the public graph', async () => {
      const res = await g.gql(tokens.admin, 'query($o: ID) { _scopeAnchor(orgId: $o) { path } }', { o: g.fixture.orgs.d1.id });
      expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });

    test.each(CALLERS.filter((c) => c !== 'anonymous'))('%s cannot call it on the subgraph either', async (caller) => {
      const { body } = await g.post(g.membersUrl, { query: 'query($o: ID) { _scopeAnchor(orgId: $o) { path } }', variables: { o: g.fixture.orgs.d1.id } }, { [INTERNAL_TOKEN_HEADER]: await internalTokenFor(caller, g.fixture) });
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((body.data as { _scopeAnchor?: unknown } | null)?._scopeAnchor ?? null).toBeNull();
    });
  });

  describe('_entities called directly on the subgraph', () => {
    test.each(CALLERS.filter((c) => c !== 'anonymous'))('%s resolves only in-scope references', async (caller) => {
      const reps = [
        ...model.orgKeys.map((k) => ({ __typename: 'Org', id: g.fixture.orgs[k].id })),
        ...model.memberKeys.map((k) => ({ __typename: 'Member', id: g.fixture.members[k].id })),
      ];
      const { status, body } = await g.post(
        g.membersUrl,
        { query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Org { id } ... on Member { id } } }', variables: { r: reps } },
        { [INTERNAL_TOKEN_HEADER]: await internalTokenFor(caller, g.fixture) },
      );
      expect(status).toBe(200);
      const got = (body.data as { _entities: ({ id: string } | null)[] })._entities;
      expect(got).toHaveLength(reps.length);
      const orgs = got.slice(0, model.orgKeys.length).flatMap((e) => (e ? [orgKeyOf(e.id)] : []));
      const members = got.slice(model.orgKeys.length).flatMap((e) => (e ? [memberKeyOf(e.id)] : []));
      expect(orgs.sort()).toEqual(model.orgsSeenBy(caller).sort());
      expect(members.sort()).toEqual(model.membersSeenBy(caller).sort());
    });

    test('without an internal token the subgraph refuses everything', async () => {
      const { status, body } = await g.post(g.membersUrl, { query: '{ _service { sdl } }' });
      expect(status).toBe(401);
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    test('a client token, or a token minted for another subgraph, is refused', async () => {
      for (const token of [tokens.admin!, await internalTokenFor('admin', g.fixture, 'cases')]) {
        const { status, body } = await g.post(g.membersUrl, { query: '{ members { edges { node { id } } } }' }, { [INTERNAL_TOKEN_HEADER]: token, authorization: `Bearer ${tokens.admin}` });
        expect(status).toBe(401);
        expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      }
    });
  });

  describe('updateMember', () => {
    test.each(CALLERS)('%s changes exactly the members in its scope', async (caller) => {
      for (const key of model.memberKeys) {
        const before = await g.db.getRepository(MemberRow).findOneByOrFail({ id: g.fixture.members[key].id });
        const res = await g.gql<{ updateMember: { version: number } }>(
          tokens[caller],
          'mutation($id: ID!, $v: Int!) { updateMember(id: $id, input: { modelWorker: true, expectedVersion: $v }) { version } }',
          { id: before.id, v: before.version },
        );
        const after = await g.db.getRepository(MemberRow).findOneByOrFail({ id: before.id });
        const allowed = STAFF_OR_ADMIN.includes(caller) && model.seesMember(caller, key);
        if (allowed) {
          expect(res.errors).toBeUndefined();
          expect(after.version).toBe(before.version + 1);
          expect(after.modelWorker).toBe(true);
        } else {
          expect(errorOf(res)).toEqual(STAFF_OR_ADMIN.includes(caller) ? unseenThrough(caller, 'members', 'updateMember', 'member', before.id) : refusedByRole(caller, 'members', 'updateMember', STAFF));
          expect(after).toEqual(before);
        }
      }
    });
  });

  describe('enrolMember', () => {
    let seq = 100;
    test.each(CALLERS)('%s enrols only into enterprises in its scope', async (caller) => {
      for (const org of model.orgKeys.filter((k) => g.fixture.orgs[k].level === 'ENTERPRISE')) {
        const id = idNumber('1992-02-02', seq++);
        const res = await g.gql<{ enrolMember: { id: string } }>(
          tokens[caller],
          'mutation($input: EnrolMemberInput!) { enrolMember(input: $input) { id org { code } } }',
          { input: { orgId: g.fixture.orgs[org].id, name: '测试会员', gender: 'MALE', idNumber: id, phone: '13700001111', employmentType: 'COURIER' } },
        );
        const stored = await g.db.getRepository(MemberRow).countBy({ idNumberHash: piiHash('idNumber', id) });
        const allowed = STAFF_OR_ADMIN.includes(caller) && model.seesOrg(caller, org);
        if (allowed) {
          expect(res.errors).toBeUndefined();
          expect(stored).toBe(1);
        } else {
          expect(errorOf(res)).toEqual(STAFF_OR_ADMIN.includes(caller) ? unseenThrough(caller, 'members', 'enrolMember', 'org', g.fixture.orgs[org].id) : refusedByRole(caller, 'members', 'enrolMember', STAFF));
          expect(stored).toBe(0);
        }
      }
    });
  });

  describe('addMemberChild', () => {
    test.each(CALLERS)('%s adds children only to members in its scope', async (caller) => {
      for (const key of model.memberKeys) {
        const memberId = g.fixture.members[key].id;
        const before = await g.db.getRepository(MemberChildRow).countBy({ memberId });
        const res = await g.gql(tokens[caller], 'mutation($m: ID!) { addMemberChild(memberId: $m, input: { name: "小安", gender: FEMALE, birthDate: "2018-04-04", schoolStage: PRIMARY }) { id } }', { m: memberId });
        const after = await g.db.getRepository(MemberChildRow).countBy({ memberId });
        if (STAFF_OR_ADMIN.includes(caller) && model.seesMember(caller, key)) {
          expect(res.errors).toBeUndefined();
          expect(after).toBe(before + 1);
        } else {
          expect(errorOf(res)).toEqual(STAFF_OR_ADMIN.includes(caller) ? unseenThrough(caller, 'members', 'addMemberChild', 'member', memberId) : refusedByRole(caller, 'members', 'addMemberChild', STAFF));
          expect(after).toBe(before);
        }
      }
    });
  });

  describe('personal data', () => {
    const q = 'query($id: ID!, $r: Boolean!) { member(id: $id) { idNumber(reveal: $r) phone(reveal: $r) } }';

    test('masked by default for everyone who can see the member', async () => {
      for (const caller of ['admin', 'city', 'e1', 'member'] as CallerKey[]) {
        const res = await g.gql<{ member: { idNumber: string; phone: string } }>(tokens[caller], q, { id: g.fixture.members.m1.id, r: false });
        expect(res.data!.member).toEqual({ idNumber: '339901********0116'.replace('0116', g.fixture.members.m1.idNumber.slice(-4)), phone: '138****5678' });
      }
    });

    test('staff without pii:read cannot reveal, and nothing is audited', async () => {
      const audits = await g.db.getRepository(PiiAccessRow).count();
      const res = await g.gql(tokens.e1, q, { id: g.fixture.members.m1.id, r: true });
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(JSON.stringify(res)).not.toContain(g.fixture.members.m1.idNumber);
      expect(await g.db.getRepository(PiiAccessRow).count()).toBe(audits);
    });

    test('staff with pii:read see full values, each read audited', async () => {
      const token = await tokenFor('e1', g.fixture, ['pii:read']);
      const res = await g.gql<{ member: { idNumber: string; phone: string } }>(token, q, { id: g.fixture.members.m1.id, r: true });
      expect(res.errors).toBeUndefined();
      expect(res.data!.member).toEqual({ idNumber: g.fixture.members.m1.idNumber, phone: g.fixture.members.m1.phone });
      const rows = await g.db.getRepository(PiiAccessRow).findBy({ memberId: g.fixture.members.m1.id, actorSub: 'staff-e1' });
      expect(rows.map((r) => r.field).sort()).toEqual(['idNumber', 'phone']);
    });

    test.each(CALLERS)('piiAccessLog: %s reads the audit of exactly the members in its scope', async (caller) => {
      // Reads of m1's data (by e1) and of m4's (by d2), so the log holds entries on both sides of the tree.
      for (const [key, member] of [['e1', 'm1'], ['d2', 'm4']] as const) {
        await g.gql(await tokenFor(key, g.fixture, ['pii:read']), q, { id: g.fixture.members[member].id, r: true });
      }
      type Entry = { memberId: string; field: string; member: { id: string } | null; actorOrgId: string | null; actorOrg: { id: string } | null };
      const res = await g.gql<{ piiAccessLog: { edges: { node: Entry }[] } }>(tokens[caller], 'query { piiAccessLog(first: 500) { edges { node { memberId field member { id } actorOrgId actorOrg { id } } } } }');
      if (!STAFF_OR_ADMIN.includes(caller)) return expect(errorOf(res)).toEqual(refusedByRole(caller, 'members', 'piiAccessLog', 'union staff and admins'));
      const seen = new Set(res.data!.piiAccessLog.edges.map((e) => memberKeyOf(e.node.memberId)));
      for (const { node } of res.data!.piiAccessLog.edges) {
        // Whose data, and from which org it was read: the member is in scope; the reader's org shows where the caller sees it.
        expect(node.member?.id).toBe(node.memberId);
        expect([null, node.actorOrgId]).toContain(node.actorOrg?.id ?? null);
        if (caller === 'admin') expect(node.actorOrg?.id ?? null).toBe(node.actorOrgId);
      }
      const logged = new Set((await g.db.getRepository(PiiAccessRow).find()).map((r) => memberKeyOf(r.memberId)));
      expect([...seen].sort()).toEqual([...logged].filter((k) => model.seesMember(caller, k)).sort());
      expect(seen.size).toBeGreaterThan(0);
    });

    test('pii:read does not widen the scope', async () => {
      const token = await tokenFor('d2', g.fixture, ['pii:read']);
      const res = await g.gql<{ member: unknown }>(token, q, { id: g.fixture.members.m1.id, r: true });
      expect(res.errors).toBeUndefined();
      expect(res.data!.member).toBeNull();
    });
  });
});
