import { graphql } from 'graphql';
import type { DataSource } from 'typeorm';
import { newId, type Caller } from '@lianxin/auth';
import { buildSubgraph, ErrorCode, type OrgInfo } from '@lianxin/subgraph';
import { SchoolStage, type MemberFacts } from '@lianxin/members-client';
import { callerStub, contextFor, failure, FakeMemberFacts, firstError, orgTree, roleRefusal, unseen } from '@lianxin/test-kit';
import { benefitsEngines } from '../../programme/__tests__/harness';
import { AllocationRow, ProgrammeRow, ProgrammeRulesRow } from '../../programme/programme.entity';
import { ProgrammeKind, ProgrammeState } from '../../programme/programme.enums';
import { AidApplicationRow, AidEventRow, AidState } from '../../grant/aid.entity';
import { eventsOfAid } from '../aid.loader';
import { aidResolvers } from '../aid.resolver';
import * as sut from '../aid.service';
import { ApplyForEducationAidInput } from '../aid.types';

const engines = benefitsEngines('aid');

/** 2030-09-10 12:00 in Beijing (金秋: the autumn term). */
const NOW = new Date('2030-09-10T04:00:00Z');
const later = (minutes: number, from = NOW) => new Date(from.getTime() + minutes * 60_000);
/** 2030-12-31 23:30 UTC is already 2031 in Beijing: the aid year follows the Beijing calendar. */
const NEXT_YEAR = new Date('2030-12-31T23:30:00Z');

/** 金秋助学: active members' children aged 6-18, one award per child per year. */
const RULES = {
  requires: [
    { type: 'membership', status: ['ACTIVE'] },
    { type: 'child', minAge: 6, maxAge: 18 },
    { type: 'perMemberLimit', count: 1, period: 'YEAR', per: 'CHILD' },
  ],
};

describe.each(engines)('education aid (金秋助学) on $name', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;

  // The org tree and member facts belong to the members subgraph and are faked; the database under test is real.
  const { city, d1, d2, s1, s1b, e1, e2, e3, tree, directory } = orgTree();
  const e4 = tree.add('ENTERPRISE', s1b, 'e4');

  const facts = new FakeMemberFacts(directory);
  const child = (birthDate: string) => ({ id: newId(), birthDate, schoolStage: SchoolStage.PRIMARY });
  /** A member with a primary-school child, under the general hardship tier unless `over` says otherwise. */
  const addMember = (org: OrgInfo, children: MemberFacts['children'] = [child('2020-03-01')], over: Partial<MemberFacts> = {}): MemberFacts =>
    facts.add(org, { name: '李娜', hardshipTier: 'GENERAL', children, ...over });

  const { admin, staff, member, partner } = callerStub;
  const ctxOf = contextFor({ db: () => db, orgs: directory, facts });

  async function addProgramme(opts: { org?: OrgInfo; quota?: number | null; budgetCents?: number | null; amountCents?: number | null; rules?: object; kind?: ProgrammeKind; state?: ProgrammeState; startsOn?: string; endsOn?: string } = {}) {
    const org = opts.org ?? d1;
    const quota = opts.quota === undefined ? 100 : opts.quota;
    const budgetCents = opts.budgetCents === undefined ? 5_000_000 : opts.budgetCents;
    const programme = Object.assign(new ProgrammeRow(), {
      id: newId(), orgId: org.id, orgPath: org.path, name: '2030年金秋助学', kind: opts.kind ?? ProgrammeKind.EDUCATION_AID, sensitive: true,
      startsOn: opts.startsOn ?? '2030-01-01', endsOn: opts.endsOn ?? '2031-12-31', quota, budgetCents, amountCents: opts.amountCents === undefined ? 50_000 : opts.amountCents,
      voucherValidDays: null, rulesVersion: 1, state: opts.state ?? ProgrammeState.ACTIVE, createdBy: 'seed', createdAt: NOW, version: 1,
    });
    const root = Object.assign(new AllocationRow(), {
      id: newId(), programmeId: programme.id, orgId: org.id, orgPath: org.path, parentId: null, quota, budgetCents,
      used: 0, spentCents: 0, allocatedToChildren: 0, budgetToChildren: 0, version: 1,
    });
    await db.getRepository(ProgrammeRow).insert(programme);
    await db.getRepository(ProgrammeRulesRow).insert({ programmeId: programme.id, version: 1, rules: JSON.stringify(opts.rules ?? RULES), createdBy: 'seed', createdAt: NOW });
    await db.getRepository(AllocationRow).insert(root);
    return { programme, root };
  }

  const apply = (caller: Caller, programme: ProgrammeRow, childId: string, memberId?: string, now = NOW) =>
    sut.applyForEducationAid(ctxOf(caller), Object.assign(new ApplyForEducationAidInput(), { programmeId: programme.id, childId, memberId }), now);
  const check = (caller: Caller, app: AidApplicationRow, approve: boolean, note?: string, now = later(10)) => sut.checkAidApplication(ctxOf(caller), app.id, approve, note, now);
  const review = (caller: Caller, app: AidApplicationRow, award: boolean, reason?: string, now = later(20)) => sut.reviewAidApplication(ctxOf(caller), app.id, award, reason, now);
  const deliver = (caller: Caller, app: AidApplicationRow, note?: string, now = later(30)) => sut.markAidDelivered(ctxOf(caller), app.id, note, now);
  const stored = (app: AidApplicationRow) => db.getRepository(AidApplicationRow).findOneByOrFail({ id: app.id });
  const history = (app: AidApplicationRow) => db.getRepository(AidEventRow).find({ where: { applicationId: app.id }, order: { id: 'ASC' } });

  async function written() {
    const applications = await db.getRepository(AidApplicationRow).find({ order: { id: 'ASC' } });
    const events = await db.getRepository(AidEventRow).count();
    const allocations = await db.getRepository(AllocationRow).find({ order: { id: 'ASC' } });
    return { applications, events, allocations };
  }

  beforeAll(async () => {
    ({ db, close } = await engine.open());
  });
  afterAll(async () => {
    await close?.();
  });

  describe('the flow', () => {
    it('goes apply → enterprise check → district review → awarded → delivered, with its ledger', async () => {
      const { programme, root } = await addProgramme();
      const m = addMember(e1);
      const before = facts.forgotten.length;
      const app = await apply(member(m), programme, m.children[0].id);
      expect(facts.forgotten).toEqual([...facts.forgotten.slice(0, before), m.id]); // decided on fresh facts
      expect(app).toMatchObject({
        programmeId: programme.id, memberId: m.id, childId: m.children[0].id, orgId: e1.id, orgPath: e1.path, year: 2030, state: AidState.APPLIED,
        amountCents: null, rejectReason: null, appliedBy: `member-${m.id}`, appliedRole: 'member', awardKey: null, openKey: `${programme.id}:${m.children[0].id}:2030`,
      });

      const checked = await check(staff(e1), app, true, '材料齐全');
      expect(checked).toMatchObject({ state: AidState.ENTERPRISE_CHECKED, version: 2 });
      expect(await stored(app)).toMatchObject({ state: AidState.ENTERPRISE_CHECKED, version: 2, amountCents: null });

      const awarded = await review(staff(d1), app, true);
      expect(awarded).toMatchObject({ state: AidState.AWARDED, amountCents: 50_000, awardKey: `${programme.id}:${m.children[0].id}:2030`, version: 3 });
      expect(await stored(app)).toMatchObject({ state: AidState.AWARDED, amountCents: 50_000, awardKey: `${programme.id}:${m.children[0].id}:2030`, version: 3 });
      expect(await db.getRepository(AllocationRow).findOneByOrFail({ id: root.id })).toMatchObject({ used: 1, spentCents: 50_000 });

      const delivered = await deliver(staff(e1), app, '书包文具已送达');
      expect(delivered.state).toBe(AidState.DELIVERED);
      const row = await stored(app);
      expect(row).toMatchObject({ state: AidState.DELIVERED, amountCents: 50_000, version: 4 });
      expect(row.updatedAt.getTime()).toBe(Math.floor(later(30).getTime() / 1000) * 1000);

      const events = await history(app);
      expect(events.map((e) => [e.fromState, e.toState, e.actorRole, e.actorOrgId, e.note])).toEqual([
        [null, AidState.APPLIED, 'member', e1.id, null],
        [AidState.APPLIED, AidState.ENTERPRISE_CHECKED, 'staff', e1.id, '材料齐全'],
        [AidState.ENTERPRISE_CHECKED, AidState.AWARDED, 'staff', d1.id, null],
        [AidState.AWARDED, AidState.DELIVERED, 'staff', e1.id, '书包文具已送达'],
      ]);
      expect(events.map((e) => e.actorSub)).toEqual([`member-${m.id}`, staff(e1).sub, staff(d1).sub, staff(e1).sub]);
      // The loader reads the same ledger, and the member sees their own.
      expect((await eventsOfAid(ctxOf(member(m))).load(app.id)).map((e) => e.toState)).toEqual([AidState.APPLIED, AidState.ENTERPRISE_CHECKED, AidState.AWARDED, AidState.DELIVERED]);
      expect((await sut.getAidApplication(ctxOf(member(m)), app.id))?.state).toBe(AidState.DELIVERED);
    });

    it('lets district staff deliver and admins review', async () => {
      const { programme } = await addProgramme({ org: city });
      const m = addMember(e4);
      const app = await apply(staff(e4), programme, m.children[0].id, m.id);
      expect(app).toMatchObject({ appliedRole: 'staff', appliedBy: staff(e4).sub });
      await check(staff(e4), app, true);
      await review(admin, app, true, '优先');
      await deliver(staff(d1), app);
      expect((await history(app)).map((e) => [e.toState, e.actorRole])).toEqual([
        [AidState.APPLIED, 'staff'],
        [AidState.ENTERPRISE_CHECKED, 'staff'],
        [AidState.AWARDED, 'admin'],
        [AidState.DELIVERED, 'staff'],
      ]);
    });
  });

  describe('rejection', () => {
    it('rejects at the enterprise check with a reason; the child may apply again', async () => {
      const { programme } = await addProgramme();
      const m = addMember(e2);
      const app = await apply(member(m), programme, m.children[0].id);
      const before = await written();
      expect(await failure(check(staff(e2), app, false))).toEqual({ message: 'note: give the reason; the member is told it', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'note' } });
      expect(await failure(check(staff(e2), app, false, '   '))).toEqual({ message: 'note: give the reason; the member is told it', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'note' } });
      expect(await written()).toEqual(before);

      const rejected = await check(staff(e2), app, false, '缺少在读证明');
      expect(rejected).toMatchObject({ state: AidState.REJECTED, rejectReason: '缺少在读证明', openKey: null });
      expect(await stored(app)).toMatchObject({ state: AidState.REJECTED, rejectReason: '缺少在读证明', openKey: null, awardKey: null, amountCents: null });
      expect((await history(app)).map((e) => [e.fromState, e.toState, e.note])).toEqual([
        [null, AidState.APPLIED, null],
        [AidState.APPLIED, AidState.REJECTED, '缺少在读证明'],
      ]);
      // Rejected is final for that application, and frees the child for a new one.
      expect(await failure(check(staff(e2), app, true))).toEqual({ message: 'This application is REJECTED; only a APPLIED application can be checked.', extensions: { code: ErrorCode.INVALID_STATE } });
      const again = await apply(member(m), programme, m.children[0].id, undefined, later(60));
      expect(again).toMatchObject({ state: AidState.APPLIED, openKey: `${programme.id}:${m.children[0].id}:2030` });
    });

    it('rejects at the district review with a reason, and takes nothing from the share', async () => {
      const { programme, root } = await addProgramme();
      const m = addMember(e1);
      const app = await apply(member(m), programme, m.children[0].id);
      await check(staff(e1), app, true);
      const before = await written();
      expect(await failure(review(staff(d1), app, false))).toEqual({ message: 'reason: give the reason; the member is told it', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'reason' } });
      expect(await written()).toEqual(before);
      const rejected = await review(staff(d1), app, false, '家庭收入超出标准');
      expect(rejected).toMatchObject({ state: AidState.REJECTED, rejectReason: '家庭收入超出标准' });
      expect(await stored(app)).toMatchObject({ state: AidState.REJECTED, rejectReason: '家庭收入超出标准', openKey: null, awardKey: null, amountCents: null });
      expect(await db.getRepository(AllocationRow).findOneByOrFail({ id: root.id })).toMatchObject({ used: 0, spentCents: 0 });
      expect(await failure(deliver(staff(d1), app))).toEqual({ message: 'This application is REJECTED; only a AWARDED application can be marked delivered.', extensions: { code: ErrorCode.INVALID_STATE } });
    });
  });

  describe('one award per child per year', () => {
    async function awarded(caller: Caller, programme: ProgrammeRow, m: MemberFacts, childId: string, now = NOW) {
      const app = await apply(caller, programme, childId, caller.role === 'member' ? undefined : m.id, now);
      await check(staff(tree.byId(m.orgId)!), app, true, undefined, later(1, now));
      return review(staff(d1), app, true, undefined, later(2, now));
    }

    it('refuses a second application for an awarded child this year; another child, or next year, is fine', async () => {
      const { programme } = await addProgramme();
      const m = addMember(e1, [child('2019-05-01'), child('2016-10-01')]);
      const [first, second] = m.children;
      await awarded(member(m), programme, m, first.id);

      const before = await written();
      const limitReached = {
        message: 'Not eligible (INELIGIBLE, rules version 1): LIMIT_REACHED: Limit of 1 a year for this child reached. Eligible again from 2031-01-01.',
        extensions: { code: 'NOT_ELIGIBLE', status: 'INELIGIBLE', reasons: ['LIMIT_REACHED'], ruleVersion: 1, nextEligibleOn: '2031-01-01' },
      };
      expect(await failure(apply(member(m), programme, first.id, undefined, later(60)))).toEqual(limitReached);
      expect(await failure(apply(staff(e1), programme, first.id, m.id, later(61)))).toEqual({ message: 'Not eligible (INELIGIBLE, rules version 1): LIMIT_REACHED: Limit of 1 a year for this child reached. Eligible again from 2031-01-01.', extensions: { code: 'NOT_ELIGIBLE', nextEligibleOn: '2031-01-01', reasons: ['LIMIT_REACHED'], ruleVersion: 1, status: 'INELIGIBLE' } });
      expect(await written()).toEqual(before);

      expect((await awarded(member(m), programme, m, second.id, later(90))).state).toBe(AidState.AWARDED);
      // 07:30 on 2031-01-01 in Beijing: a new aid year.
      const next = await awarded(member(m), programme, m, first.id, NEXT_YEAR);
      expect(next).toMatchObject({ state: AidState.AWARDED, year: 2031, awardKey: `${programme.id}:${first.id}:2031` });
    });

    it('keeps one live application per child and year even without a limit rule', async () => {
      const { programme } = await addProgramme({ rules: { requires: [{ type: 'membership', status: ['ACTIVE'] }] } });
      const m = addMember(e1);
      const app = await apply(member(m), programme, m.children[0].id);
      const before = await written();
      expect(await failure(apply(staff(s1), programme, m.children[0].id, m.id, later(5)))).toEqual({
        message: 'This child already has an education aid application for 2030 in this programme that is open or awarded: each child gets one award a year. Follow that application; a new one can be made only after a rejection.',
        extensions: { code: ErrorCode.DUPLICATE, field: 'childId' },
      });
      await check(staff(e1), app, true);
      await review(staff(d1), app, true);
      expect(await failure(apply(member(m), programme, m.children[0].id, undefined, later(60)))).toEqual({ message: 'This child already has an education aid application for 2030 in this programme that is open or awarded: each child gets one award a year. Follow that application; a new one can be made only after a rejection.', extensions: { code: ErrorCode.DUPLICATE, field: 'childId' } });
      expect((await written()).applications.length).toBe(before.applications.length);
    });

    it('lets only one of two racing applications for the same child through', async () => {
      const { programme } = await addProgramme();
      const m = addMember(e1);
      const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => apply(i % 2 ? member(m) : staff(e1), programme, m.children[0].id, i % 2 ? undefined : m.id)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const codes = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason as { extensions?: { code?: string } }).extensions?.code);
      expect(codes).toEqual(Array(5).fill(ErrorCode.DUPLICATE));
      expect(await db.getRepository(AidApplicationRow).count({ where: { programmeId: programme.id } })).toBe(1);
    });

    it('refuses a second award for a child (the award key), leaving everything as it was', async () => {
      const { programme, root } = await addProgramme({ rules: { requires: [] } });
      const m = addMember(e1);
      const app = await apply(member(m), programme, m.children[0].id);
      await check(staff(e1), app, true);
      // An award made for the same child and year outside this application (e.g. imported from paper records).
      await db.getRepository(AidApplicationRow).insert(
        Object.assign(new AidApplicationRow(), {
          ...app, id: newId(), state: AidState.DELIVERED, amountCents: 50_000, openKey: null, awardKey: `${programme.id}:${m.children[0].id}:2030`, appliedBy: 'import', version: 1,
        }),
      );
      const before = await written();
      expect(await failure(review(staff(d1), app, true))).toEqual({
        message: 'This child has already been awarded education aid in this programme for this year; each child gets one award a year. Reject this application with that reason.',
        extensions: { code: ErrorCode.DUPLICATE },
      });
      expect(await written()).toEqual(before);
      expect(await stored(app)).toMatchObject({ state: AidState.ENTERPRISE_CHECKED, awardKey: null, version: 2 });
      expect(await db.getRepository(AllocationRow).findOneByOrFail({ id: root.id })).toMatchObject({ used: 0, spentCents: 0 });
    });
  });

  describe('quota and budget', () => {
    it('awards while the share lasts; then QUOTA_EXHAUSTED or BUDGET_EXCEEDED and nothing changes', async () => {
      const { programme, root } = await addProgramme({ quota: 1, budgetCents: 80_000, rules: { requires: [] } });
      const [a, b] = [addMember(e1), addMember(e2)];
      const appA = await apply(member(a), programme, a.children[0].id);
      const appB = await apply(member(b), programme, b.children[0].id);
      await check(staff(e1), appA, true);
      await check(staff(e2), appB, true);
      await review(staff(d1), appA, true);
      const before = await written();
      expect(await failure(review(staff(d1), appB, true))).toEqual({
        message: 'No awards are left in the share of "2030年金秋助学" covering this member\'s union; ask the union above for more, or reject with that reason.',
        extensions: { code: 'QUOTA_EXHAUSTED', remainingQuota: 0 },
      });
      expect(await written()).toEqual(before);
      expect(await stored(appB)).toMatchObject({ state: AidState.ENTERPRISE_CHECKED, amountCents: null, awardKey: null });
      expect(await db.getRepository(AllocationRow).findOneByOrFail({ id: root.id })).toMatchObject({ used: 1, spentCents: 50_000 });

      // Room for units but not for the money.
      await db.getRepository(AllocationRow).update({ id: root.id }, { quota: 5 });
      expect(await failure(review(staff(d1), appB, true))).toEqual({
        message: 'The award is 500.00 yuan but the share of "2030年金秋助学" covering this member\'s union has only 300.00 yuan (30000 fen) left; ask the union above for more.',
        extensions: { code: 'BUDGET_EXCEEDED', remainingCents: 30_000 },
      });
      expect(await stored(appB)).toMatchObject({ state: AidState.ENTERPRISE_CHECKED, version: 2 });
      // The district can still reject it with that reason.
      expect((await review(staff(d1), appB, false, '名额已满')).state).toBe(AidState.REJECTED);
    });

    it('takes the award from the share nearest the member\'s union', async () => {
      const { programme, root } = await addProgramme({ quota: 10, budgetCents: 500_000 });
      const share = Object.assign(new AllocationRow(), {
        id: newId(), programmeId: programme.id, orgId: s1.id, orgPath: s1.path, parentId: root.id, quota: 2, budgetCents: 100_000,
        used: 0, spentCents: 0, allocatedToChildren: 0, budgetToChildren: 0, version: 1,
      });
      await db.getRepository(AllocationRow).insert(share);
      await db.getRepository(AllocationRow).update({ id: root.id }, { allocatedToChildren: 2, budgetToChildren: 100_000 });
      const m = addMember(e2);
      const app = await apply(member(m), programme, m.children[0].id);
      await check(staff(e2), app, true);
      await review(staff(d1), app, true);
      expect(await db.getRepository(AllocationRow).findOneByOrFail({ id: share.id })).toMatchObject({ used: 1, spentCents: 50_000 });
      expect(await db.getRepository(AllocationRow).findOneByOrFail({ id: root.id })).toMatchObject({ used: 0, spentCents: 0 });
    });

    it('pays the programme\'s amount as it is when awarded, and needs one', async () => {
      const { programme } = await addProgramme({ amountCents: null });
      const m = addMember(e1);
      const app = await apply(member(m), programme, m.children[0].id);
      await check(staff(e1), app, true);
      expect(await failure(review(staff(d1), app, true))).toEqual({ message: 'The programme "2030年金秋助学" has no award amount set; ask the union running it to set one before awarding.', extensions: { code: ErrorCode.INVALID_STATE } });
      await db.getRepository(ProgrammeRow).update({ id: programme.id }, { amountCents: 80_000 });
      expect((await review(staff(d1), app, true)).amountCents).toBe(80_000);
    });
  });

  describe('who may do what, and when', () => {
    it('refuses the wrong person (FORBIDDEN), the wrong moment (INVALID_STATE) and the unseen (NOT_FOUND), changing nothing', async () => {
      const { programme } = await addProgramme();
      const m = addMember(e1);
      const app = await apply(member(m), programme, m.children[0].id);
      const before = await written();
      // The street and the district see the application but do not check it; neither does the member, or an admin.
      for (const caller of [staff(s1), staff(d1), staff(city), member(m), admin]) expect(await failure(check(caller, app, true))).toEqual({ message: 'Only staff of the member\'s enterprise union can check this application.', extensions: { code: ErrorCode.FORBIDDEN } });
      expect(await failure(check(staff(e2), app, true))).toEqual(unseen('aid application', app.id));
      expect(await failure(check(staff(d2), app, true))).toEqual(unseen('aid application', app.id));
      expect(await failure(check(partner, app, true))).toEqual(unseen('aid application', app.id));
      expect(await failure(check(member(addMember(e1)), app, true))).toEqual(unseen('aid application', app.id));
      const ghostApp = newId();
      expect(await failure(check(staff(e1), { ...app, id: ghostApp }, true))).toEqual(unseen('aid application', ghostApp));
      expect(await failure(review(staff(d1), app, true))).toEqual({ message: 'This application is APPLIED; only a ENTERPRISE_CHECKED application can be reviewed.', extensions: { code: ErrorCode.INVALID_STATE } });
      expect(await failure(deliver(staff(e1), app))).toEqual({ message: 'This application is APPLIED; only a AWARDED application can be marked delivered.', extensions: { code: ErrorCode.INVALID_STATE } });
      expect(await written()).toEqual(before);

      await check(staff(e1), app, true);
      const checked = await written();
      for (const caller of [staff(e1), staff(s1), staff(city), member(m)]) expect(await failure(review(caller, app, true))).toEqual({ message: 'Only staff of the district union above the member\'s union can review this application.', extensions: { code: ErrorCode.FORBIDDEN } });
      expect(await failure(review(staff(d2), app, true))).toEqual(unseen('aid application', app.id));
      expect(await failure(check(staff(e1), app, true))).toEqual({ message: 'This application is ENTERPRISE_CHECKED; only a APPLIED application can be checked.', extensions: { code: ErrorCode.INVALID_STATE } });
      expect(await failure(deliver(staff(d1), app))).toEqual({ message: 'This application is ENTERPRISE_CHECKED; only a AWARDED application can be marked delivered.', extensions: { code: ErrorCode.INVALID_STATE } });
      expect(await written()).toEqual(checked);

      await review(staff(d1), app, true);
      const awardedState = await written();
      for (const caller of [staff(s1), admin, member(m)]) expect(await failure(deliver(caller, app))).toEqual({ message: 'Only staff of the member\'s enterprise union or of its district union can deliver this application.', extensions: { code: ErrorCode.FORBIDDEN } });
      expect(await failure(review(staff(d1), app, true))).toEqual({ message: 'This application is AWARDED; only a ENTERPRISE_CHECKED application can be reviewed.', extensions: { code: ErrorCode.INVALID_STATE } });
      expect(await failure(review(staff(d1), app, false, '重复'))).toEqual({ message: 'This application is AWARDED; only a ENTERPRISE_CHECKED application can be reviewed.', extensions: { code: ErrorCode.INVALID_STATE } });
      expect(await written()).toEqual(awardedState);
    });

    it('lets exactly one of two concurrent checks through', async () => {
      const { programme } = await addProgramme();
      const m = addMember(e1);
      const app = await apply(member(m), programme, m.children[0].id);
      const results = await Promise.allSettled([check(staff(e1), app, true), check(staff(e1), app, false, '不符合'), check(staff(e1), app, true)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect([ErrorCode.CONFLICT, ErrorCode.INVALID_STATE]).toContain((r.reason as { extensions: { code: string } }).extensions.code);
      const row = await stored(app);
      expect(row.version).toBe(2);
      expect(await history(app)).toHaveLength(2);
    });

    it('lets staff apply only for members in their scope, and members only for themselves', async () => {
      const { programme } = await addProgramme();
      const m = addMember(e1);
      const other = addMember(e1);
      const before = await written();
      expect(await failure(apply(staff(d2), programme, m.children[0].id, m.id))).toEqual(unseen('member', m.id));
      expect(await failure(apply(staff(e4), programme, m.children[0].id, m.id))).toEqual(unseen('member', m.id));
      const ghostMember = newId();
      expect(await failure(apply(staff(e1), programme, m.children[0].id, ghostMember))).toEqual(unseen('member', ghostMember));
      expect(await failure(apply(member(other), programme, m.children[0].id, m.id))).toEqual(unseen('member', m.id));
      expect(await failure(apply(staff(e1), programme, m.children[0].id))).toEqual({ message: 'memberId: say which member you apply for', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'memberId' } });
      expect(await failure(apply(partner, programme, m.children[0].id, m.id))).toEqual({ message: 'Only members and union staff apply for education aid.', extensions: { code: ErrorCode.FORBIDDEN } });
      expect(await written()).toEqual(before);
      expect((await apply(staff(s1), programme, m.children[0].id, m.id)).appliedRole).toBe('staff');
      expect((await apply(admin, programme, other.children[0].id, other.id)).appliedRole).toBe('admin');
    });

    it('refuses an ineligible member or child with the reason codes, and a programme that is not open aid', async () => {
      const { programme } = await addProgramme();
      const draft = await addProgramme({ state: ProgrammeState.DRAFT });
      const cinema = await addProgramme({ kind: ProgrammeKind.CINEMA_VOUCHER });
      const d2Programme = await addProgramme({ org: d2 });
      const grown = addMember(e1, [child('2008-01-01')]);
      const left = addMember(e1, undefined, { status: 'LEFT' });
      const childless = addMember(e1, []);
      const ok = addMember(e1);
      const before = await written();

      const ineligible = (reason: string, why: string) => ({
        message: `Not eligible (INELIGIBLE, rules version 1): ${reason}: ${why}`,
        extensions: { code: 'NOT_ELIGIBLE', status: 'INELIGIBLE', reasons: [reason], ruleVersion: 1, nextEligibleOn: null },
      });
      expect(await failure(apply(member(grown), programme, grown.children[0].id))).toEqual(ineligible('CHILD_NOT_COVERED', 'The child\'s age or school stage is not covered.'));
      expect(await failure(apply(staff(e1), programme, left.children[0].id, left.id))).toEqual(ineligible('NOT_ACTIVE_MEMBER', 'Membership must be ACTIVE.'));
      expect(await failure(apply(member(childless), programme, newId()))).toEqual({ message: 'childId: is not a child recorded for this member; pick one of theirs, or ask the union to record the child first', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'childId' } });
      expect(await failure(apply(member(ok), programme, grown.children[0].id))).toEqual({ message: 'childId: is not a child recorded for this member; pick one of theirs, or ask the union to record the child first', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'childId' } });
      expect(await failure(apply(member(ok), draft.programme, ok.children[0].id))).toEqual({ message: 'The programme "2030年金秋助学" is DRAFT and takes no applications now.', extensions: { code: ErrorCode.INVALID_STATE } });
      expect(await failure(apply(member(ok), cinema.programme, ok.children[0].id))).toEqual({ message: 'programmeId: is a CINEMA_VOUCHER programme; apply to an EDUCATION_AID programme', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'programmeId' } });
      // A programme of another district is not one the member can see.
      expect(await failure(apply(member(ok), d2Programme.programme, ok.children[0].id))).toEqual(unseen('programme', d2Programme.programme.id));
      const ghostProgramme = newId();
      expect(await failure(apply(member(ok), { ...programme, id: ghostProgramme }, ok.children[0].id))).toEqual(unseen('programme', ghostProgramme));
      expect(await written()).toEqual(before);
    });
  });

  describe('reading', () => {
    it('lists applications in scope: staff their subtree, members their own, partners nothing', async () => {
      const { programme } = await addProgramme({ org: city, rules: { requires: [] } });
      const [a, b, c] = [addMember(e1), addMember(e4), addMember(e3)];
      const appA = await apply(member(a), programme, a.children[0].id);
      const appB = await apply(member(b), programme, b.children[0].id);
      const appC = await apply(member(c), programme, c.children[0].id);
      await check(staff(e4), appB, false, '资料不全');
      const ids = async (caller: Caller, args: Partial<Parameters<typeof sut.listAidApplications>[1]> = {}) =>
        (await sut.listAidApplications(ctxOf(caller), { first: 500, programmeId: programme.id, ...args })).edges.map((e) => e.node.id);

      expect((await ids(admin)).sort()).toEqual([appA.id, appB.id, appC.id].sort());
      expect((await ids(staff(d1))).sort()).toEqual([appA.id, appB.id].sort());
      expect(await ids(staff(d1), { orgId: s1b.id })).toEqual([appB.id]);
      expect(await ids(staff(d1), { state: AidState.REJECTED })).toEqual([appB.id]);
      expect(await ids(staff(d1), { orgId: d2.id })).toEqual([]);
      expect(await ids(staff(e3))).toEqual([appC.id]);
      expect(await ids(member(a))).toEqual([appA.id]);
      expect(await ids(member(a), { programmeId: undefined })).toEqual([appA.id]);
      expect(await ids(partner)).toEqual([]);
      expect(await sut.getAidApplication(ctxOf(partner), appA.id)).toBeNull();
      expect(await sut.getAidApplication(ctxOf(member(b)), appA.id)).toBeNull();
      expect(await sut.getAidApplication(ctxOf(staff(d2)), appA.id)).toBeNull();
      expect(await eventsOfAid(ctxOf(staff(d2))).load(appA.id)).toEqual([]);
      expect(await eventsOfAid(ctxOf(partner)).load(appA.id)).toEqual([]);

      const paged: string[] = [];
      let after: string | null = null;
      do {
        const page: sut.AidPage = await sut.listAidApplications(ctxOf(admin), { first: 2, after });
        paged.push(...page.edges.map((e) => e.node.id));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(paged).toEqual((await sut.listAidApplications(ctxOf(admin), { first: 500 })).edges.map((e) => e.node.id));
    });

    it('serves the flow through the schema and keeps partners out entirely', async () => {
      const { schema } = await buildSubgraph({ name: 'benefits', resolvers: [...aidResolvers] as never });
      const exec = (caller: Caller, source: string, variableValues?: Record<string, unknown>) => graphql({ schema, source, variableValues, contextValue: ctxOf(caller) });
      const { programme } = await addProgramme({ startsOn: '2000-01-01', endsOn: '2099-12-31', rules: { requires: [] } });
      const m = addMember(e1);
      const FIELDS = 'id state year amountCents rejectReason childId programme { id name } member { id } org { id } history { fromState toState actorRole actorOrgId note }';
      const applied = await exec(member(m), `mutation($input: ApplyForEducationAidInput!) { applyForEducationAid(input: $input) { ${FIELDS} } }`, {
        input: { programmeId: programme.id, childId: m.children[0].id },
      });
      expect(applied.errors).toBeUndefined();
      const app = applied.data!.applyForEducationAid as { id: string; year: number };
      expect(applied.data!.applyForEducationAid).toEqual({
        id: app.id, state: 'APPLIED', year: app.year, amountCents: null, rejectReason: null, childId: m.children[0].id,
        programme: { id: programme.id, name: programme.name }, member: { id: m.id }, org: { id: e1.id },
        history: [{ fromState: null, toState: 'APPLIED', actorRole: 'member', actorOrgId: e1.id, note: null }],
      });
      const stepsNow = async (caller: Caller) => ((await exec(caller, `{ aidApplication(id: "${app.id}") { allowedSteps } }`)).data!.aidApplication as { allowedSteps: string[] }).allowedSteps;
      // Each step is offered to exactly the union that takes it, and only at its moment.
      expect([await stepsNow(staff(e1)), await stepsNow(staff(d1)), await stepsNow(admin)]).toEqual([['CHECK'], [], []]);
      const checked = await exec(staff(e1), `mutation { checkAidApplication(id: "${app.id}", approve: true, note: "ok") { state allowedSteps } }`);
      expect(checked.data).toEqual({ checkAidApplication: { state: 'ENTERPRISE_CHECKED', allowedSteps: [] } });
      expect([await stepsNow(staff(e1)), await stepsNow(staff(d1)), await stepsNow(admin)]).toEqual([[], ['REVIEW'], ['REVIEW']]);
      const wrong = await exec(staff(e1), `mutation { reviewAidApplication(id: "${app.id}", award: true) { state } }`);
      expect(firstError(wrong)).toEqual({ message: 'Only staff of the district union above the member\'s union can review this application.', path: ['reviewAidApplication'], extensions: { code: ErrorCode.FORBIDDEN } });
      const reviewed = await exec(staff(d1), `mutation { reviewAidApplication(id: "${app.id}", award: true) { state amountCents history { toState } } }`);
      expect(reviewed.data).toEqual({ reviewAidApplication: { state: 'AWARDED', amountCents: 50_000, history: [{ toState: 'APPLIED' }, { toState: 'ENTERPRISE_CHECKED' }, { toState: 'AWARDED' }] } });
      const steps = async (caller: Caller) => ((await exec(caller, `{ aidApplication(id: "${app.id}") { allowedSteps } }`)).data!.aidApplication as { allowedSteps: string[] } | null)?.allowedSteps;
      // Awarded: the enterprise and its district may deliver; an admin, a sibling's staff and the member may not.
      expect([await steps(staff(e1)), await steps(staff(d1)), await steps(admin), await steps(member(m)), await steps(staff(s1))]).toEqual([['DELIVER'], ['DELIVER'], [], [], []]);
      const mine = await exec(member(m), `{ aidApplications { edges { node { id state } } } }`);
      expect(mine.data).toEqual({ aidApplications: { edges: [{ node: { id: app.id, state: 'AWARDED' } }] } });

      for (const [field, isFor, source] of [
        ['aidApplications', 'members, union staff and admins', `{ aidApplications { edges { node { id } } } }`],
        ['aidApplication', 'members, union staff and admins', `{ aidApplication(id: "${app.id}") { id } }`],
        ['applyForEducationAid', 'members, union staff and admins', `mutation { applyForEducationAid(input: { programmeId: "${programme.id}", childId: "${m.children[0].id}", memberId: "${m.id}" }) { id } }`],
        ['markAidDelivered', 'union staff and admins', `mutation { markAidDelivered(id: "${app.id}") { id } }`],
      ]) {
        const res = await exec(partner, source);
        expect(firstError(res)).toEqual(roleRefusal(field, isFor, 'partner desks'));
      }
      const memberWrite = await exec(member(m), `mutation { markAidDelivered(id: "${app.id}") { id } }`);
      expect(firstError(memberWrite)).toEqual(roleRefusal('markAidDelivered', 'union staff and admins', 'members'));
      expect((await stored({ id: app.id } as AidApplicationRow)).state).toBe(AidState.AWARDED);
    });
  });
});
