/**
 * 大访谈 in a real browser against the real graph: a district runs a campaign; an enterprise
 * union taking part records a face-to-face interview whose problem joins the problem list;
 * a member's problem, closed and rated satisfied, moves to the satisfied list; every figure
 * on screen is the one the API gives; a sibling district sees no campaign.
 */
import type { Browser, Page } from 'playwright-core';
import type { TestGraph } from '../../test/src/harness/graph';
import { enginesForSuites } from '../../test/src/harness/engines';
import { tokenFor, type CallerKey } from '../../test/src/e2e/callers';
import { closeGraphAndBrowser, newPage, openGraphAndBrowser, shot, signIn } from './browser';

/** A Shanghai calendar day, `n` days from today. */
const day = (n = 0): string => new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);

describe.each(enginesForSuites())('the 大访谈 page on %s', (engine) => {
  let graph: TestGraph;
  let browser: Browser;
  let base: string;
  beforeAll(async () => ({ graph, browser, base } = await openGraphAndBrowser(engine)));
  afterAll(() => closeGraphAndBrowser(graph, browser));

  const tok = (key: CallerKey) => tokenFor(key, graph.fixture) as Promise<string>;
  async function api<T = Record<string, unknown>>(token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
    const r = await graph.gql<T>(token, query, variables);
    if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
    return r.data as T;
  }
  const progress = async (key: CallerKey, id: string) => (await api<{ campaignProgress: Record<string, number> }>(await tok(key),
    'query($c: ID!) { campaignProgress(campaignId: $c) { cumulative online problemsRaised resolved satisfied expected } }', { c: id })).campaignProgress;
  const openCampaigns = async (identity: string): Promise<Page> => {
    const { page } = await newPage(browser);
    await signIn(page, base, identity);
    await page.getByRole('menuitem', { name: '大访谈' }).click();
    await page.waitForURL(`${base}/campaigns`);
    return page;
  };

  test('a sub-union records an interview whose problem joins the list; a satisfied problem moves to the satisfied list; the figures on screen are the API\'s', async () => {
    // The district's campaign, its points and questionnaires, and a month of interviews, through the API.
    const d1 = await tok('d1');
    const { createInterviewCampaign: c } = await api<{ createInterviewCampaign: { id: string } }>(d1, 'mutation($i: CreateInterviewCampaignInput!) { createInterviewCampaign(input: $i) { id } }', {
      i: { title: '百日万名青年职工大访谈', startsOn: day(-30), endsOn: day(69), target: 1000, maxAge: 45, focusNewEmployment: true, outline: '一问工作，二问生活，三问诉求' },
    });
    const o = graph.fixture.orgs;
    const { addInterviewPoints: points } = await api<{ addInterviewPoints: { id: string }[] }>(d1, 'mutation($c: ID!, $p: [InterviewPointInput!]!) { addInterviewPoints(campaignId: $c, points: $p) { id } }', {
      c: c.id, p: [{ orgId: o.e1.id, name: '一厂宿舍区访谈点', kind: 'DORMITORY' }, { orgId: o.e2.id, name: '园区工会驿站', kind: 'UNION_POST' }],
    });
    const publish = (audience: string, title: string, questions: string[]) => api(d1, 'mutation($c: ID!, $i: QuestionnaireInput!) { publishQuestionnaire(campaignId: $c, input: $i) { id } }', { c: c.id, i: { audience, title, questions } });
    await publish('GENERAL', '青年职工访谈问卷（通用版）', ['您的工作岗位？', '您最希望工会提供哪些服务？']);
    await publish('NEW_EMPLOYMENT_FORM', '新就业形态劳动者访谈问卷', ['您主要在哪个平台接单？', '您在休息、就餐、充电方面有什么困难？']);
    const { interviewCampaign: { questionnaires } } = await api<{ interviewCampaign: { questionnaires: { id: string; audience: string }[] } }>(d1, 'query($id: ID!) { interviewCampaign(id: $id) { questionnaires { id audience } } }', { id: c.id });
    const general = questionnaires.find((q) => q.audience === 'GENERAL')!.id;
    for (let n = 0; n < 12; n++) {
      await api(await tok(n % 2 ? 'e1' : 's1'), 'mutation($i: RecordInterviewInput!) { recordInterview(input: $i) { id } }', {
        i: { pointId: points[n % 2 ? 0 : 1].id, questionnaireId: general, heldOn: day(-25 + n * 2), age: 25 + n, employmentType: 'REGULAR', answers: ['好'], problems: [] },
      });
    }
    // m1 answers online and raises a problem: their case.
    const { answerInterviewCampaign: answered } = await api<{ answerInterviewCampaign: { cases: { id: string; version: number }[] } }>(await tok('member'),
      'mutation($i: AnswerInterviewCampaignInput!) { answerInterviewCampaign(input: $i) { cases { id version } } }',
      { i: { campaignId: c.id, questionnaireId: general, answers: ['车间', '技能培训'], problems: [{ kind: 'MICRO_WISH', description: '希望厂区开设夜校技能培训班' }] } });

    // e1 takes part: it sees the campaign in the list, its own part, and records an interview at its point.
    const page = await openCampaigns('e1');
    await page.getByTestId('campaigns').getByText('百日万名青年职工大访谈').click();
    await page.waitForURL(`${base}/campaigns/${c.id}`);
    await page.getByTestId('campaign-chart').waitFor();
    const before = await progress('e1', c.id);
    expect(await page.getByTestId('campaign-fig-cumulative').textContent()).toBe(String(before.cumulative));
    await page.getByRole('button', { name: '登记访谈' }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '登记访谈' });
    await modal.waitFor({ state: 'visible' });
    await modal.getByLabel('访谈点').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: '一厂宿舍区访谈点' }).click();
    // A chosen value covers the input: open the list by its box, as a cadre clicks it.
    await modal.locator('.ant-form-item').filter({ hasText: '就业形态' }).locator('.ant-select-selector').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: '外卖骑手' }).click();
    // A rider answers the new-employment-form version.
    await modal.getByTestId('questionnaire').getByText('新就业形态劳动者访谈问卷').waitFor();
    await modal.getByLabel('1. 您主要在哪个平台接单？').fill('美团');
    await modal.getByRole('button', { name: /添加职工反映的问题/ }).click();
    await modal.getByLabel('问题 1 类别').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: '急难愁盼' }).click();
    await modal.getByLabel('职工反映的问题').fill('夜间送餐电动车充电难，希望宿舍区增设充电桩');
    await modal.getByRole('button', { name: '保存访谈' }).click();
    const done = page.locator('.ant-message-success').filter({ hasText: '访谈已登记' });
    await done.or(page.locator('.ant-message-error')).first().waitFor({ timeout: 60_000 });
    expect(await done.textContent()).toMatch(/访谈已登记，1 个问题已列入题目清单/);

    // Through the API: the interview at e1's point on the rider's questionnaire, its case on the list.
    const listed = (await api<{ interviewCampaign: { problems: { edges: { node: { description: string; channel: string; raisedOrg: { id: string }; interview: { mode: string; audience: string } } }[] } } }>(await tok('e1'),
      'query($id: ID!) { interviewCampaign(id: $id) { problems(first: 50) { edges { node { description channel raisedOrg { id } interview { mode audience } } } } } }', { id: c.id })).interviewCampaign.problems.edges.map((e) => e.node);
    expect(listed.find((p) => p.description.startsWith('夜间送餐'))).toEqual({ description: '夜间送餐电动车充电难，希望宿舍区增设充电桩', channel: 'INTERVIEW_CAMPAIGN', raisedOrg: { id: o.e1.id }, interview: { mode: 'FACE_TO_FACE', audience: 'NEW_EMPLOYMENT_FORM' } });
    await page.getByTestId('problems').getByText('夜间送餐电动车充电难').waitFor();
    const after = await progress('e1', c.id);
    expect([after.cumulative, after.problemsRaised]).toEqual([before.cumulative + 1, before.problemsRaised + 1]);
    await page.getByTestId('campaign-fig-cumulative').filter({ hasText: new RegExp(`^${after.cumulative}$`) }).waitFor({ state: 'attached' });
    await shot(page, 'campaigns-e1');

    // m1's problem is handled, closed and rated satisfied: it moves to the satisfied list.
    const e1 = await tok('e1');
    const caseId = answered.cases[0].id;
    const accepted = await api<{ acceptCase: { version: number } }>(e1, 'mutation($id: ID!, $s: ID!, $d: ID) { acceptCase(id: $id, staffId: $s, departmentId: $d) { version } }', { id: caseId, s: graph.fixture.handlers.e1.staffId, d: graph.fixture.handlers.e1.departmentId });
    const resolved = await api<{ resolveCase: { version: number } }>(e1, 'mutation($id: ID!, $v: Int) { resolveCase(id: $id, version: $v, resolution: "已开设夜校技能培训班，每周两次") { version } }', { id: caseId, v: accepted.acceptCase.version });
    const signed = await api<{ signOffCase: { version: number } }>(e1, 'mutation($id: ID!, $v: Int) { signOffCase(id: $id, version: $v) { version } }', { id: caseId, v: resolved.resolveCase.version });
    await api(await tok('member'), 'mutation($id: ID!, $v: Int) { rateCase(id: $id, version: $v, rating: SATISFIED) { id } }', { id: caseId, v: signed.signOffCase.version });

    // The district sees the whole campaign: the same figures as the API, the satisfied list with m1's problem.
    const district = await openCampaigns('d1');
    await district.getByTestId('campaigns').getByText('百日万名青年职工大访谈').click();
    await district.getByTestId('campaign-chart').waitFor();
    const whole = await progress('d1', c.id);
    expect(whole.satisfied).toBe(1);
    for (const k of ['cumulative', 'online', 'problemsRaised', 'resolved', 'satisfied'] as const) {
      expect([k, await district.getByTestId(`campaign-fig-${k}`).textContent()]).toEqual([k, String(whole[k])]);
    }
    await district.locator('.ant-segmented').getByText('满意清单', { exact: true }).click();
    await district.getByTestId('problems').getByText('希望厂区开设夜校技能培训班').waitFor();
    expect(await district.getByTestId('problems').getByText('夜间送餐电动车充电难').count()).toBe(0);
    await district.locator('.ant-segmented').getByText('全部问题', { exact: true }).click();
    await district.getByTestId('problems').getByText('夜间送餐电动车充电难').waitFor();
    await shot(district, 'campaigns-d1');

    // A sibling district: no campaign reaches it.
    const sibling = await openCampaigns('d2');
    await sibling.getByText('目前没有覆盖本单位的大访谈').waitFor();
  });
});
