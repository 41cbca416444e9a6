import { testDatabases } from '@lianxin/jest-config/databases';
import type { DataSource } from 'typeorm';
import { ErrorCode } from '@lianxin/subgraph';
import { callerStub, contextFor, failure, FakeMemberFacts, FakeStaffDirectory, orgTree, silentLog } from '@lianxin/test-kit';
import { openCasesDatabase } from '../../app';
import { CaseRow } from '../../casefile/case.entity';
import { CaseChannel, CaseKind, CaseState, OutreachKind, Rating, Urgency } from '../../casefile/case.enums';
import * as cases from '../../case/case.service';
import { CaseEventRow } from '../../ledger/ledger.entity';
import { CampaignAudience, CampaignRow, InterviewMode, InterviewPointKind, InterviewPointRow, InterviewRow, QuestionnaireRow } from '../campaign.entity';
import * as sut from '../campaign.service';
import { CreateInterviewCampaignInput, RecordInterviewInput } from '../campaign.types';

const engines = testDatabases('campaign', (o) => openCasesDatabase({ ...o, log: silentLog }));

/** Noon in China on `day`. */
const noonOf = (day: string) => new Date(Date.parse(`${day}T04:00:00Z`));
/** The China day `n` days after `day`, counted by hand from UTC midnight (no helper under test). */
const plus = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe.each(engines)('interview campaigns (大访谈) on $name', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  const { city, d1, d2, s1, e1, e2, e3, directory } = orgTree();
  const { admin, staff, member } = callerStub;
  const facts = new FakeMemberFacts(directory);
  const handlers = FakeStaffDirectory.atEach([city, d1, d2, s1, e1, e2, e3]);
  const ctxOf = contextFor({ db: () => db, orgs: directory, facts, staff: handlers });
  // A young rider and an older worker at e1, a young regular worker at e2, a young worker beside the campaign at e3.
  const rider = facts.add(e1, { employmentType: 'DELIVERY_RIDER', birthDate: '1998-05-20' });
  const older = facts.add(e1, { birthDate: '1970-01-01' });
  const regular = facts.add(e2, { birthDate: '1996-11-02' });
  const beside = facts.add(e3, { birthDate: '1999-03-03' });

  // 百日: 100 days from 1 September; "today" is 15 October, day 45.
  const START = '2026-09-01';
  const END = plus(START, 99);
  const NOW = noonOf('2026-10-15');
  const campaignInput = (over: Partial<CreateInterviewCampaignInput> = {}) => Object.assign(new CreateInterviewCampaignInput(), {
    title: '百日万名青年职工大访谈', startsOn: START, endsOn: END, target: 10_000, maxAge: 40, focusNewEmployment: true, outline: '一问工作，二问生活，三问诉求', ...over,
  });
  let campaign: CampaignRow;
  let points: Record<'s1' | 'e1' | 'e2', InterviewPointRow>;
  let general: QuestionnaireRow;
  let nef: QuestionnaireRow;
  const interview = (over: Partial<RecordInterviewInput> = {}) => Object.assign(new RecordInterviewInput(), {
    pointId: points.e1.id, questionnaireId: nef.id, heldOn: '2026-09-10', age: 28, employmentType: 'DELIVERY_RIDER', answers: ['送餐', '每天十小时'], problems: [], ...over,
  });
  const written = async () => ({
    campaigns: await db.getRepository(CampaignRow).count(),
    points: await db.getRepository(InterviewPointRow).count(),
    questionnaires: await db.getRepository(QuestionnaireRow).count(),
    interviews: await db.getRepository(InterviewRow).find({ order: { id: 'ASC' } }),
    cases: await db.getRepository(CaseRow).count(),
    events: await db.getRepository(CaseEventRow).count(),
  });

  beforeAll(async () => {
    ({ db, close } = await engine.open());
  });
  afterAll(async () => {
    await close?.();
  });

  describe('the campaign, its points and questionnaires', () => {
    it('refuses a target below zero with a stable code, and writes nothing', async () => {
      const before = await written();
      expect(await failure(sut.createInterviewCampaign(ctxOf(staff(d1)), campaignInput({ target: -1 }), NOW))).toEqual({
        message: 'target: is the number of interviews to hold: a whole number, 0 or more (not -1)', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'target' },
      });
      expect(await failure(sut.createInterviewCampaign(ctxOf(staff(d1)), campaignInput({ endsOn: '2026-08-31' }), NOW))).toMatchObject({ extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'endsOn' } });
      expect(await written()).toEqual(before);
    });

    it('is created by its own org\'s staff only', async () => {
      const before = await written();
      expect(await failure(sut.createInterviewCampaign(ctxOf(staff(s1)), campaignInput({ orgId: d1.id }), NOW))).toMatchObject({ extensions: { code: ErrorCode.NOT_FOUND, field: 'orgId' } });
      expect(await failure(sut.createInterviewCampaign(ctxOf(staff(city)), campaignInput({ orgId: d1.id }), NOW))).toMatchObject({ extensions: { code: ErrorCode.FORBIDDEN, field: 'orgId' } });
      expect(await failure(sut.createInterviewCampaign(ctxOf(member(rider)), campaignInput(), NOW))).toMatchObject({ extensions: { code: ErrorCode.FORBIDDEN } });
      expect(await written()).toEqual(before);
      campaign = await sut.createInterviewCampaign(ctxOf(staff(d1)), campaignInput(), NOW);
      expect(campaign).toMatchObject({ orgId: d1.id, orgPath: d1.path, startsOn: START, endsOn: '2026-12-09', target: 10_000, maxAge: 40, focusNewEmployment: true });
    });

    it('takes points run by its org\'s sub-orgs, all or none, from its own staff', async () => {
      const before = await written();
      const point = (org: typeof e1, kind: InterviewPointKind, name: string) => ({ orgId: org.id, kind, name });
      expect(await failure(sut.addInterviewPoints(ctxOf(staff(d1)), campaign.id, [point(e1, InterviewPointKind.ENTERPRISE, '一厂'), point(e3, InterviewPointKind.DORMITORY, '外区宿舍')]))).toEqual({
        message: `points.1.orgId: no union ${e3.id} is under 百日万名青年职工大访谈's org; points are run by the campaign's org or its sub-orgs`, extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'points.1.orgId' },
      });
      // Taking part from below, or following from above, is not running it.
      for (const c of [staff(s1), staff(city)]) expect(await failure(sut.addInterviewPoints(ctxOf(c), campaign.id, [point(e1, InterviewPointKind.ENTERPRISE, '一厂')]))).toMatchObject({ extensions: { code: ErrorCode.FORBIDDEN } });
      expect(await failure(sut.addInterviewPoints(ctxOf(staff(d2)), campaign.id, [point(e1, InterviewPointKind.ENTERPRISE, '一厂')]))).toMatchObject({ extensions: { code: ErrorCode.NOT_FOUND } });
      expect(await written()).toEqual(before);
      const [ps1, pe1, pe2] = await sut.addInterviewPoints(ctxOf(staff(d1)), campaign.id, [
        point(s1, InterviewPointKind.UNION_POST, '街道工会驿站'), point(e1, InterviewPointKind.DORMITORY, '一厂宿舍区'), point(e2, InterviewPointKind.ENTERPRISE, '二厂'),
      ]);
      points = { s1: ps1, e1: pe1, e2: pe2 };
      expect(pe1).toMatchObject({ campaignId: campaign.id, orgId: e1.id, orgPath: e1.path, kind: InterviewPointKind.DORMITORY });
    });

    it('keeps questionnaire versions per audience', async () => {
      const d = ctxOf(staff(d1));
      general = await sut.publishQuestionnaire(d, campaign.id, { audience: CampaignAudience.GENERAL, title: '通用版', questions: ['您的工作'] }, NOW);
      nef = await sut.publishQuestionnaire(d, campaign.id, { audience: CampaignAudience.NEW_EMPLOYMENT_FORM, title: '新就业形态版', questions: ['您跑哪个平台', '每天工作多久'] }, NOW);
      const again = await sut.publishQuestionnaire(d, campaign.id, { audience: CampaignAudience.GENERAL, title: '通用版（修订）', questions: ['您的工作', '您的住房'] }, NOW);
      expect([general.version, nef.version, again.version]).toEqual([1, 1, 2]);
      general = again;
      expect(await failure(sut.publishQuestionnaire(ctxOf(staff(e1)), campaign.id, { audience: CampaignAudience.GENERAL, title: 'x', questions: ['y'] }, NOW))).toMatchObject({ extensions: { code: ErrorCode.FORBIDDEN } });
    });
  });

  describe('interviews', () => {
    it('registers each problem raised face to face as a case linked to the interview', async () => {
      const rec = await sut.recordInterview(ctxOf(staff(e1)), interview({
        problems: [{ kind: CaseKind.URGENT_NEED, urgency: Urgency.HIGH, description: '夜间送餐电动车充电难' }, { kind: CaseKind.MICRO_WISH, urgency: Urgency.NORMAL, description: '希望驿站提供热水' }],
      }), NOW);
      expect(rec.interview).toMatchObject({ campaignId: campaign.id, pointId: points.e1.id, orgId: e1.id, mode: InterviewMode.FACE_TO_FACE, audience: CampaignAudience.NEW_EMPLOYMENT_FORM, heldOn: '2026-09-10' });
      const linked = await db.getRepository(CaseRow).find({ where: { sourceId: rec.interview.id }, order: { id: 'ASC' } });
      expect(linked.map((c) => [c.channel, c.sourceKind, c.raisedOrgId, c.state])).toEqual([
        [CaseChannel.INTERVIEW_CAMPAIGN, OutreachKind.INTERVIEW, e1.id, CaseState.REGISTERED], [CaseChannel.INTERVIEW_CAMPAIGN, OutreachKind.INTERVIEW, e1.id, CaseState.REGISTERED],
      ]);
      expect(rec.cases.map((c) => c.id)).toEqual(linked.map((c) => c.id));
      // Staff between the point and the owner record there too.
      await sut.recordInterview(ctxOf(staff(s1)), interview({ heldOn: '2026-09-11' }), NOW);
    });

    it('refuses a questionnaire for another audience, a day outside the period, an age outside the audience, and writes nothing', async () => {
      const e = ctxOf(staff(e1));
      const before = await written();
      expect(await failure(sut.recordInterview(e, interview({ questionnaireId: general.id }), NOW))).toEqual({
        message: 'questionnaireId: is the GENERAL version; a DELIVERY_RIDER worker answers the NEW_EMPLOYMENT_FORM version. Pick that one', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'questionnaireId' },
      });
      expect(await failure(sut.recordInterview(e, interview({ heldOn: '2026-08-31' }), NOW))).toEqual({
        message: `heldOn: 2026-08-31 is outside the campaign's period (${START} to ${END}); interviews count only within it`, extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'heldOn' },
      });
      expect(await failure(sut.recordInterview(e, interview({ heldOn: '2026-10-16' }), NOW))).toMatchObject({ extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'heldOn' } });
      expect(await failure(sut.recordInterview(e, interview({ age: 45 }), NOW))).toMatchObject({ extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'age' } });
      expect(await failure(sut.recordInterview(e, interview({ problems: [{ kind: CaseKind.OTHER, urgency: Urgency.NORMAL, description: '短' }] }), NOW))).toMatchObject({ extensions: { field: 'problems.0.description' } });
      expect(await written()).toEqual(before);
    });

    it('is recorded at a point only by its own staff and those between it and the owner', async () => {
      const before = await written();
      // Beside the point it does not exist; above the owner it is followed, not recorded.
      expect(await failure(sut.recordInterview(ctxOf(staff(e2)), interview(), NOW))).toMatchObject({ extensions: { code: ErrorCode.NOT_FOUND } });
      expect(await failure(sut.recordInterview(ctxOf(staff(d2)), interview(), NOW))).toMatchObject({ extensions: { code: ErrorCode.NOT_FOUND } });
      expect(await failure(sut.recordInterview(ctxOf(staff(city)), interview(), NOW))).toMatchObject({ extensions: { code: ErrorCode.FORBIDDEN, field: 'pointId' } });
      expect(await failure(sut.recordInterview(ctxOf(member(rider)), interview(), NOW))).toMatchObject({ extensions: { code: ErrorCode.FORBIDDEN } });
      expect(await written()).toEqual(before);
    });

    it('a retry with the same key gets the first interview, not a second', async () => {
      const e = ctxOf(staff(e2));
      const input = interview({ pointId: points.e2.id, questionnaireId: general.id, employmentType: 'REGULAR', heldOn: '2026-09-12' });
      const first = await sut.recordInterview(e, input, NOW);
      const before = await written();
      const again = await sut.recordInterview(ctxOf(staff(e2)), input, NOW);
      expect(again.interview.id).not.toBe(first.interview.id);
      const keyed = await sut.recordInterview(e, input, NOW, 'k-1');
      expect((await sut.recordInterview(ctxOf(staff(e2)), input, NOW, 'k-1')).interview.id).toBe(keyed.interview.id);
      expect((await written()).interviews.length).toBe(before.interviews.length + 2);
    });
  });

  describe('what reaches a member', () => {
    it('a young member under the owner sees the campaign and answers it once, online; their problems are their cases', async () => {
      const m = ctxOf(member(rider));
      expect((await sut.listCampaigns(m, { first: 10 }, NOW)).edges.map((e) => e.node.id)).toEqual([campaign.id]);
      const rec = await sut.answerInterviewCampaign(m, { campaignId: campaign.id, questionnaireId: nef.id, answers: ['美团'], problems: [{ kind: CaseKind.MICRO_WISH, urgency: Urgency.NORMAL, description: '希望多设几处骑手驿站' }] }, NOW);
      expect(rec.interview).toMatchObject({ mode: InterviewMode.ONLINE, orgId: e1.id, memberId: rider.id, heldOn: '2026-10-15', age: 28, pointId: null });
      expect(rec.cases.map((c) => [c.memberId, c.channel, c.sourceId])).toEqual([[rider.id, CaseChannel.INTERVIEW_CAMPAIGN, rec.interview.id]]);
      expect(await sut.myInterview(m, campaign)).toMatchObject({ id: rec.interview.id });
      const before = await written();
      expect(await failure(sut.answerInterviewCampaign(m, { campaignId: campaign.id, questionnaireId: nef.id, answers: [], problems: [] }, NOW))).toMatchObject({ extensions: { code: ErrorCode.DUPLICATE } });
      expect(await written()).toEqual(before);
    });

    it('one past the audience\'s age, beside the owner, or answering another audience\'s version gets nothing in', async () => {
      const before = await written();
      for (const m of [older, beside]) {
        expect((await sut.listCampaigns(ctxOf(member(m)), { first: 10 }, NOW)).edges).toEqual([]);
        expect(await sut.getCampaign(ctxOf(member(m)), campaign.id, NOW)).toBeNull();
        expect(await failure(sut.answerInterviewCampaign(ctxOf(member(m)), { campaignId: campaign.id, questionnaireId: general.id, answers: [], problems: [] }, NOW))).toMatchObject({ extensions: { code: ErrorCode.NOT_FOUND } });
      }
      expect(await failure(sut.answerInterviewCampaign(ctxOf(member(regular)), { campaignId: campaign.id, questionnaireId: nef.id, answers: [], problems: [] }, NOW))).toMatchObject({ extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'questionnaireId' } });
      expect(await failure(sut.answerInterviewCampaign(ctxOf(member(regular)), { campaignId: campaign.id, questionnaireId: general.id, answers: [], problems: [] }, noonOf(plus(END, 1))))).toMatchObject({ extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'campaignId' } });
      expect(await written()).toEqual(before);
    });

    it('staff see it from above and from below; the sibling district and partners see nothing', async () => {
      const ids = async (c: Parameters<typeof ctxOf>[0]) => (await sut.listCampaigns(ctxOf(c), { first: 10 }, NOW)).edges.map((e) => e.node.id);
      for (const c of [admin, staff(city), staff(d1), staff(s1), staff(e1)]) expect(await ids(c)).toEqual([campaign.id]);
      expect(await ids(staff(d2))).toEqual([]);
      expect(await ids(callerStub.partner)).toEqual([]);
      // Points: the running org sees all, a sub-org its own.
      const pts = async (c: Parameters<typeof ctxOf>[0]) => (await sut.listPoints(ctxOf(c), campaign, { first: 50 })).edges.map((e) => e.node.id);
      const inTreeOrder = [points.s1, points.e1, points.e2].sort((a, b) => (a.orgPath === b.orgPath ? (a.id < b.id ? -1 : 1) : a.orgPath < b.orgPath ? -1 : 1)).map((p) => p.id);
      expect(await pts(staff(d1))).toEqual(inTreeOrder);
      expect(await pts(staff(e2))).toEqual([points.e2.id]);
      expect(await pts(member(rider))).toEqual([]);
    });
  });

  describe('progress', () => {
    it('counts interviews per sub-org and day against the pace, and problems raised, resolved and satisfied, as the rows say', async () => {
      // More days of interviews at every point.
      for (const [i, day] of ['2026-09-20', '2026-10-01', '2026-10-02', '2026-10-14'].entries()) {
        await sut.recordInterview(ctxOf(staff(s1)), interview({ pointId: points.s1.id, heldOn: day, problems: i % 2 ? [] : [{ kind: CaseKind.SUGGESTION, urgency: Urgency.NORMAL, description: '建议开设夜校' }] }), NOW);
        await sut.recordInterview(ctxOf(staff(e2)), interview({ pointId: points.e2.id, questionnaireId: general.id, employmentType: 'REGULAR', heldOn: day }), NOW);
      }
      const fig = (await sut.campaignProgress(ctxOf(staff(d1)), { campaignId: campaign.id }, NOW))!;

      // Straight from the rows.
      const rows = await db.getRepository(InterviewRow).find({ where: { campaignId: campaign.id } });
      const problems = await db.getRepository(CaseRow).find({ where: { sourceKind: OutreachKind.INTERVIEW } });
      const allPoints = await db.getRepository(InterviewPointRow).countBy({ campaignId: campaign.id });
      const under = (p: string, org: { path: string }) => p.startsWith(org.path);
      const elapsed = 45;
      const perOrg = (org: typeof s1) => {
        const mine = rows.filter((r) => under(r.orgPath, org));
        const theirCases = problems.filter((c) => mine.some((r) => r.id === c.sourceId));
        const pts = [points.s1, points.e1, points.e2].filter((p) => under(p.orgPath, org)).length;
        return {
          orgId: org.id, points: pts, target: (10_000 * pts) / allPoints, expected: ((10_000 * pts) / allPoints) * elapsed / 100,
          interviews: mine.length, online: mine.filter((r) => r.mode === InterviewMode.ONLINE).length, cumulative: mine.length,
          problemsRaised: theirCases.length, resolved: 0, satisfied: 0,
        };
      };
      expect(fig.byOrg).toEqual([perOrg(s1)]);
      expect([fig.from, fig.to, fig.periodDays, fig.target, fig.expected]).toEqual([START, '2026-10-15', 100, 10_000, 4_500]);
      expect([fig.interviews, fig.online, fig.faceToFace, fig.cumulative]).toEqual([rows.length, 1, rows.length - 1, rows.length]);
      expect(fig.problemsRaised).toBe(problems.length);
      expect(fig.days).toHaveLength(45);
      const oct1 = fig.days.find((d) => d.day === '2026-10-01')!;
      expect(oct1).toEqual({ day: '2026-10-01', interviews: rows.filter((r) => r.heldOn === '2026-10-01').length, online: 0, cumulative: rows.filter((r) => r.heldOn <= '2026-10-01').length, pace: 10_000 * 31 / 100 });

      // A sub-org's own part, and a period inside the campaign.
      const e2Part = (await sut.campaignProgress(ctxOf(staff(e2)), { campaignId: campaign.id, from: '2026-10-01', to: '2026-10-14' }, NOW))!;
      const e2Rows = rows.filter((r) => r.orgId === e2.id);
      expect([e2Part.orgId, e2Part.target, e2Part.interviews, e2Part.cumulative, e2Part.days.length]).toEqual([
        e2.id, 10_000 / allPoints, e2Rows.filter((r) => r.heldOn >= '2026-10-01').length, e2Rows.length, 14,
      ]);
      // Outside the scope: nothing; outside the period: refused.
      expect(await sut.campaignProgress(ctxOf(staff(d2)), { campaignId: campaign.id }, NOW)).toBeNull();
      expect(await sut.campaignProgress(ctxOf(staff(e2)), { campaignId: campaign.id, orgId: e1.id }, NOW)).toBeNull();
      expect(await failure(sut.campaignProgress(ctxOf(staff(d1)), { campaignId: campaign.id, from: '2026-08-01' }, NOW))).toMatchObject({ extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'from' } });
      expect(await failure(sut.campaignProgress(ctxOf(member(rider)), { campaignId: campaign.id }, NOW))).toMatchObject({ extensions: { code: ErrorCode.FORBIDDEN } });
    });

    it('closing the problem list\'s cases moves the satisfied count and list', async () => {
      const fig = async () => (await sut.campaignProgress(ctxOf(staff(d1)), { campaignId: campaign.id }, NOW))!;
      const before = await fig();
      const h = ctxOf(staff(e1));
      const mine = (await db.getRepository(CaseRow).find({ where: { sourceKind: OutreachKind.INTERVIEW, memberId: rider.id } }))[0];
      const accepted = await cases.acceptCase(h, mine.id, mine.version, handlers.handlerOf(e1));
      const resolved = await cases.resolveCase(h, accepted.id, accepted.version, '已在园区新增两处骑手驿站');
      expect((await fig()).resolved).toBe(before.resolved + 1);
      expect((await fig()).satisfied).toBe(before.satisfied);
      const signed = await cases.signOffCase(h, resolved.id, resolved.version);
      await cases.rateCase(ctxOf(member(rider)), signed.id, signed.version, Rating.SATISFIED);
      const after = await fig();
      expect([after.satisfied, after.resolved, after.problemsRaised]).toEqual([before.satisfied + 1, before.resolved + 1, before.problemsRaised]);
      const list = await sut.campaignProblems(ctxOf(staff(d1)), campaign, { first: 50, satisfied: true });
      expect(list.edges.map((e) => e.node.id)).toEqual([mine.id]);
      const rest = await sut.campaignProblems(ctxOf(staff(d1)), campaign, { first: 50, satisfied: false });
      expect(rest.edges).toHaveLength(after.problemsRaised - 1);
      // The member sees their own case on the list, nothing else.
      expect((await sut.campaignProblems(ctxOf(member(rider)), campaign, { first: 50 })).edges.map((e) => e.node.id)).toEqual([mine.id]);
    });
  });
});
