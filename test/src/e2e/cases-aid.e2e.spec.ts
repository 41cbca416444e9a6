import { INTERNAL_TOKEN_HEADER, secretKey, signInternalToken, systemCaller } from '@lianxin/auth';
import { DEV_INTERNAL_SECRET } from '@lianxin/subgraph';
import { AidApplicationRow } from '@lianxin/benefits';
import { enginesForSuites } from '../harness/engines';
import { startTestGraph, type TestGraph } from '../harness/graph';
import { benefitsTokenFor, newProgramme, ok, reviewAid } from './benefits-helpers';
import { internalTokenFor, memberTokenFor, partnerTokenFor, staffTokenFor, tokenFor, type MemberKey, type OrgKey } from './callers';
import { must, raise, handlerAt } from './cases-helpers';

type Who = OrgKey | MemberKey | 'admin';

const OPEN = 'mutation($i: OpenAidFromCaseInput!) { openAidFromCase(input: $i) { id kind state childId case { id number state } } }';
const CASE_AID = 'query($id: ID!) { case(id: $id) { id number aidApplication { id kind state amountCents } aidApplications { id } } }';
const AID_CASE = 'query($id: ID!) { aidApplication(id: $id) { id state case { id number kind responsible } } }';

/**
 * The model-worker award path of the seed report, across the graph: a model worker's illness
 * reaches the county (district) union as a hardship-aid case, its 劳动和经济工作部 takes it and
 * opens 困难劳模救助 from it, the district awards, and the case and the award show each other.
 */
describe.each(enginesForSuites())('aid opened from a case, across cases and benefits, on %s', (engine) => {
  let g: TestGraph;
  const t = {} as Record<Who, string>;
  let org: (k: OrgKey) => string;
  let modelWorkerAid: { id: string };

  beforeAll(async () => {
    g = await startTestGraph(engine);
    for (const o of Object.keys(g.fixture.orgs) as OrgKey[]) t[o] = await staffTokenFor(o, g.fixture);
    for (const m of Object.keys(g.fixture.members) as MemberKey[]) t[m] = await memberTokenFor(m, g.fixture);
    t.admin = (await tokenFor('admin', g.fixture))!;
    org = (k) => g.fixture.orgs[k].id;
    modelWorkerAid = await newProgramme(g, t.d1, {
      orgId: org('d1'), name: '江北区困难劳模救助', kind: 'MODEL_WORKER_AID', quota: 5, budgetCents: 5_000_000, amountCents: 500_000, voucherValidDays: null,
      requires: [{ type: 'membership', status: ['ACTIVE', 'RETAINED'] }, { type: 'modelWorker' }],
    });
  });
  afterAll(() => g?.stop());

  test('a hardship case of a model worker at the county: 劳动和经济工作部 opens model-worker aid, the district awards, both sides show it', async () => {
    // The family calls the county union for m3 (张伟, a model worker at e2); it registers the case on his behalf.
    const c = await raise(g, t.d1, { kind: 'HARDSHIP_AID', channel: 'HOTLINE_12351', orgId: org('d1'), memberId: g.fixture.members.m3.id, description: '劳模脑梗后遗症，医药费负担重，家属求助' });
    await must(g, t.d1, 'accept', { id: c.id, ...handlerAt(g, 'd1') });
    const opened = ok(await g.gql<{ openAidFromCase: { id: string } }>(t.d1, OPEN, { i: { caseId: c.id, programmeId: modelWorkerAid.id } }), 'openAidFromCase').openAidFromCase;
    expect(opened).toEqual({ id: opened.id, kind: 'MODEL_WORKER_AID', state: 'APPLIED', childId: null, case: { id: c.id, number: c.number, state: 'ACCEPTED' } });

    // No enterprise check: the district reviews and awards the programme's amount.
    const awarded = await reviewAid(g, t.d1, opened.id, true, '纳入困难劳模救助对象');
    expect({ code: awarded.code, value: awarded.value }).toMatchObject({ code: undefined, value: { state: 'AWARDED', amountCents: 500_000 } });

    const fromCase = { id: c.id, number: c.number, aidApplication: { id: opened.id, kind: 'MODEL_WORKER_AID', state: 'AWARDED', amountCents: 500_000 }, aidApplications: [{ id: opened.id }] };
    for (const who of ['d1', 'city', 'admin', 'm3'] as Who[]) {
      expect({ who, got: ok(await g.gql(t[who], CASE_AID, { id: c.id }), 'case').case }).toEqual({ who, got: fromCase });
    }
    expect(ok(await g.gql(t.d1, AID_CASE, { id: opened.id }), 'aidApplication').aidApplication).toEqual({
      id: opened.id, state: 'AWARDED', case: { id: c.id, number: c.number, kind: 'HARDSHIP_AID', responsible: g.fixture.handlers.d1.display },
    });
    // Out of scope: neither side.
    expect(ok(await g.gql(t.d2, CASE_AID, { id: c.id }), 'case').case).toBeNull();
    expect(ok(await g.gql(t.d2, AID_CASE, { id: opened.id }), 'aidApplication').aidApplication).toBeNull();
  });

  test('a second open of the same case and programme is DUPLICATE, and a case of another kind is refused; nothing written', async () => {
    const c = await raise(g, t.d1, { kind: 'HARDSHIP_AID', orgId: org('d1'), memberId: g.fixture.members.m3.id, description: '劳模家庭突发困难，申请救助' });
    await must(g, t.d1, 'accept', { id: c.id, ...handlerAt(g, 'd1') });
    const programme = await newProgramme(g, t.d1, {
      orgId: org('d1'), name: '江北区困难劳模救助（二）', kind: 'MODEL_WORKER_AID', quota: 5, budgetCents: 5_000_000, amountCents: 300_000, voucherValidDays: null,
      requires: [{ type: 'modelWorker' }],
    });
    ok(await g.gql(t.d1, OPEN, { i: { caseId: c.id, programmeId: programme.id } }), 'first open');
    const wish = await raise(g, t.d1, { kind: 'MICRO_WISH', orgId: org('d1'), memberId: g.fixture.members.m3.id, description: '希望社区增设健身器材' });
    await must(g, t.d1, 'accept', { id: wish.id, ...handlerAt(g, 'd1') });
    const before = await g.benefitsDb.getRepository(AidApplicationRow).find({ order: { id: 'ASC' } });
    const again = await g.gql(t.d1, OPEN, { i: { caseId: c.id, programmeId: programme.id } });
    expect(again.errors?.[0]).toMatchObject({ message: `Case ${c.number} has already opened an application to this programme; follow that one (Case.aidApplication).`, extensions: { code: 'DUPLICATE' } });
    const wrongKind = await g.gql(t.d1, OPEN, { i: { caseId: wish.id, programmeId: programme.id } });
    expect(wrongKind.errors?.[0]).toMatchObject({ message: `caseId: case ${wish.number} is a MICRO_WISH case; aid is opened from an EDUCATION_AID or HARDSHIP_AID case`, extensions: { code: 'BAD_USER_INPUT' } });
    expect(await g.benefitsDb.getRepository(AidApplicationRow).find({ order: { id: 'ASC' } })).toEqual(before);
  });

  test('a partner never reaches a case\'s aid: refused through the gateway, and null from benefits itself', async () => {
    const c = await raise(g, t.d1, { kind: 'HARDSHIP_AID', orgId: org('d1'), memberId: g.fixture.members.m3.id, description: '劳模住院，申请困难救助' });
    await must(g, t.d1, 'accept', { id: c.id, ...handlerAt(g, 'd1') });
    const programme = await newProgramme(g, t.d1, {
      orgId: org('d1'), name: '江北区困难劳模救助（三）', kind: 'MODEL_WORKER_AID', quota: 5, budgetCents: 5_000_000, amountCents: 300_000, voucherValidDays: null,
      requires: [{ type: 'modelWorker' }],
    });
    ok(await g.gql(t.d1, OPEN, { i: { caseId: c.id, programmeId: programme.id } }), 'open');
    const partner = await partnerTokenFor('01KAXB3ZJ4N5P6Q7R8S9T0V1P1');
    const viaGateway = await g.gql(partner, CASE_AID, { id: c.id });
    expect(viaGateway.data?.case ?? null).toBeNull();
    expect(viaGateway.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const internal = await benefitsTokenFor({ sub: 'partner-x', role: 'partner', partnerId: '01KAXB3ZJ4N5P6Q7R8S9T0V1P1', perms: [] });
    const direct = await g.post(
      g.benefitsUrl,
      { query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id aidApplication { id kind } aidApplications { id } } } }', variables: { r: [{ __typename: 'Case', id: c.id }] } },
      { [INTERNAL_TOKEN_HEADER]: internal },
    );
    expect(direct.body).toEqual({ data: { _entities: [{ id: c.id, aidApplication: null, aidApplications: [] }] } });
  });

  test('the case facts benefits asks for are for the system alone: staff straight at cases are refused, and the gateway does not know the field', async () => {
    const c = await raise(g, t.d1, { kind: 'HARDSHIP_AID', orgId: org('d1'), memberId: g.fixture.members.m3.id, description: '劳模家属来电求助' });
    const QUERY = { query: 'query($ids: [ID!]!) { _caseFacts(ids: $ids) { id memberId handlingOrgId } }', variables: { ids: [c.id] } };
    const system = await signInternalToken(systemCaller('aid-from-case'), 'cases', secretKey(DEV_INTERNAL_SECRET));
    expect((await g.post(g.casesUrl, QUERY, { [INTERNAL_TOKEN_HEADER]: system })).body).toEqual({
      data: { _caseFacts: [{ id: c.id, memberId: g.fixture.members.m3.id, handlingOrgId: org('d1') }] },
    });
    for (const who of ['d1', 'admin', 'member', 'partner'] as const) {
      const { body } = await g.post(g.casesUrl, QUERY, { [INTERNAL_TOKEN_HEADER]: await internalTokenFor(who, g.fixture, 'cases') });
      expect({ who, data: body.data ?? null, code: body.errors?.[0]?.extensions?.code }).toEqual({ who, data: null, code: 'FORBIDDEN' });
    }
    const viaGateway = await g.gql(t.admin, QUERY.query, QUERY.variables);
    expect(viaGateway.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
