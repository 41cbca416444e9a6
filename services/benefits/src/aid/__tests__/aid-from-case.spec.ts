import { graphql } from 'graphql';
import type { DataSource } from 'typeorm';
import { newId, type Caller } from '@lianxin/auth';
import { buildSubgraph, ErrorCode, type OrgInfo } from '@lianxin/subgraph';
import { SchoolStage } from '@lianxin/members-client';
import { callerStub, contextFor, failure, FakeMemberFacts, firstError, orgTree, roleRefusal } from '@lianxin/test-kit';
import { benefitsEngines } from '../../programme/__tests__/harness';
import { AllocationRow, ProgrammeRow, ProgrammeRulesRow } from '../../programme/programme.entity';
import { ProgrammeKind, ProgrammeState } from '../../programme/programme.enums';
import { AidApplicationRow, AidEventRow, AidState } from '../../grant/aid.entity';
import { aidResolvers } from '../aid.resolver';
import type { CaseFacts, CaseFactsSource } from '../case.client';
import * as sut from '../aid.service';
import { Case } from '../../graph.types';
import { AidStep, OpenAidFromCaseInput } from '../aid.types';

const engines = benefitsEngines('aid_case');

/** 2030-09-10 12:00 in Beijing. */
const NOW = new Date('2030-09-10T04:00:00Z');
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

/** The cases subgraph, faked: the facts _caseFacts would answer. The database under test is real. */
class FakeCaseFacts implements CaseFactsSource {
  readonly cases = new Map<string, CaseFacts>();
  add(over: Partial<CaseFacts> & Pick<CaseFacts, 'kind' | 'memberId'>, at: OrgInfo): CaseFacts {
    const c: CaseFacts = {
      id: newId(), number: `FN-2030-${String(this.cases.size + 1).padStart(6, '0')}`, state: 'ACCEPTED',
      raisedPath: at.path, handlingOrgId: at.id, handlingPath: at.path, escalatedToOrgId: null, ...over,
    };
    this.cases.set(c.id, c);
    return c;
  }
  async one(id: string): Promise<CaseFacts | null> {
    return this.cases.get(id) ?? null;
  }
}

describe.each(engines)('aid opened from a case on $name', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  const { city, d1, d2, e1, e3, directory } = orgTree();
  const facts = new FakeMemberFacts(directory);
  const cases = new FakeCaseFacts();
  const ctxOf = contextFor({ db: () => db, orgs: directory, facts, services: { caseFacts: cases } });
  const { admin, staff, member, partner } = callerStub;

  async function addProgramme(kind: ProgrammeKind, rules: object, org: OrgInfo = d1) {
    const programme = Object.assign(new ProgrammeRow(), {
      id: newId(), orgId: org.id, orgPath: org.path, name: kind === ProgrammeKind.EDUCATION_AID ? '2030年金秋助学' : '2030年困难劳模救助', kind, sensitive: true,
      startsOn: '2030-01-01', endsOn: '2030-12-31', quota: 10, budgetCents: 10_000_000, amountCents: kind === ProgrammeKind.EDUCATION_AID ? 50_000 : 500_000,
      voucherValidDays: null, rulesVersion: 1, state: ProgrammeState.ACTIVE, createdBy: 'seed', createdAt: NOW, version: 1,
    });
    await db.getRepository(ProgrammeRow).insert(programme);
    await db.getRepository(ProgrammeRulesRow).insert({ programmeId: programme.id, version: 1, rules: JSON.stringify(rules), createdBy: 'seed', createdAt: NOW });
    await db.getRepository(AllocationRow).insert({
      id: newId(), programmeId: programme.id, orgId: org.id, orgPath: org.path, parentId: null, quota: 10, budgetCents: 10_000_000,
      used: 0, spentCents: 0, allocatedToChildren: 0, budgetToChildren: 0, version: 1,
    });
    return programme;
  }

  const open = (caller: Caller, caseId: string, programmeId: string, childId?: string) =>
    sut.openAidFromCase(ctxOf(caller), Object.assign(new OpenAidFromCaseInput(), { caseId, programmeId, childId }), NOW);
  const written = async () => ({
    applications: await db.getRepository(AidApplicationRow).find({ order: { id: 'ASC' } }),
    events: await db.getRepository(AidEventRow).count(),
    allocations: await db.getRepository(AllocationRow).find({ order: { id: 'ASC' } }),
  });

  let education: ProgrammeRow;
  let modelWorkerAid: ProgrammeRow;

  beforeAll(async () => {
    ({ db, close } = await engine.open());
    education = await addProgramme(ProgrammeKind.EDUCATION_AID, { requires: [{ type: 'child', minAge: 6, maxAge: 18 }, { type: 'perMemberLimit', count: 1, period: 'YEAR', per: 'CHILD' }] });
    modelWorkerAid = await addProgramme(ProgrammeKind.MODEL_WORKER_AID, { requires: [{ type: 'membership', status: ['ACTIVE', 'RETAINED'] }, { type: 'modelWorker' }] });
  });
  afterAll(async () => {
    await close?.();
  });

  it('opens education aid from an education-aid case for the member\'s child: the application names the case', async () => {
    const m = facts.add(e1, { children: [{ id: newId(), birthDate: '2020-03-01', schoolStage: SchoolStage.PRIMARY }] });
    const c = cases.add({ kind: 'EDUCATION_AID', memberId: m.id }, e1);
    const app = await open(staff(e1), c.id, education.id, m.children[0].id);
    expect(app).toMatchObject({ caseId: c.id, kind: ProgrammeKind.EDUCATION_AID, memberId: m.id, childId: m.children[0].id, state: AidState.APPLIED, appliedRole: 'staff' });
    expect(sut.allowedSteps(ctxOf(staff(e1)), app)).toEqual([AidStep.CHECK]);
    const [event] = await db.getRepository(AidEventRow).findBy({ applicationId: app.id });
    expect(event).toMatchObject({ fromState: null, toState: AidState.APPLIED, actorOrgId: e1.id, note: `由诉求 ${c.number} 发起` });
  });

  it('runs the model-worker award path: a hardship case at the county, the district reviews and awards, no enterprise check', async () => {
    // 江苏省劳动模范、原阜宁石油公司保管员: retired, his enterprise gone; the family asks the county, its 劳动和经济工作部 takes the case.
    const m = facts.add(e1, { name: '杨树林', modelWorker: true, status: 'RETAINED' });
    const c = cases.add({ kind: 'HARDSHIP_AID', memberId: m.id, raisedPath: d1.path }, d1);
    const app = await open(staff(d1), c.id, modelWorkerAid.id);
    expect(app).toMatchObject({ caseId: c.id, kind: ProgrammeKind.MODEL_WORKER_AID, childId: null, orgId: e1.id, state: AidState.APPLIED, openKey: `${modelWorkerAid.id}:${m.id}:2030` });
    // The enterprise union has no step; the district reviews directly.
    expect(sut.allowedSteps(ctxOf(staff(e1)), app)).toEqual([]);
    expect(sut.allowedSteps(ctxOf(staff(d1)), app)).toEqual([AidStep.REVIEW]);
    const before = await written();
    expect(await failure(sut.checkAidApplication(ctxOf(staff(e1)), app.id, true, null, later(5)))).toEqual({
      message: 'A MODEL_WORKER_AID application has no check step; the district union reviews it directly.',
      extensions: { code: ErrorCode.INVALID_STATE },
    });
    expect(await written()).toEqual(before);
    const awarded = await sut.reviewAidApplication(ctxOf(staff(d1)), app.id, true, '纳入困难劳模救助对象', later(10));
    expect(awarded).toMatchObject({ state: AidState.AWARDED, amountCents: 500_000, awardKey: `${modelWorkerAid.id}:${m.id}:2030` });
    expect(sut.allowedSteps(ctxOf(staff(d1)), awarded)).toEqual([AidStep.DELIVER]);
  });

  it('opens model-worker aid only for a model worker: NOT_ELIGIBLE with the reason, nothing written', async () => {
    const m = facts.add(e1, { modelWorker: false });
    const c = cases.add({ kind: 'HARDSHIP_AID', memberId: m.id }, d1);
    const before = await written();
    await expect(open(staff(d1), c.id, modelWorkerAid.id)).rejects.toMatchObject({ extensions: { code: 'NOT_ELIGIBLE', reasons: ['NOT_MODEL_WORKER'] } });
    expect(await written()).toEqual(before);
  });

  it('refuses the wrong caller, case, moment or programme whole, and writes nothing', async () => {
    const m = facts.add(e1, { modelWorker: true });
    const ok = cases.add({ kind: 'HARDSHIP_AID', memberId: m.id }, d1);
    const wish = cases.add({ kind: 'MICRO_WISH', memberId: m.id }, d1);
    const registered = cases.add({ kind: 'HARDSHIP_AID', memberId: m.id, state: 'REGISTERED' }, d1);
    const resolved = cases.add({ kind: 'HARDSHIP_AID', memberId: m.id, state: 'RESOLVED' }, d1);
    const nobody = cases.add({ kind: 'HARDSHIP_AID', memberId: null }, d1);
    const elsewhere = cases.add({ kind: 'HARDSHIP_AID', memberId: facts.add(e3, { modelWorker: true }).id }, d2);
    const before = await written();
    const tries: [string, () => Promise<unknown>, object][] = [
      ["another district", () => open(staff(d2), ok.id, modelWorkerAid.id), { message: `No case with id ${ok.id} exists that you can see. Check the id, or ask staff of a higher org.`, extensions: { code: ErrorCode.NOT_FOUND } }],
      ['an unknown case', () => open(staff(d1), newId(), modelWorkerAid.id), { extensions: { code: ErrorCode.NOT_FOUND } }],
      ['a case outside the district', () => open(staff(d1), elsewhere.id, modelWorkerAid.id), { extensions: { code: ErrorCode.NOT_FOUND } }],
      ['the city, above the handler', () => open(staff(city), ok.id, modelWorkerAid.id), { message: `Only staff of the union handling case ${ok.number} open aid from it.`, extensions: { code: ErrorCode.FORBIDDEN } }],
      ['the member\'s enterprise, which does not see a case raised at the district', () => open(staff(e1), ok.id, modelWorkerAid.id), { extensions: { code: ErrorCode.NOT_FOUND } }],
      ['a micro-wish', () => open(staff(d1), wish.id, modelWorkerAid.id), { message: `caseId: case ${wish.number} is a MICRO_WISH case; aid is opened from an EDUCATION_AID or HARDSHIP_AID case`, extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'caseId' } }],
      ['a case not yet accepted', () => open(staff(d1), registered.id, modelWorkerAid.id), { extensions: { code: ErrorCode.INVALID_STATE } }],
      ['a resolved case', () => open(staff(d1), resolved.id, modelWorkerAid.id), { extensions: { code: ErrorCode.INVALID_STATE } }],
      ['a case without a member', () => open(staff(d1), nobody.id, modelWorkerAid.id), { extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'caseId' } }],
      ['the other kind of programme', () => open(staff(d1), ok.id, education.id), { message: `programmeId: is a EDUCATION_AID programme; case ${ok.number} opens a MODEL_WORKER_AID programme`, extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'programmeId' } }],
      ['a child for model-worker aid', () => open(staff(d1), ok.id, modelWorkerAid.id, newId()), { extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'childId' } }],
      ['a member', () => open(member(m), ok.id, modelWorkerAid.id), { extensions: { code: ErrorCode.FORBIDDEN } }],
      ['a partner', () => open(partner, ok.id, modelWorkerAid.id), { extensions: { code: ErrorCode.FORBIDDEN } }],
    ];
    for (const [label, attempt, refusal] of tries) expect({ label, refusal: await failure(attempt()) }).toMatchObject({ label, refusal });
    expect(await written()).toEqual(before);
  });

  it('opens one application per case and programme, however many clicks race', async () => {
    const m = facts.add(e1, { modelWorker: true });
    const c = cases.add({ kind: 'HARDSHIP_AID', memberId: m.id }, d1);
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => open(staff(d1), c.id, modelWorkerAid.id)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x): x is PromiseRejectedResult => x.status === 'rejected')) {
      expect(r.reason).toMatchObject({ message: `Case ${c.number} has already opened an application to this programme; follow that one (Case.aidApplication).`, extensions: { code: ErrorCode.DUPLICATE } });
    }
    expect(await db.getRepository(AidApplicationRow).countBy({ caseId: c.id })).toBe(1);
    // Admins may open it too, and are told the same.
    expect(await failure(open(admin, c.id, modelWorkerAid.id))).toMatchObject({ extensions: { code: ErrorCode.DUPLICATE } });
  });

  it('shows the case its applications, and the application its case, only to those who may see aid', async () => {
    const m = facts.add(e1, { modelWorker: true });
    const c = cases.add({ kind: 'HARDSHIP_AID', memberId: m.id }, d1);
    const app = await open(staff(d1), c.id, modelWorkerAid.id);
    const { schema } = await buildSubgraph({ name: 'benefits', resolvers: [...aidResolvers] as never, orphanedTypes: [Case] as never, references: { Case: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) } } });
    const query = `query($reps: [_Any!]!, $id: ID!) {
      _entities(representations: $reps) { ... on Case { id aidApplication { id kind state } aidApplications { id } } }
      aidApplication(id: $id) { id case { id } }
    }`;
    const run = (caller: Caller) => graphql({ schema, source: query, variableValues: { reps: [{ __typename: 'Case', id: c.id }], id: app.id }, contextValue: ctxOf(caller) });
    const seen = { _entities: [{ id: c.id, aidApplication: { id: app.id, kind: 'MODEL_WORKER_AID', state: 'APPLIED' }, aidApplications: [{ id: app.id }] }], aidApplication: { id: app.id, case: { id: c.id } } };
    for (const caller of [staff(d1), staff(e1), member(m), admin]) {
      const res = await run(caller);
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual(seen);
    }
    for (const caller of [staff(d2), member(facts.add(e1))]) {
      const res = await run(caller);
      expect(res.data).toEqual({ _entities: [{ id: c.id, aidApplication: null, aidApplications: [] }], aidApplication: null });
    }
    const asPartner = await run(partner);
    expect((asPartner.data?._entities as unknown[])[0]).toEqual({ id: c.id, aidApplication: null, aidApplications: [] });
  });

  it('says the cases service is unavailable when it was started without one, and writes nothing', async () => {
    const bare = contextFor({ db: () => db, orgs: directory, facts });
    const before = await written();
    expect(await failure(sut.openAidFromCase(bare(staff(d1)), Object.assign(new OpenAidFromCaseInput(), { caseId: newId(), programmeId: modelWorkerAid.id }), NOW))).toEqual({
      message: 'This service was started without the cases service (CASES_URL); opening aid from a case is not possible here.',
      extensions: { code: ErrorCode.UNAVAILABLE },
    });
    expect(await written()).toEqual(before);
  });

  it('refuses openAidFromCase to members and partners at the schema', async () => {
    const { schema } = await buildSubgraph({ name: 'benefits', resolvers: [...aidResolvers] as never, orphanedTypes: [Case] as never, references: { Case: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) } } });
    const source = `mutation { openAidFromCase(input: { caseId: "${newId()}", programmeId: "${newId()}" }) { id } }`;
    const m = facts.add(e1);
    for (const [caller, as] of [[member(m), 'members'], [partner, 'partner desks']] as const) {
      const res = await graphql({ schema, source, contextValue: ctxOf(caller) });
      expect(firstError(res)).toEqual(roleRefusal('openAidFromCase', 'union staff and admins', as));
    }
  });
});
