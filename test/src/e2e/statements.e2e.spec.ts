import { enginesForSuites } from '../harness/engines';
import { countStatements, startTestGraph, type TestGraph } from '../harness/graph';
import { tokenFor } from './callers';

const engine = enginesForSuites()[0];

/** Relations and references are batched: SQL per request stays flat as pages grow. */
describe(`SQL statements per request (${engine})`, () => {
  let g: TestGraph;
  let city: string;
  beforeAll(async () => {
    g = await startTestGraph(engine);
    city = (await tokenFor('city', g.fixture))!;
    await g.gql(city, '{ __typename }'); // resolves and caches the caller's scope
  });
  afterAll(() => g?.stop());

  test('a members page with org names, children and ancestors costs the same SQL for 1 or 4 members', async () => {
    const q = 'query($n: Int!) { members(first: $n) { edges { node { id org { name ancestors { code } } children { name } } } } }';
    const one = await countStatements(() => g.gql(city, q, { n: 1 }));
    const four = await countStatements(() => g.gql(city, q, { n: 4 }));
    // members page (its orgs come in the same statement, issue 11's lean cuts) + ancestors + children
    expect(one).toBe(3);
    expect(four).toBe(one);
  });

  test('member counts for every child org are one statement', async () => {
    const q = 'query($id: ID!) { org(id: $id) { children { memberCount children { memberCount } } } }';
    const n = await countStatements(() => g.gql(city, q, { id: g.fixture.orgs.city.id }));
    // org, children, grandchildren, one count per level
    expect(n).toBe(5);
  });
});
