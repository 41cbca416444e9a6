import { buildSchema, getOperationAST, parse, print, type GraphQLError } from 'graphql';
import { enforceCostLimit, operationCost } from '../cost';

const schema = buildSchema(`
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type Case { id: ID! title: String! tags: [String!]! }
  type CaseEdge { node: Case! }
  type CaseConnection { edges: [CaseEdge!]! pageInfo: PageInfo! }
  type Org { id: ID! name: String! cases(first: Int = 50, after: String): CaseConnection! children: [Org!]! }
  type OrgEdge { node: Org! }
  type OrgConnection { edges: [OrgEdge!]! pageInfo: PageInfo! }
  type Query { orgs(first: Int = 50, after: String): OrgConnection! org(id: ID!): Org }
`);
const limits = { maxPageSize: 500, listEstimate: 10 };
const cost = (query: string, variables: Record<string, unknown> = {}) => {
  const doc = parse(query);
  return operationCost(schema, doc, getOperationAST(doc)!, variables, limits);
};
const refusal = (fn: () => unknown): GraphQLError | undefined => {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err as GraphQLError;
  }
};

describe('operationCost: every field once per item its lists may return', () => {
  test('a single object costs its fields', () => {
    expect(cost('{ org(id: "1") { id name } }')).toBe(3);
  });

  test('a connection multiplies by first, its default when not given, and pageInfo is not multiplied', () => {
    // orgs 1 + edges 10 × (1 + node 1 + id 1) + pageInfo (1 + 1)
    expect(cost('{ orgs(first: 10) { edges { node { id } } pageInfo { hasNextPage } } }')).toBe(1 + 10 * 3 + 2);
    expect(cost('{ orgs { edges { node { id } } } }')).toBe(1 + 50 * 3);
    expect(cost('query($n: Int!) { orgs(first: $n) { edges { node { id } } } }', { n: 4 })).toBe(1 + 4 * 3);
    expect(cost('query($n: Int = 7) { orgs(first: $n) { edges { node { id } } } }')).toBe(1 + 7 * 3);
  });

  test('nested connections multiply; plain lists count listEstimate items', () => {
    const nested = '{ orgs(first: 20) { edges { node { cases(first: 30) { edges { node { title } } } } } } }';
    // per org: node 1 + cases (1 + 30 × (edge 1 + node 1 + title 1)) = 1 + 91
    expect(cost(nested)).toBe(1 + 20 * (1 + 1 + 1 + 30 * 3));
    expect(cost('{ org(id: "1") { children { id } } }')).toBe(1 + 10 * 2);
  });

  test('fragments count where they are spread, the same as written inline', () => {
    const inline = cost('{ orgs(first: 5) { edges { node { id cases(first: 3) { edges { node { title } } } } } } }');
    const spread = cost('{ orgs(first: 5) { edges { node { ...O } } } } fragment O on Org { id cases(first: 3) { edges { node { ...C } } } } fragment C on Case { title }');
    expect(spread).toBe(inline);
  });

  test('a first above the largest page is refused before anything runs, naming the range', () => {
    const err = refusal(() => cost('{ orgs(first: 501) { edges { node { id } } } }'));
    expect(err?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(err?.message).toBe('Invalid input. first: must be between 1 and 500');
    expect(err?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first', http: { status: 400 } });
  });
});

describe('enforceCostLimit', () => {
  test('over the limit: 400 QUERY_TOO_COSTLY with the cost and the limit in the message and the extensions', () => {
    const doc = parse('{ orgs(first: 500) { edges { node { cases(first: 500) { edges { node { id title } } } } } } }');
    const err = refusal(() => enforceCostLimit(schema, doc, getOperationAST(doc)!, {}, { maxCost: 100_000, maxPageSize: 500 }));
    const expected = 1 + 500 * (1 + 1 + 1 + 500 * 4);
    expect(err?.extensions).toEqual({ code: 'QUERY_TOO_COSTLY', cost: expected, maxCost: 100_000, http: { status: 400 } });
    expect(err?.message).toMatch(new RegExp(`^This query would cost ${expected}; the limit is 100000\\.`));
  });

  test('one parsed document, as the server\'s cache hands it to every request: each page size costs its own, a refusal is refused every time', () => {
    const doc = parse('query ($n: Int = 5, $m: Int) { orgs(first: $n) { edges { node { id ...C } } } } fragment C on Org { cases(first: $m) { edges { node { id } } } }');
    const at = (variables: Record<string, unknown>) => enforceCostLimit(schema, doc, getOperationAST(doc)!, variables, { maxCost: 1_000_000, maxPageSize: 500 });
    // orgs n × (edges + node + id + cases(m) × (edges + node + id)) + orgs itself; a fresh parse measures from scratch.
    const fresh = (variables: Record<string, unknown>) => cost(print(doc), variables);
    for (const variables of [{ n: 10, m: 2 }, { n: 10, m: 3 }, { n: 2, m: 3 }, { n: 10, m: 2 }, {}, { n: null }, { m: 7 }]) {
      expect([variables, at(variables)]).toEqual([variables, fresh(variables)]);
    }
    expect(at({ n: 10, m: 2 })).toBe(1 + 10 * (1 + 1 + 1 + 1 + 2 * 3));
    // Left out, $n takes its declared 5; sent as null, the argument's own default (50).
    expect(at({})).toBe(1 + 5 * (1 + 1 + 1 + 1 + 50 * 3));
    expect(at({ n: null })).toBe(1 + 50 * (1 + 1 + 1 + 1 + 50 * 3));
    for (let i = 0; i < 2; i++) expect(refusal(() => at({ n: 10, m: 501 }))?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refusal(() => enforceCostLimit(schema, doc, getOperationAST(doc)!, { n: 500, m: 500 }, { maxCost: 1_000, maxPageSize: 500 }))?.extensions?.code).toBe('QUERY_TOO_COSTLY');
    // The same sizes under a larger page limit are measured under that limit.
    expect(enforceCostLimit(schema, doc, getOperationAST(doc)!, { n: 10, m: 600 }, { maxCost: 1_000_000, maxPageSize: 1_000 })).toBe(1 + 10 * (1 + 1 + 1 + 1 + 600 * 3));
  });

  test('at or under the limit: the cost is returned', () => {
    const doc = parse('{ orgs(first: 10) { edges { node { id } } } }');
    expect(enforceCostLimit(schema, doc, getOperationAST(doc)!, undefined, { maxCost: 31, maxPageSize: 500 })).toBe(31);
  });
});
