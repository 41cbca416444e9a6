import { chinaDate } from '@lianxin/members-client';
import { testDatabases } from '@lianxin/jest-config/databases';
import { buildSchema, graphql, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { AuthorizationError } from 'type-graphql';
import { newId, type Caller } from '@lianxin/auth';
import { buildSubgraph, ErrorCode, sqlStats, type OrgInfo } from '@lianxin/subgraph';
import { callerStub, contextFor, failure, firstError, freezeProcessClock, orgTree, roleRefusal, silentLog, unionOutOfScope, unseen } from '@lianxin/test-kit';
import { openCasesDatabase } from '../../app';
import { buildCasesSubgraph } from '../../schema';
import { Rating } from '../../casefile/case.enums';
import { QuestionKind, SurveyAnswerRow, SurveyResponseRow, type SurveyRow } from '../evaluation.entity';
import { questionsOf, responseCountOf, satisfactionOf } from '../evaluation.loader';
import { evaluationResolvers } from '../evaluation.resolver';
import * as sut from '../evaluation.service';
import { CreateSurveyInput, SubmitSurveyResponseInput, SurveyAnswerInput, SurveyQuestionInput, type SatisfactionFigure } from '../evaluation.types';


const engines = testDatabases('evaluation', (o) => openCasesDatabase({ ...o, log: silentLog }));

/** 2030-06-15 12:00 in Beijing: fixed so the open/close window does not depend on when the test runs. */
const NOW = new Date('2030-06-15T04:00:00Z');
const { SATISFIED: S, BASICALLY_SATISFIED: B, UNSATISFIED: U } = Rating;

const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);


describe.each(engines)('evaluations (微评议) on $name', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;

  // The org tree is the members subgraph's, faked; the database under test is real.
  const { city, d1, d2, s1, s2, e1, e2, e3, directory } = orgTree();

  const { admin, staff, memberAt: member, partner } = callerStub;
  const ctxOf = contextFor({ db: () => db, orgs: directory });

  const question = (kind: QuestionKind, text: string) => Object.assign(new SurveyQuestionInput(), { kind, text });
  function surveyInput(org: OrgInfo, over: Partial<CreateSurveyInput> = {}): CreateSurveyInput {
    return Object.assign(new CreateSurveyInput(), {
      orgId: org.id,
      title: '2030年职工服务满意度微评议',
      opensOn: '2030-06-01',
      closesOn: '2030-06-30',
      questions: [question(QuestionKind.RATING, '对工会服务态度是否满意?'), question(QuestionKind.RATING, '对诉求办理结果是否满意?'), question(QuestionKind.TEXT, '您的意见和建议')],
      ...over,
    });
  }
  const create = (caller: Caller, input: CreateSurveyInput) => sut.createSurvey(ctxOf(caller), input, NOW);

  async function questionIds(survey: SurveyRow): Promise<string[]> {
    return (await questionsOf(ctxOf(admin)).load(survey.id)).map((q) => q.id);
  }
  /** Answers in question order: ratings for the two rating questions, optional text for the third. */
  async function answers(survey: SurveyRow, ratings: (Rating | null)[], text?: string): Promise<SurveyAnswerInput[]> {
    const [q1, q2, q3] = await questionIds(survey);
    const list: SurveyAnswerInput[] = [
      Object.assign(new SurveyAnswerInput(), { questionId: q1, rating: ratings[0] }),
      Object.assign(new SurveyAnswerInput(), { questionId: q2, rating: ratings[1] }),
    ];
    if (text !== undefined) list.push(Object.assign(new SurveyAnswerInput(), { questionId: q3, text }));
    return list;
  }
  async function submit(caller: Caller, survey: SurveyRow, ratings: (Rating | null)[], opts: { orgId?: string; text?: string; now?: Date } = {}) {
    const input = Object.assign(new SubmitSurveyResponseInput(), { surveyId: survey.id, orgId: opts.orgId, answers: await answers(survey, ratings, opts.text) });
    return sut.submitSurveyResponse(ctxOf(caller), input, opts.now ?? NOW);
  }
  const written = async () => ({
    responses: await db.getRepository(SurveyResponseRow).count(),
    answers: await db.getRepository(SurveyAnswerRow).count(),
  });
  const figure = (caller: Caller, survey: SurveyRow, orgId?: string) => satisfactionOf(ctxOf(caller)).load({ survey, orgId });

  beforeAll(async () => {
    ({ db, close } = await engine.open());
  });

  afterAll(async () => {
    await close?.();
  });

  describe('satisfaction figures', () => {
    type District = 'd1' | 'd2' | null;
    // Who answered where, labelled by district by hand: the expectation never looks at org paths.
    const plan: { who: () => Caller; at: OrgInfo; district: District; ratings: [Rating, Rating]; paper?: boolean; text?: string }[] = [
      { who: () => member(e1), at: e1, district: 'd1', ratings: [S, S], text: '服务热情' },
      { who: () => member(e1), at: e1, district: 'd1', ratings: [B, U] },
      { who: () => member(e2), at: e2, district: 'd1', ratings: [U, U], text: '办理太慢' },
      { who: () => member(s1), at: s1, district: 'd1', ratings: [S, B] },
      { who: () => member(e3), at: e3, district: 'd2', ratings: [S, S] },
      { who: () => staff(city), at: s2, district: 'd2', ratings: [B, S], paper: true },
      { who: () => staff(city), at: e3, district: 'd2', ratings: [S, B], paper: true, text: '希望多办活动' },
      { who: () => admin, at: city, district: null, ratings: [U, S], paper: true },
    ];

    function expected(orgId: string, include: (d: District) => boolean): SatisfactionFigure {
      const rows = plan.filter((p) => include(p.district));
      const all = rows.flatMap((p) => p.ratings);
      const satisfied = all.filter((r) => r === S).length;
      const basically = all.filter((r) => r === B).length;
      const unsatisfied = all.filter((r) => r === U).length;
      return { orgId, total: all.length, satisfied, basicallySatisfied: basically, unsatisfied, rate: all.length ? (satisfied + basically) / all.length : null, respondents: rows.length };
    }

    let survey: SurveyRow;
    beforeAll(async () => {
      survey = await create(staff(city), surveyInput(city));
      for (const p of plan) await submit(p.who(), survey, p.ratings, { orgId: p.paper ? p.at.id : undefined, text: p.text });
    });

    it('counts every rating answer in the survey org\'s subtree, rate = (satisfied + basically) / total', async () => {
      const whole = await figure(admin, survey);
      expect(whole).toEqual(expected(city.id, () => true));
      // By hand: 16 ratings, 8 satisfied, 4 basically, 4 unsatisfied, over 8 questionnaires.
      expect(whole).toMatchObject({ total: 16, satisfied: 8, basicallySatisfied: 4, unsatisfied: 4, respondents: 8, rate: 0.75 });
      expect(await figure(staff(city), survey)).toEqual(whole);
    });

    it('counts a named org\'s subtree only', async () => {
      expect(await figure(admin, survey, d1.id)).toEqual(expected(d1.id, (d) => d === 'd1'));
      expect(await figure(admin, survey, d2.id)).toEqual(expected(d2.id, (d) => d === 'd2'));
      const e1Only = await figure(admin, survey, e1.id);
      expect(e1Only).toMatchObject({ total: 4, satisfied: 2, basicallySatisfied: 1, unsatisfied: 1, respondents: 2, rate: 0.75 });
    });

    it('a district caller never counts the other district, even asking for the whole survey', async () => {
      // d1 sees the city's survey (handed down to it)...
      expect((await sut.getSurvey(ctxOf(staff(d1)), survey.id))?.id).toBe(survey.id);
      // ...but by default its figure is d1's own part, and every count is scoped on where each answer was given.
      expect(await figure(staff(d1), survey)).toEqual(expected(d1.id, (d) => d === 'd1'));
      expect(await figure(staff(d1), survey, city.id)).toBeNull();
      expect(await figure(staff(d1), survey, d2.id)).toBeNull();
      expect(await figure(staff(d1), survey, d1.id)).toEqual(expected(d1.id, (d) => d === 'd1'));
    });

    it('gives no rate while nothing was rated', async () => {
      const quiet = await create(admin, surveyInput(d2, { title: '尚无答卷' }));
      expect(await figure(admin, quiet)).toEqual({ orgId: d2.id, total: 0, satisfied: 0, basicallySatisfied: 0, unsatisfied: 0, rate: null, respondents: 0 });
    });

    it('reads a page of surveys in a fixed number of statements', async () => {
      await create(admin, surveyInput(d1, { title: '第二份' }));
      const statementsFor = async (first: number) => {
        const ctx = ctxOf(admin);
        const before = sqlStats.statements;
        const page = await sut.listSurveys(ctx, { first });
        await Promise.all(
          page.edges.flatMap(({ node }) => [questionsOf(ctx).load(node.id), responseCountOf(ctx).load(node.id), satisfactionOf(ctx).load({ survey: node }), satisfactionOf(ctx).load({ survey: node, orgId: d1.id })]),
        );
        return { n: page.edges.length, statements: sqlStats.statements - before };
      };
      const one = await statementsFor(1);
      const many = await statementsFor(50);
      expect(one.n).toBe(1);
      expect(many.n).toBeGreaterThanOrEqual(3);
      expect(many.statements).toBe(one.statements);
    });
  });

  describe('answering', () => {
    let survey: SurveyRow;
    beforeAll(async () => {
      survey = await create(staff(d1), surveyInput(d1, { title: '区总服务评议' }));
    });

    it('takes a member\'s answers once; the second try is DUPLICATE and writes nothing', async () => {
      const me = member(e2);
      const response = await submit(me, survey, [S, B], { text: '  很好  ' });
      expect(response).toMatchObject({ surveyId: survey.id, orgId: e2.id, orgPath: e2.path, memberId: me.memberId, onceKey: `${survey.id}:${me.memberId}` });
      const stored = await db.getRepository(SurveyAnswerRow).find({ where: { responseId: response.id } });
      expect(stored.map((a) => a.text ?? a.rating).sort()).toEqual([B, S, '很好'].sort());
      expect(stored.every((a) => a.orgPath === e2.path)).toBe(true);

      const before = await written();
      const again = sut.submitSurveyResponse(ctxOf(me), Object.assign(new SubmitSurveyResponseInput(), { surveyId: survey.id, answers: await answers(survey, [U, U]) }), NOW);
      await expect(again).rejects.toMatchObject({ extensions: { code: ErrorCode.DUPLICATE }, message: expect.stringMatching(/already answered/) });
      expect(await written()).toEqual(before);
      expect(await responseCountOf(ctxOf(me)).load(survey.id)).toBe(1);
      expect(await responseCountOf(ctxOf(member(e2))).load(survey.id)).toBe(0);
    });

    it('lets staff record several paper questionnaires for a union in their scope', async () => {
      const a = await submit(staff(d1), survey, [S, S], { orgId: e1.id });
      const b = await submit(staff(d1), survey, [S, S], { orgId: e1.id });
      const c = await submit(staff(d1), survey, [U, S]);
      expect(a).toMatchObject({ orgId: e1.id, memberId: null, onceKey: null });
      expect(b).toMatchObject({ orgId: e1.id, memberId: null, onceKey: null });
      expect(c).toMatchObject({ orgId: d1.id, memberId: null, onceKey: null });
      // A street sees its district's survey and records paper forms for its own unions, not for others.
      const d = await submit(staff(s1), survey, [S, S]);
      expect(d).toMatchObject({ orgId: s1.id, memberId: null });
      expect(await failure(submit(staff(s1), survey, [S, S], { orgId: d1.id }))).toEqual(unionOutOfScope('orgId', d1.id));
    });

    it('refuses a closed or not yet open survey, on the Beijing calendar, and writes nothing', async () => {
      const before = await written();
      // 2030-07-01 01:00 in Beijing, still 2030-06-30 in UTC.
      expect(await failure(submit(member(e1), survey, [S, S], { now: new Date('2030-06-30T17:00:00Z') }))).toEqual({ message: 'This survey closed on 2030-06-30 and takes no more answers. Ask the union running it whether a new survey is planned.', extensions: { code: ErrorCode.INVALID_STATE } });
      expect(await failure(submit(staff(d1), survey, [S, S], { orgId: e1.id, now: new Date('2030-07-02T04:00:00Z') }))).toEqual({ message: 'This survey closed on 2030-06-30 and takes no more answers. Ask the union running it whether a new survey is planned.', extensions: { code: ErrorCode.INVALID_STATE } });
      expect(await failure(submit(member(e1), survey, [S, S], { now: new Date('2030-05-31T15:00:00Z') }))).toEqual({ message: 'This survey opens on 2030-06-01 (Beijing time); submit answers from that day on.', extensions: { code: ErrorCode.INVALID_STATE } });
      expect(await written()).toEqual(before);
      // 23:59 on the closing day in Beijing is still open.
      await submit(member(e1), survey, [S, S], { now: new Date('2030-06-30T15:59:00Z') });
      expect(await written()).toEqual({ responses: before.responses + 1, answers: before.answers + 2 });
    });

    it('refuses incomplete or foreign answers with BAD_USER_INPUT and writes nothing', async () => {
      const before = await written();
      const [q1, q2, q3] = await questionIds(survey);
      const input = (list: Partial<SurveyAnswerInput>[]) =>
        Object.assign(new SubmitSurveyResponseInput(), { surveyId: survey.id, answers: list.map((a) => Object.assign(new SurveyAnswerInput(), a)) });
      const stray = newId();
      // Each attempt, the field it is refused on, and what the member is told.
      const attempts: [Partial<SurveyAnswerInput>[], string, string][] = [
        [[{ questionId: q1, rating: S }], 'answers', 'rate every rating question; still missing: question 2'],
        [[{ questionId: q1, rating: S }, { questionId: q2 }], 'answers[1].rating', 'question 2 is a rating question: answer SATISFIED, BASICALLY_SATISFIED or UNSATISFIED'],
        [[{ questionId: q1, rating: S }, { questionId: q2, rating: S }, { questionId: stray, rating: S }], 'answers[2].questionId', `${stray} is not a question of this survey; use the ids from Survey.questions`],
        [[{ questionId: q1, rating: S }, { questionId: q2, rating: S }, { questionId: q1, rating: U }], 'answers[2].questionId', 'question 1 is answered twice; send one answer per question'],
        [[{ questionId: q1, rating: S }, { questionId: q2, rating: S }, { questionId: q3, rating: S }], 'answers[2].rating', 'question 3 asks for text, not a rating'],
        [[{ questionId: q1, rating: S }, { questionId: q2, rating: S }, { questionId: q3, text: '长'.repeat(1001) }], 'answers[2].text', 'must be at most 1000 characters'],
      ];
      for (const [list, field, problem] of attempts) {
        expect(await failure(sut.submitSurveyResponse(ctxOf(member(e1)), input(list), NOW))).toEqual({ message: `${field}: ${problem}`, extensions: { code: ErrorCode.BAD_USER_INPUT, field } });
      }
      expect(await written()).toEqual(before);
    });

    it('counts a member only inside the survey\'s subtree', async () => {
      // d2's member cannot see d1's survey: not found, as if it did not exist.
      expect(await failure(submit(member(e3), survey, [S, S]))).toEqual(unseen('survey', survey.id));
      expect(await failure(submit(member(e1), survey, [S, S], { orgId: e3.id }))).toEqual({ message: 'orgId: members answer for their own union; leave orgId out', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'orgId' } });
      // City staff see d1's survey, but a paper form from d2 does not belong in it.
      expect(await failure(submit(staff(city), survey, [S, S], { orgId: e3.id }))).toEqual({ message: 'orgId: that union is not under the union running this survey; record the questionnaire under a union it covers', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'orgId' } });
    });
  });

  describe('scope', () => {
    let d1Survey: SurveyRow;
    let d2Survey: SurveyRow;
    let citySurvey: SurveyRow;
    beforeAll(async () => {
      d1Survey = await create(staff(d1), surveyInput(s1, { title: '街道评议' }));
      d2Survey = await create(staff(d2), surveyInput(d2, { title: '二区评议' }));
      citySurvey = await create(admin, surveyInput(city, { title: '全市评议' }));
    });

    it('gives an out-of-scope staff caller NOT_FOUND on writes and null on reads', async () => {
      const outsider = staff(d2);
      expect(await failure(create(outsider, surveyInput(d1)))).toEqual(unionOutOfScope('orgId', d1.id));
      expect(await failure(create(staff(e1), surveyInput(s1)))).toEqual(unionOutOfScope('orgId', s1.id));
      const ghostOrg = newId();
      expect(await failure(create(outsider, Object.assign(surveyInput(d2), { orgId: ghostOrg })))).toEqual(unionOutOfScope('orgId', ghostOrg));
      expect(await sut.getSurvey(ctxOf(outsider), d1Survey.id)).toBeNull();
      // The city's survey is handed down to every district, d2 included.
      expect((await sut.getSurvey(ctxOf(outsider), citySurvey.id))?.id).toBe(citySurvey.id);
      expect(await sut.getSurvey(ctxOf(staff(e1)), d2Survey.id)).toBeNull();
      const before = await written();
      expect(await failure(submit(outsider, d1Survey, [S, S], { orgId: e1.id }))).toEqual(unionOutOfScope('orgId', e1.id));
      expect(await failure(submit(outsider, d1Survey, [S, S], { orgId: e3.id }))).toEqual(unseen('survey', d1Survey.id));
      expect(await failure(submit(staff(d1), d1Survey, [S, S], { orgId: e3.id }))).toEqual(unionOutOfScope('orgId', e3.id));
      expect(await written()).toEqual(before);
      expect(await figure(outsider, d1Survey, d1.id)).toBeNull();
    });

    it('lists surveys run in a staff caller\'s subtree or above it, narrowed by org', async () => {
      const ids = async (caller: Caller, orgId?: string) => (await sut.listSurveys(ctxOf(caller), { first: 500, orgId })).edges.map((e) => e.node.id);
      const d2Sees = await ids(staff(d2));
      expect(d2Sees).toContain(d2Survey.id);
      expect(d2Sees).not.toContain(d1Survey.id);
      expect(d2Sees).toContain(citySurvey.id); // run above d2, handed down to it
      expect(await ids(staff(d2), d1.id)).toEqual([]);
      const underS1 = await ids(admin, s1.id);
      expect(underS1).toContain(d1Survey.id);
      expect(underS1).not.toContain(d2Survey.id);
    });

    it('shows a member the surveys of their union and the unions above it', async () => {
      const me = member(e1);
      const seen = (await sut.listSurveys(ctxOf(me), { first: 500 })).edges.map((e) => e.node);
      expect(seen.map((s) => s.id)).toEqual(expect.arrayContaining([d1Survey.id, citySurvey.id]));
      expect(seen.map((s) => s.id)).not.toContain(d2Survey.id);
      expect(seen.every((s) => e1.path.startsWith(s.orgPath))).toBe(true);
      expect(await sut.getSurvey(ctxOf(me), d2Survey.id)).toBeNull();
      expect(await sut.getSurvey(ctxOf(member(e3)), d2Survey.id)).not.toBeNull();
    });

    it('pages in org-tree order without gaps or repeats', async () => {
      const all = (await sut.listSurveys(ctxOf(admin), { first: 500 })).edges.map((e) => e.node.id);
      const paged: string[] = [];
      let after: string | null = null;
      do {
        const page: sut.SurveyPage = await sut.listSurveys(ctxOf(admin), { first: 2, after });
        paged.push(...page.edges.map((e) => e.node.id));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(paged).toEqual(all);
      expect(await failure(sut.listSurveys(ctxOf(admin), { first: 2, after: 'bm90IGEgY3Vyc29y' }))).toEqual({ message: 'after: is not a cursor from a previous page; pass pageInfo.endCursor unchanged', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'after' } });
    });

    it('checks survey input in the service too', async () => {
      expect(await failure(create(admin, surveyInput(d1, { closesOn: '2030-05-31' })))).toEqual({ message: 'closesOn: 2030-05-31 is before opensOn (2030-06-01); swap them', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'closesOn' } });
      expect(await failure(create(admin, surveyInput(d1, { opensOn: '2030-02-30' })))).toEqual({ message: 'opensOn: "2030-02-30" is not a calendar date; write it YYYY-MM-DD', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'opensOn' } });
      expect(await failure(create(admin, surveyInput(d1, { opensOn: '2030-06-01', closesOn: '2030-06-14' })))).toEqual({ message: 'closesOn: 2030-06-14 has already passed (today is 2030-06-15); pick a day from today on', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'closesOn' } });
      expect(await failure(create(admin, surveyInput(d1, { title: '   ' })))).toEqual({ message: 'title: must not be blank', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'title' } });
      expect(await failure(create(admin, surveyInput(d1, { questions: [] })))).toEqual({ message: 'questions: a survey asks 1 to 30 questions; this one has 0', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'questions' } });
    });
  });

  describe('through the schema', () => {
    let schema: GraphQLSchema;
    let full: Awaited<ReturnType<typeof buildCasesSubgraph>>;
    const today = chinaDate(NOW);
    const exec = (caller: Caller, source: string, variableValues?: Record<string, unknown>) => graphql({ schema, source, variableValues, contextValue: ctxOf(caller) });

    beforeAll(async () => {
      schema = (await buildSubgraph({ name: 'cases', resolvers: [...evaluationResolvers] })).schema;
      full = await buildCasesSubgraph();
    });
    // The resolvers read the time themselves: from here the process clock stands at NOW (after
    // the schemas are built: type-graphql knows only the real Date as a scalar).
    freezeProcessClock(NOW);

    const CREATE = `mutation($input: CreateSurveyInput!) { createSurvey(input: $input) { id orgId title opensOn closesOn questions { id ordinal text kind } } }`;
    const input = (over: Record<string, unknown> = {}) => ({
      orgId: d1.id,
      title: '评议',
      opensOn: today,
      closesOn: addDays(today, 30),
      questions: [{ text: '满意吗?', kind: 'RATING' }, { text: '建议', kind: 'TEXT' }],
      ...over,
    });

    it('creates, answers and reports a survey', async () => {
      const created = await exec(staff(d1), CREATE, { input: input() });
      expect(created.errors).toBeUndefined();
      const survey = created.data!.createSurvey as { id: string; opensOn: string; questions: { id: string; ordinal: number; kind: string }[] };
      expect(survey.opensOn).toBe(today);
      expect(survey.questions.map((q) => [q.ordinal, q.kind])).toEqual([[1, 'RATING'], [2, 'TEXT']]);

      const answered = await exec(member(e1), `mutation($input: SubmitSurveyResponseInput!) { submitSurveyResponse(input: $input) { orgId survey { id } } }`, {
        input: { surveyId: survey.id, answers: [{ questionId: survey.questions[0].id, rating: 'BASICALLY_SATISFIED' }] },
      });
      expect(answered.errors).toBeUndefined();
      expect(answered.data!.submitSurveyResponse).toEqual({ orgId: e1.id, survey: { id: survey.id } });

      const read = await exec(staff(d1), `{ survey(id: "${survey.id}") { responseCount satisfaction { total basicallySatisfied rate respondents } s1: satisfaction(orgId: "${s1.id}") { total } other: satisfaction(orgId: "${d2.id}") { total } } }`);
      expect(read.errors).toBeUndefined();
      expect(read.data!.survey).toEqual({ responseCount: 1, satisfaction: { total: 1, basicallySatisfied: 1, rate: 1, respondents: 1 }, s1: { total: 1 }, other: null });
    });

    it('keeps figures from members and everything from partners', async () => {
      const list = await exec(member(e1), `{ surveys(first: 5) { edges { node { title responseCount satisfaction { rate } } } } }`);
      expect(list.errors?.length).toBeGreaterThan(0);
      expect(list.errors!.every((e) => e.originalError instanceof AuthorizationError && e.path?.includes('satisfaction'))).toBe(true);
      const partnerList = await exec(partner, `{ surveys { edges { node { id } } } }`);
      expect(firstError(partnerList)).toEqual(roleRefusal('surveys', 'members, union staff and admins', 'partner desks'));
      const partnerCreate = await exec(partner, CREATE, { input: input() });
      expect(firstError(partnerCreate)).toEqual(roleRefusal('createSurvey', 'union staff and admins', 'partner desks'));
      const memberCreate = await exec(member(e1), CREATE, { input: input() });
      expect(firstError(memberCreate)).toEqual(roleRefusal('createSurvey', 'union staff and admins', 'members'));
    });

    it('joins the cases subgraph under these names', async () => {
      const { sdl } = full;
      expect(Object.keys(full.schema.getQueryType()!.getFields())).toEqual(expect.arrayContaining(['survey', 'surveys']));
      expect(Object.keys(full.schema.getMutationType()!.getFields())).toEqual(expect.arrayContaining(['createSurvey', 'submitSurveyResponse']));
      // Read the printed SDL back, so the check does not depend on how descriptions are laid out.
      const printed = buildSchema(sdl.replace(/^extend schema @link[^\n]*\n/, ''), { assumeValidSDL: true });
      const satisfaction = (printed.getType('Survey') as GraphQLObjectType).getFields().satisfaction;
      expect(String(satisfaction.type)).toBe('SatisfactionFigure');
      expect(satisfaction.args.map((a) => `${a.name}: ${String(a.type)}`)).toEqual(['orgId: ID']);
    });

    // Each bad input, the field it is refused on, and the problems named there.
    it.each([
      ['an empty title', { title: '' }, 'title', ['must not be blank', 'title must be longer than or equal to 1 characters']],
      ['a title over 100 characters', { title: '题'.repeat(101) }, 'title', ['title must be shorter than or equal to 100 characters']],
      ['closesOn before opensOn', { closesOn: addDays(today, -1) }, 'closesOn', ['must be on or after opensOn']],
      ['a date not written YYYY-MM-DD', { opensOn: '2030/06/01' }, 'opensOn', ['must be a date written YYYY-MM-DD']],
      ['no questions', { questions: [] }, 'questions', ['questions must contain at least 1 elements']],
      ['31 questions', { questions: Array.from({ length: 31 }, () => ({ text: '满意吗?', kind: 'RATING' })) }, 'questions', ['questions must contain no more than 30 elements']],
      // A problem inside one question is named by its path, down to the question and its field.
      ['a question over 300 characters', { questions: [{ text: '问'.repeat(301), kind: 'RATING' }] }, 'questions.0.text', ['text must be shorter than or equal to 300 characters']],
    ])('validates input: refuses %s', async (_label, over, field, problems) => {
      const res = await exec(admin, CREATE, { input: input(over) });
      expect(firstError(res)).toEqual({
        message: `Invalid input. ${field}: ${problems.join('; ')}`,
        path: ['createSurvey'],
        extensions: { code: ErrorCode.BAD_USER_INPUT, fields: [{ field, problems }] },
      });
    });
  });
});
