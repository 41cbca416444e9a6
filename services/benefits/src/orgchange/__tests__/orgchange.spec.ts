import type { DataSource } from 'typeorm';
import { newId } from '@lianxin/auth';
import { testDatabases } from '@lianxin/jest-config/databases';
import { OrgChangeAction, type OrgChange } from '@lianxin/members-client';
import { orgTree, silentLog } from '@lianxin/test-kit';
import { openBenefitsDatabase } from '../../app';
import { AllocationRow } from '../../programme/programme.entity';
import { VoucherRow } from '../../grant/voucher.entity';
import * as sut from '../orgchange.service';

const engines = testDatabases('benefits_orgchange', (o) => openBenefitsDatabase({ databaseUrl: o.databaseUrl, database: o.database, dataDir: o.dataDir, log: silentLog }));

describe.each(engines.map((e) => [e.name, e] as const))('benefits applying org.changed on %s', (_name, engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  const t = orgTree();
  const P = newId();
  const Q = newId();
  const ids = { root: newId(), e1: newId(), e2: newId(), e2q: newId(), v: newId() };
  beforeAll(async () => {
    ({ db, close } = await engine.open());
  });
  afterAll(() => close());
  beforeEach(async () => {
    for (const table of ['inbox', 'voucher', 'allocation']) await db.query(`DELETE FROM ${table}`);
    const share = (id: string, programmeId: string, org: { id: string; path: string }, parentId: string | null, quota: number, used: number, allocatedToChildren = 0) =>
      Object.assign(new AllocationRow(), { id, programmeId, orgId: org.id, orgPath: org.path, parentId, quota, budgetCents: null, used, spentCents: 0, allocatedToChildren, budgetToChildren: 0, version: 1 });
    await db.getRepository(AllocationRow).insert([
      share(ids.root, P, t.city, null, 100, 0, 30),
      share(ids.e1, P, t.e1, ids.root, 10, 2),
      share(ids.e2, P, t.e2, ids.root, 20, 5),
      share(ids.e2q, Q, t.e2, null, 7, 1),
    ]);
    await db.getRepository(VoucherRow).insert(
      Object.assign(new VoucherRow(), {
        id: ids.v, programmeId: P, memberId: newId(), orgId: t.e2.id, orgPath: t.e2.path, allocationId: ids.e2, code: 'ABCDEFGHJKLMNPQRSTUV', state: 'ISSUED',
        issuedAt: new Date('2026-11-01T00:00:00Z'), expiresAt: new Date('2026-12-01T00:00:00Z'), redeemedAt: null, partnerId: null, limitKey: null, issuedBy: 'staff', version: 1,
      }),
    );
  });

  const change = (over: Partial<OrgChange>): OrgChange => ({
    eventId: newId(), action: OrgChangeAction.MERGE, orgId: t.e2.id, fromPath: t.e2.path, toPath: t.e2.path, survivorId: t.e1.id, survivorPath: t.e1.path,
    at: new Date('2026-11-02T00:00:00Z'), actorSub: 'staff-s1', actorRole: 'staff', actorOrgId: t.s1.id, ...over,
  });
  const shares = async () => (await db.getRepository(AllocationRow).find({ order: { id: 'ASC' } })).map((a) => [a.id, a.programmeId, a.orgId, a.orgPath, a.parentId, a.quota, a.used, a.allocatedToChildren]);

  test('a merge adds the merged share to the survivor\'s, re-homes a share the survivor lacks, and moves the vouchers; a repeat changes nothing', async () => {
    const merge = change({});
    expect(await sut.applyOrgChange(db, merge)).toBe(true);
    const after = await shares();
    expect(after).toEqual(
      [
        [ids.root, P, t.city.id, t.city.path, null, 100, 0, 30],
        [ids.e1, P, t.e1.id, t.e1.path, ids.root, 30, 7, 0],
        [ids.e2q, Q, t.e1.id, t.e1.path, null, 7, 1, 0],
      ].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)),
    );
    const v = await db.getRepository(VoucherRow).findOneByOrFail({ id: ids.v });
    expect([v.orgId, v.orgPath, v.allocationId]).toEqual([t.e1.id, t.e1.path, ids.e1]);
    expect(await sut.applyOrgChange(db, merge)).toBe(false);
    expect(await shares()).toEqual(after);
  });

  test('a move rewrites the paths under the moved org only, once', async () => {
    const to = `${t.d2.path}${t.s1.id}/`;
    const move = change({ action: OrgChangeAction.MOVE, orgId: t.s1.id, fromPath: t.s1.path, toPath: to, survivorId: null, survivorPath: null });
    expect(await sut.applyOrgChange(db, move)).toBe(true);
    const paths = Object.fromEntries((await db.getRepository(AllocationRow).find()).map((a) => [a.id, a.orgPath]));
    expect(paths).toEqual({ [ids.root]: t.city.path, [ids.e1]: `${to}${t.e1.id}/`, [ids.e2]: `${to}${t.e2.id}/`, [ids.e2q]: `${to}${t.e2.id}/` });
    expect((await db.getRepository(VoucherRow).findOneByOrFail({ id: ids.v })).orgPath).toBe(`${to}${t.e2.id}/`);
    expect(await sut.applyOrgChange(db, move)).toBe(false);
    expect((await db.getRepository(AllocationRow).findOneByOrFail({ id: ids.e1 })).orgPath).toBe(`${to}${t.e1.id}/`);
  });

  test('a failing apply leaves nothing, not even the inbox key, so the retry applies it', async () => {
    const broken = change({ survivorId: null, survivorPath: null });
    await expect(sut.applyOrgChange(db, broken)).rejects.toThrow(/a merge without a survivor/);
    expect(Number((await db.query('SELECT COUNT(*) AS n FROM inbox'))[0].n)).toBe(0);
    expect(await sut.applyOrgChange(db, { ...broken, survivorId: t.e1.id, survivorPath: t.e1.path })).toBe(true);
  });
});
