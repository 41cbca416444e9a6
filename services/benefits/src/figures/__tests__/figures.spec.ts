import { randomUUID } from 'node:crypto';
import { graphql, type GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { newId, type Caller } from '@lianxin/auth';
import { buildSubgraph, sqlStats, type OrgInfo } from '@lianxin/subgraph';
import { AidApplicationRow, AidState } from '../../grant/aid.entity';
import { CareBatchRow, CareOccasion, CareVisitRow } from '../../care/care.entity';
import { VoucherRow, VoucherState } from '../../grant/voucher.entity';
import { AllocationRow, type ProgrammeRow } from '../../programme/programme.entity';
import { ProgrammeKind } from '../../programme/programme.enums';
import { allocate, takeFromAllocation } from '../../programme/allocation.service';
import * as programmes from '../../programme/programme.service';
import { CreateProgrammeInput } from '../../programme/programme.types';
import { callerStub, contextFor, FakeMemberFacts, firstError, freezeProcessClock, orgTree, roleRefusal } from '@lianxin/test-kit';
import { beijingDay, benefitsEngines } from '../../programme/__tests__/harness';
import * as sut from '../figures.service';
import { figuresResolvers } from '../figures.resolver';
import { programmeResolvers } from '../../programme/programme.resolver';

/** The code under test reads the time itself, so the clock is frozen: Beijing days in this file never turn over mid-run. */
freezeProcessClock();

const { admin, staff, member: memberCaller, partner } = callerStub;

describe.each(benefitsEngines('figures'))('programme figures on $name', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  const { city, d1, d2, s1, s1b, s2, e1, e3, directory } = orgTree();
  const facts = new FakeMemberFacts(directory);
  const ctxOf = contextFor({ db: () => db, orgs: directory, facts });
  let p: ProgrammeRow;
  let other: ProgrammeRow;

  async function create(org: OrgInfo, over: Partial<CreateProgrammeInput> = {}): Promise<ProgrammeRow> {
    return programmes.createProgramme(
      ctxOf(admin),
      Object.assign(new CreateProgrammeInput(), {
        orgId: org.id, name: '观影', kind: ProgrammeKind.CINEMA_VOUCHER, startsOn: beijingDay(-5), endsOn: beijingDay(60), quota: 100, budgetCents: 100_000, rules: { requires: [] }, ...over,
      }),
    );
  }
  const shareOf = (programme: ProgrammeRow, org: OrgInfo) => db.getRepository(AllocationRow).findOneByOrFail({ programmeId: programme.id, orgId: org.id });

  async function vouchers(programme: ProgrammeRow, org: OrgInfo, states: VoucherState[], issuedAt = new Date()): Promise<void> {
    const alloc = await shareOf(programme, city);
    for (const state of states) {
      await db.getRepository(VoucherRow).insert({
        id: newId(), programmeId: programme.id, memberId: newId(), orgId: org.id, orgPath: org.path, allocationId: alloc.id, code: randomUUID().replace(/-/g, '').slice(0, 20), state,
        issuedAt, expiresAt: new Date(Date.now() + 86_400_000), redeemedAt: null, partnerId: null, limitKey: null, issuedBy: 'test', version: 1,
      });
    }
  }
  async function aid(programme: ProgrammeRow, org: OrgInfo, state: AidState, amountCents: number): Promise<void> {
    await db.getRepository(AidApplicationRow).insert({
      id: newId(), programmeId: programme.id, memberId: newId(), childId: newId(), orgId: org.id, orgPath: org.path, year: 2030, state, amountCents,
      rejectReason: null, appliedBy: 'test', appliedRole: 'member', awardKey: null, openKey: null, createdAt: new Date(), updatedAt: new Date(),
    });
  }
  async function batch(programmeId: string | null, visits: [OrgInfo, number][]): Promise<void> {
    const id = newId();
    await db.getRepository(CareBatchRow).insert({
      id, programmeId, orgId: city.id, orgPath: city.path, name: '中秋慰问', occasion: CareOccasion.MID_AUTUMN, budgetCents: 1_000_000, spentCents: visits.reduce((s, [, c]) => s + c, 0),
      startsOn: beijingDay(-5), endsOn: beijingDay(5), createdBy: 'test', version: 1,
    });
    for (const [org, cost] of visits) {
      await db.getRepository(CareVisitRow).insert({
        id: newId(), batchId: id, memberId: newId(), orgId: org.id, orgPath: org.path, items: '月饼', costCents: cost, visitedOn: beijingDay(0), recordedBy: 'test', createdAt: new Date(),
      });
    }
  }

  beforeAll(async () => {
    ({ db, close } = await engine.open());
    p = await create(city);
    other = await create(city, { name: '另一个' });
    await allocate(ctxOf(admin), { programmeId: p.id, orgId: d1.id, quota: 40, budgetCents: 40_000 });
    await allocate(ctxOf(admin), { programmeId: p.id, orgId: d2.id, quota: 30, budgetCents: 0 });
    await allocate(ctxOf(staff(d1)), { programmeId: p.id, orgId: s1.id, quota: 20, budgetCents: 10_000 });
    await allocate(ctxOf(staff(d1)), { programmeId: p.id, orgId: s1b.id, quota: 10, budgetCents: 0 });
    await allocate(ctxOf(staff(s1)), { programmeId: p.id, orgId: e1.id, quota: 5, budgetCents: 0 });
    const take = async (org: OrgInfo, n: number, cents = 0) => {
      const a = await shareOf(p, org);
      for (let i = 0; i < n; i++) expect(await takeFromAllocation(db.manager, a.id, 1, cents)).toBe(true);
    };
    await take(s1, 5, 100);
    await take(d1, 2);
    await take(d2, 3);
    await take(e1, 1);

    await vouchers(p, e1, [VoucherState.ISSUED, VoucherState.ISSUED, VoucherState.ISSUED, VoucherState.REDEEMED, VoucherState.REDEEMED, VoucherState.EXPIRED, VoucherState.CANCELLED]);
    await vouchers(p, e3, [VoucherState.ISSUED, VoucherState.ISSUED]);
    await vouchers(other, e1, [VoucherState.REDEEMED]);
    await aid(p, e1, AidState.AWARDED, 500);
    await aid(p, e1, AidState.AWARDED, 500);
    await aid(p, e1, AidState.DELIVERED, 700);
    await aid(p, e1, AidState.REJECTED, 900);
    await aid(p, e1, AidState.APPLIED, 900);
    await aid(p, e3, AidState.AWARDED, 500);
    await aid(other, e1, AidState.DELIVERED, 999);
    await batch(p.id, [[e1, 100], [e1, 200], [e3, 300]]);
    await batch(other.id, [[e1, 5_000]]);
    await batch(null, [[e1, 7_000]]);
  });
  afterAll(async () => close());

  it('counts the whole programme for admin, per district', async () => {
    expect(await sut.programmeUptake(ctxOf(admin), p.id)).toMatchObject({
      programmeId: p.id,
      orgId: city.id,
      vouchersIssued: 9,
      vouchersOutstanding: 5,
      vouchersRedeemed: 2,
      vouchersExpired: 1,
      vouchersCancelled: 1,
      aidAwarded: 4,
      aidAwardedCents: 2_200,
      aidDelivered: 1,
      aidDeliveredCents: 700,
      careVisits: 3,
      careSpentCents: 600,
      share: { orgId: city.id, quota: 100, allocatedToChildren: 70, used: 0 },
      children: [
        { orgId: d1.id, allocatedQuota: 40, allocatedBudgetCents: 40_000, used: 8, spentCents: 500, remaining: 32 },
        { orgId: d2.id, allocatedQuota: 30, allocatedBudgetCents: 0, used: 3, spentCents: 0, remaining: 27 },
      ].sort((a, b) => (a.orgId < b.orgId ? -1 : 1)),
    });
  });

  it('counts a district\'s own subtree by default, per street', async () => {
    const u = await sut.programmeUptake(ctxOf(staff(d1)), p.id);
    expect(u).toMatchObject({
      orgId: d1.id,
      vouchersIssued: 7,
      vouchersOutstanding: 3,
      aidAwarded: 3,
      aidAwardedCents: 1_700,
      careVisits: 2,
      careSpentCents: 300,
      share: { orgId: d1.id, quota: 40, used: 2, allocatedToChildren: 30 },
    });
    expect(u!.children).toEqual(
      [
        { orgId: s1.id, allocatedQuota: 20, allocatedBudgetCents: 10_000, used: 6, spentCents: 500, remaining: 14 },
        { orgId: s1b.id, allocatedQuota: 10, allocatedBudgetCents: 0, used: 0, spentCents: 0, remaining: 10 },
      ].sort((a, b) => (a.orgId < b.orgId ? -1 : 1)),
    );
    const street = await sut.programmeUptake(ctxOf(staff(d1)), p.id, s1.id);
    expect(street).toMatchObject({ orgId: s1.id, vouchersIssued: 7, children: [{ orgId: e1.id, allocatedQuota: 5, used: 1, remaining: 4 }] });
    // An enterprise with no share of its own claims from the street's.
    expect((await sut.programmeUptake(ctxOf(staff(s1b)), p.id))!.share).toMatchObject({ orgId: s1b.id });
    expect(await sut.programmeUptake(ctxOf(admin), p.id, e3.id)).toMatchObject({ vouchersIssued: 2, share: { orgId: d2.id }, children: [] });
  });

  it('gives null for a union or programme out of scope', async () => {
    expect(await sut.programmeUptake(ctxOf(staff(d1)), p.id, d2.id)).toBeNull();
    expect(await sut.programmeUptake(ctxOf(staff(d1)), p.id, newId())).toBeNull();
    const d2Only = await create(d2);
    expect(await sut.programmeUptake(ctxOf(staff(d1)), d2Only.id)).toBeNull();
    expect(await sut.programmeUptake(ctxOf(staff(d1)), newId())).toBeNull();
    // d2 sees only its own part of the city's programme.
    expect(await sut.programmeUptake(ctxOf(staff(d2)), p.id)).toMatchObject({ orgId: d2.id, vouchersIssued: 2, aidAwarded: 1, careVisits: 1, careSpentCents: 300 });
  });

  describe('per union and per month', () => {
    const { ISSUED, REDEEMED, EXPIRED, CANCELLED } = VoucherState;

    it('splits the counted union\'s figures over the unions directly under it, its own records under itself', async () => {
      const uptake = (await sut.programmeUptake(ctxOf(callerStub.admin), p.id))!;
      // Everything in the fixture was made under d1 (e1) and d2 (e3), none at the city itself.
      expect(await sut.uptakeByOrg(ctxOf(callerStub.admin), uptake)).toEqual(
        [
          { orgId: d1.id, orgPath: d1.path, vouchersIssued: 7, vouchersOutstanding: 3, vouchersRedeemed: 2, vouchersExpired: 1, vouchersCancelled: 1, aidAwarded: 3, aidAwardedCents: 1_700, aidDelivered: 1, aidDeliveredCents: 700, careVisits: 2, careSpentCents: 300 },
          { orgId: d2.id, orgPath: d2.path, vouchersIssued: 2, vouchersOutstanding: 2, vouchersRedeemed: 0, vouchersExpired: 0, vouchersCancelled: 0, aidAwarded: 1, aidAwardedCents: 500, aidDelivered: 0, aidDeliveredCents: 0, careVisits: 1, careSpentCents: 300 },
        ].sort((a, b) => (a.orgPath < b.orgPath ? -1 : 1)),
      );
      // At the enterprise, its own members' records count under the enterprise itself.
      const atE1 = (await sut.programmeUptake(ctxOf(callerStub.staff(s1)), p.id, e1.id))!;
      expect((await sut.uptakeByOrg(ctxOf(callerStub.staff(s1)), atE1)).map((o) => [o.orgId, o.vouchersIssued, o.careVisits])).toEqual([[e1.id, 7, 2]]);
      // d2's staff count only their own part, whichever union they ask about.
      const asD2 = (await sut.programmeUptake(ctxOf(callerStub.staff(d2)), p.id))!;
      expect((await sut.uptakeByOrg(ctxOf(callerStub.staff(d2)), asD2)).map((o) => [o.orgId, o.vouchersIssued])).toEqual([[s2.id, 2]]);
    });

    it('counts vouchers by the China month they were issued in, from the programme\'s first month, with where they are now', async () => {
      const now = new Date();
      const monthsAgo = (k: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k, 15, 4));
      const run = await create(city, { name: '长期观影', startsOn: beijingDay(-80), endsOn: beijingDay(200), quota: null, budgetCents: null });
      await vouchers(run, e1, [REDEEMED, REDEEMED, EXPIRED], monthsAgo(2));
      await vouchers(run, e3, [CANCELLED, ISSUED], monthsAgo(1));
      await vouchers(run, e1, [ISSUED], now);
      const uptake = (await sut.programmeUptake(ctxOf(callerStub.admin), run.id))!;
      const months = await sut.uptakeByMonth(ctxOf(callerStub.admin), uptake, now);
      const month = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
      // The run began about 80 days ago: three or four months, ending with this one; the last three hold the vouchers.
      expect(months.at(-1)!.month).toBe(month(now));
      expect(months.slice(-3)).toEqual([
        { month: month(monthsAgo(2)), issued: 3, outstanding: 0, redeemed: 2, expired: 1, cancelled: 0 },
        { month: month(monthsAgo(1)), issued: 2, outstanding: 1, redeemed: 0, expired: 0, cancelled: 1 },
        { month: month(now), issued: 1, outstanding: 1, redeemed: 0, expired: 0, cancelled: 0 },
      ]);
      expect(months.slice(0, -3).every((m) => m.issued === 0)).toBe(true);
      // A district counts only its own subtree.
      const d2Months = await sut.uptakeByMonth(ctxOf(callerStub.staff(d2)), (await sut.programmeUptake(ctxOf(callerStub.staff(d2)), run.id))!, now);
      expect(d2Months.map((m) => m.issued).reduce((a, b) => a + b, 0)).toBe(2);
      // A programme that has not started yet has no months.
      const later = await create(city, { name: '明年观影', startsOn: beijingDay(400), endsOn: beijingDay(430) });
      expect(await sut.uptakeByMonth(ctxOf(callerStub.admin), (await sut.programmeUptake(ctxOf(callerStub.admin), later.id))!, now)).toEqual([]);
    });
  });

  describe('through the schema', () => {
    let schema: GraphQLSchema;
    const exec = (caller: Caller, source: string) => graphql({ schema, source, contextValue: ctxOf(caller) });
    const Q = () => `{ programmeUptake(programmeId: "${p.id}") { orgId org { id } vouchersIssued share { orgId remainingQuota } children { orgId org { id } allocatedQuota used remaining } } }`;
    beforeAll(async () => {
      schema = (await buildSubgraph({ name: 'benefits', resolvers: [...figuresResolvers, ...programmeResolvers] })).schema;
    });

    it('answers staff in a fixed number of statements', async () => {
      const before = sqlStats.statements;
      const res = await exec(staff(d1), Q());
      expect(res.errors).toBeUndefined();
      expect(sqlStats.statements - before).toBeLessThanOrEqual(6);
      expect(res.data!.programmeUptake).toMatchObject({ orgId: d1.id, org: { id: d1.id }, vouchersIssued: 7, share: { orgId: d1.id, remainingQuota: 8 } });
    });

    it('keeps members and partners out', async () => {
      for (const [caller, as] of [[memberCaller(facts.add(e1)), 'members'], [partner, 'partner desks']] as const) {
        expect(firstError(await exec(caller, Q()))).toEqual(roleRefusal('programmeUptake', 'union staff and admins', as));
      }
    });
  });
});
