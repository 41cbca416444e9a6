import type { DataSource } from 'typeorm';
import { newId } from '@lianxin/auth';
import { testDatabases } from '@lianxin/jest-config/databases';
import { OrgChangeAction, type OrgChange } from '@lianxin/members-client';
import { orgTree, silentLog } from '@lianxin/test-kit';
import { openCasesDatabase } from '../../app';
import { CaseRow, CaseScopeRow } from '../../casefile/case.entity';
import { CaseAction, CaseChannel, CaseKind, CaseState, Urgency } from '../../casefile/case.enums';
import { applyChange, insertCase, newCaseRow, type Actor } from '../../case/case.writer';
import { tallyDrift } from '../../figures/tally.rebuild';
import { CaseTallyRow } from '../../figures/tally.entity';
import { verifyLedger } from '../../ledger/ledger.service';
import * as sut from '../orgchange.service';

const engines = testDatabases('cases_orgchange', (o) => openCasesDatabase({ databaseUrl: o.databaseUrl, database: o.database, dataDir: o.dataDir, log: silentLog }));
const STAFF: Actor = { sub: 'staff-x', role: 'staff', orgId: null };

describe.each(engines.map((e) => [e.name, e] as const))('cases applying org.changed on %s', (_name, engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  const t = orgTree();
  beforeAll(async () => {
    ({ db, close } = await engine.open());
  });
  afterAll(() => close());
  beforeEach(async () => {
    for (const table of ['inbox', 'case_event', 'case_scope', 'case_tally', 'case_file']) await db.query(`DELETE FROM ${table}`);
  });

  let n = 0;
  /** A case raised at `org` in the given month, then moved on to `state` where asked. */
  const raised = (org: { id: string; path: string }, at: string, kind = CaseKind.MICRO_WISH) =>
    db.transaction(async (em) => {
      const c = newCaseRow({ id: newId(), number: `T-${++n}`, kind, channel: CaseChannel.WISH_WALL, urgency: Urgency.NORMAL, description: '希望增设饮水机', memberId: null, raisedBy: STAFF, org, raisedAt: new Date(at), deadline: { resolveHours: 360 } });
      return insertCase(em, c, STAFF, new Date(at));
    });
  const accept = (c: CaseRow) => db.transaction((em) => applyChange(em, c, { action: CaseAction.ACCEPT, to: CaseState.ACCEPTED, patch: { responsible: '办公室' } }, STAFF, new Date(c.raisedAt.getTime() + 60_000)));
  const change = (over: Partial<OrgChange>): OrgChange => ({
    eventId: newId(), action: OrgChangeAction.MOVE, orgId: t.s1.id, fromPath: t.s1.path, toPath: `${t.d2.path}${t.s1.id}/`, survivorId: null, survivorPath: null,
    at: new Date('2026-11-20T00:00:00Z'), actorSub: 'staff-city', actorRole: 'staff', actorOrgId: t.city.id, ...over,
  });
  const tallyAt = async (orgId: string) => (await db.getRepository(CaseTallyRow).find({ where: { orgId } })).reduce((sum, r) => sum + r.n, 0);

  test('a move carries the subtree\'s cases, visibility and figures to the new district, once', async () => {
    const a = await accept(await raised(t.e1, '2026-10-05T02:00:00Z'));
    await raised(t.s1, '2026-11-05T02:00:00Z', CaseKind.LEGAL_AID);
    await raised(t.e2, '2026-11-06T02:00:00Z');
    const stay = await raised(t.e3, '2026-11-06T03:00:00Z');
    expect([await tallyAt(t.d1.id), await tallyAt(t.d2.id), await tallyAt(t.city.id)]).toEqual([3, 1, 4]);

    const move = change({});
    expect(await sut.applyOrgChange(db, move)).toBe(true);
    const to = move.toPath;
    expect([await tallyAt(t.d1.id), await tallyAt(t.d2.id), await tallyAt(t.city.id), await tallyAt(t.s1.id)]).toEqual([0, 4, 4, 3]);
    expect(await tallyDrift(db)).toEqual([]);
    const moved = await db.getRepository(CaseRow).findOneByOrFail({ id: a.id });
    expect([moved.raisedPath, moved.handlingPath, moved.version]).toEqual([`${to}${t.e1.id}/`, `${to}${t.e1.id}/`, a.version + 1]);
    expect((await db.getRepository(CaseScopeRow).find({ where: { caseId: a.id } })).map((s) => [s.orgId, s.orgPath]).sort()).toEqual(
      [[t.city.id, t.city.path], [t.d2.id, t.d2.path], [t.s1.id, to], [t.e1.id, `${to}${t.e1.id}/`]].sort(),
    );
    expect(await db.getRepository(CaseScopeRow).count({ where: { orgId: t.d1.id } })).toBe(0);
    expect((await db.getRepository(CaseRow).findOneByOrFail({ id: stay.id })).version).toBe(stay.version);
    // A transition that read the case before the move loses: it would file the case under the old paths.
    await expect(db.transaction((em) => applyChange(em, a, { action: CaseAction.PROGRESS, to: CaseState.IN_PROGRESS, note: '在办' }, STAFF, new Date()))).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });

    expect(await sut.applyOrgChange(db, move)).toBe(false);
    expect([await tallyAt(t.d1.id), await tallyAt(t.d2.id)]).toEqual([0, 4]);
    expect(await tallyDrift(db)).toEqual([]);
  });

  test('a merge hands each unfinished case to the survivor with a ledger entry; finished ones stay', async () => {
    const open = await accept(await raised(t.e2, '2026-11-05T02:00:00Z'));
    const declined = await raised(t.e2, '2026-11-05T03:00:00Z');
    await db.transaction((em) => applyChange(em, declined, { action: CaseAction.DECLINE, to: CaseState.DECLINED, patch: { declineReason: 'DUPLICATE' as never }, note: '重复' }, STAFF, new Date('2026-11-05T04:00:00Z')));
    const merge = change({ action: OrgChangeAction.MERGE, orgId: t.e2.id, fromPath: t.e2.path, toPath: t.e2.path, survivorId: t.e1.id, survivorPath: t.e1.path });
    expect(await sut.openCasesAt(db, t.e2.id)).toBe(1);
    expect(await sut.applyOrgChange(db, merge)).toBe(true);
    const handed = await db.getRepository(CaseRow).findOneByOrFail({ id: open.id });
    expect([handed.handlingOrgId, handed.handlingPath, handed.raisedOrgId, handed.state]).toEqual([t.e1.id, t.e1.path, t.e2.id, CaseState.ACCEPTED]);
    expect((await db.getRepository(CaseRow).findOneByOrFail({ id: declined.id })).handlingOrgId).toBe(t.e2.id);
    expect(await sut.openCasesAt(db, t.e2.id)).toBe(0);
    expect(await sut.openCasesAt(db, t.e1.id)).toBe(1);
    expect((await verifyLedger(db)).ok).toBe(true);
    expect(await tallyDrift(db)).toEqual([]);
    expect(await sut.applyOrgChange(db, merge)).toBe(false);
    expect((await db.getRepository(CaseRow).findOneByOrFail({ id: open.id })).eventSeq).toBe(handed.eventSeq);
  });
});
