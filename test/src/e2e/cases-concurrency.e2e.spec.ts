import { CaseEventRow, CaseRow, DeadlinePolicyRow, runSweep } from '@lianxin/cases';
import { enginesForSuites } from '../harness/engines';
import { startTestGraph, type TestGraph } from '../harness/graph';
import { memberTokenFor, staffTokenFor } from './callers';
import { act, backdate, chinaYear, handlerAt, must, raise, rowState } from './cases-helpers';

/**
 * Races on real connections. On MariaDB the requests run in parallel transactions and the
 * versioned UPDATE, row locks and unique indexes decide; SQLite serialises writers, so the
 * same assertions hold there trivially and are still worth running.
 */
describe.each(enginesForSuites())('concurrent case transitions on %s', (engine) => {
  let g: TestGraph;
  let e1: string;
  let m1: string;
  let e3: string;

  beforeAll(async () => {
    g = await startTestGraph(engine);
    e1 = await staffTokenFor('e1', g.fixture);
    e3 = await staffTokenFor('e3', g.fixture);
    m1 = await memberTokenFor('m1', g.fixture);
  });
  afterAll(() => g?.stop());

  const acceptEvents = (caseId: string) => g.casesDb.getRepository(CaseEventRow).countBy({ caseId, action: 'ACCEPT' as never });

  test.each([
    ['without a version', undefined],
    // An explicit null is no version check, like an absent one (it used to make every accept CONFLICT).
    ['with version: null sent explicitly', null],
    ['all with the version they read', 1],
  ])('20 simultaneous acceptances (%s): exactly one wins, the rest are refused', async (_label, version) => {
    const c = await raise(g, m1);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => act(g, e1, 'accept', { id: c.id, ...handlerAt(g, 'e1'), version })),
    );
    const winners = outcomes.filter((o) => o.case);
    expect(winners).toHaveLength(1);
    const losers = outcomes.filter((o) => !o.case).map((o) => o.code);
    expect(losers).toHaveLength(19);
    // Lost the race on the version (CONFLICT), or read the case after the winner committed (INVALID_STATE).
    expect(losers.filter((code) => code !== 'CONFLICT' && code !== 'INVALID_STATE')).toEqual([]);

    const { row, events } = await rowState(g.casesDb, c.id);
    expect(row).toMatchObject({ state: 'ACCEPTED', version: 2, eventSeq: 2, responsible: winners[0].case!.responsible });
    expect(events).toBe(2);
    expect(await acceptEvents(c.id)).toBe(1);
  });

  test('a handler and a supervisor at once: both may win, in some order, each exactly once', async () => {
    const c = await raise(g, m1);
    const d1 = await staffTokenFor('d1', g.fixture);
    const [accepted, supervised] = await Promise.all([act(g, e1, 'accept', { id: c.id, ...handlerAt(g, 'e1') }), act(g, d1, 'supervise', { id: c.id, note: '督办' })]);
    // Without a version each re-reads and applies on top of the other, or loses cleanly with CONFLICT.
    const won = [accepted, supervised].filter((o) => o.case).length;
    expect([accepted.code, supervised.code].filter((code) => code && code !== 'CONFLICT')).toEqual([]);
    const { row, events } = await rowState(g.casesDb, c.id);
    expect(row.version).toBe(1 + won);
    expect(events).toBe(1 + won);
    expect(row.state).toBe(accepted.case ? 'ACCEPTED' : 'REGISTERED');
    expect(row.supervised).toBe(!!supervised.case);
  });

  test('two sweeps at once escalate each overdue case exactly once', async () => {
    const overdue = [];
    for (let i = 0; i < 12; i++) {
      const c = await raise(g, m1, { description: `超期未办的诉求第${i + 1}件` });
      overdue.push(i % 2 ? await must(g, e1, 'accept', { id: c.id, ...handlerAt(g, 'e1') }) : c);
      await backdate(g.casesDb, c.id, { dueAt: new Date(Date.now() - 3600_000 * (i + 1)) });
    }
    const [a, b] = await Promise.all([runSweep(g.casesDb, { batch: 5 }), runSweep(g.casesDb, { batch: 5 })]);
    expect(a.deadlineEscalated + b.deadlineEscalated).toBe(12);
    expect(a.acceptanceEscalated + b.acceptanceEscalated + a.closedByTimeout + b.closedByTimeout).toBe(0);
    for (const c of overdue) {
      const escalations = await g.casesDb.getRepository(CaseEventRow).findBy({ caseId: c.id, action: 'ESCALATE' as never });
      expect(escalations).toHaveLength(1);
      const row = await g.casesDb.getRepository(CaseRow).findOneByOrFail({ id: c.id });
      expect(row).toMatchObject({ supervised: true, deadlineEscalated: true, escalatedToOrgId: g.fixture.orgs.s1.id, version: c.version + 1 });
    }
    expect(await runSweep(g.casesDb)).toEqual({ acceptanceEscalated: 0, deadlineEscalated: 0, closedByTimeout: 0 });
  });

  /**
   * setDeadline reads the org's rule, then inserts it when there is none: two first writes
   * at once both try to insert, and uq_deadline_rule lets one in. The other must get a clean
   * CONFLICT, never a raw driver error.
   */
  describe('concurrent first setDeadline at one org', () => {
    test('ten at once: no INTERNAL_SERVER_ERROR, one rule row', async () => {
      const d1 = await staffTokenFor('d1', g.fixture);
      const q = 'mutation($i: SetDeadlineInput!) { setDeadline(input: $i) { resolveHours } }';
      const input = { orgId: g.fixture.orgs.d1.id, kind: 'SUGGESTION', urgency: 'HIGH', resolveHours: 100, acceptHours: 24 };
      const outs = await Promise.all(Array.from({ length: 10 }, () => g.gql(d1, q, { i: input })));
      const codes = outs.flatMap((o) => (o.errors ? [o.errors[0].extensions?.code] : []));
      expect(codes.filter((c) => c !== 'CONFLICT')).toEqual([]);
      expect(await g.casesDb.getRepository(DeadlinePolicyRow).countBy({ orgId: g.fixture.orgs.d1.id, kind: 'SUGGESTION' as never, urgency: 'HIGH' as never })).toBe(1);
    });
  });

  test('20 raises at once at a fresh org get distinct, gap-free numbers', async () => {
    const raised = await Promise.all(
      Array.from({ length: 20 }, (_, i) => act(g, e3, 'raise', { input: { kind: 'OTHER', channel: 'HOTLINE_12351', description: `热线来电登记第${i + 1}件` } })),
    );
    expect(raised.filter((o) => !o.case).map((o) => o.code)).toEqual([]);
    const numbers = raised.map((o) => o.case!.number).sort();
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `LJ-02-01-0001-${chinaYear()}-${String(i + 1).padStart(6, '0')}`));
    const stored = await g.casesDb.getRepository(CaseRow).findBy({ raisedOrgId: g.fixture.orgs.e3.id });
    expect(stored.map((c) => c.number).sort()).toEqual(numbers);
  });
});
