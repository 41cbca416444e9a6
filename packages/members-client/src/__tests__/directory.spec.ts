import { InternalClient, scopeOf } from '@lianxin/auth';
import { DomainError, ErrorCode, type OrgDirectory, type OrgInfo, type SubgraphContext } from '@lianxin/subgraph';
import { MemberFactsClient, type MemberFacts } from '../facts';
import { MembersOrgDirectory } from '../directory';
import { visibleOrg, visibleOrgs } from '../visible';

const org = (id: string, path: string, parentId: string | null = null): OrgInfo => ({ id, parentId, path, code: `C-${id}`, level: 'STREET', name: `Org ${id}` });
const CITY = org('A', '/A/');
const DISTRICT = org('B', '/A/B/', 'A');
const OTHER = org('C', '/A/C/', 'A');

/** The members subgraph as a recorded list of calls, answering from a fixed tree. */
function fakeMembers(tree: OrgInfo[], facts: MemberFacts[] = []) {
  const calls: { query: string; variables: Record<string, unknown> }[] = [];
  let down = false;
  const client = new InternalClient({
    url: 'http://members.test/graphql',
    token: async () => 'token',
    unavailable: () => new DomainError(ErrorCode.UNAVAILABLE, 'members is down'),
    post: async (_url, init) => {
      if (down) throw new Error('ECONNREFUSED');
      const { query, variables } = JSON.parse(init.body) as { query: string; variables: Record<string, unknown> };
      calls.push({ query, variables });
      const ids = (variables.ids as string[] | undefined) ?? [];
      const codes = (variables.codes as string[] | undefined) ?? [];
      const data = query.includes('_memberFacts')
        ? { _memberFacts: facts.filter((f) => ids.includes(f.id)) }
        : { _orgDirectory: tree.filter((o) => ids.includes(o.id) || codes.includes(o.code)) };
      return { json: async () => ({ data }) };
    },
  });
  return { client, calls, goDown: () => (down = true) };
}

describe('MembersOrgDirectory: the org tree as members answers it', () => {
  test('asks once for all the misses of a call, then answers from its cache', async () => {
    const members = fakeMembers([CITY, DISTRICT, OTHER]);
    const sut = new MembersOrgDirectory(members.client);
    const first = await sut.orgs(['A', 'B', 'B', 'nope']);
    expect([...first.keys()].sort()).toEqual(['A', 'B']);
    expect(members.calls).toHaveLength(1);
    expect(members.calls[0].variables).toEqual({ ids: ['A', 'B', 'nope'] });
    expect(await sut.org('B')).toEqual(DISTRICT);
    expect(members.calls).toHaveLength(1);
  });

  test('a code lookup warms the id cache', async () => {
    const members = fakeMembers([CITY, DISTRICT]);
    const sut = new MembersOrgDirectory(members.client);
    expect(await sut.orgByCode('C-B')).toEqual(DISTRICT);
    expect(await sut.org('B')).toEqual(DISTRICT);
    expect(members.calls).toHaveLength(1);
  });

  test('members down is SERVICE_UNAVAILABLE, not an empty answer', async () => {
    const members = fakeMembers([CITY]);
    members.goDown();
    await expect(new MembersOrgDirectory(members.client).org('A')).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
  });

  test('following members\' feed: a rename drops that org, a move everything; staff and member changes drop nothing', async () => {
    const members = fakeMembers([CITY, DISTRICT, OTHER]);
    const changes: { seq: number; kind: string; subject: string }[] = [];
    const sut = new MembersOrgDirectory(members.client);
    const feed = sut.follow({ pollMs: 1000 }, async (after) => ({ head: changes.length, overflow: false, changes: after === null ? [] : changes.slice(after) }));
    await feed.poll();
    await sut.orgs(['A', 'B', 'C']);
    const asked = () => members.calls.map((c) => (c.variables.ids as string[]).join(','));
    changes.push({ seq: 1, kind: 'ORG_NAME', subject: 'B' }, { seq: 2, kind: 'STAFF', subject: 'idp|x' }, { seq: 3, kind: 'MEMBER', subject: 'M1' });
    await feed.poll();
    await sut.orgs(['A', 'B', 'C']);
    expect(asked()).toEqual(['A,B,C', 'B']);
    changes.push({ seq: 4, kind: 'ORG', subject: 'C' });
    await feed.poll();
    await sut.orgs(['A', 'B', 'C']);
    expect(asked()).toEqual(['A,B,C', 'B', 'A,B,C']);
  });
});

describe('MemberFactsClient', () => {
  const facts: MemberFacts = { id: 'M1', orgId: 'B', orgPath: '/A/B/', name: '王建国', status: 'ACTIVE', employmentType: 'COURIER', modelWorker: false, hardshipTier: null, children: [] };

  test('remembers a member that does not exist as well as one that does, and forgets on demand', async () => {
    const members = fakeMembers([], [facts]);
    const sut = new MemberFactsClient(members.client);
    expect([...(await sut.get(['M1', 'M2'])).keys()]).toEqual(['M1']);
    expect(await sut.one('M2')).toBeNull();
    expect(await sut.one('M1')).toEqual(facts);
    expect(members.calls).toHaveLength(1);
    sut.forget('M1');
    await sut.one('M1');
    expect(members.calls).toHaveLength(2);
    expect(members.calls[1].variables).toEqual({ ids: ['M1'] });
  });
});

describe('visibleOrgs / visibleOrg: one answer for missing and out of scope', () => {
  const directory: OrgDirectory = {
    orgs: async (ids) => new Map([CITY, DISTRICT, OTHER].filter((o) => ids.includes(o.id)).map((o) => [o.id, o])),
    org: async (id) => [CITY, DISTRICT, OTHER].find((o) => o.id === id) ?? null,
    orgByCode: async () => null,
    memberOrg: async () => null,
  };
  const ctxOf = (orgPath: string): Pick<SubgraphContext, 'orgs' | 'scope'> => ({
    orgs: directory,
    scope: scopeOf({ sub: 's', role: 'staff', orgId: 'B', orgPath, perms: [] }),
  });

  test('district staff see their own org and nothing beside or above it', async () => {
    expect(await visibleOrgs(ctxOf('/A/B/'), ['A', 'B', 'C', 'missing'])).toEqual(new Set(['B']));
    expect(await visibleOrgs(ctxOf('/A/'), ['A', 'B', 'C', 'missing'])).toEqual(new Set(['A', 'B', 'C']));
  });

  test('an org outside the scope and one that does not exist get the same NOT_FOUND naming the field', async () => {
    const outside = await visibleOrg(ctxOf('/A/B/'), 'C', 'visitingOrgId').catch((e: DomainError) => e);
    const missing = await visibleOrg(ctxOf('/A/B/'), 'missing', 'visitingOrgId').catch((e: DomainError) => e);
    for (const [err, id] of [[outside, 'C'], [missing, 'missing']] as const) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).extensions).toEqual({ code: 'NOT_FOUND', field: 'visitingOrgId' });
      expect((err as DomainError).message).toBe(`visitingOrgId: no union ${id} exists in your scope. Pick a union at or under your own.`);
    }
    expect(await visibleOrg(ctxOf('/A/B/'), 'B')).toEqual(DISTRICT);
  });

  test('without a verified scope nothing is visible', async () => {
    await expect(visibleOrgs({ orgs: directory }, ['B'])).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});
