import { graphql, type GraphQLSchema } from 'graphql';
import { LessThanOrEqual, type DataSource } from 'typeorm';
import { callerStub } from '@lianxin/test-kit';
import { beijingDay, benefitsEngines } from '../../programme/__tests__/harness';
import { ProgrammeKind } from '../../programme/programme.enums';
import { buildBenefitsSubgraph } from '../../schema';
import { newVoucherCode, normaliseVoucherCode, VOUCHER_CODE_PATTERN } from '../voucher.code';
import { VoucherRow, VoucherState } from '../../grant/voucher.entity';
import { expireVouchers } from '../voucher.expiry';
import * as vouchers from '../voucher.service';
import { ACTIVE_ONLY, DAY, MONTHLY, NOW, refusal, settle, world } from './world';

const { admin, staff, member: memberCaller, partner } = callerStub;

describe('voucher codes', () => {
  test('20 Crockford base32 characters from the OS random source: no repeats in 10,000, every symbol used', () => {
    const codes = Array.from({ length: 10_000 }, newVoucherCode);
    expect(codes.every((c) => VOUCHER_CODE_PATTERN.test(c))).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(codes.join('')).size).toBe(32);
    expect(codes.join('')).not.toMatch(/[ILOU]/);
  });

  test('a desk may type or scan it: QR payload, lower case, hyphens, O for 0 and I/L for 1', () => {
    expect(normaliseVoucherCode('lianxin://v/0123456789ABCDEFGHJK')).toBe('0123456789ABCDEFGHJK');
    expect(normaliseVoucherCode('o1l34-56789-abcde-fghjk')).toBe('0113456789ABCDEFGHJK');
    expect(normaliseVoucherCode('0123456789ABCDEFGHJ')).toBeNull();
    expect(normaliseVoucherCode('0123456789ABCDEFGHJU')).toBeNull();
    expect(normaliseVoucherCode("' OR 1=1 --")).toBeNull();
  });
});

describe.each(benefitsEngines('voucher'))('vouchers on $name', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  const w = world(() => db);
  const { orgs, facts, ctxOf } = w;

  beforeAll(async () => {
    ({ db, close } = await engine.open());
  });
  afterAll(() => close?.());

  const vouchersOf = (programmeId: string) => db.getRepository(VoucherRow).find({ where: { programmeId }, order: { id: 'ASC' } });
  const claim = (m: { id: string; orgId: string; orgPath: string }, programmeId: string, now = NOW) =>
    vouchers.claimVoucher(ctxOf(memberCaller(facts.facts.get(m.id)!)), programmeId, now);

  describe('claiming and issuing', () => {
    test('a claim gives an issued voucher with an unguessable code, valid for the programme\'s days, and takes one unit', async () => {
      const p = await w.programme();
      const m = facts.add(orgs.e1);
      const v = await claim(m, p.id);
      expect(v).toMatchObject({ programmeId: p.id, memberId: m.id, orgId: orgs.e1.id, orgPath: orgs.e1.path, state: VoucherState.ISSUED, issuedBy: `member-${m.id}`, redeemedAt: null });
      expect(v.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
      expect(v.issuedAt).toEqual(NOW);
      expect(v.expiresAt).toEqual(new Date(NOW.getTime() + 30 * DAY));
      const stored = await db.getRepository(VoucherRow).findOneByOrFail({ id: v.id });
      expect({ code: stored.code, expiresAt: stored.expiresAt, state: stored.state }).toEqual({ code: v.code, expiresAt: v.expiresAt, state: VoucherState.ISSUED });
      expect((await w.rootShare(p)).used).toBe(1);
      const again = await claim(facts.add(orgs.e1), p.id);
      expect(again.code).not.toBe(v.code);
    });

    test('a voucher never outlives its programme: expiry is the last second of the last day, Beijing time', async () => {
      const p = await w.programme({ endsOn: '2030-06-20', voucherValidDays: 30 });
      const v = await claim(facts.add(orgs.e1), p.id);
      expect(v.expiresAt).toEqual(new Date('2030-06-20T15:59:59Z'));
    });

    test('staff issue to a member of their subtree by the same path; outside it the member does not exist for them', async () => {
      const p = await w.programme();
      const m = facts.add(orgs.e1);
      const v = await vouchers.issueVoucher(ctxOf(staff(orgs.d1)), p.id, m.id, NOW);
      expect(v).toMatchObject({ memberId: m.id, state: VoucherState.ISSUED, issuedBy: `staff-${orgs.d1.code}` });
      const outside = facts.add(orgs.e3);
      expect((await refusal(vouchers.issueVoucher(ctxOf(staff(orgs.d1)), p.id, outside.id, NOW))).code).toBe('NOT_FOUND');
      expect((await refusal(vouchers.issueVoucher(ctxOf(memberCaller(m)), p.id, m.id, NOW))).code).toBe('FORBIDDEN');
      expect((await refusal(vouchers.claimVoucher(ctxOf(staff(orgs.d1)), p.id, NOW))).code).toBe('FORBIDDEN');
      expect((await refusal(vouchers.claimVoucher(ctxOf(partner), p.id, NOW))).code).toBe('FORBIDDEN');
      expect((await vouchersOf(p.id)).map((x) => x.memberId)).toEqual([m.id]);
    });

    test('refusals write nothing: not a voucher programme, not open, not visible, not eligible', async () => {
      const m = facts.add(orgs.e1, { employmentType: 'REGULAR' });
      const classes = await w.programme({ kind: ProgrammeKind.CARE_VISIT, name: '送清凉' });
      expect(await refusal(claim(m, classes.id))).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/issues no vouchers/) });
      const draft = await w.programme({ open: false });
      expect(await refusal(claim(m, draft.id))).toMatchObject({ code: 'INVALID_STATE', message: expect.stringMatching(/not open yet/) });
      const elsewhere = await w.programme({ orgId: orgs.d2.id });
      expect((await refusal(claim(m, elsewhere.id))).code).toBe('NOT_FOUND');
      const riders = await w.programme({ rules: { requires: [{ type: 'employmentType', anyOf: ['DELIVERY_RIDER'] }] } });
      expect(await refusal(claim(m, riders.id))).toMatchObject({ code: 'NOT_ELIGIBLE', reasons: ['EMPLOYMENT_TYPE_NOT_COVERED'] });
      const left = facts.add(orgs.e1, { status: 'LEFT' });
      expect(await refusal(claim(left, (await w.programme()).id))).toMatchObject({ code: 'NOT_ELIGIBLE', reasons: ['NOT_ACTIVE_MEMBER'] });
      for (const p of [classes, draft, elsewhere, riders]) {
        expect(await vouchersOf(p.id)).toEqual([]);
        expect((await w.rootShare(p)).used).toBe(0);
      }
    });

    test('eligibility is decided on fresh facts, not on what the facts client cached', async () => {
      const p = await w.programme();
      const m = facts.add(orgs.e1);
      const forgotten: string[] = [];
      const spy = Object.assign(Object.create(Object.getPrototypeOf(facts)), facts, { forget: (id: string) => forgotten.push(id) });
      await vouchers.claimVoucher({ ...ctxOf(memberCaller(m)), services: { memberFacts: spy, internalSecret: 'x' } }, p.id, NOW);
      expect(forgotten).toEqual([m.id]);
    });
  });

  describe('under concurrency', () => {
    test('quota 5, 30 simultaneous claims by 30 members: exactly 5 vouchers, the share\'s used is 5, the rest QUOTA_EXHAUSTED', async () => {
      const p = await w.programme({ quota: 5 });
      const members = Array.from({ length: 30 }, (_, i) => facts.add([orgs.e1, orgs.e2, orgs.e3][i % 3]));
      const { ok, failed } = await settle(members.map((m) => claim(m, p.id)));
      expect(ok).toHaveLength(5);
      expect(failed).toHaveLength(25);
      expect(failed.every((f) => f.code === 'QUOTA_EXHAUSTED' && f.reasons?.[0] === 'QUOTA_EXHAUSTED')).toBe(true);
      const stored = await vouchersOf(p.id);
      expect(stored).toHaveLength(5);
      expect(new Set(stored.map((v) => v.memberId)).size).toBe(5);
      expect((await w.rootShare(p)).used).toBe(5);
    });

    test('one a month, 10 simultaneous claims by one member: exactly one voucher, one unit taken', async () => {
      const p = await w.programme({ rules: MONTHLY(1) });
      const m = facts.add(orgs.e2);
      const { ok, failed } = await settle(Array.from({ length: 10 }, () => claim(m, p.id)));
      expect(ok).toHaveLength(1);
      // Whoever saw the first voucher is told by the eligibility answer; whoever raced it, by the limit slot.
      expect(failed.every((f) => f.reasons?.includes('LIMIT_REACHED') && (f.code === 'LIMIT_REACHED' || f.code === 'NOT_ELIGIBLE'))).toBe(true);
      const stored = await vouchersOf(p.id);
      expect(stored.map((v) => v.limitKey)).toEqual([`${p.id}:${m.id}:2030-06:1`]);
      expect((await w.rootShare(p)).used).toBe(1);
      // A new month, a new slot.
      const july = await claim(m, p.id, new Date('2030-07-01T01:00:00Z'));
      expect(july.limitKey).toBe(`${p.id}:${m.id}:2030-07:1`);
    });

    test('two a month, 10 simultaneous claims: exactly two, in slots 1 and 2', async () => {
      const p = await w.programme({ rules: MONTHLY(2) });
      const m = facts.add(orgs.e1);
      const { ok } = await settle(Array.from({ length: 10 }, () => claim(m, p.id)));
      expect(ok).toHaveLength(2);
      expect((await vouchersOf(p.id)).map((v) => v.limitKey).sort()).toEqual([`${p.id}:${m.id}:2030-06:1`, `${p.id}:${m.id}:2030-06:2`]);
      expect((await w.rootShare(p)).used).toBe(2);
    });
  });

  describe('cancelling', () => {
    test('the member cancels: versioned, the unit goes back, the limit slot is freed so they can claim again', async () => {
      const p = await w.programme({ rules: MONTHLY(1) });
      const m = facts.add(orgs.e1);
      const v = await claim(m, p.id);
      expect(await refusal(claim(m, p.id))).toMatchObject({ code: 'NOT_ELIGIBLE', reasons: ['LIMIT_REACHED'] });
      const cancelled = await vouchers.cancelVoucher(ctxOf(memberCaller(m)), v.id);
      expect(cancelled).toMatchObject({ id: v.id, state: VoucherState.CANCELLED, limitKey: null, version: v.version + 1 });
      expect(await db.getRepository(VoucherRow).findOneByOrFail({ id: v.id })).toMatchObject({ state: VoucherState.CANCELLED, limitKey: null, version: 2 });
      expect((await w.rootShare(p)).used).toBe(0);
      const again = await claim(m, p.id);
      expect(again.limitKey).toBe(`${p.id}:${m.id}:2030-06:1`);
      expect((await w.rootShare(p)).used).toBe(1);
      expect(await refusal(vouchers.cancelVoucher(ctxOf(memberCaller(m)), v.id))).toMatchObject({ code: 'INVALID_STATE', message: expect.stringMatching(/cancelled/) });
      expect((await w.rootShare(p)).used).toBe(1);
    });

    test('only the member and staff in scope can cancel; to anyone else the voucher does not exist', async () => {
      const p = await w.programme();
      const m = facts.add(orgs.e1);
      const v = await claim(m, p.id);
      for (const other of [memberCaller(facts.add(orgs.e1)), staff(orgs.d2), staff(orgs.e2), partner]) {
        expect((await refusal(vouchers.cancelVoucher(ctxOf(other), v.id))).code).toBe('NOT_FOUND');
      }
      expect((await db.getRepository(VoucherRow).findOneByOrFail({ id: v.id })).state).toBe(VoucherState.ISSUED);
      expect((await vouchers.cancelVoucher(ctxOf(staff(orgs.s1)), v.id)).state).toBe(VoucherState.CANCELLED);
      expect((await w.rootShare(p)).used).toBe(0);
    });

    test('simultaneous cancels of one voucher return its unit once', async () => {
      const p = await w.programme();
      const v = await claim(facts.add(orgs.e1), p.id);
      await claim(facts.add(orgs.e1), p.id);
      const { ok, failed } = await settle(Array.from({ length: 8 }, () => vouchers.cancelVoucher(ctxOf(admin), v.id)));
      expect(ok).toHaveLength(1);
      expect(failed.every((f) => f.code === 'CONFLICT' || f.code === 'INVALID_STATE')).toBe(true);
      expect((await w.rootShare(p)).used).toBe(1);
    });
  });

  describe('expiry', () => {
    test('expired vouchers give their unit back and free their slot; the rest are untouched', async () => {
      const p = await w.programme({ rules: MONTHLY(1), quota: 10 });
      const [a, b, c, d] = [facts.add(orgs.e1), facts.add(orgs.e1), facts.add(orgs.e2), facts.add(orgs.e3)];
      const va = await claim(a, p.id);
      const vb = await claim(b, p.id);
      const vc = await claim(c, p.id);
      const later = await claim(d, p.id, new Date(NOW.getTime() + 10 * DAY));
      await vouchers.cancelVoucher(ctxOf(memberCaller(c)), vc.id);
      expect((await w.rootShare(p)).used).toBe(3);

      await expireVouchers(db, new Date(NOW.getTime() + 29 * DAY));
      expect((await vouchersOf(p.id)).filter((v) => v.state === VoucherState.ISSUED)).toHaveLength(3);
      expect((await w.rootShare(p)).used).toBe(3);
      const result = await expireVouchers(db, new Date(NOW.getTime() + 31 * DAY));
      expect(result.expired).toBeGreaterThanOrEqual(2);
      const states = Object.fromEntries((await vouchersOf(p.id)).map((v) => [v.id, { state: v.state, limitKey: v.limitKey }]));
      expect(states[va.id]).toEqual({ state: VoucherState.EXPIRED, limitKey: null });
      expect(states[vb.id]).toEqual({ state: VoucherState.EXPIRED, limitKey: null });
      expect(states[vc.id]).toEqual({ state: VoucherState.CANCELLED, limitKey: null });
      expect(states[later.id].state).toBe(VoucherState.ISSUED);
      expect((await w.rootShare(p)).used).toBe(1);
    });

    test('two sweeps at once expire each voucher once: used drops by exactly the number expired', async () => {
      const p = await w.programme({ quota: 50 });
      const issued = [];
      for (let i = 0; i < 12; i++) issued.push(await claim(facts.add([orgs.e1, orgs.e2, orgs.e3][i % 3]), p.id));
      const before = (await w.rootShare(p)).used;
      const at = new Date(NOW.getTime() + 40 * DAY);
      const due = await db.getRepository(VoucherRow).count({ where: { state: VoucherState.ISSUED, expiresAt: LessThanOrEqual(at) } });
      const [one, two] = await Promise.all([expireVouchers(db, at, 5), expireVouchers(db, at, 5)]);
      // Other tests' vouchers in this database expire too; ours are 12 of them.
      expect(one.expired + two.expired).toBe(due);
      expect((await vouchersOf(p.id)).every((v) => v.state === VoucherState.EXPIRED && v.limitKey === null)).toBe(true);
      expect((await w.rootShare(p)).used).toBe(before - 12);
      expect(await expireVouchers(db, at)).toEqual({ expired: 0 });
      expect((await w.rootShare(p)).used).toBe(0);
    });
  });

  describe('through the schema', () => {
    let schema: GraphQLSchema;
    beforeAll(async () => {
      ({ schema } = await buildBenefitsSubgraph());
    });
    const exec = (caller: Parameters<typeof ctxOf>[0], source: string, variableValues?: Record<string, unknown>) =>
      graphql({ schema, source, variableValues, contextValue: ctxOf(caller) });
    const MEMBER_VOUCHERS = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Member { vouchers { edges { node { id code qrPayload state programme { name } } } } } } }`;

    test('Member.vouchers: the member sees theirs with code and QR, staff in scope see them, anyone else sees none', async () => {
      const p = await w.programme({ name: '免费游泳', kind: ProgrammeKind.SWIMMING_VOUCHER });
      const m = facts.add(orgs.e1);
      const v = await claim(m, p.id);
      const reps = [{ __typename: 'Member', id: m.id }];
      const own = await exec(memberCaller(m), MEMBER_VOUCHERS, { reps });
      expect(own.errors).toBeUndefined();
      expect(own.data).toEqual({ _entities: [{ vouchers: { edges: [{ node: { id: v.id, code: v.code, qrPayload: `lianxin://v/${v.code}`, state: 'ISSUED', programme: { name: '免费游泳' } } }] } }] });
      const byStaff = await exec(staff(orgs.s1), MEMBER_VOUCHERS, { reps });
      expect((byStaff.data as { _entities: { vouchers: { edges: { node: { code: string } }[] } }[] })._entities[0].vouchers.edges.map((x) => x.node.code)).toEqual([v.code]);
      for (const other of [memberCaller(facts.add(orgs.e1)), staff(orgs.d2), staff(orgs.e2), partner]) {
        const res = await exec(other, MEMBER_VOUCHERS, { reps });
        expect(res.errors).toBeUndefined();
        expect(res.data).toEqual({ _entities: [{ vouchers: { edges: [] } }] });
      }
    });

    test('claimVoucher is for members only; the errors carry their codes', async () => {
      // Resolvers run on the real clock: this programme is open today.
      const p = await w.programme({ rules: ACTIVE_ONLY, quota: 0, startsOn: beijingDay(-1) });
      const m = facts.add(orgs.e1);
      const CLAIM = 'mutation ($id: ID!) { claimVoucher(programmeId: $id) { id } }';
      expect((await exec(staff(orgs.d1), CLAIM, { id: p.id })).errors?.[0]?.message).toMatch(/claimVoucher is for members; you are signed in as union staff\./);
      const res = await exec(memberCaller(m), CLAIM, { id: p.id });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'QUOTA_EXHAUSTED', reasons: ['QUOTA_EXHAUSTED'] });
    });
  });
});
