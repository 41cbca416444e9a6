import { API_KEY_HEADER } from '@lianxin/gateway';
import { enginesForSuites } from '../harness/engines';
import { startTestGraph, type GqlResponse, type TestGraph } from '../harness/graph';
import { memberTokenFor, staffTokenFor, tokenFor } from './callers';
import { bindPartner, CHECK_ELIGIBILITY, codeOf, issueKey, newProgramme, ok, qrOf, registerPartner } from './benefits-helpers';
import { raise } from './cases-helpers';

/**
 * Pushed invalidation (issue 16 item 3, issue 11's second lever): members and benefits each
 * keep a change feed written in the transaction of the change, and every process caching their
 * data follows it: gateways (staff sign-ins, scopes, API keys), cases and benefits (org names),
 * benefits replicas (the partner desk's bindings and programmes). The graph here polls every
 * 200 ms, as production does every second, and runs two gateway replicas. Each test waits for
 * the change by asking again until it shows, within a bound far below the TTLs the caches
 * keep as a safety net (60 s for keys and scopes, 300 s for org names), and then asserts it.
 */
const POLL_MS = 200;
/** Issue 16: a revoked key is refused by both gateways within 2 s. */
const BOUND_MS = 2000;

/** Asks until `done` holds of the answer or the bound passes; returns the last answer (the test asserts on it). */
async function askUntil<T>(ask: () => Promise<T>, done: (answer: T) => boolean, boundMs = BOUND_MS): Promise<T> {
  const until = Date.now() + boundMs;
  let answer = await ask();
  while (!done(answer) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    answer = await ask();
  }
  return answer;
}

describe.each(enginesForSuites())('change feeds, on %s', (engine) => {
  let g: TestGraph;
  let replica: string;
  let admin: string;

  beforeAll(async () => {
    g = await startTestGraph(engine, { feedPollMs: POLL_MS });
    replica = await g.addGateway();
    admin = (await tokenFor('admin', g.fixture))!;
  });
  afterAll(() => g?.stop());

  const withKey = async (url: string, key: string, query: string, variables?: Record<string, unknown>): Promise<GqlResponse> => {
    const { status, body } = await g.post(url, { query, variables }, { [API_KEY_HEADER]: key });
    return { ...body, status };
  };
  const DESK = '{ deskProgrammes { id } }';

  /** A programme, a partner of the city serving it, and a key. */
  async function partnerWithKey() {
    const programme = await newProgramme(g, admin, { orgId: g.fixture.orgs.city.id });
    const partner = await registerPartner(g, admin, g.fixture.orgs.city.id);
    await bindPartner(g, admin, partner.id, programme.id);
    const key = await issueKey(g, admin, partner.id);
    return { programme, partner, key };
  }

  test('a revoked key is refused by both gateway replicas within two seconds, though each had it cached', async () => {
    const { key, programme } = await partnerWithKey();
    for (const url of [g.gatewayUrl, replica]) {
      // Twice: the second answer comes from the replica's cache, which a TTL would keep for a minute.
      for (let i = 0; i < 2; i++) expect(ok(await withKey(url, key.key, DESK)).deskProgrammes).toEqual([{ id: programme.id }]);
    }
    ok(await g.gql(admin, 'mutation($id: ID!) { revokePartnerKey(keyId: $id) { id } }', { id: key.id }));
    const refused = await Promise.all(
      [g.gatewayUrl, replica].map((url) => askUntil(() => withKey(url, key.key, DESK), (r) => codeOf(r) === 'UNAUTHENTICATED')),
    );
    for (const r of refused) expect({ status: r.status, code: codeOf(r), data: r.data ?? null }).toEqual({ status: 401, code: 'UNAUTHENTICATED', data: null });
  });

  test('a deactivated partner\'s key is refused by both replicas within two seconds, and works again when reactivated', async () => {
    const { key, partner } = await partnerWithKey();
    for (const url of [g.gatewayUrl, replica]) ok(await withKey(url, key.key, DESK));
    ok(await g.gql(admin, 'mutation($id: ID!) { setPartnerActive(partnerId: $id, active: false) { id } }', { id: partner.id }));
    for (const url of [g.gatewayUrl, replica]) {
      expect(codeOf(await askUntil(() => withKey(url, key.key, DESK), (r) => codeOf(r) === 'UNAUTHENTICATED'))).toBe('UNAUTHENTICATED');
    }
    ok(await g.gql(admin, 'mutation($id: ID!) { setPartnerActive(partnerId: $id, active: true) { id } }', { id: partner.id }));
    for (const url of [g.gatewayUrl, replica]) {
      expect(codeOf(await askUntil(() => withKey(url, key.key, DESK), (r) => !r.errors))).toBeUndefined();
    }
  });

  test('an unbind takes effect at the desk within two seconds, not after a TTL', async () => {
    const { key, partner, programme } = await partnerWithKey();
    const qr = await qrOf(g, await memberTokenFor('m3', g.fixture));
    const check = () => withKey(g.gatewayUrl, key.key, CHECK_ELIGIBILITY, { p: programme.id, q: qr });
    // The desk's cache has seen the binding's own feed entry (else that entry would drop what the checks below load).
    await g.partnerDesk.feed.poll();
    // Asked twice: the second check is answered from the desk's cache of bindings and programmes.
    for (let i = 0; i < 2; i++) expect(ok(await check()).checkEligibility).toMatchObject({ eligible: true });
    expect(g.partnerDesk.size.partners).toBeGreaterThan(0);
    ok(await g.gql(admin, 'mutation($pa: ID!, $p: ID!) { unbindPartnerProgramme(partnerId: $pa, programmeId: $p) { id } }', { pa: partner.id, p: programme.id }));
    const after = await askUntil(check, (r) => codeOf(r) === 'NOT_FOUND');
    expect({ code: codeOf(after), data: after.data?.checkEligibility ?? null }).toEqual({ code: 'NOT_FOUND', data: null });
    expect(ok(await withKey(replica, key.key, DESK)).deskProgrammes).toEqual([]);
  });

  test('an org rename shows in a case list within two seconds, not after the org directory\'s five minutes', async () => {
    const e1 = g.fixture.orgs.e1;
    await raise(g, await staffTokenFor('e1', g.fixture), { description: '食堂用餐高峰排队太久，希望增加窗口' });
    const list = async () =>
      ok(await g.gql<{ cases: { edges: { node: { raisedOrg: { id: string; name: string } } }[] } }>(admin, 'query($o: ID!) { cases(first: 50, filter: { orgId: $o }) { edges { node { raisedOrg { id name } } } } }', { o: e1.id }))
        .cases.edges.map((e) => e.node.raisedOrg)
        .filter((o) => o.id === e1.id);
    const before = await list();
    expect(before.length).toBeGreaterThan(0);
    expect(new Set(before.map((o) => o.name))).toEqual(new Set([e1.name]));
    const renamed = `${e1.name.replace(/工会$/, '')}（更名）工会`;
    ok(await g.gql(admin, 'mutation($id: ID!, $n: String!) { renameOrg(id: $id, name: $n) { name } }', { id: e1.id, n: renamed }));
    const after = await askUntil(list, (orgs) => orgs.every((o) => o.name === renamed));
    expect(new Set(after.map((o) => o.name))).toEqual(new Set([renamed]));
  });

  test('a member transferred to another union is scoped there within two seconds, not after the scope cache\'s minute', async () => {
    const { e1, e3 } = g.fixture.orgs;
    const m2 = await memberTokenFor('m2', g.fixture);
    const sees = async () => {
      const r = ok(await g.gql<{ old: { id: string } | null; next: { id: string } | null }>(m2, 'query($a: ID!, $b: ID!) { old: org(id: $a) { id } next: org(id: $b) { id } }', { a: e1.id, b: e3.id }));
      return { old: r.old !== null, next: r.next !== null };
    };
    // Asked twice: the member's anchor (their union and its path) is now cached in the gateway.
    expect(await sees()).toEqual({ old: true, next: false });
    expect(await sees()).toEqual({ old: true, next: false });
    const transfer = ok(
      await g.gql<{ requestTransfer: { id: string } }>(admin, 'mutation($m: ID!, $to: ID!) { requestTransfer(memberId: $m, toOrgId: $to, reason: "工作调动") { id } }', { m: g.fixture.members.m2.id, to: e3.id }),
    ).requestTransfer;
    ok(await g.gql(admin, 'mutation($id: ID!) { acceptTransfer(id: $id) { id } }', { id: transfer.id }));
    expect(await askUntil(sees, (s) => s.next)).toEqual({ old: false, next: true });
  });
});
