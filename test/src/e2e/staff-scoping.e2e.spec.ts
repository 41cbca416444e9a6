import { INTERNAL_TOKEN_HEADER, secretKey, signInternalToken, systemCaller } from '@lianxin/auth';
import { DEV_INTERNAL_SECRET } from '@lianxin/config';
import { DepartmentRow, DirectoryChangeRow, StaffAccountRow, StaffGrantRow } from '@lianxin/members';
import { enginesForSuites } from '../harness/engines';
import { clientToken, startTestGraph, type TestGraph } from '../harness/graph';
import { CALLERS, errorOf, fromService, refusedByRole, STAFF_ORG, tokenFor, unseenThrough, type CallerKey, type OrgKey } from './callers';
import { Oracle } from './oracle';
import { act, handlerAt, must, raise, rowState } from './cases-helpers';

/**
 * The staff directory (人员与部室): who reads and keeps 部室 and staff accounts, and the
 * gateway signing a verified subject in as its account. Keeping the directory needs
 * staff:manage (admins always), for one's own org and below; a granter passes on only the
 * permissions it holds; each grant, change and revoke is in the account's log and in the
 * change feed the gateway polls, so a revoke bites within about a second.
 */
const STAFF = 'union staff and admins';
const MANAGING = ['staff:manage', 'pii:read'];
const isStaffOrAdmin = (c: CallerKey) => c === 'admin' || !!STAFF_ORG[c];

describe.each(enginesForSuites())('the staff directory on %s', (engine) => {
  let g: TestGraph;
  let model: Oracle;
  /** Staff holding staff:manage (and pii:read): what a union's directory keeper has. */
  const managers = {} as Record<CallerKey, string | undefined>;
  /** The same callers without staff:manage. */
  const plain = {} as Record<CallerKey, string | undefined>;
  const org = (k: OrgKey) => g.fixture.orgs[k].id;
  const world = { deptD1: '', deptE1: '', accountS1: '', accountE1: '' };

  const run = async <T = Record<string, unknown>>(token: string | undefined, query: string, vars: Record<string, unknown> = {}): Promise<T> => {
    const res = await g.gql<Record<string, unknown>>(token, query, vars);
    if (res.errors) throw new Error(`${res.errors[0].extensions?.code}: ${res.errors[0].message}`);
    return Object.values(res.data!)[0] as T;
  };

  beforeAll(async () => {
    // The feed as production runs it: a revoke must bite within a poll.
    g = await startTestGraph(engine, { gatewayEnv: { DIRECTORY_POLL_MS: '1000' } });
    model = new Oracle(g.fixture);
    for (const c of CALLERS) {
      managers[c] = await tokenFor(c, g.fixture, isStaffOrAdmin(c) ? MANAGING : []);
      plain[c] = await tokenFor(c, g.fixture);
    }
    const admin = managers.admin;
    world.deptD1 = (await run<{ id: string }>(admin, 'mutation($o: ID!) { createDepartment(orgId: $o, name: "权益保障部") { id } }', { o: org('d1') })).id;
    world.deptE1 = (await run<{ id: string }>(admin, 'mutation($o: ID!) { createDepartment(orgId: $o, name: "办公室") { id } }', { o: org('e1') })).id;
    world.accountS1 = (await run<{ id: string }>(admin, 'mutation($o: ID!) { grantStaffAccount(input: { subject: "idp|s1-liu", orgId: $o, name: "刘洋", perms: ["pii:read"] }) { id } }', { o: org('s1') })).id;
    world.accountE1 = (await run<{ id: string }>(admin, 'mutation($o: ID!, $d: ID!) { grantStaffAccount(input: { subject: "idp|e1-chen", orgId: $o, departmentId: $d, name: "陈静" }) { id } }', { o: org('e1'), d: world.deptE1 })).id;
  });
  afterAll(() => g?.stop());

  const directory = async () => ({
    departments: await g.db.getRepository(DepartmentRow).find({ order: { id: 'ASC' } }),
    accounts: await g.db.getRepository(StaffAccountRow).find({ order: { id: 'ASC' } }),
    grants: await g.db.getRepository(StaffGrantRow).count(),
    changes: await g.db.getRepository(DirectoryChangeRow).count(),
  });
  const codeOf = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;
  const forbidden = (caller: CallerKey, field: string) => ({ path: [field], code: 'FORBIDDEN', ...fromService(caller, 'members') });
  const shapeOf = (res: { errors?: { path?: unknown; extensions?: Record<string, unknown> }[] }) => {
    const e = res.errors?.[0];
    return e && { path: e.path, code: e.extensions?.code, ...(e.extensions?.serviceName ? { serviceName: e.extensions.serviceName } : {}) };
  };

  describe('reading', () => {
    test.each(CALLERS)('Org.departments and Org.staffAccounts: %s sees the directory of the orgs it keeps in view, and members none', async (caller) => {
      for (const key of ['d1', 'e1', 'd2'] as OrgKey[]) {
        const res = await g.gql<{ org: { departments: { name: string }[]; staffAccounts: { edges: { node: { subject: string } }[] } } | null }>(
          managers[caller], 'query($id: ID!) { org(id: $id) { departments { name } staffAccounts(first: 10) { edges { node { subject } } } } }', { id: org(key) },
        );
        // Every fixture org has its 工会办公室 (who accepts its cases); beforeAll added the rest.
        const expected = { d1: ['工会办公室', '权益保障部'], e1: ['办公室', '工会办公室'], d2: ['工会办公室'] }[key as 'd1' | 'e1' | 'd2'];
        if (caller === 'partner' || caller === 'anonymous') expect(codeOf(res)).toBe(caller === 'partner' ? 'FORBIDDEN' : 'UNAUTHENTICATED');
        else if (!model.seesOrg(caller, key)) expect([key, res.data!.org]).toEqual([key, null]);
        // By name, as each engine's collation orders it: compared as sets.
        else {
          expect([key, res.data!.org!.departments.map((d) => d.name).sort()]).toEqual([key, caller === 'member' ? [] : expected.sort()]);
          // The org's accounts: its fixture handler (and e1's 陈静); a member sees none.
          const accounts = { d1: ['fixture-d1'], e1: ['fixture-e1', 'idp|e1-chen'], d2: ['fixture-d2'] }[key as 'd1' | 'e1' | 'd2'];
          expect([key, res.data!.org!.staffAccounts.edges.map((e) => e.node.subject)]).toEqual([key, caller === 'member' ? [] : accounts]);
        }
      }
    });

    test.each(CALLERS)('staffAccount and Department.staff: %s reads the accounts of its subtree, with their grant log', async (caller) => {
      const res = await g.gql<{ staffAccount: { name: string; perms: string[]; grants: { action: string; actorSub: string }[] } | null }>(
        managers[caller], 'query($id: ID!) { staffAccount(id: $id) { name perms grants { action actorSub } } }', { id: world.accountE1 },
      );
      if (!isStaffOrAdmin(caller)) return expect(errorOf(res)).toEqual(refusedByRole(caller, 'members', 'staffAccount', STAFF));
      if (!model.atOrAbove(caller, 'e1')) return expect(res.data!.staffAccount).toBeNull();
      expect(res.data!.staffAccount).toEqual({ name: '陈静', perms: [], grants: [{ action: 'GRANT', actorSub: 'admin-1' }] });
      const dept = await g.gql<{ org: { departments: { name: string; staff: { name: string }[] }[] } }>(managers[caller], 'query($id: ID!) { org(id: $id) { departments { name staff { name } } } }', { id: org('e1') });
      expect(dept.data!.org.departments.find((d) => d.name === '办公室')).toEqual({ name: '办公室', staff: [{ name: '陈静' }] });
    });

    test.each(CALLERS)('staffAccounts: %s lists an org\'s accounts only in its subtree', async (caller) => {
      const res = await g.gql<{ staffAccounts: { edges: { node: { subject: string } }[] } }>(managers[caller], 'query($o: ID!) { staffAccounts(orgId: $o, first: 10) { edges { node { subject } } } }', { o: org('s1') });
      if (!isStaffOrAdmin(caller)) return expect(errorOf(res)).toEqual(refusedByRole(caller, 'members', 'staffAccounts', STAFF));
      if (!model.atOrAbove(caller, 's1')) return expect(errorOf(res)).toEqual(unseenThrough(caller, 'members', 'staffAccounts', 'org', org('s1')));
      expect(res.data!.staffAccounts.edges.map((e) => e.node.subject)).toEqual(['fixture-s1', 'idp|s1-liu']);
    });
  });

  describe('keeping the directory: every refusal leaves it as it was', () => {
    // What a keeper who reaches the row gets; chosen so that nothing is written even then.
    const CHANGES: [string, string, () => Record<string, unknown>, 'org' | 'department' | 'staff account', OrgKey, string][] = [
      ['createDepartment', 'mutation($id: ID!) { createDepartment(orgId: $id, name: "办公室") { id } }', () => ({ id: org('e1') }), 'org', 'e1', 'DUPLICATE'],
      ['renameDepartment', 'mutation($id: ID!) { renameDepartment(id: $id, version: 1, name: "办公室") { id } }', () => ({ id: world.deptE1 }), 'department', 'e1', 'BAD_USER_INPUT'],
      ['deactivateDepartment', 'mutation($id: ID!) { deactivateDepartment(id: $id, version: 0) { id } }', () => ({ id: world.deptE1 }), 'department', 'e1', 'CONFLICT'],
      ['grantStaffAccount', 'mutation($id: ID!) { grantStaffAccount(input: { subject: "idp|e1-chen", orgId: $id, name: "重名" }) { id } }', () => ({ id: org('e1') }), 'org', 'e1', 'DUPLICATE'],
      ['changeStaffAccount', 'mutation($id: ID!) { changeStaffAccount(id: $id, version: 0, input: { name: "陈静静" }) { id } }', () => ({ id: world.accountE1 }), 'staff account', 'e1', 'CONFLICT'],
      ['revokeStaffAccount', 'mutation($id: ID!) { revokeStaffAccount(id: $id, version: 0, reason: "调离") { id } }', () => ({ id: world.accountE1 }), 'staff account', 'e1', 'CONFLICT'],
    ];
    describe.each(CHANGES)('%s', (field, mutation, vars, what, at, seen) => {
      test.each(CALLERS)('%s with staff:manage reaches only its own subtree', async (caller) => {
        const before = await directory();
        const res = await g.gql(managers[caller], mutation, vars());
        if (!isStaffOrAdmin(caller)) expect(errorOf(res)).toEqual(refusedByRole(caller, 'members', field, STAFF));
        else if (!model.atOrAbove(caller, at)) expect(errorOf(res)).toEqual(unseenThrough(caller, 'members', field, what, vars().id as string));
        else expect(codeOf(res)).toBe(seen);
        expect(await directory()).toEqual(before);
      });

      test.each(CALLERS.filter((c) => STAFF_ORG[c]))('%s without staff:manage is refused, even in its own subtree', async (caller) => {
        const before = await directory();
        const res = await g.gql(plain[caller], mutation, vars());
        expect(shapeOf(res)).toEqual(forbidden(caller, field));
        expect(await directory()).toEqual(before);
      });
    });

    test('a keeper grants only the permissions it holds, at orgs in its subtree, and never changes its own account', async () => {
      const d1Keeper = await clientToken({ sub: 'staff-d1', role: 'staff', org: org('d1'), perms: ['staff:manage'] });
      const before = await directory();
      const beyond = await g.gql(d1Keeper, 'mutation($o: ID!) { grantStaffAccount(input: { subject: "idp|new", orgId: $o, name: "王芳", perms: ["pii:read"] }) { id } }', { o: org('s1') });
      expect(errorOf(beyond)).toMatchObject({ extensions: { code: 'FORBIDDEN', field: 'perms' } });
      const unknown = await g.gql(d1Keeper, 'mutation($o: ID!) { grantStaffAccount(input: { subject: "idp|new", orgId: $o, name: "王芳", perms: ["pii:write"] }) { id } }', { o: org('s1') });
      expect(errorOf(unknown)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'perms' } });
      const wrongDept = await g.gql(d1Keeper, 'mutation($o: ID!, $d: ID!) { grantStaffAccount(input: { subject: "idp|new", orgId: $o, name: "王芳", departmentId: $d }) { id } }', { o: org('s1'), d: world.deptD1 });
      expect(errorOf(wrongDept)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'departmentId' } });
      const up = await g.gql(d1Keeper, 'mutation($id: ID!, $to: ID!) { changeStaffAccount(id: $id, version: 1, input: { orgId: $to }) { id } }', { id: world.accountS1, to: org('d2') });
      expect(codeOf(up)).toBe('NOT_FOUND');
      expect(await directory()).toEqual(before);
    });
  });

  describe('signing in by subject', () => {
    const systemToken = () => signInternalToken(systemCaller('gateway'), 'members', secretKey(DEV_INTERNAL_SECRET));
    const byIdp = (sub: string) => clientToken({ sub });

    test('an unknown subject is a 401 saying whom to ask; a dev staff token without an account keeps its claims', async () => {
      const res = await g.gql(await byIdp('idp|nobody'), '{ staffAccounts(orgId: "01KAXB3ZJ4N5P6Q7R8S9T0V1P1", first: 1) { edges { cursor } } }');
      expect(res.status).toBe(401);
      expect(res.errors?.[0]).toMatchObject({ message: expect.stringContaining('请联系本单位工会的管理员'), extensions: { code: 'UNAUTHENTICATED' } });
      const dev = await g.gql<{ org: { id: string } | null }>(plain.e1, 'query($id: ID!) { org(id: $id) { id } }', { id: org('e1') });
      expect(dev.data!.org).toEqual({ id: org('e1') });
    });

    test('a keeper signed in by subject alone grants, is obeyed within its scope, and a revoke bites within two seconds', async () => {
      const admin = managers.admin;
      await run(admin, 'mutation($o: ID!) { grantStaffAccount(input: { subject: "idp|d1-zhao", orgId: $o, name: "赵敏", perms: ["staff:manage", "pii:read"], note: "区总组织部" }) { id } }', { o: org('d1') });
      const zhao = await byIdp('idp|d1-zhao');
      const granted = await run<{ id: string; version: number; orgId: string; perms: string[] }>(zhao, 'mutation($o: ID!) { grantStaffAccount(input: { subject: "idp|s1-sun", orgId: $o, name: "孙丽", perms: ["pii:read"] }) { id version orgId perms } }', { o: org('s1') });
      expect(granted).toMatchObject({ orgId: org('s1'), perms: ['pii:read'] });
      expect(codeOf(await g.gql(zhao, 'mutation($o: ID!) { createDepartment(orgId: $o, name: "女职工部") { id } }', { o: org('d2') }))).toBe('NOT_FOUND');
      // Her own account is for someone above her.
      const own = (await g.db.getRepository(StaffAccountRow).findOneByOrFail({ subject: 'idp|d1-zhao' }));
      expect(codeOf(await g.gql(zhao, 'mutation($id: ID!) { revokeStaffAccount(id: $id, version: 1, reason: "自己") { id } }', { id: own.id }))).toBe('FORBIDDEN');

      // The new account signs in with its subject alone, scoped to s1 with the permission it was granted.
      const sun = await byIdp('idp|s1-sun');
      const seen = await g.gql<{ s1: { id: string } | null; d1: { id: string } | null }>(sun, 'query($s: ID!, $d: ID!) { s1: org(id: $s) { id } d1: org(id: $d) { id } }', { s: org('s1'), d: org('d1') });
      expect(seen.data).toEqual({ s1: { id: org('s1') }, d1: null });
      const m1 = await g.gql<{ member: { phone: string } }>(sun, 'query($id: ID!) { member(id: $id) { phone(reveal: true) } }', { id: g.fixture.members.m1.id });
      expect(m1.data!.member.phone).toBe('13812345678');

      // A dev staff token naming this subject, another org and no permissions: the account wins.
      const claimsE1 = await clientToken({ sub: 'idp|s1-sun', role: 'staff', org: org('e2'), perms: [] });
      const asAccount = await g.gql<{ org: { id: string } | null }>(claimsE1, 'query($id: ID!) { org(id: $id) { id } }', { id: org('s1') });
      expect(asAccount.data!.org).toEqual({ id: org('s1') });

      const revoked = await run<{ active: boolean; grants: { action: string; actorSub: string; note: string }[] }>(zhao, 'mutation($id: ID!, $v: Int!) { revokeStaffAccount(id: $id, version: $v, reason: "调往他区") { active grants { action actorSub note } } }', { id: granted.id, v: granted.version });
      expect(revoked).toEqual({ active: false, grants: [{ action: 'GRANT', actorSub: 'idp|d1-zhao', note: '开通' }, { action: 'REVOKE', actorSub: 'idp|d1-zhao', note: '调往他区' }] });
      const start = Date.now();
      let status = 200;
      while (Date.now() - start < 5000) {
        status = (await g.gql(sun, '{ __typename }')).status;
        if (status === 401) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const took = Date.now() - start;
      expect(status).toBe(401);
      expect(took).toBeLessThan(2000);
      expect((await g.gql(claimsE1, '{ __typename }')).status).toBe(401);
    });

    test('the change feed lists each change once, in order, to the gateway only', async () => {
      const token = await systemToken();
      const all = await g.post(g.membersUrl, { query: '{ _directoryChanges(after: 0) { head overflow changes { seq kind subject } } }' }, { [INTERNAL_TOKEN_HEADER]: token });
      const feed = (all.body.data as { _directoryChanges: { head: number; overflow: boolean; changes: { seq: number; kind: string; subject: string }[] } })._directoryChanges;
      expect(feed.overflow).toBe(false);
      expect(feed.changes.map((c) => c.seq)).toEqual(Array.from({ length: feed.head }, (_, i) => i + 1));
      expect(feed.changes.every((c) => c.kind === 'STAFF')).toBe(true);
      expect(await g.db.getRepository(DirectoryChangeRow).count()).toBe(await g.db.getRepository(StaffGrantRow).count());
      const fromClient = await g.gql(managers.admin, '{ _directoryChanges(after: 0) { head } }');
      expect(codeOf(fromClient)).toBe('GRAPHQL_VALIDATION_FAILED');
    });
  });

  describe('accepting a case names a person of the handling union\'s directory', () => {
    test('someone of another union, a 部室 of another union, or a revoked account is refused, and the case stays as it was', async () => {
      const e1 = handlerAt(g, 'e1');
      const c = await raise(g, await tokenFor('e1', g.fixture), { description: '希望协调职工午休场所' });
      const e1Token = plain.e1;
      const tries: [Record<string, unknown>, string][] = [
        [{ ...handlerAt(g, 'e2') }, 'staffId'],
        [{ staffId: e1.staffId, departmentId: handlerAt(g, 'e2').departmentId }, 'departmentId'],
        [{ staffId: world.accountS1 }, 'staffId'],
      ];
      for (const [vars, field] of tries) {
        const before = await rowState(g.casesDb, c.id);
        const out = await act(g, e1Token, 'accept', { id: c.id, ...vars });
        expect([field, out.code]).toEqual([field, 'BAD_USER_INPUT']);
        expect(out.message).toMatch(new RegExp(`^${field}: is not an active`));
        expect(await rowState(g.casesDb, c.id)).toEqual(before);
      }
      // Revoked since: no longer someone a case can be given to.
      const chen = await g.db.getRepository(StaffAccountRow).findOneByOrFail({ subject: 'idp|e1-chen' });
      await run(managers.admin, 'mutation($id: ID!, $v: Int!) { revokeStaffAccount(id: $id, version: $v, reason: "退休") { id } }', { id: chen.id, v: chen.version });
      const before = await rowState(g.casesDb, c.id);
      expect((await act(g, e1Token, 'accept', { id: c.id, staffId: chen.id, departmentId: world.deptE1 })).code).toBe('BAD_USER_INPUT');
      expect(await rowState(g.casesDb, c.id)).toEqual(before);

      const accepted = await must(g, e1Token, 'accept', { id: c.id, ...e1 });
      expect(accepted).toMatchObject({ state: 'ACCEPTED', responsible: g.fixture.handlers.e1.display, responsibleStaffId: e1.staffId, responsibleDepartmentId: e1.departmentId });
    });
  });

  // Last: it moves a street of the fixture (and back).
  describe('an org moved: the gateway forgets the scopes it cached', () => {
    test('staff of a street moved to another district see their members again within two seconds, not after the scope cache runs out', async () => {
      const s1 = await tokenFor('s1', g.fixture);
      const ids = async () => ((await g.gql<{ members: { edges: { node: { id: string } }[] } }>(s1, '{ members(first: 50) { edges { node { id } } } }')).data?.members.edges ?? []).map((e) => e.node.id).sort();
      const before = await ids();
      expect(before.length).toBeGreaterThan(0);
      const moveTo = (parent: OrgKey) => run(managers.admin, 'mutation($id: ID!, $p: ID!) { moveOrg(id: $id, parentId: $p) { id } }', { id: org('s1'), p: org(parent) });
      const settle = async () => {
        const start = Date.now();
        let seen: string[] = [];
        while (Date.now() - start < 5000) {
          seen = await ids();
          if (seen.join() === before.join()) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        return { seen, took: Date.now() - start };
      };
      try {
        await moveTo('d2');
        const moved = await settle();
        expect(moved.seen).toEqual(before);
        expect(moved.took).toBeLessThan(2000);
      } finally {
        await moveTo('d1');
        await settle();
      }
    });
  });
});
