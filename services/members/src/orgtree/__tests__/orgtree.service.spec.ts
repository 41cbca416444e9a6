import type { DataSource } from 'typeorm';
import { newId } from '@lianxin/auth';
import { testDatabases } from '@lianxin/jest-config/databases';
import type { OrgInfo } from '@lianxin/subgraph';
import { callerStub, contextFor, failure, orgTree, silentLog, unseen } from '@lianxin/test-kit';
import { OrgChangeAction } from '@lianxin/members-client';
import { OutboxRow } from '@lianxin/outbox';
import { openMembersDatabase } from '../../app';
import { OrgKind, OrgLevel, OrgRow } from '../../org/org.entity';
import { EmploymentType, Gender, JoinChannel, MemberRow } from '../../member/member.entity';
import { TransferRow, TransferStatus } from '../../membership/membership.entity';
import { enrolMember, newMemberRow } from '../../member/member.service';
import { applyToJoin } from '../../membership/join.service';
import { requestTransfer } from '../../membership/transfer.service';
import { OrgHistoryRow } from '../orgtree.entity';
import { DepartmentRow, DirectoryChangeRow, StaffAccountRow, StaffGrantRow } from '../../staff/staff.entity';
import { OrgHistoryAction, Ownership, PostService } from '../orgtree.enums';
import * as rules from '../orgtree.rules';
import * as sut from '../orgtree.service';

describe('the org tree rules', () => {
  test('a child is one level below its parent, of a kind that level allows', () => {
    expect(rules.childLevel({ level: OrgLevel.CITY })).toBe(OrgLevel.DISTRICT);
    expect(rules.childLevel({ level: OrgLevel.STREET })).toBe(OrgLevel.ENTERPRISE);
    expect(() => rules.childLevel({ level: OrgLevel.ENTERPRISE })).toThrow(/基层工会下面不能再建工会/);
    expect(() => rules.assertKind(OrgLevel.ENTERPRISE, OrgKind.UNION_POST)).not.toThrow();
    expect(() => rules.assertKind(OrgLevel.ENTERPRISE, OrgKind.STREET)).toThrow(/ENTERPRISE、UNION_POST/);
  });

  test('codes continue the parent\'s numbering, skip codes taken anywhere, and use four digits for enterprises', () => {
    expect(rules.nextCode('LJ-01', OrgLevel.STREET, ['LJ-01-01', 'LJ-01-03', 'LJ-01-03-0001', 'LJ-02-07'])).toBe('LJ-01-04');
    expect(rules.nextCode('LJ-01-01', OrgLevel.ENTERPRISE, [])).toBe('LJ-01-01-0001');
    // A street moved away keeps its code; numbering under its old parent does not reuse it.
    expect(rules.nextCode('LJ-01', OrgLevel.STREET, ['LJ-01-01', 'LJ-01-02'])).toBe('LJ-01-03');
    expect(() => rules.nextCode('LJ', OrgLevel.DISTRICT, ['LJ-99'])).toThrow(/编号已用完/);
  });

  test('a union name is the full name, ending in 工会', () => {
    expect(rules.unionName('  临江夜色经济工会联合会 ')).toBe('临江夜色经济工会联合会');
    expect(() => rules.unionName('夜色经济')).toThrow(/以“工会”结尾/);
    expect(() => rules.unionName('工')).toThrow(/2到100个字/);
    // A union post is named as the place it is.
    expect(rules.unionName('滨江路户外劳动者工会驿站', OrgKind.UNION_POST)).toBe('滨江路户外劳动者工会驿站');
    expect(() => rules.unionName('滨江路工会', OrgKind.UNION_POST)).toThrow(/以“驿站”结尾/);
    expect(() => rules.unionName('滨江路工会驿站', OrgKind.ENTERPRISE)).toThrow(/以“工会”结尾/);
  });

  test('staff change only what lies below their org; admins anything', () => {
    expect(() => rules.assertMayChange({ role: 'staff', orgId: 'A' }, { id: 'A' })).toThrow(/由上级工会办理/);
    expect(() => rules.assertMayChange({ role: 'staff', orgId: 'A' }, { id: 'B' })).not.toThrow();
    expect(() => rules.assertMayChange({ role: 'admin' }, { id: 'A' })).not.toThrow();
  });
});

const engines = testDatabases('orgtree', (o) => openMembersDatabase({ databaseUrl: o.databaseUrl, database: o.database, dataDir: o.dataDir, log: silentLog }));
const KIND: Record<OrgInfo['level'], OrgKind> = { NATION: OrgKind.NATIONAL_FEDERATION, PROVINCE: OrgKind.PROVINCE_FEDERATION, CITY: OrgKind.CITY_FEDERATION, DISTRICT: OrgKind.DISTRICT, STREET: OrgKind.STREET, ENTERPRISE: OrgKind.ENTERPRISE };

describe.each(engines.map((e) => [e.name, e] as const))('managing the org tree on %s', (_name, engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  let t: ReturnType<typeof orgTree>;
  const as = contextFor({ db: () => db });
  beforeAll(async () => {
    ({ db, close } = await engine.open());
  });
  afterAll(() => close());

  let seq = 0;
  const person = (name: string) => {
    seq++;
    const body = `3399011990010${String(seq).padStart(4, '0')}`;
    const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const sum = w.reduce((acc, x, i) => acc + x * Number(body[i]), 0);
    return { name, gender: Gender.MALE, idNumber: body + '10X98765432'[sum % 11], phone: `1380000${String(seq).padStart(4, '0')}`, employmentType: EmploymentType.REGULAR };
  };

  beforeEach(async () => {
    for (const table of ['outbox', 'org_history', 'org_place', 'member_transfer', 'member', 'staff_grant', 'staff_account', 'department', 'directory_change', 'org']) await db.query(`DELETE FROM ${table}`);
    t = orgTree();
    const now = new Date('2026-11-01T08:00:00Z');
    await db.getRepository(OrgRow).insert(
      t.tree.orgs.map((o, i) => Object.assign(new OrgRow(), { ...o, kind: KIND[o.level], name: `${o.name}工会`, joinCode: `JC${String(i).padStart(6, '0')}`, createdAt: now, closedAt: null, mergedIntoId: null, version: 1 })),
    );
    const orgRow = (o: OrgInfo) => Object.assign(new OrgRow(), { id: o.id, path: o.path });
    await db.getRepository(MemberRow).insert([
      newMemberRow(person('王建国'), orgRow(t.e1), JoinChannel.ENROLLED, now),
      newMemberRow(person('李秀英'), orgRow(t.e2), JoinChannel.ENROLLED, now),
      newMemberRow(person('张伟'), orgRow(t.e2), JoinChannel.ENROLLED, now),
      newMemberRow(person('刘芳'), orgRow(t.e3), JoinChannel.ENROLLED, now),
    ]);
  });

  /** Everything a refused change must leave as it was. */
  const state = async () => ({
    orgs: (await db.getRepository(OrgRow).find({ order: { id: 'ASC' } })).map((o) => [o.id, o.parentId, o.path, o.name, o.closedAt, o.version]),
    members: (await db.getRepository(MemberRow).find({ order: { id: 'ASC' } })).map((m) => [m.id, m.orgId, m.orgPath]),
    history: await db.getRepository(OrgHistoryRow).count(),
    outbox: await db.getRepository(OutboxRow).count(),
  });
  const org = (id: string) => db.getRepository(OrgRow).findOneByOrFail({ id });
  const membersAt = async (o: { id: string }) => (await db.getRepository(MemberRow).find({ where: { orgId: o.id } })).map((m) => m.orgPath);

  test('staff of a street found an enterprise union under it: next code, a join code, a history row', async () => {
    const created = await sut.foundOrg(as(callerStub.staff(t.s1)), { parentId: t.s1.id, name: '临江顺达外卖站点工会', kind: OrgKind.ENTERPRISE });
    expect(created).toMatchObject({ parentId: t.s1.id, level: OrgLevel.ENTERPRISE, kind: OrgKind.ENTERPRISE, code: `${t.s1.code}-0001`, path: `${t.s1.path}${created.id}/`, closedAt: null });
    expect(created.joinCode).toMatch(/^[ABCDEFGHJKLMNPQRSTUVWXYZ2-9]{8}$/);
    const second = await sut.foundOrg(as(callerStub.admin), { parentId: t.s1.id, name: '临江夜色经济工会驿站', kind: OrgKind.UNION_POST });
    expect(second.code).toBe(`${t.s1.code}-0002`);
    const history = await db.getRepository(OrgHistoryRow).find({ where: { orgId: created.id } });
    expect(history.map((h) => [h.action, h.actorSub, h.actorOrgId, h.before])).toEqual([[OrgHistoryAction.FOUND, `staff-${t.s1.code}`, t.s1.id, null]]);
    // Founding announces nothing: no path anyone copied changed.
    expect(await db.getRepository(OutboxRow).count()).toBe(0);
  });

  test('founding is refused for a kind the level does not allow, under an enterprise, and outside the scope; nothing is written', async () => {
    const before = await state();
    expect(await failure(sut.foundOrg(as(callerStub.staff(t.s1)), { parentId: t.s1.id, name: '某街道工会', kind: OrgKind.STREET }))).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'kind' } });
    expect(await failure(sut.foundOrg(as(callerStub.staff(t.s1)), { parentId: t.e1.id, name: '某车间工会', kind: OrgKind.ENTERPRISE }))).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'parentId' } });
    expect(await failure(sut.foundOrg(as(callerStub.staff(t.e1)), { parentId: t.s1.id, name: '某企业工会', kind: OrgKind.ENTERPRISE }))).toEqual({
      message: `parentId: ${unseen('org', t.s1.id).message}`,
      extensions: { code: 'NOT_FOUND', field: 'parentId' },
    });
    expect(await failure(sut.foundOrg(as(callerStub.staff(t.d2)), { parentId: t.s1.id, name: '某企业工会', kind: OrgKind.ENTERPRISE }))).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect(await state()).toEqual(before);
  });

  test('a rename by the level above is kept with before and after; the org itself and a sibling district are refused', async () => {
    const renamed = await sut.renameOrg(as(callerStub.staff(t.d1)), t.s1.id, '江北区滨江新区街道工会');
    expect([renamed.name, renamed.code, renamed.version]).toEqual(['江北区滨江新区街道工会', t.s1.code, 2]);
    const [h] = await db.getRepository(OrgHistoryRow).find({ where: { orgId: t.s1.id } });
    expect([h.action, JSON.parse(h.before!), JSON.parse(h.after!)]).toEqual([OrgHistoryAction.RENAME, { name: `${t.s1.name}工会` }, { name: '江北区滨江新区街道工会' }]);
    // Cases and benefits cache names: the rename is announced to each, so they drop them.
    const out = await db.getRepository(OutboxRow).find({ order: { topic: 'ASC' } });
    expect(out.map((o) => [o.topic, JSON.parse(o.payload).action, JSON.parse(o.payload).eventId])).toEqual([
      ['org.changed:benefits', 'RENAME', h.id],
      ['org.changed:cases', 'RENAME', h.id],
    ]);
    const before = await state();
    expect(await failure(sut.renameOrg(as(callerStub.staff(t.s1)), t.s1.id, '另一个工会'))).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(await failure(sut.renameOrg(as(callerStub.staff(t.d2)), t.s1.id, '另一个工会'))).toMatchObject({ extensions: { code: 'NOT_FOUND', field: 'id' } });
    expect(await failure(sut.renameOrg(as(callerStub.staff(t.e1)), t.d1.id, '另一个工会'))).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect(await state()).toEqual(before);
  });

  test('a move carries the subtree and its members in one transaction and announces org.changed to cases and benefits', async () => {
    const moved = await sut.moveOrg(as(callerStub.staff(t.city)), t.s1.id, t.d2.id);
    const newPath = `${t.d2.path}${t.s1.id}/`;
    expect([moved.parentId, moved.path, moved.level, moved.code]).toEqual([t.d2.id, newPath, OrgLevel.STREET, t.s1.code]);
    expect((await org(t.e1.id)).path).toBe(`${newPath}${t.e1.id}/`);
    expect((await org(t.e2.id)).path).toBe(`${newPath}${t.e2.id}/`);
    expect(await membersAt(t.e2)).toEqual([`${newPath}${t.e2.id}/`, `${newPath}${t.e2.id}/`]);
    // Outside the subtree nothing moved.
    expect((await org(t.s1b.id)).path).toBe(t.s1b.path);
    expect(await membersAt(t.e3)).toEqual([t.e3.path]);
    const [h] = await db.getRepository(OrgHistoryRow).find({ where: { orgId: t.s1.id } });
    expect([h.action, JSON.parse(h.before!), JSON.parse(h.after!)]).toEqual([OrgHistoryAction.MOVE, { parentId: t.d1.id, path: t.s1.path }, { parentId: t.d2.id, path: newPath }]);
    const out = await db.getRepository(OutboxRow).find({ order: { topic: 'ASC' } });
    expect(out.map((o) => [o.topic, o.key, o.state])).toEqual([
      ['org.changed:benefits', `${h.id}:benefits`, 'PENDING'],
      ['org.changed:cases', `${h.id}:cases`, 'PENDING'],
    ]);
    expect(JSON.parse(out[0].payload)).toEqual({
      eventId: h.id, action: OrgChangeAction.MOVE, orgId: t.s1.id, fromPath: t.s1.path, toPath: newPath, survivorId: null, survivorPath: null,
      at: h.at.toISOString(), actorSub: `staff-${t.city.code}`, actorRole: 'staff', actorOrgId: t.city.id,
    });
  });

  test('a move is refused under a parent of the wrong level, to an unseen parent, and by the org\'s own staff; nothing changes', async () => {
    const before = await state();
    expect(await failure(sut.moveOrg(as(callerStub.staff(t.city)), t.s1.id, t.s2.id))).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'parentId' } });
    expect(await failure(sut.moveOrg(as(callerStub.staff(t.city)), t.s1.id, t.d1.id))).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'parentId' } });
    expect(await failure(sut.moveOrg(as(callerStub.staff(t.d1)), t.s1.id, t.d2.id))).toMatchObject({ extensions: { code: 'NOT_FOUND', field: 'parentId' } });
    expect(await failure(sut.moveOrg(as(callerStub.staff(t.s1)), t.e1.id, t.s1b.id))).toMatchObject({ extensions: { code: 'NOT_FOUND', field: 'parentId' } });
    expect(await failure(sut.moveOrg(as(callerStub.staff(t.d1)), t.d1.id, t.city.id))).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(await failure(sut.moveOrg(as(callerStub.admin), t.city.id, t.d1.id))).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'id' } });
    expect(await state()).toEqual(before);
  });

  test('a merge hands the members to the survivor and closes the merged union; both keep the change in their history', async () => {
    const [m4] = await db.getRepository(MemberRow).find({ where: { orgId: t.e3.id } });
    const transfer = Object.assign(new TransferRow(), {
      id: newId(), memberId: m4.id, memberName: '刘*', fromOrgId: t.e3.id, fromPath: t.e3.path, toOrgId: t.e2.id, toPath: t.e2.path, status: TransferStatus.REQUESTED,
      openKey: m4.id, reason: '换工作', returnReason: null, requestedBy: 'staff', requestedAt: new Date('2026-11-01T08:00:00Z'), decidedBy: null, decidedAt: null,
    });
    await db.getRepository(TransferRow).insert(transfer);
    // A 部室 and a staff account at the union that goes.
    const dept = Object.assign(new DepartmentRow(), { id: newId(), orgId: t.e2.id, name: '办公室', active: true, createdAt: new Date('2026-11-01T08:00:00Z'), version: 1 });
    await db.getRepository(DepartmentRow).insert(dept);
    const account = Object.assign(new StaffAccountRow(), { id: newId(), subject: 'idp|e2-wu', orgId: t.e2.id, departmentId: dept.id, name: '吴刚', perms: '', active: true, createdAt: new Date('2026-11-01T08:00:00Z'), version: 1 });
    await db.getRepository(StaffAccountRow).insert(account);
    const survivor = await sut.mergeOrg(as(callerStub.staff(t.s1)), t.e2.id, t.e1.id);
    // Its staff now work for the survivor, without a 部室 of the closed union, the move in their log; its 部室 close.
    expect(await db.getRepository(StaffAccountRow).findOneByOrFail({ id: account.id })).toMatchObject({ orgId: t.e1.id, departmentId: null, active: true, version: 2 });
    expect(await db.getRepository(DepartmentRow).findOneByOrFail({ id: dept.id })).toMatchObject({ active: false });
    expect((await db.getRepository(StaffGrantRow).find({ where: { accountId: account.id } })).map((g) => [g.action, g.orgId])).toEqual([['CHANGE', t.e1.id]]);
    // The gateways hear of it: the account's entry and the org's.
    expect((await db.getRepository(DirectoryChangeRow).find({ order: { seq: 'ASC' } })).map((c) => [c.kind, c.subject])).toEqual([['STAFF', 'idp|e2-wu'], ['ORG', t.e2.id]]);
    expect(survivor.id).toBe(t.e1.id);
    expect(await membersAt(t.e1)).toEqual([t.e1.path, t.e1.path, t.e1.path]);
    expect(await membersAt(t.e2)).toEqual([]);
    // A transfer waiting at the merged union is the survivor's to answer.
    const waiting = await db.getRepository(TransferRow).findOneByOrFail({ id: transfer.id });
    expect([waiting.toOrgId, waiting.toPath, waiting.fromOrgId]).toEqual([t.e1.id, t.e1.path, t.e3.id]);
    const merged = await org(t.e2.id);
    expect([merged.mergedIntoId, merged.closedAt instanceof Date]).toEqual([t.e1.id, true]);
    const history = await db.getRepository(OrgHistoryRow).find({ order: { orgId: 'ASC' } });
    expect(history.map((h) => [h.orgId, h.action]).sort()).toEqual([[t.e1.id, OrgHistoryAction.ABSORB], [t.e2.id, OrgHistoryAction.MERGE]].sort());
    const out = await db.getRepository(OutboxRow).find();
    expect(out.map((o) => JSON.parse(o.payload)).map((p) => [p.action, p.orgId, p.survivorId, p.survivorPath])).toEqual([
      [OrgChangeAction.MERGE, t.e2.id, t.e1.id, t.e1.path],
      [OrgChangeAction.MERGE, t.e2.id, t.e1.id, t.e1.path],
    ]);
    // Closed: no second merge, no new child, no rename.
    expect(await failure(sut.mergeOrg(as(callerStub.staff(t.s1)), t.e2.id, t.e1.id))).toMatchObject({ extensions: { code: 'INVALID_STATE' } });
    expect(await failure(sut.renameOrg(as(callerStub.staff(t.s1)), t.e2.id, '复活工会'))).toMatchObject({ extensions: { code: 'INVALID_STATE' } });
  });

  test('a merged union takes no one in: enrolment, its QR poster and transfers to it are refused, naming why, and nothing is written', async () => {
    await sut.mergeOrg(as(callerStub.staff(t.s1)), t.e2.id, t.e1.id);
    const merged = await org(t.e2.id);
    const before = { ...(await state()), transfers: await db.getRepository(TransferRow).count(), applications: Number((await db.query('SELECT COUNT(*) AS n FROM join_application'))[0].n) };
    const refused = { extensions: { code: 'INVALID_STATE', field: expect.any(String) }, message: expect.stringMatching(/已撤销，不再接收会员；它已并入另一个工会/) };
    expect(await failure(enrolMember(as(callerStub.staff(t.s1)), { ...person('赵敏'), orgId: t.e2.id, modelWorker: false, children: [] } as never))).toMatchObject(refused);
    expect(await failure(applyToJoin(as(callerStub.anonymous), { ...person('钱进'), joinCode: merged.joinCode } as never))).toMatchObject(refused);
    const [m4] = await db.getRepository(MemberRow).find({ where: { orgId: t.e3.id } });
    expect(await failure(requestTransfer(as(callerStub.staff(t.s2)), { memberId: m4.id, toOrgId: t.e2.id, reason: '换工作' }))).toMatchObject(refused);
    expect({ ...(await state()), transfers: await db.getRepository(TransferRow).count(), applications: Number((await db.query('SELECT COUNT(*) AS n FROM join_application'))[0].n) }).toEqual(before);
  });

  test('a merge is refused across levels, with open child unions, and beyond the caller\'s scope; nothing changes', async () => {
    const before = await state();
    expect(await failure(sut.mergeOrg(as(callerStub.staff(t.d1)), t.e1.id, t.s1b.id))).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'intoId' } });
    expect(await failure(sut.mergeOrg(as(callerStub.staff(t.d1)), t.s1.id, t.s1b.id))).toMatchObject({ extensions: { code: 'INVALID_STATE' } });
    expect(await failure(sut.mergeOrg(as(callerStub.staff(t.s1)), t.e1.id, t.e3.id))).toMatchObject({ extensions: { code: 'NOT_FOUND', field: 'intoId' } });
    expect(await failure(sut.mergeOrg(as(callerStub.staff(t.e1)), t.e1.id, t.e2.id))).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(await state()).toEqual(before);
  });

  test('a close is refused while members remain, becomes a merge with a successor, and closes an empty union', async () => {
    const before = await state();
    expect(await failure(sut.closeOrg(as(callerStub.staff(t.s2)), t.e3.id))).toMatchObject({ extensions: { code: 'INVALID_STATE' } });
    expect(await failure(sut.closeOrg(as(callerStub.staff(t.d1)), t.s1.id))).toMatchObject({ extensions: { code: 'INVALID_STATE' } });
    expect(await state()).toEqual(before);
    const closed = await sut.closeOrg(as(callerStub.staff(t.d1)), t.s1b.id);
    expect(closed.closedAt).toBeInstanceOf(Date);
    expect(await failure(sut.foundOrg(as(callerStub.staff(t.d1)), { parentId: t.s1b.id, name: '新企业工会', kind: OrgKind.ENTERPRISE }))).toMatchObject({ extensions: { code: 'INVALID_STATE', } });
    const viaSuccessor = await sut.closeOrg(as(callerStub.staff(t.s1)), t.e2.id, t.e1.id);
    expect([viaSuccessor.id, viaSuccessor.mergedIntoId]).toEqual([t.e2.id, t.e1.id]);
    expect(await membersAt(t.e1)).toHaveLength(3);
  });

  test('a place: a union post lists hours and services, an enterprise may not; the change is in the history', async () => {
    const post = await sut.foundOrg(as(callerStub.staff(t.s1)), { parentId: t.s1.id, name: '滨江骑手工会驿站', kind: OrgKind.UNION_POST });
    const place = await sut.setOrgPlace(as(callerStub.staff(t.s1)), post.id, { address: '滨江路8号', headcount: 120, ownership: Ownership.PRIVATE, openingHours: '每天 8:00-20:00', services: [PostService.WATER, PostService.REST, PostService.WATER] });
    expect([place.address, place.headcount, place.ownership, place.openingHours, place.services]).toEqual(['滨江路8号', 120, 'PRIVATE', '每天 8:00-20:00', 'REST,WATER']);
    expect(await failure(sut.setOrgPlace(as(callerStub.staff(t.e1)), t.e1.id, { openingHours: '全天' }))).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'openingHours' } });
    expect(await failure(sut.setOrgPlace(as(callerStub.staff(t.e1)), t.e2.id, { address: '别处' }))).toMatchObject({ extensions: { code: 'NOT_FOUND', field: 'orgId' } });
    // Staff of the org itself may record its place.
    expect((await sut.setOrgPlace(as(callerStub.staff(t.e1)), t.e1.id, { ownership: Ownership.STATE_OWNED })).ownership).toBe('STATE_OWNED');
    const page = await sut.historyOf(as(callerStub.staff(t.s1)), await org(post.id), 1);
    expect(page.edges.map((e) => e.node.action)).toEqual([OrgHistoryAction.SET_PLACE]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await sut.historyOf(as(callerStub.staff(t.s1)), await org(post.id), 5, page.pageInfo.endCursor);
    expect(next.edges.map((e) => e.node.action)).toEqual([OrgHistoryAction.FOUND]);
    // Staff beside it see no history of it.
    expect((await sut.historyOf(as(callerStub.staff(t.s2)), await org(post.id), 5)).edges).toEqual([]);
  });

  test('changes made at the same moment keep the tree whole: every path is its parent\'s plus its id, every code distinct', async () => {
    const admin = () => as(callerStub.admin);
    const outcomes = await Promise.allSettled([
      sut.foundOrg(admin(), { parentId: t.s1.id, name: '滨江一号企业工会', kind: OrgKind.ENTERPRISE }),
      sut.moveOrg(admin(), t.s1.id, t.d2.id),
      sut.foundOrg(admin(), { parentId: t.s1.id, name: '滨江二号企业工会', kind: OrgKind.ENTERPRISE }),
      sut.moveOrg(admin(), t.e3.id, t.s1.id),
      sut.foundOrg(admin(), { parentId: t.s1.id, name: '滨江三号企业工会', kind: OrgKind.ENTERPRISE }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    const orgs = await db.getRepository(OrgRow).find();
    const byId = new Map(orgs.map((o) => [o.id, o]));
    for (const o of orgs) expect([o.id, o.path]).toEqual([o.id, o.parentId ? `${byId.get(o.parentId)!.path}${o.id}/` : `/${o.id}/`]);
    expect(new Set(orgs.map((o) => o.code)).size).toBe(orgs.length);
    expect(byId.get(t.s1.id)!.parentId).toBe(t.d2.id);
    const members = await db.getRepository(MemberRow).find();
    for (const m of members) expect(m.orgPath).toBe(byId.get(m.orgId)!.path);
  });
});
