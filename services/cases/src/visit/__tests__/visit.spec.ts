import { testDatabases } from '@lianxin/jest-config/databases';
import { graphql, type GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { newId, type Caller } from '@lianxin/auth';
import { ErrorCode } from '@lianxin/subgraph';
import { callerStub, contextFor, failure, FakeStaffDirectory, orgTree, silentLog, unionOutOfScope } from '@lianxin/test-kit';
import { openCasesDatabase } from '../../app';
import { buildCasesSubgraph } from '../../schema';
import { CaseRow } from '../../casefile/case.entity';
import { CaseChannel, CaseKind, CaseState, DeclineReason, OutreachKind, Rating, Urgency } from '../../casefile/case.enums';
import * as cases from '../../case/case.service';
import { CaseEventRow } from '../../ledger/ledger.entity';
import { verifyLedger } from '../../ledger/ledger.service';
import { ChairVisitDayRow, ChairVisitRow, VisitFormat } from '../visit.entity';
import * as sut from '../visit.service';
import { RecordChairVisitInput, SetChairVisitDaysInput, VisitProblemInput } from '../visit.types';

const engines = testDatabases('visit', (o) => openCasesDatabase({ ...o, log: silentLog }));

/** The China day `n` days after `day`, counted by hand from UTC midnight (no helper under test). */
const plus = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** Noon in China on `day`. */
const noonOf = (day: string) => new Date(Date.parse(`${day}T04:00:00Z`));

describe.each(engines)('chair visit days (工会主席陪伴日) on $name', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  const { city, d1, d2, s1, e1, e2, e3, directory } = orgTree();
  const { admin, staff, memberAt: member, partner } = callerStub;
  const handlers = FakeStaffDirectory.atEach([city, d1, d2, s1, e1, e2, e3]);
  const ctxOf = contextFor({ db: () => db, orgs: directory, staff: handlers });
  const m1 = newId();
  directory.place(m1, e1);
  const stranger = newId();
  directory.place(stranger, e3);

  // Wednesdays from 2026-09-02; "today" is Thursday 2026-10-15 in China.
  const NOW = noonOf('2026-10-15');
  const weekly = (over: Partial<SetChairVisitDaysInput> = {}) =>
    Object.assign(new SetChairVisitDaysInput(), { orgId: e1.id, weekday: 3, startsOn: '2026-09-01', chair: '王建华', staffCount: 320, ...over });
  const problem = (over: Partial<VisitProblemInput> = {}) =>
    Object.assign(new VisitProblemInput(), { kind: CaseKind.URGENT_NEED, urgency: Urgency.NORMAL, description: '挂面车间老旧设备噪声大，长期使用影响听力', ...over });
  const visit = (over: Partial<RecordChairVisitInput> = {}) =>
    Object.assign(new RecordChairVisitInput(), {
      orgId: e1.id, visitedOn: '2026-09-02', attendance: 23, format: VisitFormat.SMALL_MEETING, notes: '在挂面车间与职工同坐一条板凳，听取意见', problems: [], ...over,
    });

  /** Everything a visit-day write may touch, to prove a refused one touched none of it. */
  const written = async () => ({
    days: await db.getRepository(ChairVisitDayRow).find({ order: { id: 'ASC' } }),
    visits: await db.getRepository(ChairVisitRow).find({ order: { id: 'ASC' } }),
    cases: await db.getRepository(CaseRow).count(),
    events: await db.getRepository(CaseEventRow).count(),
  });

  beforeAll(async () => {
    ({ db, close } = await engine.open());
  });
  afterAll(async () => {
    await close?.();
  });

  describe('the schedule', () => {
    it('lists the weekdays of a schedule within its run and the period', () => {
      const s = { weekday: 3, dates: null, startsOn: '2026-09-03', endsOn: '2026-09-30' };
      expect(sut.scheduledDays(s, '2026-08-01', '2026-12-31')).toEqual(['2026-09-09', '2026-09-16', '2026-09-23', '2026-09-30']);
      expect(sut.scheduledDays({ ...s, weekday: 7 }, '2026-09-01', '2026-09-14')).toEqual(['2026-09-06', '2026-09-13']);
      expect(sut.scheduledDays({ weekday: null, dates: '2026-09-05,2026-10-10', startsOn: '2026-09-01', endsOn: null }, '2026-09-06', '2026-12-31')).toEqual(['2026-10-10']);
    });

    it('is set by the enterprise union\'s own staff, and set again on the version last seen', async () => {
      const set = await sut.setChairVisitDays(ctxOf(staff(e1)), weekly(), NOW);
      expect(set).toMatchObject({ orgId: e1.id, orgPath: e1.path, weekday: 3, dates: null, startsOn: '2026-09-01', endsOn: null, chair: '王建华', staffCount: 320, version: 1 });
      const again = await sut.setChairVisitDays(ctxOf(staff(e1)), weekly({ chair: '王建华 ', version: 1 }), NOW);
      expect(again).toMatchObject({ id: set.id, version: 2, chair: '王建华' });
      expect(await failure(sut.setChairVisitDays(ctxOf(staff(e1)), weekly({ version: 1 }), NOW))).toEqual({
        message: `The visit-day schedule of ${e1.name} changed since you read it. Reload it and try again.`, extensions: { code: ErrorCode.CONFLICT },
      });
      expect(await db.getRepository(ChairVisitDayRow).findOneByOrFail({ orgId: e1.id })).toMatchObject({ version: 2 });
    });

    it('refuses other callers and bad schedules, writing nothing', async () => {
      const before = await written();
      const refusals = [
        [staff(s1), weekly(), { message: `The chair visit days of ${e1.name} are kept by its own union's staff; ask them to record it.`, extensions: { code: ErrorCode.FORBIDDEN, field: 'orgId' } }],
        [staff(d2), weekly(), unionOutOfScope('orgId', e1.id)],
        [staff(e3), weekly(), unionOutOfScope('orgId', e1.id)],
        [member(e1), weekly(), { message: 'Chair visit days are kept by union staff; ask your union.', extensions: { code: ErrorCode.FORBIDDEN } }],
        [partner, weekly(), { message: 'Chair visit days are kept by union staff; ask your union.', extensions: { code: ErrorCode.FORBIDDEN } }],
        [staff(s1), weekly({ orgId: s1.id }), { message: `orgId: chair visit days are held by enterprise unions; ${s1.name} is a street union`, extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'orgId' } }],
        [staff(e2), weekly({ orgId: e2.id, staffCount: 80 }), { message: 'staffCount: chair visit days are for firms of 100 or more staff; this one states 80', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'staffCount' } }],
        [staff(e2), weekly({ orgId: e2.id, weekday: 8 }), { message: 'weekday: is an ISO weekday: 1 = Monday … 7 = Sunday', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'weekday' } }],
        [staff(e2), weekly({ orgId: e2.id, dates: ['2026-09-09'] }), { message: 'dates: give the visit day as a weekday (1 = Monday … 7 = Sunday) or as a list of dates, one of the two', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'dates' } }],
        [staff(e2), weekly({ orgId: e2.id, weekday: null, dates: ['2026-08-20'] }), { message: "dates: 2026-08-20 fall outside the schedule's run (2026-09-01 to open); move them or the run", extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'dates' } }],
        [staff(e2), weekly({ orgId: e2.id, endsOn: '2026-08-01' }), { message: 'endsOn: 2026-08-01 is before startsOn (2026-09-01); the schedule must end on or after the day it starts', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'endsOn' } }],
        [staff(e2), weekly({ orgId: e2.id, chair: '  ' }), { message: 'chair: must not be blank', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'chair' } }],
      ] as const;
      for (const [caller, input, refusal] of refusals) expect(await failure(sut.setChairVisitDays(ctxOf(caller as Caller), input, NOW))).toEqual(refusal);
      expect(await written()).toEqual(before);
    });
  });

  describe('the diary (民意日记)', () => {
    it('records a visit and raises its problems as cases linked to it, with a ledger that verifies', async () => {
      const { visit: v, cases: raised } = await sut.recordChairVisit(ctxOf(staff(e1)), visit({
        problems: [problem(), problem({ kind: CaseKind.MICRO_WISH, description: '希望食堂增加面食窗口', memberId: m1 })],
      }), NOW);
      expect(v).toMatchObject({ orgId: e1.id, orgPath: e1.path, visitedOn: '2026-09-02', chair: '王建华', attendance: 23, format: VisitFormat.SMALL_MEETING, recordedBy: staff(e1).sub });
      const rows = await db.getRepository(CaseRow).find({ where: { sourceId: v.id }, order: { id: 'ASC' } });
      expect(rows.map((c) => [c.channel, c.sourceKind, c.sourceId, c.raisedOrgId, c.handlingOrgId, c.state, c.memberId, c.kind])).toEqual([
        [CaseChannel.CHAIR_VISIT_DAY, OutreachKind.CHAIR_VISIT, v.id, e1.id, e1.id, CaseState.REGISTERED, null, CaseKind.URGENT_NEED],
        [CaseChannel.CHAIR_VISIT_DAY, OutreachKind.CHAIR_VISIT, v.id, e1.id, e1.id, CaseState.REGISTERED, m1, CaseKind.MICRO_WISH],
      ]);
      expect(raised.map((c) => c.id)).toEqual(rows.map((c) => c.id));
      const raise = await db.getRepository(CaseEventRow).findOneByOrFail({ caseId: rows[0].id, seq: 1 });
      expect(JSON.parse(raise.detail!)).toEqual({ channel: 'CHAIR_VISIT_DAY', kind: 'URGENT_NEED', urgency: 'NORMAL', onBehalf: true, sourceKind: 'CHAIR_VISIT', sourceId: v.id });
      expect((await verifyLedger(db, { caseIds: rows.map((c) => c.id) })).ok).toBe(true);
    });

    it('refuses bad visits with a code and a message saying what to do, writing nothing', async () => {
      await sut.setChairVisitDays(ctxOf(staff(e3)), weekly({ orgId: e3.id, weekday: 5 }), NOW);
      const before = await written();
      const bad = (field: string, message: string) => ({ message: `${field}: ${message}`, extensions: { code: ErrorCode.BAD_USER_INPUT, field } });
      const refusals = [
        [staff(e1), visit({ visitedOn: '2026-10-16' }), bad('visitedOn', '2026-10-16 is still ahead (today is 2026-10-15 in China); record a visit once it has been held')],
        [staff(e1), visit({ visitedOn: '2026-08-26' }), bad('visitedOn', `${e1.name} holds visit days from 2026-09-01 to now; 2026-08-26 is outside that`)],
        [staff(e1), visit({ visitedOn: '2026-09-31' }), bad('visitedOn', '"2026-09-31" is not a calendar date; write it YYYY-MM-DD')],
        [staff(e1), visit({ visitedOn: '2026-09-09', attendance: -1 }), bad('attendance', 'is how many workers took part: a whole number from 0 to 100000')],
        [staff(e1), visit({ visitedOn: '2026-09-09', notes: ' \n ' }), bad('notes', 'must not be blank')],
        [staff(e2), visit({ orgId: e2.id }), bad('orgId', `${e2.name} holds no chair visit days; set its visit days first (setChairVisitDays)`)],
        [staff(e1), visit({ orgId: e3.id }), unionOutOfScope('orgId', e3.id)],
        [staff(d1), visit({ visitedOn: '2026-09-09' }), { message: `The chair visit days of ${e1.name} are kept by its own union's staff; ask them to record it.`, extensions: { code: ErrorCode.FORBIDDEN, field: 'orgId' } }],
        [member(e1), visit({ visitedOn: '2026-09-09' }), { message: 'Chair visit days are kept by union staff; ask your union.', extensions: { code: ErrorCode.FORBIDDEN } }],
        [staff(e1), visit({ visitedOn: '2026-09-09', problems: [problem(), problem({ description: '噪声' })] }), bad('problems.1.description', 'describe the problem in 5 to 2000 characters, in the worker\'s words')],
        [staff(e1), visit({ visitedOn: '2026-09-09', problems: [problem({ memberId: stranger })] }), bad('problems.0.memberId', `no member ${stranger} belongs under ${e1.name}; leave it out for a worker not named`)],
        [staff(e1), visit({ problems: [problem()] }), { message: `The visit of ${e1.name} on 2026-09-02 is already in the diary; add further problems to it (addChairVisitProblems).`, extensions: { code: ErrorCode.DUPLICATE, field: 'visitedOn' } }],
      ] as const;
      for (const [caller, input, refusal] of refusals) expect(await failure(sut.recordChairVisit(ctxOf(caller as Caller), input, NOW))).toEqual(refusal);
      expect(await written()).toEqual(before);
    });
  });

  describe('scope', () => {
    it('shows visit days and visits to staff of the subtree and admins, and nothing to anyone else', async () => {
      const seen = async (caller: Caller) => (await sut.listChairVisits(ctxOf(caller), { first: 50 })).edges.map((e) => e.node.orgId);
      const days = async (caller: Caller) => (await sut.listChairVisitDays(ctxOf(caller), { first: 50 })).edges.map((e) => e.node.orgId);
      for (const caller of [staff(e1), staff(s1), staff(d1), staff(city), admin]) expect(await seen(caller)).toEqual([e1.id]);
      for (const caller of [staff(e2), staff(d2), member(e1), callerStub.member({ id: m1, orgId: e1.id, orgPath: e1.path })]) expect(await seen(caller)).toEqual([]);
      expect(await days(staff(d1))).toEqual([e1.id]);
      expect(await days(staff(d2))).toEqual([e3.id]);
      expect(await days(member(e3))).toEqual([]);
      // Narrowing to an org out of scope finds nothing; so does asking for one by id.
      expect((await sut.listChairVisits(ctxOf(staff(d2)), { first: 50, orgId: e1.id })).edges).toEqual([]);
      const id = (await sut.listChairVisits(ctxOf(staff(e1)), { first: 1 })).edges[0].node.id;
      expect(await sut.getChairVisit(ctxOf(staff(d2)), id)).toBeNull();
      expect(await sut.getChairVisit(ctxOf(staff(d1)), id)).toMatchObject({ id });
    });
  });

  describe('figures', () => {
    it('count visits against the schedule and problems by their state, as the rows say', async () => {
      const h = ctxOf(staff(e1));
      // Weeks of visits on Wednesdays; one visit moved to a Thursday; two problems a visit.
      for (const day of ['2026-09-16', '2026-09-24', '2026-10-07']) {
        await sut.recordChairVisit(h, visit({ visitedOn: day, attendance: 12, format: VisitFormat.MICRO_SURVEY, problems: [problem(), problem({ kind: CaseKind.SUGGESTION, description: '建议倒班表提前一周公布' })] }), NOW);
      }
      await sut.recordChairVisit(ctxOf(staff(e3)), visit({ orgId: e3.id, visitedOn: '2026-09-04', attendance: 40, problems: [problem()] }), NOW);
      // Walk some of e1's cases: m1's wish closed (销账) on their rating, two resolved, one declined.
      const open = await db.getRepository(CaseRow).find({ where: { raisedOrgId: e1.id, channel: CaseChannel.CHAIR_VISIT_DAY }, order: { id: 'ASC' } });
      const resolve = async (c: CaseRow) => {
        const x = await cases.acceptCase(h, c.id, c.version, handlers.handlerOf(e1));
        return cases.resolveCase(h, x.id, x.version, '已完成降噪改造');
      };
      const wish = await resolve(open[1]);
      const signed = await cases.signOffCase(h, wish.id, wish.version);
      await cases.rateCase(ctxOf(callerStub.member({ id: m1, orgId: e1.id, orgPath: e1.path })), signed.id, signed.version, Rating.SATISFIED);
      await resolve(open[2]);
      await resolve(open[3]);
      await cases.declineCase(h, open[4].id, open[4].version, DeclineReason.DUPLICATE, '与上周诉求重复');

      const from = '2026-09-01';
      const to = '2026-10-31';
      const fig = await sut.chairVisitFigures(ctxOf(staff(d1)), { from, to }, NOW);

      // Straight from the rows: every Wednesday from the schedule's start up to today, the visits and their cases.
      let wednesdays = 0;
      for (let d = from; d <= '2026-10-15'; d = plus(d, 1)) if (new Date(`${d}T00:00:00Z`).getUTCDay() === 3) wednesdays++;
      const visits = (await db.getRepository(ChairVisitRow).find()).filter((v) => v.orgPath.startsWith(d1.path) && v.visitedOn >= from && v.visitedOn <= to);
      const linked = (await db.getRepository(CaseRow).find()).filter((c) => c.sourceKind === OutreachKind.CHAIR_VISIT && visits.some((v) => v.id === c.sourceId));
      const resolved = linked.filter((c) => [CaseState.RESOLVED, CaseState.SIGNED_OFF, CaseState.CLOSED].includes(c.state)).length;
      const declined = linked.filter((c) => c.state === CaseState.DECLINED).length;
      expect(fig).toEqual({
        orgId: d1.id, from, to,
        unions: 1,
        scheduled: wednesdays,
        held: visits.length,
        heldRate: visits.length / wednesdays,
        attendance: visits.reduce((t, v) => t + v.attendance, 0),
        problemsRaised: linked.length,
        resolved,
        closed: linked.filter((c) => c.state === CaseState.CLOSED).length,
        declined,
        resolutionRate: resolved / (linked.length - declined),
        byOrg: [{ orgId: e1.id, scheduled: wednesdays, held: visits.length, problemsRaised: linked.length, resolved }],
      });
      // The numbers themselves, so a wrong count in both places still fails.
      expect([fig!.scheduled, fig!.held, fig!.problemsRaised, fig!.resolved, fig!.closed, fig!.declined]).toEqual([7, 4, 8, 3, 1, 1]);

      // The city counts both districts' unions; d2 only its own; an org out of scope is null.
      const cityFig = await sut.chairVisitFigures(ctxOf(staff(city)), { from, to }, NOW);
      expect([cityFig!.unions, cityFig!.held, cityFig!.problemsRaised, cityFig!.byOrg.map((o) => o.orgId).sort()]).toEqual([2, 5, 9, [e1.id, e3.id].sort()]);
      expect(await sut.chairVisitFigures(ctxOf(staff(d2)), { from, to, orgId: e1.id }, NOW)).toBeNull();
      // A period that ended before the schedule started owes nothing.
      expect(await sut.chairVisitFigures(ctxOf(staff(d1)), { from: '2026-08-01', to: '2026-08-31' }, NOW)).toMatchObject({ unions: 0, scheduled: 0, held: 0, resolutionRate: null, byOrg: [] });
      expect(await failure(sut.chairVisitFigures(ctxOf(staff(d1)), { from: to, to: from }, NOW))).toEqual({
        message: `to: ${from} is before from (${to}); give the period's first day first`, extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'to' },
      });
    });
  });

  describe('through the schema', () => {
    let schema: GraphQLSchema;
    const exec = (caller: Caller, source: string, variableValues?: Record<string, unknown>) => graphql({ schema, source, variableValues, contextValue: ctxOf(caller) });
    beforeAll(async () => {
      schema = (await buildCasesSubgraph()).schema;
    });

    it('shows a visit on its cases to staff, and to the member only the case they raised', async () => {
      const v = (await sut.listChairVisits(ctxOf(staff(e1)), { first: 50, from: '2026-09-02', to: '2026-09-02' })).edges[0].node;
      const res = await exec(staff(s1), 'query($id: ID!) { chairVisit(id: $id) { visitedOn chair format org { id } cases { channel sourceKind chairVisit { id } } } }', { id: v.id });
      expect(res.errors).toBeUndefined();
      expect(res.data!.chairVisit).toEqual({
        visitedOn: '2026-09-02', chair: '王建华', format: 'SMALL_MEETING', org: { id: e1.id },
        cases: [1, 2].map(() => ({ channel: 'CHAIR_VISIT_DAY', sourceKind: 'CHAIR_VISIT', chairVisit: { id: v.id } })),
      });
      const mine = await exec(callerStub.member({ id: m1, orgId: e1.id, orgPath: e1.path }), '{ cases(first: 50) { edges { node { description channel chairVisit { id } } } } }');
      expect(mine.errors).toBeUndefined();
      expect(mine.data!.cases).toEqual({ edges: [{ node: { description: '希望食堂增加面食窗口', channel: 'CHAIR_VISIT_DAY', chairVisit: null } }] });
      const days = await exec(staff(e1), `{ chairVisitDays(first: 5) { edges { node { weekday scheduledDates(from: "2026-09-01", to: "2026-09-20") } } } }`);
      expect(days.data!.chairVisitDays).toEqual({ edges: [{ node: { weekday: 3, scheduledDates: ['2026-09-02', '2026-09-09', '2026-09-16'] } }] });
    });
  });

  describe('problems added to a visit afterwards', () => {
    it('registers them as cases linked to the visit, only for the union\'s own staff, all or none', async () => {
      const v = (await sut.listChairVisits(ctxOf(staff(e1)), { first: 1, from: '2026-09-02', to: '2026-09-02' })).edges[0].node;
      const before = await written();
      const refusals: [Caller, VisitProblemInput[], object][] = [
        [staff(d1), [problem()], { message: `The chair visit days of ${e1.name} are kept by its own union's staff; ask them to record it.`, extensions: { code: ErrorCode.FORBIDDEN, field: 'orgId' } }],
        [staff(d2), [problem()], { message: `No chair visit with id ${v.id} exists that you can see. Check the id, or ask staff of a higher org.`, extensions: { code: ErrorCode.NOT_FOUND } }],
        [member(e1), [problem()], { message: 'Chair visit days are kept by union staff; ask your union.', extensions: { code: ErrorCode.FORBIDDEN } }],
        [staff(e1), [], { message: 'problems: name at least one problem to add', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'problems' } }],
        [staff(e1), [problem(), problem({ description: '太吵' })], { message: "problems.1.description: describe the problem in 5 to 2000 characters, in the worker's words", extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'problems.1.description' } }],
      ];
      for (const [caller, list, refusal] of refusals) expect(await failure(sut.addChairVisitProblems(ctxOf(caller), v.id, list, NOW))).toEqual(refusal);
      expect(await written()).toEqual(before);

      const { cases: added } = await sut.addChairVisitProblems(ctxOf(staff(e1)), v.id, [problem({ kind: CaseKind.SUGGESTION, description: '建议车间加装隔音屏' })], NOW);
      expect(added.map((c) => [c.channel, c.sourceKind, c.sourceId, c.raisedOrgId, c.kind])).toEqual([[CaseChannel.CHAIR_VISIT_DAY, OutreachKind.CHAIR_VISIT, v.id, e1.id, CaseKind.SUGGESTION]]);
      expect(await db.getRepository(CaseRow).count({ where: { sourceId: v.id } })).toBe(3);
    });
  });
});
