import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { enginesForSuites, TEST_DATABASE_URL } from '@lianxin/jest-config/engines';
import { graphql, type GraphQLSchema } from 'graphql';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { ArgumentValidationError, AuthorizationError } from 'type-graphql';
import { ANONYMOUS, childPath, newId, scopeOf, type Caller } from '@lianxin/auth';
import { createLogger, declaredAccess, ErrorCode, sqlStats, type SubgraphContext, subgraphContext } from '@lianxin/subgraph';
import { openMembersDatabase } from '../../app';
import { buildMembersSubgraph } from '../../schema';
import { OrgKind, OrgLevel, OrgRow } from '../../org/org.entity';
import { EmploymentType, Gender, JoinChannel, MemberRow, MembershipStatus } from '../../member/member.entity';
import { memberById } from '../../member/member.loader';
import { chinaDate } from '@lianxin/members-client';
import { newMemberRow } from '../../member/member.service';
import { isValidIdNumber } from '../../member/member.validation';
import { ApplicationStatus, JoinApplicationRow, MemberStatusEventRow, TransferRow, TransferStatus } from '../membership.entity';
import { statusHistoryOf, transfersOfMember } from '../membership.loader';
import * as joins from '../join.service';
import * as memberStatus from '../status.service';
import * as transfers from '../transfer.service';
import * as orgService from '../../org/org.service';
import { joinStats } from '../join-stats';
import type { EntityManager } from 'typeorm';
import { JoinApplicationInput, JoinGranularity, TransferDirection, type JoinBucket } from '../membership.types';
import { piiHash } from '../../member/member.pii';
import { DirectoryChangeRow } from '../../changes/changes.feed';
import { freezeProcessClock } from '@lianxin/test-kit';

const log = createLogger('test', 'silent');
const MYSQL_URL = TEST_DATABASE_URL;
const MYSQL_DATABASE = 'lianxin_mstest_members';

interface Engine {
  name: string;
  open(): Promise<{ db: DataSource; close(): Promise<void> }>;
}

const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-membership-'));

const allEngines: Engine[] = [
  {
    name: 'sqlite',
    async open() {
      const dataDir = tmpDir();
      const db = await openMembersDatabase({ dataDir, database: 'members', log });
      return {
        db,
        close: async () => {
          await db.destroy();
          fs.rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'mariadb',
    async open() {
      const url = new URL(MYSQL_URL);
      const conn = await mysql.createConnection({
        host: url.hostname,
        port: Number(url.port || 3306),
        user: decodeURIComponent(url.username || 'root'),
        password: decodeURIComponent(url.password),
      });
      await conn.query(`DROP DATABASE IF EXISTS \`${MYSQL_DATABASE}\``);
      await conn.end();
      const dataDir = tmpDir();
      const db = await openMembersDatabase({ databaseUrl: MYSQL_URL, database: MYSQL_DATABASE, dataDir, log });
      return {
        db,
        close: async () => {
          await db.destroy();
          fs.rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  },
];

// GB 11643: MOD 11-2 check digit, computed here rather than borrowed from the code under test.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
let idSeq = 0;
function idNumber(birth = '19900307'): string {
  idSeq++;
  const body = `${110000 + Math.floor(idSeq / 1000)}${birth}${String(idSeq % 1000).padStart(3, '0')}`;
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  const id = body + '10X98765432'[sum % 11];
  if (!isValidIdNumber(id)) throw new Error(`test generated a bad ID number ${id}`);
  return id;
}

/**
 * The membership service reads the time itself (new Date()), so the spec freezes the process
 * clock and moves it by hand: status events are ordered by time, so steps of one test are a
 * tick apart, and "today" never turns over mid-test.
 */
const clock = freezeProcessClock('2030-06-15T04:00:00Z');
const today = () => chinaDate(clock.now());

// The shared jest setup decides which engines run (MariaDB is required under CI).
const engines = allEngines.filter((e) => enginesForSuites().includes(e.name as never));

describe.each(engines)('membership lifecycle on $name', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  let schema: GraphQLSchema;

  const orgs: Record<string, OrgRow> = {};
  let orgSeq = 0;
  function addOrg(key: string, level: OrgLevel, kind: OrgKind, parent: OrgRow | null): OrgRow {
    const id = newId();
    orgSeq++;
    const row = Object.assign(new OrgRow(), {
      id,
      parentId: parent?.id ?? null,
      level,
      kind,
      code: `T-${orgSeq}`,
      name: `${key} union`,
      path: childPath(parent?.path ?? null, id),
      joinCode: `JOIN${orgSeq}X`,
      createdAt: new Date(),
    });
    orgs[key] = row;
    return row;
  }

  const staff = (org: OrgRow): Caller => ({ sub: `staff-${org.name.split(' ')[0]}`, role: 'staff', orgId: org.id, orgPath: org.path, perms: [] });
  const admin: Caller = { sub: 'admin-1', role: 'admin', perms: [] };
  /** A fresh context per "request", as serveSubgraph builds one. */
  const ctxOf = (caller: Caller): SubgraphContext => subgraphContext({ caller, scope: scopeOf(caller), source: db, log });
  const anon = () => ctxOf(ANONYMOUS);

  async function rows<T extends ObjectLiteral>(entity: EntityTarget<T>): Promise<T[]> {
    return db.getRepository(entity).createQueryBuilder('x').orderBy('x.id').getMany();
  }
  const snapshot = async () => ({
    applications: await rows(JoinApplicationRow),
    members: await rows(MemberRow),
    events: await rows(MemberStatusEventRow),
    transfers: await rows(TransferRow),
  });

  function applicant(org: OrgRow, over: Partial<JoinApplicationInput> = {}): JoinApplicationInput {
    return Object.assign(new JoinApplicationInput(), {
      name: '张三丰',
      gender: Gender.MALE,
      idNumber: idNumber(),
      phone: '13812345678',
      employmentType: EmploymentType.DELIVERY_RIDER,
      joinCode: org.joinCode,
      ...over,
    });
  }

  /** A member at `org`, joined the QR way. */
  async function memberAt(org: OrgRow, name = '李小龙'): Promise<MemberRow> {
    const receipt = await joins.applyToJoin(anon(), applicant(org, { name }));
    const member = await joins.approveApplication(ctxOf(admin), receipt.applicationId);
    // Status events are ordered by time; keep each test's steps in distinct milliseconds.
    clock.tick();
    return member;
  }

  async function code(promise: Promise<unknown>): Promise<string | undefined> {
    try {
      await promise;
    } catch (err) {
      return (err as { extensions?: { code?: string } }).extensions?.code ?? `not a domain error: ${String(err)}`;
    }
    throw new Error('expected the call to fail');
  }

  const memberRow = (id: string) => db.getRepository(MemberRow).findOneByOrFail({ id });
  const applicationRow = (id: string) => db.getRepository(JoinApplicationRow).findOneByOrFail({ id });
  const transferRow = (id: string) => db.getRepository(TransferRow).findOneByOrFail({ id });

  async function exec(caller: Caller, source: string, variableValues?: Record<string, unknown>) {
    return graphql({ schema, source, variableValues, contextValue: ctxOf(caller) });
  }

  beforeAll(async () => {
    ({ db, close } = await engine.open());
    schema = (await buildMembersSubgraph()).schema;
    // city -> two districts -> a street each -> enterprises
    const city = addOrg('city', OrgLevel.CITY, OrgKind.CITY_FEDERATION, null);
    const d1 = addOrg('d1', OrgLevel.DISTRICT, OrgKind.DISTRICT, city);
    const d2 = addOrg('d2', OrgLevel.DISTRICT, OrgKind.COUNTY, city);
    const s1 = addOrg('s1', OrgLevel.STREET, OrgKind.STREET, d1);
    const s2 = addOrg('s2', OrgLevel.STREET, OrgKind.TOWN, d2);
    addOrg('e1a', OrgLevel.ENTERPRISE, OrgKind.ENTERPRISE, s1);
    addOrg('e1b', OrgLevel.ENTERPRISE, OrgKind.UNION_POST, s1);
    addOrg('e2', OrgLevel.ENTERPRISE, OrgKind.ENTERPRISE, s2);
    await db.getRepository(OrgRow).insert(Object.values(orgs));
  });

  afterAll(async () => {
    await close?.();
  });

  describe('QR-code join', () => {
    it('creates a pending application, and approval turns it into a member', async () => {
      const input = applicant(orgs.e1a, { name: ' 王芳 ', joinCode: ` ${orgs.e1a.joinCode.toLowerCase()} ` });
      const receipt = await joins.applyToJoin(anon(), input);
      expect(receipt).toEqual({ applicationId: expect.any(String), status: ApplicationStatus.PENDING, orgName: orgs.e1a.name });

      const pending = await applicationRow(receipt.applicationId);
      expect(pending).toMatchObject({
        orgId: orgs.e1a.id,
        orgPath: orgs.e1a.path,
        name: '王芳',
        idNumber: input.idNumber,
        pendingKey: piiHash('idNumber', input.idNumber),
        status: ApplicationStatus.PENDING,
        birthDate: '1990-03-07',
        memberId: null,
      });

      const member = await joins.approveApplication(ctxOf(staff(orgs.d1)), receipt.applicationId);
      expect(member).toMatchObject({
        orgId: orgs.e1a.id,
        orgPath: orgs.e1a.path,
        name: '王芳',
        idNumber: input.idNumber,
        status: MembershipStatus.ACTIVE,
        joinChannel: JoinChannel.QR_CODE,
        joinedOn: today(),
        version: 1,
      });
      expect(await memberRow(member.id)).toMatchObject({ joinChannel: JoinChannel.QR_CODE, joinedOn: today(), status: MembershipStatus.ACTIVE });

      const approved = await applicationRow(receipt.applicationId);
      expect(approved).toMatchObject({ status: ApplicationStatus.APPROVED, pendingKey: null, memberId: member.id, reviewedBy: 'staff-d1' });
      expect(approved.reviewedAt).toBeInstanceOf(Date);

      const events = await db.getRepository(MemberStatusEventRow).findBy({ memberId: member.id });
      expect(events).toEqual([expect.objectContaining({ fromStatus: null, toStatus: MembershipStatus.ACTIVE, orgPath: orgs.e1a.path, actorSub: 'staff-d1' })]);
    });

    it('refuses a second application for the same ID number, pending or already a member, and writes nothing', async () => {
      const first = applicant(orgs.e1a);
      const receipt = await joins.applyToJoin(anon(), first);
      const before = await snapshot();

      expect(await code(joins.applyToJoin(anon(), applicant(orgs.e1a, { idNumber: first.idNumber })))).toBe(ErrorCode.DUPLICATE);
      // Another org's code does not get around it either.
      expect(await code(joins.applyToJoin(anon(), applicant(orgs.e2, { idNumber: first.idNumber.toLowerCase() })))).toBe(ErrorCode.DUPLICATE);
      expect(await snapshot()).toEqual(before);

      await joins.approveApplication(ctxOf(staff(orgs.e1a)), receipt.applicationId);
      const afterApproval = await snapshot();
      expect(await code(joins.applyToJoin(anon(), applicant(orgs.e1b, { idNumber: first.idNumber })))).toBe(ErrorCode.DUPLICATE);
      expect(await snapshot()).toEqual(afterApproval);
    });

    it('lets the unique index decide between two simultaneous applications', async () => {
      const id = idNumber();
      const results = await Promise.allSettled([
        joins.applyToJoin(anon(), applicant(orgs.e1a, { idNumber: id })),
        joins.applyToJoin(anon(), applicant(orgs.e2, { idNumber: id })),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
      expect(rejected.reason.extensions.code).toBe(ErrorCode.DUPLICATE);
      expect((await db.getRepository(JoinApplicationRow).find()).filter((a) => a.idNumber === id)).toHaveLength(1);
    });

    it('explains an unknown join code and refuses codes of non-enterprise orgs', async () => {
      const before = await snapshot();
      const unknown = joins.applyToJoin(anon(), applicant(orgs.e1a, { joinCode: 'NOSUCHCODE' }));
      await expect(unknown).rejects.toMatchObject({ extensions: { code: ErrorCode.NOT_FOUND, field: 'joinCode' }, message: expect.stringContaining('NOSUCHCODE') });
      expect(await code(joins.applyToJoin(anon(), applicant(orgs.s1)))).toBe(ErrorCode.BAD_USER_INPUT);
      expect(await code(joins.applyToJoin(anon(), applicant(orgs.city)))).toBe(ErrorCode.BAD_USER_INPUT);
      expect(await snapshot()).toEqual(before);
    });

    it('rejects with a trimmed reason, only once, and frees the ID number to apply again', async () => {
      const input = applicant(orgs.e1b);
      const { applicationId } = await joins.applyToJoin(anon(), input);
      const reviewer = ctxOf(staff(orgs.e1b));

      expect(await code(joins.rejectApplication(reviewer, applicationId, '   '))).toBe(ErrorCode.BAD_USER_INPUT);
      const rejected = await joins.rejectApplication(reviewer, applicationId, '  资料不全，请补充身份证照片  ');
      expect(rejected).toMatchObject({ status: ApplicationStatus.REJECTED, rejectReason: '资料不全，请补充身份证照片', pendingKey: null });
      expect(await applicationRow(applicationId)).toMatchObject({ status: ApplicationStatus.REJECTED, rejectReason: '资料不全，请补充身份证照片', pendingKey: null, memberId: null, reviewedBy: 'staff-e1b' });

      expect(await code(joins.rejectApplication(reviewer, applicationId, 'again'))).toBe(ErrorCode.INVALID_STATE);
      expect(await code(joins.approveApplication(reviewer, applicationId))).toBe(ErrorCode.INVALID_STATE);
      expect(await db.getRepository(MemberRow).countBy({ idNumberHash: piiHash('idNumber', input.idNumber) })).toBe(0);

      const again = await joins.applyToJoin(anon(), { ...input, joinCode: orgs.e1b.joinCode } as JoinApplicationInput);
      expect(again.status).toBe(ApplicationStatus.PENDING);
    });

    it('hides applications from staff outside the subtree: NOT_FOUND on review, absent from lists, nothing changed', async () => {
      const { applicationId } = await joins.applyToJoin(anon(), applicant(orgs.e1a));
      const before = await snapshot();

      for (const outsider of [orgs.d2, orgs.e2, orgs.e1b]) {
        expect(await code(joins.approveApplication(ctxOf(staff(outsider)), applicationId))).toBe(ErrorCode.NOT_FOUND);
        expect(await code(joins.rejectApplication(ctxOf(staff(outsider)), applicationId, 'not ours'))).toBe(ErrorCode.NOT_FOUND);
        const page = await joins.listApplications(ctxOf(staff(outsider)), { first: 500 });
        expect(page.edges.map((e) => e.node.id)).not.toContain(applicationId);
        const narrowed = await joins.listApplications(ctxOf(staff(outsider)), { first: 500, orgId: orgs.e1a.id });
        expect(narrowed.edges).toEqual([]);
      }
      // Not even a missing scope gets through.
      const noScope = { ...ctxOf(staff(orgs.d1)), scope: undefined };
      expect(await code(joins.approveApplication(noScope, applicationId))).toBe(ErrorCode.UNAUTHENTICATED);
      expect(await snapshot()).toEqual(before);

      const inside = await joins.listApplications(ctxOf(staff(orgs.s1)), { first: 500, status: ApplicationStatus.PENDING });
      expect(inside.edges.map((e) => e.node.id)).toContain(applicationId);
    });

    it('lets exactly one of two simultaneous reviews win', async () => {
      const { applicationId } = await joins.applyToJoin(anon(), applicant(orgs.e1a));
      const results = await Promise.allSettled([
        joins.approveApplication(ctxOf(staff(orgs.d1)), applicationId),
        joins.approveApplication(ctxOf(staff(orgs.city)), applicationId),
      ]);
      const won = results.filter((r): r is PromiseFulfilledResult<MemberRow> => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect([ErrorCode.CONFLICT, ErrorCode.INVALID_STATE]).toContain(lost[0].reason.extensions?.code);
      const app = await applicationRow(applicationId);
      expect(app).toMatchObject({ status: ApplicationStatus.APPROVED, memberId: won[0].value.id });
      expect(await db.getRepository(MemberRow).countBy({ idNumberHash: piiHash('idNumber', app.idNumber) })).toBe(1);
      expect(await db.getRepository(MemberStatusEventRow).countBy({ memberId: won[0].value.id })).toBe(1);

      // Approve racing reject: one outcome, never both.
      const second = await joins.applyToJoin(anon(), applicant(orgs.e1a));
      const mixed = await Promise.allSettled([
        joins.approveApplication(ctxOf(staff(orgs.e1a)), second.applicationId),
        joins.rejectApplication(ctxOf(staff(orgs.d1)), second.applicationId, 'duplicate submission'),
      ]);
      expect(mixed.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const decided = await applicationRow(second.applicationId);
      const members = await db.getRepository(MemberRow).countBy({ idNumberHash: piiHash('idNumber', decided.idNumber) });
      expect(members).toBe(decided.status === ApplicationStatus.APPROVED ? 1 : 0);
    });

    it('pages applications in (org_path, id) order', async () => {
      for (const org of [orgs.e1b, orgs.e1a, orgs.e2, orgs.e1a, orgs.e1b]) await joins.applyToJoin(anon(), applicant(org));
      const caller = ctxOf(staff(orgs.d1));
      const seen: string[] = [];
      let after: string | undefined;
      for (let guard = 0; guard < 100; guard++) {
        const page = await joins.listApplications(ctxOf(staff(orgs.d1)), { first: 2, after, status: ApplicationStatus.PENDING });
        seen.push(...page.edges.map((e) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor!;
      }
      const expected = (await rows(JoinApplicationRow))
        .filter((a) => a.status === ApplicationStatus.PENDING && a.orgPath.startsWith(orgs.d1.path))
        .sort((a, b) => (a.orgPath === b.orgPath ? (a.id < b.id ? -1 : 1) : a.orgPath < b.orgPath ? -1 : 1))
        .map((a) => a.id);
      expect(expected.length).toBeGreaterThan(2);
      expect(seen).toEqual(expected);
      expect(await code(joins.listApplications(caller, { first: 2, after: 'garbage' }))).toBe(ErrorCode.BAD_USER_INPUT);
    });
  });

  describe('membership status', () => {
    it('follows the rules, checks the version and keeps a history', async () => {
      const m = await memberAt(orgs.e1a);
      const ctx = () => ctxOf(staff(orgs.s1));
      const change = (status: MembershipStatus, expectedVersion: number, reason?: string | null) =>
        memberStatus.changeMemberStatus(ctx(), { memberId: m.id, status, expectedVersion, reason });

      expect(await code(change(MembershipStatus.RETAINED, 1))).toBe(ErrorCode.BAD_USER_INPUT);
      expect(await code(change(MembershipStatus.LEFT, 1, '  '))).toBe(ErrorCode.BAD_USER_INPUT);
      expect(await code(change(MembershipStatus.TRANSFERRING, 1))).toBe(ErrorCode.INVALID_STATE);
      expect(await code(change(MembershipStatus.ACTIVE, 1))).toBe(ErrorCode.INVALID_STATE);
      clock.tick();

      const retained = await change(MembershipStatus.RETAINED, 1, ' 退休 ');
      expect(retained).toMatchObject({ status: MembershipStatus.RETAINED, statusReason: '退休', version: 2 });
      expect(await memberRow(m.id)).toMatchObject({ status: MembershipStatus.RETAINED, statusReason: '退休', version: 2 });

      // A stale version loses, and leaves no trace.
      const before = await snapshot();
      expect(await code(change(MembershipStatus.LEFT, 1, '离职'))).toBe(ErrorCode.CONFLICT);
      expect(await snapshot()).toEqual(before);
      // Out of scope looks like missing.
      expect(await code(memberStatus.changeMemberStatus(ctxOf(staff(orgs.d2)), { memberId: m.id, status: MembershipStatus.LEFT, reason: 'x', expectedVersion: 2 }))).toBe(ErrorCode.NOT_FOUND);
      expect(await snapshot()).toEqual(before);
      clock.tick();

      const active = await change(MembershipStatus.ACTIVE, 2);
      expect(active).toMatchObject({ status: MembershipStatus.ACTIVE, statusReason: null, version: 3 });

      const history = await statusHistoryOf(ctx()).load(m.id);
      expect(history.map((e) => [e.fromStatus, e.toStatus, e.reason])).toEqual([
        [null, MembershipStatus.ACTIVE, 'joined by QR code'],
        [MembershipStatus.ACTIVE, MembershipStatus.RETAINED, '退休'],
        [MembershipStatus.RETAINED, MembershipStatus.ACTIVE, null],
      ]);
      expect(await statusHistoryOf(ctxOf(staff(orgs.d2))).load(m.id)).toEqual([]);
    });

    it('loads the histories of many members in one statement', async () => {
      const a = await memberAt(orgs.e1a);
      const b = await memberAt(orgs.e1b);
      const ctx = ctxOf(staff(orgs.d1));
      const before = sqlStats.statements;
      const [ha, hb] = await Promise.all([statusHistoryOf(ctx).load(a.id), statusHistoryOf(ctx).load(b.id)]);
      expect(sqlStats.statements - before).toBe(1);
      expect(ha).toHaveLength(1);
      expect(hb).toHaveLength(1);
    });
  });

  describe('transfers', () => {
    it('moves the member when the receiving union accepts, and keeps the history', async () => {
      const m = await memberAt(orgs.e1a, '赵小燕');
      const sender = () => ctxOf(staff(orgs.d1));
      const receiver = () => ctxOf(staff(orgs.d2));
      clock.tick();

      // The target must be another existing enterprise-level union; nothing is written otherwise.
      const before = await snapshot();
      const ask = (toOrgId: string) => transfers.requestTransfer(sender(), { memberId: m.id, toOrgId, reason: '工作调动' });
      expect(await code(ask(orgs.s2.id))).toBe(ErrorCode.BAD_USER_INPUT);
      expect(await code(ask(orgs.e1a.id))).toBe(ErrorCode.BAD_USER_INPUT);
      expect(await code(ask(newId()))).toBe(ErrorCode.NOT_FOUND);
      expect(await code(transfers.requestTransfer(receiver(), { memberId: m.id, toOrgId: orgs.e2.id, reason: 'x' }))).toBe(ErrorCode.NOT_FOUND);
      expect(await snapshot()).toEqual(before);

      const t = await ask(orgs.e2.id);
      expect(t).toMatchObject({ status: TransferStatus.REQUESTED, memberName: '赵**', fromOrgId: orgs.e1a.id, fromPath: orgs.e1a.path, toOrgId: orgs.e2.id, toPath: orgs.e2.path, openKey: m.id, reason: '工作调动' });
      expect(await memberRow(m.id)).toMatchObject({ status: MembershipStatus.TRANSFERRING, version: 2, orgPath: orgs.e1a.path });

      expect(await code(ask(orgs.e1b.id))).toBe(ErrorCode.DUPLICATE);
      expect(await code(memberStatus.changeMemberStatus(sender(), { memberId: m.id, status: MembershipStatus.LEFT, reason: '离职', expectedVersion: 2 }))).toBe(ErrorCode.INVALID_STATE);

      // The sender (and anyone else outside the receiving subtree) cannot decide it.
      const open = await snapshot();
      for (const outsider of [orgs.d1, orgs.e1a, orgs.s1, orgs.e1b]) {
        expect(await code(transfers.acceptTransfer(ctxOf(staff(outsider)), t.id))).toBe(ErrorCode.NOT_FOUND);
        expect(await code(transfers.returnTransfer(ctxOf(staff(outsider)), t.id, 'no'))).toBe(ErrorCode.NOT_FOUND);
      }
      expect(await snapshot()).toEqual(open);

      const ids = async (ctx: SubgraphContext, direction: TransferDirection) => (await transfers.listTransfers(ctx, { direction, first: 500 })).edges.map((e) => e.node.id);
      expect(await ids(sender(), TransferDirection.OUT)).toContain(t.id);
      expect(await ids(sender(), TransferDirection.ANY)).toContain(t.id);
      expect(await ids(sender(), TransferDirection.IN)).not.toContain(t.id);
      expect(await ids(receiver(), TransferDirection.IN)).toContain(t.id);
      expect(await ids(receiver(), TransferDirection.OUT)).not.toContain(t.id);
      expect(await ids(ctxOf(staff(orgs.e1b)), TransferDirection.ANY)).not.toContain(t.id);
      expect(await ids(ctxOf(staff(orgs.e2)), TransferDirection.IN)).toContain(t.id);
      // Until accepted, the receiving side sees only the masked name.
      expect(await memberById(receiver()).load(m.id)).toBeNull();
      clock.tick();

      const accepted = await transfers.acceptTransfer(ctxOf(staff(orgs.e2)), t.id);
      expect(accepted).toMatchObject({ status: TransferStatus.ACCEPTED, openKey: null, decidedBy: 'staff-e2' });
      expect(await transferRow(t.id)).toMatchObject({ status: TransferStatus.ACCEPTED, openKey: null, decidedBy: 'staff-e2', returnReason: null });
      expect(await memberRow(m.id)).toMatchObject({ orgId: orgs.e2.id, orgPath: orgs.e2.path, status: MembershipStatus.ACTIVE, version: 3 });

      expect(await memberById(sender()).load(m.id)).toBeNull();
      expect(await memberById(receiver()).load(m.id)).toMatchObject({ id: m.id, orgId: orgs.e2.id });
      const history = await statusHistoryOf(receiver()).load(m.id);
      expect(history.map((e) => [e.fromStatus, e.toStatus, e.orgPath])).toEqual([
        [null, MembershipStatus.ACTIVE, orgs.e1a.path],
        [MembershipStatus.ACTIVE, MembershipStatus.TRANSFERRING, orgs.e1a.path],
        [MembershipStatus.TRANSFERRING, MembershipStatus.ACTIVE, orgs.e2.path],
      ]);
      expect((await transfersOfMember(receiver()).load(m.id)).map((x) => [x.id, x.status])).toEqual([[t.id, TransferStatus.ACCEPTED]]);
      expect(await transfersOfMember(sender()).load(m.id)).toEqual([]);

      expect(await code(transfers.acceptTransfer(receiver(), t.id))).toBe(ErrorCode.INVALID_STATE);
      expect(await code(transfers.returnTransfer(receiver(), t.id, 'too late'))).toBe(ErrorCode.INVALID_STATE);
    });

    it('tells members\' change feed, in the same transactions, that the member moved (gateways drop their scope); a refused request tells nothing', async () => {
      const m = await memberAt(orgs.e1a, '钱小芳');
      const changesOf = async () => (await db.getRepository(DirectoryChangeRow).find({ where: { subject: m.id }, order: { seq: 'ASC' } })).map((c) => c.kind);
      expect(await code(transfers.requestTransfer(ctxOf(staff(orgs.d1)), { memberId: m.id, toOrgId: orgs.s2.id, reason: '工作调动' }))).toBe(ErrorCode.BAD_USER_INPUT);
      expect(await changesOf()).toEqual([]);
      const t = await transfers.requestTransfer(ctxOf(staff(orgs.d1)), { memberId: m.id, toOrgId: orgs.e2.id, reason: '工作调动' });
      await transfers.acceptTransfer(ctxOf(staff(orgs.e2)), t.id);
      await memberStatus.changeMemberStatus(ctxOf(staff(orgs.e2)), { memberId: m.id, status: MembershipStatus.LEFT, reason: '离职', expectedVersion: 3 });
      expect(await changesOf()).toEqual(['MEMBER', 'MEMBER', 'MEMBER']);
    });

    it('leaves the member where it was when the transfer is returned, in its earlier status', async () => {
      const m = await memberAt(orgs.e1b, '钱多多');
      const sender = () => ctxOf(staff(orgs.e1b));
      const retained = await memberStatus.changeMemberStatus(sender(), { memberId: m.id, status: MembershipStatus.RETAINED, reason: '企业关闭', expectedVersion: 1 });
      clock.tick();
      const t = await transfers.requestTransfer(sender(), { memberId: m.id, toOrgId: orgs.e2.id, reason: '再就业' });
      clock.tick();

      expect(await code(transfers.returnTransfer(ctxOf(staff(orgs.e2)), t.id, ' '))).toBe(ErrorCode.BAD_USER_INPUT);
      const returned = await transfers.returnTransfer(ctxOf(staff(orgs.e2)), t.id, ' 本单位无此岗位 ');
      expect(returned).toMatchObject({ status: TransferStatus.RETURNED, returnReason: '本单位无此岗位', openKey: null });
      expect(await transferRow(t.id)).toMatchObject({ status: TransferStatus.RETURNED, returnReason: '本单位无此岗位', openKey: null });
      expect(await memberRow(m.id)).toMatchObject({
        orgId: orgs.e1b.id,
        orgPath: orgs.e1b.path,
        status: MembershipStatus.RETAINED,
        statusReason: '企业关闭',
        version: retained.version + 2,
      });
      const history = await statusHistoryOf(sender()).load(m.id);
      expect(history.map((e) => e.toStatus)).toEqual([MembershipStatus.ACTIVE, MembershipStatus.RETAINED, MembershipStatus.TRANSFERRING, MembershipStatus.RETAINED]);
      expect(history[3].reason).toBe('本单位无此岗位');

      // The member can be transferred again; an active one comes back active.
      const active = await memberStatus.changeMemberStatus(sender(), { memberId: m.id, status: MembershipStatus.ACTIVE, expectedVersion: retained.version + 2 });
      clock.tick();
      const again = await transfers.requestTransfer(sender(), { memberId: m.id, toOrgId: orgs.e1a.id, reason: '调岗' });
      clock.tick();
      await transfers.returnTransfer(ctxOf(staff(orgs.s1)), again.id, '不接收');
      expect(await memberRow(m.id)).toMatchObject({ orgId: orgs.e1b.id, status: MembershipStatus.ACTIVE, version: active.version + 2 });
      expect((await transfersOfMember(sender()).load(m.id)).map((x) => x.status)).toEqual([TransferStatus.RETURNED, TransferStatus.RETURNED]);
    });

    it('refuses members that have left, and lets one of two simultaneous decisions win', async () => {
      const gone = await memberAt(orgs.e1a);
      await memberStatus.changeMemberStatus(ctxOf(admin), { memberId: gone.id, status: MembershipStatus.LEFT, reason: '退会', expectedVersion: 1 });
      expect(await code(transfers.requestTransfer(ctxOf(admin), { memberId: gone.id, toOrgId: orgs.e2.id, reason: 'x' }))).toBe(ErrorCode.INVALID_STATE);

      const m = await memberAt(orgs.e1a);
      const requests = await Promise.allSettled([
        transfers.requestTransfer(ctxOf(staff(orgs.d1)), { memberId: m.id, toOrgId: orgs.e2.id, reason: 'a' }),
        transfers.requestTransfer(ctxOf(staff(orgs.e1a)), { memberId: m.id, toOrgId: orgs.e1b.id, reason: 'b' }),
      ]);
      expect(requests.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = requests.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
      expect([ErrorCode.DUPLICATE, ErrorCode.CONFLICT]).toContain(refused.reason.extensions?.code);
      expect(await db.getRepository(TransferRow).countBy({ memberId: m.id })).toBe(1);

      const t = (await db.getRepository(TransferRow).findOneByOrFail({ memberId: m.id }));
      const decider = t.toOrgId === orgs.e2.id ? orgs.d2 : orgs.s1;
      const decisions = await Promise.allSettled([
        transfers.acceptTransfer(ctxOf(staff(decider)), t.id),
        transfers.returnTransfer(ctxOf(staff(orgs.city)), t.id, 'no room'),
      ]);
      expect(decisions.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const final = await transferRow(t.id);
      const member = await memberRow(m.id);
      expect(member.status).toBe(MembershipStatus.ACTIVE);
      expect(member.orgId).toBe(final.status === TransferStatus.ACCEPTED ? t.toOrgId : orgs.e1a.id);
      expect((await db.getRepository(MemberStatusEventRow).findBy({ memberId: m.id })).map((e) => e.toStatus).sort()).toEqual(
        [MembershipStatus.ACTIVE, MembershipStatus.ACTIVE, MembershipStatus.TRANSFERRING].sort(),
      );
    });
  });

  describe('join figures', () => {
    // Independent fixture: members inserted directly, in 2024 so they cannot mix with the
    // members the other tests create today.
    interface Fixture {
      org: OrgRow;
      joinedOn: string;
      qr: boolean;
      gig: boolean;
    }
    const fixtures: Fixture[] = [];

    beforeAll(async () => {
      let seed = 7;
      const rand = (n: number) => {
        // High bits of an LCG: its low bits cycle with a short period.
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return Math.floor((seed / 2147483648) * n);
      };
      const base = Date.UTC(2023, 11, 20); // 2023-12-20
      const members: MemberRow[] = [];
      for (let i = 0; i < 240; i++) {
        const org = [orgs.e1a, orgs.e1b, orgs.e2][rand(3)];
        const joinedOn = new Date(base + rand(140) * 86_400_000).toISOString().slice(0, 10);
        const qr = rand(3) !== 0;
        const gig = rand(2) === 0;
        fixtures.push({ org, joinedOn, qr, gig });
        const row = newMemberRow(
          { name: `会员${i}`, gender: Gender.FEMALE, idNumber: idNumber('19850101'), phone: '13900000000', employmentType: gig ? EmploymentType.COURIER : EmploymentType.REGULAR },
          org,
          qr ? JoinChannel.QR_CODE : JoinChannel.ENROLLED,
          new Date(),
        );
        row.joinedOn = joinedOn;
        members.push(row);
      }
      await db.getRepository(MemberRow).insert(members);
    });

    const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    function expected(under: OrgRow, from: string, to: string, starts: string[], ends: string[]): JoinBucket[] {
      return starts.map((start, i) => {
        const inBucket = fixtures.filter(
          (f) => f.org.path.startsWith(under.path) && f.joinedOn >= from && f.joinedOn <= to && f.joinedOn >= start && f.joinedOn <= ends[i],
        );
        return { start, count: inBucket.length, qrCount: inBucket.filter((f) => f.qr).length, gigCount: inBucket.filter((f) => f.gig).length };
      });
    }
    const stats = (caller: Caller, orgId: string, granularity: JoinGranularity, from: string, to: string) =>
      joinStats(ctxOf(caller), { orgId, granularity, from: new Date(from), to: new Date(to) });

    it('counts per day, with empty days included', async () => {
      const from = '2024-01-03';
      const to = '2024-03-10';
      const days: string[] = [];
      for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
      const got = await stats(staff(orgs.d1), orgs.d1.id, JoinGranularity.DAY, from, to);
      expect(got).toHaveLength(68);
      expect(got).toEqual(expected(orgs.d1, from, to, days, days));
      expect(got.some((b) => b.count === 0)).toBe(true);
      expect(got.reduce((s, b) => s + b.count, 0)).toBeGreaterThan(50);
    });

    it('folds days into ISO weeks starting on Monday', async () => {
      const from = '2024-01-03'; // a Wednesday
      const to = '2024-03-10'; // a Sunday
      const mondays: string[] = [];
      let monday = from;
      while (new Date(`${monday}T00:00:00Z`).getUTCDay() !== 1) monday = addDays(monday, -1);
      for (; monday <= to; monday = addDays(monday, 7)) mondays.push(monday);
      expect(mondays[0]).toBe('2024-01-01');
      expect(mondays[mondays.length - 1]).toBe('2024-03-04');

      const before = sqlStats.statements;
      const got = await stats(staff(orgs.d1), orgs.d1.id, JoinGranularity.WEEK, from, to);
      // One statement for the org, one for the figures.
      expect(sqlStats.statements - before).toBe(2);
      expect(got.map((b) => b.start)).toEqual(mondays);
      expect(got).toEqual(expected(orgs.d1, from, to, mondays, mondays.map((d) => addDays(d, 6))));
    });

    it('folds days into months, and counts only the subtree asked for', async () => {
      const from = '2024-01-15';
      const to = '2024-04-10';
      const months = ['2024-01-01', '2024-02-01', '2024-03-01', '2024-04-01'];
      const ends = ['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30'];
      for (const [caller, org] of [
        [staff(orgs.d1), orgs.d1],
        [staff(orgs.d2), orgs.d2],
        [staff(orgs.e1b), orgs.e1b],
        [admin, orgs.city],
        [staff(orgs.city), orgs.s2],
      ] as const) {
        const got = await stats(caller, org.id, JoinGranularity.MONTH, from, to);
        expect(got).toEqual(expected(org, from, to, months, ends));
      }
      const whole = await stats(admin, orgs.city.id, JoinGranularity.MONTH, from, to);
      const d1 = await stats(admin, orgs.d1.id, JoinGranularity.MONTH, from, to);
      const d2 = await stats(admin, orgs.d2.id, JoinGranularity.MONTH, from, to);
      expect(whole.map((b) => b.count)).toEqual(d1.map((b, i) => b.count + d2[i].count));
    });

    it('refuses invisible orgs and unreasonable ranges', async () => {
      expect(await code(stats(staff(orgs.d2), orgs.d1.id, JoinGranularity.DAY, '2024-01-01', '2024-01-31'))).toBe(ErrorCode.NOT_FOUND);
      expect(await code(stats(staff(orgs.e1a), orgs.s1.id, JoinGranularity.DAY, '2024-01-01', '2024-01-31'))).toBe(ErrorCode.NOT_FOUND);
      expect(await code(stats(admin, orgs.city.id, JoinGranularity.DAY, '2024-02-01', '2024-01-31'))).toBe(ErrorCode.BAD_USER_INPUT);
      expect(await code(stats(admin, orgs.city.id, JoinGranularity.DAY, '2024-01-01', addDays('2024-01-01', 400)))).toBe(ErrorCode.BAD_USER_INPUT);
      const longest = await stats(admin, orgs.city.id, JoinGranularity.DAY, '2024-01-01', addDays('2024-01-01', 399));
      expect(longest).toHaveLength(400);
    });
  });

  describe('through the schema', () => {
    it('declares access on every membership root field', () => {
      const declared = [...declaredAccess().keys()].map((k) => k.split('.')[1]);
      const fields = [
        ...Object.keys(schema.getQueryType()!.getFields()),
        ...Object.keys(schema.getMutationType()!.getFields()),
      ].filter((f) => !f.startsWith('_'));
      for (const f of ['applyToJoin', 'approveJoinApplication', 'rejectJoinApplication', 'joinApplications', 'changeMemberStatus', 'requestTransfer', 'acceptTransfer', 'returnTransfer', 'transfers', 'joinStats']) {
        expect(fields).toContain(f);
        expect(declared).toContain(f);
      }
    });

    it('serves the join flow with masked personal data and validated arguments', async () => {
      const input = applicant(orgs.e2);
      const applied = await exec(ANONYMOUS, `mutation($input: JoinApplicationInput!) { applyToJoin(input: $input) { applicationId status orgName } }`, {
        input: { name: input.name, gender: input.gender, idNumber: input.idNumber, phone: input.phone, employmentType: input.employmentType, joinCode: input.joinCode },
      });
      expect(applied.errors).toBeUndefined();
      const applicationId = (applied.data!.applyToJoin as { applicationId: string }).applicationId;

      const bad = await exec(ANONYMOUS, `mutation { applyToJoin(input: { name: "x", gender: MALE, idNumber: "110101199003071235", phone: "123", employmentType: REGULAR, joinCode: "${orgs.e2.joinCode}" }) { status } }`);
      expect(bad.errors?.[0].originalError).toBeInstanceOf(ArgumentValidationError);

      const anonymousList = await exec(ANONYMOUS, `{ joinApplications { edges { node { id } } } }`);
      // A role refusal: an AuthorizationError (FORBIDDEN once formatted) saying who the field is for.
      expect(anonymousList.errors?.[0].originalError).toBeInstanceOf(AuthorizationError);
      expect(anonymousList.errors?.[0].message).toBe('joinApplications is for union staff and admins; you are signed in as callers without a token.');

      const list = await exec(staff(orgs.d2), `{ joinApplications(status: PENDING, orgId: "${orgs.e2.id}") { edges { node { id idNumber phone status org { id } member { id } } } } }`);
      expect(list.errors).toBeUndefined();
      const node = (list.data!.joinApplications as { edges: { node: Record<string, unknown> }[] }).edges.find((e) => e.node.id === applicationId)!.node;
      expect(node).toEqual({ id: applicationId, idNumber: `${input.idNumber.slice(0, 6)}********${input.idNumber.slice(-4)}`, phone: '138****5678', status: 'PENDING', org: { id: orgs.e2.id }, member: null });

      const blank = await exec(staff(orgs.d2), `mutation { rejectJoinApplication(id: "${applicationId}", reason: "   ") { status } }`);
      expect(blank.errors?.[0].originalError).toBeInstanceOf(ArgumentValidationError);
      const tooLong = await exec(staff(orgs.d2), `mutation { rejectJoinApplication(id: "${applicationId}", reason: "${'长'.repeat(201)}") { status } }`);
      expect(tooLong.errors?.[0].originalError).toBeInstanceOf(ArgumentValidationError);
      expect((await applicationRow(applicationId)).status).toBe(ApplicationStatus.PENDING);

      const approved = await exec(staff(orgs.e2), `mutation { approveJoinApplication(id: "${applicationId}") { id joinChannel statusHistory { fromStatus toStatus actor } } }`);
      expect(approved.errors).toBeUndefined();
      expect(approved.data!.approveJoinApplication).toMatchObject({ joinChannel: 'QR_CODE', statusHistory: [{ fromStatus: null, toStatus: 'ACTIVE', actor: 'staff-e2' }] });

      const outsider = await exec(staff(orgs.d1), `mutation { approveJoinApplication(id: "${applicationId}") { id } }`);
      expect(outsider.errors?.[0].extensions?.code).toBe(ErrorCode.NOT_FOUND);
    });

    it('shows the receiving side a masked transfer until it accepts', async () => {
      const m = await memberAt(orgs.e1a, '孙悟空');
      const requested = await exec(staff(orgs.s1), `mutation { requestTransfer(memberId: "${m.id}", toOrgId: "${orgs.e2.id}", reason: "搬家") { id status memberName member { id } fromOrg { id } toOrg { id } } }`);
      expect(requested.errors).toBeUndefined();
      const t = requested.data!.requestTransfer as { id: string };
      clock.tick();
      // The sender sees its own member and org; the target org is outside its scope.
      expect(requested.data!.requestTransfer).toMatchObject({ status: 'REQUESTED', memberName: '孙**', member: { id: m.id }, fromOrg: { id: orgs.e1a.id }, toOrg: null });

      const incoming = await exec(staff(orgs.s2), `{ transfers(direction: IN, status: REQUESTED) { edges { node { id memberName member { id } fromOrg { id } toOrg { id } } } } }`);
      expect(incoming.errors).toBeUndefined();
      expect((incoming.data!.transfers as { edges: { node: unknown }[] }).edges.map((e) => e.node)).toContainEqual({ id: t.id, memberName: '孙**', member: null, fromOrg: null, toOrg: { id: orgs.e2.id } });

      const senderAccepts = await exec(staff(orgs.s1), `mutation { acceptTransfer(id: "${t.id}") { status } }`);
      expect(senderAccepts.errors?.[0].extensions?.code).toBe(ErrorCode.NOT_FOUND);

      const accepted = await exec(staff(orgs.s2), `mutation { acceptTransfer(id: "${t.id}") { status member { id org { id } status transfers { status } statusHistory { toStatus } } } }`);
      expect(accepted.errors).toBeUndefined();
      expect(accepted.data!.acceptTransfer).toEqual({
        status: 'ACCEPTED',
        member: { id: m.id, org: { id: orgs.e2.id }, status: 'ACTIVE', transfers: [{ status: 'ACCEPTED' }], statusHistory: [{ toStatus: 'ACTIVE' }, { toStatus: 'TRANSFERRING' }, { toStatus: 'ACTIVE' }] },
      });

      const status = await exec(staff(orgs.s2), `mutation { changeMemberStatus(memberId: "${m.id}", status: LEFT, reason: "${'x'.repeat(201)}", expectedVersion: 3) { status } }`);
      expect(status.errors?.[0].originalError).toBeInstanceOf(ArgumentValidationError);
    });
  });

  describe('Org.subtree, a connection', () => {
    const SUBTREE = 'query($id: ID!, $first: Int!, $after: String) { org(id: $id) { subtree(first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } } }';
    const byPath = (a: OrgRow, b: OrgRow) => (a.path < b.path ? -1 : 1);
    type SubtreePage = { edges: { cursor: string; node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

    it('pages with after to the end: every org below once, in tree order, hasNextPage false at the end', async () => {
      const below = Object.values(orgs).filter((o) => o.path.startsWith(orgs.city.path) && o.id !== orgs.city.id).sort(byPath);
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 20; page++) {
        const res = await exec(admin, SUBTREE, { id: orgs.city.id, first: 2, after });
        expect(res.errors).toBeUndefined();
        const { edges, pageInfo } = (res.data!.org as { subtree: SubtreePage }).subtree;
        seen.push(...edges.map((e) => e.node.id));
        expect(pageInfo.endCursor).toBe(edges.length ? edges[edges.length - 1].cursor : null);
        if (!pageInfo.hasNextPage) break;
        after = pageInfo.endCursor;
      }
      expect(seen).toEqual(below.map((o) => o.id));
    });

    it('fails closed: staff outside the subtree get an empty page from the data layer', async () => {
      expect(await orgService.subtreeOf(ctxOf(staff(orgs.d2)), orgs.d1, undefined, 50)).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
      expect((await orgService.subtreeOf(ctxOf(ANONYMOUS), orgs.city, undefined, 50)).edges).toEqual([]);
      expect((await orgService.subtreeOf(ctxOf(staff(orgs.d1)), orgs.d1, undefined, 50)).edges.map((e) => e.node.id)).toEqual([orgs.s1, orgs.e1a, orgs.e1b].sort(byPath).map((o) => o.id));
    });

    it('refuses a bad first or a malformed after with BAD_USER_INPUT', async () => {
      for (const vars of [{ first: 0 }, { first: 501 }, { first: 2, after: 'not-a-cursor' }, { first: 2, after: Buffer.from('/x/').toString('base64url') }]) {
        const res = await exec(admin, SUBTREE, { id: orgs.city.id, ...vars });
        expect([vars, res.errors?.[0]?.extensions?.code]).toEqual([vars, ErrorCode.BAD_USER_INPUT]);
      }
    });
  });

  describe('db.transaction (serialised on the embedded engine by openDatabase)', () => {
    it('keeps overlapping transactions apart, so one failing never undoes another', async () => {
      const ids = [newId(), newId()];
      const event = (id: string) =>
        Object.assign(new MemberStatusEventRow(), { id, memberId: id, orgPath: orgs.e1a.path, fromStatus: null, toStatus: MembershipStatus.ACTIVE, reason: null, actorSub: 't', at: new Date() });
      // Real time on purpose (the process clock is frozen, timers are not): two real transactions
      // must overlap, the first still open while the second writes and fails. Nothing is measured.
      const results = await Promise.allSettled([
        db.transaction(async (em: EntityManager) => {
          await sleep(5);
          await em.insert(MemberStatusEventRow, event(ids[0]));
        }),
        db.transaction(async (em: EntityManager) => {
          await em.insert(MemberStatusEventRow, event(ids[1]));
          await sleep(20);
          throw new Error('changed my mind');
        }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
      expect(await db.getRepository(MemberStatusEventRow).countBy({ id: ids[0] })).toBe(1);
      expect(await db.getRepository(MemberStatusEventRow).countBy({ id: ids[1] })).toBe(0);
    });
  });
});
