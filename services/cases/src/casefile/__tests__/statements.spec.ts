import { testDatabases } from '@lianxin/jest-config/databases';
import type { DataSource } from 'typeorm';
import { childPath, newId, scopeOf, type Caller } from '@lianxin/auth';
import { Random } from '@lianxin/demo-kit';
import { createLogger, lean, rawStatements, setLean, sqlStats, subgraphContext, type SubgraphContext } from '@lianxin/subgraph';
// Loading the whole subgraph defines every raw statement it has.
import '../../schema';
import { openCasesDatabase } from '../../app';
import { seedCasesDemoData } from '../../seed/seed';
import type { SeedMember, SeedOrg } from '../../seed/generate';
import { CaseRow } from '../case.entity';
import { caseById } from '../case.loader';
import { CASE_LIST_ROWS, CASES_BY_ID } from '../case.statements';
import { CaseKind, CaseState, Urgency } from '../case.enums';
import { listCases } from '../../case/case.service';
import { CaseFilter } from '../../case/case.types';

/**
 * Issue 11: with SUBGRAPH_LEAN on, caseById (every page of cases, _entities) reads through a
 * raw statement (case.statements.ts) instead of TypeORM's query builder. It must answer
 * exactly what the query-builder read answers, for every kind of caller, and nothing outside
 * the caller's scope.
 */
describe('raw statements in cases', () => {
  test('are the reviewed ones, each saying how it stays in scope', () => {
    const ours = rawStatements().filter((s) => s.name.startsWith('cases.')).sort((a, b) => a.name.localeCompare(b.name));
    expect(ours.map((s) => [s.name, 'scope' in s.access ? s.access.scope : 'unscoped', [...s.tables].sort()])).toEqual([
      ['cases.caseListRows', [{ path: 's.org_path' }, { path: ['c.raised_path', 'c.handling_path'], member: 'c.member_id' }], ['case_file', 'case_scope']],
      ['cases.casesById', { path: ['c.raised_path', 'c.handling_path'], member: 'c.member_id' }, ['case_file']],
    ]);
    for (const s of ours) {
      const named = new Set([...s.sql.matchAll(/\b(?:FROM|JOIN)\s+(\w+)/gi)].map((m) => m[1]));
      expect([...named].sort()).toEqual([...s.tables].sort());
    }
    expect(ours).toContain(CASES_BY_ID);
    expect(ours).toContain(CASE_LIST_ROWS);
  });
});

const log = createLogger('test', 'silent');
const DAY = 86_400_000;
const NOW = new Date('2026-06-15T04:00:00Z');

/** city → 2 districts → 2 streets each → 3 enterprises each, 4 members per enterprise. */
function tinyTree(): { orgs: SeedOrg[]; members: SeedMember[] } {
  const rng = new Random(11, 'tree');
  const orgs: SeedOrg[] = [];
  const members: SeedMember[] = [];
  const setup = NOW.getTime() - 1300 * DAY;
  const org = (parent: SeedOrg | null, level: string, code: string): SeedOrg => {
    const id = newId(setup + orgs.length * 1000, rng.bytes(10));
    const o = { id, path: childPath(parent?.path ?? null, id), code, level };
    orgs.push(o);
    return o;
  };
  const city = org(null, 'CITY', 'LJ');
  for (let d = 1; d <= 2; d++) {
    const district = org(city, 'DISTRICT', `LJ-0${d}`);
    for (let s = 1; s <= 2; s++) {
      const street = org(district, 'STREET', `LJ-0${d}-0${s}`);
      for (let e = 1; e <= 3; e++) {
        const enterprise = org(street, 'ENTERPRISE', `LJ-0${d}-0${s}-000${e}`);
        for (let m = 0; m < 4; m++) members.push({ id: newId(setup + rng.int(0, 1280) * DAY, rng.bytes(10)), orgId: enterprise.id });
      }
    }
  }
  return { orgs, members };
}

const TREE = tinyTree();
const engines = testDatabases('cases_lean_raw', (o) => openCasesDatabase({ ...o, log }));

describe.each(engines)('the raw caseById on $name answers as the query builder does', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  let cases: CaseRow[];
  const wasLean = lean.on;

  const org = (code: string) => TREE.orgs.find((o) => o.code === code)!;
  const staff = (code: string): Caller => ({ sub: `staff-${code}`, role: 'staff', orgId: org(code).id, orgPath: org(code).path, perms: [] });
  const admin: Caller = { sub: 'admin-1', role: 'admin', perms: [] };
  const ctxOf = (caller: Caller): SubgraphContext => subgraphContext({ caller, scope: scopeOf(caller), source: db, log });
  const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;

  beforeAll(async () => {
    ({ db, close } = await engine.open());
    await seedCasesDemoData(db, { ...TREE, cases: 240, now: NOW });
    cases = await db.getRepository(CaseRow).find({ order: { id: 'ASC' } });
  });
  afterAll(async () => {
    setLean(wasLean);
    await close?.();
  });

  test('every caller gets the same cases both ways, and none outside its scope', async () => {
    const memberWithCases = cases.find((c) => c.memberId)!.memberId!;
    const member: Caller = { sub: `member-${memberWithCases}`, role: 'member', orgId: TREE.members.find((m) => m.id === memberWithCases)!.orgId, memberId: memberWithCases, perms: [] };
    const callers: [string, Caller][] = [
      ['admin', admin],
      ['staff of district 1', staff('LJ-01')],
      ['staff of district 2', staff('LJ-02')],
      ['staff of a street', staff('LJ-02-01')],
      ['staff of an enterprise', staff('LJ-01-02-0003')],
      ['a member', member],
      ['a partner', { sub: 'partner-1', role: 'partner', partnerId: newId(), perms: [] }],
    ];
    const ids = [...cases.map((c) => c.id), newId()];
    const load = async (caller: Caller, raw: boolean) => {
      setLean(raw);
      const ctx = ctxOf(caller);
      const before = sqlStats.statements;
      const found = await Promise.all(ids.map((id) => caseById(ctx).load(id)));
      return { found, statements: sqlStats.statements - before };
    };
    const seen: Record<string, string[]> = {};
    for (const [name, caller] of callers) {
      const built = await load(caller, false);
      const raw = await load(caller, true);
      expect([name, plain(raw.found)]).toEqual([name, plain(built.found)]);
      expect(raw.found.every((c) => c === null || c instanceof CaseRow)).toBe(true);
      // 241 keys: one batch (DataLoader's 500), one statement.
      expect(raw.statements).toBe(1);
      seen[name] = raw.found.filter((c): c is CaseRow => !!c).map((c) => c.id).sort();
    }
    const under = (code: string) => cases.filter((c) => c.raisedPath.startsWith(org(code).path) || c.handlingPath.startsWith(org(code).path)).map((c) => c.id).sort();
    expect(seen.admin).toEqual(cases.map((c) => c.id).sort());
    for (const [name, code] of [['staff of district 1', 'LJ-01'], ['staff of district 2', 'LJ-02'], ['staff of a street', 'LJ-02-01'], ['staff of an enterprise', 'LJ-01-02-0003']]) {
      expect([name, seen[name]]).toEqual([name, under(code)]);
    }
    // The districts split the cases between them and see nothing of each other's (save what was passed between them).
    expect(seen['staff of district 1'].length).toBeGreaterThan(20);
    expect(seen['staff of district 2'].length).toBeGreaterThan(20);
    expect(seen['a member']).toEqual(cases.filter((c) => c.memberId === memberWithCases).map((c) => c.id).sort());
    expect(seen['a partner']).toEqual([]);
    // Dates, flags and the worker's phone came back as the entity has them.
    const sample = (await load(admin, true)).found.find((c) => c?.closedAt)!;
    expect(sample.closedAt).toBeInstanceOf(Date);
    expect(typeof sample.supervised).toBe('boolean');
  });

  test('the org case list gives every caller the same pages both ways, for every filter the raw read takes and one it leaves to the builder', async () => {
    const filters: Partial<CaseFilter>[] = [
      {},
      { state: CaseState.IN_PROGRESS },
      { kind: CaseKind.COLLECTIVE_BARGAINING },
      { state: CaseState.CLOSED, kind: CaseKind.MICRO_WISH },
      { overdue: true },
      { overdue: false },
      { supervised: true },
      { supervised: false, state: CaseState.REGISTERED },
      { orgId: org('LJ-01-02').id },
      // An org outside the caller's subtree: nothing, as before.
      { orgId: org('LJ-02-01').id },
      // Left to the query builder: the answer is the same either way.
      { urgency: Urgency.URGENT },
    ];
    const callers: [string, Caller][] = [
      ['admin', admin],
      ['staff of district 1', staff('LJ-01')],
      ['staff of a street', staff('LJ-01-02')],
      ['staff of an enterprise', staff('LJ-01-02-0003')],
    ];
    const pages = async (caller: Caller, filter: Partial<CaseFilter>, first: number, raw: boolean) => {
      setLean(raw);
      const out = [];
      let after: string | undefined;
      for (let i = 0; i < 100; i++) {
        const before = sqlStats.statements;
        const page = await listCases(ctxOf(caller), Object.assign(new CaseFilter(), filter), first, after, NOW).catch((err: { extensions?: { code?: string }; message: string }) => ({ refused: err.extensions?.code ?? err.message }));
        out.push({ page, statements: sqlStats.statements - before });
        if ('refused' in page || !page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor!;
      }
      return out;
    };
    let listed = 0;
    for (const [name, caller] of callers) {
      for (const filter of filters) {
        if (name === 'admin' && !filter.orgId) continue; // an admin without an org reads case_file, not this statement
        for (const first of [7, 50]) {
          const built = await pages(caller, filter, first, false);
          const raw = await pages(caller, filter, first, true);
          expect([name, filter, plain(raw.map((p) => p.page))]).toEqual([name, filter, plain(built.map((p) => p.page))]);
          // One statement a page (the ids and the rows together), where the builder takes two: the ids, then the cases.
          for (const p of raw) if ('edges' in p.page && p.page.edges.length) expect(p.statements).toBe(filter.urgency ? 2 : 1);
          for (const p of built) if ('edges' in p.page && p.page.edges.length) expect(p.statements).toBe(2);
          listed += raw.reduce((n, p) => n + ('edges' in p.page ? p.page.edges.length : 0), 0);
        }
      }
    }
    expect(listed).toBeGreaterThan(300);
    // Staff of district 1 see none of district 2's cases through another org's list.
    const outside = await pages(staff('LJ-01'), { orgId: org('LJ-02-01').id }, 50, true);
    expect('edges' in outside[0].page && outside[0].page.edges).toEqual([]);
  });
});
