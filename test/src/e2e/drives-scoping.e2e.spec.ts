import { DriveJoinRow, JoinApplicationRow, JoinDriveRow, JoinDriveTargetRow } from '@lianxin/members';
import { idNumber, matrixRuns } from '../harness/fixtures';
import { startTestGraph, type TestGraph } from '../harness/graph';
import { CALLERS, errorOf, fromService, refusedByRole, tokenFor, unseenThrough, type CallerKey, type OrgKey } from './callers';
import { Oracle } from './oracle';

/**
 * The scoping matrix of join drives (扫码入会, members subgraph): every caller against every
 * drive query and mutation. A drive of d1 is kept by d1's staff (and admins); its sub-orgs see
 * the drive and their own part and print their QR posters; the orgs above see it in figures;
 * a worker who scans a poster sees the join form and nothing else; partners nothing.
 */

const STAFF = 'union staff and admins';
const DAY = 86_400_000;
/** The China day `n` days from today (back, for negative n). */
const dayFrom = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * DAY).toISOString().slice(0, 10);

describe.each(matrixRuns())('join drives scoping matrix on $name', ({ engine, graph }) => {
  let g: TestGraph;
  let model: Oracle;
  const tokens = {} as Record<CallerKey, string | undefined>;
  let org: (k: OrgKey) => string;
  let subOrgs: OrgKey[];
  let driveId: string;
  let qr: string;
  let seq = 800;

  const CREATE = 'mutation($i: CreateJoinDriveInput!) { createJoinDrive(input: $i) { id title version org { id } } }';
  const SET = 'mutation($d: ID!, $v: Int!, $t: [JoinDriveTargetInput!]!) { setJoinDriveTargets(driveId: $d, version: $v, targets: $t) { id version } }';
  const JOIN = 'mutation($c: String!, $i: DriveJoinInput!) { joinThroughDrive(code: $c, input: $i) { applicationId status orgName } }';
  const targetsFor = (perDay: number) => subOrgs.map((o) => ({ orgId: org(o), perDay, perWeek: perDay * 10, perMonth: perDay * 100 }));
  const driveInput = (title: string) => ({ orgId: org('d1'), title, startsOn: dayFrom(-10), endsOn: dayFrom(89), gigFocus: true, targets: targetsFor(10) });
  const applicant = (unionId: string) => ({ unionId, name: '孙立强', gender: 'MALE', idNumber: idNumber('1992-04-04', seq++), phone: '13566667777', employmentType: 'DELIVERY_RIDER' });
  const isStaff = (c: CallerKey) => c === 'admin' || ['city', 'd1', 'd2', 's1', 'e1'].includes(c);
  /** Staff of d1, of the orgs above it and of those below it see the drive; admins always. */
  const seesDrive = (c: CallerKey) => isStaff(c) && model.seesInherited(c, 'd1');
  const keeps = (c: CallerKey) => c === 'admin' || c === 'd1';
  /** Those who show the posters: the drive's org and the orgs below it, and admins. */
  const prints = (c: CallerKey) => c === 'admin' || (isStaff(c) && model.under(model.home(c)!, 'd1'));
  const rows = async () => ({
    drives: await g.db.getRepository(JoinDriveRow).find({ order: { id: 'ASC' } }),
    targets: await g.db.getRepository(JoinDriveTargetRow).find({ order: { driveId: 'ASC', orgId: 'ASC' } }),
    joins: await g.db.getRepository(DriveJoinRow).count(),
    applications: await g.db.getRepository(JoinApplicationRow).count(),
  });
  /** The joins of the drive under the orgs a caller sees, counted from the rows. */
  const joinsSeenBy = async (c: CallerKey) => {
    const all = await g.db.getRepository(DriveJoinRow).findBy({ driveId });
    return all.filter((j) => c === 'admin' || j.orgPath.startsWith(g.fixture.orgs[model.home(c)!].path)).length;
  };

  beforeAll(async () => {
    g = await startTestGraph(engine, graph);
    model = new Oracle(g.fixture);
    for (const c of CALLERS) tokens[c] = await tokenFor(c, g.fixture);
    org = (k) => g.fixture.orgs[k].id;
    subOrgs = model.children('d1');
    const created = await g.gql<{ createJoinDrive: { id: string } }>(tokens.d1, CREATE, { i: driveInput('扫码入会百日行动') });
    if (!created.data?.createJoinDrive) throw new Error(`createJoinDrive: ${created.errors?.[0]?.message}`);
    driveId = created.data.createJoinDrive.id;
    const seen = await g.gql<{ joinDrive: { targets: { org: { id: string }; qrCode: string }[] } }>(tokens.d1, 'query($id: ID!) { joinDrive(id: $id) { targets { org { id } qrCode } } }', { id: driveId });
    qr = seen.data!.joinDrive.targets.find((t) => t.org.id === org('s1'))!.qrCode;
    const joined = await g.gql(undefined, JOIN, { c: qr, i: applicant(org('e1')) });
    if (joined.errors) throw new Error(`joinThroughDrive: ${joined.errors[0].message}`);
  });
  afterAll(() => g?.stop());

  test.each(CALLERS)('joinDrives and joinDrive(id): %s sees the drive as its org stands to d1, its own part of the targets, and the posters only from d1 down', async (caller) => {
    const list = await g.gql<{ joinDrives: { edges: { node: { id: string } }[] } }>(tokens[caller], '{ joinDrives(first: 20) { edges { node { id title } } } }');
    const one = await g.gql<{ joinDrive: { id: string; canManage: boolean; targets: { org: { id: string }; perDay: number; qrCode: string | null }[] } | null }>(
      tokens[caller], 'query($id: ID!) { joinDrive(id: $id) { id canManage targets { org { id } perDay qrCode } } }', { id: driveId });
    if (!isStaff(caller)) {
      expect(errorOf(list)).toEqual(refusedByRole(caller, 'members', 'joinDrives', STAFF));
      expect(errorOf(one)).toEqual(refusedByRole(caller, 'members', 'joinDrive', STAFF));
      return;
    }
    expect([list.errors, one.errors]).toEqual([undefined, undefined]);
    expect(list.data!.joinDrives.edges.some((e) => e.node.id === driveId)).toBe(seesDrive(caller));
    if (!seesDrive(caller)) {
      expect(one.data!.joinDrive).toBeNull();
      return;
    }
    const drive = one.data!.joinDrive!;
    expect(drive.canManage).toBe(keeps(caller));
    const mine = subOrgs.filter((o) => model.atOrAbove(caller, o));
    expect(drive.targets.map((t) => model.keyOf(t.org.id))).toEqual(model.treeOrder(mine));
    for (const t of drive.targets) expect([model.keyOf(t.org.id), t.qrCode === null]).toEqual([model.keyOf(t.org.id), !prints(caller)]);
  });

  test.each(CALLERS)('joinDriveFigures and joinDriveDaily: %s counts the joins under its own org, from the rows; null outside', async (caller) => {
    const figures = await g.gql<{ joinDriveFigures: { byOrg: { org: { id: string }; rank: number; total: { joins: number } }[]; total: { joins: number; gig: number } } | null }>(
      tokens[caller], 'query($d: ID!) { joinDriveFigures(driveId: $d, rankBy: DAY) { byOrg { rank org { id } total { joins } } total { joins gig } } }', { d: driveId });
    const daily = await g.gql<{ joinDriveDaily: { day: string; joins: number; target: number }[] | null }>(tokens[caller], 'query($d: ID!) { joinDriveDaily(driveId: $d) { day joins target } }', { d: driveId });
    if (!isStaff(caller)) {
      expect(errorOf(figures)).toEqual(refusedByRole(caller, 'members', 'joinDriveFigures', STAFF));
      expect(errorOf(daily)).toEqual(refusedByRole(caller, 'members', 'joinDriveDaily', STAFF));
      return;
    }
    expect([figures.errors, daily.errors]).toEqual([undefined, undefined]);
    if (!seesDrive(caller)) {
      expect([figures.data!.joinDriveFigures, daily.data!.joinDriveDaily]).toEqual([null, null]);
      return;
    }
    const seen = await joinsSeenBy(caller);
    expect(figures.data!.joinDriveFigures!.total).toEqual({ joins: seen, gig: seen });
    expect(figures.data!.joinDriveFigures!.byOrg.map((r) => model.keyOf(r.org.id)).sort()).toEqual(subOrgs.filter((o) => model.atOrAbove(caller, o)).sort());
    const curve = daily.data!.joinDriveDaily!;
    expect(curve.map((d) => d.day)).toEqual(Array.from({ length: 11 }, (_, i) => dayFrom(i - 10)));
    expect(curve.reduce((n, d) => n + d.joins, 0)).toBe(seen);
    expect(curve[0].target).toBe(10 * subOrgs.filter((o) => model.atOrAbove(caller, o)).length);
  });

  test.each(CALLERS)('createJoinDrive: %s starts a drive of d1 only as its own staff or an admin; refused, nothing is written', async (caller) => {
    const before = await rows();
    const res = await g.gql<{ createJoinDrive: { title: string; version: number; org: { id: string } } | null }>(tokens[caller], CREATE, { i: driveInput(`入会行动 ${caller}`) });
    const after = await rows();
    if (keeps(caller)) {
      expect(res.errors).toBeUndefined();
      expect(res.data!.createJoinDrive).toEqual({ id: expect.any(String), title: `入会行动 ${caller}`, version: 1, org: { id: org('d1') } });
      expect([after.drives.length, after.targets.length]).toEqual([before.drives.length + 1, before.targets.length + subOrgs.length]);
      return;
    }
    if (!isStaff(caller)) expect(errorOf(res)).toEqual(refusedByRole(caller, 'members', 'createJoinDrive', STAFF));
    else if (model.seesOrg(caller, 'd1')) {
      expect(errorOf(res)).toEqual({ message: `The join drives of ${g.fixture.orgs.d1.name} are run by its own staff; ask them to start one.`, path: ['createJoinDrive'], extensions: { code: 'FORBIDDEN', field: 'orgId', ...fromService(caller, 'members') } });
    } else {
      expect(errorOf(res)).toEqual({ message: `orgId: no union ${org('d1')} exists in your scope. Pick a union at or under your own.`, path: ['createJoinDrive'], extensions: { code: 'NOT_FOUND', field: 'orgId', ...fromService(caller, 'members') } });
    }
    expect(after).toEqual(before);
  });

  test.each(CALLERS)('setJoinDriveTargets: %s changes the targets only as d1\'s staff or an admin; refused, the rows stay', async (caller) => {
    const before = await rows();
    const version = before.drives.find((d) => d.id === driveId)!.version;
    const res = await g.gql<{ setJoinDriveTargets: { id: string; version: number } | null }>(tokens[caller], SET, { d: driveId, v: version, t: targetsFor(12) });
    const after = await rows();
    if (keeps(caller)) {
      expect(res.errors).toBeUndefined();
      expect(res.data!.setJoinDriveTargets).toEqual({ id: driveId, version: version + 1 });
      expect(after.targets.filter((t) => t.driveId === driveId).map((t) => t.perDay)).toEqual(subOrgs.map(() => 12));
      return;
    }
    if (!isStaff(caller)) expect(errorOf(res)).toEqual(refusedByRole(caller, 'members', 'setJoinDriveTargets', STAFF));
    else if (seesDrive(caller)) {
      const owner = model.seesOrg(caller, 'd1') ? g.fixture.orgs.d1.name : 'the org that runs it';
      expect(errorOf(res)).toEqual({ message: `The join drive "扫码入会百日行动" is kept by the staff of ${owner}; ask them to change it.`, path: ['setJoinDriveTargets'], extensions: { code: 'FORBIDDEN', field: 'driveId', ...fromService(caller, 'members') } });
    } else {
      expect(errorOf(res)).toEqual(unseenThrough(caller, 'members', 'setJoinDriveTargets', 'join drive', driveId));
    }
    expect(after).toEqual(before);
  });

  test.each(CALLERS)('driveJoinForm and joinThroughDrive: %s who scans a poster gets the join form and joins, attributed once; a forged code writes nothing', async (caller) => {
    const form = await g.gql<{ driveJoinForm: { title: string; orgName: string; unions: { id: string; name: string }[] } }>(tokens[caller], 'query($c: String!) { driveJoinForm(code: $c) { title orgName gigFocus unions { id name } } }', { c: qr });
    expect(form.errors).toBeUndefined();
    expect(form.data!.driveJoinForm.orgName).toBe(g.fixture.orgs.s1.name);
    expect(form.data!.driveJoinForm.unions.map((u) => u.id)).toContain(org('e1'));

    const before = await rows();
    const forged = qr.slice(0, -4) + (qr.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const refused = await g.gql(tokens[caller], JOIN, { c: forged, i: applicant(org('e1')) });
    expect(errorOf(refused)).toEqual({
      message: '这个二维码不是工会入会行动的码，请扫描工会张贴的二维码 (this is not a join drive QR code printed by the union; scan the poster again).',
      path: ['joinThroughDrive'], extensions: { code: 'DRIVE_QR_INVALID', field: 'code', ...fromService(caller, 'members') },
    });
    expect(await rows()).toEqual(before);

    const res = await g.gql<{ joinThroughDrive: { status: string; orgName: string } }>(tokens[caller], JOIN, { c: qr, i: applicant(org('e2')) });
    expect(res.errors).toBeUndefined();
    expect(res.data!.joinThroughDrive).toEqual({ applicationId: expect.any(String), status: 'PENDING', orgName: g.fixture.orgs.e2.name });
    const after = await rows();
    expect([after.joins, after.applications]).toEqual([before.joins + 1, before.applications + 1]);
  });
});
