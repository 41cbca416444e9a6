import { INTERNAL_TOKEN_HEADER } from '@lianxin/auth';
import { enginesForSuites } from '../harness/engines';
import { startTestGraph, type GqlResponse, type TestGraph } from '../harness/graph';
import { internalTokenFor, memberTokenFor, staffTokenFor, tokenFor } from './callers';
import { raise } from './cases-helpers';
import { mustClaim, newBatch, newProgramme, ok, RECORD_VISIT, visitInput } from './benefits-helpers';

interface Page {
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
const PAGE = 'edges { cursor node { id } } pageInfo { hasNextPage endCursor }';
const EMPTY: Page = { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
const codeOf = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;

/**
 * Follows endCursor from the first page until hasNextPage is false; every page holds at
 * most `first` items and its endCursor is the cursor of its last edge.
 */
async function pageThrough(fetch: (after: string | null) => Promise<Page>, first: number): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 50; i++) {
    const { edges, pageInfo } = await fetch(after);
    expect(edges.length).toBeLessThanOrEqual(first);
    expect(pageInfo.endCursor).toBe(edges.length ? edges[edges.length - 1].cursor : null);
    seen.push(...edges.map((e) => e.node.id));
    if (!pageInfo.hasNextPage) return seen;
    expect(edges).toHaveLength(first);
    after = pageInfo.endCursor;
  }
  throw new Error('the list never ended');
}

const newestFirst = (ids: string[]) => [...ids].sort().reverse();

/** The lists that hang off an entity (Member.cases, Member.vouchers, Org.subtree, CareBatch.visits) and Query.transfers page like every root list. */
describe.each(enginesForSuites())('nested lists are connections on %s', (engine) => {
  let g: TestGraph;
  let city: string;
  let d1: string;
  let d2: string;
  let e1: string;
  let e2: string;
  let m1: string;
  let m1Id: string;
  const ids = { cases: [] as string[], vouchers: [] as string[], visits: [] as string[], transfers: [] as string[] };
  let batchId: string;

  beforeAll(async () => {
    g = await startTestGraph(engine);
    const f = g.fixture;
    city = (await tokenFor('city', f))!;
    [d1, d2, e1, e2] = await Promise.all([staffTokenFor('d1', f), staffTokenFor('d2', f), staffTokenFor('e1', f), staffTokenFor('e2', f)]);
    m1 = await memberTokenFor('m1', f);
    m1Id = f.members.m1.id;
    // One after the other, so the ids (ULIDs) are as new as their order.
    for (let i = 0; i < 5; i++) ids.cases.push((await raise(g, m1, { description: `职工诉求第${i}件，请帮忙解决` })).id);
    const p = await newProgramme(g, city, { orgId: f.orgs.city.id, name: '职工免费观影' });
    for (let i = 0; i < 5; i++) ids.vouchers.push((await mustClaim(g, m1, p.id)).id);
    batchId = (await newBatch(g, d1, f.orgs.d1.id, 100_000)).id;
    for (let i = 0; i < 5; i++) {
      const res = await g.gql<{ recordCareVisit: { id: string } }>(e1, RECORD_VISIT, visitInput(batchId, m1Id, 100 + i));
      ids.visits.push(ok(res, 'recordCareVisit').recordCareVisit.id);
    }
    // m4 (e3, under d2) is sent to e1 and sent back, three times over.
    for (let i = 0; i < 3; i++) {
      const requested = await g.gql<{ requestTransfer: { id: string } }>(d2, 'mutation($m: ID!, $to: ID!) { requestTransfer(memberId: $m, toOrgId: $to, reason: "换了工作单位") { id } }', { m: f.members.m4.id, to: f.orgs.e1.id });
      const id = ok(requested, 'requestTransfer').requestTransfer.id;
      ok(await g.gql(e1, 'mutation($id: ID!) { returnTransfer(id: $id, reason: "本单位未录用") { id } }', { id }), 'returnTransfer');
      ids.transfers.push(id);
    }
  });
  afterAll(() => g?.stop());

  const one = async <T>(res: Promise<GqlResponse<T>>): Promise<T> => {
    const r = await res;
    expect(r.errors).toBeUndefined();
    return r.data!;
  };

  describe('Member.cases', () => {
    const Q = `query($first: Int!, $after: String) { me { cases(first: $first, after: $after) { ${PAGE} } } }`;
    const fetch = (token: string, first: number) => async (after: string | null) => (await one(g.gql<{ me: { cases: Page } }>(token, Q, { first, after }))).me.cases;

    test('pages with after to the end: every case once, newest first', async () => {
      expect(await pageThrough(fetch(m1, 2), 2)).toEqual(newestFirst(ids.cases));
      expect(await pageThrough(fetch(m1, 5), 5)).toEqual(newestFirst(ids.cases));
    });

    test('staff outside the member\'s subtree get an empty connection from the cases subgraph', async () => {
      const { body } = await g.post(
        g.casesUrl,
        { query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Member { cases(first: 2) { ${PAGE} } } } }`, variables: { r: [{ __typename: 'Member', id: m1Id }] } },
        { [INTERNAL_TOKEN_HEADER]: await internalTokenFor('d2', g.fixture, 'cases') },
      );
      expect(body.errors).toBeUndefined();
      expect(body.data).toEqual({ _entities: [{ cases: EMPTY }] });
    });

    test('a bad first or a malformed after is BAD_USER_INPUT', async () => {
      for (const vars of [{ first: 0 }, { first: 501 }, { first: 2, after: 'not-a-cursor' }, { first: 2, after: Buffer.from('not a ulid').toString('base64url') }]) {
        expect([vars, codeOf(await g.gql(m1, Q, vars))]).toEqual([vars, 'BAD_USER_INPUT']);
      }
    });
  });

  describe('Member.vouchers', () => {
    const Q = `query($first: Int!, $after: String) { me { vouchers(first: $first, after: $after) { ${PAGE} } } }`;
    const fetch = (first: number) => async (after: string | null) => (await one(g.gql<{ me: { vouchers: Page } }>(m1, Q, { first, after }))).me.vouchers;

    test('pages with after to the end: every voucher once, newest first', async () => {
      expect(await pageThrough(fetch(2), 2)).toEqual(newestFirst(ids.vouchers));
    });

    test('staff outside the member\'s subtree get an empty connection from the benefits subgraph', async () => {
      const { body } = await g.post(
        g.benefitsUrl,
        { query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Member { vouchers(first: 2) { ${PAGE} } } } }`, variables: { r: [{ __typename: 'Member', id: m1Id }] } },
        { [INTERNAL_TOKEN_HEADER]: await internalTokenFor('d2', g.fixture, 'benefits') },
      );
      expect(body.errors).toBeUndefined();
      expect(body.data).toEqual({ _entities: [{ vouchers: EMPTY }] });
    });

    test('a bad first or a malformed after is BAD_USER_INPUT', async () => {
      for (const vars of [{ first: 0 }, { first: 501 }, { first: 2, after: '***' }]) {
        expect([vars, codeOf(await g.gql(m1, Q, vars))]).toEqual([vars, 'BAD_USER_INPUT']);
      }
    });
  });

  describe('Org.subtree', () => {
    const Q = `query($id: ID!, $first: Int!, $after: String) { org(id: $id) { subtree(first: $first, after: $after) { ${PAGE} } } }`;
    const fetch = (token: string, orgId: string, first: number) => async (after: string | null) =>
      (await one(g.gql<{ org: { subtree: Page } }>(token, Q, { id: orgId, first, after }))).org.subtree;

    test('pages with after to the end: every org below once, in tree order', async () => {
      const below = Object.values(g.fixture.orgs).filter((o) => o.id !== g.fixture.orgs.city.id).sort((a, b) => (a.path < b.path ? -1 : 1));
      expect(await pageThrough(fetch(city, g.fixture.orgs.city.id, 2), 2)).toEqual(below.map((o) => o.id));
    });

    test('a member sees only the orgs of their own line below the city; an enterprise has nothing below it', async () => {
      const f = g.fixture;
      expect(await pageThrough(fetch(m1, f.orgs.city.id, 2), 2)).toEqual([f.orgs.d1.id, f.orgs.s1.id, f.orgs.e1.id]);
      expect(await fetch(e1, f.orgs.e1.id, 10)(null)).toEqual(EMPTY);
    });

    test('a bad first or a malformed after is BAD_USER_INPUT', async () => {
      for (const vars of [{ first: 0 }, { first: 501 }, { first: 2, after: 'nope' }, { first: 2, after: Buffer.from('/a/b/').toString('base64url') }]) {
        expect([vars, codeOf(await g.gql(city, Q, { id: g.fixture.orgs.city.id, ...vars }))]).toEqual([vars, 'BAD_USER_INPUT']);
      }
    });
  });

  describe('CareBatch.visits', () => {
    const Q = `query($id: ID!, $first: Int!, $after: String) { careBatch(id: $id) { visits(first: $first, after: $after) { ${PAGE} } } }`;
    const fetch = (token: string, first: number) => async (after: string | null) => (await one(g.gql<{ careBatch: { visits: Page } }>(token, Q, { id: batchId, first, after }))).careBatch.visits;

    test('pages with after to the end: every visit once, newest first', async () => {
      expect(await pageThrough(fetch(d1, 2), 2)).toEqual(newestFirst(ids.visits));
      expect(await pageThrough(fetch(e1, 3), 3)).toEqual(newestFirst(ids.visits));
    });

    test('staff who see the batch but none of its visits get an empty connection', async () => {
      expect(await fetch(e2, 2)(null)).toEqual(EMPTY);
    });

    test('a bad first or a malformed after is BAD_USER_INPUT', async () => {
      for (const vars of [{ first: 0 }, { first: 501 }, { first: 2, after: 'nope' }]) {
        expect([vars, codeOf(await g.gql(d1, Q, { id: batchId, ...vars }))]).toEqual([vars, 'BAD_USER_INPUT']);
      }
    });
  });

  describe('Query.transfers', () => {
    const Q = `query($first: Int!, $after: String) { transfers(first: $first, after: $after) { ${PAGE} } }`;
    const fetch = (token: string, first: number) => async (after: string | null) => (await one(g.gql<{ transfers: Page }>(token, Q, { first, after }))).transfers;

    test('pages with after to the end: every transfer once, newest first, from either side', async () => {
      for (const token of [d2, e1, city]) expect(await pageThrough(fetch(token, 2), 2)).toEqual([...ids.transfers].reverse());
      expect(await pageThrough(fetch(d2, 1), 1)).toEqual([...ids.transfers].reverse());
    });

    test('staff of neither side get an empty connection', async () => {
      expect(await fetch(e2, 2)(null)).toEqual(EMPTY);
      expect(await fetch(d1, 2)(null)).not.toEqual(EMPTY); // d1 holds e1, the receiving side
    });

    test('a bad first or a malformed after is BAD_USER_INPUT', async () => {
      for (const vars of [{ first: 0 }, { first: 501 }, { first: 2, after: 'nope' }, { first: 2, after: Buffer.from(`abc|${ids.transfers[0]}`).toString('base64url') }]) {
        expect([vars, codeOf(await g.gql(d2, Q, vars))]).toEqual([vars, 'BAD_USER_INPUT']);
      }
    });
  });

  test('one paging policy: every list, root or nested, takes 1 to 500 and refuses anything else naming first and the range', async () => {
    const f = g.fixture;
    const lists: [string, string, string, Record<string, unknown>][] = [
      ['members', city, `query($first: Int!) { members(first: $first) { ${PAGE} } }`, {}],
      ['cases', m1, `query($first: Int!) { cases(first: $first) { ${PAGE} } }`, {}],
      ['programmes', city, `query($first: Int!) { programmes(first: $first) { ${PAGE} } }`, {}],
      ['transfers', d2, `query($first: Int!) { transfers(first: $first) { ${PAGE} } }`, {}],
      ['Member.cases', m1, `query($first: Int!) { me { cases(first: $first) { ${PAGE} } } }`, {}],
      ['Member.vouchers', m1, `query($first: Int!) { me { vouchers(first: $first) { ${PAGE} } } }`, {}],
      ['Org.subtree', city, `query($id: ID!, $first: Int!) { org(id: $id) { subtree(first: $first) { ${PAGE} } } }`, { id: f.orgs.city.id }],
      ['CareBatch.visits', d1, `query($id: ID!, $first: Int!) { careBatch(id: $id) { visits(first: $first) { ${PAGE} } } }`, { id: batchId }],
    ];
    for (const [list, token, query, vars] of lists) {
      expect([list, (await g.gql(token, query, { ...vars, first: 500 })).errors]).toEqual([list, undefined]);
      for (const first of [0, 501]) {
        const { errors } = await g.gql(token, query, { ...vars, first });
        expect([list, first, errors?.[0]?.extensions?.code, errors?.[0]?.message]).toEqual([list, first, 'BAD_USER_INPUT', 'Invalid input. first: must be between 1 and 500']);
      }
    }
  });
});
