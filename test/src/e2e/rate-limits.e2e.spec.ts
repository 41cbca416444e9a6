import { randomUUID } from 'node:crypto';
import { subgraphUrlEnv } from '@lianxin/config';
import { enginesForSuites } from '../harness/engines';
import { clientToken, startTestGraph, type TestGraph } from '../harness/graph';
import { cameUp, freePort, spawnService, type ServiceProcess } from '../harness/process';

// The limiter sits in front of everything and does not depend on the engine; one is enough.
const engine = enginesForSuites()[0];
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const BUDGET = 5;

/** Waits out the end of a clock minute, so a budget is not reset halfway through a test. */
async function awayFromMinuteEnd(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 8_000) await new Promise((r) => setTimeout(r, left + 50));
}

describe(`rate limits shared by two gateway processes through Redis (${engine})`, () => {
  let g: TestGraph;
  let second: ServiceProcess;
  const env = { REDIS_URL, RATE_LIMIT_STAFF_PER_MINUTE: String(BUDGET), RATE_LIMIT_PARTNER_PER_MINUTE: String(BUDGET), PARTNER_DOCUMENTS: 'trusted' };
  beforeAll(async () => {
    g = await startTestGraph(engine, { gatewayEnv: env });
    // A second replica in front of the same subgraphs, with the same settings, in a process of
    // its own: nothing is shared with the first but Redis.
    const port = await freePort();
    second = spawnService('gateway/dist/main.js', port, {
      NODE_ENV: 'test',
      GATEWAY_PORT: String(port),
      LOG_LEVEL: 'warn',
      DIRECTORY_POLL_MS: '0', // as the harness has it: no background poll
      ...subgraphUrlEnv({ members: g.membersUrl, cases: g.casesUrl, benefits: g.benefitsUrl }),
      ...env,
    });
    if (!(await cameUp(second, 'the second gateway'))) throw new Error(`the second gateway exited:\n${second.output()}`);
  });
  afterAll(async () => {
    await second?.stop();
    await g?.stop();
  });

  const ask = (url: string, token: string) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ org(id: "01ZZZZZZZZZZZZZZZZZZZZZZZZ") { id } }' }) });

  test('one staff account gets one budget across both replicas: the sixth request, on either, is 429 RATE_LIMITED with Retry-After', async () => {
    // A subject of its own, so no earlier run's count in Redis is drawn on.
    const token = await clientToken({ role: 'staff', org: g.fixture.orgs.e1.id, sub: `rate-spec-${randomUUID()}` });
    const other = await clientToken({ role: 'staff', org: g.fixture.orgs.e1.id, sub: `rate-spec-${randomUUID()}` });
    await awayFromMinuteEnd();
    const statuses: number[] = [];
    const secondUrl = `${second.url}/graphql`;
    for (let i = 0; i < BUDGET; i++) statuses.push((await ask(i % 2 ? secondUrl : g.gatewayUrl, token)).status);
    expect(statuses).toEqual(Array(BUDGET).fill(200));
    for (const url of [g.gatewayUrl, secondUrl]) {
      const refused = await ask(url, token);
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      const body = (await refused.json()) as { errors: { message: string; extensions: Record<string, unknown> }[]; data?: unknown };
      expect(body.errors).toEqual([{ message: `Too many requests from your account; wait ${retryAfter} seconds and try again.`, extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter } }]);
      expect(body.data ?? null).toBeNull();
    }
    // Another account is not affected.
    expect((await ask(secondUrl, other)).status).toBe(200);
  });
});

describe(`rate limits without Redis (${engine})`, () => {
  test('each process counts alone: the budget holds per gateway', async () => {
    const g = await startTestGraph(engine, { gatewayEnv: { RATE_LIMIT_STAFF_PER_MINUTE: '3' } });
    try {
      const token = await clientToken({ role: 'staff', org: g.fixture.orgs.e1.id, sub: `rate-spec-${randomUUID()}` });
      await awayFromMinuteEnd();
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await g.gql(token, '{ org(id: "01ZZZZZZZZZZZZZZZZZZZZZZZZ") { id } }')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await g.stop();
    }
  });
});
