import { testDatabases } from '@lianxin/jest-config/databases';
import { graphql, type GraphQLSchema } from 'graphql';
import { In, type DataSource } from 'typeorm';
import { newId, type Caller } from '@lianxin/auth';
import { ErrorCode, sqlStats, type OrgInfo } from '@lianxin/subgraph';
import { callerStub, contextFor, failure, FakeStaffDirectory, firstError, orgTree, roleRefusal, silentLog, unionOutOfScope, unseen } from '@lianxin/test-kit';
import { openCasesDatabase } from '../../app';
import { buildCasesSubgraph } from '../../schema';
import { CaseRow } from '../../casefile/case.entity';
import { CaseAction, CaseChannel, CaseKind, CaseState, DeclineReason, Urgency } from '../../casefile/case.enums';
import * as cases from '../../case/case.service';
import { RaiseCaseInput } from '../../case/case.types';
import { CaseEventRow } from '../../ledger/ledger.entity';
import { verifyLedger } from '../../ledger/ledger.service';
import { ProjectNoteRow, ProjectRow, ProjectState } from '../project.entity';
import * as sut from '../project.service';
import { CreateProjectInput } from '../project.types';


const engines = testDatabases('project', (o) => openCasesDatabase({ ...o, log: silentLog }));



describe.each(engines)('service projects (统一帮办) on $name', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;

  // The org tree is the members subgraph's, faked; the database under test is real.
  const { city, d1, d2, s1, s2, e1, e2, e3, directory } = orgTree();

  const { admin, staff, memberAt: member, partner } = callerStub;
  const handlers = FakeStaffDirectory.atEach([city, d1, d2, s1, s2, e1, e2, e3]);
  const ctxOf = contextFor({ db: () => db, orgs: directory, staff: handlers });

  let wishNo = 0;
  /** A micro-wish raised by staff at `at`, then walked by its handler to `state`. */
  async function wish(at: OrgInfo, state: CaseState = CaseState.REGISTERED, by: Caller = staff(at)): Promise<CaseRow> {
    const input = Object.assign(new RaiseCaseInput(), {
      kind: CaseKind.MICRO_WISH, channel: CaseChannel.WISH_WALL, urgency: Urgency.NORMAL, anonymous: false,
      description: `心愿 ${++wishNo}：孩子暑期没人照看`, orgId: by.role === 'member' ? undefined : at.id,
    });
    const h = ctxOf(staff(at));
    let c = await cases.raiseCase(ctxOf(by), input);
    if (state === CaseState.REGISTERED) return c;
    if (state === CaseState.DECLINED) return cases.declineCase(h, c.id, c.version, DeclineReason.DUPLICATE, '与另一诉求重复');
    if (state === CaseState.TRANSFERRED) return cases.transferCase(h, c.id, c.version, e1.id, '转企业工会办理');
    c = await cases.acceptCase(h, c.id, c.version, handlers.handlerOf(at));
    if (state === CaseState.ACCEPTED) return c;
    c = await cases.recordProgress(h, c.id, c.version, '已联系托管机构');
    if (state === CaseState.IN_PROGRESS) return c;
    if (state === CaseState.WAITING_ON_WORKER) return cases.awaitWorker(h, c.id, c.version, '请提供孩子年龄');
    if (state === CaseState.RESOLVED) return cases.resolveCase(h, c.id, c.version, '已单独办结');
    throw new Error(`no walk to ${state}`);
  }

  const input = (org: OrgInfo, caseIds: string[], over: Partial<CreateProjectInput> = {}) =>
    Object.assign(new CreateProjectInput(), { orgId: org.id, title: '暑期托管班', purpose: '为双职工子女提供暑期托管', caseIds, ...over });
  const create = (caller: Caller, org: OrgInfo, list: CaseRow[], over: Partial<CreateProjectInput> = {}) =>
    sut.createProject(ctxOf(caller), input(org, list.map((c) => c.id), over));

  const caseRow = (id: string) => db.getRepository(CaseRow).findOneByOrFail({ id });
  const projectRow = (id: string) => db.getRepository(ProjectRow).findOneByOrFail({ id });
  const eventsOf = (id: string) => db.getRepository(CaseEventRow).find({ where: { caseId: id }, order: { seq: 'ASC' } });
  const lastEvent = async (id: string) => (await eventsOf(id)).at(-1)!;

  /** Everything a project write may touch, to prove a refused one touched none of it. */
  const written = async () => ({
    projects: await db.getRepository(ProjectRow).find({ order: { id: 'ASC' } }),
    notes: await db.getRepository(ProjectNoteRow).count(),
    events: await db.getRepository(CaseEventRow).count(),
    cases: (await db.getRepository(CaseRow).find({ order: { id: 'ASC' } })).map((c) => [c.id, c.state, c.projectId, c.responsible, c.version]),
  });

  /** The refusal naming the cases that cannot join a project, each with its problem; none joins. */
  const rejected = (...cases: { id: string; number: string | null; problem: string }[]) => ({
    message: `caseIds: ${cases.length} of the cases cannot join the project, so none was added: ${cases.map((c) => c.problem).join('; ')}. Leave them out and try again.`,
    extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'caseIds', rejectedCases: cases },
  });
  /** How a case the caller cannot see is named: by the id it sent, and nothing more. */
  const unseenCase = (id: string) => ({ id, number: null, problem: `${id}: no case with this id exists that you can see` });

  beforeAll(async () => {
    ({ db, close } = await engine.open());
  });

  afterAll(async () => {
    await close?.();
  });

  describe('merging wishes into a project', () => {
    let six: CaseRow[];
    let project: ProjectRow;

    beforeAll(async () => {
      six = [
        await wish(e1), await wish(e1),
        await wish(e2, CaseState.ACCEPTED), await wish(e2, CaseState.ACCEPTED),
        await wish(s1, CaseState.IN_PROGRESS), await wish(s1, CaseState.IN_PROGRESS),
      ];
      // District staff run it: for every one of these cases they are a higher level, not the handler.
      project = await create(staff(d1), d1, six);
    });

    it('creates the project and puts six wishes in it, registered ones accepted by the project', async () => {
      expect(project).toMatchObject({ orgId: d1.id, orgPath: d1.path, title: '暑期托管班', state: ProjectState.OPEN, progress: 0, version: 1, createdBy: staff(d1).sub, resolvedAt: null });
      expect(await projectRow(project.id)).toMatchObject({ id: project.id, state: ProjectState.OPEN, version: 1, createdAt: project.createdAt });
      const after = await Promise.all(six.map((c) => caseRow(c.id)));
      expect(after.map((c) => [c.projectId, c.state, c.responsible, c.version])).toEqual([
        [project.id, CaseState.ACCEPTED, '项目：暑期托管班', 2],
        [project.id, CaseState.ACCEPTED, '项目：暑期托管班', 2],
        [project.id, CaseState.ACCEPTED, '工会办公室 经办人', 3],
        [project.id, CaseState.ACCEPTED, '工会办公室 经办人', 3],
        [project.id, CaseState.IN_PROGRESS, '工会办公室 经办人', 4],
        [project.id, CaseState.IN_PROGRESS, '工会办公室 经办人', 4],
      ]);
    });

    it('records a JOIN_PROJECT event on each case, by the district staff', async () => {
      const joins = await Promise.all(six.map((c) => lastEvent(c.id)));
      expect(joins.map((e) => [e.action, e.fromState, e.toState, e.actorRole, e.actorOrgId])).toEqual([
        [CaseAction.JOIN_PROJECT, CaseState.REGISTERED, CaseState.ACCEPTED, 'staff', d1.id],
        [CaseAction.JOIN_PROJECT, CaseState.REGISTERED, CaseState.ACCEPTED, 'staff', d1.id],
        [CaseAction.JOIN_PROJECT, CaseState.ACCEPTED, CaseState.ACCEPTED, 'staff', d1.id],
        [CaseAction.JOIN_PROJECT, CaseState.ACCEPTED, CaseState.ACCEPTED, 'staff', d1.id],
        [CaseAction.JOIN_PROJECT, CaseState.IN_PROGRESS, CaseState.IN_PROGRESS, 'staff', d1.id],
        [CaseAction.JOIN_PROJECT, CaseState.IN_PROGRESS, CaseState.IN_PROGRESS, 'staff', d1.id],
      ]);
      expect(joins.every((e) => JSON.parse(e.detail!).projectId === project.id)).toBe(true);
      expect(JSON.parse(joins[0].detail!)).toEqual({ projectId: project.id, accepted: true, responsible: '项目：暑期托管班' });
      expect(JSON.parse(joins[2].detail!)).toEqual({ projectId: project.id });
      expect((await verifyLedger(db, { caseIds: six.map((c) => c.id) })).ok).toBe(true);
    });

    it('reports progress forwards only, with notes, on a versioned row', async () => {
      const p30 = await sut.recordProjectProgress(ctxOf(staff(d1)), project.id, 30, '已签约托管机构', 1);
      expect(p30).toMatchObject({ progress: 30, version: 2 });
      const p60 = await sut.recordProjectProgress(ctxOf(staff(city)), project.id, 60, '第一期开班');
      expect(p60).toMatchObject({ progress: 60, version: 3 });

      const before = await written();
      expect(await failure(sut.recordProjectProgress(ctxOf(staff(d1)), project.id, 50, '人数减少'))).toEqual({
        message: 'progress: the project is already at 60% and progress does not go back; report 60 or more and describe any setback in the note',
        extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'progress' },
      });
      expect(await failure(sut.recordProjectProgress(ctxOf(staff(d1)), project.id, 101, '超额'))).toEqual({ message: 'progress: is a whole percentage from 0 to 100', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'progress' } });
      expect(await failure(sut.recordProjectProgress(ctxOf(staff(d1)), project.id, 70, '  '))).toEqual({ message: 'note: must not be blank', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'note' } });
      expect(await failure(sut.recordProjectProgress(ctxOf(staff(d1)), project.id, 70, '旧版本', 2))).toEqual({ message: 'The project "暑期托管班" changed since you read it. Reload it and try again.', extensions: { code: ErrorCode.CONFLICT } });
      expect(await written()).toEqual(before);

      const notes = await db.getRepository(ProjectNoteRow).find({ where: { projectId: project.id }, order: { id: 'ASC' } });
      expect(notes.map((n) => [n.progress, n.note, n.actorSub])).toEqual([[30, '已签约托管机构', staff(d1).sub], [60, '第一期开班', staff(city).sub]]);
      expect(await projectRow(project.id)).toMatchObject({ progress: 60, version: 3 });
    });

    it('resolving the project resolves each case with its own RESOLVE event, and the ledger verifies', async () => {
      const seqBefore = await Promise.all(six.map(async (c) => (await caseRow(c.id)).eventSeq));
      const result = await sut.resolveProject(ctxOf(staff(d1)), project.id, '托管班已结业，家长满意', 3);
      expect(result.project).toMatchObject({ state: ProjectState.RESOLVED, progress: 100, version: 4, resolvedAt: expect.any(Date) });
      expect(result.resolvedCases.map((c) => c.id).sort()).toEqual(six.map((c) => c.id).sort());
      expect(result.unresolvedCases).toEqual([]);

      const stored = await projectRow(project.id);
      expect(stored).toMatchObject({ state: ProjectState.RESOLVED, progress: 100, version: 4 });
      expect(stored.resolvedAt!.getTime()).toBe(result.project.resolvedAt!.getTime());
      for (const [i, c] of six.entries()) {
        const row = await caseRow(c.id);
        expect(row).toMatchObject({ state: CaseState.RESOLVED, resolution: '托管班已结业，家长满意', onTime: true, projectId: project.id, eventSeq: seqBefore[i] + 1 });
        const events = await eventsOf(c.id);
        const resolves = events.filter((e) => e.action === CaseAction.RESOLVE);
        expect(resolves).toHaveLength(1);
        expect(resolves[0]).toMatchObject({ seq: seqBefore[i] + 1, toState: CaseState.RESOLVED, note: '托管班已结业，家长满意', actorOrgId: d1.id });
        expect(JSON.parse(resolves[0].detail!)).toEqual({ projectId: project.id });
        // Each case keeps its own chain: the RESOLVE links to that case's previous event.
        expect(resolves[0].prevHash).toBe(events[events.length - 2].hash);
      }
      expect(await verifyLedger(db, { caseIds: six.map((c) => c.id) })).toMatchObject({ ok: true, casesChecked: 6, firstBreak: null });

      const notes = await db.getRepository(ProjectNoteRow).find({ where: { projectId: project.id }, order: { id: 'ASC' } });
      expect(notes.at(-1)).toMatchObject({ progress: 100, note: '托管班已结业，家长满意' });
    });

    it('a resolved project takes no more cases, progress or resolution', async () => {
      const extra = await wish(e1);
      const before = await written();
      expect(await failure(sut.addCasesToProject(ctxOf(staff(d1)), project.id, [extra.id]))).toEqual({ message: 'The project "暑期托管班" is resolved and takes no more changes; start a new project for further cases.', extensions: { code: ErrorCode.INVALID_STATE, state: 'RESOLVED' } });
      expect(await failure(sut.recordProjectProgress(ctxOf(staff(d1)), project.id, 100, '补记'))).toEqual({ message: 'The project "暑期托管班" is resolved and takes no more changes; start a new project for further cases.', extensions: { code: ErrorCode.INVALID_STATE, state: 'RESOLVED' } });
      expect(await failure(sut.resolveProject(ctxOf(staff(d1)), project.id, '再次办结'))).toEqual({ message: 'The project "暑期托管班" is resolved and takes no more changes; start a new project for further cases.', extensions: { code: ErrorCode.INVALID_STATE, state: 'RESOLVED' } });
      expect(await written()).toEqual(before);
    });
  });

  describe('cases waiting on the worker', () => {
    it('stay as they are, are listed, and keep the project OPEN until they too are resolved', async () => {
      const [a, b, waiting] = [await wish(e2, CaseState.ACCEPTED), await wish(e2, CaseState.IN_PROGRESS), await wish(e2, CaseState.ACCEPTED)];
      const project = await create(staff(s1), s1, [a, b, waiting], { title: '免费观影' });
      const w = await caseRow(waiting.id);
      await cases.awaitWorker(ctxOf(staff(e2)), w.id, w.version, '请确认观影日期');

      const first = await sut.resolveProject(ctxOf(staff(s1)), project.id, '已发放观影券');
      expect(first.project).toMatchObject({ state: ProjectState.OPEN, progress: 0, resolvedAt: null, version: 2 });
      expect(first.resolvedCases.map((c) => c.id).sort()).toEqual([a.id, b.id].sort());
      expect(first.unresolvedCases.map((c) => [c.id, c.state])).toEqual([[waiting.id, CaseState.WAITING_ON_WORKER]]);
      expect(await projectRow(project.id)).toMatchObject({ state: ProjectState.OPEN, version: 2, resolvedAt: null });
      expect((await caseRow(waiting.id)).state).toBe(CaseState.WAITING_ON_WORKER);
      expect((await eventsOf(waiting.id)).some((e) => e.action === CaseAction.RESOLVE)).toBe(false);

      // Nothing left to resolve but the waiting case: refused, nothing written.
      const before = await written();
      expect(await failure(sut.resolveProject(ctxOf(staff(s1)), project.id, '再试'))).toEqual({
        message: `Every open case of "免费观影" is waiting on the worker (${waiting.number}); resolve the project once they have answered.`,
        extensions: { code: ErrorCode.INVALID_STATE },
      });
      expect(await written()).toEqual(before);

      const again = await caseRow(waiting.id);
      await cases.workerResponded(ctxOf(staff(e2)), again.id, again.version, '周六下午');
      const second = await sut.resolveProject(ctxOf(staff(s1)), project.id, '已发放观影券', 2);
      expect(second.project).toMatchObject({ state: ProjectState.RESOLVED, progress: 100, version: 3 });
      expect(second.resolvedCases.map((c) => c.id)).toEqual([waiting.id]);
      for (const c of [a, b, waiting]) {
        expect((await eventsOf(c.id)).filter((e) => e.action === CaseAction.RESOLVE)).toHaveLength(1);
      }
      expect((await verifyLedger(db, { caseIds: [a.id, b.id, waiting.id] })).ok).toBe(true);
    });
  });

  describe('refusals write nothing', () => {
    let good: CaseRow[];
    beforeAll(async () => {
      good = [await wish(e1), await wish(e2, CaseState.ACCEPTED), await wish(s1, CaseState.IN_PROGRESS)];
    });

    const inState = (state: string) => `is ${state}; only REGISTERED, ACCEPTED, IN_PROGRESS cases can join a project`;
    const bad: [string, () => Promise<CaseRow>, string][] = [
      ['a resolved case', () => wish(e1, CaseState.RESOLVED), inState('RESOLVED')],
      ['a declined case', () => wish(e2, CaseState.DECLINED), inState('DECLINED')],
      ['a case waiting on the worker', () => wish(e2, CaseState.WAITING_ON_WORKER), inState('WAITING_ON_WORKER')],
      ['a transferred case', () => wish(s1, CaseState.TRANSFERRED), inState('TRANSFERRED')],
      ['a case handled outside the project\'s org', () => wish(d1), 'is handled outside the project\'s org; only cases handled at or under it can join'],
    ];

    it.each(bad)('createProject with %s: BAD_USER_INPUT naming it, and no project, event or projectId', async (_label, make, why) => {
      const offending = await make();
      const before = await written();
      // City staff see every case here: only the rule can refuse it.
      expect(await failure(create(staff(city), s1, [...good, offending]))).toEqual(rejected({ id: offending.id, number: offending.number, problem: `${offending.number} ${why}` }));
      expect(await written()).toEqual(before);
    });

    it('refuses a case already in a project, and one the caller cannot see, naming both', async () => {
      const taken = await wish(e1);
      const other = await create(staff(s1), s1, [taken], { title: '声乐课' });
      const hidden = await wish(e3);
      const before = await written();
      // An unseen case is named by the id the caller sent, and nothing about it is told.
      expect(await failure(create(staff(d1), d1, [...good, taken, hidden]))).toEqual(
        rejected({ id: taken.id, number: taken.number, problem: `${taken.number} is already in another service project` }, unseenCase(hidden.id)),
      );
      expect(await written()).toEqual(before);

      expect(await failure(sut.addCasesToProject(ctxOf(staff(s1)), other.id, [taken.id]))).toEqual(rejected({ id: taken.id, number: taken.number, problem: `${taken.number} is already in this project` }));
      expect(await written()).toEqual(before);
    });

    it('refuses bad input before reading anything', async () => {
      const before = await written();
      expect(await failure(create(staff(d1), d1, []))).toEqual({ message: 'caseIds: a project takes 1 to 500 cases at a time; this call names 0', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'caseIds' } });
      expect(await failure(sut.createProject(ctxOf(staff(d1)), input(d1, Array.from({ length: 501 }, () => newId()))))).toEqual({ message: 'caseIds: a project takes 1 to 500 cases at a time; this call names 501', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'caseIds' } });
      expect(await failure(create(staff(d1), d1, good, { title: '  ' }))).toEqual({ message: 'title: must not be blank', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'title' } });
      expect(await failure(create(staff(d1), d1, good, { purpose: '目'.repeat(501) }))).toEqual({ message: 'purpose: must be at most 500 characters', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'purpose' } });
      // An org outside the caller's scope reads as missing: the one answer every subgraph gives (visibleOrg).
      expect(await failure(create(staff(s1), d1, good))).toEqual(unionOutOfScope('orgId', d1.id));
      expect(await failure(create(staff(s1), s2, good))).toEqual(unionOutOfScope('orgId', s2.id));
      expect(await failure(create(member(e1), e1, good))).toEqual({ message: 'Service projects are run by union staff; ask your union.', extensions: { code: ErrorCode.FORBIDDEN } });
      expect(await written()).toEqual(before);
    });

    it('adds cases to an open project by the same rules, moving its version', async () => {
      const project = await create(staff(s1), s1, [good[0]], { title: '职工子女夏令营' });
      const resolved = await wish(e1, CaseState.RESOLVED);
      const before = await written();
      expect(await failure(sut.addCasesToProject(ctxOf(staff(s1)), project.id, [good[1].id, resolved.id]))).toEqual(
        rejected({ id: resolved.id, number: resolved.number, problem: `${resolved.number} is RESOLVED; only REGISTERED, ACCEPTED, IN_PROGRESS cases can join a project` }),
      );
      expect(await failure(sut.addCasesToProject(ctxOf(staff(s1)), project.id, [good[1].id], 7))).toEqual({ message: 'The project "职工子女夏令营" changed since you read it. Reload it and try again.', extensions: { code: ErrorCode.CONFLICT } });
      expect(await written()).toEqual(before);

      const grown = await sut.addCasesToProject(ctxOf(staff(s1)), project.id, [good[1].id, good[2].id], 1);
      expect(grown.version).toBe(2);
      expect(await projectRow(project.id)).toMatchObject({ version: 2 });
      for (const c of [good[1], good[2]]) {
        expect(await caseRow(c.id)).toMatchObject({ projectId: project.id });
        expect(await lastEvent(c.id)).toMatchObject({ action: CaseAction.JOIN_PROJECT, actorOrgId: s1.id });
      }
      expect((await db.getRepository(CaseRow).find({ where: { projectId: project.id } })).map((c) => c.id).sort()).toEqual(good.map((c) => c.id).sort());
    });
  });

  describe('scope', () => {
    let project: ProjectRow;
    let inside: CaseRow;
    let mine: Caller;
    beforeAll(async () => {
      mine = member(e1);
      inside = await wish(e1, CaseState.REGISTERED, mine);
      project = await create(staff(s1), s1, [inside, await wish(e2, CaseState.ACCEPTED)], { title: '健身券' });
    });

    it('staff at the project\'s org and above see it; others, members and lower orgs do not', async () => {
      for (const who of [staff(s1), staff(d1), staff(city), admin]) {
        expect((await sut.getProject(ctxOf(who), project.id))?.id).toBe(project.id);
        expect((await sut.listProjects(ctxOf(who), { first: 50 })).edges.map((e) => e.node.id)).toContain(project.id);
      }
      for (const who of [staff(d2), staff(s2), staff(e3), staff(e1), mine]) {
        expect(await sut.getProject(ctxOf(who), project.id)).toBeNull();
        expect((await sut.listProjects(ctxOf(who), { first: 50 })).edges.map((e) => e.node.id)).not.toContain(project.id);
      }
      expect((await sut.listProjects(ctxOf(mine), { first: 50 })).edges).toEqual([]);
      // Narrowing to an org outside the scope finds nothing rather than failing.
      expect((await sut.listProjects(ctxOf(staff(d2)), { first: 50, orgId: s1.id })).edges).toEqual([]);
    });

    it('out-of-scope staff cannot touch it, and nothing changes', async () => {
      const theirs = await wish(e3, CaseState.ACCEPTED);
      const before = await written();
      const outsider = ctxOf(staff(d2));
      expect(await failure(sut.addCasesToProject(outsider, project.id, [theirs.id]))).toEqual(unseen('project', project.id));
      expect(await failure(sut.recordProjectProgress(outsider, project.id, 50, '越权'))).toEqual(unseen('project', project.id));
      expect(await failure(sut.resolveProject(outsider, project.id, '越权办结'))).toEqual(unseen('project', project.id));
      // Below the project's org is outside it too: the enterprise handles a case, the street runs the project.
      expect(await failure(sut.resolveProject(ctxOf(staff(e1)), project.id, '越级办结'))).toEqual(unseen('project', project.id));
      expect(await failure(sut.createProject(outsider, input(d2, [inside.id, theirs.id])))).toEqual(rejected(unseenCase(inside.id)));
      expect(await failure(sut.resolveProject(ctxOf(mine), project.id, '我自己办结'))).toEqual({ message: 'Service projects are run by union staff; ask your union.', extensions: { code: ErrorCode.FORBIDDEN } });
      expect(await written()).toEqual(before);
    });
  });

  describe('concurrent resolutions', () => {
    it('five at once: exactly one wins, and each case gets exactly one RESOLVE event', async () => {
      const list = [await wish(e1), await wish(e1, CaseState.ACCEPTED), await wish(e2, CaseState.IN_PROGRESS), await wish(s1, CaseState.IN_PROGRESS)];
      const project = await create(staff(d1), d1, list, { title: '送清凉' });
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, (_, i) => sut.resolveProject(ctxOf(i % 2 ? staff(d1) : staff(city)), project.id, `第${i + 1}次办结`, project.version)),
      );
      const won = results.filter((r): r is PromiseFulfilledResult<sut.ProjectResolutionResult> => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost.map((r) => (r.reason as { extensions?: { code?: string } }).extensions?.code)).toEqual(Array(4).fill(ErrorCode.CONFLICT));

      const winner = won[0].value;
      expect(winner.resolvedCases).toHaveLength(4);
      expect(await projectRow(project.id)).toMatchObject({ state: ProjectState.RESOLVED, version: 2 });
      const events = await db.getRepository(CaseEventRow).find({ where: { caseId: In(list.map((c) => c.id)), action: CaseAction.RESOLVE } });
      expect(events.map((e) => e.caseId).sort()).toEqual(list.map((c) => c.id).sort());
      expect(new Set(events.map((e) => e.note))).toEqual(new Set([winner.resolvedCases[0].resolution]));
      expect(await db.getRepository(ProjectNoteRow).count({ where: { projectId: project.id } })).toBe(1);
      expect((await verifyLedger(db, { caseIds: list.map((c) => c.id) })).ok).toBe(true);
    });

    it('without a version, the versioned update alone still lets exactly one win', async () => {
      const list = [await wish(e2, CaseState.ACCEPTED), await wish(e2, CaseState.IN_PROGRESS)];
      const project = await create(staff(s1), s1, list, { title: '送温暖' });
      const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => sut.resolveProject(ctxOf(staff(s1)), project.id, `办结${i}`)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      // A loser that read the project before the winner committed gets CONFLICT; one that read it after sees it resolved.
      for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
        expect([ErrorCode.CONFLICT, ErrorCode.INVALID_STATE]).toContain((r.reason as { extensions?: { code?: string } }).extensions?.code);
      }
      const events = await db.getRepository(CaseEventRow).find({ where: { caseId: In(list.map((c) => c.id)), action: CaseAction.RESOLVE } });
      expect(events.map((e) => e.caseId).sort()).toEqual(list.map((c) => c.id).sort());
      expect(await projectRow(project.id)).toMatchObject({ state: ProjectState.RESOLVED, version: 2 });
    });
  });

  describe('through the schema', () => {
    let schema: GraphQLSchema;
    const exec = (caller: Caller, source: string, variableValues?: Record<string, unknown>) => graphql({ schema, source, variableValues, contextValue: ctxOf(caller) });

    beforeAll(async () => {
      schema = (await buildCasesSubgraph()).schema;
    });

    const PAGE = `query($org: ID, $first: Int!) { projects(orgId: $org, first: $first) { edges { node {
      id title state progress caseCount org { id } notes { progress note }
      cases { number state responsible project { id title } events { action } }
    } } pageInfo { hasNextPage endCursor } } }`;

    it('creates, reports and resolves a project, and shows it on its cases', async () => {
      const [a, b] = [await wish(e3), await wish(e3, CaseState.IN_PROGRESS)];
      const created = await exec(staff(d2), `mutation($input: CreateProjectInput!) { createProject(input: $input) { id state version caseCount org { id } cases { id state responsible project { title } } } }`, {
        input: { orgId: s2.id, title: '声乐课', purpose: '职工声乐培训', caseIds: [a.id, b.id] },
      });
      expect(created.errors).toBeUndefined();
      const p = created.data!.createProject as { id: string };
      expect(created.data!.createProject).toEqual({
        id: p.id, state: 'OPEN', version: 1, caseCount: 2, org: { id: s2.id },
        cases: [
          { id: a.id, state: 'ACCEPTED', responsible: '项目：声乐课', project: { title: '声乐课' } },
          { id: b.id, state: 'IN_PROGRESS', responsible: '工会办公室 经办人', project: { title: '声乐课' } },
        ],
      });

      const progressed = await exec(staff(s2), `mutation { recordProjectProgress(projectId: "${p.id}", progress: 40, note: "已开课", version: 1) { progress version notes { progress note } } }`);
      expect(progressed.errors).toBeUndefined();
      expect(progressed.data!.recordProjectProgress).toEqual({ progress: 40, version: 2, notes: [{ progress: 40, note: '已开课' }] });

      const resolved = await exec(staff(s2), `mutation { resolveProject(projectId: "${p.id}", resolution: "结业演出完成", version: 2) {
        project { state progress version } resolvedCases { id state resolution } unresolvedCases { id } } }`);
      expect(resolved.errors).toBeUndefined();
      expect(resolved.data!.resolveProject).toEqual({
        project: { state: 'RESOLVED', progress: 100, version: 3 },
        resolvedCases: [{ id: a.id, state: 'RESOLVED', resolution: '结业演出完成' }, { id: b.id, state: 'RESOLVED', resolution: '结业演出完成' }],
        unresolvedCases: [],
      });

      const onCase = await exec(staff(e3), `{ case(id: "${a.id}") { project { id } events { action } } }`);
      // The enterprise handles the case but the street runs the project: the case shows, the project does not.
      expect(onCase.data!.case).toEqual({ project: null, events: ['RAISE', 'JOIN_PROJECT', 'RESOLVE'].map((action) => ({ action })) });
      const fromStreet = await exec(staff(s2), `{ case(id: "${a.id}") { project { id state } } }`);
      expect(fromStreet.data!.case).toEqual({ project: { id: p.id, state: 'RESOLVED' } });
    });

    it('reads a page of projects with their cases in a fixed number of statements', async () => {
      for (const title of ['篮球赛', '读书会', '摄影班']) await create(staff(d2), d2, [await wish(e3), await wish(s2, CaseState.ACCEPTED)], { title });
      const statementsFor = async (first: number) => {
        const before = sqlStats.statements;
        const res = await exec(staff(d2), PAGE, { org: d2.id, first });
        expect(res.errors).toBeUndefined();
        const edges = (res.data!.projects as { edges: { node: { caseCount: number; cases: { project: { id: string } }[] } }[] }).edges;
        return { n: edges.length, cases: edges.reduce((s, e) => s + e.node.cases.length, 0), statements: sqlStats.statements - before };
      };
      const one = await statementsFor(1);
      const many = await statementsFor(50);
      expect(one.n).toBe(1);
      expect(many.n).toBeGreaterThanOrEqual(4);
      expect(many.cases).toBeGreaterThanOrEqual(8);
      // The page, its cases, their counts, the notes and the cases' ledgers: one statement each.
      expect(one.statements).toBe(5);
      expect(many.statements).toBe(one.statements);
    });

    it('pages through projects with a cursor and filters by state', async () => {
      const all = await exec(admin, `{ projects(first: 200) { edges { node { id } } } }`);
      const ids = (all.data!.projects as { edges: { node: { id: string } }[] }).edges.map((e) => e.node.id);
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const res = await exec(admin, `query($after: String) { projects(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`, { after });
        const page = res.data!.projects as { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
        seen.push(...page.edges.map((e) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(ids);
      const open = await exec(admin, `{ projects(state: OPEN, first: 200) { edges { node { state } } } }`);
      const states = (open.data!.projects as { edges: { node: { state: string } }[] }).edges.map((e) => e.node.state);
      expect(states.length).toBeGreaterThan(0);
      expect(states.every((s) => s === 'OPEN')).toBe(true);
      expect(ids.length).toBe(await db.getRepository(ProjectRow).count());
    });

    it('keeps projects from members and everything from partners', async () => {
      const member_ = await exec(member(e1), `{ projects { edges { node { id } } } }`);
      expect(member_.errors).toBeUndefined();
      expect(member_.data!.projects).toEqual({ edges: [] });
      const partnerRead = await exec(partner, `{ projects { edges { node { id } } } }`);
      expect(firstError(partnerRead)).toEqual(roleRefusal('projects', 'members, union staff and admins', 'partner desks'));
      const memberCreate = await exec(member(e1), `mutation { createProject(input: { orgId: "${e1.id}", title: "t", purpose: "p", caseIds: ["${newId()}"] }) { id } }`);
      expect(firstError(memberCreate)).toEqual(roleRefusal('createProject', 'union staff and admins', 'members'));
      const partnerResolve = await exec(partner, `mutation { resolveProject(projectId: "${newId()}", resolution: "x") { project { id } } }`);
      expect(firstError(partnerResolve)).toEqual(roleRefusal('resolveProject', 'union staff and admins', 'partner desks'));
    });
  });
});
