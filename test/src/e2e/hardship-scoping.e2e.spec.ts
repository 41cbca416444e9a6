import { INTERNAL_TOKEN_HEADER, secretKey, signInternalToken, systemCaller } from '@lianxin/auth';
import { DEV_INTERNAL_SECRET } from '@lianxin/config';
import { HardshipEventRow, HardshipFileRow, MemberRow } from '@lianxin/members';
import { enginesForSuites } from '../harness/engines';
import { startTestGraph, type TestGraph } from '../harness/graph';
import { CALLERS, errorOf, refusedByRole, tokenFor, unseenThrough, type CallerKey, type MemberKey } from './callers';
import { Oracle } from './oracle';

/**
 * The hardship register (困难职工档案): who may read and change a file (staff of the member's
 * union and above, admins; never members or partners), and its lifecycle — 建档, the yearly
 * review, a change of tier, 解困, a return, a temporary file made regular — with the member's
 * tier, which eligibility reads, following the register in the same transaction.
 */
const FILE = 'id memberId kind state tier openedOn reason evidence reviewedOn nextReviewOn exitedOn version history { action tier note actorOrgId }';
const STAFF_OR_ADMIN: CallerKey[] = ['admin', 'city', 'd1', 'd2', 's1', 'e1'];
const STAFF = 'union staff and admins';
const ALL_MEMBERS: MemberKey[] = ['m1', 'm2', 'm3', 'm4'];

describe.each(enginesForSuites())('the hardship register on %s', (engine) => {
  let g: TestGraph;
  let model: Oracle;
  const tokens = {} as Record<CallerKey, string | undefined>;
  const member = (k: MemberKey) => g.fixture.members[k].id;

  beforeAll(async () => {
    g = await startTestGraph(engine);
    model = new Oracle(g.fixture);
    for (const c of CALLERS) tokens[c] = await tokenFor(c, g.fixture);
  });
  afterAll(() => g?.stop());

  const register = async () => ({
    files: await g.db.getRepository(HardshipFileRow).find({ order: { id: 'ASC' } }),
    events: await g.db.getRepository(HardshipEventRow).count(),
    members: (await g.db.getRepository(MemberRow).find({ order: { id: 'ASC' } })).map((m) => [m.id, m.hardshipTier, m.hardshipReviewedOn]),
  });
  const fileOf = async (k: MemberKey) => g.db.getRepository(HardshipFileRow).findOneByOrFail({ memberId: member(k) });
  const codeOf = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;

  describe('scoping', () => {
    test.each(CALLERS)('Member.hardshipFile: %s reads m1\'s file only as staff of its union or above', async (caller) => {
      const res = await g.gql<{ member: { hardshipFile: { tier: string } | null } | null }>(tokens[caller], 'query($id: ID!) { member(id: $id) { hardshipFile { tier } } }', { id: member('m1') });
      if (STAFF_OR_ADMIN.includes(caller) && model.seesMember(caller, 'm1')) expect(res.data!.member!.hardshipFile).toEqual({ tier: 'DEEP' });
      else if (caller === 'member') expect(res.data!.member).toEqual({ hardshipFile: null });
      else if (STAFF_OR_ADMIN.includes(caller)) expect(res.data!.member).toBeNull();
      else expect(errorOf(res)).toEqual(refusedByRole(caller, 'members', 'member', 'union staff, admins and members'));
    });

    test.each(CALLERS)('hardshipReviewsDue: %s lists the files of exactly its members', async (caller) => {
      const res = await g.gql<{ hardshipReviewsDue: { edges: { node: { memberId: string; member: { id: string; name: string } | null } }[] } }>(
        tokens[caller],
        'query { hardshipReviewsDue(dueBy: "2099-12-31", first: 50) { edges { node { memberId member { id name } } } } }',
      );
      if (!STAFF_OR_ADMIN.includes(caller)) return expect(errorOf(res)).toEqual(refusedByRole(caller, 'members', 'hardshipReviewsDue', STAFF));
      const withFiles = (await g.db.getRepository(HardshipFileRow).find({ where: { state: 'OPEN' as never } })).map((f) => f.memberId);
      const expected = ALL_MEMBERS.filter((k) => model.seesMember(caller, k) && withFiles.includes(member(k))).map(member).sort();
      expect(res.data!.hardshipReviewsDue.edges.map((e) => e.node.memberId).sort()).toEqual(expected);
      // The list names whose file it is (a review list of bare ids is of no use at a desk).
      for (const { node } of res.data!.hardshipReviewsDue.edges) expect(node.member?.id).toBe(node.memberId);
    });

    test.each(CALLERS)('openHardshipFile: %s reaches only its members (m1 is on file already: DUPLICATE where seen), and nothing is written', async (caller) => {
      const before = await register();
      for (const key of ['m1'] as MemberKey[]) {
        const res = await g.gql(tokens[caller], 'mutation($m: ID!) { openHardshipFile(input: { memberId: $m, tier: GENERAL, reason: "因病致困", evidence: "病历" }) { id } }', { m: member(key) });
        if (!STAFF_OR_ADMIN.includes(caller)) expect(errorOf(res)).toEqual(refusedByRole(caller, 'members', 'openHardshipFile', STAFF));
        else if (!model.seesMember(caller, key)) expect(errorOf(res)).toEqual(unseenThrough(caller, 'members', 'openHardshipFile', 'member', member(key)));
        else expect([key, codeOf(res)]).toEqual([key, 'DUPLICATE']);
      }
      expect(await register()).toEqual(before);
    });

    // A stale version is checked after visibility and state: what comes back says whether the caller reached the file.
    const CHANGES: [string, string, string][] = [
      ['reviewHardshipFile', '{ reviewHardshipFile(id: $id, version: 0, note: "年审") { id } }', 'CONFLICT'],
      ['changeHardshipTier', '{ changeHardshipTier(id: $id, version: 0, tier: GENERAL, reason: "好转") { id } }', 'CONFLICT'],
      ['exitHardship', '{ exitHardship(id: $id, version: 0, reason: "再就业") { id } }', 'CONFLICT'],
      ['returnToHardship', '{ returnToHardship(id: $id, version: 0, tier: DEEP, reason: "再次致困") { id } }', 'INVALID_STATE'],
      ['makeHardshipFileRegular', '{ makeHardshipFileRegular(id: $id, version: 0, reason: "长期困难") { id } }', 'INVALID_STATE'],
    ];
    describe.each(CHANGES)('%s', (name, call, seen) => {
      test.each(CALLERS)('%s changes only files of its members, and nothing is written', async (caller) => {
        const before = await register();
        const id = (await fileOf('m1')).id;
        const res = await g.gql(tokens[caller], `mutation($id: ID!) ${call}`, { id });
        if (!STAFF_OR_ADMIN.includes(caller)) expect(errorOf(res)).toEqual(refusedByRole(caller, 'members', name, STAFF));
        else if (!model.seesMember(caller, 'm1')) expect(errorOf(res)).toEqual(unseenThrough(caller, 'members', name, 'hardship file', id));
        else expect(codeOf(res)).toBe(seen);
        expect(await register()).toEqual(before);
      });
    });
  });

  describe('the lifecycle', () => {
    const facts = async (k: MemberKey) => {
      const token = await signInternalToken(systemCaller('benefits'), 'members', secretKey(DEV_INTERNAL_SECRET));
      const { body } = await g.post(g.membersUrl, { query: 'query($ids: [ID!]!) { _memberFacts(ids: $ids) { hardshipTier } }', variables: { ids: [member(k)] } }, { [INTERNAL_TOKEN_HEADER]: token });
      return (body.data as { _memberFacts: { hardshipTier: string | null }[] })._memberFacts[0].hardshipTier;
    };
    type File = { id: string; state: string; tier: string; kind: string; version: number; exitedOn: string | null; nextReviewOn: string; reviewedOn: string; history: { action: string; tier: string; note: string; actorOrgId: string | null }[] };
    const run = async (token: string | undefined, mutation: string, vars: Record<string, unknown>): Promise<File> => {
      const res = await g.gql<Record<string, File>>(token, mutation, vars);
      if (res.errors) throw new Error(`${res.errors[0].extensions?.code}: ${res.errors[0].message}`);
      return Object.values(res.data!)[0];
    };

    test('e1 opens a temporary file for m2; it is reviewed, raised in tier, made regular, left and returned to; the history keeps every step and eligibility follows', async () => {
      expect(await facts('m2')).toBeNull();
      let f = await run(tokens.e1, `mutation($m: ID!) { openHardshipFile(input: { memberId: $m, tier: GENERAL, kind: TEMPORARY, reason: "骑行事故致伤，暂时失去收入", evidence: "医院诊断证明、站点出具的停工证明", openedOn: "2026-03-10" }) { ${FILE} } }`, { m: member('m2') });
      expect(f).toMatchObject({ state: 'OPEN', kind: 'TEMPORARY', tier: 'GENERAL', reviewedOn: '2026-03-10', nextReviewOn: '2027-03-10', version: 1 });
      expect(await facts('m2')).toBe('GENERAL');

      f = await run(tokens.s1, `mutation($id: ID!, $v: Int!) { reviewHardshipFile(id: $id, version: $v, note: "年审：伤情未愈", tier: DEEP, reviewedOn: "2026-11-20") { ${FILE} } }`, { id: f.id, v: f.version });
      expect(f).toMatchObject({ tier: 'DEEP', reviewedOn: '2026-11-20', nextReviewOn: '2027-11-20', version: 2 });
      f = await run(tokens.e1, `mutation($id: ID!, $v: Int!) { makeHardshipFileRegular(id: $id, version: $v, reason: "伤残鉴定为八级，长期困难") { ${FILE} } }`, { id: f.id, v: f.version });
      expect(f.kind).toBe('REGULAR');
      f = await run(tokens.e1, `mutation($id: ID!, $v: Int!) { exitHardship(id: $id, version: $v, reason: "转岗到站点调度，收入恢复") { ${FILE} } }`, { id: f.id, v: f.version });
      expect(f).toMatchObject({ state: 'EXITED', tier: 'DEEP' });
      expect(f.exitedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(await facts('m2')).toBeNull();
      const hidden = await g.gql<{ member: { hardshipTier: string | null } }>(tokens.e1, 'query($id: ID!) { member(id: $id) { hardshipTier } }', { id: member('m2') });
      expect(hidden.data!.member.hardshipTier).toBeNull();

      f = await run(tokens.d1, `mutation($id: ID!, $v: Int!) { returnToHardship(id: $id, version: $v, tier: GENERAL, reason: "站点关闭再次失业") { ${FILE} } }`, { id: f.id, v: f.version });
      expect(f).toMatchObject({ state: 'OPEN', tier: 'GENERAL', exitedOn: null, version: 5 });
      expect(await facts('m2')).toBe('GENERAL');
      expect(f.history.map((e) => [e.action, e.tier, e.actorOrgId])).toEqual([
        ['OPEN', 'GENERAL', g.fixture.orgs.e1.id],
        ['REVIEW', 'DEEP', g.fixture.orgs.s1.id],
        ['MAKE_REGULAR', 'DEEP', g.fixture.orgs.e1.id],
        ['EXIT', 'DEEP', g.fixture.orgs.e1.id],
        ['RETURN', 'GENERAL', g.fixture.orgs.d1.id],
      ]);
      expect(f.history[0].note).toBe('骑行事故致伤，暂时失去收入（医院诊断证明、站点出具的停工证明）');
    });

    test('refusals name what to fix and write nothing', async () => {
      const m1 = await fileOf('m1');
      const before = await register();
      const tries: [string, Record<string, unknown>, { code: string; message: string }][] = [
        ['mutation($m: ID!) { openHardshipFile(input: { memberId: $m, tier: GENERAL, reason: " ", evidence: "病历" }) { id } }', { m: member('m3') }, { code: 'BAD_USER_INPUT', message: 'reason: write it down: it goes into the file\'s history' }],
        ['mutation($m: ID!) { openHardshipFile(input: { memberId: $m, tier: GENERAL, reason: "因病", evidence: "病历", openedOn: "2999-01-01" }) { id } }', { m: member('m3') }, { code: 'BAD_USER_INPUT', message: expect.stringMatching(/^openedOn: 2999-01-01 has not come yet/) as never }],
        ['mutation($id: ID!, $v: Int!) { changeHardshipTier(id: $id, version: $v, tier: DEEP, reason: "无变化") { id } }', { id: m1.id, v: m1.version }, { code: 'BAD_USER_INPUT', message: 'tier: the file is already DEEP' }],
        ['mutation($id: ID!, $v: Int!) { returnToHardship(id: $id, version: $v, tier: DEEP, reason: "x") { id } }', { id: m1.id, v: m1.version }, { code: 'INVALID_STATE', message: 'This worker is in hardship now; review the file or change its tier instead.' }],
        ['mutation($id: ID!, $v: Int!) { reviewHardshipFile(id: $id, version: $v, note: "年审", reviewedOn: "2020-01-01") { id } }', { id: m1.id, v: m1.version }, { code: 'BAD_USER_INPUT', message: expect.stringMatching(/^reviewedOn: is before the last review/) as never }],
      ];
      for (const [mutation, vars, expected] of tries) {
        const res = await g.gql(tokens.e1, mutation, vars);
        expect({ code: codeOf(res), message: res.errors?.[0]?.message }).toEqual(expected);
      }
      expect(await register()).toEqual(before);
    });
  });
});
