import { PARTNER_MANIFEST, readManifest, sha256 } from '@lianxin/gateway';
import { enginesForSuites } from '../harness/engines';
import { clientToken, startTestGraph, type TestGraph } from '../harness/graph';
import { tokenFor } from './callers';

// What the gateway does before anything is planned does not depend on the engine; one is enough.
const engine = enginesForSuites()[0];

/** The partner manifest's entry for an operation, by name. */
function trusted(name: string): { hash: string; text: string } {
  for (const [hash, text] of readManifest(PARTNER_MANIFEST)) if (new RegExp(`^(query|mutation) ${name}\\b`).test(text)) return { hash, text };
  throw new Error(`${name} is not in the partner manifest`);
}

const day = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);

describe(`trusted documents and the cost limit (${engine})`, () => {
  let g: TestGraph;
  let admin: string;
  let partnerKey: string;
  let partnerToken: string;
  let voucher: string;
  beforeAll(async () => {
    g = await startTestGraph(engine, { gatewayEnv: { PARTNER_DOCUMENTS: 'trusted' } });
    admin = (await tokenFor('admin', g.fixture))!;
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
    partnerKey = ok(await g.gql<{ issuePartnerKey: { key: string } }>(admin, 'mutation ($pa: ID!) { issuePartnerKey(partnerId: $pa) { key } }', { pa: partner.id })).issuePartnerKey.key;
    partnerToken = await clientToken({ role: 'partner', pid: partner.id });
    const member = (await tokenFor('member', g.fixture))!;
    voucher = ok(await g.gql<{ claimVoucher: { code: string } }>(member, 'mutation ($p: ID!) { claimVoucher(programmeId: $p) { code } }', { p: p.id })).claimVoucher.code;
  });
  afterAll(() => g?.stop());

  const asKey = (body: unknown) => g.post(g.gatewayUrl, body, { 'x-api-key': partnerKey });
  /** What the desk sees of the voucher, through the published check. */
  const voucherState = async () => (await asKey({ documentId: `sha256:${trusted('DeskCheckVoucher').hash}`, variables: { code: voucher } })).body.data;

  test('a partner runs a published operation by documentId, by the Apollo hash extension, or as its exact text', async () => {
    const check = trusted('DeskCheckVoucher');
    const want = { checkVoucher: { valid: true, reasons: [], programmeName: '免费观影', memberName: '王*国', expiresAt: expect.any(String) } };
    for (const body of [
      { documentId: `sha256:${check.hash}`, variables: { code: voucher } },
      { documentId: check.hash, variables: { code: voucher } },
      { extensions: { persistedQuery: { version: 1, sha256Hash: check.hash } }, variables: { code: voucher } },
      { query: check.text, variables: { code: voucher } },
    ]) {
      const res = await asKey(body);
      expect(res).toEqual({ status: 200, body: { data: want } });
    }
    // A partner token is the same partner under the same rule.
    expect((await g.post(g.gatewayUrl, { documentId: `sha256:${check.hash}`, variables: { code: voucher } }, { authorization: `Bearer ${partnerToken}` })).body).toEqual({ data: want });
  });

  test('any other document from a partner is refused with PERSISTED_QUERY_NOT_ALLOWED, and a refused redemption redeems nothing', async () => {
    const before = await voucherState();
    const cases = [
      { query: 'query ($c: String!) { checkVoucher(code: $c) { valid reasons memberName } }', variables: { c: voucher } },
      // The published text with a byte changed is another document.
      { query: trusted('DeskCheckVoucher').text + ' ', variables: { code: voucher } },
      { query: 'mutation ($c: String!) { redeemVoucher(code: $c, idempotencyKey: "free-form-1") { id } }', variables: { c: voucher } },
      { query: '{ __schema { queryType { name } } }' },
    ];
    for (const body of cases) {
      for (const res of [await asKey(body), await g.post(g.gatewayUrl, body, { authorization: `Bearer ${partnerToken}` })]) {
        expect(res.status).toBe(403);
        expect(res.body.errors).toEqual([{ message: expect.stringMatching(/^Partner accounts may run only the published partner operations/), extensions: { code: 'PERSISTED_QUERY_NOT_ALLOWED' } }]);
        expect(res.body.data ?? null).toBeNull();
      }
    }
    expect(await voucherState()).toEqual(before);
    expect(before).toEqual({ checkVoucher: expect.objectContaining({ valid: true, reasons: [] }) });
  });

  test('an unknown hash is PERSISTED_QUERY_NOT_FOUND for anyone; a hash that does not match its text, or a malformed one, is BAD_REQUEST', async () => {
    const unknown = { documentId: `sha256:${sha256('query Nope { __typename }')}` };
    for (const res of [await asKey(unknown), await g.post(g.gatewayUrl, unknown, { authorization: `Bearer ${admin}` })]) {
      expect(res.status).toBe(400);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    }
    const check = trusted('DeskCheckVoucher');
    const mismatch = await asKey({ query: '{ deskProgrammes { id } }', extensions: { persistedQuery: { version: 1, sha256Hash: check.hash } } });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    const malformed = await asKey({ documentId: 'md5:abc' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors?.[0]?.message).toMatch(/documentId must be "sha256:" followed by 64 hex digits/);
  });

  test('staff and admin still send free-form operations, and may use the hashes too', async () => {
    const e1 = (await tokenFor('e1', g.fixture))!;
    const free = await g.gql<{ members: { edges: unknown[] } }>(e1, '{ members(first: 5) { edges { node { id } } } }');
    expect(free.errors).toBeUndefined();
    expect(free.data!.members.edges.length).toBeGreaterThan(0);
    const byHash = await g.post(g.gatewayUrl, { documentId: `sha256:${trusted('DeskCheckVoucher').hash}`, variables: { code: voucher } }, { authorization: `Bearer ${admin}` });
    expect(byHash.status).toBe(200);
    expect(byHash.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN'); // checkVoucher is the partners'; the document ran and the field refused
  });

  test('the cost limit: nested pages multiply; over the limit is refused before any subgraph fetch, naming the cost and the limit', async () => {
    const big = '{ members(first: 500) { edges { node { id org { subtree(first: 500) { edges { node { id } } } } } } } }';
    const sent = g.gatewayFetches.sent;
    const res = await g.gql(admin, big);
    expect(res.status).toBe(400);
    // members 1 + 500 × (edge 1 + node 1 + id 1 + org 1 + subtree 1 + 500 × (edge 1 + node 1 + id 1))
    const cost = 1 + 500 * (5 + 500 * 3);
    expect(res.errors).toEqual([
      {
        message: `This query would cost ${cost}; the limit is 250000. Each field counts once per item its lists may return (first on every connection; nested lists multiply). Ask for smaller pages, or fewer nested lists, and fetch the rest with after.`,
        extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost: 250000 },
      },
    ]);
    expect(g.gatewayFetches.sent).toBe(sent);
    const tooLarge = await g.gql(admin, '{ members(first: 501) { edges { node { id } } } }');
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.errors).toEqual([{ message: 'Invalid input. first: must be between 1 and 500', extensions: { code: 'BAD_USER_INPUT', field: 'first' } }]);
    expect(g.gatewayFetches.sent).toBe(sent);
    // Smaller pages of the same shape are fine.
    expect((await g.gql(admin, big.replace(/500/g, '20'))).errors).toBeUndefined();
  });
});

describe(`GraphiQL (${engine})`, () => {
  test('a browser asking /graphql gets GraphiQL with every asset inline (it needs no internet); API clients do not', async () => {
    const g = await startTestGraph(engine);
    try {
      const page = await fetch(g.gatewayUrl, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('连心桥 GraphiQL');
      expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/);
      expect(html).not.toMatch(/Apollo Sandbox|embeddable-sandbox/);
      const admin = (await tokenFor('admin', g.fixture))!;
      const api = await fetch(`${g.gatewayUrl}?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true', authorization: `Bearer ${admin}` } });
      expect(await api.json()).toEqual({ data: { __typename: 'Query' } });
    } finally {
      await g.stop();
    }
  });
});
