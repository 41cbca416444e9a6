import { testDatabases } from '@lianxin/jest-config/databases';
import type { DataSource } from 'typeorm';
import { callerStub, code, contextFor, failure, orgTree, silentLog } from '@lianxin/test-kit';
import { openMembersDatabase } from '../../app';
import { OrgKind, OrgRow } from '../../org/org.entity';
import { directoryChanges } from '../directory.feed';
import { DepartmentRow, DirectoryChangeRow, StaffAccountRow, StaffGrantRow } from '../staff.entity';
import * as sut from '../staff.service';

const engines = testDatabases('staff', (o) => openMembersDatabase({ ...o, log: silentLog }));

const KIND = { NATION: OrgKind.NATIONAL_FEDERATION, PROVINCE: OrgKind.PROVINCE_FEDERATION, CITY: OrgKind.CITY_FEDERATION, DISTRICT: OrgKind.DISTRICT, STREET: OrgKind.STREET, ENTERPRISE: OrgKind.ENTERPRISE } as const;

describe.each(engines)('the staff directory on $name', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  // The org tree lives in this very database (members owns it); the rest is written by the service under test.
  const { city, d1, d2, s1, e1, tree } = orgTree();
  const ctxOf = contextFor({ db: () => db });
  const { admin, staff } = callerStub;
  const keeper = (org: typeof d1, perms: Parameters<typeof staff>[1] = ['staff:manage']) => ctxOf(staff(org, perms));
  const gateway = () => ctxOf(callerStub.system('gateway'));

  beforeAll(async () => {
    ({ db, close } = await engine.open());
    await db.getRepository(OrgRow).insert(
      tree.orgs.map((o) => Object.assign(new OrgRow(), { id: o.id, parentId: o.parentId, path: o.path, code: o.code, name: o.name, level: o.level, kind: KIND[o.level], joinCode: `J${o.id.slice(-10)}`, createdAt: new Date('2026-11-01T00:00:00Z') })),
    );
  });
  afterAll(() => close?.());

  const directory = async () => ({
    departments: await db.getRepository(DepartmentRow).find({ order: { id: 'ASC' } }),
    accounts: await db.getRepository(StaffAccountRow).find({ order: { id: 'ASC' } }),
    grants: await db.getRepository(StaffGrantRow).count(),
    changes: await db.getRepository(DirectoryChangeRow).count(),
  });

  test('ten keepers granting one subject at once make one account, one log entry and one feed row', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => sut.grantStaffAccount(i % 2 ? keeper(d1) : ctxOf(admin), { subject: 'idp|race', orgId: s1.id, name: `争抢${i}`, perms: [] })),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refusals = await Promise.all(outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => code(Promise.reject(o.reason))));
    expect(new Set(refusals)).toEqual(new Set(['DUPLICATE']));
    expect(await db.getRepository(StaffAccountRow).countBy({ subject: 'idp|race' })).toBe(1);
    expect(await db.getRepository(DirectoryChangeRow).countBy({ subject: 'idp|race' })).toBe(1);
  });

  test('writers at once get feed numbers without gaps, each with its subject, and a reader from any point sees exactly what follows', async () => {
    const { head: before } = await directoryChanges(gateway(), null);
    const subjects = Array.from({ length: 8 }, (_, i) => `idp|many-${i}`);
    await Promise.all(subjects.map((subject, i) => sut.grantStaffAccount(i % 2 ? keeper(d1) : keeper(city), { subject, orgId: e1.id, name: '并发', perms: [] })));
    const feed = await directoryChanges(gateway(), before);
    expect(feed.overflow).toBe(false);
    expect(feed.head).toBe(before + 8);
    expect(feed.changes.map((c) => c.seq)).toEqual(Array.from({ length: 8 }, (_, i) => before + i + 1));
    expect(feed.changes.map((c) => c.subject).sort()).toEqual([...subjects].sort());
    expect((await directoryChanges(gateway(), before + 5)).changes.map((c) => c.seq)).toEqual([before + 6, before + 7, before + 8]);
    expect(await directoryChanges(gateway(), feed.head)).toEqual({ head: feed.head, changes: [], overflow: false });
    // Ahead of the head: the feed was reset under the reader, which must drop what it knows.
    expect((await directoryChanges(gateway(), feed.head + 10)).overflow).toBe(true);
  });

  test('a move to another org leaves the old 部室 behind and is logged with the new org; a keeper moves nobody out of its subtree', async () => {
    const office = await sut.createDepartment(keeper(d1), d1.id, '办公室');
    const a = await sut.grantStaffAccount(keeper(d1), { subject: 'idp|mover', orgId: d1.id, name: '林涛', departmentId: office.id, perms: [] });
    const before = await directory();
    expect(await failure(sut.changeStaffAccount(keeper(d1), a.id, a.version, { orgId: d2.id }))).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect(await directory()).toEqual(before);
    const moved = await sut.changeStaffAccount(keeper(d1), a.id, a.version, { orgId: s1.id, note: '调到街道' });
    expect(moved).toMatchObject({ orgId: s1.id, departmentId: null, version: 2 });
    const log = await db.getRepository(StaffGrantRow).find({ where: { accountId: a.id }, order: { id: 'ASC' } });
    expect(log.map((g) => [g.action, g.orgId, g.departmentId, g.note, g.actorSub])).toEqual([
      ['GRANT', d1.id, office.id, '开通', `staff-${d1.code}`],
      ['CHANGE', s1.id, null, '调到街道', `staff-${d1.code}`],
    ]);
  });

  test('a keeper passes on only what it holds; staff without staff:manage keep nothing; a deactivated 部室 takes nobody new', async () => {
    const before = await directory();
    expect(await failure(sut.grantStaffAccount(keeper(d1), { subject: 'idp|x', orgId: s1.id, name: '甲', perms: ['case:signoff'] }))).toMatchObject({ extensions: { code: 'FORBIDDEN', field: 'perms' } });
    expect(await code(sut.grantStaffAccount(ctxOf(staff(d1, ['pii:read'])), { subject: 'idp|x', orgId: s1.id, name: '甲', perms: [] }))).toBe('FORBIDDEN');
    expect(await code(sut.createDepartment(ctxOf(staff(city)), s1.id, '女职工部'))).toBe('FORBIDDEN');
    expect(await directory()).toEqual(before);

    const women = await sut.createDepartment(keeper(s1, ['staff:manage', 'pii:read']), s1.id, '女职工部');
    await sut.deactivateDepartment(keeper(s1), women.id, women.version);
    expect(await failure(sut.grantStaffAccount(keeper(s1), { subject: 'idp|y', orgId: s1.id, name: '乙', departmentId: women.id, perms: [] }))).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'departmentId' } });
    const granted = await sut.grantStaffAccount(keeper(s1, ['staff:manage', 'pii:read']), { subject: 'idp|y', orgId: s1.id, name: '乙', perms: ['pii:read', 'pii:read'] });
    expect(sut.permsOf(granted)).toEqual(['pii:read']);
  });
});
