import { testDatabases } from '@lianxin/jest-config/databases';
import type { DataSource } from 'typeorm';
import { newId } from '@lianxin/auth';
import { addDays, chinaDate } from '@lianxin/members-client';
import { callerStub, code, contextFor, failure, orgTree, silentLog } from '@lianxin/test-kit';
import { Random } from '@lianxin/demo-kit';
import { openMembersDatabase } from '../../app';
import { OrgKind, OrgRow } from '../../org/org.entity';
import { EmploymentType, Gender } from '../../member/member.entity';
import { piiHash } from '../../member/member.pii';
import { idNumberCheckDigit } from '../../seed/generate';
import { ApplicationStatus, JoinApplicationRow } from '../../membership/membership.entity';
import { JoinGranularity } from '../../membership/membership.types';
import { DriveJoinRow, JoinDriveRow, JoinDriveTargetRow } from '../drive.entity';
import { driveQrPayload, verifyDriveQr } from '../drive.qr';
import * as sut from '../drive.service';
import { joinDriveDaily, joinDriveFigures } from '../drive.figures';
import { moveOrg } from '../../orgtree/orgtree.service';
import type { CreateJoinDriveInput, DriveJoinInput } from '../drive.types';

const engines = testDatabases('drives', (o) => openMembersDatabase({ ...o, log: silentLog }));
const SECRET = 'drive-spec-secret';
const KIND = { CITY: OrgKind.CITY_FEDERATION, DISTRICT: OrgKind.DISTRICT, STREET: OrgKind.STREET, ENTERPRISE: OrgKind.ENTERPRISE } as const;
const TODAY = chinaDate(new Date());
const GIG = [EmploymentType.DELIVERY_RIDER, EmploymentType.COURIER, EmploymentType.RIDE_HAILING_DRIVER, EmploymentType.LIVE_STREAMER];

let seq = 0;
/** A fresh valid ID number (region 339902, which no other spec uses). */
function idNumber(): string {
  seq += 1;
  const body = `339902${1980 + Math.floor(seq / 999)}0101${String((seq % 999) + 1).padStart(3, '0')}`;
  return body + idNumberCheckDigit(body);
}

describe.each(engines)('join drives on $name', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  const { city, d1, d2, s1, s1b, s2, e1, e2, e3, tree } = orgTree('DR');
  const ctxOf = contextFor({ db: () => db, services: { internalSecret: SECRET } });
  const { admin, staff, anonymous } = callerStub;
  const input = (over: Partial<CreateJoinDriveInput> = {}): CreateJoinDriveInput => ({
    orgId: d1.id, title: '新就业形态劳动者扫码入会百日行动', startsOn: addDays(TODAY, -20), endsOn: addDays(TODAY, 79), gigFocus: true,
    targets: [{ orgId: s1.id, perDay: 10, perWeek: 100, perMonth: 1000 }, { orgId: s1b.id, perDay: 5, perWeek: 40, perMonth: 400 }],
    ...over,
  });
  const person = (unionId: string, type = EmploymentType.DELIVERY_RIDER, name = '赵小军'): DriveJoinInput => ({ unionId, name, gender: Gender.MALE, idNumber: idNumber(), phone: '13900001111', employmentType: type });
  const rows = async () => ({
    drives: await db.getRepository(JoinDriveRow).find({ order: { id: 'ASC' } }),
    targets: await db.getRepository(JoinDriveTargetRow).find({ order: { driveId: 'ASC', orgId: 'ASC' } }),
    joins: await db.getRepository(DriveJoinRow).count(),
    applications: await db.getRepository(JoinApplicationRow).count(),
  });
  const qrOf = async (driveId: string, org: { id: string }) => {
    const drive = (await db.getRepository(JoinDriveRow).findOneByOrFail({ id: driveId }));
    const target = await db.getRepository(JoinDriveTargetRow).findOneByOrFail({ driveId, orgId: org.id });
    return sut.targetQr(ctxOf(staff(d1)), drive, target)!;
  };

  beforeAll(async () => {
    ({ db, close } = await engine.open());
    await db.getRepository(OrgRow).insert(
      tree.orgs.map((o) => Object.assign(new OrgRow(), { id: o.id, parentId: o.parentId, path: o.path, code: o.code, name: o.name, level: o.level, kind: KIND[o.level as keyof typeof KIND], joinCode: `J${o.id.slice(-10)}`, createdAt: new Date('2026-11-01T00:00:00Z') })),
    );
  });
  afterAll(() => close?.());

  test('the owner org\'s staff start a drive with targets for its direct sub-orgs; a target below zero, a lower org or another org\'s sub-org is refused and nothing is written', async () => {
    const before = await rows();
    expect(await failure(sut.createJoinDrive(ctxOf(staff(d1)), input({ targets: [{ orgId: s1.id, perDay: -1, perWeek: 100, perMonth: 1000 }] })))).toEqual({
      message: 'targets.0.perDay: is a number of joins, 0 or more; -1 is below zero. Give 0 for no target',
      extensions: { code: 'BAD_USER_INPUT', field: 'targets.0.perDay' },
    });
    expect(await failure(sut.createJoinDrive(ctxOf(staff(d1)), input({ targets: [{ orgId: e1.id, perDay: 1, perWeek: 1, perMonth: 1 }] })))).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'targets.0.orgId' } });
    expect(await failure(sut.createJoinDrive(ctxOf(staff(d1)), input({ targets: [{ orgId: s2.id, perDay: 1, perWeek: 1, perMonth: 1 }] })))).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'targets.0.orgId' } });
    expect(await failure(sut.createJoinDrive(ctxOf(staff(d1)), input({ endsOn: addDays(TODAY, -21) })))).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'endsOn' } });
    // Above the org it is not theirs to start; beside it the org does not exist; an enterprise has no sub-orgs.
    expect(await code(sut.createJoinDrive(ctxOf(staff(city)), input()))).toBe('FORBIDDEN');
    expect(await failure(sut.createJoinDrive(ctxOf(staff(d2)), input()))).toEqual({ message: `orgId: no union ${d1.id} exists in your scope. Pick a union at or under your own.`, extensions: { code: 'NOT_FOUND', field: 'orgId' } });
    expect(await code(sut.createJoinDrive(ctxOf(staff(e1)), input({ orgId: e1.id, targets: [] })))).toBe('BAD_USER_INPUT');
    expect(await code(sut.createJoinDrive(ctxOf(callerStub.memberAt(e1)), input()))).toBe('FORBIDDEN');
    expect(await rows()).toEqual(before);

    const drive = await sut.createJoinDrive(ctxOf(staff(d1)), input(), 'drive-key-1');
    expect(drive).toMatchObject({ orgId: d1.id, version: 1, gigFocus: true });
    // A retry with the key gets the same drive, not a second one.
    expect((await sut.createJoinDrive(ctxOf(staff(d1)), input(), 'drive-key-1')).id).toBe(drive.id);
    const after = await rows();
    expect(after.drives.length).toBe(before.drives.length + 1);
    expect(after.targets.filter((t) => t.driveId === drive.id).map((t) => [t.orgId, t.perDay, t.perWeek, t.perMonth])).toEqual(
      [[s1.id, 10, 100, 1000], [s1b.id, 5, 40, 400]].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    );
  });

  test('targets are changed by the owner org only, on the version read; lower and higher orgs are refused and rows stay', async () => {
    const drive = await sut.createJoinDrive(ctxOf(staff(d1)), input());
    const targets = [{ orgId: s1.id, perDay: 12, perWeek: 90, perMonth: 360 }];
    for (const [caller, expected] of [[staff(s1), 'FORBIDDEN'], [staff(city), 'FORBIDDEN'], [staff(d2), 'NOT_FOUND'], [callerStub.memberAt(e1), 'FORBIDDEN']] as const) {
      const before = await rows();
      expect(await code(sut.setJoinDriveTargets(ctxOf(caller), { driveId: drive.id, version: 1, targets }))).toBe(expected);
      expect(await rows()).toEqual(before);
    }
    const before = await rows();
    expect(await failure(sut.setJoinDriveTargets(ctxOf(staff(d1)), { driveId: drive.id, version: 1, targets: [{ orgId: s1.id, perDay: 1, perWeek: -7, perMonth: 1 }] }))).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'targets.0.perWeek' } });
    expect(await rows()).toEqual(before);
    expect((await sut.setJoinDriveTargets(ctxOf(staff(d1)), { driveId: drive.id, version: 1, targets })).version).toBe(2);
    expect(await code(sut.setJoinDriveTargets(ctxOf(admin), { driveId: drive.id, version: 1, targets }))).toBe('CONFLICT');
    expect(await db.getRepository(JoinDriveTargetRow).findBy({ driveId: drive.id })).toEqual([expect.objectContaining({ orgId: s1.id, perDay: 12, perWeek: 90, perMonth: 360 })]);
  });

  test('a drive QR leads to the join form; a join through it is an application attributed once to the drive and the sub-org', async () => {
    const drive = await sut.createJoinDrive(ctxOf(staff(d1)), input());
    const qr = await qrOf(drive.id, s1);
    expect(verifyDriveQr(SECRET, qr)).toEqual({ driveId: drive.id, subOrgId: s1.id, lastDay: drive.endsOn });
    const form = await sut.driveJoinForm(ctxOf(anonymous), qr);
    expect(form).toEqual({ title: drive.title, orgName: s1.name, endsOn: drive.endsOn, gigFocus: true, unions: [e1, e2].map((u) => ({ id: u.id, name: u.name })).sort((a, b) => (a.name < b.name ? -1 : 1)) });
    expect((await sut.driveJoinForm(ctxOf(anonymous), qr, e2.name)).unions).toEqual([{ id: e2.id, name: e2.name }]);

    const before = await rows();
    const p = person(e2.id);
    const receipt = await sut.joinThroughDrive(ctxOf(anonymous), qr, p, 'scan-1');
    expect(receipt).toEqual({ applicationId: expect.any(String), status: ApplicationStatus.PENDING, orgName: e2.name });
    // The same scan sent again (a flaky phone network) is the same application, counted once.
    expect(await sut.joinThroughDrive(ctxOf(anonymous), qr, p, 'scan-1')).toEqual(receipt);
    expect(await code(sut.joinThroughDrive(ctxOf(anonymous), qr, p))).toBe('DUPLICATE');
    const after = await rows();
    expect([after.joins, after.applications]).toEqual([before.joins + 1, before.applications + 1]);
    expect(await db.getRepository(DriveJoinRow).findOneByOrFail({ applicationId: receipt.applicationId })).toMatchObject({
      driveId: drive.id, subOrgId: s1.id, orgId: e2.id, orgPath: e2.path, employmentType: EmploymentType.DELIVERY_RIDER, joinedOn: TODAY,
    });
  });

  test('a forged, altered or expired drive QR, or a union outside the poster\'s sub-org, is refused with its code and writes nothing', async () => {
    const drive = await sut.createJoinDrive(ctxOf(staff(d1)), input());
    const qr = await qrOf(drive.id, s1);
    const ended = await sut.createJoinDrive(ctxOf(staff(d1)), input({ startsOn: addDays(TODAY, -40), endsOn: addDays(TODAY, -1) }));
    const old = await qrOf(ended.id, s1);
    const before = await rows();
    const forged = driveQrPayload('another-secret', { driveId: drive.id, subOrgId: s1.id, lastDay: drive.endsOn });
    const otherSubOrg = qr.replace(s1.id, s1b.id);
    const longer = driveQrPayload('another-secret', { driveId: ended.id, subOrgId: s1.id, lastDay: addDays(TODAY, 30) });
    for (const bad of [forged, otherSubOrg, longer, 'lianxin://j/nothing', `${qr}x`]) {
      expect(await failure(sut.joinThroughDrive(ctxOf(anonymous), bad, person(e1.id)))).toEqual({
        message: '这个二维码不是工会入会行动的码，请扫描工会张贴的二维码 (this is not a join drive QR code printed by the union; scan the poster again).',
        extensions: { code: 'DRIVE_QR_INVALID', field: 'code' },
      });
      expect(await code(sut.driveJoinForm(ctxOf(anonymous), bad))).toBe('DRIVE_QR_INVALID');
    }
    expect(await failure(sut.joinThroughDrive(ctxOf(anonymous), old, person(e1.id)))).toMatchObject({ extensions: { code: 'DRIVE_QR_EXPIRED', field: 'code' } });
    expect(await code(sut.driveJoinForm(ctxOf(anonymous), old))).toBe('DRIVE_QR_EXPIRED');
    expect(await failure(sut.joinThroughDrive(ctxOf(anonymous), qr, person(e3.id)))).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'unionId' } });
    expect(await failure(sut.joinThroughDrive(ctxOf(anonymous), qr, person(s1.id)))).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'unionId' } });
    expect(await rows()).toEqual(before);
  });

  describe('figures', () => {
    let drive: JoinDriveRow;
    let joins: (DriveJoinRow & { status: ApplicationStatus })[];
    const start = addDays(TODAY, -45);

    beforeAll(async () => {
      drive = await sut.createJoinDrive(ctxOf(staff(d1)), input({ startsOn: start, endsOn: addDays(TODAY, 54), targets: [{ orgId: s1.id, perDay: 3, perWeek: 20, perMonth: 80 }, { orgId: s1b.id, perDay: 0, perWeek: 0, perMonth: 0 }] }));
      // A street with no target yet, and an enterprise straight under it, to count joins for.
      const rnd = new Random(7, 'drive-figures');
      const unions = [e1, e2];
      joins = [];
      const apps: JoinApplicationRow[] = [];
      for (let i = 0; i < 400; i++) {
        const day = addDays(start, rnd.int(0, 45));
        const union = unions[rnd.int(0, unions.length - 1)];
        const type = rnd.chance(0.7) ? GIG[rnd.int(0, 3)] : EmploymentType.REGULAR;
        const status = rnd.chance(0.1) ? ApplicationStatus.REJECTED : rnd.chance(0.5) ? ApplicationStatus.APPROVED : ApplicationStatus.PENDING;
        const at = new Date(`${day}T04:00:00Z`);
        const idNo = idNumber();
        const app = Object.assign(new JoinApplicationRow(), {
          id: newId(at.getTime()), orgId: union.id, orgPath: union.path, name: '测试', gender: Gender.FEMALE, birthDate: '1990-01-01', idNumber: idNo,
          pendingKey: status === ApplicationStatus.PENDING ? piiHash('idNumber', idNo) : null, phone: '13900002222', employmentType: type, status,
          rejectReason: status === ApplicationStatus.REJECTED ? '信息不符' : null, memberId: null, createdAt: at, reviewedAt: null, reviewedBy: null,
        });
        apps.push(app);
        joins.push(Object.assign(new DriveJoinRow(), { applicationId: app.id, driveId: drive.id, subOrgId: s1.id, orgId: union.id, orgPath: union.path, employmentType: type, joinedOn: day, createdAt: at, status }));
      }
      await db.getRepository(JoinApplicationRow).insert(apps);
      await db.getRepository(DriveJoinRow).insert(joins.map(({ status: _s, ...j }) => Object.assign(new DriveJoinRow(), j)));
    });

    /** Counted from the rows written above, with nothing from the service. */
    const counted = (pred: (j: DriveJoinRow) => boolean) => {
      const hit = joins.filter((j) => j.status !== ApplicationStatus.REJECTED && pred(j));
      return { joins: hit.length, gig: hit.filter((j) => j.employmentType !== EmploymentType.REGULAR).length, regular: hit.filter((j) => j.employmentType === EmploymentType.REGULAR).length };
    };

    test.each([0, 3, 17, 45])('day, week, month and drive totals %i days in match counts from the rows, ranked against targets', async (n) => {
      const on = addDays(start, n);
      const f = (await joinDriveFigures(ctxOf(staff(d1)), { driveId: drive.id, on, rankBy: JoinGranularity.WEEK }))!;
      const weekday = new Date(`${on}T00:00:00Z`).getUTCDay() || 7;
      const weekFrom = [addDays(on, 1 - weekday), start].sort()[1];
      const monthFrom = [`${on.slice(0, 7)}-01`, start].sort()[1];
      expect([f.on, f.weekFrom, f.monthFrom]).toEqual([on, weekFrom, monthFrom]);
      const day = counted((j) => j.joinedOn === on);
      const week = counted((j) => j.joinedOn >= weekFrom && j.joinedOn <= on);
      const month = counted((j) => j.joinedOn >= monthFrom && j.joinedOn <= on);
      const total = counted((j) => j.joinedOn <= on);
      const s1Row = f.byOrg.find((r) => r.orgId === s1.id)!;
      expect(s1Row).toEqual({
        orgId: s1.id, rank: 1,
        day: { ...day, target: 3, rate: day.joins / 3 }, week: { ...week, target: 20, rate: week.joins / 20 },
        month: { ...month, target: 80, rate: month.joins / 80 }, total: { ...total, target: null, rate: null },
      });
      // No target: no rate, ranked after every street that has one.
      expect(f.byOrg.find((r) => r.orgId === s1b.id)).toMatchObject({ rank: 2, week: { joins: 0, target: 0, rate: null } });
      expect(f.total).toEqual({ ...total, target: null, rate: null });
      expect(f.week).toEqual({ ...week, target: 20, rate: week.joins / 20 });
      const byType = Object.fromEntries(f.byEmploymentType.map((t) => [t.employmentType, t.joins]));
      for (const type of Object.values(EmploymentType)) expect([type, byType[type]]).toEqual([type, counted((j) => j.joinedOn <= on && j.employmentType === type).joins]);
    });

    test('the daily curve counts each day from the rows, zero days included, against the summed day targets', async () => {
      const curve = (await joinDriveDaily(ctxOf(staff(d1)), { driveId: drive.id, to: TODAY }))!;
      expect(curve.map((d) => d.day)).toEqual(Array.from({ length: 46 }, (_, i) => addDays(start, i)));
      expect(curve).toEqual(curve.map((d) => ({ day: d.day, target: 3, joins: counted((j) => j.joinedOn === d.day).joins, gig: counted((j) => j.joinedOn === d.day).gig })));
    });

    test('a street sees its own part, an enterprise its own joins, a higher org the whole, other districts and members nothing', async () => {
      const on = TODAY;
      const of = (caller: Parameters<typeof ctxOf>[0], orgId?: string) => joinDriveFigures(ctxOf(caller), { driveId: drive.id, on, orgId, rankBy: JoinGranularity.MONTH });
      const street = (await of(staff(s1)))!;
      expect(street.byOrg.map((r) => r.orgId)).toEqual([s1.id]);
      expect(street.total.joins).toBe(counted(() => true).joins);
      const enterprise = (await of(staff(e1)))!;
      expect(enterprise.byOrg).toEqual([]);
      expect(enterprise.total.joins).toBe(counted((j) => j.orgId === e1.id).joins);
      const narrowed = (await of(staff(d1), e2.id))!;
      expect([narrowed.byOrg, narrowed.total.joins]).toEqual([[], counted((j) => j.orgId === e2.id).joins]);
      const cityView = (await of(staff(city)))!;
      expect(cityView.byOrg.map((r) => r.orgId).sort()).toEqual([s1.id, s1b.id].sort());
      expect(await of(staff(d2))).toBeNull();
      expect(await of(staff(s2))).toBeNull();
      expect(await code(of(callerStub.memberAt(e1)))).toBe('FORBIDDEN');
      // The QR poster: the drive's own org and those below print it; the city sees figures only.
      const target = await db.getRepository(JoinDriveTargetRow).findOneByOrFail({ driveId: drive.id, orgId: s1.id });
      expect(sut.targetQr(ctxOf(staff(s1)), drive, target)).toMatch(/^lianxin:\/\/j\//);
      expect(sut.targetQr(ctxOf(staff(city)), drive, target)).toBeNull();
    });

    test('a union moved to another street takes its joins along: the path copies follow the move, and so do the figures', async () => {
      const moved = joins.filter((j) => j.orgId === e2.id && j.status !== ApplicationStatus.REJECTED).length;
      await moveOrg(ctxOf(staff(d1)), e2.id, s1b.id);
      const s1bPath = (await db.getRepository(OrgRow).findOneByOrFail({ id: s1b.id })).path;
      const rowsOfE2 = await db.getRepository(DriveJoinRow).findBy({ orgId: e2.id });
      expect(rowsOfE2.length).toBeGreaterThan(0);
      expect(rowsOfE2.every((j) => j.orgPath.startsWith(s1bPath))).toBe(true);
      const f = (await joinDriveFigures(ctxOf(staff(s1b)), { driveId: drive.id, on: TODAY, rankBy: JoinGranularity.WEEK }))!;
      expect(f.total.joins).toBe(moved);
    });
  });
});
