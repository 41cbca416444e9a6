import { INTERNAL_TOKEN_HEADER, secretKey, signInternalToken, systemCaller } from '@lianxin/auth';
import { chinaMonth, APPLY_ORG_CHANGE } from '@lianxin/members-client';
import { CaseRow, CaseScopeRow, tallyDrift } from '@lianxin/cases';
import { VoucherRow } from '@lianxin/benefits';
import { MemberRow, OrgRow, OutboxRow } from '@lianxin/members';
import { DEV_INTERNAL_SECRET } from '@lianxin/subgraph';
import { enginesForSuites } from '../harness/engines';
import { startTestGraph, type TestGraph } from '../harness/graph';
import { staffTokenFor, tokenFor } from './callers';
import { DAY, raise, read } from './cases-helpers';
import { issue, must as mustOk, newProgramme, ok } from './benefits-helpers';

/**
 * The org tree as the union manages it, end to end: a union founded and renamed; a street
 * with its enterprises, members, cases and vouchers moved under another district, with
 * cases and benefits following once members' org.changed reaches them; two enterprises
 * merged, their members and open cases ending at the survivor.
 */
const ORG = 'id code name level kind closedAt parent { id } mergedInto { id } history(first: 10) { edges { node { action actorRole changes { field before after } } } }';
const FIGURES = 'query($o: ID!, $from: String!, $to: String!) { caseFigures(orgId: $o, from: $from, to: $to) { total } }';
const VOUCHERS = 'query($m: ID!) { member(id: $m) { id vouchers(first: 50) { edges { node { id } } } } }';

describe.each(enginesForSuites())('the org tree, end to end, on %s', (engine) => {
  let g: TestGraph;
  const t = {} as Record<'admin' | 'city' | 'd1' | 'd2' | 'e1' | 'e2', string>;
  const from = chinaMonth(new Date(Date.now() - 40 * DAY));
  const to = chinaMonth(new Date(Date.now() + 40 * DAY));

  beforeAll(async () => {
    g = await startTestGraph(engine);
    for (const k of ['admin', 'city', 'd1', 'd2', 'e1'] as const) t[k] = (await tokenFor(k, g.fixture))!;
    t.e2 = await staffTokenFor('e2', g.fixture);
  });
  afterAll(() => g?.stop());

  const figures = async (token: string, orgId: string) => ok(await g.gql<{ caseFigures: { total: number } | null }>(token, FIGURES, { o: orgId, from, to })).caseFigures?.total ?? null;
  const vouchersOf = async (token: string, memberId: string) => ok(await g.gql<{ member: { vouchers: { edges: { node: { id: string } }[] } } | null }>(token, VOUCHERS, { m: memberId })).member?.vouchers.edges.map((e) => e.node.id) ?? null;
  const caseIds = async (token: string) => ok(await g.gql<{ cases: { edges: { node: { id: string } }[] } }>(token, '{ cases(first: 100) { edges { node { id } } } }')).cases.edges.map((e) => e.node.id).sort();

  test('found, rename, move a street with its enterprises: every subgraph follows once delivered, the old district sees none of it', async () => {
    const { orgs, members } = g.fixture;
    // 建会 under the street, then 更名 by the district.
    const founded = ok(await g.gql<{ foundOrg: { id: string; code: string; level: string } }>(t.d1, 'mutation($i: FoundOrgInput!) { foundOrg(input: $i) { id code level } }', { i: { parentId: orgs.s1.id, name: '临江夜色经济工会', kind: 'ENTERPRISE' } })).foundOrg;
    expect([founded.code, founded.level]).toEqual([`${orgs.s1.code}-0003`, 'ENTERPRISE']);
    const renamed = ok(await g.gql<{ renameOrg: { name: string } }>(t.d1, 'mutation($id: ID!, $n: String!) { renameOrg(id: $id, name: $n) { name } }', { id: founded.id, n: '临江滨江夜色经济工会' })).renameOrg;
    expect(renamed.name).toBe('临江滨江夜色经济工会');
    // A rename tells the others too: they rewrite nothing but drop the names they cached.
    expect(await g.drainOrgChanges()).toEqual({ delivered: 2, failed: 0, dead: 0 });

    // Work in the street before the move: a case at e1, one at e2, a voucher for m3 (e2).
    const c1 = await raise(g, t.e1, { orgId: orgs.e1.id, memberId: members.m1.id });
    const c2 = await raise(g, t.e2, { orgId: orgs.e2.id, memberId: members.m3.id });
    const programme = await newProgramme(g, t.city, { orgId: orgs.city.id });
    const voucher = mustOk(await issue(g, t.d1, programme.id, members.m3.id), 'issueVoucher');
    expect(await figures(t.d1, orgs.d1.id)).toBe(2);
    expect(await figures(t.d2, orgs.d2.id)).toBe(0);

    const moved = ok(await g.gql<{ moveOrg: { parent: { id: string } } }>(t.city, 'mutation($id: ID!, $p: ID!) { moveOrg(id: $id, parentId: $p) { parent { id } } }', { id: orgs.s1.id, p: orgs.d2.id })).moveOrg;
    expect(moved.parent.id).toBe(orgs.d2.id);
    // Members moved its own rows with the org, in the same transaction.
    const newPath = `${orgs.d2.path}${orgs.s1.id}/`;
    expect((await g.db.getRepository(MemberRow).findOneByOrFail({ id: members.m3.id })).orgPath).toBe(`${newPath}${orgs.e2.id}/`);
    expect((await g.db.getRepository(OrgRow).findOneByOrFail({ id: founded.id })).path).toBe(`${newPath}${founded.id}/`);
    // Cases and benefits have not heard yet: two rows wait in the outbox.
    expect((await g.db.getRepository(OutboxRow).find()).map((o) => o.state).sort()).toEqual(['DONE', 'DONE', 'PENDING', 'PENDING']);
    expect(await figures(t.d2, orgs.d2.id)).toBe(0);
    expect(await caseIds(t.d2)).toEqual([]);
    expect(await g.drainOrgChanges()).toEqual({ delivered: 2, failed: 0, dead: 0 });
    expect((await g.db.getRepository(OutboxRow).find()).map((o) => o.state)).toEqual(['DONE', 'DONE', 'DONE', 'DONE']);

    // The new district sees the moved cases, the voucher and the figures; the old one none of them.
    expect((await read(g, t.d2, c1.id))?.id).toBe(c1.id);
    expect(await read(g, t.d1, c1.id)).toBeNull();
    expect(await caseIds(t.d2)).toEqual([c1.id, c2.id].sort());
    expect(await caseIds(t.d1)).toEqual([]);
    expect(await figures(t.d2, orgs.d2.id)).toBe(2);
    expect(await figures(t.d1, orgs.d1.id)).toBe(0);
    expect(await figures(t.city, orgs.city.id)).toBe(2);
    expect(await vouchersOf(t.d2, members.m3.id)).toEqual([voucher.id]);
    expect(await vouchersOf(t.d1, members.m3.id)).toBeNull();
    const rows = await g.casesDb.getRepository(CaseRow).find({ where: [{ id: c1.id }, { id: c2.id }], order: { id: 'ASC' } });
    expect(rows.map((r) => [r.raisedPath, r.handlingPath])).toEqual([c1, c2].sort((a, b) => (a.id < b.id ? -1 : 1)).map((c) => {
      const at = c.id === c1.id ? orgs.e1.id : orgs.e2.id;
      return [`${newPath}${at}/`, `${newPath}${at}/`];
    }));
    expect((await g.casesDb.getRepository(CaseScopeRow).find({ where: { caseId: c1.id } })).map((s) => s.orgId).sort()).toEqual([orgs.city.id, orgs.d2.id, orgs.s1.id, orgs.e1.id].sort());
    expect(await tallyDrift(g.casesDb)).toEqual([]);
    expect((await g.benefitsDb.getRepository(VoucherRow).findOneByOrFail({ id: voucher.id })).orgPath).toBe(`${newPath}${orgs.e2.id}/`);

    // A repeated delivery changes nothing: the receiver answers false.
    const [row] = (await g.db.getRepository(OutboxRow).find({ where: { topic: 'org.changed:cases' } })).filter((o) => JSON.parse(o.payload).action === 'MOVE');
    const system = await signInternalToken(systemCaller('org-tree'), 'cases', secretKey(DEV_INTERNAL_SECRET));
    const again = await g.post(g.casesUrl, { query: APPLY_ORG_CHANGE, variables: JSON.parse(row.payload) }, { [INTERNAL_TOKEN_HEADER]: system });
    expect(again.body).toEqual({ data: { _applyOrgChange: false } });
    expect(await tallyDrift(g.casesDb)).toEqual([]);
    expect(await figures(t.d2, orgs.d2.id)).toBe(2);

    // The street's history says who moved it from where to where; the old district no longer sees it.
    const s1 = ok(await g.gql<{ org: { history: { edges: { node: { action: string; changes: unknown[] } }[] } } }>(t.city, `query($id: ID!) { org(id: $id) { ${ORG} } }`, { id: orgs.s1.id })).org;
    expect(s1.history.edges.map((e) => e.node)).toEqual([
      { action: 'MOVE', actorRole: 'staff', changes: [{ field: 'parentId', before: orgs.d1.id, after: orgs.d2.id }, { field: 'path', before: orgs.s1.path, after: newPath }] },
    ]);
    expect(ok(await g.gql<{ org: unknown }>(t.d1, 'query($id: ID!) { org(id: $id) { id } }', { id: orgs.s1.id })).org).toBeNull();
  });

  test('merge two enterprises: members and the open case end at the survivor, with a hand-over in the ledger', async () => {
    const { orgs, members } = g.fixture;
    const open = await g.casesDb.getRepository(CaseRow).find({ where: { handlingOrgId: orgs.e2.id } });
    expect(open).toHaveLength(1);
    const survivor = ok(await g.gql<{ mergeOrg: { id: string } }>(t.d2, 'mutation($id: ID!, $into: ID!) { mergeOrg(id: $id, intoId: $into) { id } }', { id: orgs.e2.id, into: orgs.e1.id })).mergeOrg;
    expect(survivor.id).toBe(orgs.e1.id);
    const e1Path = (await g.db.getRepository(OrgRow).findOneByOrFail({ id: orgs.e1.id })).path;
    expect((await g.db.getRepository(MemberRow).findOneByOrFail({ id: members.m3.id })).orgId).toBe(orgs.e1.id);
    expect(await g.drainOrgChanges()).toEqual({ delivered: 2, failed: 0, dead: 0 });
    const handed = await read(g, t.d2, open[0].id);
    expect(handed?.handlingOrg?.id).toBe(orgs.e1.id);
    const last = handed!.events[handed!.events.length - 1];
    expect([last.action, last.fromState, last.toState, last.actorRole, last.actorOrgId]).toEqual(['HAND_OVER', 'REGISTERED', 'REGISTERED', 'staff', orgs.d2.id]);
    expect((await g.casesDb.getRepository(CaseRow).findOneByOrFail({ id: open[0].id })).handlingPath).toBe(e1Path);
    expect(await tallyDrift(g.casesDb)).toEqual([]);
    const merged = ok(await g.gql<{ org: { closedAt: string | null; mergedInto: { id: string } | null } }>(t.d2, 'query($id: ID!) { org(id: $id) { closedAt mergedInto { id } } }', { id: orgs.e2.id })).org;
    expect([typeof merged.closedAt, merged.mergedInto]).toEqual(['string', { id: orgs.e1.id }]);
  });

  test('out-of-scope callers are refused and nothing changes', async () => {
    const { orgs } = g.fixture;
    const snapshot = async () => ({
      orgs: (await g.db.getRepository(OrgRow).find({ order: { id: 'ASC' } })).map((o) => [o.id, o.parentId, o.path, o.name, o.closedAt?.toISOString() ?? null]),
      members: (await g.db.getRepository(MemberRow).find({ order: { id: 'ASC' } })).map((m) => [m.id, m.orgId, m.orgPath]),
      outbox: await g.db.getRepository(OutboxRow).count(),
    });
    const before = await snapshot();
    // d1 lost the street: it can neither move it back nor see it.
    const back = await g.gql(t.d1, 'mutation($id: ID!, $p: ID!) { moveOrg(id: $id, parentId: $p) { id } }', { id: orgs.s1.id, p: orgs.d1.id });
    expect(back.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    const renameAbove = await g.gql(t.d2, 'mutation($id: ID!) { renameOrg(id: $id, name: "临江市总工会（新）工会") { id } }', { id: orgs.city.id });
    expect(renameAbove.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    const closeOwn = await g.gql(t.d2, 'mutation($id: ID!) { closeOrg(id: $id) { id } }', { id: orgs.d2.id });
    expect(closeOwn.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(await snapshot()).toEqual(before);
    expect(await g.drainOrgChanges()).toEqual({ delivered: 0, failed: 0, dead: 0 });
  });
});
