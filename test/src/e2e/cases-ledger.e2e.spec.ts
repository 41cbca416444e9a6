import { createHash } from 'node:crypto';
import { CaseEventRow, verifyLedger } from '@lianxin/cases';
import { enginesForSuites } from '../harness/engines';
import { startTestGraph, type TestGraph } from '../harness/graph';
import { memberTokenFor, staffTokenFor, tokenFor } from './callers';
import { handlerAt, must, raise, type CaseView } from './cases-helpers';

const VERIFY = 'query($id: ID) { verifyLedger(caseId: $id) { ok casesChecked eventsChecked firstBreak { caseId caseNumber seq problem } } }';

interface Verification {
  ok: boolean;
  casesChecked: number;
  eventsChecked: number;
  firstBreak: { caseId: string; caseNumber: string | null; seq: number; problem: string } | null;
}

describe.each(enginesForSuites())('the case ledger on %s', (engine) => {
  let g: TestGraph;
  let e1: string;
  let m1: string;
  let admin: string;
  /** Three closed cases with six events each: one to edit, one to lose a middle event, one to lose its last. */
  const closed: CaseView[] = [];

  const verify = async (token: string, caseId?: string) => {
    const res = await g.gql<{ verifyLedger: Verification | null }>(token, VERIFY, { id: caseId });
    expect(res.errors).toBeUndefined();
    return res.data!.verifyLedger;
  };
  const events = () => g.casesDb.getRepository(CaseEventRow);
  const eventAt = (caseId: string, seq: number) => events().findOneByOrFail({ caseId, seq });

  beforeAll(async () => {
    g = await startTestGraph(engine);
    e1 = await staffTokenFor('e1', g.fixture);
    m1 = await memberTokenFor('m1', g.fixture);
    admin = (await tokenFor('admin', g.fixture))!;
    for (let i = 0; i < 3; i++) {
      const c = await raise(g, m1, { description: `第${i + 1}件：希望增设职工书屋` });
      await must(g, e1, 'accept', { id: c.id, ...handlerAt(g, 'e1') });
      await must(g, e1, 'progress', { id: c.id, note: `已选定场地（${i + 1}）` });
      await must(g, e1, 'resolve', { id: c.id, resolution: '职工书屋已开放' });
      await must(g, e1, 'signOff', { id: c.id });
      closed.push(await must(g, m1, 'rate', { id: c.id, rating: 'SATISFIED' }));
    }
  });
  afterAll(() => g?.stop());

  test('an untouched ledger verifies, per case through the API and whole through the command', async () => {
    for (const c of closed) {
      expect(c.events.map((e) => e.action)).toEqual(['RAISE', 'ACCEPT', 'PROGRESS', 'RESOLVE', 'SIGN_OFF', 'RATE']);
      expect(await verify(e1, c.id)).toEqual({ ok: true, casesChecked: 1, eventsChecked: 6, firstBreak: null });
    }
    expect(await verify(admin)).toEqual({ ok: true, casesChecked: 3, eventsChecked: 18, firstBreak: null });
    expect(await verifyLedger(g.casesDb)).toEqual({ ok: true, casesChecked: 3, eventsChecked: 18, firstBreak: null });
    // Hashes are over the stored row: what the API shows is what was chained.
    const stored = await eventAt(closed[0].id, 3);
    expect(closed[0].events[2].hash).toBe(stored.hash);
    expect(stored.prevHash).toBe(closed[0].events[1].hash);
  });

  test('who may verify: staff and members one case they can see, admins the whole ledger', async () => {
    const d2 = await staffTokenFor('d2', g.fixture);
    expect(await verify(d2, closed[0].id)).toBeNull();
    const whole = await g.gql(e1, VERIFY, {});
    expect(whole.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(whole.errors?.[0]?.message).toMatch(/for admins; pass the caseId/);
    // The member who raised it checks their own case; another member's case is not there for them.
    expect(await verify(m1, closed[0].id)).toEqual({ ok: true, casesChecked: 1, eventsChecked: 6, firstBreak: null });
    expect(await verify(await memberTokenFor('m2', g.fixture), closed[0].id)).toBeNull();
    expect((await g.gql(m1, VERIFY, {})).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test('an edited note is reported at that event', async () => {
    const [c] = closed;
    await events().update({ caseId: c.id, seq: 3 }, { note: '已选定场地（篡改）' });
    expect(await verify(e1, c.id)).toEqual({
      ok: false, casesChecked: 0, eventsChecked: 2,
      firstBreak: { caseId: c.id, caseNumber: c.number, seq: 3, problem: expect.stringMatching(/does not match its hash: the row was edited/) },
    });
    // The other cases still check out on their own.
    expect((await verify(e1, closed[1].id))!.ok).toBe(true);
  });

  test('an edit that re-hashes the row breaks the next link', async () => {
    const [c] = closed;
    // Someone who knows the recipe (ledger.hash.ts) recomputes event 3's hash; event 4 still points at the old one.
    const e = await eventAt(c.id, 3);
    const recipe = [e.prevHash, e.caseId, e.seq, e.action, e.fromState, e.toState, e.actorSub, e.actorRole, e.actorOrgId, new Date(Math.floor(e.at.getTime() / 1000) * 1000).toISOString(), e.note, e.detail];
    await events().update({ caseId: c.id, seq: 3 }, { hash: createHash('sha256').update(JSON.stringify(recipe)).digest('hex') });
    const report = await verify(e1, c.id);
    expect(report!.firstBreak).toEqual({ caseId: c.id, caseNumber: c.number, seq: 4, problem: expect.stringMatching(/does not link to the event before it/) });
  });

  test('a deleted middle event is reported as missing', async () => {
    const c = closed[1];
    await events().delete({ caseId: c.id, seq: 3 });
    expect(await verify(e1, c.id)).toEqual({
      ok: false, casesChecked: 0, eventsChecked: 2,
      firstBreak: { caseId: c.id, caseNumber: c.number, seq: 3, problem: expect.stringMatching(/event 3 is missing.*\b4\b/) },
    });
  });

  test('a deleted last event is reported against the head the case row records', async () => {
    const c = closed[2];
    expect((await verify(e1, c.id))!.ok).toBe(true);
    await events().delete({ caseId: c.id, seq: 6 });
    const report = await verify(e1, c.id);
    expect(report).toMatchObject({ ok: false, eventsChecked: 5, firstBreak: { caseId: c.id, caseNumber: c.number, seq: 5 } });
    expect(report!.firstBreak!.problem).toMatch(/event 6, the chain ends at 5/);
  });

  test('the whole-ledger check stops at the first broken case, through the API and the command alike', async () => {
    // Cases are walked in id order; ids are time-ordered, so the first raised breaks first.
    const expected = { ok: false, firstBreak: { caseId: closed[0].id, caseNumber: closed[0].number, seq: 4, problem: expect.stringMatching(/does not link to the event before it/) } };
    expect(await verify(admin)).toMatchObject(expected);
    expect(await verifyLedger(g.casesDb)).toMatchObject(expected);
  });

  test('a case whose whole ledger was deleted is reported', async () => {
    const c = await raise(g, m1, { description: '将被整段删除台账的诉求' });
    await events().delete({ caseId: c.id });
    expect(await verify(e1, c.id)).toEqual({
      ok: false, casesChecked: 0, eventsChecked: 0,
      firstBreak: { caseId: c.id, caseNumber: c.number, seq: 1, problem: expect.stringMatching(/no first event/) },
    });
  });

  test('the API offers no way to change or remove a ledger event', async () => {
    const res = await g.gql<{ __schema: { mutationType: { fields: { name: string; description: string | null; args: { name: string }[]; type: { name: string | null; ofType: { name: string | null } | null } }[] } } }>(
      admin,
      '{ __schema { mutationType { fields { name description args { name } type { name ofType { name } } } } } }',
    );
    expect(res.errors).toBeUndefined();
    const fields = res.data!.__schema.mutationType.fields;
    expect(fields.length).toBeGreaterThan(20);
    const touching = fields.filter((f) => /event|ledger|hash/i.test([f.name, ...f.args.map((a) => a.name)].join(' ')));
    expect(touching.map((f) => f.name)).toEqual([]);
    // No mutation returns a ledger entry either: they return the case, whose ledger is read-only.
    expect(fields.filter((f) => (f.type.name ?? f.type.ofType?.name) === 'CaseEvent').map((f) => f.name)).toEqual([]);
    const inputs = await g.gql<{ __schema: { types: { name: string; kind: string; inputFields: { name: string }[] | null }[] } }>(admin, '{ __schema { types { name kind inputFields { name } } } }');
    const ledgerInputs = inputs.data!.__schema.types.filter((t) => t.kind === 'INPUT_OBJECT' && /event|ledger|hash/i.test([t.name, ...(t.inputFields ?? []).map((f) => f.name)].join(' ')));
    expect(ledgerInputs.map((t) => t.name)).toEqual([]);
  });
});
