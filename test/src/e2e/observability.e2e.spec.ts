import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sqlStats } from '@lianxin/subgraph';
import { flushAllTracing } from '@lianxin/telemetry';
import { enginesForSuites } from '../harness/engines';
import { startTestGraph, type TestGraph } from '../harness/graph';
import { memberTokenFor, staffTokenFor } from './callers';
import { raise } from './cases-helpers';

// Issue 12: every process exposes Prometheus metrics behind an address or a token, and one
// request can be followed across the graph as one trace. The graph's behaviour here does not
// depend on the engine; the first one (MariaDB when it runs) is enough.
const engine = enginesForSuites()[0];

const METRICS_TOKEN = 'scrape-token-for-the-tests-0123456789';
const CASE_LIST = 'query CaseList { cases(first: 20) { edges { node { id member { name } } } } }';

/** Every sample of a Prometheus text exposition, as `name{labels}` → value. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

/** The value of one series: the metric's name and exactly these labels (plus `service`). */
function value(s: Map<string, number>, name: string, labels: Record<string, string>, service: string): number {
  const want = { ...labels, service };
  for (const [key, v] of s) {
    const m = /^([^{]+)\{(.*)\}$/.exec(key);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...m[2].matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.keys(got).length === Object.keys(want).length && Object.entries(want).every(([k, w]) => got[k] === w)) return v;
  }
  return 0;
}

const origin = (url: string) => url.replace(/\/graphql$/, '');

describe(`metrics (${engine})`, () => {
  let g: TestGraph;
  let staff: string;
  const scrape = async (url: string, headers: Record<string, string> = { authorization: `Bearer ${METRICS_TOKEN}` }) => {
    const res = await fetch(`${origin(url)}/metrics`, { headers });
    expect(res.status).toBe(200);
    return samples(await res.text());
  };
  const scrapeAll = async () => ({ gateway: await scrape(g.gatewayUrl), members: await scrape(g.membersUrl), cases: await scrape(g.casesUrl), benefits: await scrape(g.benefitsUrl) });

  beforeAll(async () => {
    // One anonymous request a minute: the workload below runs into the limit on purpose.
    g = await startTestGraph(engine, { gatewayEnv: { METRICS_TOKEN, ANONYMOUS_REQUESTS_PER_MINUTE: '1' }, telemetry: { metricsToken: METRICS_TOKEN } });
    staff = await staffTokenFor('d1', g.fixture);
    const m1 = await memberTokenFor('m1', g.fixture);
    await raise(g, m1, { description: '希望宿舍区增设快递柜' });
    await raise(g, m1, { kind: 'LEGAL_AID', channel: 'WECHAT', description: '被拖欠三个月工资，请求法律援助' });
  });
  afterAll(() => g?.stop());

  test('/metrics answers only an allowed address or METRICS_TOKEN, on the gateway and on every subgraph', async () => {
    for (const url of [g.gatewayUrl, g.membersUrl, g.casesUrl, g.benefitsUrl]) {
      const open = await fetch(`${origin(url)}/metrics`);
      expect(open.status).toBe(401);
      expect(await open.text()).not.toMatch(/lianxin_/);
      const wrong = await fetch(`${origin(url)}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } });
      expect(wrong.status).toBe(401);
      // The token is a scrape credential, not a client token: it opens nothing else.
      expect((await g.post(url, { query: '{ __typename }' }, { authorization: `Bearer ${METRICS_TOKEN}` })).status).toBe(401);
      await scrape(url);
    }
  });

  test('after a known workload, each process counts exactly what it did', async () => {
    const before = await scrapeAll();
    const statementsBefore = sqlStats.statements;
    const N = 3;
    for (let i = 0; i < N; i++) {
      const res = await g.gql<{ cases: { edges: { node: { member: { name: string } | null } }[] } }>(staff, CASE_LIST);
      expect(res.errors).toBeUndefined();
      expect(res.data!.cases.edges.map((e) => e.node.member?.name).filter(Boolean).length).toBeGreaterThan(0);
    }
    // An unnamed operation refused for its input.
    expect((await g.gql(staff, '{ case(id: "not-an-id") { id } }')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // Anonymous callers: refused the closed field until the per-address budget runs out (a minute may turn meanwhile, so count what happened).
    const anonymous = { UNAUTHENTICATED: 0, RATE_LIMITED: 0 } as Record<string, number>;
    for (let i = 0; i < 5 && anonymous.RATE_LIMITED === 0; i++) {
      const code = (await g.gql(undefined, 'query Peek { cases(first: 1) { edges { node { id } } } }')).errors?.[0]?.extensions?.code as string;
      anonymous[code] = (anonymous[code] ?? 0) + 1;
    }
    expect(anonymous.RATE_LIMITED).toBe(1);
    expect(anonymous.UNAUTHENTICATED).toBeGreaterThanOrEqual(1);
    const after = await scrapeAll();
    const delta = (p: keyof typeof after, name: string, labels: Record<string, string> = {}) =>
      value(after[p], name, labels, p) - value(before[p], name, labels, p);

    expect(delta('gateway', 'lianxin_gateway_requests_total', { operation: 'CaseList', role: 'staff', outcome: 'ok' })).toBe(N);
    expect(delta('gateway', 'lianxin_gateway_request_duration_seconds_count', { operation: 'CaseList', outcome: 'ok' })).toBe(N);
    expect(delta('gateway', 'lianxin_gateway_requests_total', { operation: 'anonymous', role: 'staff', outcome: 'BAD_USER_INPUT' })).toBe(1);
    expect(delta('gateway', 'lianxin_gateway_requests_total', { operation: 'Peek', role: 'anonymous', outcome: 'UNAUTHENTICATED' })).toBe(anonymous.UNAUTHENTICATED);
    expect(delta('gateway', 'lianxin_gateway_refusals_total', { reason: 'anonymous' })).toBe(anonymous.UNAUTHENTICATED);
    // Refused before the operation was read: no name, no role.
    expect(delta('gateway', 'lianxin_gateway_requests_total', { operation: 'anonymous', role: 'unknown', outcome: 'RATE_LIMITED' })).toBe(1);
    expect(delta('gateway', 'lianxin_gateway_refusals_total', { reason: 'rate_limited' })).toBe(1);
    // One plan for the case list, then the cache; the bad-input query is a plan of its own.
    expect(delta('gateway', 'lianxin_gateway_plan_cache_total', { result: 'miss' })).toBe(2);
    expect(delta('gateway', 'lianxin_gateway_plan_cache_total', { result: 'hit' })).toBe(N - 1);
    // Each case list: one fetch to cases, one to members for the names. Nothing reached benefits.
    expect(delta('gateway', 'lianxin_gateway_subgraph_fetches_total', { subgraph: 'cases', outcome: 'ok' })).toBe(N + 1);
    expect(delta('gateway', 'lianxin_gateway_subgraph_fetches_total', { subgraph: 'members', outcome: 'ok' })).toBe(N);
    expect(delta('gateway', 'lianxin_gateway_subgraph_fetch_duration_seconds_count', { subgraph: 'members', outcome: 'ok' })).toBe(N);
    expect(delta('gateway', 'lianxin_gateway_subgraph_fetches_total', { subgraph: 'benefits', outcome: 'ok' })).toBe(0);

    expect(delta('cases', 'lianxin_subgraph_operations_total', { field: 'Query.cases', outcome: 'ok' })).toBe(N);
    expect(delta('cases', 'lianxin_subgraph_operations_total', { field: 'Query.case', outcome: 'BAD_USER_INPUT' })).toBe(1);
    expect(delta('cases', 'lianxin_graphql_requests_total')).toBe(N + 1);
    expect(delta('members', 'lianxin_subgraph_operations_total', { field: 'Query._entities', outcome: 'ok' })).toBe(N);
    expect(delta('benefits', 'lianxin_graphql_requests_total')).toBe(0);

    // Every statement the process sent is counted by exactly one service, and timed.
    const statements = (['members', 'cases', 'benefits'] as const).map((s) => delta(s, 'lianxin_sql_statements_total'));
    expect(statements[0]).toBeGreaterThan(0);
    expect(statements[1]).toBeGreaterThan(0);
    expect(statements.reduce((a, b) => a + b, 0)).toBe(sqlStats.statements - statementsBefore);
    const timed = (s: 'members' | 'cases') => ['SELECT', 'START', 'COMMIT', 'OTHER', 'INSERT', 'UPDATE', 'DELETE', 'BEGIN', 'WITH', 'ROLLBACK', 'SAVEPOINT', 'RELEASE'].reduce((n, verb) => n + delta(s, 'lianxin_sql_duration_seconds_count', { verb, failed: 'no' }), 0);
    expect(timed('cases')).toBe(statements[1]);
    expect(timed('members')).toBe(statements[0]);

    // The default Node metrics and the cache sizes are there.
    for (const p of ['gateway', 'members', 'cases', 'benefits'] as const) {
      expect(value(after[p], 'nodejs_eventloop_lag_seconds', {}, p)).toBeGreaterThanOrEqual(0);
      expect(value(after[p], 'nodejs_heap_size_used_bytes', {}, p)).toBeGreaterThan(0);
    }
    expect(value(after.gateway, 'lianxin_gateway_cache_entries', { cache: 'scope' }, 'gateway')).toBeGreaterThan(0);
    expect(value(after.gateway, 'lianxin_gateway_cache_entries', { cache: 'tokens' }, 'gateway')).toBeGreaterThan(0);
    if (engine === 'mariadb') expect([...after.cases.keys()]).toContain('lianxin_db_pool_in_use{service="cases"}');
  });

  test('labels stay bounded: no ids, no operation text', async () => {
    const text = await (await fetch(`${origin(g.gatewayUrl)}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(text).not.toMatch(/cases\(first/);
    expect(text).not.toContain(g.fixture.orgs.d1.id);
    expect(text).not.toContain('not-an-id');
  });
});

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: { key: string; value: Record<string, unknown> }[];
}

/** A collector in the test process: keeps every span it is sent over OTLP/HTTP (JSON), with its service. */
async function startReceiver(): Promise<{ url: string; spans: (OtlpSpan & { service: string })[]; bodies: string[]; stop(): Promise<void> }> {
  const spans: (OtlpSpan & { service: string })[] = [];
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      bodies.push(body);
      const parsed = JSON.parse(body) as { resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[] };
      for (const rs of parsed.resourceSpans) {
        const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
        for (const ss of rs.scopeSpans) for (const s of ss.spans) spans.push({ ...s, service });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, bodies, stop: () => new Promise((r) => server.close(() => r())) };
}

describe(`traces (${engine})`, () => {
  let g: TestGraph;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let staff: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    g = await startTestGraph(engine, { gatewayEnv: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }, telemetry: { otlpEndpoint: receiver.url } });
    staff = await staffTokenFor('d1', g.fixture);
    const m1 = await memberTokenFor('m1', g.fixture);
    await raise(g, m1, { description: '希望宿舍区增设快递柜' });
  });
  afterAll(async () => {
    await g?.stop();
    await receiver?.stop();
  });

  test('one case list with member names is one trace: gateway → cases and members, each with its SQL, in parent order', async () => {
    const requestId = 'trace-test-case-list-0001';
    const { status, body } = await g.post(g.gatewayUrl, { query: CASE_LIST }, { authorization: `Bearer ${staff}`, 'x-request-id': requestId });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    await flushAllTracing();

    const root = receiver.spans.find((s) => s.service === 'lianxin-gateway' && s.attributes?.some((a) => a.key === 'lianxin.request_id' && a.value.stringValue === requestId));
    expect(root).toBeDefined();
    expect(root!.parentSpanId ?? '').toBe('');
    const trace = receiver.spans.filter((s) => s.traceId === root!.traceId);
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const parentOf = (s: OtlpSpan) => (s.parentSpanId ? byId.get(s.parentSpanId) : undefined);
    // Every span of the trace hangs off the gateway's request span.
    for (const s of trace) {
      let top: OtlpSpan = s;
      while (parentOf(top)) top = parentOf(top)!;
      expect(top.spanId).toBe(root!.spanId);
    }
    for (const service of ['cases', 'members']) {
      const fetch = trace.find((s) => s.service === 'lianxin-gateway' && s.name === `fetch ${service}`);
      expect(fetch && parentOf(fetch)?.spanId).toBe(root!.spanId);
      const served = trace.find((s) => s.service === `lianxin-${service}` && s.name.startsWith('graphql'));
      expect(served && parentOf(served)?.spanId).toBe(fetch!.spanId);
      const sql = trace.filter((s) => s.service === `lianxin-${service}` && s.name.startsWith('sql '));
      expect(sql.length).toBeGreaterThan(0);
      for (const s of sql) expect(parentOf(s)?.spanId).toBe(served!.spanId);
    }
    expect(trace.some((s) => s.service === 'lianxin-benefits')).toBe(false);
  });

  test('no span holds a token, an ID number or a phone', async () => {
    await flushAllTracing();
    expect(receiver.bodies.length).toBeGreaterThan(0);
    const all = receiver.bodies.join('\n');
    const members = Object.values(g.fixture.members) as { idNumber?: string; phone?: string }[];
    for (const m of members) {
      if (m.idNumber) expect(all).not.toContain(m.idNumber);
      if (m.phone) expect(all).not.toContain(m.phone);
    }
    expect(all).not.toContain(staff);
    // JWTs (client and internal) start with a base64url JSON header.
    expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    expect(all).not.toMatch(/(?<!\d)\d{17}[\dXx](?!\d)/);
    expect(all).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
  });
});
