import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { enginesForSuites } from '../harness/engines';
import { countStatements, startTestGraph, type TestGraph } from '../harness/graph';
import { memberTokenFor, staffTokenFor } from './callers';
import { must, raise } from './cases-helpers';

/**
 * Requests reaching each in-process subgraph, counted at its HTTP server (Node's
 * `http.server.request.start` channel), so the gateway's fetches are counted per service
 * without touching the product code.
 */
class SubgraphRequests {
  private readonly counts = new Map<number, number>();
  private readonly listener = (message: unknown) => {
    const { request, server } = message as { request: IncomingMessage; server: Server };
    if (!request.url?.startsWith('/graphql')) return;
    // A request that arrives as the graph stops finds the server closed: nothing to count.
    const address = server.address() as AddressInfo | null;
    if (!address) return;
    const port = address.port;
    this.counts.set(port, (this.counts.get(port) ?? 0) + 1);
  };
  constructor() {
    diagnostics.subscribe('http.server.request.start', this.listener);
  }
  stop(): void {
    diagnostics.unsubscribe('http.server.request.start', this.listener);
  }
  /** Requests to the subgraph at `url` while `fn` runs. */
  async during(url: string, fn: () => Promise<unknown>): Promise<number> {
    const port = Number(new URL(url).port);
    const before = this.counts.get(port) ?? 0;
    await fn();
    return (this.counts.get(port) ?? 0) - before;
  }
}

/** A district's case list with member and org names: SQL and subgraph fetches stay flat as the page grows. */
describe.each(enginesForSuites())('cases: statements and fetches per request on %s', (engine) => {
  let g: TestGraph;
  let d1: string;
  const requests = new SubgraphRequests();
  const LIST = `query($n: Int!) { cases(first: $n) { edges { node {
    number state member { name } raisedOrg { name code } handlingOrg { name } events { action } } } } }`;

  beforeAll(async () => {
    g = await startTestGraph(engine);
    d1 = await staffTokenFor('d1', g.fixture);
    const [m1, m2, s1] = await Promise.all([memberTokenFor('m1', g.fixture), memberTokenFor('m2', g.fixture), staffTokenFor('s1', g.fixture)]);
    const m3 = g.fixture.members.m3.id;
    // 60 cases under d1: by m1 and m2 at e1, anonymous ones, and ones raised at s1 for m3 and sent down to e2.
    // One after another: raised at once they all wait on two unions' case numbering, and
    // under the full suite's load the last would wait past the lock budget and be answered
    // CONFLICT, as designed. This spec counts statements, not contention.
    for (let i = 0; i < 60; i++) {
      if (i % 4 === 0) await raise(g, m1, { description: `职工诉求第${i}件` });
      else if (i % 4 === 1) await raise(g, m2, { description: `职工诉求第${i}件`, anonymous: i % 8 === 1 });
      else {
        const c = await raise(g, s1, { memberId: m3, description: `街道登记第${i}件` });
        if (i % 4 === 2) await must(g, s1, 'transfer', { id: c.id, toOrgId: g.fixture.orgs.e2.id });
      }
    }
    // The newest, so every page starts with a named case: each reference path has something to fetch.
    await raise(g, m1, { description: '最新的一件职工诉求' });
    await g.gql(d1, LIST, { n: 1 }); // resolves and caches the caller's scope
  });
  afterAll(async () => {
    requests.stop();
    await g?.stop();
  });

  test('the page costs the same SQL for 1, 10 and 50 cases', async () => {
    const sql: number[] = [];
    for (const n of [1, 10, 50]) {
      sql.push(
        await countStatements(async () => {
          const res = await g.gql<{ cases: { edges: { node: { member: { name: string } | null; raisedOrg: { name: string } } }[] } }>(d1, LIST, { n });
          expect(res.errors).toBeUndefined();
          expect(res.data!.cases.edges).toHaveLength(n);
          expect(res.data!.cases.edges.every((e) => e.node.raisedOrg.name.length > 0)).toBe(true);
        }),
      );
    }
    // cases: the visibility page with its cases (one statement), their events; members: the
    // members. Org names come from the cases subgraph's org directory (shareable fields),
    // cached across requests.
    expect(sql).toEqual([3, 3, 3]);
  });

  test('one fetch to each subgraph per request, whatever the page size', async () => {
    const fetches: number[] = [];
    for (const n of [1, 10, 50]) {
      fetches.push(await requests.during(g.membersUrl, () => g.gql(d1, LIST, { n })));
      expect(await requests.during(g.casesUrl, () => g.gql(d1, LIST, { n }))).toBe(1);
    }
    // Only member names need the members subgraph; org code and name are answered by cases itself.
    expect(fetches).toEqual([1, 1, 1]);
    const onlyMembers = 'query($n: Int!) { cases(first: $n) { edges { node { number member { name } } } } }';
    expect(await requests.during(g.membersUrl, () => g.gql(d1, onlyMembers, { n: 50 }))).toBe(1);
  });

  test('paging through the district\'s 61 cases: newest first, each exactly once', async () => {
    const q = 'query($after: String) { cases(first: 25, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }';
    const ids: string[] = [];
    const sizes: number[] = [];
    let after: string | null = null;
    for (;;) {
      const res: { data?: { cases: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null } = await g.gql(d1, q, { after });
      const page = res.data!.cases;
      ids.push(...page.edges.map((e) => e.node.id));
      sizes.push(page.edges.length);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(sizes).toEqual([25, 25, 11]);
    expect(new Set(ids).size).toBe(61);
    expect(ids).toEqual([...ids].sort().reverse());
    const bad = await g.gql(d1, q, { after: 'not-a-cursor' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  describe('one fetch per subgraph per request', () => {
    test('member, raising org and handling org names arrive in one fetch to the members subgraph', async () => {
      expect(await requests.during(g.membersUrl, () => g.gql(d1, LIST, { n: 50 }))).toBe(1);
    });
  });

  test('Member.cases on a page of members is one fetch to the cases subgraph and flat SQL', async () => {
    const q = 'query($n: Int!) { members(first: $n) { edges { node { name cases(first: 5) { edges { node { number handlingOrg { name } } } pageInfo { hasNextPage endCursor } } } } } }';
    const sql = [await countStatements(() => g.gql(d1, q, { n: 1 })), await countStatements(() => g.gql(d1, q, { n: 3 }))];
    expect(sql[1]).toBe(sql[0]);
    expect(await requests.during(g.casesUrl, () => g.gql(d1, q, { n: 3 }))).toBe(1);
    const res = await g.gql<{ members: { edges: { node: { name: string; cases: { edges: { node: { number: string } }[] } } }[] } }>(d1, q, { n: 3 });
    expect(res.data!.members.edges.map((e) => [e.node.name, e.node.cases.edges.length])).toEqual([
      ['王建国', 5],
      ['李秀英', 5],
      ['张伟', 5],
    ]);
  });
});
