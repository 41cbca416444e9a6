import { AidApplicationRow, AllocationRow, CareBatchRow, CareVisitRow, expireVouchers, PartnerProgrammeRow, ProgrammeRow, RedemptionRow, VoucherRow } from '@lianxin/benefits';
import { enginesForSuites } from '../harness/engines';
import { clientToken, startTestGraph, type TestGraph } from '../harness/graph';
import {
  allocate,
  apply,
  bindPartner,
  cancel,
  checkAid,
  CLAIM,
  childrenOf,
  claim,
  DAY_MS,
  enrol,
  issueKey,
  mustClaim,
  newBatch,
  newProgramme,
  RECORD_VISIT,
  redeem,
  registerPartner,
  remainingAt,
  reviewAid,
  rulesDoc,
  SET_RULES,
  visitInput,
  type Who,
} from './benefits-helpers';
import { memberTokenFor, partnerTokenFor, staffTokenFor, tokenFor } from './callers';

/**
 * Races through the gateway, on real connections. On MariaDB the requests run in parallel
 * transactions and the conditional UPDATEs, row locks and unique indexes decide; SQLite
 * serialises writers, so the same assertions hold there trivially and still run.
 */

const MEMBERSHIP = { type: 'membership', status: ['ACTIVE'] };
/** Members enrolled for the races, beyond the fixture's four. */
const CROWD = 40;

describe.each(enginesForSuites())('benefits races on %s', (engine) => {
  let g: TestGraph;
  let admin: string;
  let city: string;
  let d1: string;
  let e1: string;
  /** Member tokens of the crowd, all at e1. */
  const crowd: { id: string; token: string }[] = [];
  let cinema: { id: string; token: string; key: string };
  let otherCinema: { id: string; token: string; key: string };

  beforeAll(async () => {
    g = await startTestGraph(engine);
    const f = g.fixture;
    admin = (await tokenFor('admin', f))!;
    city = await staffTokenFor('city', f);
    d1 = await staffTokenFor('d1', f);
    e1 = await staffTokenFor('e1', f);
    for (let i = 0; i < CROWD; i++) {
      const id = await enrol(g, e1, f.orgs.e1.id, 600 + i, { name: `骑手${i}` });
      crowd.push({ id, token: await clientToken({ role: 'member', mid: id }) });
    }
    const partner = async (name: string) => {
      const p = await registerPartner(g, city, f.orgs.city.id, name, 'CINEMA');
      return { id: p.id, token: await partnerTokenFor(p.id), key: (await issueKey(g, city, p.id)).key };
    };
    cinema = await partner('滨江影城');
    otherCinema = await partner('江北影城');
  });
  afterAll(() => g?.stop());

  const vouchersOf = (programmeId: string) => g.benefitsDb.getRepository(VoucherRow).find({ where: { programmeId } });

  test(`quota 10, ${CROWD} members claiming at once: exactly 10 vouchers`, async () => {
    const p = await newProgramme(g, city, { orgId: g.fixture.orgs.city.id, name: '限量观影（抢票）', quota: 10, requires: [MEMBERSHIP] });
    const outcomes = await Promise.all(crowd.map((m) => claim(g, m.token, p.id)));
    const won = outcomes.filter((o) => o.value);
    expect(won).toHaveLength(10);
    expect(new Set(outcomes.filter((o) => !o.value).map((o) => o.code))).toEqual(new Set(['QUOTA_EXHAUSTED']));
    const rows = await vouchersOf(p.id);
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map((v) => v.memberId)).size).toBe(10);
    expect(new Set(rows.map((v) => v.code)).size).toBe(10);
    const root = await g.benefitsDb.getRepository(AllocationRow).findOneByOrFail({ programmeId: p.id, orgId: g.fixture.orgs.city.id });
    expect(root).toMatchObject({ quota: 10, used: 10 });
    expect(await remainingAt(g, admin, p.id)).toBe(0);
  });

  test(`a district's share of 5 and the city's own 10, ${CROWD} members under the district claiming at once: exactly 15, the district's first`, async () => {
    const p = await newProgramme(g, city, { orgId: g.fixture.orgs.city.id, name: '限量游泳（区县份额）', kind: 'SWIMMING_VOUCHER', quota: 15, requires: [MEMBERSHIP] });
    await allocate(g, city, p.id, g.fixture.orgs.d1.id, 5);
    const outcomes = await Promise.all(crowd.map((m) => claim(g, m.token, p.id)));
    expect(outcomes.filter((o) => o.value)).toHaveLength(15);
    expect(new Set(outcomes.filter((o) => !o.value).map((o) => o.code))).toEqual(new Set(['QUOTA_EXHAUSTED']));
    const rows = await vouchersOf(p.id);
    expect(rows.length).toBe(15);
    const shares = await g.benefitsDb.getRepository(AllocationRow).find({ where: { programmeId: p.id } });
    // Claims under d1 reach the city's own units only once d1's share is spent: both are full, neither past its quota.
    expect(shares.map((a) => [a.orgId, a.quota, a.used, a.allocatedToChildren]).sort()).toEqual(
      [[g.fixture.orgs.city.id, 15, 10, 5], [g.fixture.orgs.d1.id, 5, 5, 0]].sort(),
    );
    const d1Share = shares.find((a) => a.orgId === g.fixture.orgs.d1.id)!;
    expect(rows.filter((v) => v.allocationId === d1Share.id)).toHaveLength(5);
  });

  // Only MariaDB holds row locks across connections; the embedded engine runs one writer at a time.
  (engine === 'mariadb' ? test : test.skip)('a claim stuck behind a locked share past its retry budget: CONFLICT with retryAfterMs through the gateway, nothing written, and the retry it asks for works', async () => {
    const p = await newProgramme(g, city, { orgId: g.fixture.orgs.city.id, name: '限量观影（锁等待）', quota: 5, requires: [MEMBERSHIP] });
    const holder = g.benefitsDb.createQueryRunner();
    await holder.startTransaction();
    let stuck: Awaited<ReturnType<typeof g.gql>>;
    try {
      // Another writer holds the city's share: the claim's UPDATE waits DB_LOCK_WAIT_SECONDS, then the budget is spent.
      await holder.query('SELECT id FROM allocation WHERE programme_id = ? FOR UPDATE', [p.id]);
      stuck = await g.gql(crowd[0].token, CLAIM, { p: p.id });
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    expect(stuck.data).toEqual({ claimVoucher: null });
    expect(stuck.errors).toEqual([
      expect.objectContaining({ path: ['claimVoucher'], message: expect.stringMatching(/^Many people are changing the same thing right now .*nothing was saved\. Try again in about [\d.]+ s\.$/), extensions: { code: 'CONFLICT', reason: 'CONTENTION', retryAfterMs: expect.any(Number) } }),
    ]);
    expect(JSON.stringify(stuck.errors)).not.toMatch(/Lock wait|allocation|UPDATE|stack/i);
    expect(await vouchersOf(p.id)).toEqual([]);
    expect((await g.benefitsDb.getRepository(AllocationRow).findOneByOrFail({ programmeId: p.id, orgId: g.fixture.orgs.city.id })).used).toBe(0);
    await mustClaim(g, crowd[0].token, p.id);
  });

  test('one member claiming 20 times at once under a limit of 2 a month: exactly 2', async () => {
    const p = await newProgramme(g, city, {
      orgId: g.fixture.orgs.city.id, name: '每月两次健身', kind: 'GYM_VOUCHER', quota: 100,
      requires: [MEMBERSHIP, { type: 'perMemberLimit', count: 2, period: 'MONTH', per: 'MEMBER' }],
    });
    const m1 = await memberTokenFor('m1', g.fixture);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => claim(g, m1, p.id)));
    expect(outcomes.filter((o) => o.value)).toHaveLength(2);
    // Refused by the answer (NOT_ELIGIBLE) or, racing past it, by the slot's unique key (LIMIT_REACHED).
    for (const o of outcomes.filter((x) => !x.value)) expect(['NOT_ELIGIBLE', 'LIMIT_REACHED']).toContain(o.code);
    expect((await vouchersOf(p.id)).length).toBe(2);
    // Every unit a refused claim took was given back: only the two vouchers hold one.
    expect((await g.benefitsDb.getRepository(AllocationRow).findOneByOrFail({ programmeId: p.id, orgId: g.fixture.orgs.city.id })).used).toBe(2);
  });

  describe('one voucher, many redemptions', () => {
    let p: { id: string };
    beforeAll(async () => {
      p = await newProgramme(g, city, { orgId: g.fixture.orgs.city.id, name: '全市职工免费观影', quota: 1000, requires: [MEMBERSHIP] });
      await bindPartner(g, city, cinema.id, p.id);
      await bindPartner(g, city, otherCinema.id, p.id);
    });

    test('200 simultaneous attempts through the gateway, by two cinemas, by key and by token: exactly one redemption', async () => {
      const v = await mustClaim(g, crowd[0].token, p.id);
      const desks: Who[] = [{ token: cinema.token }, { apiKey: cinema.key }, { token: otherCinema.token }, { apiKey: otherCinema.key }];
      const outcomes = await Promise.all(Array.from({ length: 200 }, (_, i) => redeem(g, desks[i % desks.length], v.code, `race-${i}`)));
      const won = outcomes.filter((o) => o.value);
      expect(won).toHaveLength(1);
      expect(outcomes.filter((o) => !o.value).map((o) => o.code)).toEqual(Array.from({ length: 199 }, () => 'ALREADY_REDEEMED'));
      const rows = await g.benefitsDb.getRepository(RedemptionRow).find({ where: { voucherId: v.id } });
      expect(rows.map((r) => r.id)).toEqual([won[0].value!.id]);
      const voucher = await g.benefitsDb.getRepository(VoucherRow).findOneByOrFail({ id: v.id });
      expect(voucher.state).toBe('REDEEMED');
      expect([cinema.id, otherCinema.id]).toContain(voucher.partnerId);
    });

    test('50 simultaneous retries with one idempotency key: one redemption, and every retry gets it', async () => {
      const v = await mustClaim(g, crowd[1].token, p.id);
      const desks: Who[] = [{ token: cinema.token }, { apiKey: cinema.key }];
      const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => redeem(g, desks[i % 2], v.code, 'till-7-retry')));
      const failures = outcomes.filter((o) => !o.value).map((o) => `${o.code}: ${o.message}`);
      expect(failures).toEqual([]);
      const ids = new Set(outcomes.map((o) => o.value!.id));
      expect(ids.size).toBe(1);
      expect(await g.benefitsDb.getRepository(RedemptionRow).countBy({ voucherId: v.id })).toBe(1);
    });

    test('the same key sent at once for two different vouchers: one is redeemed, the other refused as a reused key', async () => {
      const [a, b] = [await mustClaim(g, crowd[2].token, p.id), await mustClaim(g, crowd[3].token, p.id)];
      const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => redeem(g, { token: cinema.token }, i % 2 ? a.code : b.code, 'till-8-shared')));
      const won = new Set(outcomes.filter((o) => o.value).map((o) => o.value!.code));
      expect(won.size).toBe(1);
      for (const o of outcomes.filter((x) => !x.value)) expect(o.code).toBe('IDEMPOTENCY_KEY_REUSED');
      const redeemed = await g.benefitsDb.getRepository(VoucherRow).countBy([{ id: a.id, state: 'REDEEMED' as never }, { id: b.id, state: 'REDEEMED' as never }]);
      expect(redeemed).toBe(1);
    });
  });

  test('two expiry sweeps at once return each unit exactly once', async () => {
    const p = await newProgramme(g, city, { orgId: g.fixture.orgs.city.id, name: '限量观影（过期竞争）', quota: 12, voucherValidDays: 3, requires: [MEMBERSHIP] });
    await Promise.all(crowd.slice(0, 12).map((m) => mustClaim(g, m.token, p.id)));
    expect(await remainingAt(g, admin, p.id)).toBe(0);
    const later = new Date(Date.now() + 4 * DAY_MS);
    const [x, y] = await Promise.all([expireVouchers(g.benefitsDb, later, 5), expireVouchers(g.benefitsDb, later, 5)]);
    expect(x.expired + y.expired).toBe(12);
    expect(await remainingAt(g, admin, p.id)).toBe(12);
    expect((await g.benefitsDb.getRepository(AllocationRow).findOneByOrFail({ programmeId: p.id, orgId: g.fixture.orgs.city.id })).used).toBe(0);
  });

  test('30 visits of 100 fen recorded at once in a batch of 1,000: exactly 10, and the batch is spent exactly', async () => {
    const b = await newBatch(g, d1, g.fixture.orgs.d1.id, 1000);
    const outcomes = await Promise.all(crowd.slice(0, 30).map((m) => g.gql(e1, RECORD_VISIT, visitInput(b.id, m.id, 100))));
    expect(outcomes.filter((o) => !o.errors)).toHaveLength(10);
    expect(new Set(outcomes.filter((o) => o.errors).map((o) => o.errors![0].extensions?.code))).toEqual(new Set(['BUDGET_EXCEEDED']));
    expect(await g.benefitsDb.getRepository(CareVisitRow).countBy({ batchId: b.id })).toBe(10);
    expect((await g.benefitsDb.getRepository(CareBatchRow).findOneByOrFail({ id: b.id })).spentCents).toBe(1000);
  });

  test('simultaneous shares carved from one parent never add up past it', async () => {
    const p = await newProgramme(g, city, { orgId: g.fixture.orgs.city.id, name: '疗休养名额', kind: 'SANATORIUM', quota: 10, requires: [MEMBERSHIP] });
    await allocate(g, city, p.id, g.fixture.orgs.d1.id, 10);
    const f = g.fixture;
    // s1 holds all 10; its two enterprises each ask for 6 at once, five times over: only one can have them.
    await allocate(g, d1, p.id, f.orgs.s1.id, 10);
    const s1 = await staffTokenFor('s1', f);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => g.gql(s1, 'mutation($p: ID!, $o: ID!, $q: Int) { allocate(programmeId: $p, orgId: $o, quota: $q) { id } }', { p: p.id, o: i % 2 ? f.orgs.e1.id : f.orgs.e2.id, q: 6 })),
    );
    const shares = await g.benefitsDb.getRepository(AllocationRow).find({ where: { programmeId: p.id } });
    const s1Share = shares.find((a) => a.orgId === f.orgs.s1.id)!;
    const children = shares.filter((a) => a.parentId === s1Share.id);
    // Exactly one of e1 and e2 got 6; the other could not (only 4 left), whatever the order.
    expect(children.map((a) => a.quota)).toEqual([6]);
    expect(s1Share.allocatedToChildren).toBe(6);
    for (const o of outcomes.filter((x) => x.errors)) expect(['BAD_USER_INPUT', 'CONFLICT']).toContain(o.errors![0].extensions?.code);
  });
  test('cancellations and redemptions of the same vouchers at once: each voucher ends one way, and its unit comes back only if cancelled', async () => {
    const p = await newProgramme(g, city, { orgId: g.fixture.orgs.city.id, name: '观影（取消与核销竞争）', quota: 20, requires: [MEMBERSHIP] });
    await bindPartner(g, city, cinema.id, p.id);
    const vouchers = await Promise.all(crowd.slice(0, 10).map((m) => mustClaim(g, m.token, p.id)));
    const races = await Promise.all(
      vouchers.map(async (v, i) => {
        const [c, r] = await Promise.all([cancel(g, crowd[i].token, v.id), redeem(g, { apiKey: cinema.key }, v.code, `cancel-race-${i}`)]);
        return { cancelled: !!c.value, redeemed: !!r.value, codes: [c.code, r.code] };
      }),
    );
    for (const r of races) {
      expect(r.cancelled !== r.redeemed).toBe(true);
      // The loser was refused for the state the winner left, or lost the versioned update.
      for (const code of r.codes.filter(Boolean)) expect(['INVALID_STATE', 'CONFLICT', 'CANCELLED', 'ALREADY_REDEEMED']).toContain(code);
    }
    const rows = await g.benefitsDb.getRepository(VoucherRow).find({ where: { programmeId: p.id } });
    const redeemed = rows.filter((v) => v.state === 'REDEEMED').length;
    expect(redeemed).toBe(races.filter((r) => r.redeemed).length);
    expect(rows.filter((v) => v.state === 'CANCELLED').length).toBe(races.filter((r) => r.cancelled).length);
    expect(await g.benefitsDb.getRepository(RedemptionRow).countBy({ programmeId: p.id })).toBe(redeemed);
    expect((await g.benefitsDb.getRepository(AllocationRow).findOneByOrFail({ programmeId: p.id, orgId: g.fixture.orgs.city.id })).used).toBe(redeemed);
  });

  test('binding partners while the rules turn to hardship: a programme is never both sensitive and served by a partner', async () => {
    const f = g.fixture;
    for (let round = 0; round < 3; round++) {
      const p = await newProgramme(g, city, { orgId: f.orgs.city.id, name: `疗休养（绑定竞争${round}）`, kind: 'SANATORIUM', quota: 10, requires: [MEMBERSHIP] });
      const partners = await Promise.all(Array.from({ length: 6 }, (_, i) => registerPartner(g, city, f.orgs.city.id, `疗养院${round}-${i}`, 'CLINIC')));
      const BIND = 'mutation($pa: ID!, $p: ID!) { bindPartnerProgramme(partnerId: $pa, programmeId: $p) { id } }';
      const results = await Promise.all([
        ...partners.map((pa) => g.gql(city, BIND, { pa: pa.id, p: p.id })),
        g.gql(city, SET_RULES, { p: p.id, r: rulesDoc([MEMBERSHIP, { type: 'hardship', tiers: ['DEEP'] }]) }),
      ]);
      for (const r of results) if (r.errors) expect(['BAD_USER_INPUT', 'CONFLICT']).toContain(r.errors[0].extensions?.code);
      const row = await g.benefitsDb.getRepository(ProgrammeRow).findOneByOrFail({ id: p.id });
      const bound = await g.benefitsDb.getRepository(PartnerProgrammeRow).countBy({ programmeId: p.id });
      expect([round, row.sensitive && bound > 0]).toEqual([round, false]);
      expect(bound).toBe(results.slice(0, partners.length).filter((r) => !r.errors).length);
    }
  });

  test('education aid: two applications for one child at once make one; two awards of one application at once take one unit', async () => {
    const f = g.fixture;
    const p = await newProgramme(g, city, { orgId: f.orgs.city.id, name: '助学（竞争）', kind: 'EDUCATION_AID', quota: 5, budgetCents: 100_000, amountCents: 20_000, voucherValidDays: null, requires: [{ type: 'child', minAge: 6, maxAge: 18 }] });
    const m1 = await memberTokenFor('m1', f);
    const child = (await childrenOf(g, e1, f.members.m1.id))[0].id;
    const applied = await Promise.all([
      ...Array.from({ length: 5 }, () => apply(g, m1, { programmeId: p.id, childId: child })),
      ...Array.from({ length: 5 }, () => apply(g, e1, { programmeId: p.id, childId: child, memberId: f.members.m1.id })),
    ]);
    const made = applied.filter((a) => a.value);
    expect(made).toHaveLength(1);
    for (const a of applied.filter((x) => !x.value)) expect(a.code).toBe('DUPLICATE');
    expect(await g.benefitsDb.getRepository(AidApplicationRow).countBy({ programmeId: p.id })).toBe(1);

    const app = made[0].value!;
    const checked = await Promise.all(Array.from({ length: 5 }, () => checkAid(g, e1, app.id, true)));
    expect(checked.filter((c) => c.value)).toHaveLength(1);
    const reviews = await Promise.all([...Array.from({ length: 5 }, () => reviewAid(g, d1, app.id, true)), ...Array.from({ length: 5 }, () => reviewAid(g, admin, app.id, true))]);
    expect(reviews.filter((r) => r.value)).toHaveLength(1);
    for (const r of reviews.filter((x) => !x.value)) expect(['CONFLICT', 'INVALID_STATE']).toContain(r.code);
    expect((await g.benefitsDb.getRepository(AllocationRow).findOneByOrFail({ programmeId: p.id, orgId: f.orgs.city.id })).used).toBe(1);
    expect((await g.benefitsDb.getRepository(AidApplicationRow).findOneByOrFail({ id: app.id })).state).toBe('AWARDED');
  });
});
