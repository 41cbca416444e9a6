import { testDatabases } from '@lianxin/jest-config/databases';
import type { DataSource } from 'typeorm';
import { childPath, newId, pathIds } from '@lianxin/auth';
import { cityOf, createLogger } from '@lianxin/subgraph';
import { openCasesDatabase } from '../../app';
import { CaseRow, CaseScopeRow, CaseSequenceRow } from '../../casefile/case.entity';
import { CaseAction, CaseKind, CaseState, CLOCK_RUNNING } from '../../casefile/case.enums';
import { scopeRows } from '../../case/case.writer';
import { CaseTallyRow } from '../../figures/tally.entity';
import { CaseEventRow } from '../../ledger/ledger.entity';
import { verifyLedger } from '../../ledger/ledger.service';
import { runSweep } from '../../sweep/sweep.service';
import { CaseDemo, DEFAULT_CASE_SEED_OPTIONS, FATE_WEIGHTS, KIND_WEIGHTS, VISIT_DIARY_WEEKS, type SeedMember, type SeedOrg } from '../generate';
import { Random } from '@lianxin/demo-kit';
import { isCasesSeeded, seedCasesDemoData } from '../seed';
import { CaseChannel, Urgency } from '../../casefile/case.enums';
import { DeadlinePolicyRow } from '../../deadline/deadline.entity';
import { effectiveDeadline } from '../../deadline/deadline.service';
import { ProjectNoteRow, ProjectRow, ProjectState } from '../../project/project.entity';
import { SurveyAnswerRow, SurveyResponseRow, SurveyRow } from '../../evaluation/evaluation.entity';
import { ChairVisitDayRow, ChairVisitRow } from '../../visit/visit.entity';
import { CampaignRow, InterviewRow } from '../../campaign/campaign.entity';
import { chairVisitFigures } from '../../visit/visit.service';
import { callerStub, contextFor, FakeOrgDirectory } from '@lianxin/test-kit';
import { OutreachKind } from '../../casefile/case.enums';

const log = createLogger('test', 'silent');
const DAY = 86_400_000;
/** 2026-06-15 12:00 in Beijing. */
const NOW = new Date('2026-06-15T04:00:00Z');
const CASES = 300;

/** A small tree: city → 2 districts → 2 streets each → 3 enterprises and a union post each, 5 members per enterprise. */
function tinyTree(): { orgs: SeedOrg[]; members: SeedMember[] } {
  const rng = new Random(7, 'tree');
  const orgs: SeedOrg[] = [];
  const members: SeedMember[] = [];
  const setup = NOW.getTime() - 1300 * DAY;
  const org = (parent: SeedOrg | null, level: string, code: string, kind?: string): SeedOrg => {
    const id = newId(setup + orgs.length * 1000, rng.bytes(10));
    const o = { id, path: childPath(parent?.path ?? null, id), code, level, ...(kind ? { kind } : {}) };
    orgs.push(o);
    return o;
  };
  const city = org(null, 'CITY', 'LJ');
  for (let d = 1; d <= 2; d++) {
    const district = org(city, 'DISTRICT', `LJ-0${d}`);
    for (let s = 1; s <= 2; s++) {
      const street = org(district, 'STREET', `LJ-0${d}-0${s}`);
      // Three enterprise unions and a union post (工会驿站) per street.
      for (let e = 1; e <= 4; e++) {
        const enterprise = org(street, 'ENTERPRISE', `LJ-0${d}-0${s}-000${e}`, e === 4 ? 'UNION_POST' : 'ENTERPRISE');
        // Joined over the last three and a half years: the earliest cases find few members.
        for (let m = 0; m < 5; m++) members.push({ id: newId(setup + rng.int(0, 1280) * DAY, rng.bytes(10)), orgId: enterprise.id });
      }
    }
  }
  return { orgs, members };
}

const TREE = tinyTree();
const orgById = new Map(TREE.orgs.map((o) => [o.id, o]));

describe('demo case generator', () => {
  it('is deterministic: the same input gives the same rows, ids and hashes', () => {
    const options = { ...DEFAULT_CASE_SEED_OPTIONS, cases: 50, now: NOW };
    const a = [...new CaseDemo(TREE, options).batches(20)];
    // Input order does not matter either.
    const b = [...new CaseDemo({ orgs: [...TREE.orgs].reverse(), members: [...TREE.members].reverse() }, options).batches(50)];
    expect(b.flatMap((x) => x.cases)).toEqual(a.flatMap((x) => x.cases));
    expect(b.flatMap((x) => x.events)).toEqual(a.flatMap((x) => x.events));
    const c = [...new CaseDemo(TREE, { ...options, seed: options.seed + 1 }).batches(50)];
    expect(c[0].cases[0].id).not.toEqual(a[0].cases[0].id);
  });

  it('refuses members of orgs it was not given', () => {
    expect(() => new CaseDemo({ orgs: TREE.orgs, members: [{ id: newId(), orgId: 'nowhere' }] }, { ...DEFAULT_CASE_SEED_OPTIONS, now: NOW })).toThrow(/not in the org list/);
  });
});

const engines = testDatabases('cases_seed', (o) => openCasesDatabase({ ...o, log }));

/** Month on the China calendar, computed here rather than with the code under test. */
const localMonth = (d: Date): string => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);

describe.each(engines)('seedCasesDemoData on $name', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  let cases: CaseRow[];
  let progress: [number, number][];
  let result: Awaited<ReturnType<typeof seedCasesDemoData>>;

  beforeAll(async () => {
    ({ db, close } = await engine.open());
    expect(await isCasesSeeded(db)).toBe(false);
    progress = [];
    result = await seedCasesDemoData(db, { ...TREE, cases: CASES, now: NOW, onProgress: (done, total) => progress.push([done, total]) });
    cases = await db.getRepository(CaseRow).find({ order: { id: 'ASC' } });
  });
  afterAll(() => close?.());

  it('inserts every row it generated, once', async () => {
    expect(cases).toHaveLength(CASES);
    const count = (entity: typeof CaseEventRow | typeof CaseScopeRow | typeof CaseTallyRow | typeof CaseSequenceRow) => db.getRepository(entity).count();
    expect(result).toEqual({
      cases: CASES,
      events: await count(CaseEventRow),
      scopes: await count(CaseScopeRow),
      tally: await count(CaseTallyRow),
      sequences: await count(CaseSequenceRow),
      policies: await db.getRepository(DeadlinePolicyRow).count(),
      projects: await db.getRepository(ProjectRow).count(),
      surveys: await db.getRepository(SurveyRow).count(),
      surveyResponses: await db.getRepository(SurveyResponseRow).count(),
      visitDays: await db.getRepository(ChairVisitDayRow).count(),
      visits: await db.getRepository(ChairVisitRow).count(),
      campaign: expect.objectContaining({ campaigns: await db.getRepository(CampaignRow).count(), interviews: await db.getRepository(InterviewRow).count() }),
    });
    expect(progress[0]).toEqual([0, CASES]);
    expect(progress.at(-1)).toEqual([CASES, CASES]);
    expect(await isCasesSeeded(db)).toBe(true);
    expect(await seedCasesDemoData(db, { ...TREE, cases: CASES, now: NOW })).toEqual({ cases: 0, events: 0, scopes: 0, tally: 0, sequences: 0, policies: 0, projects: 0, surveys: 0, surveyResponses: 0, visitDays: 0, visits: 0 });
    expect(await db.getRepository(CaseRow).count()).toBe(CASES);
  });

  it('reads back exactly what the generator made', async () => {
    const [first] = new CaseDemo(TREE, { ...DEFAULT_CASE_SEED_OPTIONS, cases: CASES, now: NOW }).batches(10);
    const stored = await db.getRepository(CaseRow).findOneByOrFail({ id: first.cases[0].id });
    // As generated, with the city stamped from the raising org's path (the generator writes none).
    expect(stored).toEqual({ ...first.cases[0], city: cityOf(first.cases[0].raisedPath) });
    const events = await db.getRepository(CaseEventRow).find({ where: { caseId: first.cases[0].id }, order: { seq: 'ASC' } });
    expect(events).toEqual(first.events.filter((e) => e.caseId === first.cases[0].id).map((e) => ({ ...e, city: cityOf(first.cases[0].raisedPath) })));
  });

  it('chains every ledger from the genesis hash to the head on the case', async () => {
    const report = await verifyLedger(db);
    expect(report).toEqual({ ok: true, casesChecked: CASES, eventsChecked: result.events, firstBreak: null });
  });

  it('leaves nothing for the deadline sweep to do at its own "now"', async () => {
    expect(await runSweep(db, { now: NOW, ratingTimeoutDays: DEFAULT_CASE_SEED_OPTIONS.ratingTimeoutDays })).toEqual({ acceptanceEscalated: 0, deadlineEscalated: 0, closedByTimeout: 0 });
  });

  it('follows the kind mix of the seeds', () => {
    const total = KIND_WEIGHTS.reduce((n, [, w]) => n + w, 0);
    for (const [kind, weight] of KIND_WEIGHTS) {
      const share = cases.filter((c) => c.kind === kind).length / CASES;
      // Three standard deviations of a share at 300 cases is at most 7 points.
      expect({ kind, share: Math.abs(share - weight / total) <= 0.07 }).toEqual({ kind, share: true });
      expect(share).toBeGreaterThan(0);
    }
  });

  it('has closed about 92% of the cases older than two months', () => {
    const old = cases.filter((c) => c.raisedAt.getTime() < NOW.getTime() - 60 * DAY);
    const closed = old.filter((c) => c.state === CaseState.CLOSED || c.state === CaseState.DECLINED).length / old.length;
    expect(old.length).toBeGreaterThan(200);
    expect(Math.abs(closed - (FATE_WEIGHTS.normal + FATE_WEIGHTS.declined))).toBeLessThanOrEqual(0.05);
    // The newest are mostly still open.
    const recent = cases.filter((c) => c.raisedAt.getTime() > NOW.getTime() - 5 * DAY);
    expect(recent.filter((c) => c.state !== CaseState.CLOSED).length).toBeGreaterThan(recent.length / 2);
  });

  it('tells realistic histories: anonymous, on behalf, transferred, returned, supervised, reopened, timed out, declined, overdue', async () => {
    const events = await db.getRepository(CaseEventRow).find();
    const did = (action: CaseAction) => new Set(events.filter((e) => e.action === action).map((e) => e.caseId)).size;
    expect(cases.filter((c) => c.memberId === null && c.raisedByRole === 'member').length).toBeGreaterThan(0);
    expect(cases.filter((c) => c.memberId !== null && c.raisedByRole === 'staff').length).toBeGreaterThan(0);
    expect(did(CaseAction.TRANSFER)).toBeGreaterThan(20);
    expect(did(CaseAction.ESCALATE)).toBeGreaterThan(5);
    expect(did(CaseAction.CLOSE_TIMEOUT)).toBeGreaterThan(5);
    expect(did(CaseAction.DECLINE)).toBeGreaterThan(0);
    expect(did(CaseAction.SUPERVISE) + did(CaseAction.RETURN) + did(CaseAction.AWAIT_WORKER)).toBeGreaterThan(5);
    expect(cases.filter((c) => c.reopenCount > 0).length).toBeGreaterThan(0);
    expect(cases.filter((c) => c.supervised).length).toBeGreaterThan(10);
    expect(cases.filter((c) => CLOCK_RUNNING.includes(c.state) && c.dueAt < NOW).length).toBeGreaterThan(0);
    expect(cases.filter((c) => c.onTime === false).length).toBeGreaterThan(0);
    // Times move forward along every ledger, and never past "now".
    const byCase = new Map<string, CaseEventRow[]>();
    for (const e of events) byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), e]);
    for (const list of byCase.values()) {
      list.sort((a, b) => a.seq - b.seq);
      for (let i = 1; i < list.length; i++) expect(list[i].at.getTime()).toBeGreaterThanOrEqual(list[i - 1].at.getTime());
      expect(list.at(-1)!.at.getTime()).toBeLessThanOrEqual(NOW.getTime());
    }
  });

  it('keeps the tally equal to a recount of the cases', async () => {
    const recount = new Map<string, number>();
    for (const c of cases) {
      const onTime = c.onTime === null ? 0 : c.onTime ? 1 : 2;
      for (const orgId of pathIds(c.raisedPath)) {
        const key = [orgId, localMonth(c.raisedAt), c.kind, c.state, c.supervised ? 1 : 0, onTime, c.rating ?? ''].join('|');
        recount.set(key, (recount.get(key) ?? 0) + 1);
      }
    }
    const tally = await db.getRepository(CaseTallyRow).find();
    const stored = new Map(tally.map((t) => [[t.orgId, t.month, t.kind, t.state, t.supervised ? 1 : 0, t.onTime, t.rating].join('|'), t.n]));
    expect(stored).toEqual(recount);
    for (const t of tally) expect(t.orgPath).toBe(orgById.get(t.orgId)!.path);
  });

  it('gives every case exactly the visibility rows the writer would', async () => {
    const scopes = await db.getRepository(CaseScopeRow).find();
    const key = (s: CaseScopeRow) => [s.caseId, s.orgId, s.orgPath, s.state, s.kind, s.supervised, s.dueAt.toISOString()].join('|');
    expect(scopes.map(key).sort()).toEqual(cases.flatMap((c) => scopeRows(c)).map(key).sort());
  });

  it('numbers cases <org code>-<year>-<sequence>, uniquely and without gaps', async () => {
    const numbers = cases.map((c) => c.number);
    expect(new Set(numbers).size).toBe(CASES);
    const used = new Map<string, number[]>();
    for (const c of cases) {
      const org = orgById.get(c.raisedOrgId)!;
      const m = /^(.+)-(\d{4})-(\d{6})$/.exec(c.number)!;
      expect(m[1]).toBe(org.code);
      expect(Number(m[2])).toBe(Number(localMonth(c.raisedAt).slice(0, 4)));
      used.set(`${org.id}|${m[2]}`, [...(used.get(`${org.id}|${m[2]}`) ?? []), Number(m[3])]);
    }
    const sequences = await db.getRepository(CaseSequenceRow).find();
    expect(new Map(sequences.map((s) => [`${s.orgId}|${s.year}`, s.lastValue]))).toEqual(new Map([...used].map(([k, seqs]) => [k, seqs.length])));
    for (const seqs of used.values()) expect([...seqs].sort((a, b) => a - b)).toEqual(seqs.map((_, i) => i + 1));
  });

  it('keeps every kind and state an enum value', () => {
    expect(cases.every((c) => Object.values(CaseKind).includes(c.kind) && Object.values(CaseState).includes(c.state))).toBe(true);
  });

  it('puts the wish walls and suggestion books at union posts', () => {
    const walls = cases.filter((c) => c.channel === CaseChannel.WISH_WALL || c.channel === CaseChannel.SUGGESTION_BOOK);
    expect(walls.length).toBeGreaterThan(10);
    expect(walls.filter((c) => orgById.get(c.raisedOrgId)!.kind !== 'UNION_POST')).toEqual([]);
  });

  it('records interviews only inside a 100-day campaign from 1 April', () => {
    const interviews = cases.filter((c) => c.channel === CaseChannel.INTERVIEW_CAMPAIGN);
    expect(interviews.length).toBeGreaterThan(5);
    for (const c of interviews) {
      const day = localMonth(c.raisedAt).slice(0, 4);
      const start = Date.parse(`${day}-04-01T00:00:00+08:00`);
      expect({ number: c.number, inside: c.raisedAt.getTime() >= start && c.raisedAt.getTime() < start + 100 * DAY }).toEqual({ number: c.number, inside: true });
    }
  });

  it('holds each enterprise\'s chair visit days on one weekday, at the enterprise', () => {
    const visits = cases.filter((c) => c.channel === CaseChannel.CHAIR_VISIT_DAY);
    expect(visits.length).toBeGreaterThan(5);
    const weekdays = new Map<string, Set<number>>();
    for (const c of visits) {
      const org = orgById.get(c.raisedOrgId)!;
      expect(org.kind).toBe('ENTERPRISE');
      const weekday = new Date(c.raisedAt.getTime() + 8 * 3_600_000).getUTCDay();
      expect(weekday).toBeGreaterThanOrEqual(1);
      expect(weekday).toBeLessThanOrEqual(5);
      weekdays.set(org.id, (weekdays.get(org.id) ?? new Set()).add(weekday));
    }
    for (const days of weekdays.values()) expect(days.size).toBe(1);
  });

  it('keeps a weekly visit day at each enterprise union and a diary entry for every visit its problems were raised on', async () => {
    const days = await db.getRepository(ChairVisitDayRow).find();
    const visits = await db.getRepository(ChairVisitRow).find();
    // The largest sixth of the enterprise unions, and at least one a weekday: five of the tiny tree's twelve.
    const enterprises = TREE.orgs.filter((o) => o.level === 'ENTERPRISE' && o.kind !== 'UNION_POST');
    expect(days.length).toBe(5);
    expect(days.every((d) => enterprises.some((o) => o.id === d.orgId))).toBe(true);
    expect(new Set(days.map((d) => d.weekday)).size).toBe(5);
    const start = new Date(NOW.getTime() + 8 * 3_600_000 - VISIT_DIARY_WEEKS * 7 * DAY).toISOString().slice(0, 10);
    const dayOf = new Map(days.map((d) => [d.orgId, d]));
    for (const d of days) expect([d.startsOn, d.endsOn, d.staffCount >= 100, d.weekday! >= 1 && d.weekday! <= 5]).toEqual([start, null, true, true]);
    // Every visit on its union's weekday, in the diary's run, one a day.
    for (const v of visits) {
      const weekday = new Date(`${v.visitedOn}T00:00:00Z`).getUTCDay();
      expect([v.visitedOn >= start, weekday]).toEqual([true, dayOf.get(v.orgId)!.weekday]);
    }
    expect(new Set(visits.map((v) => `${v.orgId}|${v.visitedOn}`)).size).toBe(visits.length);
    // Every visit-day problem since the diary started links to the visit of its union and day; none before.
    const byId = new Map(visits.map((v) => [v.id, v]));
    const chinaDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const fromVisits = cases.filter((c) => c.channel === CaseChannel.CHAIR_VISIT_DAY);
    for (const c of fromVisits) {
      if (chinaDay(c.raisedAt) < start) expect([c.sourceKind, c.sourceId]).toEqual([null, null]);
      else expect([c.sourceKind, byId.get(c.sourceId!)?.orgId, byId.get(c.sourceId!)?.visitedOn]).toEqual([OutreachKind.CHAIR_VISIT, c.raisedOrgId, chinaDay(c.raisedAt)]);
    }
    // Besides them only the interview campaign's problem list (seed/campaigns.ts) has a source.
    expect(cases.filter((c) => c.sourceId !== null && c.channel !== CaseChannel.CHAIR_VISIT_DAY && !(c.channel === CaseChannel.INTERVIEW_CAMPAIGN && c.sourceKind === OutreachKind.INTERVIEW))).toEqual([]);
    // Most scheduled days were held.
    let scheduled = 0;
    for (const d of days) for (let t = Date.parse(`${start}T00:00:00Z`); t <= NOW.getTime() - DAY; t += DAY) if (new Date(t).getUTCDay() === d.weekday) scheduled++;
    expect(visits.length / scheduled).toBeGreaterThan(0.85);
    expect(visits.length).toBeLessThanOrEqual(scheduled + days.length);
  });

  it('resolves nearly all visit-day problems old enough to be done (98% at the demo scale), and the figures count the linked ones', async () => {
    const directory = new FakeOrgDirectory();
    for (const o of TREE.orgs) directory.byId.set(o.id, { id: o.id, parentId: null, path: o.path, code: o.code, level: o.level as 'CITY', name: o.code });
    const city = TREE.orgs[0];
    const ctx = contextFor({ db: () => db, orgs: directory })(callerStub.staff({ id: city.id, path: city.path, code: city.code }));
    const fig = (await chairVisitFigures(ctx, { from: '2025-06-15', to: '2026-05-31' }, NOW))!;
    // The tiny tree raises few visit-day problems; the whole demo's share is checked over its larger count.
    const linked = cases.filter((c) => c.sourceKind === OutreachKind.CHAIR_VISIT && c.raisedAt.getTime() < Date.parse('2026-05-31T16:00:00Z'));
    expect(fig.problemsRaised).toBe(linked.length);
    const all = cases.filter((c) => c.channel === CaseChannel.CHAIR_VISIT_DAY && c.raisedAt.getTime() < NOW.getTime() - 60 * DAY);
    const done = all.filter((c) => [CaseState.RESOLVED, CaseState.SIGNED_OFF, CaseState.CLOSED].includes(c.state)).length;
    expect(done / all.filter((c) => c.state !== CaseState.DECLINED).length).toBeGreaterThan(0.9);
  });

  it('stores the deadline rules the cases were decided by: the city lengthens a micro-wish past the default, the first district shortens it', async () => {
    const policies = await db.getRepository(DeadlinePolicyRow).find();
    expect(policies.length).toBe(3);
    const city = TREE.orgs.find((o) => o.level === 'CITY')!;
    const [first, second] = TREE.orgs.filter((o) => o.level === 'DISTRICT').sort((a, b) => (a.code < b.code ? -1 : 1));
    await db.transaction(async (em) => {
      expect((await effectiveDeadline(em, city.path, CaseKind.MICRO_WISH, Urgency.NORMAL)).resolveHours).toBe(720);
      expect((await effectiveDeadline(em, first.path, CaseKind.MICRO_WISH, Urgency.NORMAL)).resolveHours).toBe(480);
      expect((await effectiveDeadline(em, second.path, CaseKind.MICRO_WISH, Urgency.NORMAL)).resolveHours).toBe(720);
    });
    // A wish raised and still where it was raised, never reopened, is due when the rule there says.
    const wishes = cases.filter((c) => c.kind === CaseKind.MICRO_WISH && c.urgency === Urgency.NORMAL && c.reopenCount === 0 && c.pausedAt === null);
    const events = await db.getRepository(CaseEventRow).find();
    const paused = new Set(events.filter((e) => e.action === CaseAction.AWAIT_WORKER).map((e) => e.caseId));
    const checked = wishes.filter((c) => !paused.has(c.id));
    expect(checked.length).toBeGreaterThan(5);
    for (const c of checked) {
      const hours = c.raisedPath.startsWith(first.path) ? 480 : 720;
      expect({ number: c.number, hours: (c.dueAt.getTime() - c.raisedAt.getTime()) / 3_600_000 }).toEqual({ number: c.number, hours });
    }
  });

  it('gathers chosen wish-wall cards into the streets\' yearly projects, resolved once every wish is done', async () => {
    const projects = await db.getRepository(ProjectRow).find();
    expect(projects.length).toBeGreaterThan(0);
    const notes = await db.getRepository(ProjectNoteRow).find();
    for (const p of projects) {
      const members = cases.filter((c) => c.projectId === p.id);
      expect(members.length).toBeGreaterThan(0);
      for (const c of members) {
        expect(c.channel).toBe(CaseChannel.WISH_WALL);
        expect(c.handlingPath.startsWith(p.orgPath)).toBe(true);
      }
      const done = members.filter((c) => [CaseState.RESOLVED, CaseState.SIGNED_OFF, CaseState.CLOSED, CaseState.DECLINED].includes(c.state)).length;
      if (p.state === ProjectState.RESOLVED) expect(done).toBe(members.length);
      else expect(p.progress).toBe(Math.floor((100 * done) / members.length));
      expect(notes.filter((n) => n.projectId === p.id).length).toBe(done ? 1 : 0);
    }
    expect(cases.filter((c) => c.projectId !== null).length).toBe(cases.filter((c) => c.responsible?.startsWith('项目：')).length);
  });

  it('answers each district\'s yearly survey once per member, at the member\'s own union', async () => {
    const surveys = await db.getRepository(SurveyRow).find();
    expect(surveys.length).toBeGreaterThan(0);
    const responses = await db.getRepository(SurveyResponseRow).find();
    expect(responses.length).toBeGreaterThan(0);
    const memberOrg = new Map(TREE.members.map((m) => [m.id, orgById.get(m.orgId)!]));
    const surveyById = new Map(surveys.map((s) => [s.id, s]));
    for (const r of responses) {
      expect(r.orgId).toBe(memberOrg.get(r.memberId!)!.id);
      expect(r.orgPath.startsWith(surveyById.get(r.surveyId)!.orgPath)).toBe(true);
      expect(r.submittedAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
    }
    expect(new Set(responses.map((r) => r.onceKey)).size).toBe(responses.length);
    const answers = await db.getRepository(SurveyAnswerRow).find();
    expect(answers.filter((a) => a.rating !== null).length).toBe(responses.length * 3);
  });
});
