import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dropMariadbDatabase, enginesForSuites, TEST_DATABASE_URL } from '@lianxin/jest-config/engines';
import type { DataSource } from 'typeorm';
import { childPath, newId, scopeOf, type Caller } from '@lianxin/auth';
import { createLogger, lean, PageArgs, rawStatements, setLean, sqlStats, subgraphContext, type SubgraphContext } from '@lianxin/subgraph';
// Loading the whole subgraph defines every raw statement it has.
import { buildMembersSubgraph } from '../../schema';
import { graphql, type GraphQLSchema } from 'graphql';
import { openMembersDatabase } from '../../app';
import { OrgKind, OrgLevel, OrgRow } from '../../org/org.entity';
import { orgById } from '../../org/org.loader';
import { ORGS_BY_ID } from '../../org/org.statements';
import { EmploymentType, Gender, HardshipTier, JoinChannel, MemberRow, MembershipStatus } from '../member.entity';
import { listMembers, newMemberRow } from '../member.service';
import { MEMBERS_BY_ID, MEMBERS_PAGE } from '../member.statements';
import { memberById } from '../member.loader';
import { MemberFilter } from '../member.types';
import { idNumberCheckDigit } from '../../seed/generate';

/**
 * Issue 11: with SUBGRAPH_LEAN on, the members page and orgById read through raw statements
 * (member.statements.ts, org/org.statements.ts) instead of TypeORM's query builder. They must
 * answer exactly what the query-builder reads answer, for every kind of caller, and nothing
 * outside the caller's scope.
 */
describe('raw statements in members', () => {
  test('are the reviewed ones, each saying how it stays in scope', () => {
    const ours = rawStatements().filter((s) => s.name.startsWith('members.')).sort((a, b) => a.name.localeCompare(b.name));
    expect(ours.map((s) => [s.name, 'scope' in s.access ? s.access.scope : 'unscoped', [...s.tables].sort()])).toEqual([
      // The member's own org comes along; listMembers checks each against the scope before using it.
      ['members.membersById', { path: 'm.org_path', member: 'm.id' }, ['member']],
      ['members.membersPage', { path: 'm.org_path', member: 'm.id' }, ['member', 'org']],
      ['members.orgsById', { path: 'o.path', orgId: 'o.id' }, ['org']],
    ]);
    for (const s of ours) {
      const named = new Set([...s.sql.matchAll(/\b(?:FROM|JOIN)\s+(\w+)/gi)].map((m) => m[1]));
      expect([...named].sort()).toEqual([...s.tables].sort());
    }
    expect([MEMBERS_PAGE, MEMBERS_BY_ID, ORGS_BY_ID].every((s) => ours.includes(s))).toBe(true);
  });
});

const log = createLogger('test', 'silent');
const DATABASE = 'lianxin_lean_members_raw';

const allEngines = [
  { name: 'sqlite', url: undefined },
  { name: 'mariadb', url: TEST_DATABASE_URL },
] as const;
const engines = allEngines.filter((e) => enginesForSuites().includes(e.name));

let idSeq = 0;
function idNumber(birth: string): string {
  idSeq++;
  const body = `${320100 + (idSeq % 7)}${birth}${String(idSeq).padStart(3, '0')}`;
  return body + idNumberCheckDigit(body);
}

describe.each(engines)('the raw members page and org loader on $name answer as the query builder does', (engine) => {
  let db: DataSource;
  let schema: GraphQLSchema;
  let dataDir: string;
  const orgs: Record<string, OrgRow> = {};
  const members: MemberRow[] = [];
  const wasLean = lean.on;

  function addOrg(key: string, level: OrgLevel, kind: OrgKind, parent: OrgRow | null): OrgRow {
    const id = newId();
    const row = Object.assign(new OrgRow(), {
      id,
      parentId: parent?.id ?? null,
      level,
      kind,
      code: `R-${Object.keys(orgs).length + 1}`,
      name: `${key} 工会`,
      path: childPath(parent?.path ?? null, id),
      joinCode: `RAW${Object.keys(orgs).length + 1}X`,
      createdAt: new Date('2024-03-01T02:03:04.000Z'),
      // One closed org: its dates and the merge column come back too.
      ...(key === 'e2b' ? { closedAt: new Date('2025-01-02T03:04:05.000Z') } : {}),
    });
    orgs[key] = row;
    return row;
  }

  const staff = (org: OrgRow): Caller => ({ sub: `staff-${org.code}`, role: 'staff', orgId: org.id, orgPath: org.path, perms: [] });
  const admin: Caller = { sub: 'admin-1', role: 'admin', perms: [] };
  const memberCaller = (m: MemberRow): Caller => ({ sub: `member-${m.id}`, role: 'member', orgId: m.orgId, orgPath: m.orgPath, memberId: m.id, perms: [] });
  const partner: Caller = { sub: 'partner-1', role: 'partner', partnerId: newId(), perms: [] };
  const ctxOf = (caller: Caller): SubgraphContext => subgraphContext({ caller, scope: scopeOf(caller), source: db, log });

  /** Every page of listMembers for the caller, `first` at a time, read the raw way or the query builder's. */
  async function allPages(caller: Caller, filter: Partial<MemberFilter>, first: number, raw: boolean) {
    setLean(raw);
    const pages = [];
    let after: string | undefined;
    for (;;) {
      const page = await listMembers(ctxOf(caller), Object.assign(new MemberFilter(), filter), Object.assign(new PageArgs(), { first, after }));
      pages.push(page);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
    }
    return pages;
  }

  /** What a caller gets, as plain data: own enumerable properties (the PII accessors read through). */
  const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-raw-'));
    if (engine.url) await dropMariadbDatabase(DATABASE);
    db = await openMembersDatabase({ databaseUrl: engine.url, database: DATABASE, dataDir, log });
    schema = (await buildMembersSubgraph()).schema;
    const city = addOrg('city', OrgLevel.CITY, OrgKind.CITY_FEDERATION, null);
    const d1 = addOrg('d1', OrgLevel.DISTRICT, OrgKind.DISTRICT, city);
    const d2 = addOrg('d2', OrgLevel.DISTRICT, OrgKind.COUNTY, city);
    const s1 = addOrg('s1', OrgLevel.STREET, OrgKind.STREET, d1);
    const s2 = addOrg('s2', OrgLevel.STREET, OrgKind.TOWN, d2);
    addOrg('e1a', OrgLevel.ENTERPRISE, OrgKind.ENTERPRISE, s1);
    addOrg('e1b', OrgLevel.ENTERPRISE, OrgKind.UNION_POST, s1);
    addOrg('e2a', OrgLevel.ENTERPRISE, OrgKind.ENTERPRISE, s2);
    addOrg('e2b', OrgLevel.ENTERPRISE, OrgKind.ENTERPRISE, s2);
    await db.getRepository(OrgRow).insert(Object.values(orgs));
    const enterprises = [orgs.e1a, orgs.e1b, orgs.e2a, orgs.e2b];
    const statuses = Object.values(MembershipStatus);
    const types = Object.values(EmploymentType);
    for (let i = 0; i < 36; i++) {
      const org = enterprises[i % enterprises.length];
      const birth = `19${70 + (i % 30)}0${1 + (i % 9)}1${i % 10}`;
      const m = newMemberRow(
        { name: `${i % 3 === 0 ? '王' : '李'}${'一二三四五六七八九'[i % 9]}${i}`, gender: i % 2 ? Gender.MALE : Gender.FEMALE, idNumber: idNumber(birth), phone: `138${String(10_000_000 + i * 7919).slice(0, 8)}`, employmentType: types[i % types.length] },
        org,
        i % 4 ? JoinChannel.ENROLLED : JoinChannel.QR_CODE,
        new Date(Date.UTC(2024, i % 12, 1 + i, 9, i, 7, 123)),
      );
      Object.assign(m, {
        status: statuses[i % statuses.length],
        statusReason: i % statuses.length === 3 ? '退休' : null,
        modelWorker: i % 5 === 0,
        hardshipTier: i % 6 === 0 ? HardshipTier.DEEP : null,
        hardshipReviewedOn: i % 6 === 0 ? '2025-11-30' : null,
        version: 1 + (i % 3),
      });
      members.push(m);
    }
    await db.getRepository(MemberRow).insert(members);
  });

  afterAll(async () => {
    setLean(wasLean);
    await db?.destroy();
    if (engine.url) await dropMariadbDatabase(DATABASE);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const callers = (): [string, Caller][] => [
    ['admin', admin],
    ['staff of district 1', staff(orgs.d1)],
    ['staff of district 2', staff(orgs.d2)],
    ['staff of a street', staff(orgs.s2)],
    ['staff of an enterprise', staff(orgs.e1b)],
    ['a member', memberCaller(members[5])],
    ['a partner', partner],
  ];

  test('every page, for every caller and filter, holds the same members with the same values and cursors', async () => {
    const d2Member = members.find((m) => m.orgPath.startsWith(orgs.d2.path))!;
    const filters: Partial<MemberFilter>[] = [
      {},
      { status: MembershipStatus.ACTIVE },
      { employmentType: EmploymentType.DELIVERY_RIDER, status: MembershipStatus.LEFT },
      { namePrefix: '王' },
      // LIKE wildcards in a prefix are text, not patterns.
      { namePrefix: '王_' },
      { orgId: orgs.s1.id },
      { orgId: orgs.e2a.id, status: MembershipStatus.RETAINED },
      { idNumber: d2Member.idNumber },
      { phone: d2Member.phone },
    ];
    let compared = 0;
    for (const [, caller] of callers()) {
      for (const filter of filters) {
        for (const first of [1, 7, 50]) {
          const built = await allPages(caller, filter, first, false);
          const raw = await allPages(caller, filter, first, true);
          expect(plain(raw)).toEqual(plain(built));
          // The same classes too: resolvers downstream get MemberRow instances either way.
          expect(raw.flatMap((p) => p.edges).every((e) => e.node instanceof MemberRow)).toBe(true);
          compared += built.reduce((n, p) => n + p.edges.length, 0);
        }
      }
    }
    // The comparisons were not all of empty pages.
    expect(compared).toBeGreaterThan(500);
  });

  test('the raw page reads all of the caller\'s members and no one else, in (org_path, id) order', async () => {
    const byOrder = (a: MemberRow, b: MemberRow) => (a.orgPath < b.orgPath ? -1 : a.orgPath > b.orgPath ? 1 : a.id < b.id ? -1 : 1);
    const ids = async (caller: Caller) => (await allPages(caller, {}, 10, true)).flatMap((p) => p.edges.map((e) => e.node.id));
    expect(await ids(admin)).toEqual([...members].sort(byOrder).map((m) => m.id));
    expect(await ids(staff(orgs.d2))).toEqual(members.filter((m) => m.orgPath.startsWith(orgs.d2.path)).sort(byOrder).map((m) => m.id));
    expect(await ids(staff(orgs.e1b))).toEqual(members.filter((m) => m.orgId === orgs.e1b.id).sort(byOrder).map((m) => m.id));
    expect(await ids(memberCaller(members[5]))).toEqual([members[5].id]);
    expect(await ids(partner)).toEqual([]);
    // Narrowing to an org outside the caller's subtree finds nothing rather than that org's members.
    expect((await allPages(staff(orgs.d1), { orgId: orgs.e2a.id }, 50, true))[0].edges).toEqual([]);
    // ID numbers stay ciphertext in the table and read as plaintext on the row.
    const page = (await allPages(admin, { idNumber: members[0].idNumber }, 5, true))[0];
    expect(page.edges.map((e) => [e.node.id, e.node.idNumber, e.node.phone])).toEqual([[members[0].id, members[0].idNumber, members[0].phone]]);
  });

  test('orgById gives every caller the same orgs both ways, and nothing outside its scope', async () => {
    const ids = [...Object.values(orgs).map((o) => o.id), newId()];
    const load = async (caller: Caller, raw: boolean) => {
      setLean(raw);
      const ctx = ctxOf(caller);
      const before = sqlStats.statements;
      const found = await Promise.all(ids.map((id) => orgById(ctx).load(id)));
      return { found, statements: sqlStats.statements - before };
    };
    const seen: Record<string, string[]> = {};
    for (const [name, caller] of callers()) {
      const built = await load(caller, false);
      const raw = await load(caller, true);
      expect(plain(raw.found)).toEqual(plain(built.found));
      expect(raw.found.every((o) => o === null || o instanceof OrgRow)).toBe(true);
      // One batch, one statement, whichever way.
      if (engine.url) expect(raw.statements).toBe(1);
      seen[name] = raw.found.filter((o): o is OrgRow => !!o).map((o) => o.id);
    }
    const under = (p: OrgRow) => Object.values(orgs).filter((o) => o.path.startsWith(p.path)).map((o) => o.id).sort();
    expect(seen.admin.sort()).toEqual(Object.values(orgs).map((o) => o.id).sort());
    expect(seen['staff of district 2'].sort()).toEqual(under(orgs.d2));
    expect(seen['staff of an enterprise']).toEqual([orgs.e1b.id]);
    // A member sees their org and its ancestors.
    const own = orgs[Object.keys(orgs).find((k) => orgs[k].id === members[5].orgId)!];
    expect(seen['a member'].sort()).toEqual(Object.values(orgs).filter((o) => own.path.startsWith(o.path)).map((o) => o.id).sort());
    expect(seen['a partner']).toEqual([]);
    // A closed org's dates hydrate as dates.
    setLean(true);
    const closed = await orgById(ctxOf(admin)).load(orgs.e2b.id);
    expect(closed?.closedAt).toEqual(new Date('2025-01-02T03:04:05.000Z'));
    expect(closed?.createdAt).toEqual(new Date('2024-03-01T02:03:04.000Z'));
  });

  test('the members page with org names is one statement, and answers as the two reads did', async () => {
    const page = (org: string) => `query ($first: Int!, $after: String) { members(first: $first, after: $after) { edges { cursor node { id name status joinedOn birthDate modelWorker idNumber phone org { ${org} } } } pageInfo { endCursor hasNextPage } } }`;
    const run = async (caller: Caller, raw: boolean, after?: string, source = page('id name level kind code closedAt')) => {
      setLean(raw);
      const before = sqlStats.statements;
      const result = await graphql({ schema, source, variableValues: { first: 7, after }, contextValue: ctxOf(caller) });
      return { result: plain(result), statements: sqlStats.statements - before };
    };
    for (const [name, caller] of callers().filter(([n]) => n !== 'a partner')) {
      let after: string | undefined;
      for (let pageNo = 0; pageNo < 10; pageNo++) {
        const built = await run(caller, false, after);
        const raw = await run(caller, true, after);
        expect({ name, ...raw.result as object }).toEqual({ name, ...built.result as object });
        const data = (raw.result as { data?: { members: { edges: { node: { org: { id: string } | null } }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } | null } }).data?.members;
        if (name === 'a member') {
          // members is for staff and admins: a member gets the same refusal both ways.
          expect(data).toBeNull();
          break;
        }
        expect([name, raw.result]).toEqual([name, expect.objectContaining({ data: expect.anything() })]);
        expect(data!.edges.length).toBeGreaterThan(0);
        expect(data!.edges.every((e) => e.node.org !== null)).toBe(true);
        expect([name, raw.statements, built.statements]).toEqual([name, 1, 2]);
        // Orgs the page did not bring (their parents) still come through orgById, the same both ways.
        const withParents = page('id name parent { id name code parent { id name } }');
        expect((await run(caller, true, after, withParents)).result).toEqual((await run(caller, false, after, withParents)).result);
        if (!data!.pageInfo.hasNextPage) break;
        after = data!.pageInfo.endCursor;
      }
    }
  });

  test('memberById (member(id), _entities) gives every caller the same members both ways, and no one outside its scope', async () => {
    const ids = [...members.map((m) => m.id), newId()];
    const load = async (caller: Caller, raw: boolean) => {
      setLean(raw);
      const ctx = ctxOf(caller);
      const before = sqlStats.statements;
      const found = await Promise.all(ids.map((id) => memberById(ctx).load(id)));
      return { found, statements: sqlStats.statements - before };
    };
    const seen: Record<string, string[]> = {};
    for (const [name, caller] of callers()) {
      const built = await load(caller, false);
      const raw = await load(caller, true);
      expect([name, plain(raw.found)]).toEqual([name, plain(built.found)]);
      expect(raw.found.every((m) => m === null || m instanceof MemberRow)).toBe(true);
      expect(raw.statements).toBe(1);
      seen[name] = raw.found.filter((m): m is MemberRow => !!m).map((m) => m.id).sort();
    }
    expect(seen.admin).toEqual(members.map((m) => m.id).sort());
    expect(seen['staff of district 2']).toEqual(members.filter((m) => m.orgPath.startsWith(orgs.d2.path)).map((m) => m.id).sort());
    expect(seen['staff of an enterprise']).toEqual(members.filter((m) => m.orgId === orgs.e1b.id).map((m) => m.id).sort());
    expect(seen['a member']).toEqual([members[5].id]);
    expect(seen['a partner']).toEqual([]);
  });
});
