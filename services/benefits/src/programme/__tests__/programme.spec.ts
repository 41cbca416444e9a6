import { graphql, type GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { AuthorizationError } from 'type-graphql';
import { newId, type Caller } from '@lianxin/auth';
import { buildSubgraph, cityOf, ErrorCode, sqlStats, type OrgInfo } from '@lianxin/subgraph';
import { answerFor } from '../../eligibility/eligibility.service';
import { ReasonCode } from '../../eligibility/eligibility.engine';
import { AllocationRow, ProgrammeRow, ProgrammeRulesRow, PartnerProgrammeRow } from '../programme.entity';
import { ProgrammeKind, ProgrammeState } from '../programme.enums';
import { allocate as allocateShare, takeFromAllocation } from '../allocation.service';
import { programmeResolvers } from '../programme.resolver';
import { programmeReferences } from '../programme.reference';
import * as programmes from '../programme.service';
import { CreateProgrammeInput } from '../programme.types';
import { callerStub, code, contextFor, FakeMemberFacts, freezeProcessClock, orgTree } from '@lianxin/test-kit';
import { beijingDay, benefitsEngines } from './harness';

/** The code under test reads the time itself, so the clock is frozen: Beijing days in this file never turn over mid-run. */
freezeProcessClock();

const { admin, staff, member: memberCaller, partner } = callerStub;

const RULES = { requires: [{ type: 'membership', status: ['ACTIVE'] }, { type: 'perMemberLimit', count: 1, period: 'MONTH' }, { type: 'quota' }] };

describe.each(benefitsEngines('programme'))('programmes on $name', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  const { city, d1, d2, s1, s1b, s2, e1, e2, e3, directory, tree } = orgTree();
  const facts = new FakeMemberFacts(directory);
  const ctxOf = contextFor({ db: () => db, orgs: directory, facts });

  const input = (org: OrgInfo, over: Partial<CreateProgrammeInput> = {}): CreateProgrammeInput =>
    Object.assign(new CreateProgrammeInput(), {
      orgId: org.id,
      name: '职工观影券',
      kind: ProgrammeKind.CINEMA_VOUCHER,
      startsOn: beijingDay(-1),
      endsOn: beijingDay(60),
      quota: 100,
      budgetCents: 1_000_000,
      voucherValidDays: 30,
      rules: RULES,
      ...over,
    });
  const create = (caller: Caller, org: OrgInfo, over: Partial<CreateProgrammeInput> = {}) => programmes.createProgramme(ctxOf(caller), input(org, over));
  const allocate = (caller: Caller, programmeId: string, org: OrgInfo, quota: number | null, budgetCents: number | null = null) =>
    allocateShare(ctxOf(caller), { programmeId, orgId: org.id, quota, budgetCents });
  const share = (programmeId: string, org: OrgInfo) => db.getRepository(AllocationRow).findOneBy({ programmeId, orgId: org.id });
  const counts = async () => ({
    programmes: await db.getRepository(ProgrammeRow).count(),
    rules: await db.getRepository(ProgrammeRulesRow).count(),
    allocations: await db.getRepository(AllocationRow).count(),
  });

  beforeAll(async () => {
    ({ db, close } = await engine.open());
  });
  afterAll(async () => close());

  describe('createProgramme', () => {
    it('writes the programme, rules version 1 and the owner\'s root share', async () => {
      const p = await create(staff(d1), d1);
      expect(p).toMatchObject({ orgId: d1.id, orgPath: d1.path, state: ProgrammeState.DRAFT, rulesVersion: 1, sensitive: false, quota: 100, budgetCents: 1_000_000 });
      const stored = await db.getRepository(ProgrammeRow).findOneByOrFail({ id: p.id });
      expect(stored).toMatchObject({ rulesVersion: 1, version: 1, budgetCents: 1_000_000, startsOn: p.startsOn });
      const rules = await db.getRepository(ProgrammeRulesRow).findBy({ programmeId: p.id });
      expect(rules.map((r) => r.version)).toEqual([1]);
      expect(JSON.parse(rules[0].rules).requires.map((r: { type: string }) => r.type)).toEqual(['membership', 'perMemberLimit', 'quota']);
      const root = await share(p.id, d1);
      expect(root).toMatchObject({ parentId: null, quota: 100, budgetCents: 1_000_000, used: 0, allocatedToChildren: 0, budgetToChildren: 0, orgPath: d1.path });
    });

    it('marks sensitive by kind or by a hardship/aid rule', async () => {
      expect((await create(admin, city, { kind: ProgrammeKind.EDUCATION_AID, rules: { requires: [] } })).sensitive).toBe(true);
      expect((await create(admin, city, { rules: { requires: [{ type: 'hardship', tiers: ['DEEP'] }] } })).sensitive).toBe(true);
      expect((await create(admin, city, { rules: { requires: [{ type: 'notAidedBy', kinds: ['MODEL_WORKER_AID'], withinDays: 365 }] } })).sensitive).toBe(true);
      expect((await create(admin, city, { kind: ProgrammeKind.GYM_VOUCHER, rules: { requires: [{ type: 'modelWorker' }] } })).sensitive).toBe(false);
    });

    it('refuses an out-of-scope union with NOT_FOUND and bad input with BAD_USER_INPUT, writing nothing', async () => {
      const before = await counts();
      expect(await code(create(staff(d2), d1))).toBe(ErrorCode.NOT_FOUND);
      expect(await code(create(staff(e1), s1))).toBe(ErrorCode.NOT_FOUND);
      expect(await code(create(admin, d1, { orgId: newId() }))).toBe(ErrorCode.NOT_FOUND);
      expect(await code(create(admin, d1, { rules: { requires: [{ type: 'vip' }] } }))).toBe(ErrorCode.BAD_USER_INPUT);
      expect(await code(create(admin, d1, { rules: 'not an object' as unknown as Record<string, unknown> }))).toBe(ErrorCode.BAD_USER_INPUT);
      expect(await code(create(admin, d1, { endsOn: beijingDay(-5), startsOn: beijingDay(-10) }))).toBe(ErrorCode.BAD_USER_INPUT);
      expect(await code(create(admin, d1, { endsOn: beijingDay(1), startsOn: beijingDay(2) }))).toBe(ErrorCode.BAD_USER_INPUT);
      expect(await code(create(admin, d1, { startsOn: '2030-02-30' }))).toBe(ErrorCode.BAD_USER_INPUT);
      expect(await code(create(admin, d1, { quota: -1 }))).toBe(ErrorCode.BAD_USER_INPUT);
      expect(await code(create(admin, d1, { name: '   ' }))).toBe(ErrorCode.BAD_USER_INPUT);
      expect(await counts()).toEqual(before);
    });
  });

  describe('rules versions', () => {
    it('appends version 2 and answers name the version they used', async () => {
      const p = await create(staff(d1), d1);
      await programmes.openProgramme(ctxOf(staff(d1)), p.id);
      const m = facts.add(e1, { employmentType: 'REGULAR' });
      const v1 = await answerFor(db.manager, (await db.getRepository(ProgrammeRow).findOneByOrFail({ id: p.id }))!, m);
      expect(v1).toMatchObject({ status: 'ELIGIBLE', ruleVersion: 1 });

      const v2Rules = { requires: [{ type: 'employmentType', anyOf: ['DELIVERY_RIDER', 'COURIER'] }] };
      const updated = await programmes.setProgrammeRules(ctxOf(staff(d1)), p.id, v2Rules);
      expect(updated).toMatchObject({ rulesVersion: 2, version: 3, sensitive: false });
      const rows = await db.getRepository(ProgrammeRulesRow).find({ where: { programmeId: p.id }, order: { version: 'ASC' } });
      expect(rows.map((r) => r.version)).toEqual([1, 2]);
      expect(JSON.parse(rows[0].rules).requires).toHaveLength(3); // version 1 is kept as it was
      const v2 = await answerFor(db.manager, (await db.getRepository(ProgrammeRow).findOneByOrFail({ id: p.id }))!, m);
      expect(v2).toMatchObject({ status: 'INELIGIBLE', ruleVersion: 2 });
      expect(v2.reasons.map((r) => r.code)).toEqual([ReasonCode.EMPLOYMENT_TYPE_NOT_COVERED]);
    });

    it('lets only staff of the owning union or above change rules or state', async () => {
      const p = await create(admin, city);
      const before = await counts();
      expect(await code(programmes.setProgrammeRules(ctxOf(staff(d1)), p.id, RULES))).toBe(ErrorCode.FORBIDDEN);
      expect(await code(programmes.openProgramme(ctxOf(staff(d1)), p.id))).toBe(ErrorCode.FORBIDDEN);
      const d2p = await create(staff(d2), d2);
      expect(await code(programmes.setProgrammeRules(ctxOf(staff(d1)), d2p.id, RULES))).toBe(ErrorCode.NOT_FOUND);
      expect(await code(programmes.closeProgramme(ctxOf(staff(d1)), d2p.id))).toBe(ErrorCode.NOT_FOUND);
      expect(await code(programmes.setProgrammeRules(ctxOf(staff(d1)), p.id, { requires: 3 }))).toBe(ErrorCode.BAD_USER_INPUT);
      expect((await db.getRepository(ProgrammeRow).findOneByOrFail({ id: p.id })).rulesVersion).toBe(1);
      expect((await db.getRepository(ProgrammeRow).findOneByOrFail({ id: d2p.id })).state).toBe(ProgrammeState.DRAFT);
      expect((await counts()).rules).toBe(before.rules + 1);
    });

    it('refuses to make a programme sensitive while partners serve it, and keeps sensitivity once gained', async () => {
      const p = await create(staff(d1), d1);
      // A binding of a partner this test does not register: its city is given, as there is no partner row to take it from.
      await db.getRepository(PartnerProgrammeRow).insert({ partnerId: newId(), programmeId: p.id, city: cityOf(p.orgPath) });
      const hardship = { requires: [{ type: 'hardship', tiers: ['DEEP'] }] };
      const err = await programmes.setProgrammeRules(ctxOf(staff(d1)), p.id, hardship).catch((e) => e);
      expect(err.extensions.code).toBe(ErrorCode.BAD_USER_INPUT);
      expect(err.message).toMatch(/Unbind the partners first/);
      expect(await db.getRepository(ProgrammeRow).findOneByOrFail({ id: p.id })).toMatchObject({ rulesVersion: 1, sensitive: false, version: 1 });
      expect(await db.getRepository(ProgrammeRulesRow).countBy({ programmeId: p.id })).toBe(1);

      await db.getRepository(PartnerProgrammeRow).delete({ programmeId: p.id });
      expect((await programmes.setProgrammeRules(ctxOf(staff(d1)), p.id, hardship)).sensitive).toBe(true);
      // Relaxing the rules again does not make the hardship programme visible to partners.
      expect((await programmes.setProgrammeRules(ctxOf(staff(d1)), p.id, RULES)).sensitive).toBe(true);
      expect(await db.getRepository(ProgrammeRow).findOneByOrFail({ id: p.id })).toMatchObject({ rulesVersion: 3, sensitive: true });
    });
  });

  describe('rules against the published schema', () => {
    const EVERY_TYPE = [
      { type: 'membership', status: ['ACTIVE', 'RETAINED'] },
      { type: 'employmentType', anyOf: ['DELIVERY_RIDER'] },
      { type: 'hardship', tiers: ['DEEP'] },
      { type: 'modelWorker' },
      { type: 'child', minAge: 6, maxAge: 18, stages: ['PRIMARY'] },
      { type: 'perMemberLimit', count: 1, period: 'YEAR', per: 'CHILD' },
      { type: 'quota' },
      { type: 'notAidedBy', kinds: ['MODEL_WORKER_AID'], withinDays: 365 },
    ];
    const stored = async (id: string) =>
      (await db.getRepository(ProgrammeRulesRow).find({ where: { programmeId: id }, order: { version: 'ASC' } })).map((r) => JSON.parse(r.rules));

    it.each(EVERY_TYPE.map((r) => [r.type, r]))('stores a %s rule as sent, on create and as a new version', async (_type, rule) => {
      const requires = rule.type === 'perMemberLimit' ? [{ type: 'child' }, rule] : [rule];
      const p = await create(admin, d2, { kind: ProgrammeKind.SANATORIUM, rules: { requires } });
      await programmes.setProgrammeRules(ctxOf(admin), p.id, { requires });
      expect(await stored(p.id)).toEqual([{ requires }, { requires }]);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['a mistyped number', { requires: [{ type: 'quota' }, { type: 'perMemberLimit', count: '1', period: 'MONTH' }] }, 'rules.requires[1].count: must be a whole number from 1 to 1000 (got "1")'],
      ['an unknown rule type', { requires: [{ type: 'vip' }] }, 'rules.requires[0].type: "vip" is not a rule type'],
      ['minAge above maxAge', { requires: [{ type: 'child', minAge: 12, maxAge: 6 }] }, 'rules.requires[0].minAge: 12 is above maxAge (6); swap them'],
    ])('refuses %s with the JSON path, creating and changing nothing', async (_label, bad, message) => {
      const p = await create(staff(d1), d1);
      const before = await counts();
      for (const attempt of [create(staff(d1), d1, { rules: bad }), programmes.setProgrammeRules(ctxOf(staff(d1)), p.id, bad)]) {
        const err = await attempt.catch((e: unknown) => e as { message: string; extensions: { code: string; field: string } });
        expect(err).toMatchObject({ extensions: { code: ErrorCode.BAD_USER_INPUT, field: message.slice(0, message.indexOf(':')) } });
        expect((err as { message: string }).message.startsWith(message)).toBe(true);
      }
      expect(await counts()).toEqual(before);
      expect(await db.getRepository(ProgrammeRow).findOneByOrFail({ id: p.id })).toMatchObject({ rulesVersion: 1, version: 1 });
    });
  });

  describe('state', () => {
    it('opens a draft, closes it for good, and names the wrong moment with INVALID_STATE', async () => {
      const p = await create(staff(d1), d1);
      const ctx = () => ctxOf(staff(d1));
      expect((await programmes.openProgramme(ctx(), p.id)).state).toBe(ProgrammeState.ACTIVE);
      expect(await code(programmes.openProgramme(ctx(), p.id))).toBe(ErrorCode.INVALID_STATE);
      expect((await programmes.closeProgramme(ctx(), p.id)).state).toBe(ProgrammeState.CLOSED);
      expect(await code(programmes.closeProgramme(ctx(), p.id))).toBe(ErrorCode.INVALID_STATE);
      expect(await code(programmes.openProgramme(ctx(), p.id))).toBe(ErrorCode.INVALID_STATE);
      expect(await code(programmes.setProgrammeRules(ctx(), p.id, RULES))).toBe(ErrorCode.INVALID_STATE);
      expect(await code(allocate(staff(d1), p.id, s1, 1, 1))).toBe(ErrorCode.INVALID_STATE);
      expect(await db.getRepository(ProgrammeRow).findOneByOrFail({ id: p.id })).toMatchObject({ state: ProgrammeState.CLOSED, version: 3 });
    });
  });

  describe('allocations', () => {
    it('carves children out of their parent and never past what the parent has left', async () => {
      const p = await create(admin, city);
      expect(await allocate(staff(city), p.id, d1, 60, 600_000)).toMatchObject({ orgId: d1.id, quota: 60, parentId: (await share(p.id, city))!.id });
      expect(await share(p.id, city)).toMatchObject({ allocatedToChildren: 60, budgetToChildren: 600_000 });
      const before = await counts();
      const err = await allocate(staff(city), p.id, d2, 41, 100).catch((e) => e);
      expect(err.extensions).toMatchObject({ code: ErrorCode.BAD_USER_INPUT, field: 'quota', max: 40 });
      expect(err.message).toMatch(/at most 40 unit/);
      // Clients read the room left from extensions.max, for quota and budget alike.
      expect((await allocate(staff(city), p.id, d2, 10, 400_001).catch((e) => e)).extensions).toMatchObject({ code: ErrorCode.BAD_USER_INPUT, field: 'budgetCents', max: 400_000 });
      expect(await counts()).toEqual(before);
      await allocate(staff(city), p.id, d2, 40, 400_000);
      expect(await share(p.id, city)).toMatchObject({ allocatedToChildren: 100, budgetToChildren: 1_000_000 });

      // d1 hands on from its own share only.
      await allocate(staff(d1), p.id, s1, 30, 100_000);
      expect(await code(allocate(staff(d1), p.id, s1b, 31, 0))).toBe(ErrorCode.BAD_USER_INPUT);
      await allocate(staff(d1), p.id, s1b, 30, 0);
      expect(await share(p.id, d1)).toMatchObject({ allocatedToChildren: 60, budgetToChildren: 100_000 });
      // A street allocates from its own share down to its enterprises.
      await allocate(staff(s1), p.id, e1, 5, 1_000);
      expect(await share(p.id, s1)).toMatchObject({ allocatedToChildren: 5, budgetToChildren: 1_000 });
    });

    it('resizes a share by its whole new size and never below what it issued or handed on', async () => {
      const p = await create(admin, city);
      await allocate(admin, p.id, d1, 50, 0);
      await allocate(staff(d1), p.id, s1, 20, 0);
      await allocate(staff(s1), p.id, e1, 5, 0);
      const s1Share = (await share(p.id, s1))!;
      for (let i = 0; i < 10; i++) expect(await takeFromAllocation(db.manager, s1Share.id, 1)).toBe(true);
      // s1 issued 10 and handed 5 to e1: 15 is its floor.
      const err = await allocate(staff(d1), p.id, s1, 14, 0).catch((e) => e);
      expect(err.extensions).toMatchObject({ code: ErrorCode.BAD_USER_INPUT, field: 'quota', min: 15 });
      expect(err.message).toMatch(/15 unit/);
      expect(await share(p.id, s1)).toMatchObject({ quota: 20 });
      expect(await share(p.id, d1)).toMatchObject({ allocatedToChildren: 20 });
      await allocate(staff(d1), p.id, s1, 15, 0);
      expect(await share(p.id, s1)).toMatchObject({ quota: 15, used: 10, allocatedToChildren: 5 });
      expect(await share(p.id, d1)).toMatchObject({ allocatedToChildren: 15 });
      // Growing takes from the parent again.
      await allocate(staff(d1), p.id, s1, 50, 0);
      expect(await share(p.id, d1)).toMatchObject({ allocatedToChildren: 50 });
      expect(await code(allocate(staff(d1), p.id, s1, 51, 0))).toBe(ErrorCode.BAD_USER_INPUT);
    });

    it('keeps shares to the owner\'s subtree and to the caller\'s own share', async () => {
      const p = await create(staff(d1), d1, { budgetCents: null });
      const cityP = await create(admin, city, { budgetCents: null });
      const before = await counts();
      expect(await code(allocate(staff(d2), p.id, s1, 1))).toBe(ErrorCode.NOT_FOUND); // d1's programme is invisible to d2
      expect(await code(allocate(staff(d1), p.id, d1, 1))).toBe(ErrorCode.BAD_USER_INPUT); // the owner holds the root share
      expect(await code(allocate(admin, p.id, e3, 1))).toBe(ErrorCode.BAD_USER_INPUT); // outside the programme's area
      expect(await code(allocate(staff(d1), cityP.id, s2, 1))).toBe(ErrorCode.NOT_FOUND); // not in d1's scope
      expect(await code(allocate(staff(d1), cityP.id, s1, 1))).toBe(ErrorCode.FORBIDDEN); // d1 holds no share of the city's programme
      expect(await code(allocate(staff(d1), p.id, s1, 1, 5))).toBe(ErrorCode.BAD_USER_INPUT); // the programme has no budget
      expect(await code(allocate(staff(d1), p.id, s1, null))).toBe(ErrorCode.BAD_USER_INPUT); // but it has a quota
      expect(await counts()).toEqual(before);

      await allocate(admin, cityP.id, d1, 10);
      // d1 cannot resize its own share: it was carved from the city's.
      expect(await code(allocate(staff(d1), cityP.id, d1, 20))).toBe(ErrorCode.FORBIDDEN);
      await allocate(staff(d1), cityP.id, s1, 10);
      expect(await code(allocate(staff(d1), cityP.id, e1, 11))).toBe(ErrorCode.BAD_USER_INPUT); // s1 holds only 10
      // A share between existing ones would leave those carved from the wrong parent.
      await allocate(admin, cityP.id, e3, 1);
      expect(await code(allocate(admin, cityP.id, d2, 5))).toBe(ErrorCode.BAD_USER_INPUT);
      expect(await share(cityP.id, d1)).toMatchObject({ quota: 10, allocatedToChildren: 10 });
    });

    if (engine.name === 'mariadb') {
      it('never over-allocates a parent under concurrent allocate calls', async () => {
        const districts = Array.from({ length: 20 }, (_, i) => {
          return tree.add('DISTRICT', city, `x${i}`);
        });
        const p = await create(admin, city, { quota: 100, budgetCents: 1_000 });
        const results = await Promise.allSettled(districts.map((d) => allocate(admin, p.id, d, 10, 50)));
        const won = results.filter((r) => r.status === 'fulfilled').length;
        const lost = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.extensions?.code);
        expect(won).toBe(10);
        expect(new Set(lost)).toEqual(new Set([ErrorCode.BAD_USER_INPUT]));
        const root = (await share(p.id, city))!;
        const children = await db.getRepository(AllocationRow).findBy({ parentId: root.id });
        expect(children).toHaveLength(10);
        expect(root).toMatchObject({ allocatedToChildren: 100, budgetToChildren: 500 });
        expect(children.reduce((s, c) => s + c.quota!, 0)).toBe(100);
      });

      it('keeps parent and child in step when one share is resized concurrently and claimed from', async () => {
        const p = await create(admin, city, { quota: 100, budgetCents: null });
        await allocate(admin, p.id, d1, 10);
        const d1Share = (await share(p.id, d1))!;
        const sizes = [5, 40, 12, 70, 3, 25, 90, 8, 60, 15];
        const claims = Array.from({ length: 15 }, () => takeFromAllocation(db.manager, d1Share.id, 1));
        const resizes = sizes.map((q) => allocate(admin, p.id, d1, q).then(() => q));
        const settled = await Promise.allSettled([...resizes, ...claims]);
        expect(settled.filter((r) => r.status === 'rejected').every((r) => [ErrorCode.BAD_USER_INPUT, ErrorCode.CONFLICT].includes((r as PromiseRejectedResult).reason.extensions?.code))).toBe(true);
        const root = (await share(p.id, city))!;
        const child = (await share(p.id, d1))!;
        expect(root.allocatedToChildren).toBe(child.quota);
        expect(child.used + child.allocatedToChildren).toBeLessThanOrEqual(child.quota!);
        expect(child.used).toBe((await Promise.all(claims)).filter(Boolean).length);
      });
    }
  });

  describe('scope', () => {
    let cityP: ProgrammeRow;
    let d1P: ProgrammeRow;
    let d2P: ProgrammeRow;
    let s1P: ProgrammeRow;
    beforeAll(async () => {
      cityP = await create(admin, city, { name: '全市观影' });
      d1P = await create(staff(d1), d1, { name: '一区游泳', kind: ProgrammeKind.SWIMMING_VOUCHER });
      d2P = await create(staff(d2), d2, { name: '二区健身', kind: ProgrammeKind.GYM_VOUCHER });
      s1P = await create(staff(s1), s1, { name: '街道体检', kind: ProgrammeKind.HEALTH_CHECK });
    });
    const ids = async (caller: Caller, args: Partial<Parameters<typeof programmes.listProgrammes>[1]> = {}) =>
      (await programmes.listProgrammes(ctxOf(caller), { first: 500, ...args })).edges.map((e) => e.node.id);

    it('shows a district its own programmes and the city\'s, not the other district\'s', async () => {
      const seen = await ids(staff(d1));
      expect(seen).toEqual(expect.arrayContaining([cityP.id, d1P.id, s1P.id]));
      expect(seen).not.toContain(d2P.id);
      expect(await programmes.getProgramme(ctxOf(staff(d1)), d2P.id)).toBeNull();
      expect((await programmes.getProgramme(ctxOf(staff(d1)), cityP.id))?.id).toBe(cityP.id);
      // The other district sees the city's, not d1's nor s1's.
      const other = await ids(staff(d2));
      expect(other).toEqual(expect.arrayContaining([cityP.id, d2P.id]));
      expect(other).not.toContain(d1P.id);
      expect(other).not.toContain(s1P.id);
      // A street sees what is handed down to it, not its district's sibling streets' programmes.
      expect(await ids(staff(s1b))).not.toContain(s1P.id);
    });

    it('shows a member only the open programmes covering them', async () => {
      const me = memberCaller(facts.add(e1));
      // Drafts are the staff's work in progress: a member sees none until they open.
      const before = await ids(me);
      for (const draft of [cityP, d1P, s1P]) expect(before).not.toContain(draft.id);
      // Programmes of its own, so the later tests keep their drafts.
      const open = async (caller: Caller, org: OrgInfo, name: string) => {
        const p = await create(caller, org, { name });
        await programmes.openProgramme(ctxOf(caller), p.id);
        return p;
      };
      const cityOpen = await open(admin, city, '全市观影(开放)');
      const d1Open = await open(staff(d1), d1, '一区游泳(开放)');
      const s1Open = await open(staff(s1), s1, '街道体检(开放)');
      const d2Open = await open(staff(d2), d2, '二区健身(开放)');
      const seen = await ids(me);
      expect(seen).toEqual(expect.arrayContaining([cityOpen.id, d1Open.id, s1Open.id]));
      expect(seen).not.toContain(d2Open.id);
      for (const draft of [cityP, d1P, s1P]) expect(seen).not.toContain(draft.id);
      const rows = (await programmes.listProgrammes(ctxOf(me), { first: 500 })).edges.map((e) => e.node);
      expect(rows.every((p) => e1.path.startsWith(p.orgPath) && p.state === ProgrammeState.ACTIVE)).toBe(true);
      expect(await programmes.getProgramme(ctxOf(me), d2Open.id)).toBeNull();
      const elsewhere = memberCaller(facts.add(e3));
      expect(await ids(elsewhere)).not.toContain(d1Open.id);
      expect(await ids(elsewhere)).toContain(d2Open.id);
    });

    it('leaves out of a member\'s list an active programme that has ended or not yet begun; staff still see both', async () => {
      const me = memberCaller(facts.add(e1));
      const opened = async (name: string, startsOn: string, endsOn: string) => {
        const p = await create(staff(d1), d1, { name, startsOn: beijingDay(-1), endsOn: beijingDay(60) });
        await programmes.openProgramme(ctxOf(staff(d1)), p.id);
        // Days pass: the dates are moved behind the API's back, as the calendar would.
        await db.getRepository(ProgrammeRow).update({ id: p.id }, { startsOn, endsOn });
        return p;
      };
      const ended = await opened('一区游泳(已结束)', beijingDay(-30), beijingDay(-1));
      const upcoming = await opened('一区游泳(未开始)', beijingDay(1), beijingDay(30));
      const lastDay = await opened('一区游泳(今天截止)', beijingDay(-30), beijingDay(0));
      const firstDay = await opened('一区游泳(今天开始)', beijingDay(0), beijingDay(30));
      const seen = await ids(me);
      expect(seen).not.toContain(ended.id);
      expect(seen).not.toContain(upcoming.id);
      expect(seen).toEqual(expect.arrayContaining([lastDay.id, firstDay.id]));
      expect(await ids(staff(d1))).toEqual(expect.arrayContaining([ended.id, upcoming.id, lastDay.id, firstDay.id]));
      // The member still reaches an ended programme by id (a voucher of theirs points to it).
      expect((await programmes.getProgramme(ctxOf(me), ended.id))?.id).toBe(ended.id);
    });

    it('shows partners nothing here', async () => {
      expect(await ids(partner)).toEqual([]);
      expect(await programmes.getProgramme(ctxOf(partner), cityP.id)).toBeNull();
    });

    it('narrows by union, kind and state', async () => {
      const atS1 = await ids(staff(d1), { orgId: s1.id });
      expect(atS1).toEqual(expect.arrayContaining([s1P.id, d1P.id, cityP.id])); // what applies at s1
      expect(atS1).not.toContain(d2P.id);
      expect(await ids(staff(d1), { orgId: d2.id })).toEqual([]); // a union out of scope finds nothing
      expect(await ids(admin, { kind: ProgrammeKind.HEALTH_CHECK, orgId: s1.id })).toEqual([s1P.id]);
      await programmes.openProgramme(ctxOf(staff(d1)), d1P.id);
      expect(await ids(staff(d1), { state: ProgrammeState.ACTIVE, orgId: d1.id, kind: ProgrammeKind.SWIMMING_VOUCHER })).toEqual([d1P.id]);
    });

    it('pages in org-tree order without gaps or repeats', async () => {
      const all = await ids(admin);
      const paged: string[] = [];
      let after: string | null = null;
      do {
        const page: programmes.ProgrammePage = await programmes.listProgrammes(ctxOf(admin), { first: 3, after });
        paged.push(...page.edges.map((e) => e.node.id));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(paged).toEqual(all);
      expect(new Set(paged).size).toBe(paged.length);
      expect(await code(programmes.listProgrammes(ctxOf(admin), { first: 2, after: 'bm90IGEgY3Vyc29y' }))).toBe(ErrorCode.BAD_USER_INPUT);
    });
  });

  describe('through the schema', () => {
    let schema: GraphQLSchema;
    const exec = (caller: Caller, source: string, variableValues?: Record<string, unknown>) => graphql({ schema, source, variableValues, contextValue: ctxOf(caller) });
    beforeAll(async () => {
      schema = (await buildSubgraph({ name: 'benefits', resolvers: [...programmeResolvers], references: programmeReferences })).schema;
    });

    const CREATE = `mutation($input: CreateProgrammeInput!) { createProgramme(input: $input) { id name kind state quota budgetCents rulesVersion sensitive rules org { id } } }`;
    const gqlInput = (org: OrgInfo) => ({ orgId: org.id, name: '夏季游泳', kind: 'SWIMMING_VOUCHER', startsOn: beijingDay(0), endsOn: beijingDay(30), quota: 20, rules: RULES });

    it('creates, allocates and reads a programme with its shares and remaining quota', async () => {
      const created = await exec(staff(d1), CREATE, { input: gqlInput(d1) });
      expect(created.errors).toBeUndefined();
      const p = created.data!.createProgramme as { id: string; rules: { requires: unknown[] } };
      expect(created.data!.createProgramme).toMatchObject({ kind: 'SWIMMING_VOUCHER', state: 'DRAFT', quota: 20, budgetCents: null, rulesVersion: 1, sensitive: false, org: { id: d1.id } });
      expect(p.rules).toEqual({ requires: [...RULES.requires.slice(0, 1), { ...RULES.requires[1], per: 'MEMBER' }, RULES.requires[2]] });

      const alloc = await exec(staff(d1), `mutation { allocate(programmeId: "${p.id}", orgId: "${s1.id}", quota: 8) { orgId quota remainingQuota org { id } programme { id } } }`);
      expect(alloc.errors).toBeUndefined();
      expect(alloc.data!.allocate).toEqual({ orgId: s1.id, quota: 8, remainingQuota: 8, org: { id: s1.id }, programme: { id: p.id } });

      const q = `{ programme(id: "${p.id}") { rules allocations { orgId quota used allocatedToChildren remainingQuota } remainingQuota atS1: remainingQuota(orgId: "${s1.id}") atE2: remainingQuota(orgId: "${e2.id}") atD2: remainingQuota(orgId: "${d2.id}") } }`;
      const asD1 = await exec(staff(d1), q);
      expect(asD1.errors).toBeUndefined();
      expect(asD1.data!.programme).toMatchObject({
        allocations: [
          { orgId: d1.id, quota: 20, used: 0, allocatedToChildren: 8, remainingQuota: 12 },
          { orgId: s1.id, quota: 8, used: 0, allocatedToChildren: 0, remainingQuota: 8 },
        ],
        remainingQuota: 12,
        // e2 claims from s1's share, and once it is spent, from d1's own: 8 + 12.
        atS1: 20,
        atE2: 20,
        atD2: null, // out of scope and outside the programme
      });
      // s1b's staff see their chain (d1's root) but not s1's sibling share.
      const asS1b = await exec(staff(s1b), q);
      expect((asS1b.data!.programme as { allocations: { orgId: string }[] }).allocations.map((a) => a.orgId)).toEqual([d1.id]);
      expect((asS1b.data!.programme as { remainingQuota: number }).remainingQuota).toBe(12);

      const asMember = await exec(memberCaller(facts.add(e2)), `{ programme(id: "${p.id}") { id rules allocations { id } remainingQuota } }`);
      expect(asMember.errors).toBeUndefined();
      expect(asMember.data!.programme).toEqual({ id: p.id, rules: null, allocations: null, remainingQuota: 20 });
    });

    it('takes and gives rules as a JSON object, and refuses bad ones with their path before writing', async () => {
      const SET = 'mutation($p: ID!, $r: JSONObject!) { setProgrammeRules(programmeId: $p, rules: $r) { rulesVersion rules } }';
      const p = await create(staff(d1), d1);
      // Written inline, as a GraphQL object: no JSON inside a string, no escaping.
      const inline = await exec(staff(d1), `mutation { setProgrammeRules(programmeId: "${p.id}", rules: { requires: [{ type: "employmentType", anyOf: ["COURIER"] }] }) { rulesVersion rules } }`);
      expect(inline.errors).toBeUndefined();
      expect(inline.data!.setProgrammeRules).toEqual({ rulesVersion: 2, rules: { requires: [{ type: 'employmentType', anyOf: ['COURIER'] }] } });

      const before = await counts();
      const bad = await exec(staff(d1), SET, { p: p.id, r: { requires: [{ type: 'child', minAge: 'six' }] } });
      expect(bad.errors?.[0]).toMatchObject({ message: 'rules.requires[0].minAge: must be a whole number from 0 to 30 (got "six")', extensions: { code: 'BAD_USER_INPUT', field: 'rules.requires[0].minAge' } });
      const created = await exec(staff(d1), CREATE, { input: { ...gqlInput(d1), rules: { requires: [{ type: 'membership' }] } } });
      expect(created.errors?.[0]).toMatchObject({ message: 'rules.requires[0].status: is missing (the statuses that qualify); add it', extensions: { code: 'BAD_USER_INPUT' } });
      // The old form, JSON in a string, is not an object: GraphQL refuses it before any resolver runs.
      const asString = await exec(staff(d1), SET, { p: p.id, r: JSON.stringify(RULES) });
      expect(asString.errors?.[0].message).toMatch(/JSONObject cannot represent non-object value/);
      expect(await counts()).toEqual(before);
      expect(await db.getRepository(ProgrammeRow).findOneByOrFail({ id: p.id })).toMatchObject({ rulesVersion: 2 });

      // Every version stays readable, oldest first; the refused ones left no trace. Members read none.
      const HISTORY = `{ programme(id: "${p.id}") { ruleHistory { version rules createdAt } } }`;
      const history = (await exec(staff(d1), HISTORY)).data!.programme as { ruleHistory: { version: number; rules: unknown; createdAt: string }[] };
      expect(history.ruleHistory.map((v) => [v.version, v.rules])).toEqual([
        [1, { requires: [...RULES.requires.slice(0, 1), { ...RULES.requires[1], per: 'MEMBER' }, RULES.requires[2]] }],
        [2, { requires: [{ type: 'employmentType', anyOf: ['COURIER'] }] }],
      ]);
      expect(history.ruleHistory.every((v) => !Number.isNaN(Date.parse(v.createdAt)))).toBe(true);
      expect((await exec(memberCaller(facts.add(e1)), HISTORY)).data!.programme).toEqual({ ruleHistory: null });
      expect((await exec(staff(d2), HISTORY)).data!.programme).toBeNull();
    });

    it('reads a page with its rules, shares and remaining quota in a fixed number of statements', async () => {
      for (let i = 0; i < 12; i++) {
        const p = await create(staff(s1), s1, { kind: ProgrammeKind.FREE_CLASS, name: `课程 ${i}` });
        await allocate(staff(s1), p.id, e1, 3, 0);
      }
      const page = async (first: number) => {
        const before = sqlStats.statements;
        const res = await exec(staff(s1), `{ programmes(first: ${first}, kind: FREE_CLASS) { edges { node { id rules ruleHistory { version } allocations { orgId remainingQuota org { id } } remainingQuota atE1: remainingQuota(orgId: "${e1.id}") org { id } } } } }`);
        expect(res.errors).toBeUndefined();
        const nodes = (res.data!.programmes as { edges: { node: { rules: { requires: unknown[] }; allocations: unknown[]; remainingQuota: number; atE1: number } }[] }).edges.map((e) => e.node);
        expect(nodes).toHaveLength(first);
        // e1's own 3, then s1's own 97: a claim at e1 reaches up once its share is spent.
        expect(nodes.every((n) => n.allocations.length === 2 && n.remainingQuota === 97 && n.atE1 === 100 && n.rules.requires.length === 3)).toBe(true);
        return sqlStats.statements - before;
      };
      const small = await page(2);
      expect(await page(12)).toBe(small);
      // page, rules, rule history, shares, then nearest shares once per distinct orgId argument (default and e1)
      expect(small).toBe(6);
    });

    it('resolves Programme references in the caller\'s scope', async () => {
      const p = await create(staff(d2), d2);
      const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Programme { id name } } }`;
      const r = [{ __typename: 'Programme', id: p.id }];
      expect((await exec(staff(d2), q, { r })).data!._entities).toEqual([{ id: p.id, name: p.name }]);
      expect((await exec(staff(d1), q, { r })).data!._entities).toEqual([null]);
    });

    it('keeps members and partners out of writes, and partners out of reads', async () => {
      const p = await create(staff(d1), d1);
      for (const caller of [memberCaller(facts.add(e1)), partner]) {
        for (const source of [
          `mutation { openProgramme(programmeId: "${p.id}") { id } }`,
          `mutation { setProgrammeRules(programmeId: "${p.id}", rules: { requires: [] }) { id } }`,
          `mutation { allocate(programmeId: "${p.id}", orgId: "${s1.id}", quota: 1) { id } }`,
        ]) {
          expect((await exec(caller, source)).errors?.[0].originalError).toBeInstanceOf(AuthorizationError);
        }
        expect((await exec(caller, CREATE, { input: gqlInput(d1) })).errors?.[0].originalError).toBeInstanceOf(AuthorizationError);
      }
      expect((await exec(partner, `{ programmes { edges { node { id } } } }`)).errors?.[0].originalError).toBeInstanceOf(AuthorizationError);
      expect((await exec(partner, `{ programme(id: "${p.id}") { id } }`)).errors?.[0].originalError).toBeInstanceOf(AuthorizationError);
      expect(await db.getRepository(ProgrammeRow).findOneByOrFail({ id: p.id })).toMatchObject({ state: ProgrammeState.DRAFT, rulesVersion: 1 });
    });
  });
});
