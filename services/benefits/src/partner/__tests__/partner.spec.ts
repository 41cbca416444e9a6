import { cityOf } from '@lianxin/subgraph';
import { createHash } from 'node:crypto';
import { graphql, type GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { newId, type Caller } from '@lianxin/auth';
import { PARTNER_SAFE_REASONS, ReasonCode } from '../../eligibility/eligibility.engine';
import { callerStub } from '@lianxin/test-kit';
import { benefitsEngines } from '../../programme/__tests__/harness';
import { ProgrammeKind } from '../../programme/programme.enums';
import { buildBenefitsSubgraph } from '../../schema';
import { RedemptionRow, VoucherRow, VoucherState } from '../../grant/voucher.entity';
import * as vouchers from '../../voucher/voucher.service';
import { DAY, MONTHLY, NOW, refusal, SECRET, settle, world } from '../../voucher/__tests__/world';
import { memberQrPayload, verifyMemberQr } from '../member.qr';
import { PartnerKeyRow, PartnerKind, PartnerRow } from '../partner.entity';
import { PartnerProgrammeRow } from '../../programme/programme.entity';
import { generatePartnerKey, hashPartnerKey, isPartnerKey } from '../partner.key';
import * as desk from '../partner.desk';
import { partnerQuery } from '../partner.scope';
import * as partners from '../partner.service';
import { PartnerReason, RegisterPartnerInput } from '../partner.types';

const { admin, staff, member: memberCaller } = callerStub;

const SYSTEM: Caller = { sub: 'gateway', role: 'system', perms: [] };

describe('partner keys and member QR codes', () => {
  test('a key is lx_<8>_<32>, random, and stored as sha256 hex only', () => {
    const keys = Array.from({ length: 500 }, generatePartnerKey);
    for (const k of keys) {
      expect(k.key).toMatch(/^lx_[0-9A-HJKMNP-TV-Z]{8}_[0-9A-HJKMNP-TV-Z]{32}$/);
      expect(isPartnerKey(k.key)).toBe(true);
      expect(k.key.slice(3, 11)).toBe(k.prefix);
      expect(k.hash).toBe(createHash('sha256').update(k.key).digest('hex'));
      expect(hashPartnerKey(k.key)).toBe(k.hash);
    }
    expect(new Set(keys.map((k) => k.key)).size).toBe(500);
    expect(hashPartnerKey(keys[0].key)).not.toBe(hashPartnerKey(keys[0].key.toLowerCase()));
    expect(isPartnerKey(`${keys[0].key}x`)).toBe(false);
  });

  test('a member QR names the member and verifies only with the service secret, unaltered', () => {
    const id = newId();
    const qr = memberQrPayload(SECRET, id);
    expect(qr).toMatch(new RegExp(`^lianxin://m/${id}\\.[A-Za-z0-9_-]{22}$`));
    expect(verifyMemberQr(SECRET, qr)).toBe(id);
    expect(verifyMemberQr(`${SECRET}-other`, qr)).toBeNull();
    const other = newId();
    expect(verifyMemberQr(SECRET, qr.replace(id, other))).toBeNull();
    const sig = qr.split('.')[1];
    const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
    expect(verifyMemberQr(SECRET, qr.replace(sig, flipped))).toBeNull();
    expect(verifyMemberQr(SECRET, `lianxin://m/${id}`)).toBeNull();
    expect(verifyMemberQr(SECRET, 'not a qr')).toBeNull();
  });

  test('every reason a partner may hear has a partner reason code', () => {
    for (const r of PARTNER_SAFE_REASONS) expect(Object.values(PartnerReason)).toContain(r);
    expect(desk.partnerReasons([ReasonCode.NOT_HARDSHIP_TIER, ReasonCode.ALREADY_AIDED, ReasonCode.CHILD_NOT_COVERED, ReasonCode.LIMIT_REACHED])).toEqual([
      PartnerReason.NOT_ELIGIBLE,
      PartnerReason.LIMIT_REACHED,
    ]);
  });
});

describe.each(benefitsEngines('partner'))('partners on $name', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  const w = world(() => db);
  const { orgs, facts, ctxOf } = w;
  /** Every answer a partner got in this suite, for the privacy scan at the end. */
  const partnerSaw: unknown[] = [];

  beforeAll(async () => {
    ({ db, close } = await engine.open());
  });
  afterAll(() => close?.());

  const register = (by: Caller, orgId: string, name = '滨江影城') =>
    partners.registerPartner(ctxOf(by), Object.assign(new RegisterPartnerInput(), { name, kind: PartnerKind.CINEMA, orgId }), NOW);
  const deskOf = (p: PartnerRow): Caller => ({ sub: `partner-key:${p.id}`, role: 'partner', partnerId: p.id, perms: [] });
  const seen = <T>(x: T): T => {
    partnerSaw.push(x);
    return x;
  };
  const check = async (p: PartnerRow, code: string, now = NOW) => seen(await desk.checkVoucher(ctxOf(deskOf(p)), code, now));
  const redeem = async (p: PartnerRow, code: string, key: string, now = NOW) => seen(await desk.redeemVoucher(ctxOf(deskOf(p)), code, key, now));
  const claim = (m: { id: string }, programmeId: string, now = NOW) => vouchers.claimVoucher(ctxOf(memberCaller(facts.facts.get(m.id)!)), programmeId, now);

  /** A cinema programme, a partner of district 1 serving it, and a claimed voucher. */
  async function served(over: Parameters<typeof w.programme>[0] = {}) {
    const programme = await w.programme(over);
    const cinema = await register(staff(orgs.d1), orgs.d1.id);
    await partners.bindPartnerProgramme(ctxOf(staff(orgs.d1)), cinema.id, programme.id);
    const member = facts.add(orgs.e1, { name: '王建国', idNumber: '110101199003071234', phone: '13812345678', hardshipTier: 'DEEP' } as never);
    const voucher = await claim(member, programme.id);
    return { programme, cinema, member, voucher };
  }

  describe('managing partners and keys', () => {
    test('staff register partners under their union; other districts do not see them', async () => {
      const cinema = await register(staff(orgs.d1), orgs.s1.id);
      expect(cinema).toMatchObject({ name: '滨江影城', kind: PartnerKind.CINEMA, orgId: orgs.s1.id, orgPath: orgs.s1.path, active: true });
      expect((await refusal(register(staff(orgs.d1), orgs.d2.id))).code).toBe('BAD_USER_INPUT');
      expect((await refusal(register(memberCaller(facts.add(orgs.e1)), orgs.e1.id))).code).toBe('FORBIDDEN');
      const p = await w.programme();
      expect((await refusal(partners.bindPartnerProgramme(ctxOf(staff(orgs.d2)), cinema.id, p.id))).code).toBe('NOT_FOUND');
      expect((await refusal(partners.issuePartnerKey(ctxOf(staff(orgs.d2)), cinema.id))).code).toBe('NOT_FOUND');
      const page = await partners.listPartners(ctxOf(staff(orgs.d2)), { first: 50 });
      expect(page.edges.map((e) => e.node.id)).not.toContain(cinema.id);
      expect((await partners.listPartners(ctxOf(staff(orgs.d1)), { first: 50 })).edges.map((e) => e.node.id)).toContain(cinema.id);
    });

    test('binding: a programme the caller sees; never a sensitive one; twice is once', async () => {
      const cinema = await register(staff(orgs.d1), orgs.d1.id);
      const p = await w.programme();
      await partners.bindPartnerProgramme(ctxOf(staff(orgs.d1)), cinema.id, p.id);
      await partners.bindPartnerProgramme(ctxOf(staff(orgs.d1)), cinema.id, p.id);
      expect(await db.getRepository(PartnerProgrammeRow).findBy({ partnerId: cinema.id })).toEqual([{ partnerId: cinema.id, programmeId: p.id, city: cityOf(orgs.d1.path) }]);

      const hardship = await w.programme({ name: '困难职工观影', rules: { requires: [{ type: 'hardship', tiers: ['DEEP'] }] } });
      const aid = await w.programme({ name: '困难劳模救助', kind: ProgrammeKind.MODEL_WORKER_AID });
      for (const s of [hardship, aid]) {
        const r = await refusal(partners.bindPartnerProgramme(ctxOf(admin), cinema.id, s.id));
        expect(r).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/reveals hardship or aid/) });
      }
      const d2Only = await w.programme({ orgId: orgs.d2.id });
      expect((await refusal(partners.bindPartnerProgramme(ctxOf(staff(orgs.d1)), cinema.id, d2Only.id))).code).toBe('NOT_FOUND');
      expect(await db.getRepository(PartnerProgrammeRow).findBy({ partnerId: cinema.id })).toEqual([{ partnerId: cinema.id, programmeId: p.id, city: cityOf(orgs.d1.path) }]);
    });

    test('a key is shown once and stored hashed; the gateway lookup finds it until it is revoked or the partner deactivated', async () => {
      const cinema = await register(staff(orgs.d1), orgs.d1.id);
      const issued = await partners.issuePartnerKey(ctxOf(staff(orgs.d1)), cinema.id, NOW);
      expect(issued).toMatchObject({ partnerId: cinema.id, key: expect.stringMatching(/^lx_[0-9A-Z]{8}_[0-9A-Z]{32}$/) });
      const row = await db.getRepository(PartnerKeyRow).findOneByOrFail({ id: issued.id });
      expect(row).toMatchObject({ partnerId: cinema.id, prefix: issued.prefix, hash: hashPartnerKey(issued.key), revokedAt: null });
      expect(JSON.stringify(row)).not.toContain(issued.key.slice(12));

      const lookup = () => partners.partnerByKeyHash(ctxOf(SYSTEM), hashPartnerKey(issued.key));
      expect(await lookup()).toEqual({ partnerId: cinema.id, keyId: issued.id, active: true });
      expect(await partners.partnerByKeyHash(ctxOf(SYSTEM), hashPartnerKey(generatePartnerKey().key))).toBeNull();
      expect(await partners.partnerByKeyHash(ctxOf(SYSTEM), "' OR 1=1")).toBeNull();
      expect((await refusal(partners.partnerByKeyHash(ctxOf(admin), hashPartnerKey(issued.key)))).code).toBe('FORBIDDEN');

      await partners.setPartnerActive(ctxOf(staff(orgs.d1)), cinema.id, false);
      expect(await lookup()).toEqual({ partnerId: cinema.id, keyId: issued.id, active: false });
      expect((await refusal(partners.issuePartnerKey(ctxOf(staff(orgs.d1)), cinema.id))).code).toBe('INVALID_STATE');
      await partners.setPartnerActive(ctxOf(staff(orgs.d1)), cinema.id, true);
      expect((await lookup())?.active).toBe(true);

      expect((await refusal(partners.revokePartnerKey(ctxOf(staff(orgs.d2)), issued.id))).code).toBe('NOT_FOUND');
      const revoked = await partners.revokePartnerKey(ctxOf(staff(orgs.city)), issued.id, NOW);
      expect(revoked.revokedAt).toEqual(NOW);
      expect(await lookup()).toEqual({ partnerId: cinema.id, keyId: issued.id, active: false });
      expect((await partners.revokePartnerKey(ctxOf(admin), issued.id, new Date(NOW.getTime() + DAY))).revokedAt).toEqual(NOW);
    });
  });

  describe('the partner view', () => {
    test('is only for partners, and only through the partner binding', async () => {
      expect(() => partnerQuery(ctxOf(staff(orgs.d1)), VoucherRow, 'v', { programme: 'v.programmeId' })).toThrow(/Only partner venues/);
      expect(() => partnerQuery(ctxOf(admin), VoucherRow, 'v', { programme: 'v.programmeId' })).toThrow(/Only partner venues/);
      const { cinema } = await served();
      const qb = partnerQuery(ctxOf(deskOf(cinema)), VoucherRow, 'v', { programme: 'v.programmeId' });
      expect(() => qb.orWhere('1 = 1')).toThrow(/bypass/);
      for (const caller of [staff(orgs.d1), memberCaller(facts.add(orgs.e1)), admin]) {
        expect((await refusal(desk.checkVoucher(ctxOf(caller), 'x'))).code).toBe('FORBIDDEN');
        expect((await refusal(desk.redeemVoucher(ctxOf(caller), 'x', 'k'))).code).toBe('FORBIDDEN');
      }
    });

    test('checkVoucher: valid, with a masked name and the programme\'s unissued quota, and nothing else', async () => {
      const { cinema, voucher, programme } = await served({ quota: 20 });
      const answer = await check(cinema, voucher.code);
      expect(answer).toEqual({ valid: true, reasons: [], programmeName: programme.name, memberName: '王*国', expiresAt: voucher.expiresAt, remainingQuota: 19 });
      // Scanned, or typed sloppily: the same voucher.
      expect(await check(cinema, `lianxin://v/${voucher.code}`)).toEqual(answer);
      expect(await check(cinema, voucher.code.toLowerCase())).toEqual(answer);
      expect(await check(cinema, voucher.code, new Date(voucher.expiresAt.getTime() + 1000))).toMatchObject({ valid: false, reasons: ['EXPIRED'] });
    });

    test('a code of a programme the partner does not serve reads exactly like an unknown code', async () => {
      const { voucher, programme } = await served();
      const pool = await register(staff(orgs.d1), orgs.d1.id, '游泳馆');
      const other = await w.programme({ name: '免费游泳', kind: ProgrammeKind.SWIMMING_VOUCHER });
      await partners.bindPartnerProgramme(ctxOf(admin), pool.id, other.id);
      const notMine = await check(pool, voucher.code);
      const unknown = await check(pool, '0000000000000000000Z');
      const garbage = await check(pool, 'hello');
      expect(notMine).toEqual({ valid: false, reasons: ['UNKNOWN_CODE'], programmeName: null, memberName: null, expiresAt: null, remainingQuota: null });
      expect(unknown).toEqual(notMine);
      expect(garbage).toEqual(notMine);
      const a = await refusal(desk.redeemVoucher(ctxOf(deskOf(pool)), voucher.code, 'k-1', NOW));
      const b = await refusal(desk.redeemVoucher(ctxOf(deskOf(pool)), '0000000000000000000Z', 'k-2', NOW));
      expect(a).toEqual(b);
      expect(a.code).toBe('UNKNOWN_CODE');
      expect((await db.getRepository(VoucherRow).findOneByOrFail({ id: voucher.id })).state).toBe(VoucherState.ISSUED);
      expect(await db.getRepository(RedemptionRow).countBy({ partnerId: pool.id })).toBe(0);
      // Unbound, the serving partner loses sight too.
      const { cinema, voucher: v2 } = await served();
      await partners.unbindPartnerProgramme(ctxOf(staff(orgs.d1)), cinema.id, v2.programmeId);
      expect(await check(cinema, v2.code)).toEqual(notMine);
      expect(programme.id).not.toBe(other.id);
    });

    test('checkEligibility by member QR: yes or no with partner-safe reasons, masked name, unissued quota', async () => {
      const { cinema, programme, member } = await served({ rules: MONTHLY(1), quota: 10 });
      const qr = memberQrPayload(SECRET, member.id);
      const ask = async (programmeId: string, memberQr: string) => seen(await desk.checkEligibility(ctxOf(deskOf(cinema)), programmeId, memberQr, NOW));
      // The member claimed this month already.
      expect(await ask(programme.id, qr)).toEqual({ eligible: false, reasons: ['LIMIT_REACHED'], memberName: '王*国', remainingQuota: 9 });
      const fresh = facts.add(orgs.e2, { name: '李娜' });
      expect(await ask(programme.id, memberQrPayload(SECRET, fresh.id))).toEqual({ eligible: true, reasons: [], memberName: '李*', remainingQuota: 9 });
      const forged = memberQrPayload('someone-elses-secret-0123456789abcdef', fresh.id);
      expect(await ask(programme.id, forged)).toEqual({ eligible: false, reasons: ['INVALID_QR'], memberName: null, remainingQuota: null });
      expect(await ask(programme.id, fresh.id)).toEqual({ eligible: false, reasons: ['INVALID_QR'], memberName: null, remainingQuota: null });
      const outside = facts.add(orgs.e3);
      const d1Programme = await w.programme({ orgId: orgs.d1.id });
      await partners.bindPartnerProgramme(ctxOf(admin), cinema.id, d1Programme.id);
      expect(await ask(d1Programme.id, memberQrPayload(SECRET, outside.id))).toMatchObject({ eligible: false, reasons: ['OUTSIDE_PROGRAMME_AREA'] });
      // A reason outside the partner-safe few is only NOT_ELIGIBLE.
      const riders = await w.programme({ rules: { requires: [{ type: 'employmentType', anyOf: ['DELIVERY_RIDER'] }] } });
      await partners.bindPartnerProgramme(ctxOf(admin), cinema.id, riders.id);
      expect(await ask(riders.id, memberQrPayload(SECRET, fresh.id))).toMatchObject({ eligible: false, reasons: ['NOT_ELIGIBLE'] });
      const unserved = await w.programme();
      expect((await refusal(desk.checkEligibility(ctxOf(deskOf(cinema)), unserved.id, qr, NOW))).code).toBe('NOT_FOUND');
    });
  });

  describe('redemption', () => {
    test('200 simultaneous attempts on one voucher, each with its own key: one success, 199 ALREADY_REDEEMED, one row', async () => {
      const { cinema, voucher } = await served();
      const { ok, failed } = await settle(Array.from({ length: 200 }, (_, i) => desk.redeemVoucher(ctxOf(deskOf(cinema)), voucher.code, `attempt-${i}`, NOW)));
      expect(ok).toHaveLength(1);
      expect(failed).toHaveLength(199);
      expect(failed.every((f) => f.code === 'ALREADY_REDEEMED' && f.reasons?.[0] === 'ALREADY_REDEEMED')).toBe(true);
      const rows = await db.getRepository(RedemptionRow).findBy({ voucherId: voucher.id });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ id: ok[0].id, partnerId: cinema.id, programmeId: voucher.programmeId });
      expect(await db.getRepository(VoucherRow).findOneByOrFail({ id: voucher.id })).toMatchObject({ state: VoucherState.REDEEMED, partnerId: cinema.id, redeemedAt: NOW, version: 2 });
      seen(ok[0]);
    });

    test('a retry with the same key returns the first answer, also when retries race; no second row', async () => {
      const { cinema, voucher, programme } = await served();
      const first = await redeem(cinema, voucher.code, 'till-7:0001');
      expect(first).toEqual({ id: expect.any(String), code: voucher.code, programmeId: programme.id, programmeName: programme.name, memberName: '王*国', redeemedAt: NOW });
      expect(await redeem(cinema, voucher.code, 'till-7:0001', new Date(NOW.getTime() + 60_000))).toEqual(first);
      expect(await redeem(cinema, `lianxin://v/${voucher.code}`, 'till-7:0001')).toEqual(first);

      const { cinema: c2, voucher: v2 } = await served();
      const { ok, failed } = await settle(Array.from({ length: 20 }, () => desk.redeemVoucher(ctxOf(deskOf(c2)), v2.code, 'same-key', NOW)));
      expect(failed).toEqual([]);
      expect(new Set(ok.map((r) => r.id)).size).toBe(1);
      expect(await db.getRepository(RedemptionRow).countBy({ voucherId: v2.id })).toBe(1);
      expect(await db.getRepository(RedemptionRow).countBy({ voucherId: voucher.id })).toBe(1);
    });

    test('the same key with another code is IDEMPOTENCY_KEY_REUSED and redeems nothing; a new key on a redeemed voucher is ALREADY_REDEEMED', async () => {
      const { cinema, voucher, programme } = await served();
      const second = await claim(facts.add(orgs.e2), programme.id);
      await redeem(cinema, voucher.code, 'k-1');
      const reused = await refusal(desk.redeemVoucher(ctxOf(deskOf(cinema)), second.code, 'k-1', NOW));
      expect(reused).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', message: expect.stringMatching(/new key/) });
      expect((await db.getRepository(VoucherRow).findOneByOrFail({ id: second.id })).state).toBe(VoucherState.ISSUED);
      expect(await refusal(desk.redeemVoucher(ctxOf(deskOf(cinema)), voucher.code, 'k-2', NOW))).toMatchObject({ code: 'ALREADY_REDEEMED' });
      for (const badKey of ['', 'two words', 'k'.repeat(65)]) {
        expect(await refusal(desk.redeemVoucher(ctxOf(deskOf(cinema)), second.code, badKey, NOW))).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/^idempotencyKey/) });
      }
      expect(await db.getRepository(RedemptionRow).countBy({ partnerId: cinema.id })).toBe(1);
      // Keys belong to a partner: another partner may use the same key for its own redemption.
      const pool = await register(admin, orgs.city.id, '游泳馆');
      await partners.bindPartnerProgramme(ctxOf(admin), pool.id, programme.id);
      expect((await redeem(pool, second.code, 'k-1')).code).toBe(second.code);
      expect(await check(cinema, second.code)).toMatchObject({ valid: false, reasons: ['ALREADY_REDEEMED'] });
    });

    test('expired and cancelled vouchers are refused with their reason and stay as they are', async () => {
      const { cinema, voucher, programme, member } = await served();
      const after = new Date(voucher.expiresAt.getTime() + 1000);
      expect(await refusal(desk.redeemVoucher(ctxOf(deskOf(cinema)), voucher.code, 'e-1', after))).toMatchObject({ code: 'EXPIRED', reasons: ['EXPIRED'] });
      // Refused, the expired voucher is exactly as it was: still the member's, still ISSUED (the sweep expires it).
      expect(await db.getRepository(VoucherRow).findOneByOrFail({ id: voucher.id })).toMatchObject({ state: VoucherState.ISSUED, memberId: member.id });
      const other = facts.add(orgs.e1);
      const v2 = await claim(other, programme.id);
      await vouchers.cancelVoucher(ctxOf(memberCaller(other)), v2.id);
      expect(await refusal(desk.redeemVoucher(ctxOf(deskOf(cinema)), v2.code, 'c-1', NOW))).toMatchObject({ code: 'CANCELLED' });
      expect(await check(cinema, v2.code)).toMatchObject({ valid: false, reasons: ['CANCELLED'] });
      expect(await db.getRepository(RedemptionRow).countBy({ partnerId: cinema.id })).toBe(0);
    });

    test('a voucher being redeemed cannot be cancelled at the same moment: exactly one of them happens', async () => {
      const { cinema, voucher, member } = await served();
      const [r, c] = await Promise.allSettled([
        desk.redeemVoucher(ctxOf(deskOf(cinema)), voucher.code, 'race-1', NOW),
        vouchers.cancelVoucher(ctxOf(memberCaller(member)), voucher.id),
      ]);
      expect([r.status, c.status].filter((s) => s === 'fulfilled')).toHaveLength(1);
      const row = await db.getRepository(VoucherRow).findOneByOrFail({ id: voucher.id });
      expect(row.state).toBe(r.status === 'fulfilled' ? VoucherState.REDEEMED : VoucherState.CANCELLED);
      expect(await db.getRepository(RedemptionRow).countBy({ voucherId: voucher.id })).toBe(r.status === 'fulfilled' ? 1 : 0);
    });

    test('myRedemptions: the partner\'s own, newest first, in pages; another partner of the same programme sees none of them', async () => {
      const { cinema, programme, voucher } = await served();
      const codes = [voucher.code];
      for (let i = 0; i < 4; i++) codes.push((await claim(facts.add(orgs.e1, { name: '张三丰' }), programme.id)).code);
      for (const [i, code] of codes.entries()) await redeem(cinema, code, `r-${i}`, new Date(NOW.getTime() + i * 1000));
      const page1 = seen(await desk.myRedemptions(ctxOf(deskOf(cinema)), 3));
      expect(page1.edges.map((e) => e.node.code)).toEqual([codes[4], codes[3], codes[2]]);
      expect(page1.pageInfo.hasNextPage).toBe(true);
      const page2 = seen(await desk.myRedemptions(ctxOf(deskOf(cinema)), 3, page1.pageInfo.endCursor));
      expect(page2.edges.map((e) => e.node.code)).toEqual([codes[1], codes[0]]);
      expect(page2.pageInfo).toEqual({ hasNextPage: false, endCursor: page2.edges[1].cursor });
      expect(page2.edges[1].node).toMatchObject({ memberName: '王*国', programmeName: programme.name });
      expect(page1.edges[0].node.memberName).toBe('张*丰');

      const pool = await register(admin, orgs.city.id, '游泳馆');
      await partners.bindPartnerProgramme(ctxOf(admin), pool.id, programme.id);
      expect((await desk.myRedemptions(ctxOf(deskOf(pool)), 50)).edges).toEqual([]);
      expect((await refusal(desk.myRedemptions(ctxOf(deskOf(cinema)), 3, 'bm9wZQ'))).code).toBe('BAD_USER_INPUT');
    });
  });

  describe('through the schema', () => {
    let schema: GraphQLSchema;
    beforeAll(async () => {
      ({ schema } = await buildBenefitsSubgraph());
    });
    const exec = (caller: Caller, source: string, variableValues?: Record<string, unknown>) => graphql({ schema, source, variableValues, contextValue: ctxOf(caller) });

    test('Member.qrPayload is for the member themself; Member.vouchers shows a partner nothing', async () => {
      const { cinema, member } = await served();
      const Q = 'query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Member { qrPayload vouchers { edges { node { id } } } } } }';
      const reps = [{ __typename: 'Member', id: member.id }];
      const own = await exec(memberCaller(member), Q, { reps });
      expect(own.data).toEqual({ _entities: [{ qrPayload: memberQrPayload(SECRET, member.id), vouchers: { edges: [expect.anything()] } }] });
      for (const other of [deskOf(cinema), staff(orgs.d1), admin, memberCaller(facts.add(orgs.e1))]) {
        const res = await exec(other, Q, { reps });
        expect((res.data as { _entities: { qrPayload: string | null }[] })._entities[0].qrPayload).toBeNull();
      }
      expect(seen(await exec(deskOf(cinema), Q, { reps })).data).toEqual({ _entities: [{ qrPayload: null, vouchers: { edges: [] } }] });
    });

    test('the desk operations are for partners; management is for staff; the key lookup for the gateway', async () => {
      const { cinema, voucher } = await served();
      const CHECK = 'query ($code: String!) { checkVoucher(code: $code) { valid reasons memberName } }';
      expect(seen((await exec(deskOf(cinema), CHECK, { code: voucher.code })).data)).toEqual({ checkVoucher: { valid: true, reasons: [], memberName: '王*国' } });
      for (const other of [staff(orgs.d1), admin, memberCaller(facts.add(orgs.e1))]) {
        expect((await exec(other, CHECK, { code: voucher.code })).errors?.[0]?.message).toMatch(/is for .*; you are signed in as/);
      }
      const LOOKUP = 'query ($h: String!) { _partnerByKeyHash(hash: $h) { partnerId } }';
      expect((await exec(admin, LOOKUP, { h: 'x' })).errors?.[0]?.message).toMatch(/is for .*; you are signed in as/);
      expect((await exec(SYSTEM, LOOKUP, { h: 'x' })).data).toEqual({ _partnerByKeyHash: null });
      const PARTNER = 'query ($id: ID!) { partner(id: $id) { name programmes { id } keys { prefix } } }';
      expect((await exec(deskOf(cinema), PARTNER, { id: cinema.id })).errors?.[0]?.message).toMatch(/is for .*; you are signed in as/);
      expect((await exec(staff(orgs.d1), PARTNER, { id: cinema.id })).data).toEqual({ partner: { name: '滨江影城', programmes: [{ id: voucher.programmeId }], keys: [] } });
      expect((await exec(staff(orgs.d2), PARTNER, { id: cinema.id })).data).toEqual({ partner: null });
    });
  });

  test('privacy: nothing a partner was shown holds an ID number, a phone, or any sign of hardship or aid', () => {
    expect(partnerSaw.length).toBeGreaterThan(20);
    // Voucher codes, ids and cursors are random symbols that may spell anything; they are not what is scanned for.
    const text = JSON.stringify(partnerSaw)
      .replace(/"(cursor|endCursor)":"[^"]*"/g, '"$1":"#"')
      .replace(/[0-9A-HJKMNP-TV-Z]{20,26}/g, '#');
    expect(text).not.toMatch(/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/);
    expect(text).not.toMatch(/(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/);
    expect(text).not.toMatch(/hardship|DEEP|GENERAL|ACCIDENT|aid|AID|HARDSHIP|CHILD|王建国|110101199003071234|13812345678/);
  });
});
