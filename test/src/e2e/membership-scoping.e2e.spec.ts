import { JoinApplicationRow, MemberRow, TransferRow, piiHash } from '@lianxin/members';
import { enginesForSuites } from '../harness/engines';
import { idNumber } from '../harness/fixtures';
import { startTestGraph, type TestGraph } from '../harness/graph';
import { CALLERS, REFUSAL, SEES_ORGS, tokenFor, type CallerKey } from './callers';

const STAFF_OR_ADMIN: CallerKey[] = ['admin', 'city', 'd1', 'd2', 's1', 'e1'];
const code = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;

/** The membership lifecycle through the gateway, for every caller: who sees and changes what. */
describe.each(enginesForSuites())('membership scoping on %s', (engine) => {
  let g: TestGraph;
  const tokens = {} as Record<CallerKey, string | undefined>;
  beforeAll(async () => {
    g = await startTestGraph(engine);
    for (const c of CALLERS) tokens[c] = await tokenFor(c, g.fixture);
  });
  afterAll(() => g?.stop());

  test('QR join: anyone may apply; only staff over the org see and decide it', async () => {
    const applicant = { joinCode: g.fixture.orgs.e1.joinCode, name: '陈晨', gender: 'FEMALE', idNumber: idNumber('1996-06-06', 602), phone: '13511112222', employmentType: 'DELIVERY_RIDER' };
    const applied = await g.gql<{ applyToJoin: { applicationId: string; status: string } }>(undefined, 'mutation($i: JoinApplicationInput!) { applyToJoin(input: $i) { applicationId status orgName } }', { i: applicant });
    expect(applied.errors).toBeUndefined();
    const id = applied.data!.applyToJoin.applicationId;

    for (const caller of CALLERS) {
      const list = await g.gql<{ joinApplications: { edges: { node: { id: string; idNumber: string } }[] } }>(tokens[caller], '{ joinApplications { edges { node { id idNumber } } } }');
      if (!STAFF_OR_ADMIN.includes(caller)) {
        expect(code(list)).toBe(caller === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
        continue;
      }
      const ids = list.data!.joinApplications.edges.map((e) => e.node.id);
      expect(ids).toEqual(SEES_ORGS[caller].includes('e1') ? [id] : []);
      if (ids.length) expect(list.data!.joinApplications.edges[0].node.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    }

    // Everyone who may not decide tries first; the application stays pending.
    for (const caller of CALLERS.filter((c) => !(STAFF_OR_ADMIN.includes(c) && SEES_ORGS[c].includes('e1')))) {
      const res = await g.gql(tokens[caller], 'mutation($id: ID!) { approveJoinApplication(id: $id) { id } }', { id });
      expect(code(res)).toBe(REFUSAL[caller]);
      expect((await g.db.getRepository(JoinApplicationRow).findOneByOrFail({ id })).status).toBe('PENDING');
    }
    const approved = await g.gql<{ approveJoinApplication: { id: string } }>(tokens.e1, 'mutation($id: ID!) { approveJoinApplication(id: $id) { id joinChannel } }', { id });
    expect(approved.errors).toBeUndefined();
    expect(await g.db.getRepository(MemberRow).countBy({ idNumberHash: piiHash('idNumber', applicant.idNumber) })).toBe(1);
  });

  test('transfer: only the sending side requests, only the receiving side accepts', async () => {
    const m4 = g.fixture.members.m4; // in E3 under D2
    const REQUEST = 'mutation($m: ID!, $to: ID!) { requestTransfer(memberId: $m, toOrgId: $to, reason: "moved to a new employer") { id status } }';
    for (const caller of CALLERS.filter((c) => !['admin', 'city', 'd2'].includes(c))) {
      const res = await g.gql(tokens[caller], REQUEST, { m: m4.id, to: g.fixture.orgs.e1.id });
      expect(code(res)).toBe(REFUSAL[caller]);
      expect((await g.db.getRepository(MemberRow).findOneByOrFail({ id: m4.id })).status).toBe('ACTIVE');
    }
    const requested = await g.gql<{ requestTransfer: { id: string } }>(tokens.d2, REQUEST, { m: m4.id, to: g.fixture.orgs.e1.id });
    expect(requested.errors).toBeUndefined();
    const id = requested.data!.requestTransfer.id;

    // Visible from either side: D2's subtree sends, E1's subtree receives.
    for (const caller of STAFF_OR_ADMIN) {
      const list = await g.gql<{ transfers: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean } } }>(tokens[caller], '{ transfers { edges { node { id memberName } } pageInfo { hasNextPage } } }');
      const sees = SEES_ORGS[caller].includes('e3') || SEES_ORGS[caller].includes('e1');
      expect(list.data!.transfers.edges.map((e) => e.node.id)).toEqual(sees ? [id] : []);
      expect(list.data!.transfers.pageInfo.hasNextPage).toBe(false);
    }

    for (const caller of CALLERS.filter((c) => !['admin', 'city', 'd1', 's1', 'e1'].includes(c))) {
      const res = await g.gql(tokens[caller], 'mutation($id: ID!) { acceptTransfer(id: $id) { status } }', { id });
      expect(code(res)).toBe(REFUSAL[caller]);
      expect((await g.db.getRepository(TransferRow).findOneByOrFail({ id })).status).toBe('REQUESTED');
    }
    const accepted = await g.gql(tokens.e1, 'mutation($id: ID!) { acceptTransfer(id: $id) { status } }', { id });
    expect(accepted.errors).toBeUndefined();
    const moved = await g.db.getRepository(MemberRow).findOneByOrFail({ id: m4.id });
    expect([moved.orgId, moved.status]).toEqual([g.fixture.orgs.e1.id, 'ACTIVE']);
  });

  test('every caller may apply by QR code; rejecting is for staff over the org', async () => {
    const ids: string[] = [];
    let seq = 700;
    for (const caller of CALLERS) {
      const applicant = { joinCode: g.fixture.orgs.e3.joinCode, name: '周宁', gender: 'MALE', idNumber: idNumber('1988-08-08', seq++), phone: '13522223333', employmentType: 'COURIER' };
      const res = await g.gql<{ applyToJoin: { applicationId: string; orgName: string } }>(tokens[caller], 'mutation($i: JoinApplicationInput!) { applyToJoin(input: $i) { applicationId orgName } }', { i: applicant });
      expect(res.errors).toBeUndefined();
      expect(res.data!.applyToJoin.orgName).toBe(g.fixture.orgs.e3.name);
      ids.push(res.data!.applyToJoin.applicationId);
    }
    const id = ids[0];
    const deciders = CALLERS.filter((c) => STAFF_OR_ADMIN.includes(c) && SEES_ORGS[c].includes('e3'));
    for (const caller of CALLERS.filter((c) => !deciders.includes(c))) {
      const res = await g.gql(tokens[caller], 'mutation($id: ID!) { rejectJoinApplication(id: $id, reason: "not employed here") { status } }', { id });
      expect(code(res)).toBe(REFUSAL[caller]);
      expect((await g.db.getRepository(JoinApplicationRow).findOneByOrFail({ id })).status).toBe('PENDING');
    }
    const rejected = await g.gql<{ rejectJoinApplication: { status: string } }>(tokens.d2, 'mutation($id: ID!) { rejectJoinApplication(id: $id, reason: "not employed here") { status rejectReason } }', { id });
    expect(rejected.data!.rejectJoinApplication).toEqual({ status: 'REJECTED', rejectReason: 'not employed here' });
  });

  test('returning a transfer is for the receiving side only', async () => {
    const m3 = g.fixture.members.m3; // E2 under S1, sent to E3 under D2
    const requested = await g.gql<{ requestTransfer: { id: string } }>(tokens.s1, 'mutation($m: ID!, $to: ID!) { requestTransfer(memberId: $m, toOrgId: $to, reason: "moved") { id } }', { m: m3.id, to: g.fixture.orgs.e3.id });
    expect(requested.errors).toBeUndefined();
    const id = requested.data!.requestTransfer.id;
    const receivers = ['admin', 'city', 'd2'];
    for (const caller of CALLERS.filter((c) => !receivers.includes(c))) {
      const res = await g.gql(tokens[caller], 'mutation($id: ID!) { returnTransfer(id: $id, reason: "no such employee") { status } }', { id });
      expect(code(res)).toBe(REFUSAL[caller]);
      expect((await g.db.getRepository(TransferRow).findOneByOrFail({ id })).status).toBe('REQUESTED');
    }
    const returned = await g.gql<{ returnTransfer: { status: string; returnReason: string } }>(tokens.d2, 'mutation($id: ID!) { returnTransfer(id: $id, reason: "no such employee") { status returnReason } }', { id });
    expect(returned.data!.returnTransfer).toEqual({ status: 'RETURNED', returnReason: 'no such employee' });
    const stayed = await g.db.getRepository(MemberRow).findOneByOrFail({ id: m3.id });
    expect([stayed.orgId, stayed.status]).toEqual([g.fixture.orgs.e2.id, 'ACTIVE']);
  });

  test('status changes and join figures stay inside the scope', async () => {
    const m3 = g.fixture.members.m3; // E2 under S1 under D1
    for (const caller of CALLERS) {
      const before = await g.db.getRepository(MemberRow).findOneByOrFail({ id: m3.id });
      const res = await g.gql(tokens[caller], 'mutation($m: ID!, $v: Int!) { changeMemberStatus(memberId: $m, status: RETAINED, reason: "退休", expectedVersion: $v) { status version } }', { m: m3.id, v: before.version });
      const after = await g.db.getRepository(MemberRow).findOneByOrFail({ id: m3.id });
      if (STAFF_OR_ADMIN.includes(caller) && SEES_ORGS[caller].includes('e2')) {
        expect(res.errors).toBeUndefined();
        expect(after.status).toBe('RETAINED');
        // Put it back for the next caller.
        await g.db.getRepository(MemberRow).update({ id: m3.id }, { status: 'ACTIVE' as never, statusReason: null });
      } else {
        expect(code(res)).toBe(REFUSAL[caller]);
        expect(after).toEqual(before);
      }

      const stats = await g.gql<{ joinStats: { count: number }[] }>(tokens[caller], 'query($o: ID!) { joinStats(orgId: $o, granularity: MONTH, from: "2026-10-01", to: "2026-10-31") { start count } }', { o: g.fixture.orgs.d1.id });
      if (STAFF_OR_ADMIN.includes(caller) && SEES_ORGS[caller].includes('d1')) {
        expect(stats.errors).toBeUndefined();
        // m1-m3 joined in October under D1, and m4 is counted where it belongs now (transferred into E1 above).
        expect(stats.data!.joinStats).toEqual([{ start: '2026-10-01', count: 4 }]);
      } else {
        expect(code(stats)).toBe(REFUSAL[caller]);
      }
    }
  });
  test('a member asks to move their own membership by the receiving union\'s join code; nobody else may, and only the receiver decides', async () => {
    const m1 = g.fixture.members.m1;
    const e3 = g.fixture.orgs.e3;
    const REQUEST = 'mutation($c: String!) { requestMyTransfer(joinCode: $c, reason: "换了新单位") { id status memberName toOrg { id } } }';
    for (const caller of CALLERS.filter((c) => c !== 'member')) {
      const res = await g.gql(tokens[caller], REQUEST, { c: e3.joinCode });
      expect([caller, code(res)]).toEqual([caller, caller === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN']);
    }
    expect(code(await g.gql(tokens.member, REQUEST, { c: 'NOSUCHCODE' }))).toBe('NOT_FOUND');
    expect((await g.db.getRepository(MemberRow).findOneByOrFail({ id: m1.id })).status).toBe('ACTIVE');

    const res = await g.gql<{ requestMyTransfer: { id: string; status: string; memberName: string; toOrg: { id: string } | null } }>(tokens.member, REQUEST, { c: e3.joinCode.toLowerCase() });
    expect(res.errors).toBeUndefined();
    // The member does not see the receiving union (outside their scope); it is named by the code they typed.
    expect(res.data!.requestMyTransfer).toMatchObject({ status: 'REQUESTED', memberName: '王**', toOrg: null });
    expect((await g.db.getRepository(TransferRow).findOneByOrFail({ id: res.data!.requestMyTransfer.id })).toOrgId).toBe(e3.id);
    expect((await g.db.getRepository(MemberRow).findOneByOrFail({ id: m1.id })).status).toBe('TRANSFERRING');
    // A second request while one is open is refused; the receiving district sees it among its incoming transfers.
    expect(code(await g.gql(tokens.member, REQUEST, { c: e3.joinCode }))).toBe('DUPLICATE');
    const incoming = await g.gql<{ transfers: { edges: { node: { id: string } }[] } }>(tokens.d2, '{ transfers(direction: IN) { edges { node { id } } } }');
    expect(incoming.data!.transfers.edges.map((e) => e.node.id)).toContain(res.data!.requestMyTransfer.id);
  });
});
