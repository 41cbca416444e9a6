import { CaseRow, CampaignRow, InterviewPointRow, InterviewRow, QuestionnaireRow } from '@lianxin/cases';
import { matrixRuns } from '../harness/fixtures';
import { startTestGraph, type TestGraph } from '../harness/graph';
import { CALLERS, errorOf, refusedByRole, tokenFor, staffTokenFor, type CallerKey, type OrgKey } from './callers';
import { Oracle } from './oracle';

/**
 * The scoping matrix of interview campaigns (大访谈, cases subgraph): every caller against
 * every campaign query and mutation. A campaign reaches its owner's subtree: its owner's staff
 * run it, staff below take part (record at their points, see their part), staff above follow
 * it in their figures, members of its audience under the owner see and answer it, partners nothing.
 * Campaign A is run by d1, B by d2; m1 (41, at e1 under d1) is in both audiences (up to 45).
 */

const STAFF = 'union staff and admins';
const DAY = 86_400_000;
/** The China day `n` days before today. */
const daysAgo = (n: number) => new Date(Date.now() + 8 * 3600_000 - n * DAY).toISOString().slice(0, 10);
type CampaignKey = 'A' | 'B';
const OWNER: Record<CampaignKey, OrgKey> = { A: 'd1', B: 'd2' };

describe.each(matrixRuns())('interview campaigns scoping matrix on $name', ({ engine, graph }) => {
  let g: TestGraph;
  let model: Oracle;
  const tokens = {} as Record<CallerKey, string | undefined>;
  const ids = {} as Record<CampaignKey, { campaign: string; point: string; general: string; nef: string }>;
  let org: (k: OrgKey) => string;

  const CREATE = 'mutation($i: CreateInterviewCampaignInput!) { createInterviewCampaign(input: $i) { id title org { id } } }';
  const POINTS = 'mutation($c: ID!, $p: [InterviewPointInput!]!) { addInterviewPoints(campaignId: $c, points: $p) { id name } }';
  const PUBLISH = 'mutation($c: ID!, $i: QuestionnaireInput!) { publishQuestionnaire(campaignId: $c, input: $i) { id audience version } }';
  const RECORD = 'mutation($i: RecordInterviewInput!) { recordInterview(input: $i) { id mode cases { id channel sourceKind } } }';
  const ANSWER = 'mutation($i: AnswerInterviewCampaignInput!) { answerInterviewCampaign(input: $i) { id mode age cases { id member { id } } } }';
  const campaignInput = (at: OrgKey, title = '百日万名青年职工大访谈') => ({
    orgId: org(at), title, startsOn: daysAgo(60), endsOn: daysAgo(-39), target: 10000, maxAge: 45, focusNewEmployment: true, outline: '一问工作，二问生活，三问诉求',
  });
  const interviewAt = (k: CampaignKey) => ({ pointId: ids[k].point, questionnaireId: ids[k].general, heldOn: daysAgo(5), age: 30, employmentType: 'REGULAR', answers: ['好'], problems: [{ kind: 'MICRO_WISH', description: '希望增设职工书屋' }] });
  const isStaff = (c: CallerKey) => c === 'admin' || ['city', 'd1', 'd2', 's1', 'e1'].includes(c);
  /** Who sees a campaign run at `owner`: staff above, at or below it, members under it (all in the audience here). */
  const sees = (c: CallerKey, k: CampaignKey) => model.seesInherited(c, OWNER[k]);
  const runs = (c: CallerKey, k: CampaignKey) => c === 'admin' || model.home(c) === OWNER[k] && c !== 'member';
  const keyOf = (id: string) => (Object.entries(ids).find(([, v]) => v.campaign === id)?.[0] ?? id) as CampaignKey;
  const rows = async () => ({
    campaigns: await g.casesDb.getRepository(CampaignRow).count(),
    points: await g.casesDb.getRepository(InterviewPointRow).count(),
    questionnaires: await g.casesDb.getRepository(QuestionnaireRow).count(),
    interviews: await g.casesDb.getRepository(InterviewRow).find({ order: { id: 'ASC' } }),
    cases: await g.casesDb.getRepository(CaseRow).count(),
  });
  /** A write on campaign A by someone who does not run it: above or below it FORBIDDEN, beside it NOT_FOUND, other roles refused by role. */
  const refusedOnA = (c: CallerKey, field: string, roles = STAFF) => {
    if (!isStaff(c)) return refusedByRole(c, 'cases', field, roles);
    return { path: [field], extensions: { code: sees(c, 'A') ? 'FORBIDDEN' : 'NOT_FOUND' } };
  };

  beforeAll(async () => {
    g = await startTestGraph(engine, graph);
    model = new Oracle(g.fixture);
    for (const c of CALLERS) tokens[c] = await tokenFor(c, g.fixture);
    org = (k) => g.fixture.orgs[k].id;
    const setUp = async (k: CampaignKey, token: string, pointAt: OrgKey) => {
      const call = async <T>(q: string, v: Record<string, unknown>): Promise<T> => {
        const res = await g.gql<T>(token, q, v);
        if (res.errors) throw new Error(`${q.slice(0, 40)}: ${res.errors[0].message}`);
        return res.data!;
      };
      const { createInterviewCampaign: c } = await call<{ createInterviewCampaign: { id: string } }>(CREATE, { i: campaignInput(OWNER[k]) });
      const { addInterviewPoints: [p] } = await call<{ addInterviewPoints: { id: string }[] }>(POINTS, { c: c.id, p: [{ orgId: org(pointAt), name: '职工之家访谈点', kind: 'UNION_POST' }] });
      const general = await call<{ publishQuestionnaire: { id: string } }>(PUBLISH, { c: c.id, i: { audience: 'GENERAL', title: '通用版', questions: ['您的工作', '您的诉求'] } });
      const nef = await call<{ publishQuestionnaire: { id: string } }>(PUBLISH, { c: c.id, i: { audience: 'NEW_EMPLOYMENT_FORM', title: '新就业形态版', questions: ['您跑哪个平台'] } });
      ids[k] = { campaign: c.id, point: p.id, general: general.publishQuestionnaire.id, nef: nef.publishQuestionnaire.id };
    };
    await setUp('A', tokens.d1!, 'e1');
    await setUp('B', tokens.d2!, 'e3');
    const e3 = await staffTokenFor('e3', g.fixture);
    for (const [token, k] of [[tokens.e1!, 'A'], [e3, 'B']] as const) {
      const res = await g.gql(token, RECORD, { i: interviewAt(k) });
      if (res.errors) throw new Error(`recordInterview: ${res.errors[0].message}`);
    }
  });
  afterAll(() => g?.stop());

  test.each(CALLERS)('interviewCampaigns and interviewCampaign(id): %s sees exactly the campaigns that reach it', async (caller) => {
    const list = await g.gql<{ interviewCampaigns: { edges: { node: { id: string } }[] } }>(tokens[caller], '{ interviewCampaigns(first: 50) { edges { node { id title org { id } } } } }');
    const expected = (['A', 'B'] as CampaignKey[]).filter((k) => sees(caller, k));
    if (!isStaff(caller) && caller !== 'member') {
      expect(errorOf(list)).toEqual(refusedByRole(caller, 'cases', 'interviewCampaigns', 'union staff, admins and members'));
      return;
    }
    expect(list.errors).toBeUndefined();
    expect(list.data!.interviewCampaigns.edges.map((e) => keyOf(e.node.id)).filter((k) => k in OWNER).sort()).toEqual(expected);
    for (const k of ['A', 'B'] as CampaignKey[]) {
      const one = await g.gql<{ interviewCampaign: { id: string } | null }>(tokens[caller], 'query($id: ID!) { interviewCampaign(id: $id) { id questionnaires { audience version } } }', { id: ids[k].campaign });
      expect(one.errors).toBeUndefined();
      expect([k, one.data!.interviewCampaign?.id ?? null]).toEqual([k, expected.includes(k) ? ids[k].campaign : null]);
    }
  });

  test.each(CALLERS)('campaignProgress: %s gets campaign A\'s figures for its part, null when it does not see it', async (caller) => {
    const res = await g.gql<{ campaignProgress: { orgId: string; cumulative: number; problemsRaised: number } | null }>(tokens[caller],
      'query($c: ID!) { campaignProgress(campaignId: $c) { orgId cumulative problemsRaised byOrg { orgId interviews } } }', { c: ids.A.campaign });
    if (!isStaff(caller)) {
      expect(errorOf(res)).toEqual(refusedByRole(caller, 'cases', 'campaignProgress', STAFF));
      return;
    }
    expect(res.errors).toBeUndefined();
    if (!sees(caller, 'A')) {
      expect(res.data!.campaignProgress).toBeNull();
      return;
    }
    // The owner's whole subtree for it and those above; their own part for those taking part from below. Counted straight from the rows.
    const counted: OrgKey = caller === 'admin' || model.seesOrg(caller, 'd1') ? 'd1' : model.home(caller)!;
    const mine = (await g.casesDb.getRepository(InterviewRow).findBy({ campaignId: ids.A.campaign })).filter((r) => r.orgPath.startsWith(g.fixture.orgs[counted].path) && r.heldOn <= daysAgo(0));
    const problems = await g.casesDb.getRepository(CaseRow).findBy({ sourceKind: 'INTERVIEW' as never });
    expect(res.data!.campaignProgress).toMatchObject({ orgId: org(counted), cumulative: mine.length, problemsRaised: problems.filter((c) => mine.some((r) => r.id === c.sourceId)).length });
  });

  test.each(CALLERS)('createInterviewCampaign: %s starts a campaign of d1 only as its staff or an admin', async (caller) => {
    const before = await rows();
    const res = await g.gql<{ createInterviewCampaign: { org: { id: string } } | null }>(tokens[caller], CREATE, { i: campaignInput('d1', `第${CALLERS.indexOf(caller)}期大访谈`) });
    const after = await rows();
    if (runs(caller, 'A')) {
      expect(res.errors).toBeUndefined();
      expect(res.data!.createInterviewCampaign!.org.id).toBe(org('d1'));
      expect(after.campaigns).toBe(before.campaigns + 1);
      return;
    }
    // Above d1 it is not theirs; below or beside it, d1 is not in their scope.
    const code = model.seesOrg(caller, 'd1') ? 'FORBIDDEN' : 'NOT_FOUND';
    expect(errorOf(res)).toMatchObject(isStaff(caller) ? { path: ['createInterviewCampaign'], extensions: { code, field: 'orgId' } } : refusedByRole(caller, 'cases', 'createInterviewCampaign', STAFF));
    expect(after).toEqual(before);
  });

  test.each(CALLERS)('addInterviewPoints and publishQuestionnaire: %s changes campaign A only as its staff or an admin', async (caller) => {
    const before = await rows();
    const added = await g.gql<{ addInterviewPoints: { id: string }[] | null }>(tokens[caller], POINTS, { c: ids.A.campaign, p: [{ orgId: org('e2'), name: `宿舍区访谈点${caller}`, kind: 'DORMITORY' }] });
    const published = await g.gql<{ publishQuestionnaire: { version: number } | null }>(tokens[caller], PUBLISH, { c: ids.A.campaign, i: { audience: 'GENERAL', title: '通用版（修订）', questions: ['您的工作'] } });
    const after = await rows();
    if (runs(caller, 'A')) {
      expect([added.errors, published.errors]).toEqual([undefined, undefined]);
      expect([after.points, after.questionnaires]).toEqual([before.points + 1, before.questionnaires + 1]);
      return;
    }
    expect(errorOf(added)).toMatchObject(refusedOnA(caller, 'addInterviewPoints'));
    expect(errorOf(published)).toMatchObject(refusedOnA(caller, 'publishQuestionnaire'));
    expect(after).toEqual(before);
  });

  test.each(CALLERS)('recordInterview: %s records at A\'s point at e1 only from e1 up to d1 (or as an admin)', async (caller) => {
    const before = await rows();
    const res = await g.gql<{ recordInterview: { mode: string; cases: { channel: string; sourceKind: string }[] } | null }>(tokens[caller], RECORD, { i: interviewAt('A') });
    const after = await rows();
    const takesPart = caller === 'admin' || (isStaff(caller) && model.seesOrg(caller, 'e1') && model.under(model.home(caller)!, 'd1'));
    if (takesPart) {
      expect(res.errors).toBeUndefined();
      expect(res.data!.recordInterview).toEqual({ id: expect.any(String), mode: 'FACE_TO_FACE', cases: [{ id: expect.any(String), channel: 'INTERVIEW_CAMPAIGN', sourceKind: 'INTERVIEW' }] });
      expect([after.interviews.length, after.cases]).toEqual([before.interviews.length + 1, before.cases + 1]);
      return;
    }
    // Above the owner: followed, not recorded; beside the point: it does not exist.
    const code = model.seesOrg(caller, 'e1') ? 'FORBIDDEN' : 'NOT_FOUND';
    expect(errorOf(res)).toMatchObject(isStaff(caller) ? { path: ['recordInterview'], extensions: { code } } : refusedByRole(caller, 'cases', 'recordInterview', STAFF));
    expect(after).toEqual(before);
  });

  test.each(CALLERS)('answerInterviewCampaign: %s answers A online only as a member it reaches; B does not reach m1', async (caller) => {
    const before = await rows();
    const answer = (k: CampaignKey) => g.gql<{ answerInterviewCampaign: { mode: string; age: number; cases: { id: string; member: { id: string } | null }[] } | null }>(tokens[caller], ANSWER,
      { i: { campaignId: ids[k].campaign, questionnaireId: ids[k].general, answers: ['还行'], problems: [{ kind: 'SUGGESTION', description: '建议食堂延长晚餐时间' }] } });
    const res = await answer('A');
    if (caller !== 'member') {
      expect(errorOf(res)).toEqual(refusedByRole(caller, 'cases', 'answerInterviewCampaign', 'members'));
      expect(await rows()).toEqual(before);
      return;
    }
    expect(res.errors).toBeUndefined();
    // The age as members' birth date gives it today, worked out by hand.
    const born = String(g.fixture.members.m1.birthDate).slice(0, 10);
    const today = daysAgo(0);
    const age = Number(today.slice(0, 4)) - Number(born.slice(0, 4)) - (today.slice(5) < born.slice(5) ? 1 : 0);
    expect(res.data!.answerInterviewCampaign).toEqual({ id: expect.any(String), mode: 'ONLINE', age, cases: [{ id: expect.any(String), member: { id: g.fixture.members.m1.id } }] });
    const mid = await rows();
    expect([mid.interviews.length, mid.cases]).toEqual([before.interviews.length + 1, before.cases + 1]);
    expect(errorOf(await answer('B'))).toMatchObject({ path: ['answerInterviewCampaign'], extensions: { code: 'NOT_FOUND' } });
    expect(errorOf(await answer('A'))).toMatchObject({ path: ['answerInterviewCampaign'], extensions: { code: 'DUPLICATE' } });
    expect(await rows()).toEqual(mid);
    // The member's case leads back to the campaign; the campaign's problem list shows the member only their own.
    const caseId = res.data!.answerInterviewCampaign!.cases[0].id;
    const back = await g.gql<{ case: { interview: { campaign: { id: string } } } }>(tokens.member, 'query($id: ID!) { case(id: $id) { interview { mode campaign { id } } } }', { id: caseId });
    expect(back.data!.case.interview.campaign.id).toBe(ids.A.campaign);
    const list = await g.gql<{ interviewCampaign: { problems: { edges: { node: { id: string } }[] } } }>(tokens.member, 'query($id: ID!) { interviewCampaign(id: $id) { problems(first: 50) { edges { node { id } } } } }', { id: ids.A.campaign });
    expect(list.data!.interviewCampaign.problems.edges.map((e) => e.node.id)).toEqual([caseId]);
  });
});
