import { graphql } from 'graphql';
import type { DataSource } from 'typeorm';
import { newId, pathIds, type Caller } from '@lianxin/auth';
import { buildSubgraph, ErrorCode, sqlStats, type OrgInfo } from '@lianxin/subgraph';
import { chinaDate, type MemberFacts } from '@lianxin/members-client';
import { callerStub, contextFor, failure, FakeMemberFacts, firstError, freezeProcessClock, orgTree, roleRefusal, unionOutOfScope, unseen } from '@lianxin/test-kit';
import { benefitsEngines } from '../../programme/__tests__/harness';
import { AllocationRow, ProgrammeRow } from '../../programme/programme.entity';
import { ProgrammeKind, ProgrammeState } from '../../programme/programme.enums';
import { CareBatchRow, CareOccasion, CareVisitRow } from '../care.entity';
import { careBatchById, spendingOf, visitsOfBatch, type Spending } from '../care.loader';
import { careResolvers } from '../care.resolver';
import * as sut from '../care.service';
import { CreateCareBatchInput, RecordCareVisitInput } from '../care.types';

const engines = benefitsEngines('care');

/** 2030-06-15 12:00 in Beijing: fixed so batch periods do not depend on when the test runs. */
const NOW = new Date('2030-06-15T04:00:00Z');
/** The resolvers read the time themselves: the process clock stands at NOW too. */
freezeProcessClock(NOW);

describe.each(engines)('care visits (慰问) on $name', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;

  // The org tree and member facts belong to the members subgraph and are faked; the database under test is real.
  const { city, d1, d2, s1, s1b, s2, e1, e2, e3, tree, directory } = orgTree();
  const e4 = tree.add('ENTERPRISE', s1b, 'e4');

  const facts = new FakeMemberFacts(directory);
  const m1 = facts.add(e1);
  const m2 = facts.add(e2);
  const m3 = facts.add(e4);
  const m4 = facts.add(e3);
  const mS1b = facts.add(s1b);

  const { admin, staff, member, partner } = callerStub;
  const ctxOf = contextFor({ db: () => db, orgs: directory, facts });

  const batchInput = (org: OrgInfo, over: Partial<CreateCareBatchInput> = {}) =>
    Object.assign(new CreateCareBatchInput(), {
      orgId: org.id,
      name: '2030年端午慰问',
      occasion: CareOccasion.DRAGON_BOAT,
      budgetCents: 1000,
      startsOn: '2030-06-01',
      endsOn: '2030-06-30',
      ...over,
    });
  const createBatch = (caller: Caller, input: CreateCareBatchInput) => sut.createCareBatch(ctxOf(caller), input, NOW);
  const visit = (caller: Caller, batch: CareBatchRow, m: MemberFacts, costCents: number, over: Partial<RecordCareVisitInput> = {}) =>
    sut.recordCareVisit(
      ctxOf(caller),
      Object.assign(new RecordCareVisitInput(), { batchId: batch.id, memberId: m.id, items: '粽子两盒、慰问金', costCents, visitedOn: '2030-06-10', ...over }),
      NOW,
    );

  async function written() {
    const batches = await db.getRepository(CareBatchRow).find({ order: { id: 'ASC' } });
    const visits = await db.getRepository(CareVisitRow).count();
    const allocations = await db.getRepository(AllocationRow).find({ order: { id: 'ASC' } });
    return { batches, visits, allocations };
  }

  async function addProgramme(org: OrgInfo, kind: ProgrammeKind, budgetCents: number, state = ProgrammeState.ACTIVE): Promise<{ programme: ProgrammeRow; root: AllocationRow }> {
    const programme = Object.assign(new ProgrammeRow(), {
      id: newId(), orgId: org.id, orgPath: org.path, name: `${kind} 项目`, kind, sensitive: true, startsOn: '2030-01-01', endsOn: '2030-12-31',
      quota: null, budgetCents, amountCents: null, voucherValidDays: null, rulesVersion: 0, state, createdBy: 'seed', createdAt: NOW, version: 1,
    });
    const root = Object.assign(new AllocationRow(), {
      id: newId(), programmeId: programme.id, orgId: org.id, orgPath: org.path, parentId: null, quota: null, budgetCents,
      used: 0, spentCents: 0, allocatedToChildren: 0, budgetToChildren: 0, version: 1,
    });
    await db.getRepository(ProgrammeRow).insert(programme);
    await db.getRepository(AllocationRow).insert(root);
    return { programme, root };
  }

  beforeAll(async () => {
    ({ db, close } = await engine.open());
  });
  afterAll(async () => {
    await close?.();
  });

  describe('batches', () => {
    it('creates a batch run by a union in the caller\'s scope', async () => {
      const batch = await createBatch(staff(d1), batchInput(s1, { name: '  送清凉  ', occasion: CareOccasion.SUMMER_COOLING, budgetCents: 2_000_000 }));
      expect(batch).toMatchObject({ orgId: s1.id, orgPath: s1.path, name: '送清凉', occasion: CareOccasion.SUMMER_COOLING, budgetCents: 2_000_000, spentCents: 0, programmeId: null, createdBy: staff(d1).sub });
      const stored = await db.getRepository(CareBatchRow).findOneByOrFail({ id: batch.id });
      expect(stored).toMatchObject({ budgetCents: 2_000_000, spentCents: 0, startsOn: '2030-06-01', endsOn: '2030-06-30', version: 1 });
    });

    it('refuses a union out of scope (NOT_FOUND), non-staff (FORBIDDEN) and bad input, and writes nothing', async () => {
      const before = await written();
      expect(await failure(createBatch(staff(d2), batchInput(s1)))).toEqual(unionOutOfScope('orgId', s1.id));
      expect(await failure(createBatch(staff(s1), batchInput(d1)))).toEqual(unionOutOfScope('orgId', d1.id));
      const ghostOrg = newId();
      expect(await failure(createBatch(staff(d1), batchInput(d1, { orgId: ghostOrg })))).toEqual(unionOutOfScope('orgId', ghostOrg));
      expect(await failure(createBatch(member(m1), batchInput(e1)))).toEqual({ message: 'Only union staff run care batches.', extensions: { code: ErrorCode.FORBIDDEN } });
      expect(await failure(createBatch(partner, batchInput(e1)))).toEqual({ message: 'Only union staff run care batches.', extensions: { code: ErrorCode.FORBIDDEN } });
      expect(await failure(createBatch(staff(d1), batchInput(d1, { endsOn: '2030-05-31' })))).toEqual({ message: 'endsOn: 2030-05-31 is before startsOn (2030-06-01); swap them', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'endsOn' } });
      expect(await failure(createBatch(staff(d1), batchInput(d1, { startsOn: '2030-02-30' })))).toEqual({ message: 'startsOn: "2030-02-30" is not a calendar date; write it YYYY-MM-DD', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'startsOn' } });
      expect(await failure(createBatch(staff(d1), batchInput(d1, { budgetCents: -1 })))).toEqual({ message: 'budgetCents: must be a whole number of fen from 0 to 1000000000000000', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'budgetCents' } });
      expect(await failure(createBatch(staff(d1), batchInput(d1, { budgetCents: 10.5 })))).toEqual({ message: 'budgetCents: must be a whole number of fen from 0 to 1000000000000000', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'budgetCents' } });
      expect(await failure(createBatch(staff(d1), batchInput(d1, { name: '  ' })))).toEqual({ message: 'name: must not be blank', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'name' } });
      expect(await written()).toEqual(before);
    });

    it('takes a programme-funded batch\'s whole budget from the share of the batch\'s union, never past it', async () => {
      const { programme, root } = await addProgramme(d1, ProgrammeKind.CARE_VISIT, 100_000);
      // s1 holds a 30,000 fen share carved from the district's.
      const share = Object.assign(new AllocationRow(), {
        id: newId(), programmeId: programme.id, orgId: s1.id, orgPath: s1.path, parentId: root.id, quota: null, budgetCents: 30_000,
        used: 0, spentCents: 0, allocatedToChildren: 0, budgetToChildren: 0, version: 1,
      });
      await db.getRepository(AllocationRow).insert(share);
      await db.getRepository(AllocationRow).update({ id: root.id }, { budgetToChildren: 30_000 });

      const funded = await createBatch(staff(s1), batchInput(e1, { programmeId: programme.id, budgetCents: 20_000 }));
      expect(funded.programmeId).toBe(programme.id);
      expect(await db.getRepository(AllocationRow).findOneByOrFail({ id: share.id })).toMatchObject({ spentCents: 20_000, used: 0 });
      expect(await db.getRepository(AllocationRow).findOneByOrFail({ id: root.id })).toMatchObject({ spentCents: 0, budgetToChildren: 30_000 });

      const before = await written();
      expect(await failure(createBatch(staff(s1), batchInput(s1, { programmeId: programme.id, budgetCents: 15_000 })))).toEqual({
        message: 'The share of "CARE_VISIT 项目" funding this batch has only 100.00 yuan (10000 fen) left; lower the batch budget or ask the union above for more.',
        extensions: { code: 'BUDGET_EXCEEDED', remainingCents: 10_000 },
      });
      expect(await written()).toEqual(before);

      // Exactly what is left still fits; the district's own share funds a batch at d1.
      await createBatch(staff(s1), batchInput(s1, { programmeId: programme.id, budgetCents: 10_000 }));
      expect(await db.getRepository(AllocationRow).findOneByOrFail({ id: share.id })).toMatchObject({ spentCents: 30_000 });
      await createBatch(staff(d1), batchInput(d1, { programmeId: programme.id, budgetCents: 70_000 }));
      expect(await db.getRepository(AllocationRow).findOneByOrFail({ id: root.id })).toMatchObject({ spentCents: 70_000 });
      expect(await failure(createBatch(staff(d1), batchInput(s1b, { programmeId: programme.id, budgetCents: 1 })))).toEqual({ message: 'The share of "CARE_VISIT 项目" funding this batch has only 0.00 yuan (0 fen) left; lower the batch budget or ask the union above for more.', extensions: { code: 'BUDGET_EXCEEDED', remainingCents: 0 } });
    });

    it('funds only from an open care programme the caller sees, over the programme\'s area and period', async () => {
      const cinema = await addProgramme(d1, ProgrammeKind.CINEMA_VOUCHER, 100_000);
      const draft = await addProgramme(d1, ProgrammeKind.GIFT_BATCH, 100_000, ProgrammeState.DRAFT);
      const other = await addProgramme(d2, ProgrammeKind.GIFT_BATCH, 100_000);
      const gift = await addProgramme(s1, ProgrammeKind.GIFT_BATCH, 100_000);
      const before = await written();
      expect(await failure(createBatch(staff(d1), batchInput(d1, { programmeId: cinema.programme.id })))).toEqual({ message: 'programmeId: a CINEMA_VOUCHER programme cannot fund care visits; pick a CARE_VISIT or GIFT_BATCH programme', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'programmeId' } });
      expect(await failure(createBatch(staff(d1), batchInput(d1, { programmeId: draft.programme.id })))).toEqual({ message: 'The programme "GIFT_BATCH 项目" is DRAFT, not open; open it before funding batches from it.', extensions: { code: ErrorCode.INVALID_STATE } });
      expect(await failure(createBatch(staff(d1), batchInput(d1, { programmeId: other.programme.id })))).toEqual(unseen('programme', other.programme.id));
      expect(await failure(createBatch(staff(d1), batchInput(s1b, { programmeId: gift.programme.id })))).toEqual({ message: 'orgId: that union is outside the area the programme covers; run the batch at a union under the programme\'s union', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'orgId' } });
      expect(await failure(createBatch(staff(d1), batchInput(s1, { programmeId: gift.programme.id, endsOn: '2031-01-01' })))).toEqual({ message: 'startsOn: the batch must run within the programme\'s period, 2030-01-01 to 2030-12-31', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'startsOn' } });
      const ghostProgramme = newId();
      expect(await failure(createBatch(staff(d1), batchInput(s1, { programmeId: ghostProgramme })))).toEqual(unseen('programme', ghostProgramme));
      expect(await written()).toEqual(before);
    });
  });

  describe('visits against the budget', () => {
    it('records visits up to the budget; the one that would exceed it is refused and nothing is written', async () => {
      const batch = await createBatch(staff(d1), batchInput(d1, { budgetCents: 1000 }));
      for (const m of [m1, m2, m3]) {
        const v = await visit(staff(d1), batch, m, 300);
        expect(v).toMatchObject({ batchId: batch.id, memberId: m.id, orgId: d1.id, orgPath: d1.path, items: '粽子两盒、慰问金', costCents: 300, visitedOn: '2030-06-10', recordedBy: staff(d1).sub });
      }
      expect(await db.getRepository(CareBatchRow).findOneByOrFail({ id: batch.id })).toMatchObject({ spentCents: 900, version: 4 });

      const before = await written();
      expect(await failure(visit(staff(d1), batch, m1, 101))).toEqual({
        message: 'This visit costs 1.01 yuan but the batch "2030年端午慰问" has only 1.00 yuan (100 fen) left; record a smaller cost or use another batch.',
        extensions: { code: 'BUDGET_EXCEEDED', remainingCents: 100 },
      });
      expect(await written()).toEqual(before);

      await visit(staff(d1), batch, m1, 100);
      const full = await db.getRepository(CareBatchRow).findOneByOrFail({ id: batch.id });
      expect(full).toMatchObject({ spentCents: 1000, budgetCents: 1000 });
      expect(await failure(visit(staff(d1), batch, m2, 1))).toEqual({ message: 'This visit costs 0.01 yuan but the batch "2030年端午慰问" has only 0.00 yuan (0 fen) left; record a smaller cost or use another batch.', extensions: { code: 'BUDGET_EXCEEDED', remainingCents: 0 } });
      // A visit that costs nothing still fits a spent batch.
      await visit(staff(d1), batch, m2, 0);
      const visits = await db.getRepository(CareVisitRow).find({ where: { batchId: batch.id } });
      expect(visits).toHaveLength(5);
      expect(visits.reduce((s, v) => s + v.costCents, 0)).toBe(1000);
    });

    it('spends exactly up to the budget under 20 concurrent visits', async () => {
      const cost = 1_250;
      // Fits 7 visits, with room to spare for none more.
      const batch = await createBatch(staff(d1), batchInput(d1, { budgetCents: 7 * cost + cost - 1 }));
      const members = [m1, m2, m3];
      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => visit(staff(d1), batch, members[i % 3], cost)));
      const ok = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(ok).toHaveLength(7);
      expect(refused).toHaveLength(13);
      expect(refused.every((r) => (r.reason as { extensions?: { code?: string } }).extensions?.code === 'BUDGET_EXCEEDED')).toBe(true);
      const stored = await db.getRepository(CareBatchRow).findOneByOrFail({ id: batch.id });
      expect(stored.spentCents).toBe(7 * cost);
      const visits = await db.getRepository(CareVisitRow).find({ where: { batchId: batch.id } });
      expect(visits).toHaveLength(7);
      expect(visits.reduce((s, v) => s + v.costCents, 0)).toBe(stored.spentCents);
    });

    it('checks who visited whom, where and when, and writes nothing when refused', async () => {
      const batch = await createBatch(staff(d1), batchInput(s1, { budgetCents: 100_000 }));
      const before = await written();
      // A member outside the caller's scope, or not a member at all, reads as missing.
      expect(await failure(visit(staff(s1), batch, m3, 100))).toEqual(unseen('member', m3.id));
      expect(await failure(visit(staff(s1), batch, m4, 100))).toEqual(unseen('member', m4.id));
      const ghostMember = newId();
      expect(await failure(visit(staff(s1), batch, { ...m1, id: ghostMember }, 100))).toEqual(unseen('member', ghostMember));
      // s1b cannot see s1's batch; d2 cannot see it either.
      expect(await failure(visit(staff(s1b), batch, m3, 100))).toEqual(unseen('care batch', batch.id));
      expect(await failure(visit(staff(d2), batch, m4, 100))).toEqual(unseen('care batch', batch.id));
      // The district sees the batch, but s1b is not under the union running it.
      expect(await failure(visit(staff(d1), batch, m3, 100, { orgId: s1b.id }))).toEqual({ message: 'orgId: that union is not under the union running this batch; record visits of unions it covers', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'orgId' } });
      // The visiting union must be in the caller's scope, and the member under the visiting union.
      expect(await failure(visit(staff(e1), batch, m1, 100, { orgId: s1.id }))).toEqual(unionOutOfScope('orgId', s1.id));
      expect(await failure(visit(staff(s1), batch, m2, 100, { orgId: e1.id }))).toEqual({ message: 'memberId: that member belongs to a union outside the visiting union; record the visit under the union that made it', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'memberId' } });
      expect(await failure(visit(staff(s1), batch, m1, 100, { visitedOn: '2030-05-31' }))).toEqual({ message: 'visitedOn: this batch runs from 2030-06-01 to 2030-06-30; record visits made in that period', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'visitedOn' } });
      expect(await failure(visit(staff(s1), batch, m1, 100, { visitedOn: '2030-06-16' }))).toEqual({ message: 'visitedOn: 2030-06-16 is in the future (today is 2030-06-15 in Beijing); record visits once made', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'visitedOn' } });
      expect(await failure(visit(staff(s1), batch, m1, -5))).toEqual({ message: 'costCents: must be a whole number of fen from 0 to 1000000000000000', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'costCents' } });
      expect(await failure(visit(staff(s1), batch, m1, 100, { items: ' ' }))).toEqual({ message: 'items: must not be blank', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'items' } });
      expect(await failure(visit(admin, batch, m1, 100))).toEqual({ message: 'orgId: say which union made the visit', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'orgId' } });
      expect(await failure(visit(member(m1), batch, m1, 100))).toEqual({ message: 'Only union staff record care visits.', extensions: { code: ErrorCode.FORBIDDEN } });
      const ghostBatch = newId();
      expect(await failure(visit(staff(s1), { ...batch, id: ghostBatch }, m1, 100))).toEqual(unseen('care batch', ghostBatch));
      expect(await written()).toEqual(before);
      // Admins name the visiting union.
      expect(await visit(admin, batch, m1, 100, { orgId: e1.id })).toMatchObject({ orgId: e1.id, recordedBy: 'admin-1' });
    });
  });

  describe('spending per union', () => {
    let batch: CareBatchRow;
    beforeAll(async () => {
      batch = await createBatch(staff(d1), batchInput(d1, { name: '中秋慰问', occasion: CareOccasion.MID_AUTUMN, budgetCents: 1_000_000 }));
      // The district itself, two streets (one of them through its enterprise) record visits.
      await visit(staff(d1), batch, m3, 5_000);
      await visit(staff(d1), batch, m1, 2_500);
      await visit(staff(s1), batch, m1, 1_000);
      await visit(staff(s1), batch, m2, 1_100);
      await visit(staff(e1), batch, m1, 700);
      await visit(staff(e2), batch, m2, 300);
      await visit(staff(s1b), batch, m3, 4_000);
      await visit(staff(s1b), batch, mS1b, 50);
    });

    /** The breakdown computed independently from every visit row: each under the child of `anchor` it was made in. */
    async function independent(anchor: OrgInfo): Promise<Spending[]> {
      const all = await db.getRepository(CareVisitRow).find({ where: { batchId: batch.id } });
      const depth = pathIds(anchor.path).length;
      const sums = new Map<string, Spending>();
      for (const v of all.filter((x) => x.orgPath.startsWith(anchor.path))) {
        const orgId = pathIds(v.orgPath)[depth] ?? anchor.id;
        const s = sums.get(orgId) ?? { orgId, visits: 0, spentCents: 0 };
        s.visits++;
        s.spentCents += v.costCents;
        sums.set(orgId, s);
      }
      return [...sums.values()];
    }
    const sorted = (list: Spending[]) => [...list].sort((a, b) => a.orgId.localeCompare(b.orgId));

    it('breaks the batch down under the unions directly below the batch\'s union', async () => {
      const breakdown = await spendingOf(ctxOf(staff(d1))).load(batch);
      expect(sorted(breakdown)).toEqual(sorted(await independent(d1)));
      expect(sorted(breakdown)).toEqual(
        sorted([
          { orgId: d1.id, visits: 2, spentCents: 7_500 },
          { orgId: s1.id, visits: 4, spentCents: 3_100 },
          { orgId: s1b.id, visits: 2, spentCents: 4_050 },
        ]),
      );
      expect(breakdown.reduce((s, x) => s + x.spentCents, 0)).toBe((await db.getRepository(CareBatchRow).findOneByOrFail({ id: batch.id })).spentCents);
      // Largest spender first.
      expect(breakdown.map((s) => s.orgId)).toEqual([d1.id, s1b.id, s1.id]);
      expect(sorted(await spendingOf(ctxOf(admin)).load(batch))).toEqual(sorted(breakdown));
      expect(sorted(await spendingOf(ctxOf(staff(city))).load(batch))).toEqual(sorted(breakdown));
    });

    it('shows a street only its own spending, under its own unions', async () => {
      const street = await spendingOf(ctxOf(staff(s1))).load(batch);
      expect(sorted(street)).toEqual(sorted(await independent(s1)));
      expect(sorted(street)).toEqual(sorted([{ orgId: s1.id, visits: 2, spentCents: 2_100 }, { orgId: e1.id, visits: 1, spentCents: 700 }, { orgId: e2.id, visits: 1, spentCents: 300 }]));
      expect(await spendingOf(ctxOf(staff(e2))).load(batch)).toEqual([{ orgId: e2.id, visits: 1, spentCents: 300 }]);
      expect(await spendingOf(ctxOf(staff(d2))).load(batch)).toEqual([]);
      expect(await spendingOf(ctxOf(staff(e4))).load(batch)).toEqual([]);

      const seen = await visitsOfBatch(ctxOf(staff(s1))).load({ batchId: batch.id, first: 50 });
      expect(seen).toHaveLength(4);
      expect(seen.every((v) => v.orgPath.startsWith(s1.path))).toBe(true);
      expect(seen.map((v) => v.id)).toEqual([...seen.map((v) => v.id)].sort().reverse());
      expect(await visitsOfBatch(ctxOf(staff(d2))).load({ batchId: batch.id, first: 50 })).toEqual([]);
    });

    it('pages visits newest first, per batch', async () => {
      const all = await visitsOfBatch(ctxOf(staff(d1))).load({ batchId: batch.id, first: 500 });
      expect(all).toHaveLength(8);
      const first3 = await visitsOfBatch(ctxOf(staff(d1))).load({ batchId: batch.id, first: 3 });
      const next3 = await visitsOfBatch(ctxOf(staff(d1))).load({ batchId: batch.id, first: 3, after: first3[2].id });
      expect([...first3, ...next3].map((v) => v.id)).toEqual(all.slice(0, 6).map((v) => v.id));
    });

    it('lets a street see the district\'s batch and record its visits; a neighbour district sees nothing', async () => {
      const ids = async (caller: Caller, orgId?: string) => (await sut.listCareBatches(ctxOf(caller), { first: 500, orgId })).edges.map((e) => e.node.id);
      expect(await ids(staff(s1))).toContain(batch.id);
      expect(await ids(staff(e1))).toContain(batch.id);
      expect(await ids(staff(d2))).not.toContain(batch.id);
      expect(await ids(staff(d2), d1.id)).toEqual([]);
      expect(await ids(admin, s1.id)).toContain(batch.id);
      expect(await ids(admin, s2.id)).not.toContain(batch.id);
      expect(await sut.getCareBatch(ctxOf(staff(s2)), batch.id)).toBeNull();
      expect((await sut.getCareBatch(ctxOf(staff(e2)), batch.id))?.id).toBe(batch.id);
      // Members and partners never see a batch, whatever the scope.
      expect(await ids(member(m1))).toEqual([]);
      expect(await sut.getCareBatch(ctxOf(member(m1)), batch.id)).toBeNull();
      expect(await ids(partner)).toEqual([]);
      expect(await visitsOfBatch(ctxOf(member(m1))).load({ batchId: batch.id, first: 50 })).toEqual([]);
    });

    it('pages batches in org-tree order without gaps or repeats', async () => {
      const all = (await sut.listCareBatches(ctxOf(admin), { first: 500 })).edges.map((e) => e.node.id);
      const paged: string[] = [];
      let after: string | null = null;
      do {
        const page: sut.CareBatchPage = await sut.listCareBatches(ctxOf(admin), { first: 2, after });
        paged.push(...page.edges.map((e) => e.node.id));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(paged).toEqual(all);
      expect(await failure(sut.listCareBatches(ctxOf(admin), { first: 2, after: 'bm90IGEgY3Vyc29y' }))).toEqual({ message: 'after: is not a cursor from a previous page; pass pageInfo.endCursor unchanged', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'after' } });
    });

    it('reads a page of batches with its visits and spending in a fixed number of statements', async () => {
      for (const name of ['一', '二', '三', '四']) {
        const b = await createBatch(staff(d2), batchInput(d2, { name: `国庆慰问${name}`, occasion: CareOccasion.NATIONAL_DAY, budgetCents: 10_000 }));
        await visit(staff(s2), b, m4, 100);
        await visit(staff(d2), b, m4, 200);
      }
      const statementsFor = async (first: number) => {
        const ctx = ctxOf(staff(d2));
        const before = sqlStats.statements;
        const page = await sut.listCareBatches(ctx, { first, orgId: d2.id });
        const loaded = await Promise.all(page.edges.flatMap(({ node }) => [visitsOfBatch(ctx).load({ batchId: node.id, first: 10 }), spendingOf(ctx).load(node), careBatchById(ctx).load(node.id)]));
        return { n: page.edges.length, loaded: loaded.length, statements: sqlStats.statements - before };
      };
      const one = await statementsFor(1);
      const many = await statementsFor(50);
      expect(one.n).toBe(1);
      expect(many.n).toBe(4);
      expect(many.statements).toBe(one.statements);

      // The limit applies per batch, not to the page: each batch gets its own newest visit.
      const ctx = ctxOf(staff(d2));
      const page = (await sut.listCareBatches(ctx, { first: 50, orgId: d2.id })).edges.map((e) => e.node);
      const newest = await Promise.all(page.map((b) => visitsOfBatch(ctx).load({ batchId: b.id, first: 1 })));
      const all = await db.getRepository(CareVisitRow).find({ where: page.map((b) => ({ batchId: b.id })), order: { id: 'DESC' } });
      expect(newest.map((list) => list.map((v) => v.id))).toEqual(page.map((b) => [all.find((v) => v.batchId === b.id)!.id]));
    });
  });

  describe('through the schema', () => {
    it('serves a batch with its spending, visits and remaining budget, and keeps members and partners out', async () => {
      const { schema } = await buildSubgraph({ name: 'benefits', resolvers: [...careResolvers] as never });
      const exec = (caller: Caller, source: string, variableValues?: Record<string, unknown>) => graphql({ schema, source, variableValues, contextValue: ctxOf(caller) });
      const created = await exec(
        staff(s1),
        `mutation($input: CreateCareBatchInput!) { createCareBatch(input: $input) { id name occasion budgetCents spentCents remainingCents startsOn endsOn org { id } programme { id } } }`,
        { input: { orgId: s1.id, name: '送清凉', occasion: 'SUMMER_COOLING', budgetCents: 500, startsOn: '2000-01-01', endsOn: '2099-12-31' } },
      );
      expect(created.errors).toBeUndefined();
      const b = created.data!.createCareBatch as { id: string };
      expect(created.data!.createCareBatch).toEqual({ id: b.id, name: '送清凉', occasion: 'SUMMER_COOLING', budgetCents: 500, spentCents: 0, remainingCents: 500, startsOn: '2000-01-01', endsOn: '2099-12-31', org: { id: s1.id }, programme: null });

      const today = chinaDate(NOW);
      const RECORD = `mutation($input: RecordCareVisitInput!) { recordCareVisit(input: $input) { items costCents visitedOn member { id } org { id } batch { id } } }`;
      const recorded = await exec(staff(e1), RECORD, { input: { batchId: b.id, memberId: m1.id, items: '绿豆汤', costCents: 300, visitedOn: today } });
      expect(recorded.errors).toBeUndefined();
      expect(recorded.data!.recordCareVisit).toEqual({ items: '绿豆汤', costCents: 300, visitedOn: today, member: { id: m1.id }, org: { id: e1.id }, batch: { id: b.id } });
      const over = await exec(staff(s1), RECORD, { input: { batchId: b.id, memberId: m2.id, items: '绿豆汤', costCents: 201, visitedOn: today } });
      expect(firstError(over)).toEqual({
        message: 'This visit costs 2.01 yuan but the batch "送清凉" has only 2.00 yuan (200 fen) left; record a smaller cost or use another batch.',
        path: ['recordCareVisit'],
        extensions: { code: 'BUDGET_EXCEEDED', remainingCents: 200 },
      });

      const read = await exec(staff(s1), `{ careBatch(id: "${b.id}") { spentCents remainingCents spendingByOrg { org { id } visits spentCents } visits(first: 5) { edges { node { costCents org { id } } } pageInfo { hasNextPage } } } }`);
      expect(read.errors).toBeUndefined();
      expect(read.data!.careBatch).toEqual({
        spentCents: 300, remainingCents: 200, spendingByOrg: [{ org: { id: e1.id }, visits: 1, spentCents: 300 }],
        visits: { edges: [{ node: { costCents: 300, org: { id: e1.id } } }], pageInfo: { hasNextPage: false } },
      });

      for (const [caller, as] of [[member(m1), 'members'], [partner, 'partner desks']] as const) {
        const list = await exec(caller, `{ careBatches { edges { node { id } } } }`);
        expect(firstError(list)).toEqual(roleRefusal('careBatches', 'union staff and admins', as));
        const one = await exec(caller, `{ careBatch(id: "${b.id}") { id } }`);
        expect(firstError(one)).toEqual(roleRefusal('careBatch', 'union staff and admins', as));
        const write = await exec(caller, RECORD, { input: { batchId: b.id, memberId: m1.id, items: 'x', costCents: 1, visitedOn: today } });
        expect(firstError(write)).toEqual(roleRefusal('recordCareVisit', 'union staff and admins', as));
      }
    });
  });
});
