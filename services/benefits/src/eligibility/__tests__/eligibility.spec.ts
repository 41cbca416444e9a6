import { randomUUID } from 'node:crypto';
import { graphql, type GraphQLSchema } from 'graphql';
import { IsNull, type DataSource } from 'typeorm';
import { AuthorizationError } from 'type-graphql';
import { newId, type Caller } from '@lianxin/auth';
import { buildSubgraph, sqlStats, type OrgInfo } from '@lianxin/subgraph';
import { AidApplicationRow, AidState } from '../../grant/aid.entity';
import { VoucherRow, VoucherState } from '../../grant/voucher.entity';
import type { MemberFacts } from '@lianxin/members-client';
import { AllocationRow, ProgrammeRow } from '../../programme/programme.entity';
import { ProgrammeKind } from '../../programme/programme.enums';
import { allocate, takeFromAllocation } from '../../programme/allocation.service';
import * as programmes from '../../programme/programme.service';
import { CreateProgrammeInput } from '../../programme/programme.types';
import { callerStub, contextFor, FakeMemberFacts, freezeProcessClock, orgTree } from '@lianxin/test-kit';
import { beijingDay, benefitsEngines } from '../../programme/__tests__/harness';
import { answerFor, answersFor } from '../eligibility.service';
import { eligibilityResolvers } from '../eligibility.resolver';
import { Member } from '../../graph.types';

/** The code under test reads the time itself, so the clock is frozen: Beijing days in this file never turn over mid-run. */
freezeProcessClock();

const { admin, staff, member: memberCaller, partner } = callerStub;

const rules = (...requires: object[]) => ({ requires });
const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** The first day of next month on the Beijing calendar, worked out independently of the engine. */
function firstOfNextMonth(): string {
  const [y, m] = beijingDay(0).split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

describe.each(benefitsEngines('eligibility'))('eligibility on $name', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  let schema: GraphQLSchema;
  const { city, d1, d2, s1, e1, e2, e3, directory } = orgTree();
  const facts = new FakeMemberFacts(directory);
  const ctxOf = contextFor({ db: () => db, orgs: directory, facts });
  const exec = (caller: Caller, source: string, variableValues?: Record<string, unknown>) => graphql({ schema, source, variableValues, contextValue: ctxOf(caller) });

  async function programme(org: OrgInfo, requires: Record<string, unknown>, over: Partial<CreateProgrammeInput> = {}): Promise<ProgrammeRow> {
    const p = await programmes.createProgramme(
      ctxOf(admin),
      Object.assign(new CreateProgrammeInput(), {
        orgId: org.id, name: '项目', kind: ProgrammeKind.CINEMA_VOUCHER, startsOn: beijingDay(-30), endsOn: beijingDay(300), quota: 100, voucherValidDays: 30, rules: requires, ...over,
      }),
    );
    return programmes.openProgramme(ctxOf(admin), p.id);
  }

  const Q = `query($p: ID!, $m: ID, $c: ID) { eligibility(programmeId: $p, memberId: $m, childId: $c) { status reasons { code message } ruleVersion nextEligibleOn childId programmeId } }`;
  type Out = { status: string; reasons: { code: string; message: string }[]; ruleVersion: number; nextEligibleOn: string | null; childId: string | null; programmeId: string } | null;
  async function ask(caller: Caller, p: { id: string }, m?: MemberFacts | null, childId?: string): Promise<Out> {
    const res = await exec(caller, Q, { p: p.id, m: m?.id, c: childId });
    if (res.errors) throw res.errors[0];
    return res.data!.eligibility as Out;
  }
  const codes = (a: Out) => a!.reasons.map((r) => r.code);

  async function voucher(p: ProgrammeRow, m: MemberFacts, issuedAt: Date, state = VoucherState.ISSUED): Promise<void> {
    const alloc = await db.getRepository(AllocationRow).findOneByOrFail({ programmeId: p.id, parentId: IsNull() });
    await db.getRepository(VoucherRow).insert({
      id: newId(), programmeId: p.id, memberId: m.id, orgId: m.orgId, orgPath: m.orgPath, allocationId: alloc.id, code: randomUUID().replace(/-/g, '').slice(0, 20), state,
      issuedAt, expiresAt: new Date(issuedAt.getTime() + 30 * 86_400_000), redeemedAt: null, partnerId: null, limitKey: null, issuedBy: 'test', version: 1,
    });
  }

  beforeAll(async () => {
    ({ db, close } = await engine.open());
    schema = (
      await buildSubgraph({
        name: 'benefits',
        resolvers: [...eligibilityResolvers],
        // Nothing in this module returns a Member; the full schema reaches it through other modules.
        orphanedTypes: [Member],
        references: { Member: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) } },
      })
    ).schema;
  });
  afterAll(async () => close());

  describe('reasons, one rule at a time', () => {
    it('membership, subtree, employment type, hardship and model worker', async () => {
      const p = await programme(
        d1,
        rules({ type: 'membership', status: ['ACTIVE'] }, { type: 'employmentType', anyOf: ['DELIVERY_RIDER'] }, { type: 'hardship', tiers: ['DEEP'] }, { type: 'modelWorker' }),
      );
      const fits = facts.add(e1, { employmentType: 'DELIVERY_RIDER', hardshipTier: 'DEEP', modelWorker: true });
      expect(await ask(admin, p, fits)).toEqual({ status: 'ELIGIBLE', reasons: [], ruleVersion: 1, nextEligibleOn: null, childId: null, programmeId: p.id });
      const cases: [Partial<MemberFacts>, string[]][] = [
        [{ status: 'LEFT' }, ['NOT_ACTIVE_MEMBER']],
        [{ orgId: e3.id, orgPath: e3.path }, ['OUTSIDE_PROGRAMME_AREA']],
        [{ employmentType: 'REGULAR' }, ['EMPLOYMENT_TYPE_NOT_COVERED']],
        [{ hardshipTier: 'GENERAL' }, ['NOT_HARDSHIP_TIER']],
        [{ modelWorker: false }, ['NOT_MODEL_WORKER']],
        [{ status: 'RETAINED', modelWorker: false, employmentType: 'COURIER' }, ['NOT_ACTIVE_MEMBER', 'EMPLOYMENT_TYPE_NOT_COVERED', 'NOT_MODEL_WORKER']],
      ];
      for (const [over, expected] of cases) {
        const m = facts.add(e1, { employmentType: 'DELIVERY_RIDER', hardshipTier: 'DEEP', modelWorker: true, ...over });
        const a = await ask(admin, p, m);
        expect({ over, status: a!.status, codes: codes(a), next: a!.nextEligibleOn }).toEqual({ over, status: 'INELIGIBLE', codes: expected, next: null });
      }
    });

    it('a child\'s age and school stage, with NEEDS_INFO when no child or several', async () => {
      const p = await programme(d1, rules({ type: 'child', minAge: 6, maxAge: 18, stages: ['PRIMARY', 'JUNIOR_HIGH'] }, { type: 'perMemberLimit', count: 1, period: 'YEAR', per: 'CHILD' }), {
        kind: ProgrammeKind.EDUCATION_AID, amountCents: 50_000,
      });
      const none = facts.add(e1);
      expect(await ask(admin, p, none)).toMatchObject({ status: 'NEEDS_INFO', reasons: [{ code: 'NO_CHILD_RECORDED' }], childId: null });
      const [K1, K2] = [newId(), newId()];
      const twoKids = facts.add(e1, { children: [{ id: K1, birthDate: addDays(beijingDay(0), -365 * 9), schoolStage: 'PRIMARY' }, { id: K2, birthDate: addDays(beijingDay(0), -365 * 13), schoolStage: 'JUNIOR_HIGH' }] });
      expect(await ask(admin, p, twoKids)).toMatchObject({ status: 'NEEDS_INFO', reasons: [{ code: 'CHILD_REQUIRED' }] });
      expect(await ask(admin, p, twoKids, K2)).toMatchObject({ status: 'ELIGIBLE', childId: K2, reasons: [] });
      const toddler = facts.add(e1, { children: [{ id: 'T1', birthDate: addDays(beijingDay(0), -365 * 3), schoolStage: 'PRESCHOOL' }] });
      expect(await ask(admin, p, toddler)).toMatchObject({ status: 'INELIGIBLE', reasons: [{ code: 'CHILD_NOT_COVERED' }], nextEligibleOn: null });
      // Born six years ago today (Beijing): six today, so covered.
      const [y, mo, d] = beijingDay(0).split('-');
      const birthday = mo === '02' && d === '29' ? `${Number(y) - 8}-02-29` : `${Number(y) - 6}-${mo}-${d}`;
      const sixToday = facts.add(e1, { children: [{ id: 'B1', birthDate: birthday, schoolStage: 'PRIMARY' }] });
      expect(await ask(admin, p, sixToday)).toMatchObject({ status: 'ELIGIBLE', childId: 'B1' });
      // Awarded for K2 this year: K2 waits for next year, K1 does not.
      await db.getRepository(AidApplicationRow).insert({
        id: newId(), programmeId: p.id, memberId: twoKids.id, childId: K2, orgId: e1.id, orgPath: e1.path, year: Number(y), state: AidState.AWARDED, amountCents: 50_000,
        rejectReason: null, appliedBy: 'test', appliedRole: 'member', awardKey: `${p.id}:${K2}:${y}`, openKey: null, createdAt: new Date(), updatedAt: new Date(),
      });
      expect(await ask(admin, p, twoKids, K2)).toMatchObject({ status: 'INELIGIBLE', reasons: [{ code: 'LIMIT_REACHED' }], nextEligibleOn: `${Number(y) + 1}-01-01`, childId: K2 });
      expect(await ask(admin, p, twoKids, K1)).toMatchObject({ status: 'ELIGIBLE', childId: K1 });
    });

    it('a monthly limit: LIMIT_REACHED until the first of next month, Beijing time', async () => {
      const p = await programme(d1, rules({ type: 'perMemberLimit', count: 1, period: 'MONTH', per: 'MEMBER' }));
      const m = facts.add(e2);
      expect((await ask(admin, p, m))!.status).toBe('ELIGIBLE');
      // A voucher that expired gave its unit back and does not count; a live one does.
      await voucher(p, m, new Date(), VoucherState.EXPIRED);
      expect((await ask(admin, p, m))!.status).toBe('ELIGIBLE');
      await voucher(p, m, new Date());
      const a = await ask(admin, p, m);
      expect(a).toMatchObject({ status: 'INELIGIBLE', reasons: [{ code: 'LIMIT_REACHED' }], nextEligibleOn: firstOfNextMonth(), ruleVersion: 1 });
    });

    it('an exhausted quota where the member would claim: their own share and every share above it', async () => {
      const p = await programme(d1, rules({ type: 'quota' }), { quota: 3 });
      await allocate(ctxOf(admin), { programmeId: p.id, orgId: s1.id, quota: 1 });
      const inS1 = facts.add(e1);
      const elsewhere = facts.add(d1);
      expect((await ask(admin, p, inS1))!.status).toBe('ELIGIBLE');
      const s1Share = await db.getRepository(AllocationRow).findOneByOrFail({ programmeId: p.id, orgId: s1.id });
      expect(await takeFromAllocation(db.manager, s1Share.id, 1)).toBe(true);
      // s1's share is spent, but a claim there reaches up to the district's own 2.
      expect((await ask(admin, p, inS1))!.status).toBe('ELIGIBLE');
      const d1Share = await db.getRepository(AllocationRow).findOneByOrFail({ programmeId: p.id, orgId: d1.id });
      expect(await takeFromAllocation(db.manager, d1Share.id, 2)).toBe(true);
      expect(await ask(admin, p, inS1)).toMatchObject({ status: 'INELIGIBLE', reasons: [{ code: 'QUOTA_EXHAUSTED' }], nextEligibleOn: null });
      expect(await ask(admin, p, elsewhere)).toMatchObject({ status: 'INELIGIBLE', reasons: [{ code: 'QUOTA_EXHAUSTED' }] });
    });

    it('already aided by another programme: ALREADY_AIDED until the window after the award has passed', async () => {
      const aid = await programme(city, rules(), { kind: ProgrammeKind.MODEL_WORKER_AID });
      const p = await programme(d1, rules({ type: 'notAidedBy', kinds: ['MODEL_WORKER_AID'], withinDays: 365 }), { kind: ProgrammeKind.SANATORIUM });
      const m = facts.add(e1, { modelWorker: true });
      expect((await ask(admin, p, m))!.status).toBe('ELIGIBLE');
      const awardedAt = new Date(Date.now() - 40 * 86_400_000);
      await db.getRepository(AidApplicationRow).insert({
        id: newId(), programmeId: aid.id, memberId: m.id, childId: newId(), orgId: e1.id, orgPath: e1.path, year: 2030, state: AidState.DELIVERED, amountCents: 1,
        rejectReason: null, appliedBy: 'test', appliedRole: 'staff', awardKey: null, openKey: null, createdAt: awardedAt, updatedAt: awardedAt,
      });
      const a = await ask(admin, p, m);
      expect(a).toMatchObject({ status: 'INELIGIBLE', reasons: [{ code: 'ALREADY_AIDED' }] });
      expect(a!.nextEligibleOn).toBe(addDays(beijingDay(-40), 366));
    });

    it('names the rule version in force', async () => {
      const p = await programme(d1, rules());
      const m = facts.add(e1, { employmentType: 'REGULAR' });
      expect((await ask(admin, p, m))!.ruleVersion).toBe(1);
      await programmes.setProgrammeRules(ctxOf(admin), p.id, rules({ type: 'employmentType', anyOf: ['COURIER'] }));
      expect(await ask(admin, p, m)).toMatchObject({ ruleVersion: 2, status: 'INELIGIBLE', reasons: [{ code: 'EMPLOYMENT_TYPE_NOT_COVERED' }] });
    });
  });

  describe('who may ask', () => {
    let p: ProgrammeRow;
    let mine: MemberFacts;
    let other: MemberFacts;
    beforeAll(async () => {
      p = await programme(city, rules({ type: 'membership', status: ['ACTIVE'] }));
      mine = facts.add(e1);
      other = facts.add(e3);
    });

    it('answers a member about themself only', async () => {
      expect((await ask(memberCaller(mine), p))!.status).toBe('ELIGIBLE');
      expect((await ask(memberCaller(mine), p, mine))!.status).toBe('ELIGIBLE');
      expect(await ask(memberCaller(mine), p, other)).toBeNull();
    });

    it('answers staff about members in their scope, by the member\'s union today', async () => {
      expect((await ask(staff(d1), p, mine))!.status).toBe('ELIGIBLE');
      expect((await ask(staff(s1), p, mine))!.status).toBe('ELIGIBLE');
      expect(await ask(staff(d1), p, other)).toBeNull();
      expect(await ask(staff(e2), p, mine)).toBeNull();
      expect((await ask(admin, p, other))!.status).toBe('ELIGIBLE');
      expect(await ask(admin, p, { id: newId() } as MemberFacts)).toBeNull();
      const missing = await exec(staff(d1), Q, { p: p.id });
      expect(missing.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('gives null, never a hint, for a programme the caller cannot see', async () => {
      const d2p = await programme(d2, rules());
      expect(await ask(memberCaller(mine), d2p)).toBeNull();
      expect(await ask(staff(d1), d2p, mine)).toBeNull();
      expect(await ask(staff(d1), { id: newId() }, mine)).toBeNull();
      // The member of d2 sees it; admin sees every answer.
      expect((await ask(memberCaller(other), d2p))!.status).toBe('ELIGIBLE');
      expect(await ask(admin, d2p, mine)).toMatchObject({ status: 'INELIGIBLE', reasons: [{ code: 'OUTSIDE_PROGRAMME_AREA' }] });
    });

    it('refuses partners here', async () => {
      const res = await exec(partner, Q, { p: p.id, m: mine.id });
      expect(res.errors?.[0].originalError).toBeInstanceOf(AuthorizationError);
      const viaMember = await exec(partner, `query($r: [_Any!]!, $p: ID!) { _entities(representations: $r) { ... on Member { eligibility(programmeId: $p) { status } } } }`, {
        r: [{ __typename: 'Member', id: mine.id }], p: p.id,
      });
      expect(viaMember.errors).toBeUndefined();
      expect(viaMember.data!._entities).toEqual([{ eligibility: null }]);
    });

    it('returns decisions only: no member fact is part of the answer type', () => {
      const fields = Object.keys((schema.getType('EligibilityAnswer') as unknown as { getFields(): object }).getFields());
      expect(fields.sort()).toEqual(['childId', 'nextEligibleOn', 'programmeId', 'reasons', 'ruleVersion', 'status']);
    });
  });

  describe('Member.eligibility over a page', () => {
    const PAGE = `query($r: [_Any!]!, $p: ID!) { _entities(representations: $r) { ... on Member { id eligibility(programmeId: $p) { status reasons { code } ruleVersion } } } }`;

    it('asks the members subgraph once and reads a fixed number of statements, whatever the page size', async () => {
      const p = await programme(d1, rules({ type: 'membership', status: ['ACTIVE'] }, { type: 'perMemberLimit', count: 1, period: 'MONTH' }, { type: 'quota' }));
      const run = async (n: number) => {
        const page = Array.from({ length: n }, (_, i) => facts.add(i % 3 === 0 ? e3 : e1, { status: i % 2 ? 'ACTIVE' : 'LEFT' }));
        await voucher(p, page[1], new Date());
        facts.calls = [];
        const before = sqlStats.statements;
        const res = await exec(staff(d1), PAGE, { r: page.map((m) => ({ __typename: 'Member', id: m.id })), p: p.id });
        const statements = sqlStats.statements - before;
        expect(res.errors).toBeUndefined();
        expect(facts.calls).toEqual([page.map((m) => m.id)]);
        const answers = res.data!._entities as { id: string; eligibility: { status: string; reasons: { code: string }[] } | null }[];
        // Members outside d1 are invisible to d1's staff; the rest are answered one by one as answerFor would.
        for (const [i, m] of page.entries()) {
          if (m.orgPath === e3.path) expect(answers[i].eligibility).toBeNull();
          else {
            const alone = await answerFor(db.manager, (await db.getRepository(ProgrammeRow).findOneByOrFail({ id: p.id }))!, m);
            expect(answers[i].eligibility).toEqual({ status: alone.status, reasons: alone.reasons.map((r) => ({ code: r.code })), ruleVersion: 1 });
          }
        }
        expect(answers[1].eligibility).toMatchObject({ status: 'INELIGIBLE', reasons: [{ code: 'LIMIT_REACHED' }] });
        return statements;
      };
      await run(2); // parses and caches the rule version once per process
      const small = await run(4);
      const large = await run(40);
      expect(large).toBe(small);
      // programme, grants (vouchers and awards with their programmes' kinds, one statement), shares
      expect(small).toBe(3);
    });

    it('gives the same answers batched as one by one', async () => {
      const p = await programme(d1, rules({ type: 'quota' }, { type: 'notAidedBy', kinds: ['CINEMA_VOUCHER'], withinDays: 30 }), { kind: ProgrammeKind.GYM_VOUCHER, quota: 5 });
      const cinema = await programme(city, rules());
      const members = [facts.add(e1), facts.add(e2), facts.add(d1), facts.add(e3)];
      await voucher(cinema, members[0], new Date(Date.now() - 5 * 86_400_000));
      const row = await db.getRepository(ProgrammeRow).findOneByOrFail({ id: p.id });
      const batched = await answersFor(db.manager, row, members.map((f) => ({ facts: f })));
      const alone = await Promise.all(members.map((f) => answerFor(db.manager, row, f)));
      expect(batched).toEqual(alone);
      expect(batched[0].reasons.map((r) => r.code)).toEqual(['ALREADY_AIDED']);
      expect(batched[3].reasons.map((r) => r.code)).toEqual(['OUTSIDE_PROGRAMME_AREA', 'QUOTA_EXHAUSTED']);
    });
  });
});
