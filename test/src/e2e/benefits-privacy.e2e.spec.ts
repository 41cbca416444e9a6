import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { INTERNAL_TOKEN_HEADER } from '@lianxin/auth';
import { assertNoPartnerLeak, clientToken, isPartnerRequest, postGraphql, privacyHits, scanPartnerResponse } from '../harness/graph';
import { benefitsTokenFor } from './benefits-helpers';

/**
 * The privacy scan itself (test/src/harness/graph.ts): every partner response of every
 * suite passes through it, so it must catch a planted leak, stay quiet on what partners
 * legitimately get, and be wired into the request path so it cannot silently pass.
 * No database here: the scanner and its wiring, against a fake server.
 */

const CLEAN_CHECK = { data: { checkVoucher: { valid: true, reasons: [], programmeName: '职工免费观影', memberName: '王*国', expiresAt: '2026-12-25T15:59:59.000Z', remainingQuota: 97 } } };

describe('the partner privacy scanner', () => {
  test.each([
    ['an ID number', { data: { checkVoucher: { memberName: '王*国', note: '339901198503070011' } } }, '339901198503070011'],
    ['an ID number ending in X', { data: { x: 'id 33990119850307001X here' } }, '33990119850307001X'],
    ['a mobile number', { data: { checkEligibility: { memberName: '李*英', contact: '13998765432' } } }, '13998765432'],
    ['a mobile number with +86', { data: { x: 'call +8613812345678' } }, '+8613812345678'],
    ['a hardship tier field', { data: { checkEligibility: { hardshipTier: 'DEEP' } } }, 'hardshipTier'],
    ['a hardship reason code', { data: { checkEligibility: { eligible: false, reasons: ['NOT_HARDSHIP_TIER'] } } }, 'NOT_HARDSHIP_TIER'],
    ['the word hardship in a message', { errors: [{ message: 'not a hardship worker', extensions: { code: 'NOT_ELIGIBLE' } }] }, 'hardship'],
    ['an education aid kind', { data: { myRedemptions: { edges: [{ node: { kind: 'EDUCATION_AID' } }] } } }, 'EDUCATION_AID'],
    ['an aid field in camelCase', { data: { x: { educationAid: true } } }, 'educationAid'],
    ['an aid type name', { data: { x: { __typename: 'AidApplication' } } }, 'AidApplication'],
    ['the word aid', { errors: [{ message: 'member receives aid', extensions: { code: 'X' } }] }, 'aid'],
    ['an already-aided reason', { data: { checkEligibility: { reasons: ['ALREADY_AIDED'] } } }, 'ALREADY_AIDED'],
    ['a child reason', { data: { checkEligibility: { reasons: ['CHILD_NOT_COVERED'] } } }, 'CHILD_NOT_COVERED'],
    ['a model-worker reason', { data: { checkEligibility: { reasons: ['NOT_MODEL_WORKER'] } } }, 'NOT_MODEL_WORKER'],
    ['a model-worker aid kind', { data: { x: 'MODEL_WORKER_AID' } }, 'MODEL_WORKER_AID'],
    ['an idNumber field', { data: { member: { idNumber: '***' } } }, 'idNumber'],
    ['a phone field', { data: { member: { phone: '***' } } }, 'phone'],
    ['a Chinese hardship word', { data: { checkVoucher: { programmeName: '困难职工帮扶' } } }, '困难'],
    ['a Chinese education aid word', { data: { checkVoucher: { programmeName: '金秋助学' } } }, '助学'],
    ['a full name from the register', { data: { checkVoucher: { memberName: '王建国' } } }, '王建国'],
    // What links a case and aid (openAidFromCase): the link fields, the kinds, and a non-member worker's phone, masked or not.
    ['a case\'s aid application', { data: { _entities: [{ id: '01KAXB3ZJ4N5P6Q7R8S9T0V1W2', aidApplication: { id: '01KAXB3ZJ4N5P6Q7R8S9T0V1W3' } }] } }, 'aidApplication'],
    ['a case\'s aid applications', { data: { _entities: [{ aidApplications: [] }] } }, 'aidApplications'],
    ['a hardship-aid case kind', { data: { x: { kind: 'HARDSHIP_AID' } } }, 'HARDSHIP_AID'],
    ['an aid application kind', { data: { x: { kind: 'MODEL_WORKER_AID', caseId: '01KAXB3ZJ4N5P6Q7R8S9T0V1W2' } } }, 'MODEL_WORKER_AID'],
    ['an opened-from-case note', { data: { x: { note: '由诉求 LJ-01-2026-000017 发起，纳入困难劳模救助对象' } } }, '救助'],
    ['a non-member worker\'s masked phone', { data: { x: { worker: { name: '王*国', phone: '139****5678' } } } }, '139****5678'],
    ['a non-member worker\'s phone field', { data: { x: { worker: { phone: '***' } } } }, 'phone'],
  ])('catches %s', (_label, response, match) => {
    const hits = scanPartnerResponse(response, { query: '{ checkVoucher(code: "X") { valid } }' }, ['王建国']);
    expect(hits.map((h) => h.match)).toContain(match);
    expect(() => assertNoPartnerLeak(response, { query: '{ checkVoucher(code: "X") { valid } }' }, ['王建国'])).toThrow(/PRIVACY/);
  });

  test('a thrown leak is recorded with the query that got it', () => {
    const before = privacyHits.length;
    expect(() => assertNoPartnerLeak({ data: { x: { hardshipTier: 'DEEP' } } }, { query: 'query Leaky { x }' })).toThrow(/query: query Leaky \{ x \}/);
    expect(privacyHits.slice(before)).toEqual([{ query: 'query Leaky { x }', hits: [{ rule: 'member fact, hardship or aid field', match: 'hardshipTier' }] }]);
  });

  test.each([
    ['a valid voucher check', CLEAN_CHECK, '{ checkVoucher(code: $c) { valid reasons programmeName memberName expiresAt remainingQuota } }'],
    ['partner-safe reasons', { data: { checkEligibility: { eligible: false, reasons: ['NOT_ELIGIBLE', 'LIMIT_REACHED', 'QUOTA_EXHAUSTED', 'OUTSIDE_PROGRAMME_AREA'], memberName: '张*', remainingQuota: 0 } } }, '{ checkEligibility { eligible } }'],
    ['a redemption with ULIDs and a voucher code', { data: { redeemVoucher: { id: '01KAXB3ZJ4N5P6Q7R8S9T0V1W2', code: '7QK2M9XD4RZP8BVN3TJ6', programmeId: '01KAXB3ZJ4N5P6Q7R8S9T0V1W3', programmeName: '游泳', memberName: '李*英', redeemedAt: '2026-11-25T10:00:00.000Z' } } }, '{ redeemVoucher { id } }'],
    // Refusals name the field the partner asked for: an echo of its own query, not a leak.
    ['a refusal naming the aid field the partner asked for', { errors: [{ message: 'Your role may not perform this operation.', path: ['aidApplications'], extensions: { code: 'FORBIDDEN' } }], data: null }, '{ aidApplications { edges { node { id } } } }'],
    ['a validation error quoting the partner\'s own query', { errors: [{ message: 'Cannot query field "hardshipTier" on type "VoucherCheck".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] }, '{ checkVoucher(code: "x") { hardshipTier } }'],
    ['words that merely contain "aid"', { errors: [{ message: 'Already paid; as said, the maid raided nothing.', extensions: { code: 'X' } }] }, '{ x }'],
    ['an API key refusal', { errors: [{ message: 'This API key is not valid or has been revoked. Ask the union that registered you for a new key.', extensions: { code: 'UNAUTHENTICATED' } }] }, '{ x }'],
    ['an epoch in milliseconds', { data: { x: 1764200000000 } }, '{ x }'],
  ])('lets through %s', (_label, response, query) => {
    expect(scanPartnerResponse(response, { query }, ['王建国'])).toEqual([]);
  });

  test('a value the partner sent may come back', () => {
    const qr = 'lianxin://m/01KAXB3ZJ4N5P6Q7R8S9T0V1W2.abcdefghijklmnopqrstuv';
    expect(scanPartnerResponse({ errors: [{ message: `no member for ${qr}` }] }, { query: 'query($q: String!) { checkEligibility(memberQr: $q) { eligible } }', variables: { q: qr } })).toEqual([]);
  });
});

describe('the scan is wired into every request a partner makes', () => {
  let server: http.Server;
  let url: string;
  /** What the fake server answers: a leak. */
  const LEAK = { data: { checkVoucher: { valid: true, memberName: '王建国', hardshipTier: 'DEEP', phone: '13812345678' } } };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(LEAK));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const body = { query: '{ checkVoucher(code: "7QK2M9XD4RZP8BVN3TJ6") { valid memberName } }' };

  test('a partner API key, a partner client token and a partner internal token all fail on a leak', async () => {
    const partnerJwt = await clientToken({ role: 'partner', pid: '01KAXB3ZJ4N5P6Q7R8S9T0V1W2' });
    const internal = await benefitsTokenFor({ sub: 'partner-x', role: 'partner', partnerId: '01KAXB3ZJ4N5P6Q7R8S9T0V1W2', perms: [] });
    const variants: Record<string, string>[] = [{ 'x-api-key': 'lx_ABCDEFGH_0123456789ABCDEFGHJKMNPQRSTV' }, { authorization: `Bearer ${partnerJwt}` }, { [INTERNAL_TOKEN_HEADER]: internal }];
    for (const headers of variants) {
      expect(isPartnerRequest(headers)).toBe(true);
      await expect(postGraphql(url, body, headers, ['王建国'])).rejects.toThrow(/PRIVACY.*hardshipTier/s);
    }
  });

  test('the same answer to staff, a member or admin is not a partner response', async () => {
    for (const role of ['staff', 'member', 'admin'] as const) {
      const token = await clientToken({ role, org: 'x', mid: 'y' });
      expect(isPartnerRequest({ authorization: `Bearer ${token}` })).toBe(false);
      await expect(postGraphql(url, body, { authorization: `Bearer ${token}` })).resolves.toMatchObject({ status: 200, body: LEAK });
    }
    expect(isPartnerRequest({})).toBe(false);
    expect(isPartnerRequest({ authorization: 'Bearer not.a.jwt' })).toBe(false);
  });
});
