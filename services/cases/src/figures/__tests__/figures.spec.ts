import { testDatabases } from '@lianxin/jest-config/databases';
import { graphql } from 'graphql';
import type { DataSource } from 'typeorm';
import { newId, type Caller } from '@lianxin/auth';
import { ErrorCode, sqlStats, type OrgInfo } from '@lianxin/subgraph';
import { callerStub, contextFor, failure, FakeStaffDirectory, firstError, orgTree, roleRefusal, silentLog } from '@lianxin/test-kit';
import { openCasesDatabase } from '../../app';
import { buildCasesSubgraph } from '../../schema';
import { CaseAction, CaseChannel, CaseKind, CaseState, DeclineReason, Rating, Urgency } from '../../casefile/case.enums';
import type { CaseRow } from '../../casefile/case.entity';
import * as cases from '../../case/case.service';
import * as routing from '../../case/routing.service';
import { RaiseCaseInput } from '../../case/case.types';
import * as sut from '../figures.service';
import type { CaseFigures } from '../figures.types';
import { expectedTally, tallyDrift } from '../tally.rebuild';


const engines = testDatabases('figures', (o) => openCasesDatabase({ ...o, log: silentLog }));

/** Beijing wall-clock time as an instant. */
const beijing = (local: string): Date => new Date(`${local.replace(' ', 'T')}+08:00`);
const DAY = 86_400_000;
/** The moment the figures are read: overdue is measured against it. */
const NOW = beijing('2026-05-10 08:00:00');

type Step =
  | 'accept'
  | 'progress'
  | 'await'
  | 'onTime'
  | 'late'
  | 'signOff'
  | 'signOffAbove'
  | 'rateS'
  | 'rateB'
  | 'rateU'
  | 'decline'
  | 'superviseFromCity'
  | 'referOut'
  | { transferTo: string }
  | { passUpTo: string };

/** A case of the story: where and when it was raised, and what happened to it. */
interface Planned {
  at: string;
  raised: string;
  kind: CaseKind;
  urgency?: Urgency;
  steps: Step[];
}

/**
 * Seventeen cases raised January to April 2026 in Beijing time across both districts, and
 * two just outside that period. Numbers in comments are the case's place in the list.
 */
const PLAN: Planned[] = [
  /* 1 */ { at: 'e1', raised: '2026-01-05 10:00:00', kind: CaseKind.MICRO_WISH, steps: ['accept', 'progress', 'onTime', 'signOff', 'rateS'] },
  /* 2 */ { at: 'e1', raised: '2026-01-12 10:00:00', kind: CaseKind.MICRO_WISH, steps: ['accept', 'late', 'signOff', 'rateB'] },
  /* 3 */ { at: 'e1', raised: '2026-01-31 23:59:59', kind: CaseKind.GRASSROOTS_BUILDING, steps: ['accept', 'onTime', 'signOff', 'rateU'] },
  /* 4 */ { at: 'e1', raised: '2026-02-01 01:00:00', kind: CaseKind.EDUCATION_AID, steps: ['accept', 'onTime'] },
  /* 5 */ { at: 'e2', raised: '2026-02-10 09:00:00', kind: CaseKind.LEGAL_AID, steps: ['accept', 'late', 'signOffAbove'] },
  /* 6 */ { at: 'e2', raised: '2026-02-14 09:00:00', kind: CaseKind.MICRO_WISH, steps: ['decline'] },
  /* 7 */ { at: 'e2', raised: '2026-02-20 09:00:00', kind: CaseKind.CARE_POST, steps: [] },
  /* 8 */ { at: 's1', raised: '2026-03-02 09:00:00', kind: CaseKind.COLLECTIVE_BARGAINING, steps: ['accept', 'superviseFromCity'] },
  /* 9 */ { at: 's1', raised: '2026-03-03 09:00:00', kind: CaseKind.COLLECTIVE_BARGAINING, steps: ['accept', 'await'] },
  /* 10 */ { at: 'd1', raised: '2026-03-10 09:00:00', kind: CaseKind.URGENT_NEED, urgency: Urgency.HIGH, steps: [{ transferTo: 'e2' }] },
  /* 11 */ { at: 'd1', raised: '2026-03-15 09:00:00', kind: CaseKind.OTHER, steps: [{ transferTo: 'e1' }, 'accept', 'onTime', 'signOff', 'rateS'] },
  /* 12 */ { at: 'e3', raised: '2026-01-20 09:00:00', kind: CaseKind.MICRO_WISH, steps: ['accept', 'onTime', 'signOff', 'rateS'] },
  /* 13 */ { at: 'e3', raised: '2026-02-25 09:00:00', kind: CaseKind.HARDSHIP_AID, steps: ['accept', 'progress', 'superviseFromCity', 'referOut'] },
  /* 14 */ { at: 's2', raised: '2026-03-30 09:00:00', kind: CaseKind.MICRO_WISH, steps: ['decline'] },
  /* 15 */ { at: 'e3', raised: '2026-04-28 09:00:00', kind: CaseKind.SUGGESTION, steps: ['accept'] },
  /* 16 */ { at: 'city', raised: '2026-04-02 09:00:00', kind: CaseKind.OTHER, steps: ['accept', 'late'] },
  /* 17 */ { at: 'e1', raised: '2026-04-10 09:00:00', kind: CaseKind.SUGGESTION, steps: [{ passUpTo: 's1' }] },
  // Outside January to April in Beijing, though inside it in UTC or the other way round.
  /* 18 */ { at: 'e1', raised: '2025-12-31 23:00:00', kind: CaseKind.MICRO_WISH, steps: [] },
  /* 19 */ { at: 'e3', raised: '2026-05-01 00:30:00', kind: CaseKind.MICRO_WISH, steps: [] },
];

/** A case_file row as the driver returns it, columns as named in the table. */
type RawCase = Record<string, unknown>;

const asDate = (v: unknown): Date => (v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`));
const asBool = (v: unknown): boolean => v === true || Number(v) === 1;

/**
 * What the figures must say, from the case rows alone: plain counting, none of the service's
 * or the tally's code.
 */
function expectedFigures(rows: RawCase[], org: OrgInfo, from: string, to: string, kind: CaseKind | null, now: Date): CaseFigures {
  const month = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
  const mine = rows.filter((r) => {
    const m = month(asDate(r.raised_at));
    return String(r.raised_path).startsWith(org.path) && m >= from && m <= to && (!kind || r.kind === kind);
  });
  const inState = (...states: CaseState[]) => mine.filter((r) => states.includes(r.state as CaseState)).length;
  const total = mine.length;
  const resolved = inState(CaseState.RESOLVED, CaseState.SIGNED_OFF, CaseState.CLOSED);
  const declined = inState(CaseState.DECLINED);
  const onTime = mine.filter((r) => r.on_time !== null && asBool(r.on_time)).length;
  const late = mine.filter((r) => r.on_time !== null && !asBool(r.on_time)).length;
  const rated = mine.filter((r) => r.rating !== null).length;
  const happy = mine.filter((r) => r.rating === Rating.SATISFIED || r.rating === Rating.BASICALLY_SATISFIED).length;
  const running = [CaseState.REGISTERED, CaseState.TRANSFERRED, CaseState.ACCEPTED, CaseState.IN_PROGRESS];
  const kinds = new Map<string, number>();
  for (const r of mine) kinds.set(String(r.kind), (kinds.get(String(r.kind)) ?? 0) + 1);
  const ratio = (a: number, b: number) => (b ? a / b : null);
  return {
    orgId: org.id,
    from,
    to,
    kind,
    total,
    byState: Object.values(CaseState).map((state) => ({ state, count: inState(state) })),
    resolved,
    declined,
    resolutionRate: ratio(resolved, total - declined),
    closureRate: ratio(inState(CaseState.CLOSED) + declined, total),
    onTimeRate: ratio(onTime, onTime + late),
    rated,
    satisfactionRate: ratio(happy, rated),
    supervised: mine.filter((r) => asBool(r.supervised)).length,
    overdue: mine.filter((r) => running.includes(r.state as CaseState) && asDate(r.due_at).getTime() < now.getTime()).length,
    passedUp: mine.filter((r) => asBool(r.passed_up)).length,
    referredOut: mine.filter((r) => asBool(r.referred_out)).length,
    topKinds: [...kinds]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 5)
      .map(([k, count]) => ({ kind: k as CaseKind, count })),
  };
}

describe.each(engines)('case figures on $name', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;

  // The org tree is the members subgraph's, faked; the database under test is real. PLAN names orgs by their key.
  const { city, d1, d2, s1, s2, e3, tree, directory } = orgTree();
  const orgs: Record<string, OrgInfo> = Object.fromEntries(tree.byKey);

  const { admin, staff, memberAt: member, partner } = callerStub;
  const handlers = FakeStaffDirectory.atEach(tree.orgs);
  const ctxOf = contextFor({ db: () => db, orgs: directory, staff: handlers });

  const raise = (caller: Caller, kind: CaseKind, raised: Date, urgency = Urgency.NORMAL) =>
    cases.raiseCase(ctxOf(caller), Object.assign(new RaiseCaseInput(), { kind, channel: CaseChannel.WISH_WALL, urgency, description: '职工诉求:希望解决实际困难', anonymous: false }), raised);

  /** Raises one planned case as a member of its org and walks it through its steps. */
  async function play(p: Planned): Promise<CaseRow> {
    const raisedAt = beijing(p.raised);
    const worker = member(orgs[p.at]);
    let c = await raise(worker, p.kind, raisedAt, p.urgency);
    const handler = () => staff(tree.byId(c.handlingOrgId)!);
    for (const step of p.steps) {
      if (typeof step === 'object') {
        c = 'transferTo' in step
          ? await cases.transferCase(ctxOf(handler()), c.id, c.version, orgs[step.transferTo].id)
          : await routing.passUpCase(ctxOf(handler()), c.id, c.version, orgs[step.passUpTo].id, '涉及多家企业，需街道统筹');
        continue;
      }
      switch (step) {
        case 'accept':
          c = await cases.acceptCase(ctxOf(handler()), c.id, c.version, handlers.handlerOf({ id: c.handlingOrgId }));
          break;
        case 'progress':
          c = await cases.recordProgress(ctxOf(handler()), c.id, c.version, '已联系企业');
          break;
        case 'await':
          c = await cases.awaitWorker(ctxOf(handler()), c.id, c.version, '请补充劳动合同');
          break;
        case 'onTime':
        case 'late': {
          // Resolved a day after raising, or three weeks after: past every default deadline.
          const at = new Date(raisedAt.getTime() + (step === 'onTime' ? 1 : 21) * DAY);
          c = await cases.transition(ctxOf(handler()), c.id, c.version, CaseAction.RESOLVE, (row, _em, now) => cases.resolution_(row, now, '已办结'), at);
          break;
        }
        case 'signOff':
          c = await cases.signOffCase(ctxOf(handler()), c.id, c.version);
          break;
        case 'signOffAbove':
          c = await cases.signOffCase(ctxOf(staff(tree.byId(tree.byId(c.handlingOrgId)!.parentId!)!)), c.id, c.version);
          break;
        case 'rateS':
        case 'rateB':
        case 'rateU': {
          const rating = { rateS: Rating.SATISFIED, rateB: Rating.BASICALLY_SATISFIED, rateU: Rating.UNSATISFIED }[step];
          c = await cases.rateCase(ctxOf(worker), c.id, c.version, rating);
          break;
        }
        case 'decline':
          c = await cases.declineCase(ctxOf(handler()), c.id, c.version, DeclineReason.OUTSIDE_UNION_REMIT, '不属于工会职责范围');
          break;
        case 'superviseFromCity':
          c = await cases.superviseCase(ctxOf(staff(city)), c.id, c.version, '市总督办');
          break;
        case 'referOut':
          c = await routing.referCaseOut(ctxOf(handler()), c.id, c.version, { agency: '区法律援助中心', dueOn: '2099-12-31' });
          break;
      }
    }
    return c;
  }

  const rows = (): Promise<RawCase[]> => db.query('SELECT * FROM case_file');
  const figures = (caller: Caller, args: { orgId?: string; from: string; to: string; kind?: CaseKind }) => sut.caseFigures(ctxOf(caller), args, NOW);


  beforeAll(async () => {
    ({ db, close } = await engine.open());
    for (const p of PLAN) await play(p);
  });

  afterAll(async () => {
    await close?.();
  });

  it('walked the cases into the states the story says', async () => {
    const all = await rows();
    expect(all).toHaveLength(PLAN.length);
    const count = (state: CaseState) => all.filter((r) => r.state === state).length;
    expect(Object.fromEntries(Object.values(CaseState).map((s) => [s, count(s)]))).toEqual({
      REGISTERED: 4, TRANSFERRED: 1, ACCEPTED: 2, IN_PROGRESS: 2, WAITING_ON_WORKER: 1, RESOLVED: 2, SIGNED_OFF: 1, CLOSED: 4, DECLINED: 2,
    });
  });

  it('counts the whole city as worked out by hand', async () => {
    const f = await figures(admin, { orgId: city.id, from: '2026-01', to: '2026-04' });
    expect(f).toEqual({
      orgId: city.id,
      from: '2026-01',
      to: '2026-04',
      kind: null,
      total: 17,
      byState: [
        { state: 'REGISTERED', count: 2 },
        { state: 'TRANSFERRED', count: 1 },
        { state: 'ACCEPTED', count: 2 },
        { state: 'IN_PROGRESS', count: 2 },
        { state: 'WAITING_ON_WORKER', count: 1 },
        { state: 'RESOLVED', count: 2 },
        { state: 'SIGNED_OFF', count: 1 },
        { state: 'CLOSED', count: 4 },
        { state: 'DECLINED', count: 2 },
      ],
      resolved: 7,
      declined: 2,
      resolutionRate: 7 / 15,
      closureRate: 6 / 17,
      // On time: 1, 4, 11, 12. Late: 2, 5, 16. Case 3 was reopened, so it is not resolved now.
      onTimeRate: 4 / 7,
      rated: 5,
      satisfactionRate: 4 / 5,
      supervised: 3,
      // 7, 8, 10, 13 and 17; 15 is due on 13 May, 9 waits on the worker, 3 got a fresh deadline.
      overdue: 5,
      // 17 went up from e1 to s1; 13 went to the legal-aid centre.
      passedUp: 1,
      referredOut: 1,
      topKinds: [
        { kind: 'MICRO_WISH', count: 5 },
        { kind: 'COLLECTIVE_BARGAINING', count: 2 },
        { kind: 'OTHER', count: 2 },
        { kind: 'SUGGESTION', count: 2 },
        { kind: 'CARE_POST', count: 1 },
      ],
    });
  });

  it('matches figures counted from the case rows for every org, period and kind', async () => {
    const all = await rows();
    const periods: [string, string][] = [['2026-01', '2026-04'], ['2026-01', '2026-01'], ['2026-02', '2026-02'], ['2025-12', '2026-05'], ['2026-03', '2026-04'], ['2024-01', '2024-12']];
    for (const org of tree.orgs) {
      for (const [from, to] of periods) {
        for (const kind of [null, CaseKind.MICRO_WISH, CaseKind.COLLECTIVE_BARGAINING]) {
          const got = await figures(admin, { orgId: org.id, from, to, kind: kind ?? undefined });
          expect({ org: org.code, from, to, kind, got }).toEqual({ org: org.code, from, to, kind, got: expectedFigures(all, org, from, to, kind, NOW) });
        }
      }
    }
  });

  it('puts a case in the China calendar month it was raised in', async () => {
    const e1 = orgs.e1;
    expect((await figures(admin, { orgId: e1.id, from: '2026-01', to: '2026-01' }))!.total).toBe(3); // 1, 2 and 3 (23:59:59 on 31 January)
    expect((await figures(admin, { orgId: e1.id, from: '2026-02', to: '2026-02' }))!.total).toBe(1); // 4 (01:00 on 1 February, still January in UTC)
    expect((await figures(admin, { orgId: e1.id, from: '2025-12', to: '2025-12' }))!.total).toBe(1); // 18
    expect((await figures(admin, { orgId: e3.id, from: '2026-05', to: '2026-05' }))!.total).toBe(1); // 19 (30 April in UTC)
  });

  it('gives zero counts and no rates for a period without cases', async () => {
    const f = (await figures(staff(d2), { from: '2020-01', to: '2029-12', kind: CaseKind.LEGAL_AID }))!;
    expect(f).toMatchObject({ orgId: d2.id, total: 0, resolved: 0, resolutionRate: null, closureRate: null, onTimeRate: null, satisfactionRate: null, overdue: 0, topKinds: [] });
    expect(f.byState).toHaveLength(9);
    expect(f.byState.every((s) => s.count === 0)).toBe(true);
  });

  it('keeps case_tally exactly what the case rows say, and notices when it is not', async () => {
    expect(await tallyDrift(db)).toEqual([]);
    const expected = await expectedTally(db);
    // Every case counts at each ancestor-or-self of where it was raised.
    const countedRows = [...expected.values()].reduce((sum, e) => sum + e.n, 0);
    const depth = (p: Planned) => ({ city: 1, d1: 2, d2: 2, s1: 3, s2: 3, e1: 4, e2: 4, e3: 4 })[p.at]!;
    expect(countedRows).toBe(PLAN.reduce((sum, p) => sum + depth(p), 0));

    // Tamper with one bucket: the check names it, with what it should hold.
    const [victim] = await db.query(`SELECT * FROM case_tally WHERE org_id = ? AND n > 0 ORDER BY month, kind, state LIMIT 1`, [d1.id]);
    const where = 'org_id = ? AND month = ? AND kind = ? AND state = ? AND supervised = ? AND on_time = ? AND rating = ?';
    const params = [victim.org_id, victim.month, victim.kind, victim.state, victim.supervised, victim.on_time, victim.rating];
    await db.query(`UPDATE case_tally SET n = n + 1 WHERE ${where}`, params);
    try {
      const drift = await tallyDrift(db);
      expect(drift).toHaveLength(1);
      expect(drift[0]).toMatchObject({ orgId: d1.id, month: victim.month, kind: victim.kind, state: victim.state, actual: drift[0].expected + 1, expectedPath: d1.path, actualPath: d1.path });
    } finally {
      await db.query(`UPDATE case_tally SET n = n - 1 WHERE ${where}`, params);
    }
    expect(await tallyDrift(db)).toEqual([]);
  });

  describe('scope', () => {
    it('gives staff their own org by default and their subtree on request', async () => {
      const all = await rows();
      expect(await figures(staff(d1), { from: '2026-01', to: '2026-04' })).toEqual(expectedFigures(all, d1, '2026-01', '2026-04', null, NOW));
      expect(await figures(staff(d1), { orgId: s1.id, from: '2026-01', to: '2026-04' })).toEqual(expectedFigures(all, s1, '2026-01', '2026-04', null, NOW));
      expect(await figures(staff(orgs.e2), { from: '2026-01', to: '2026-04' })).toMatchObject({ orgId: orgs.e2.id, total: 3 }); // 10 is handled there but was raised at d1
    });

    it('never shows a district the other district\'s numbers', async () => {
      const d1Staff = staff(d1);
      for (const outside of [d2, s2, e3, city]) {
        expect(await figures(d1Staff, { orgId: outside.id, from: '2026-01', to: '2026-04' })).toBeNull();
        expect(await sut.orgCaseStats(ctxOf(d1Staff), outside.id, { from: '2026-01', to: '2026-04' }, NOW)).toBeNull();
      }
      expect(await figures(staff(orgs.e1), { orgId: s1.id, from: '2026-01', to: '2026-04' })).toBeNull();
      expect(await figures(d1Staff, { orgId: newId(), from: '2026-01', to: '2026-04' })).toBeNull();
      // d1's own figures hold only its cases: with d2's and the city's own they make up the city.
      const total = async (caller: Caller, org: OrgInfo) => (await figures(caller, { orgId: org.id, from: '2026-01', to: '2026-04' }))!.total;
      expect(await total(d1Staff, d1)).toBe(12);
      expect(await total(staff(d2), d2)).toBe(4);
      expect(await total(staff(city), city)).toBe(12 + 4 + 1);
    });

    it('gives members and partners no figures, without reading anything', async () => {
      for (const caller of [member(orgs.e1), partner]) {
        const before = sqlStats.statements;
        expect(await sut.orgCaseStats(ctxOf(caller), orgs.e1.id, { from: '2026-01', to: '2026-04' }, NOW)).toBeNull();
        expect(await sut.caseFigures(ctxOf(caller), { orgId: orgs.e1.id, from: '2026-01', to: '2026-04' }, NOW)).toBeNull();
        expect(sqlStats.statements).toBe(before);
      }
    });

    it('refuses to count with no verified scope', async () => {
      const ctx = { ...ctxOf(staff(d1)), scope: undefined };
      expect(await failure(sut.caseFigures(ctx, { from: '2026-01', to: '2026-04' }, NOW))).toEqual({ message: 'No verified caller scope on this request; call through the gateway.', extensions: { code: ErrorCode.UNAUTHENTICATED } });
    });
  });

  describe('input', () => {
    const format = (got: string) => `write a month as YYYY-MM between 1900-01 and 2099-12, e.g. 2026-01 (got "${got}")`;
    it.each([
      ['a month not written YYYY-MM', { from: '2026-1', to: '2026-04' }, 'from', format('2026-1')],
      ['month 13', { from: '2026-01', to: '2026-13' }, 'to', format('2026-13')],
      ['a day instead of a month', { from: '2026-01-01', to: '2026-04' }, 'from', format('2026-01-01')],
      ['to before from', { from: '2026-04', to: '2026-01' }, 'to', 'must be 2026-04 or later'],
      ['more than ten years', { from: '2016-01', to: '2026-01' }, 'to', 'a period spans at most 120 months (10 years); ask for several periods instead'],
    ])('refuses %s with BAD_USER_INPUT naming the field', async (_label, period, field, problem) => {
      const refusal = { message: `${field}: ${problem}`, extensions: { code: ErrorCode.BAD_USER_INPUT, field } };
      expect(await failure(figures(staff(d1), period))).toEqual(refusal);
      expect(await failure(sut.orgCaseStats(ctxOf(staff(d1)), d1.id, period, NOW))).toEqual(refusal);
    });

    it('takes exactly ten years', async () => {
      // d1's twelve cases of January to April, and 18 from December 2025.
      expect(await figures(staff(d1), { from: '2016-05', to: '2026-04' })).toMatchObject({ total: 13 });
    });

    it('asks admins which org to count', async () => {
      await expect(figures(admin, { from: '2026-01', to: '2026-04' })).rejects.toMatchObject({ extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'orgId' } });
    });
  });

  describe('cost', () => {
    const statementsOf = async (fn: () => Promise<unknown>) => {
      const before = sqlStats.statements;
      await fn();
      return sqlStats.statements - before;
    };

    it('reads many orgs in the same two statements as one, however many cases there are', async () => {
      const one = await statementsOf(() => sut.orgCaseStats(ctxOf(admin), city.id, { from: '2026-01', to: '2026-04' }, NOW));
      const ctx = ctxOf(admin);
      const many = await statementsOf(() => Promise.all(tree.orgs.map((o) => o.id).map((id) => sut.orgCaseStats(ctx, id, { from: '2026-01', to: '2026-04' }, NOW))));
      expect(one).toBe(2);
      expect(many).toBe(one);

      for (let i = 0; i < 12; i++) await raise(member(orgs.e2), CaseKind.CARE_POST, beijing(`2026-04-${String(10 + i).padStart(2, '0')} 09:00:00`));
      const after = await statementsOf(() => sut.orgCaseStats(ctxOf(admin), city.id, { from: '2026-01', to: '2026-04' }, NOW));
      expect(after).toBe(one);
      expect(await figures(admin, { orgId: city.id, from: '2026-01', to: '2026-04' })).toMatchObject({ total: 17 + 12 });
      expect(await tallyDrift(db)).toEqual([]);
    });

    it('batches Org.caseStats of every org of one request through the schema', async () => {
      const { schema } = await buildCasesSubgraph();
      const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Org { id caseStats(from: "2026-01", to: "2026-04") { orgId total } } } }`;
      const exec = (caller: Caller, ids: string[]) => graphql({ schema, source: query, variableValues: { reps: ids.map((id) => ({ __typename: 'Org', id })) }, contextValue: ctxOf(caller) });
      const all = await rows();
      const ids = tree.orgs.map((o) => o.id);

      let res: Awaited<ReturnType<typeof exec>> | undefined;
      const statements = await statementsOf(async () => (res = await exec(staff(d1), ids)));
      expect(res!.errors).toBeUndefined();
      // Live overdue is measured at the time of the request here; the totals do not depend on it.
      expect(res!.data!._entities).toEqual(
        ids.map((id) => {
          const org = tree.byId(id)!;
          const visible = org.path.startsWith(d1.path);
          return { id, caseStats: visible ? { orgId: id, total: expectedFigures(all, org, '2026-01', '2026-04', null, NOW).total } : null };
        }),
      );
      expect(statements).toBe(2);

      const asMember = await exec(member(orgs.e1), [orgs.e1.id]);
      expect(asMember.errors).toBeUndefined();
      expect(asMember.data!._entities).toEqual([{ id: orgs.e1.id, caseStats: null }]);
    });

    it('refuses caseFigures to members and partners at the schema', async () => {
      const { schema } = await buildCasesSubgraph();
      for (const [caller, as] of [[member(orgs.e1), 'members'], [partner, 'partner desks']] as const) {
        const res = await graphql({ schema, source: '{ caseFigures(from: "2026-01", to: "2026-04") { total } }', contextValue: ctxOf(caller) });
        expect(res.data?.caseFigures ?? null).toBeNull();
        expect(firstError(res)).toEqual(roleRefusal('caseFigures', 'union staff and admins', as));
      }
      const ok = await graphql({ schema, source: `{ caseFigures(orgId: "${e3.id}", from: "2026-01", to: "2026-04", kind: MICRO_WISH) { orgId kind total topKinds { kind count } } }`, contextValue: ctxOf(staff(d2)) });
      expect(ok.errors).toBeUndefined();
      expect(ok.data!.caseFigures).toEqual({ orgId: e3.id, kind: 'MICRO_WISH', total: 1, topKinds: [{ kind: 'MICRO_WISH', count: 1 }] });
    });
  });
});
