import type { DataSource } from 'typeorm';
import { isWithin, type Caller } from '@lianxin/auth';
import type { OrgInfo, SubgraphContext } from '@lianxin/subgraph';
import { AidApplicationRow, AidEventRow, AidState } from '../../grant/aid.entity';
import * as aid from '../../aid/aid.service';
import { CareBatchRow, CareVisitRow } from '../../care/care.entity';
import { recordCareVisit } from '../../care/care.service';
import { periodOf } from '../../eligibility/eligibility.engine';
import type { MemberFacts } from '@lianxin/members-client';
import { memberQrPayload } from '../../partner/member.qr';
import { PartnerKeyRow, PartnerRow } from '../../partner/partner.entity';
import * as desk from '../../partner/partner.desk';
import { partnerByKeyHash } from '../../partner/partner.service';
import { PartnerReason } from '../../partner/partner.types';
import { AllocationRow, ProgrammeRow, ProgrammeRulesRow, PartnerProgrammeRow } from '../../programme/programme.entity';
import { ProgrammeKind, SENSITIVE_KINDS } from '../../programme/programme.enums';
import { callerStub, contextFor, FakeMemberFacts, orgTree } from '@lianxin/test-kit';
import { benefitsEngines } from '../../programme/__tests__/harness';
import { RedemptionRow, VoucherRow, VoucherState } from '../../grant/voucher.entity';
import { expireVouchers } from '../../voucher/voucher.expiry';
import { claimVoucher } from '../../voucher/voucher.service';
import { demoPartnerKey } from '../demo-keys';
import { EDUCATION_AID_CENTS, generateBenefitsDemo, type BenefitsSeedInput, type BenefitsSeedMember } from '../generate';
import { isBenefitsSeeded, seedBenefitsDemoData, type BenefitsSeedResult } from '../seed';

const { staff } = callerStub;

/** 2030-06-15 12:00 in Beijing: fixed, so the seeded history does not depend on when the test runs. */
const NOW = new Date('2030-06-15T04:00:00Z');
const DAY = 86_400_000;
const SECRET = 'seed-test-internal-secret-0123456789';
const SYSTEM: Caller = { sub: 'gateway', role: 'system', perms: [] };

/** A small city: members in three enterprise unions of two districts, with every kind of fact the rules look at. */
function cityOf() {
  const orgs = orgTree();
  const homes = [orgs.e1, orgs.e1, orgs.e2, orgs.e3];
  const types = ['REGULAR', 'REGULAR', 'DELIVERY_RIDER', 'REGULAR', 'COURIER', 'RIDE_HAILING_DRIVER', 'REGULAR', 'LIVE_STREAMER'];
  const members: BenefitsSeedMember[] = Array.from({ length: 320 }, (_, i) => {
    const org = homes[i % homes.length];
    const hardship = i % 3 === 0;
    return {
      id: `01J${String(i).padStart(23, '0')}`,
      orgId: org.id,
      orgPath: org.path,
      status: i % 11 === 5 ? 'LEFT' : i % 13 === 7 ? 'RETAINED' : 'ACTIVE',
      employmentType: types[i % types.length],
      modelWorker: i % 17 === 0,
      hardshipTier: hardship ? ['GENERAL', 'DEEP', 'ACCIDENT'][(i / 3) % 3] : null,
      children: hardship
        ? [
            { id: `01K${String(i).padStart(23, '0')}`, birthDate: '2019-09-01', schoolStage: 'PRIMARY' },
            { id: `01M${String(i).padStart(23, '0')}`, birthDate: '2027-02-01', schoolStage: 'PRESCHOOL' },
          ]
        : [],
    };
  });
  const input: BenefitsSeedInput = { orgs: orgs.tree.orgs, members, now: NOW, internalSecret: SECRET, monthlyUptake: 0.3 };
  return { orgs, members, input };
}

describe('the benefits demo data, generated', () => {
  test('the same input gives the same rows, ids and codes included', () => {
    const { input } = cityOf();
    const a = generateBenefitsDemo(input);
    const b = generateBenefitsDemo({ ...input, members: [...input.members].reverse(), orgs: [...input.orgs].reverse() });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.vouchers.length).toBeGreaterThan(300);
    expect(JSON.stringify(generateBenefitsDemo({ ...input, seed: 7 }).vouchers.map((v) => v.code))).not.toBe(JSON.stringify(a.vouchers.map((v) => v.code)));
  });

  test('aid is opened from the cases given: a member\'s education-aid case opens their child\'s application, a model worker\'s hardship case opens model-worker aid', () => {
    const { input } = cityOf();
    const plain = generateBenefitsDemo(input);
    const app = plain.aid.find((a) => a.kind === ProgrammeKind.EDUCATION_AID)!;
    // Member 0 is a model worker in hardship, active.
    const worker = input.members[0];
    const educationCase = { id: '01N00000000000000000000001', number: 'LJ-2030-000001', kind: 'EDUCATION_AID', memberId: app.memberId, raisedAt: new Date(app.createdAt.getTime() - DAY) };
    const hardshipCase = { id: '01N00000000000000000000002', number: 'LJ-2030-000002', kind: 'HARDSHIP_AID', memberId: worker.id, raisedAt: new Date(NOW.getTime() - 30 * DAY) };
    const linked = generateBenefitsDemo({ ...input, cases: [educationCase, hardshipCase] });
    expect(linked.aid.find((a) => a.id === app.id)).toMatchObject({ caseId: educationCase.id });
    expect(linked.aidEvents.find((e) => e.applicationId === app.id && e.fromState === null)!.note).toBe('由诉求 LJ-2030-000001 发起');
    const award = linked.aid.find((a) => a.caseId === hardshipCase.id)!;
    expect(award).toMatchObject({ kind: ProgrammeKind.MODEL_WORKER_AID, memberId: worker.id, childId: null, state: AidState.AWARDED, appliedRole: 'staff' });
    expect(linked.aidEvents.filter((e) => e.applicationId === award.id).map((e) => [e.fromState, e.toState, e.note])).toEqual([
      [null, AidState.APPLIED, '由诉求 LJ-2030-000002 发起'],
      [AidState.APPLIED, AidState.AWARDED, '劳动和经济工作部核实，纳入困难劳模救助对象。'],
    ]);
    // Without cases, nothing points at one.
    expect(plain.aid.filter((a) => a.caseId)).toEqual([]);
  });

  test('the bench options add cinemas and open tickets', () => {
    const { input } = cityOf();
    const plain = generateBenefitsDemo(input);
    const bench = generateBenefitsDemo({ ...input, extraCinemas: 7, openVouchers: 40 });
    const cinemas = (rows: typeof plain) => rows.partners.filter((p) => p.kind === 'CINEMA');
    expect(cinemas(plain)).toHaveLength(9);
    expect(cinemas(bench)).toHaveLength(16);
    expect(new Set(cinemas(bench).map((p) => p.name)).size).toBe(16);
    const open = (rows: typeof plain) => rows.vouchers.filter((v) => v.programmeId === rows.demo.programmeId && v.state === VoucherState.ISSUED).length;
    expect(open(bench)).toBe(open(plain) + 40);
    expect(bench.keys).toHaveLength(bench.partners.length);
  });
});

describe.each(benefitsEngines('seed'))('the benefits demo data on $name', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  const city = cityOf();
  const { orgs, members } = city;
  const facts = new FakeMemberFacts(orgs.directory);
  for (const m of members) {
    facts.facts.set(m.id, {
      id: m.id, orgId: m.orgId, orgPath: m.orgPath, name: '王建国', status: m.status, employmentType: m.employmentType,
      modelWorker: m.modelWorker, hardshipTier: m.hardshipTier, children: [...(m.children ?? [])],
    } as MemberFacts);
  }
  const base = contextFor({ db: () => db, orgs: orgs.directory, facts });
  const ctxOf = (caller: Caller): SubgraphContext => ({ ...base(caller), services: { memberFacts: facts, internalSecret: SECRET } });
  const partnerCtx = (partnerId: string) => ctxOf({ sub: `partner-key:${partnerId}`, role: 'partner', partnerId, perms: [] });
  let seeded: BenefitsSeedResult;

  beforeAll(async () => {
    ({ db, close } = await engine.open());
    expect(await isBenefitsSeeded(db)).toBe(false);
    seeded = (await seedBenefitsDemoData(db, city.input))!;
  });
  afterAll(() => close());

  const all = async () => ({
    programmes: await db.getRepository(ProgrammeRow).find(),
    allocations: await db.getRepository(AllocationRow).find(),
    vouchers: await db.getRepository(VoucherRow).find(),
    redemptions: await db.getRepository(RedemptionRow).find(),
    partners: await db.getRepository(PartnerRow).find(),
    bindings: await db.getRepository(PartnerProgrammeRow).find(),
    keys: await db.getRepository(PartnerKeyRow).find(),
    aid: await db.getRepository(AidApplicationRow).find(),
    events: await db.getRepository(AidEventRow).find({ order: { at: 'ASC', id: 'ASC' } }),
    batches: await db.getRepository(CareBatchRow).find(),
    visits: await db.getRepository(CareVisitRow).find(),
  });
  type Data = Awaited<ReturnType<typeof all>>;

  /** The deepest share of a programme covering a path: where a claim or an award is taken from. */
  const nearest = (d: Data, programmeId: string, path: string) =>
    d.allocations.filter((a) => a.programmeId === programmeId && isWithin(path, a.orgPath)).sort((a, b) => b.orgPath.length - a.orgPath.length)[0];

  /** Every counter the services keep on a share, recomputed from the records that moved it. */
  function checkShares(d: Data): void {
    for (const a of d.allocations) {
      const live = d.vouchers.filter((v) => v.allocationId === a.id && (v.state === VoucherState.ISSUED || v.state === VoucherState.REDEEMED)).length;
      const awards = d.aid.filter((x) => (x.state === AidState.AWARDED || x.state === AidState.DELIVERED) && x.programmeId === a.programmeId && nearest(d, x.programmeId, x.orgPath).id === a.id);
      const funded = d.batches.filter((b) => b.programmeId === a.programmeId && nearest(d, a.programmeId, b.orgPath).id === a.id);
      const children = d.allocations.filter((c) => c.parentId === a.id);
      expect({ id: a.id, used: a.used, spent: a.spentCents, toChildren: a.allocatedToChildren, budgetToChildren: a.budgetToChildren }).toEqual({
        id: a.id,
        used: live + awards.length,
        spent: awards.reduce((s, x) => s + x.amountCents!, 0) + funded.reduce((s, b) => s + b.budgetCents, 0),
        toChildren: children.reduce((s, c) => s + (c.quota ?? 0), 0),
        budgetToChildren: children.reduce((s, c) => s + (c.budgetCents ?? 0), 0),
      });
      if (a.quota !== null) expect(a.used + a.allocatedToChildren).toBeLessThanOrEqual(a.quota);
      if (a.budgetCents !== null) expect(a.spentCents + a.budgetToChildren).toBeLessThanOrEqual(a.budgetCents);
      // A share is limited wherever its programme is.
      const p = d.programmes.find((x) => x.id === a.programmeId)!;
      expect([a.quota === null, a.budgetCents === null]).toEqual([p.quota === null, p.budgetCents === null]);
    }
  }

  function checkRedemptions(d: Data): void {
    const redeemed = d.vouchers.filter((v) => v.state === VoucherState.REDEEMED);
    expect(d.redemptions).toHaveLength(redeemed.length);
    expect(new Set(d.redemptions.map((r) => r.voucherId)).size).toBe(d.redemptions.length);
    for (const r of d.redemptions) {
      const v = d.vouchers.find((x) => x.id === r.voucherId)!;
      expect({ state: v.state, partner: v.partnerId, at: v.redeemedAt?.getTime(), programme: v.programmeId }).toEqual({ state: VoucherState.REDEEMED, partner: r.partnerId, at: r.at.getTime(), programme: r.programmeId });
      expect(d.bindings.some((b) => b.partnerId === r.partnerId && b.programmeId === v.programmeId)).toBe(true);
      expect(r.at.getTime()).toBeGreaterThan(v.issuedAt.getTime());
      expect(r.at.getTime()).toBeLessThan(v.expiresAt.getTime());
    }
  }

  test('it covers what the demo shows: programmes of every kind, partners, vouchers, aid and care in every state', async () => {
    const d = await all();
    expect(d.programmes.map((p) => p.kind).sort()).toEqual(
      [ProgrammeKind.CARE_VISIT, ProgrammeKind.CINEMA_VOUCHER, ProgrammeKind.EDUCATION_AID, ProgrammeKind.GYM_VOUCHER, ProgrammeKind.HEALTH_CHECK, ProgrammeKind.MODEL_WORKER_AID, ProgrammeKind.SWIMMING_VOUCHER].sort(),
    );
    const byKind = (k: ProgrammeKind) => d.programmes.find((p) => p.kind === k)!;
    expect(byKind(ProgrammeKind.CINEMA_VOUCHER)).toMatchObject({ orgId: orgs.city.id, quota: 20_000, voucherValidDays: 30, state: 'ACTIVE', rulesVersion: 2, sensitive: false });
    expect(byKind(ProgrammeKind.EDUCATION_AID)).toMatchObject({ amountCents: 50_000, sensitive: true, state: 'ACTIVE' });
    expect(byKind(ProgrammeKind.SWIMMING_VOUCHER)).toMatchObject({ orgId: orgs.d1.id, sensitive: false });
    expect(byKind(ProgrammeKind.HEALTH_CHECK).state).toBe('DRAFT');
    // Rules are stored parsed, every version kept.
    const rules = await db.getRepository(ProgrammeRulesRow).find({ where: { programmeId: byKind(ProgrammeKind.CINEMA_VOUCHER).id }, order: { version: 'ASC' } });
    expect(rules.map((r) => JSON.parse(r.rules).requires.map((x: { type: string }) => x.type))).toEqual([['membership', 'perMemberLimit'], ['membership', 'perMemberLimit', 'quota']]);
    expect(JSON.parse((await db.getRepository(ProgrammeRulesRow).findOneByOrFail({ programmeId: byKind(ProgrammeKind.SWIMMING_VOUCHER).id })).rules).requires[1]).toEqual({
      type: 'employmentType',
      anyOf: ['DELIVERY_RIDER', 'COURIER', 'RIDE_HAILING_DRIVER'],
    });
    // The city's tickets are shared out to both districts.
    const cinemaShares = d.allocations.filter((a) => a.programmeId === byKind(ProgrammeKind.CINEMA_VOUCHER).id && a.parentId !== null);
    expect(cinemaShares.map((a) => a.orgId).sort()).toEqual([orgs.d1.id, orgs.d2.id].sort());

    expect(d.partners.map((p) => p.kind).sort()).toEqual([...Array(9).fill('CINEMA'), 'GYM', 'POOL']);
    expect(new Set(d.partners.filter((p) => p.kind === 'CINEMA').map((p) => p.name.replace(/（.*$/, ''))).size).toBe(6);
    for (const b of d.bindings) {
      const p = d.programmes.find((x) => x.id === b.programmeId)!;
      expect(p.sensitive).toBe(false);
      expect(SENSITIVE_KINDS).not.toContain(p.kind);
    }
    expect(seeded.demo.partnerName).toBe('工人文化宫影院（总店）');
    expect(seeded.demo.voucherCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);

    for (const state of Object.values(VoucherState)) expect(d.vouchers.filter((v) => v.programmeId === byKind(ProgrammeKind.CINEMA_VOUCHER).id && v.state === state).length).toBeGreaterThan(0);
    expect(d.vouchers.some((v) => v.programmeId === byKind(ProgrammeKind.SWIMMING_VOUCHER).id && v.state === VoucherState.REDEEMED)).toBe(true);
    for (const state of Object.values(AidState)) expect(d.aid.filter((a) => a.state === state).length).toBeGreaterThan(0);
    // The seed district's seven batches a year, at about ¥500 a visit.
    expect(d.batches.map((b) => b.occasion).sort()).toEqual(['DRAGON_BOAT', 'MID_AUTUMN', 'NATIONAL_DAY', 'OTHER', 'OTHER', 'SPRING_FESTIVAL', 'SUMMER_COOLING']);
    expect(d.visits.length).toBeGreaterThan(50);
    const average = d.visits.reduce((n, v) => n + v.costCents, 0) / d.visits.length / 100;
    expect(average).toBeGreaterThan(350);
    expect(average).toBeLessThan(650);
    expect(seeded).toMatchObject({ programmes: 7, partners: 11, keys: 11, redemptions: d.redemptions.length, aidApplications: d.aid.length, careVisits: d.visits.length });
  });

  test('shares count exactly the vouchers, awards and batches taken from them, and never exceed their quota or budget', async () => {
    checkShares(await all());
  });

  test('vouchers hold their limit slot while live, expire on time, and each redemption matches its voucher', async () => {
    const d = await all();
    const monthly = new Set(d.programmes.filter((p) => p.kind !== ProgrammeKind.HEALTH_CHECK).map((p) => p.id));
    for (const v of d.vouchers) {
      const live = v.state === VoucherState.ISSUED || v.state === VoucherState.REDEEMED;
      expect(v.limitKey).toBe(live && monthly.has(v.programmeId) ? `${v.programmeId}:${v.memberId}:${periodOf('MONTH', v.issuedAt).key}:1` : null);
      expect(v.expiresAt.getTime()).toBeLessThanOrEqual(v.issuedAt.getTime() + 30 * DAY);
      if (v.state === VoucherState.ISSUED) expect(v.expiresAt.getTime()).toBeGreaterThan(NOW.getTime());
      if (v.state === VoucherState.EXPIRED) expect(v.expiresAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(v.issuedAt.getTime()).toBeLessThan(NOW.getTime());
      expect(members.find((m) => m.id === v.memberId)?.status).toBe('ACTIVE');
      expect(v.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
    }
    expect(new Set(d.vouchers.map((v) => v.code)).size).toBe(d.vouchers.length);
    // Swimming vouchers only for the gig workers the rule names.
    const swim = d.programmes.find((p) => p.kind === ProgrammeKind.SWIMMING_VOUCHER)!;
    for (const v of d.vouchers.filter((x) => x.programmeId === swim.id)) expect(['DELIVERY_RIDER', 'COURIER', 'RIDE_HAILING_DRIVER']).toContain(members.find((m) => m.id === v.memberId)!.employmentType);
    checkRedemptions(d);
  });

  test('aid applications hold the award key exactly while awarded, and their history ends where they are', async () => {
    const d = await all();
    for (const a of d.aid) {
      const programme = d.programmes.find((p) => p.id === a.programmeId)!;
      expect(programme.kind).toBe(a.kind);
      const awarded = a.state === AidState.AWARDED || a.state === AidState.DELIVERED;
      // Per child for education aid; the member's own for model-worker aid.
      const key = `${a.programmeId}:${a.childId ?? a.memberId}:${a.year}`;
      expect({ award: a.awardKey, open: a.openKey, amount: a.amountCents, reason: !!a.rejectReason }).toEqual({
        award: awarded ? key : null,
        open: a.state === AidState.REJECTED ? null : key,
        amount: awarded ? programme.amountCents : null,
        reason: a.state === AidState.REJECTED,
      });
      const history = d.events.filter((e) => e.applicationId === a.id);
      expect(history.length).toBe(a.version);
      expect(history[0]).toMatchObject({ fromState: null, toState: AidState.APPLIED });
      for (let i = 1; i < history.length; i++) expect(history[i].fromState).toBe(history[i - 1].toState);
      expect(history[history.length - 1].toState).toBe(a.state);
      expect(history[history.length - 1].at.getTime()).toBe(a.updatedAt.getTime());
      const m = members.find((x) => x.id === a.memberId)!;
      expect(m.hardshipTier).not.toBeNull();
      if (a.kind === ProgrammeKind.EDUCATION_AID) expect(m.children?.some((c) => c.id === a.childId && c.birthDate === '2019-09-01')).toBe(true);
      else expect({ childId: a.childId, modelWorker: m.modelWorker, status: m.status }).toEqual({ childId: null, modelWorker: true, status: expect.stringMatching(/^(ACTIVE|RETAINED)$/) });
    }
    const education = d.aid.filter((a) => a.kind === ProgrammeKind.EDUCATION_AID);
    expect(new Set(education.map((a) => a.childId)).size).toBe(education.length);
    // A few model workers in hardship were awarded, even with no case drawn for them.
    expect(d.aid.filter((a) => a.kind === ProgrammeKind.MODEL_WORKER_AID).length).toBeGreaterThan(0);
  });

  test('care batches spent exactly what their visits cost, by unions under them, within their dates', async () => {
    const d = await all();
    for (const b of d.batches) {
      const visits = d.visits.filter((v) => v.batchId === b.id);
      expect(b.spentCents).toBe(visits.reduce((s, v) => s + v.costCents, 0));
      expect(b.spentCents).toBeLessThanOrEqual(b.budgetCents);
      for (const v of visits) {
        expect(v.visitedOn >= b.startsOn && v.visitedOn <= b.endsOn).toBe(true);
        expect(isWithin(v.orgPath, b.orgPath)).toBe(true);
        expect(isWithin(members.find((m) => m.id === v.memberId)!.orgPath, v.orgPath)).toBe(true);
      }
    }
  });

  test('every partner has its demo key, which the gateway lookup resolves to it', async () => {
    const d = await all();
    for (const p of d.partners) {
      const keys = d.keys.filter((k) => k.partnerId === p.id);
      expect(keys).toHaveLength(1);
      const derived = demoPartnerKey(SECRET, p.id);
      expect(keys[0]).toMatchObject({ prefix: derived.prefix, hash: derived.hash, revokedAt: null });
      expect(await partnerByKeyHash(ctxOf(SYSTEM), derived.hash)).toEqual({ partnerId: p.id, keyId: keys[0].id, active: true });
    }
    // Another secret derives other keys: the demo keys are as secret as the internal secret.
    expect(demoPartnerKey('another-secret', d.partners[0].id).hash).not.toBe(d.keys.find((k) => k.partnerId === d.partners[0].id)!.hash);
  });

  test('the services work on the seeded data, and every counter still adds up afterwards', async () => {
    const before = await all();
    const cinema = before.programmes.find((p) => p.kind === ProgrammeKind.CINEMA_VOUCHER)!;
    const demoCinema = seeded.demo.partnerId;
    const month = periodOf('MONTH', NOW).key;
    const holders = new Set(before.vouchers.filter((v) => v.programmeId === cinema.id && v.limitKey?.includes(`:${month}:`)).map((v) => v.memberId));

    // A member without this month's ticket claims one; the district's share counts it.
    const claimant = members.find((m) => m.status === 'ACTIVE' && m.orgId === orgs.e3.id && !holders.has(m.id))!;
    const share = nearest(before, cinema.id, claimant.orgPath);
    const member = (m: BenefitsSeedMember): Caller => ({ sub: `member-${m.id}`, role: 'member', memberId: m.id, orgId: m.orgId, orgPath: m.orgPath, perms: [] });
    const v = await claimVoucher(ctxOf(member(claimant)), cinema.id, NOW);
    expect(v).toMatchObject({ state: VoucherState.ISSUED, allocationId: share.id, limitKey: `${cinema.id}:${claimant.id}:${month}:1` });
    expect((await db.getRepository(AllocationRow).findOneByOrFail({ id: share.id })).used).toBe(share.used + 1);
    expect((await desk.checkEligibility(partnerCtx(demoCinema), cinema.id, memberQrPayload(SECRET, claimant.id), NOW)).reasons).toEqual([PartnerReason.LIMIT_REACHED]);

    // A seeded holder of this month's ticket is told the same; that open ticket checks and redeems at the demo cinema, once.
    const holder = before.vouchers.find((x) => x.programmeId === cinema.id && x.state === VoucherState.ISSUED && x.limitKey?.includes(`:${month}:`))!;
    const answer = await desk.checkEligibility(partnerCtx(demoCinema), cinema.id, memberQrPayload(SECRET, holder.memberId), NOW);
    expect(answer).toMatchObject({ eligible: false, reasons: [PartnerReason.LIMIT_REACHED], memberName: '王*国' });
    expect(await desk.checkVoucher(partnerCtx(demoCinema), holder.code, NOW)).toMatchObject({ valid: true, reasons: [], programmeName: cinema.name, memberName: '王*国' });
    const redeemed = await desk.redeemVoucher(partnerCtx(demoCinema), holder.code, 'seed-spec-1', NOW);
    expect(await desk.redeemVoucher(partnerCtx(demoCinema), holder.code, 'seed-spec-1', NOW)).toEqual(redeemed);
    const used = before.vouchers.find((x) => x.programmeId === cinema.id && x.state === VoucherState.REDEEMED)!;
    await expect(desk.redeemVoucher(partnerCtx(demoCinema), used.code, 'seed-spec-2', NOW)).rejects.toMatchObject({ extensions: { code: 'ALREADY_REDEEMED' } });
    const mine = await desk.myRedemptions(partnerCtx(demoCinema), 200);
    expect(mine.edges[0].node.id).toBe(redeemed.id);
    expect(mine.edges.length).toBe(Math.min(200, before.redemptions.filter((r) => r.partnerId === demoCinema).length + 1));

    // A district reviewer awards a seeded checked application, from the district's share.
    const education = before.programmes.find((p) => p.kind === ProgrammeKind.EDUCATION_AID)!;
    const checked = before.aid.find((a) => a.state === AidState.ENTERPRISE_CHECKED && isWithin(a.orgPath, orgs.d1.path))!;
    const aidShare = nearest(before, education.id, checked.orgPath);
    const reviewer: OrgInfo = orgs.d1;
    expect(await aid.reviewAidApplication(ctxOf(staff(reviewer)), checked.id, true, null, NOW)).toMatchObject({ state: AidState.AWARDED, amountCents: EDUCATION_AID_CENTS });
    expect(await db.getRepository(AllocationRow).findOneByOrFail({ id: aidShare.id })).toMatchObject({ used: aidShare.used + 1, spentCents: aidShare.spentCents + EDUCATION_AID_CENTS });
    // That child is taken for the year; applying again is a duplicate.
    const awardedChild = before.aid.find((a) => a.state === AidState.DELIVERED)!;
    await expect(aid.applyForEducationAid(ctxOf(staff(orgs.city)), { programmeId: education.id, childId: awardedChild.childId!, memberId: awardedChild.memberId }, NOW)).rejects.toMatchObject({
      extensions: { code: expect.stringMatching(/NOT_ELIGIBLE|DUPLICATE/) },
    });

    // One more visit in a seeded batch with money left.
    const batch = before.batches.find((b) => b.occasion === 'SUMMER_COOLING')!;
    const visited = members.find((m) => m.status === 'ACTIVE' && isWithin(m.orgPath, batch.orgPath))!;
    await recordCareVisit(ctxOf(staff(orgs.d1)), { batchId: batch.id, memberId: visited.id, orgId: visited.orgId, items: '绿豆、毛巾', costCents: 5_000, visitedOn: batch.startsOn }, NOW);
    expect((await db.getRepository(CareBatchRow).findOneByOrFail({ id: batch.id })).spentCents).toBe(batch.spentCents + 5_000);

    // A month on, every open ticket has expired and given its unit back.
    const result = await expireVouchers(db, new Date(NOW.getTime() + 31 * DAY));
    expect(result.expired).toBe(before.vouchers.filter((x) => x.state === VoucherState.ISSUED).length); // the redeemed holder out, the new claim in
    const after = await all();
    expect(after.vouchers.filter((x) => x.state === VoucherState.ISSUED)).toHaveLength(0);
    checkShares(after);
    checkRedemptions(after);
    expect(after.redemptions).toHaveLength(before.redemptions.length + 1);
  });

  test('seeding again changes nothing', async () => {
    const before = await db.getRepository(VoucherRow).count();
    expect(await seedBenefitsDemoData(db, city.input)).toBeNull();
    expect(await db.getRepository(VoucherRow).count()).toBe(before);
    expect(await isBenefitsSeeded(db)).toBe(true);
  });
});
