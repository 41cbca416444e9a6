import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { enginesForSuites } from '../harness/engines';
import { clientToken, startTestGraph, type TestGraph } from '../harness/graph';
import { internalTokenFor, tokenFor } from './callers';

// What an outside probe found with malformed requests: one request must never freeze the
// gateway, and a client's mistake is a 4xx with a code, never a 500. The gateway's own
// behaviour does not depend on the engine; one is enough.
const engine = enginesForSuites()[0];

/** query { ...F0 }, each fragment spreading the next one twice: 2^(n-1) fields once expanded. */
function fragmentBomb(n: number): string {
  let q = 'query { ...F0 }\n';
  for (let i = 0; i < n - 1; i++) q += `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }\n`;
  return q + `fragment F${n - 1} on Query { __typename }\n`;
}

/**
 * POST with a hard client-side abort: a gateway that spins on the request fails the test
 * at the abort instead of hanging the suite. The bound is a liveness check (the unfixed
 * gateway took minutes), not a performance target; timings are reported, not asserted.
 */
async function postWithin(url: string, body: unknown, headers: Record<string, string>, ms: number): Promise<{ status: number; json: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] }; took: number }> {
  const t0 = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(ms) });
  return { status: res.status, json: (await res.json()) as never, took: performance.now() - t0 };
}

describe(`gateway hardening (${engine})`, () => {
  let g: TestGraph;
  let admin: string;
  let base: string;
  const took: Record<string, number> = {};
  beforeAll(async () => {
    g = await startTestGraph(engine);
    admin = (await tokenFor('admin', g.fixture))!;
    base = g.gatewayUrl.replace(/\/graphql$/, '');
  });
  afterAll(async () => {
    if (process.env.REPORT_TIMINGS) console.log('refusal times (ms)', took);
    await g?.stop();
  });

  const stillServing = async () => {
    expect((await fetch(`${base}/ready`, { signal: AbortSignal.timeout(2000) })).status).toBe(200);
    const ok = await g.gql<{ org: { id: string } }>(admin, 'query($id: ID!) { org(id: $id) { id } }', { id: g.fixture.orgs.e1.id });
    expect(ok.data?.org).toEqual({ id: g.fixture.orgs.e1.id });
  };

  describe('fragment bombs are refused before planning', () => {
    test.each([30, 60])('%i doubling fragments, anonymous and as admin: QUERY_TOO_COMPLEX, then the gateway still serves', async (n) => {
      for (const headers of [{}, { authorization: `Bearer ${admin}` }] as Record<string, string>[]) {
        const res = await postWithin(g.gatewayUrl, { query: fragmentBomb(n) }, headers, 2000);
        took[`${n} fragments${'authorization' in headers ? ' (admin)' : ''}`] = Math.round(res.took);
        expect(res.status).toBe(400);
        expect(res.json.data).toBeUndefined();
        expect(res.json.errors).toEqual([
          { message: expect.stringMatching(/once its fragments are expanded; the limit is 1000\. Ask for fewer fields/), extensions: { code: 'QUERY_TOO_COMPLEX' } },
        ]);
      }
      await stillServing();
    });

    test('1,000 fragments: refused (the token limit catches it first), then the gateway still serves', async () => {
      const res = await postWithin(g.gatewayUrl, { query: fragmentBomb(1000) }, { authorization: `Bearer ${admin}` }, 2000);
      took['1000 fragments'] = Math.round(res.took);
      expect(res.status).toBe(400);
      expect(res.json.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
      await stillServing();
    });

    test('a bomb through aliases under the token limit, with a large variables object beside it', async () => {
      let q = 'query B { ...F0 }\n';
      for (let i = 0; i < 24; i++) q += `fragment F${i} on Query { a${i}: __typename b${i}: __typename ...F${i + 1} ...F${i + 1} }\n`;
      q += 'fragment F24 on Query { __typename }';
      const variables = { ...Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`v${i}`, { deep: [[[[i]]]] }])) };
      const res = await postWithin(g.gatewayUrl, { query: q, variables, operationName: 'B' }, { authorization: `Bearer ${admin}` }, 2000);
      took['alias bomb'] = Math.round(res.took);
      expect(res.status).toBe(400);
      expect(res.json.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
      await stillServing();
    });

    test('an anonymous caller hiding a closed field behind a deep fragment chain is refused without walking every path', async () => {
      const q = fragmentBomb(22).replace('{ __typename }', '{ __typename me { id } }');
      const res = await postWithin(g.gatewayUrl, { query: q }, {}, 2000);
      expect(res.status).toBe(400);
      expect(res.json.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    });
  });

  describe('choosing the operation is the client\'s job: a 400, not a 500', () => {
    const two = 'query A { __typename } query B { __typename }';
    test('several operations and no operationName', async () => {
      const { status, body } = await g.post(g.gatewayUrl, { query: two }, { authorization: `Bearer ${admin}` });
      expect(status).toBe(400);
      expect(body.errors).toEqual([{ message: 'The document holds 2 operations (A, B). Set operationName to the one to run.', extensions: { code: 'BAD_REQUEST' } }]);
    });
    test('an operationName the document does not have', async () => {
      const { status, body } = await g.post(g.gatewayUrl, { query: two, operationName: 'C' }, { authorization: `Bearer ${admin}` });
      expect(status).toBe(400);
      expect(body.errors).toEqual([{ message: 'The document has no operation named "C". It has: A, B. Set operationName to one of them.', extensions: { code: 'BAD_REQUEST' } }]);
    });
    test('the right name runs', async () => {
      const { status, body } = await g.post(g.gatewayUrl, { query: two, operationName: 'B' }, { authorization: `Bearer ${admin}` });
      expect(status).toBe(200);
      expect(body).toEqual({ data: { __typename: 'Query' } });
    });
  });

  describe("a subgraph's request error reaches the client with its code", () => {
    test.each(['2026-02-30', '2026-13-01'])('joinStats(from: %s): BAD_USER_INPUT from members, and the cases part of the answer survives', async (from) => {
      const res = await g.gql<{ joinStats: unknown; verifyLedger: { ok: boolean } | null }>(
        admin,
        'query($org: ID!, $from: Date!) { joinStats(orgId: $org, granularity: DAY, from: $from, to: "2026-03-10") { count } verifyLedger { ok } }',
        { org: g.fixture.orgs.city.id, from },
      );
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors?.[0]?.message).toMatch(/Date/);
      expect(res.errors?.[0]?.extensions?.serviceName).toBe('members');
      expect(JSON.stringify(res.errors)).not.toMatch(/stacktrace|INTERNAL_SERVER_ERROR/);
      expect(res.data).toEqual({ joinStats: null, verifyLedger: { ok: true } });
    });

    test('the same date written into the query: the subgraph refuses it in validation, and that code arrives', async () => {
      const res = await g.gql<{ joinStats: unknown; verifyLedger: { ok: boolean } | null }>(
        admin,
        `query { joinStats(orgId: "${g.fixture.orgs.city.id}", granularity: DAY, from: "2026-02-30", to: "2026-03-10") { count } verifyLedger { ok } }`,
      );
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(res.errors?.[0]?.message).toMatch(/Date/);
      expect(res.errors?.[0]?.extensions?.serviceName).toBe('members');
      expect(res.data).toEqual({ joinStats: null, verifyLedger: { ok: true } });
    });
  });

  describe('token claims of the wrong shape are a 401 naming the claim', () => {
    test.each([
      ['org as an array', { role: 'staff', org: ['01HZZZZZZZZZZZZZZZZZZZZZZZ'] }, /"org" claim must be a 26-character id/],
      ['an unknown permission', { role: 'staff', org: '01HZZZZZZZZZZZZZZZZZZZZZZZ', perms: ['pii:write'] }, /"perms" claim must be a list of known permissions/],
      ['a partner id that is no id', { role: 'partner', pid: 'P-1' }, /"pid" claim must be a 26-character id/],
    ])('%s', async (_name, claims, message) => {
      const token = await clientToken(claims as never);
      const res = await g.gql(token, '{ __typename }');
      expect(res.status).toBe(401);
      expect(res.errors).toEqual([{ message: expect.stringMatching(message), extensions: { code: 'UNAUTHENTICATED' } }]);
    });

    test('an iat more than a minute ahead is refused; one within the minute is accepted', async () => {
      const { SignJWT } = await import('jose');
      const { DEV_JWT_SECRET } = await import('@lianxin/gateway');
      const sign = (iat: number) =>
        new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('admin-1').setIssuer('lianxin').setAudience('lianxin-graph').setIssuedAt(iat).setExpirationTime('10m').sign(new TextEncoder().encode(DEV_JWT_SECRET));
      const now = Math.floor(Date.now() / 1000);
      const ahead = await g.gql(await sign(now + 600), '{ __typename }');
      expect(ahead.status).toBe(401);
      expect(ahead.errors?.[0]?.message).toMatch(/"iat" claim lies in the future/);
      expect((await g.gql(await sign(now + 20), '{ __typename }')).data).toEqual({ __typename: 'Query' });
    });
  });
});

describe(`the request deadline (${engine})`, () => {
  let g: TestGraph;
  let hanging: http.Server;
  const seenIds: string[] = [];
  beforeAll(async () => {
    // A cases "subgraph" that accepts the connection and never answers, noting the request ids it was sent.
    hanging = http.createServer((req) => {
      seenIds.push(String(req.headers['x-request-id']));
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const { port } = hanging.address() as AddressInfo;
    g = await startTestGraph(engine, { subgraphTimeoutMs: 20_000, gatewayEnv: { CASES_URL: `http://127.0.0.1:${port}/graphql`, REQUEST_TIMEOUT_MS: '700' } });
  });
  afterAll(async () => {
    await g?.stop();
    hanging.closeAllConnections();
    await new Promise((resolve) => hanging.close(resolve));
  });

  test('a hung subgraph costs the request its deadline, not the subgraph timeout: the members part arrives', async () => {
    const admin = (await tokenFor('admin', g.fixture))!;
    // The subgraph timeout is 20 s; the abort at 5 s fails the test if the deadline is not applied.
    const res = await postWithin(
      g.gatewayUrl,
      { query: `{ org(id: "${g.fixture.orgs.e1.id}") { id } verifyLedger { ok } }` },
      { authorization: `Bearer ${admin}` },
      5000,
    );
    expect(res.json.data).toEqual({ org: { id: g.fixture.orgs.e1.id }, verifyLedger: null });
    expect(res.json.errors).toEqual([expect.objectContaining({ extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'cases' } })]);
    if (process.env.REPORT_TIMINGS) console.log('answered after (ms)', Math.round(res.took));
  });

  test('every request carries one id, to the client and to each subgraph: the caller\'s own when it is a plain token, else a fresh one', async () => {
    const admin = (await tokenFor('admin', g.fixture))!;
    const ask = async (sent?: string) => {
      seenIds.length = 0;
      const r = await fetch(g.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, ...(sent === undefined ? {} : { 'x-request-id': sent }) },
        body: JSON.stringify({ query: '{ verifyLedger { ok } }' }),
      });
      await r.json();
      return { answered: r.headers.get('x-request-id'), forwarded: [...seenIds] };
    };
    const own = await ask('proxy-7f3a9c21');
    expect(own).toEqual({ answered: 'proxy-7f3a9c21', forwarded: ['proxy-7f3a9c21'] });
    const minted = await ask();
    expect(minted.answered).toMatch(/^[0-9a-f-]{36}$/);
    expect(minted.forwarded).toEqual([minted.answered]);
    // Not a plain token (a log-injection attempt): replaced, never passed on.
    const forged = await ask('x "}{"role":"admin"} ' + 'a'.repeat(80));
    expect(forged.answered).toMatch(/^[0-9a-f-]{36}$/);
    expect(forged.forwarded).toEqual([forged.answered]);
  });
});

describe(`subgraph probes (${engine})`, () => {
  // /health is what a load balancer needs and answers anyone; /ready runs a query and
  // /metrics tells about traffic, so they need the internal token or an allowed address.
  let g: TestGraph;
  beforeAll(async () => {
    g = await startTestGraph(engine);
  });
  afterAll(() => g?.stop());

  const base = (url: string) => url.replace(/\/graphql$/, '');

  test.each(['members', 'cases', 'benefits'] as const)('%s: /health open; /ready and /metrics only with the internal token', async (name) => {
    const url = base({ members: g.membersUrl, cases: g.casesUrl, benefits: g.benefitsUrl }[name]);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    for (const path of ['/ready', '/metrics']) {
      const open = await fetch(`${url}${path}`);
      expect(open.status).toBe(401);
      expect(await open.json()).toEqual({ status: 'unauthenticated', reason: expect.stringMatching(/internal token.*PROBE_ALLOW/) });
      const forged = await fetch(`${url}${path}`, { headers: { 'x-lianxin-internal-token': 'forged' } });
      expect(forged.status).toBe(401);
      // A token for another subgraph is no token for this one.
      const other = name === 'members' ? 'cases' : 'members';
      expect((await fetch(`${url}${path}`, { headers: { 'x-lianxin-internal-token': await internalTokenFor('admin', g.fixture, other) } })).status).toBe(401);
      const signed = await fetch(`${url}${path}`, { headers: { 'x-lianxin-internal-token': await internalTokenFor('admin', g.fixture, name) } });
      expect(signed.status).toBe(200);
    }
  });

  test("the gateway's /ready still sees every subgraph ready: it sends its own token", async () => {
    const res = await fetch(`${base(g.gatewayUrl)}/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', subgraphs: { members: 'ready', cases: 'ready', benefits: 'ready' } });
  });
});

describe(`subgraph probes from an allowed address (${engine})`, () => {
  let g: TestGraph;
  beforeAll(async () => {
    g = await startTestGraph(engine, { probeAllow: ['127.0.0.1'] });
  });
  afterAll(() => g?.stop());

  test('PROBE_ALLOW lets a scraper on that address read /ready and /metrics without a token', async () => {
    const url = g.membersUrl.replace(/\/graphql$/, '');
    expect((await fetch(`${url}/ready`)).status).toBe(200);
    const metrics = await fetch(`${url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/lianxin_sql_statements_total\{service="members"\} \d+/);
    // /graphql is not a probe: it still needs the token.
    expect((await fetch(g.membersUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })).status).toBe(401);
  });
});
