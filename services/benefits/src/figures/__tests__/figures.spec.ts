import { randomUUID } from 'node:crypto';
import { graphql, type GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { AuthorizationError } from 'type-graphql';
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
import { admin, beijingDay, benefitsEngines, contextFor, FakeFacts, memberCaller, orgTree, partner, staff } from '../../programme/__tests__/harness';
import { programmeUptake } from '../figures.service';
import { figuresResolvers } from '../figures.resolver';
import { programmeResolvers } from '../../programme/programme.resolver';

describe.each(benefitsEngines('figures'))('programme figures on $name', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  const { city, d1, d2, s1, s1b, e1, e3, directory } = orgTree();
  const facts = new FakeFacts();
  const ctxOf = contextFor(() => db, directory, facts);
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

  async function vouchers(programme: ProgrammeRow, org: OrgInfo, states: VoucherState[]): Promise<void> {
    const alloc = await shareOf(programme, city);
    for (const state of states) {
      await db.getRepository(VoucherRow).insert({
        id: newId(), programmeId: programme.id, memberId: newId(), orgId: org.id, orgPath: org.path, allocationId: alloc.id, code: randomUUID().replace(/-/g, '').slice(0, 20), state,
        issuedAt: new Date(), expiresAt: new Date(Date.now() + 86_400_000), redeemedAt: null, partnerId: null, limitKey: null, issuedBy: 'test', version: 1,
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
    expect(await programmeUptake(ctxOf(admin), p.id)).toMatchObject({
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
    const u = await programmeUptake(ctxOf(staff(d1)), p.id);
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
    const street = await programmeUptake(ctxOf(staff(d1)), p.id, s1.id);
    expect(street).toMatchObject({ orgId: s1.id, vouchersIssued: 7, children: [{ orgId: e1.id, allocatedQuota: 5, used: 1, remaining: 4 }] });
    // An enterprise with no share of its own claims from the street's.
    expect((await programmeUptake(ctxOf(staff(s1b)), p.id))!.share).toMatchObject({ orgId: s1b.id });
    expect(await programmeUptake(ctxOf(admin), p.id, e3.id)).toMatchObject({ vouchersIssued: 2, share: { orgId: d2.id }, children: [] });
  });

  it('gives null for a union or programme out of scope', async () => {
    expect(await programmeUptake(ctxOf(staff(d1)), p.id, d2.id)).toBeNull();
    expect(await programmeUptake(ctxOf(staff(d1)), p.id, newId())).toBeNull();
    const d2Only = await create(d2);
    expect(await programmeUptake(ctxOf(staff(d1)), d2Only.id)).toBeNull();
    expect(await programmeUptake(ctxOf(staff(d1)), newId())).toBeNull();
    // d2 sees only its own part of the city's programme.
    expect(await programmeUptake(ctxOf(staff(d2)), p.id)).toMatchObject({ orgId: d2.id, vouchersIssued: 2, aidAwarded: 1, careVisits: 1, careSpentCents: 300 });
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
      for (const caller of [memberCaller(facts.add(e1)), partner]) {
        expect((await exec(caller, Q())).errors?.[0].originalError).toBeInstanceOf(AuthorizationError);
      }
    });
  });
});
