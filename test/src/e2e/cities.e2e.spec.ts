import { chinaMonth } from '@lianxin/members-client';
import { cityOf, cityParent, citySource } from '@lianxin/subgraph';
import type { DataSource } from 'typeorm';
import { enginesForSuites } from '../harness/engines';
import { clientToken, startTestGraph, type TestGraph } from '../harness/graph';
import { enrol } from './benefits-helpers';
import { raise } from './cases-helpers';
import { staffTokenFor, type OrgKey } from './callers';

/**
 * Issue 16, item 6: a five-level tree (province → city → district → street → enterprise)
 * end to end, with a second city beside the first: paths longer than the old 120 bytes,
 * staff scoped at every level, figures at the province, and every row stamped with its
 * city, the segment below the province (ORG_LEVELS_ABOVE_CITY=1).
 */
const DAY = 24 * 3600_000;
const FIGURES = 'query($orgId: ID, $from: String!, $to: String!) { caseFigures(orgId: $orgId, from: $from, to: $to) { orgId total } }';
const CASES = 'query { cases(first: 500) { edges { node { id } } } }';
const MEMBERS = 'query { members(first: 500) { edges { node { id } } } }';

describe.each(enginesForSuites())('a province above the city (%s)', (engine) => {
  let g: TestGraph;
  let before: string | undefined;
  beforeAll(async () => {
    before = process.env.ORG_LEVELS_ABOVE_CITY;
    process.env.ORG_LEVELS_ABOVE_CITY = '1';
    g = await startTestGraph(engine, { province: true });
  });
  afterAll(async () => {
    await g?.stop();
    if (before === undefined) delete process.env.ORG_LEVELS_ABOVE_CITY;
    else process.env.ORG_LEVELS_ABOVE_CITY = before;
  });

  const org = (k: OrgKey) => g.fixture.orgs[k];

  test('an enterprise path of the five-level tree is longer than the old varchar(120), and is stored whole', async () => {
    const e1 = org('e1');
    expect(e1.path.split('/').filter(Boolean)).toEqual([org('x1').id, org('city').id, org('d1').id, org('s1').id, e1.id]);
    expect(e1.path.length).toBeGreaterThan(120);
    const [stored] = (await g.db.query('SELECT path FROM org WHERE id = ?', [e1.id])) as { path: string }[];
    expect(stored.path).toBe(e1.path);
  });

  test('enrol, raise a case, see it at every level above and nowhere beside; figures count it at the province', async () => {
    const token = (k: OrgKey) => staffTokenFor(k, g.fixture);
    const memberId = await enrol(g, await token('e1'), org('e1').id, 701);
    const other = await enrol(g, await token('x5'), org('x5').id, 702);
    const c = await raise(g, await token('e1'), { memberId, orgId: org('e1').id, description: '五级树上的诉求' });

    const seen = async (k: OrgKey) => {
      const t = await token(k);
      const cases = (await g.gql<{ cases: { edges: { node: { id: string } }[] } }>(t, CASES)).data!.cases.edges.map((e) => e.node.id);
      const members = (await g.gql<{ members: { edges: { node: { id: string } }[] } }>(t, MEMBERS)).data!.members.edges.map((e) => e.node.id);
      return { case: cases.includes(c.id), member: members.includes(memberId), otherCitysMember: members.includes(other) };
    };
    // Staff at each of the five levels above and at the case's org see it; the other city, a district beside, nothing.
    for (const k of ['x1', 'city', 'd1', 's1', 'e1'] as OrgKey[]) expect({ k, ...(await seen(k)) }).toEqual({ k, case: true, member: true, otherCitysMember: k === 'x1' });
    for (const k of ['x2', 'x5', 'd2', 'e2'] as OrgKey[]) expect({ k, ...(await seen(k)) }).toEqual({ k, case: false, member: false, otherCitysMember: k === 'x2' || k === 'x5' });

    const vars = { from: chinaMonth(new Date(Date.now() - 40 * DAY)), to: chinaMonth(new Date(Date.now() + 40 * DAY)) };
    const total = async (k: OrgKey, as: OrgKey = k) => (await g.gql<{ caseFigures: { total: number } | null }>(await token(as), FIGURES, { orgId: org(k).id, ...vars })).data!.caseFigures?.total ?? null;
    expect({ x1: await total('x1'), city: await total('city'), d1: await total('d1'), x2: await total('x2'), d2: await total('d2') }).toEqual({ x1: 1, city: 1, d1: 1, x2: 0, d2: 0 });
    // The other city's staff cannot count the province, nor the first city.
    expect({ x1: await total('x1', 'x2'), city: await total('city', 'x2') }).toEqual({ x1: null, city: null });
    // An admin counts the province too.
    const admin = await clientToken({ sub: 'admin-1', role: 'admin', perms: [] });
    expect((await g.gql<{ caseFigures: { total: number } }>(admin, FIGURES, { orgId: org('x1').id, ...vars })).data!.caseFigures.total).toBe(1);
  });

  test('every row carries the city of its path (the segment below the province, or its own org above it), or its parent\'s', async () => {
    const cities = new Set([org('city').id, org('x2').id, org('x1').id]);
    const wrong: string[] = [];
    let rows = 0;
    let children = 0;
    for (const db of [g.db, g.casesDb, g.benefitsDb] as DataSource[]) {
      for (const meta of db.entityMetadatas) {
        const source = citySource(meta);
        const column = source && meta.findColumnWithPropertyName(source)?.databaseName;
        const parent = cityParent(meta);
        if (column) {
          const found = (await db.query(`SELECT ${column} AS p, city FROM ${meta.tableName}`)) as { p: string; city: string }[];
          rows += found.length;
          for (const r of found) if (r.city !== cityOf(r.p, 1) || !cities.has(r.city)) wrong.push(`${meta.tableName}: ${r.p} -> ${r.city}`);
        } else if (parent) {
          // A table read through its parent has the parent's city.
          const key = meta.findColumnWithPropertyName(parent.key)!.databaseName;
          const found = (await db.query(`SELECT c.city AS city, p.city AS of FROM ${meta.tableName} c LEFT JOIN ${parent.parent} p ON p.id = c.${key}`)) as { city: string; of: string | null }[];
          children += found.length;
          for (const r of found) if (r.city !== r.of || !cities.has(r.city)) wrong.push(`${meta.tableName}: ${r.city}, its ${parent.parent} ${r.of}`);
        } else if (meta.columns.some((c) => c.databaseName === 'city')) {
          // case_sequence: stamped by its writer from the numbering org's path.
          for (const r of (await db.query(`SELECT city FROM ${meta.tableName}`)) as { city: string }[]) if (!cities.has(r.city)) wrong.push(`${meta.tableName}: ${r.city}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(rows).toBeGreaterThan(30);
    expect(children).toBeGreaterThan(20); // the fixture's departments and staff, the case's ledger, the hardship file…
    // The rows above the city level are the province's own: its org row, its case_scope and tally rows.
    const [{ n }] = (await g.casesDb.query('SELECT COUNT(*) AS n FROM case_tally WHERE city = ?', [org('x1').id])) as { n: number }[];
    expect(Number(n)).toBeGreaterThan(0);
    const [{ m }] = (await g.db.query('SELECT COUNT(*) AS m FROM member WHERE city = ?', [org('x2').id])) as { m: number }[];
    expect(Number(m)).toBe(2); // n1 and the one enrolled at x5
  });

  test('a member transferred to the other city takes their children and hardship file along', async () => {
    const admin = await clientToken({ sub: 'admin-1', role: 'admin', perms: [] });
    const m1 = g.fixture.members.m1;
    const requested = await g.gql<{ requestTransfer: { id: string } }>(admin, 'mutation($m: ID!, $to: ID!) { requestTransfer(memberId: $m, toOrgId: $to, reason: "去清河工作") { id } }', { m: m1.id, to: org('x5').id });
    expect(requested.errors).toBeUndefined();
    const cityOfRows = async () => {
      const q = async (sql: string) => ((await g.db.query(sql, [m1.id])) as { city: string }[]).map((r) => r.city);
      return {
        member: await q('SELECT city FROM member WHERE id = ?'),
        children: await q('SELECT city FROM member_child WHERE member_id = ?'),
        files: await q('SELECT city FROM hardship_file WHERE member_id = ?'),
        events: await q('SELECT e.city FROM hardship_event e JOIN hardship_file f ON f.id = e.file_id WHERE f.member_id = ?'),
      };
    };
    const [a, b] = [org('city').id, org('x2').id];
    // Requested is not moved: everything still in the first city.
    expect(await cityOfRows()).toEqual({ member: [a], children: [a], files: [a], events: [a] });
    expect((await g.gql(admin, 'mutation($id: ID!) { acceptTransfer(id: $id) { id } }', { id: requested.data!.requestTransfer.id })).errors).toBeUndefined();
    expect(await cityOfRows()).toEqual({ member: [b], children: [b], files: [b], events: [b] });
  });

  test('a district moved to the other city takes its rows to that city', async () => {
    const admin = await clientToken({ sub: 'admin-1', role: 'admin', perms: [] });
    const res = await g.gql(admin, 'mutation($id: ID!, $p: ID!) { moveOrg(id: $id, parentId: $p) { id } }', { id: org('d2').id, p: org('x2').id });
    expect(res.errors).toBeUndefined();
    await g.drainOrgChanges();
    const members = (await g.db.query('SELECT city FROM member WHERE org_id = ?', [org('e3').id])) as { city: string }[];
    expect(members.map((r) => r.city)).toEqual([org('x2').id]);
    // Rows read through the moved ones went with them: e3's staff account and department.
    const staff = (await g.db.query('SELECT a.city AS a, d.city AS d FROM staff_account a JOIN department d ON d.id = a.department_id WHERE a.org_id = ?', [org('e3').id])) as { a: string; d: string }[];
    expect(staff).toEqual([{ a: org('x2').id, d: org('x2').id }]);
    const stillFirst = (await g.db.query('SELECT city FROM member WHERE org_id = ?', [org('e1').id])) as { city: string }[];
    expect(new Set(stillFirst.map((r) => r.city))).toEqual(new Set([org('city').id]));
    // Benefits followed through org.changed: the desk's copy of e3's member moved city in the same rewrite.
    const facts = (await g.benefitsDb.query('SELECT city FROM member_fact WHERE org_id = ?', [org('e3').id])) as { city: string }[];
    expect(facts.map((r) => r.city)).toEqual([org('x2').id]);
    const orgs = (await g.db.query('SELECT city FROM org WHERE path LIKE ?', [`%/${org('d2').id}/%`])) as { city: string }[];
    expect(new Set(orgs.map((r) => r.city))).toEqual(new Set([org('x2').id]));
  });
});
