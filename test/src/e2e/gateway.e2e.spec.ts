import http from 'node:http';
import net from 'node:net';
import { enginesForSuites } from '../harness/engines';
import { clientToken, PRODUCTION_TEST_SECRETS, startTestGraph, type TestGraph } from '../harness/graph';
import { tokenFor, tokenFor as devTokenFor } from './callers';

// The gateway's own behaviour does not depend on the engine; one is enough.
const engine = enginesForSuites()[0];

describe(`gateway (${engine})`, () => {
  let g: TestGraph;
  let admin: string;
  beforeAll(async () => {
    g = await startTestGraph(engine);
    admin = (await tokenFor('admin', g.fixture))!;
  });
  afterAll(() => g?.stop());

  describe('authentication', () => {
    test('no token: only the public QR join operations', async () => {
      const open = await g.gql<{ joinTarget: { orgName: string } }>(undefined, 'query($c: String!) { joinTarget(joinCode: $c) { orgName level } }', { c: g.fixture.orgs.e1.joinCode });
      expect(open.errors).toBeUndefined();
      expect(open.data!.joinTarget).toEqual({ orgName: g.fixture.orgs.e1.name, level: 'ENTERPRISE' });
      const closed = await g.gql(undefined, '{ org(id: "x") { id } }');
      expect(closed.status).toBe(401);
      expect(closed.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(closed.data ?? null).toBeNull();
    });

    test.each([
      ['a malformed header', 'Token abc'],
      ['a garbage token', 'Bearer not.a.jwt'],
    ])('%s is refused with UNAUTHENTICATED', async (_name, header) => {
      const { status, body } = await g.post(g.gatewayUrl, { query: '{ joinTarget(joinCode: "X") { orgName } }' }, { authorization: header });
      expect(status).toBe(401);
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    test('an expired token, a token signed with another key, a token with no role', async () => {
      const bad = [
        await clientToken({ role: 'admin' }, { expiresIn: '-1m' }),
        await clientToken({ role: 'admin' }, { secret: 'someone-elses-secret-that-is-long-enough!!' }),
        await clientToken({ role: 'root' }),
        await clientToken({ role: 'staff' }), // staff without an org
        await clientToken({ role: 'staff', org: '01ZZZZZZZZZZZZZZZZZZZZZZZZ' }), // an org that does not exist
      ];
      for (const token of bad) {
        const res = await g.gql(token, '{ members { edges { node { id } } } }');
        expect(res.status).toBe(401);
        expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        expect(res.data ?? null).toBeNull();
      }
    });

    test('identity headers sent by a client are ignored', async () => {
      const e1 = (await tokenFor('e1', g.fixture))!;
      const res = await g.post(
        g.gatewayUrl,
        { query: '{ members(first: 100) { edges { node { id } } } }' },
        { authorization: `Bearer ${e1}`, 'x-lianxin-internal-token': 'forged', 'x-role': 'admin', 'x-org-id': g.fixture.orgs.city.id },
      );
      const ids = (res.body.data as { members: { edges: { node: { id: string } }[] } }).members.edges.map((e) => e.node.id).sort();
      expect(ids).toEqual([g.fixture.members.m1.id, g.fixture.members.m2.id].sort());
    });

    test('a partner API key (X-Api-Key) is a partner caller; a bad, unknown or revoked key, or a key beside a token, is refused', async () => {
      const day = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);
      const ok = <T>(res: { data?: T | null; errors?: unknown[] }): T => {
        expect(res.errors).toBeUndefined();
        return res.data!;
      };
      const { createProgramme: p } = ok(
        await g.gql<{ createProgramme: { id: string } }>(admin, 'mutation ($i: CreateProgrammeInput!) { createProgramme(input: $i) { id } }', {
          i: { orgId: g.fixture.orgs.city.id, name: '免费观影', kind: 'CINEMA_VOUCHER', startsOn: day(-1), endsOn: day(30), quota: 10, voucherValidDays: 7, rules: { requires: [] } },
        }),
      );
      ok(await g.gql(admin, 'mutation ($p: ID!) { openProgramme(programmeId: $p) { id } }', { p: p.id }));
      const { registerPartner: partner } = ok(
        await g.gql<{ registerPartner: { id: string } }>(admin, 'mutation ($o: ID!) { registerPartner(input: { name: "滨江影城", kind: CINEMA, orgId: $o }) { id } }', { o: g.fixture.orgs.city.id }),
      );
      ok(await g.gql(admin, 'mutation ($pa: ID!, $p: ID!) { bindPartnerProgramme(partnerId: $pa, programmeId: $p) { id } }', { pa: partner.id, p: p.id }));
      const ISSUE = 'mutation ($pa: ID!) { issuePartnerKey(partnerId: $pa) { id key } }';
      const { issuePartnerKey: key } = ok(await g.gql<{ issuePartnerKey: { id: string; key: string } }>(admin, ISSUE, { pa: partner.id }));
      const member = (await tokenFor('member', g.fixture))!;
      const { claimVoucher: v } = ok(await g.gql<{ claimVoucher: { code: string } }>(member, 'mutation ($p: ID!) { claimVoucher(programmeId: $p) { code } }', { p: p.id }));

      const CHECK = 'query ($c: String!) { checkVoucher(code: $c) { valid reasons memberName programmeName } }';
      const byKey = await g.gqlWithApiKey(key.key, CHECK, { c: v.code });
      expect(byKey).toEqual({ status: 200, data: { checkVoucher: { valid: true, reasons: [], memberName: '王*国', programmeName: '免费观影' } } });
      // A client token with role partner and pid is the same partner.
      const token = await clientToken({ role: 'partner', pid: partner.id });
      expect(await g.gql(token, CHECK, { c: v.code })).toEqual(byKey);
      // A partner still sees nothing of the members graph.
      const members = await g.gqlWithApiKey(key.key, 'query ($id: ID!) { member(id: $id) { id } }', { id: g.fixture.members.m1.id });
      expect(members.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(members.data).toEqual({ member: null });

      const { issuePartnerKey: spare } = ok(await g.gql<{ issuePartnerKey: { id: string; key: string } }>(admin, ISSUE, { pa: partner.id }));
      ok(await g.gql(admin, 'mutation ($k: ID!) { revokePartnerKey(keyId: $k) { revokedAt } }', { k: spare.id }));
      const unknown = `lx_${key.key.slice(3, 11)}_${'0'.repeat(32)}`;
      for (const bad of [spare.key, unknown, 'not-a-key']) {
        const res = await g.gqlWithApiKey(bad, CHECK, { c: v.code });
        expect(res.status).toBe(401);
        expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        expect(res.data ?? null).toBeNull();
      }
      const both = await g.post(g.gatewayUrl, { query: CHECK, variables: { c: v.code } }, { 'x-api-key': key.key, authorization: `Bearer ${token}` });
      expect(both.status).toBe(401);
      expect(both.body.errors?.[0]?.message).toMatch(/not both/);
    });
  });

  test('anonymous callers have a per-address budget (60 a minute by default)', async () => {
    const q = 'query($c: String!) { joinTarget(joinCode: $c) { orgName } }';
    const results = [];
    const minuteNow = () => Math.floor(Date.now() / 60_000);
    const startMinute = minuteNow();
    // Up to two windows' worth, in case a minute boundary falls inside the loop.
    for (let i = 0; i < 122; i++) {
      const res = await g.gql(undefined, q, { c: g.fixture.orgs.e1.joinCode });
      results.push(res);
      if (res.errors) break;
    }
    const limited = results.filter((r) => r.errors?.[0]?.extensions?.code === 'RATE_LIMITED');
    // The loop ended on the refusal, not by running out.
    expect(limited).toHaveLength(1);
    expect(results[results.length - 1]).toBe(limited[0]);
    // At most 60 answered in one window (fewer when earlier tests' anonymous requests from this
    // address count in it); at most two windows' worth when a minute boundary fell in the loop.
    // The exact count is rate-limit.spec.ts's, with a clock of its own.
    const answered = results.length - 1;
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThanOrEqual(minuteNow() === startMinute ? 60 : 120);
    expect(limited[0].status).toBe(429);
    expect(limited[0].errors?.[0]?.message).toMatch(/wait \d+ seconds/);
    // Signed-in callers are not affected.
    expect((await g.gql(admin, q, { c: g.fixture.orgs.e1.joinCode })).errors).toBeUndefined();
  });

  describe('limits, before execution', () => {
    test('depth', async () => {
      const deep = `{ org(id: "x") { ${'children { '.repeat(15)}id${' }'.repeat(15)} } }`;
      const res = await g.gql(admin, deep);
      expect(res.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
      expect(res.errors?.[0]?.message).toMatch(/limit is 12/);
    });

    test('aliases', async () => {
      const many = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: org(id: "x") { id }`).join(' ')} }`;
      const res = await g.gql(admin, many);
      expect(res.errors?.[0]?.extensions?.code).toBe('TOO_MANY_ALIASES');
    });

    test('tokens', async () => {
      const huge = `{ org(id: "x") { ${'id '.repeat(4000)} } }`;
      const res = await g.gql(admin, huge);
      expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
      expect(res.errors?.[0]?.message).toMatch(/more tha[nt] 3000 tokens/);
    });

    test('body size', async () => {
      const { status, body } = await g.post(g.gatewayUrl, { query: `{ __typename }  #${'x'.repeat(200_000)}` }, { authorization: `Bearer ${admin}` });
      expect(status).toBe(413);
      expect(body.errors?.[0]?.extensions?.code).toBe('REQUEST_TOO_LARGE');
    });
  });

  test('health and readiness', async () => {
    const base = g.gatewayUrl.replace(/\/graphql$/, '');
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok', service: 'gateway' });
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', subgraphs: { members: 'ready', cases: 'ready', benefits: 'ready' } });
    const sub = g.membersUrl.replace(/\/graphql$/, '');
    expect(await (await fetch(`${sub}/health`)).json()).toEqual({ status: 'ok', service: 'members' });
    const cases = g.casesUrl.replace(/\/graphql$/, '');
    expect(await (await fetch(`${cases}/health`)).json()).toEqual({ status: 'ok', service: 'cases' });
    const benefits = g.benefitsUrl.replace(/\/graphql$/, '');
    expect(await (await fetch(`${benefits}/health`)).json()).toEqual({ status: 'ok', service: 'benefits' });
  });

  test('identical reads in flight together share a subgraph fetch; another district\'s never shares it, and each gets its own scope', async () => {
    const q = '{ members(first: 10) { edges { node { id org { id } } } } }';
    const [d1, d2] = [(await tokenFor('d1', g.fixture))!, (await tokenFor('d2', g.fixture))!];
    const alone = async (token: string) => JSON.stringify((await g.gql(token, q)).data);
    const expected = { [d1]: await alone(d1), [d2]: await alone(d2) };
    expect(expected[d1]).not.toBe(expected[d2]);
    // A burst of the same page from two districts at once, interleaved. Sharing needs requests
    // to overlap in the gateway, which a burst of 40 does; a round where none overlapped is run again.
    let shared = 0;
    for (let round = 0; round < 5 && shared === 0; round++) {
      const before = { ...g.gatewayFetches };
      const tokens = Array.from({ length: 40 }, (_, i) => (i % 2 ? d2 : d1));
      const answers = await Promise.all(tokens.map(async (t) => ({ t, data: JSON.stringify((await g.gql(t, q)).data) })));
      // Whatever was shared, every caller got exactly what it gets on its own: its district, never the other.
      for (const a of answers) expect(a.data).toBe(expected[a.t]);
      const sent = g.gatewayFetches.sent - before.sent;
      shared = g.gatewayFetches.shared - before.shared;
      // Each request reads members once: sent and shared together account for every one of them.
      expect(sent + shared).toBe(40);
      // Two scopes, so at least two fetches.
      expect(sent).toBeGreaterThanOrEqual(2);
    }
    expect(shared).toBeGreaterThan(0);
  });

  test('mutations are never shared, even when identical and at the same moment', async () => {
    const token = (await tokenFor('d1', g.fixture))!;
    // Each reaches the members subgraph and is refused there (no such application): six fetches, none shared.
    const approve = 'mutation($id: ID!) { approveJoinApplication(id: $id) { id } }';
    const before = { ...g.gatewayFetches };
    const answers = await Promise.all(Array.from({ length: 6 }, () => g.gql(token, approve, { id: '01JZZZZZZZZZZZZZZZZZZZZZZZ' })));
    for (const a of answers) expect(a.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(g.gatewayFetches.sent - before.sent).toBe(6);
    expect(g.gatewayFetches.shared - before.shared).toBe(0);
  });

  test('errors carry no stack traces or SQL', async () => {
    const res = await g.gql(admin, 'query { members(after: "bm90LWEtY3Vyc29y") { edges { node { id } } } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const text = JSON.stringify(res);
    expect(text).not.toMatch(/stacktrace|SELECT|at Object\.|\.ts:\d+/);
  });
});

describe(`gateway in production mode (${engine})`, () => {
  let g: TestGraph;
  beforeAll(async () => {
    g = await startTestGraph(engine, { production: true });
  });
  afterAll(() => g?.stop());
  const tokenFor = (key: Parameters<typeof devTokenFor>[0], fixture: Parameters<typeof devTokenFor>[1]) => devTokenFor(key, fixture, [], { secret: PRODUCTION_TEST_SECRETS.jwt });

  test('a token signed with the built-in development secret is refused', async () => {
    const res = await g.gql(await devTokenFor('admin', g.fixture), '{ __typename }');
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  const INTROSPECT = '{ __schema { queryType { name } } }';

  test('introspection is for staff and admin only', async () => {
    for (const caller of ['member', 'anonymous'] as const) {
      const res = await g.gql(await tokenFor(caller, g.fixture), INTROSPECT);
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(res.data ?? null).toBeNull();
    }
    // A partner gets no further than the trusted-documents check: introspection is not a partner operation.
    const partner = await g.gql(await tokenFor('partner', g.fixture), INTROSPECT);
    expect(partner.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    expect(partner.data ?? null).toBeNull();
    for (const caller of ['admin', 'e1'] as const) {
      const res = await g.gql<{ __schema: { queryType: { name: string } } }>(await tokenFor(caller, g.fixture), INTROSPECT);
      expect(res.data!.__schema.queryType.name).toBe('Query');
    }
  });

  test('which subgraph an error came from is told to staff, not to members', async () => {
    // A malformed id fails in the cases subgraph, with its code, for both.
    const q = '{ case(id: "nope") { id } }';
    const member = await g.gql(await tokenFor('member', g.fixture), q);
    expect(member.errors).toEqual([expect.objectContaining({ path: ['case'], extensions: { code: 'BAD_USER_INPUT', field: 'id' } })]);
    const staff = await g.gql(await tokenFor('e1', g.fixture), q);
    expect(staff.errors).toEqual([expect.objectContaining({ path: ['case'], extensions: { code: 'BAD_USER_INPUT', field: 'id', serviceName: 'cases' } })]);
  });

  test('a refused field says who it is for: staff asking for me learn it is for members', async () => {
    const res = await g.gql(await tokenFor('e1', g.fixture), '{ me { id } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.errors?.[0]?.message).toBe('me is for members; you are signed in as union staff.');
    expect(res.data).toEqual({ me: null });
  });

  test('field suggestions are hidden from members and partners, kept for staff', async () => {
    const typo = '{ me { nmae } }';
    const member = await g.gql(await tokenFor('member', g.fixture), typo);
    expect(member.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(member.errors?.[0]?.message).not.toMatch(/Did you mean/);
    const staff = await g.gql(await tokenFor('e1', g.fixture), typo);
    expect(staff.errors?.[0]?.message).toMatch(/Did you mean "name"/);
  });
});

describe(`members dying during the caller's scope lookup (${engine})`, () => {
  let g: TestGraph;
  let closer: net.Server;
  let closerUrl: string;
  beforeAll(async () => {
    g = await startTestGraph(engine, { subgraphTimeoutMs: 1500 });
    // Takes the request, then closes the socket without an answer: undici's "other side closed".
    closer = net.createServer((socket) => socket.once('data', () => socket.destroy()));
    await new Promise<void>((ok) => closer.listen(0, '127.0.0.1', ok));
    closerUrl = `http://127.0.0.1:${(closer.address() as net.AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await g?.stop();
    await new Promise((ok) => closer?.close(ok));
  });

  const SCOPE_UNAVAILABLE = {
    message: 'The members service did not answer, so your scope cannot be checked right now. Retry shortly.',
    extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'members' },
  };

  test('a socket closed mid-lookup is SUBGRAPH_UNAVAILABLE (503), not INTERNAL_SERVER_ERROR', async () => {
    const url = await g.addGateway({ MEMBERS_URL: closerUrl });
    const ask = (token: string | undefined) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ __typename }' }) });
    const member = await ask(await tokenFor('member', g.fixture));
    expect(member.status).toBe(503);
    expect(((await member.json()) as { errors: unknown[] }).errors).toEqual([SCOPE_UNAVAILABLE]);
    // Staff are looked up in the directory first, which is members too.
    const staff = await ask(await clientToken({ role: 'staff', org: g.fixture.orgs.e1.id }));
    expect(staff.status).toBe(503);
    expect(((await staff.json()) as { errors: unknown[] }).errors).toEqual([
      { message: 'The members service did not answer, so your staff account cannot be checked right now. Retry shortly.', extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'members' } },
    ]);
  });

  test('members answering with errors while it dies (its pool closed) is SUBGRAPH_UNAVAILABLE, not "no such member" or "no account"', async () => {
    // What a members replica shutting down answers: the resolver failed, the nullable field is null.
    const dying = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const field = /_staffBySubject/.test(decodeURIComponent(req.url ?? '')) ? '_staffBySubject' : '_scopeAnchor';
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ data: { [field]: null, _staffBySubject: null }, errors: [{ message: 'Pool is closed.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
      });
    });
    await new Promise<void>((ok) => dying.listen(0, '127.0.0.1', ok));
    try {
      const url = await g.addGateway({ MEMBERS_URL: `http://127.0.0.1:${(dying.address() as net.AddressInfo).port}/graphql` });
      const member = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor('member', g.fixture)}` }, body: JSON.stringify({ query: '{ __typename }' }) });
      expect(member.status).toBe(503);
      expect(((await member.json()) as { errors: unknown[] }).errors).toEqual([SCOPE_UNAVAILABLE]);
      // A subject-only token: the directory lookup failed, which is not "no account" (a 401 telling them to ask their administrator).
      const subject = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await clientToken({ sub: 'lj:someone' })}` }, body: JSON.stringify({ query: '{ __typename }' }) });
      expect(subject.status).toBe(503);
      expect(((await subject.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('SUBGRAPH_UNAVAILABLE');
    } finally {
      await new Promise((ok) => dying.close(ok));
    }
  });

  test('members stopped before the lookup is SUBGRAPH_UNAVAILABLE too', async () => {
    await g.stopMembers();
    const res = await g.gql(await tokenFor('member', g.fixture), '{ __typename }');
    expect(res.status).toBe(503);
    expect(res.errors).toEqual([SCOPE_UNAVAILABLE]);
  });
});

describe(`a subgraph that is down (${engine})`, () => {
  let g: TestGraph;
  beforeAll(async () => {
    g = await startTestGraph(engine, { subgraphTimeoutMs: 1500 });
  });
  afterAll(() => g?.stop());

  test('gives an error for the missing part, fast, and the gateway stays up', async () => {
    const admin = (await tokenFor('admin', g.fixture))!;
    // Warm the caller's token caches, then take the subgraph away.
    expect((await g.gql(admin, '{ __typename org(id: "01KAXB3ZJ4N5P6Q7R8S9T0V1C1") { id } }')).errors).toBeUndefined();
    await g.stopMembers();
    const started = Date.now();
    const res = await g.gql<{ __typename: string }>(admin, '{ __typename org(id: "01KAXB3ZJ4N5P6Q7R8S9T0V1C1") { id } }');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(res.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    // Partial data: what the gateway could answer itself is still there.
    expect(res.data).toEqual({ __typename: 'Query', org: null });
    expect(res.errors?.[0]?.message).toMatch(/members service did not answer/);
    const base = g.gatewayUrl.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/ready`)).status).toBe(503);
  });
});
