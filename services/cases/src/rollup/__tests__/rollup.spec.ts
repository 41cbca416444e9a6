import { testDatabases } from '@lianxin/jest-config/databases';
import type { DataSource } from 'typeorm';
import { newId } from '@lianxin/auth';
import { OutboxRow } from '@lianxin/outbox';
import { ErrorCode } from '@lianxin/subgraph';
import { failure, silentLog } from '@lianxin/test-kit';
import { openCasesDatabase } from '../../app';
import { CaseRow } from '../../casefile/case.entity';
import { CaseKind, CaseState } from '../../casefile/case.enums';
import { cityOf, setCityDepth } from '../../casefile/city';
import { insertCase, applyChange, newCaseRow } from '../../case/case.writer';
import { CaseTallyRow } from '../../figures/tally.entity';
import { applyFigureEvent } from '../apply';
import { reportFigures } from '../emit';
import { FIGURES_TOPIC, parseFigureEvent, type FigureEvent } from '../figure.event';
import { RollupClockRow, RollupTallyRow } from '../rollup.entity';
import { loadRollupSettings } from '../rollup.settings';
import { snapshotFigures } from '../snapshot';
import { OrgChangeAction } from '@lianxin/members-client';
import { applyOrgChange } from '../../orgchange/orgchange.service';
import type { ConfigError } from '@lianxin/config';

const city = testDatabases('rollup_city', (o) => openCasesDatabase({ ...o, log: silentLog }));
const province = testDatabases('rollup_province', (o) => openCasesDatabase({ ...o, log: silentLog }));
const history = testDatabases('rollup_history', (o) => openCasesDatabase({ ...o, log: silentLog }));

// A province above the city: province, city, district, street; the city is the second segment.
// (A nation above that, CITY_DEPTH 3, waits for org paths wider than 120 characters.)
const [P, C, D, S] = Array.from({ length: 4 }, () => newId());
const STREET = `/${P}/${C}/${D}/${S}/`;
const actor = { sub: 'staff-s', role: 'staff', orgId: S };
const AT = new Date('2026-05-10T00:00:00Z');

const raiseAt = (db: DataSource, path: string): Promise<CaseRow> =>
  db.transaction((em) =>
    insertCase(
      em,
      newCaseRow({ id: newId(), number: `T-${newId().slice(-6)}`, kind: CaseKind.MICRO_WISH, channel: 'WISH_WALL' as never, urgency: 'NORMAL' as never, description: '测试', memberId: null, raisedBy: actor, org: { id: path.split('/').at(-2)!, path }, raisedAt: AT, deadline: { resolveHours: 24 } }),
      actor,
      AT,
    ),
  );

afterAll(() => setCityDepth(1));

describe.each(city.map((e, i) => [e.name, e, province[i], history[i]] as const))('the roll-up feed on %s', (_name, cityEngine, provinceEngine, historyEngine) => {
  let db: DataSource;
  let rollup: DataSource;
  let closeCity: () => Promise<void>;
  let closeProvince: () => Promise<void>;

  beforeAll(async () => {
    setCityDepth(2);
    ({ db, close: closeCity } = await cityEngine.open());
    ({ db: rollup, close: closeProvince } = await provinceEngine.open());
    reportFigures(db);
  });
  afterAll(async () => {
    await closeCity?.();
    await closeProvince?.();
  });

  it('tells the province, with a snapshot, what a city joining with history never reported, and nothing twice', async () => {
    const { db: old, close } = await historyEngine.open();
    try {
      const [P3, C3, D3, S3] = Array.from({ length: 4 }, () => newId());
      const street = `/${P3}/${C3}/${D3}/${S3}/`;
      // Cases from before the city reported to anyone: no events.
      const first = await raiseAt(old, street);
      await raiseAt(old, `/${P3}/${C3}/${D3}/`);
      await old.transaction((em) => applyChange(em, first, { action: 'ACCEPT' as never, to: CaseState.ACCEPTED }, actor, AT));
      expect(await old.getRepository(OutboxRow).count()).toBe(0);
      // Then reporting starts, and cases go on: a raise and a decline are reported as they happen.
      reportFigures(old);
      const later = await raiseAt(old, street);
      await old.transaction((em) => applyChange(em, later, { action: 'DECLINE' as never, to: CaseState.DECLINED }, actor, AT));

      expect(await snapshotFigures(old)).toEqual({ cities: 1, buckets: 2, cases: 2, clocks: 2 });
      // The province gets every event, newest first.
      const events = await old.getRepository(OutboxRow).find({ where: { topic: FIGURES_TOPIC }, order: { id: 'DESC' } });
      for (const e of events) await applyFigureEvent(rollup, e.key, parseFigureEvent(e.payload), `/${P3}/${C3}/`);
      const own = (await old.getRepository(CaseTallyRow).findBy({ orgId: C3 })).filter((r) => r.n !== 0).map((r) => [r.state, r.n]).sort();
      const rolled = (await rollup.getRepository(RollupTallyRow).findBy({ cityId: C3 })).filter((r) => r.n !== 0).map((r) => [r.state, r.n]).sort();
      expect(rolled).toEqual(own);
      expect(own).toEqual([[CaseState.ACCEPTED, 1], [CaseState.DECLINED, 1], [CaseState.REGISTERED, 1]]);
      expect((await rollup.getRepository(RollupClockRow).findBy({ cityId: C3, running: true })).length).toBe(2);
      // A second run finds nothing left to tell, only the clocks again (which change nothing).
      expect(await snapshotFigures(old)).toEqual({ cities: 1, buckets: 0, cases: 0, clocks: 2 });
    } finally {
      await close();
    }
  });

  it('counts a case from the city down, never at the province, and reports the city\'s change in the same transaction', async () => {
    const c = await raiseAt(db, STREET);
    const tally = await db.getRepository(CaseTallyRow).findBy({});
    expect(tally.map((r) => r.orgId).sort()).toEqual([C, D, S].sort());
    expect(tally.every((r) => r.n === 1)).toBe(true);
    const [row] = await db.getRepository(OutboxRow).findBy({ topic: FIGURES_TOPIC });
    const event = parseFigureEvent(row.payload);
    expect(event.city).toEqual({ id: C, path: `/${P}/${C}/` });
    expect(event.deltas).toEqual([expect.objectContaining({ kind: CaseKind.MICRO_WISH, state: CaseState.REGISTERED, n: 1 })]);
    expect(event.clocks).toEqual([{ caseId: c.id, version: 1, running: true, dueAt: c.dueAt.toISOString(), raisedAt: AT.toISOString(), kind: CaseKind.MICRO_WISH }]);
    expect(cityOf(`/${P}/`)).toBeNull();
  });

  it('writes no event when the case\'s transaction rolls back', async () => {
    const before = await db.getRepository(OutboxRow).count();
    const [current] = await db.getRepository(CaseRow).find();
    await expect(
      db.transaction(async (em) => {
        await applyChange(em, current, { action: 'ACCEPT' as never, to: CaseState.ACCEPTED }, actor, AT);
        throw new Error('the writer fails after the change');
      }),
    ).rejects.toThrow('the writer fails');
    expect(await db.getRepository(OutboxRow).count()).toBe(before);
  });

  it('applies each event once, in any order: deltas add up and a clock keeps its newest version', async () => {
    const cityOrg = { id: C, path: `/${C}/` };
    const bucket = { month: '2026-05', kind: 'MICRO_WISH', supervised: false, onTime: 0, rating: '', passedUp: 0, referredOut: 0 };
    const caseId = newId();
    const clock = (version: number, running: boolean) => ({ caseId, version, running, dueAt: '2026-05-11T00:00:00.000Z', raisedAt: '2026-05-10T00:00:00.000Z', kind: 'MICRO_WISH' });
    const raised: FigureEvent = { v: 1, city: cityOrg, deltas: [{ ...bucket, state: 'REGISTERED', n: 1 }], clocks: [clock(1, true)] };
    const declined: FigureEvent = { v: 1, city: cityOrg, deltas: [{ ...bucket, state: 'REGISTERED', n: -1 }, { ...bucket, state: 'DECLINED', n: 1 }], clocks: [clock(2, false)] };
    const keys = [newId(), newId()];
    const path = `/${P}/${C}/`;
    // The later event first, then the earlier one, then both again.
    expect(await applyFigureEvent(rollup, keys[1], declined, path)).toBe(true);
    expect(await applyFigureEvent(rollup, keys[0], raised, path)).toBe(true);
    expect(await applyFigureEvent(rollup, keys[1], declined, path)).toBe(false);
    expect(await applyFigureEvent(rollup, keys[0], raised, path)).toBe(false);
    const rows = await rollup.getRepository(RollupTallyRow).find({ where: { cityId: C }, order: { state: 'ASC' } });
    expect(rows.map((r) => [r.cityId, r.cityPath, r.state, r.n])).toEqual([[C, path, 'DECLINED', 1], [C, path, 'REGISTERED', 0]]);
    const [kept] = await rollup.getRepository(RollupClockRow).findBy({ caseId });
    expect([kept.version, !!kept.running, kept.cityPath]).toEqual([2, false, path]);
  });

  it('moves a city\'s figures and its cases\' clocks to the other city when an org moves between them', async () => {
    const C2 = newId();
    const [c] = await db.getRepository(CaseRow).findBy({ raisedPath: STREET });
    const before = new Set((await db.getRepository(OutboxRow).find()).map((r) => r.id));
    const move = { eventId: newId(), action: OrgChangeAction.MOVE, orgId: D, fromPath: `/${P}/${C}/${D}/`, toPath: `/${P}/${C2}/${D}/`, survivorId: null, survivorPath: null, at: AT, actorSub: 'admin', actorRole: 'admin', actorOrgId: null };
    expect(await applyOrgChange(db, move)).toBe(true);
    const events = (await db.getRepository(OutboxRow).find({ order: { id: 'ASC' } })).filter((r) => !before.has(r.id)).map((r) => parseFigureEvent(r.payload));
    const byCity = new Map(events.map((e) => [e.city.id, e]));
    expect([...byCity.keys()].sort()).toEqual([C, C2].sort());
    expect(byCity.get(C)!.deltas.map((d) => [d.state, d.n])).toEqual([[CaseState.REGISTERED, -1]]);
    expect(byCity.get(C)!.clocks).toEqual([]);
    expect(byCity.get(C2)!.deltas.map((d) => [d.state, d.n])).toEqual([[CaseState.REGISTERED, 1]]);
    // The moved case's version went up with the move, so its clock under the new city replaces the old one.
    expect(byCity.get(C2)!.clocks).toEqual([expect.objectContaining({ caseId: c.id, version: c.version + 1, running: true })]);
    // A move within a city reports nothing: the city's own figures did not change.
    const quiet = new Set((await db.getRepository(OutboxRow).find()).map((r) => r.id));
    const E = newId();
    expect(await applyOrgChange(db, { ...move, eventId: newId(), orgId: S, fromPath: `/${P}/${C2}/${D}/${S}/`, toPath: `/${P}/${C2}/${E}/${S}/` })).toBe(true);
    expect((await db.getRepository(OutboxRow).find()).filter((r) => !quiet.has(r.id))).toEqual([]);
  });

  it('passes each applied event on, with its key, when the province reports to a nation', async () => {
    reportFigures(rollup);
    const key = newId();
    const event: FigureEvent = { v: 1, city: { id: C, path: `/${C}/` }, deltas: [], clocks: [{ caseId: newId(), version: 1, running: true, dueAt: AT.toISOString(), raisedAt: AT.toISOString(), kind: 'OTHER' }] };
    expect(await applyFigureEvent(rollup, key, event, `/${P}/${C}/`)).toBe(true);
    expect(await applyFigureEvent(rollup, key, event, `/${P}/${C}/`)).toBe(false);
    const sent = await rollup.getRepository(OutboxRow).findBy({ topic: FIGURES_TOPIC });
    expect(sent.map((r) => [r.key, JSON.parse(r.payload)])).toEqual([[key, event]]);
  });

  it('refuses an event it cannot read as BAD_USER_INPUT saying what is wrong', async () => {
    const f = await failure((async () => parseFigureEvent(JSON.stringify({ v: 1, city: { id: C, path: `/${C}/` }, deltas: [{ month: '2026-5' }], clocks: [] })))());
    expect(f.extensions.code).toBe(ErrorCode.BAD_USER_INPUT);
    expect(f.message).toMatch(/^payload: a delta is not a tally bucket/);
  });
});

describe('roll-up settings', () => {
  it('default to a city reporting to nobody, with the city at the root of every path', () => {
    expect(loadRollupSettings({})).toEqual({ role: 'city', url: undefined, intervalMs: 2000, cityDepth: 1 });
    expect(loadRollupSettings({ CASES_ROLE: 'province', ROLLUP_URL: 'http://nation:4002/graphql', CITY_DEPTH: '3' })).toMatchObject({ role: 'province', url: 'http://nation:4002/graphql', cityDepth: 3 });
  });

  it('name every bad variable at once', () => {
    let problems: string[] = [];
    try {
      loadRollupSettings({ CASES_ROLE: 'county', ROLLUP_URL: 'ftp://x', CITY_DEPTH: '9', ROLLUP_DISPATCH_INTERVAL_SECONDS: '-1' });
    } catch (err) {
      problems = (err as ConfigError).problems;
    }
    expect(problems).toEqual([
      'CASES_ROLE must be city or province (got "county")',
      'ROLLUP_URL must be an http(s) URL (got "ftp://x")',
      expect.stringMatching(/^ROLLUP_DISPATCH_INTERVAL_SECONDS must be an integer from 0 to 3600/),
      expect.stringMatching(/^CITY_DEPTH must be an integer from 1 to 5/),
    ]);
  });
});
