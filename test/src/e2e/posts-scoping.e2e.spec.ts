import { CaseRow, OutreachKind, UnionPostRow } from '@lianxin/cases';
import { matrixRuns } from '../harness/fixtures';
import { startTestGraph, type TestGraph } from '../harness/graph';
import { CALLERS, errorOf, fromService, refusedByRole, rolesText, STAFF_ORG, tokenFor, staffTokenFor, unseenThrough, type CallerKey, type OrgKey } from './callers';
import { Oracle } from './oracle';

/**
 * The scoping matrix of union posts (工会驿站, cases subgraph) and what their wish walls and
 * suggestion books collect: every caller against every post query and mutation. Staff see the
 * posts run in their subtree; only the running union's own staff (and admins) keep a post and
 * record at it; a member sees the posts serving their union and leaves wishes there, seeing
 * their own; partners nothing. Every refused write leaves the rows as they were.
 */

const EVERYONE = rolesText(['member', 'staff', 'admin']);
const STAFF = rolesText(['staff', 'admin']);
type PostKey = 'atS1' | 'atE3';
const POST_AT: Record<PostKey, OrgKey> = { atS1: 's1', atE3: 'e3' };
/** Today in China, YYYY-MM-DD: everything in this suite is collected today. */
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe.each(matrixRuns())('union posts scoping matrix on $name', ({ engine, graph }) => {
  let g: TestGraph;
  let model: Oracle;
  const tokens = {} as Record<CallerKey, string | undefined>;
  const posts = {} as Record<PostKey, string>;
  let noWall: string;
  let wishOfM1: string;
  let org: (k: OrgKey) => string;

  const CREATE = 'mutation($i: CreateUnionPostInput!) { createUnionPost(input: $i) { id name wishWall org { id } } }';
  const WISH = 'mutation($i: PostEntryInput!) { recordWish(input: $i) { id channel sourceKind sourceId member { id } } }';
  const SUGGEST = 'mutation($i: PostEntryInput!) { recordSuggestion(input: $i) { id channel sourceKind sourceId } }';
  const postInput = (at: OrgKey, name: string, over: Record<string, unknown> = {}) => ({ orgId: org(at), name, address: '金山路18号', openingHours: '每天 8:00-20:00', ...over });

  const isStaff = (c: CallerKey) => c === 'admin' || !!STAFF_ORG[c];
  /** The running union's own staff, and admins. */
  const keeps = (c: CallerKey, at: OrgKey) => c === 'admin' || STAFF_ORG[c] === at;
  /** Staff see posts run in their subtree; a member those run at their union or above it. */
  const seesPost = (c: CallerKey, at: OrgKey) => (c === 'member' || isStaff(c)) && model.seesOrg(c, at);
  const postKeyOf = (id: string) => (Object.entries(posts).find(([, v]) => v === id)?.[0] ?? id) as PostKey;
  const rows = async () => ({
    posts: await g.casesDb.getRepository(UnionPostRow).find({ order: { id: 'ASC' } }),
    cases: await g.casesDb.getRepository(CaseRow).count(),
  });
  /** What staff who do not keep the post's union get: above it FORBIDDEN, beside it as if it did not exist. */
  const notKeeper = (caller: CallerKey, at: OrgKey, root: string, field: string) => ({
    message: `The union posts of ${g.fixture.orgs[at].name} are kept by its own staff; ask them.`, path: [root], extensions: { code: 'FORBIDDEN', field, ...fromService(caller, 'cases') },
  });

  beforeAll(async () => {
    g = await startTestGraph(engine, graph);
    model = new Oracle(g.fixture);
    for (const c of CALLERS) tokens[c] = await tokenFor(c, g.fixture);
    org = (k) => g.fixture.orgs[k].id;
    const s1 = await staffTokenFor('s1', g.fixture);
    const e3 = await staffTokenFor('e3', g.fixture);
    const create = async (token: string, input: Record<string, unknown>) => {
      const res = await g.gql<{ createUnionPost: { id: string } }>(token, CREATE, { i: input });
      if (!res.data?.createUnionPost) throw new Error(`createUnionPost: ${res.errors?.[0]?.message}`);
      return res.data.createUnionPost.id;
    };
    posts.atS1 = await create(s1, postInput('s1', '劳动者大本营'));
    posts.atE3 = await create(e3, postInput('e3', '顺达快递驿站'));
    noWall = await create(s1, postInput('s1', '金山路户外劳动者驿站', { wishWall: false }));
    const wish = async (token: string, input: Record<string, unknown>) => {
      const res = await g.gql<{ recordWish: { id: string } }>(token, WISH, { i: input });
      if (!res.data?.recordWish) throw new Error(`recordWish: ${res.errors?.[0]?.message}`);
      return res.data.recordWish.id;
    };
    wishOfM1 = await wish(s1, { postId: posts.atS1, text: '希望暑假给职工子女办托管班', memberId: g.fixture.members.m1.id });
    await wish(s1, { postId: posts.atS1, text: '希望驿站装一个充电柜' });
    await wish(e3, { postId: posts.atE3, text: '希望开一期公益声乐班' });
  });
  afterAll(() => g?.stop());

  test.each(CALLERS)('unionPosts and unionPost(id): %s sees exactly the posts serving or under it', async (caller) => {
    const list = await g.gql<{ unionPosts: { edges: { node: { id: string; org: { id: string } } }[] } }>(tokens[caller], '{ unionPosts(first: 100) { edges { node { id name org { id } } } } }');
    const expected = (['atS1', 'atE3'] as PostKey[]).filter((k) => seesPost(caller, POST_AT[k]));
    if (caller === 'partner' || caller === 'anonymous') {
      expect(errorOf(list)).toEqual(refusedByRole(caller, 'cases', 'unionPosts', EVERYONE));
    } else {
      expect(list.errors).toBeUndefined();
      const inTreeOrder = expected.sort((a, b) => (model.path(POST_AT[a]) < model.path(POST_AT[b]) ? -1 : 1));
      expect(list.data!.unionPosts.edges.map((e) => postKeyOf(e.node.id)).filter((k) => k in POST_AT)).toEqual(inTreeOrder);
    }
    for (const k of ['atS1', 'atE3'] as PostKey[]) {
      const one = await g.gql<{ unionPost: { id: string } | null }>(tokens[caller], 'query($id: ID!) { unionPost(id: $id) { id address wishWall } }', { id: posts[k] });
      if (caller === 'partner' || caller === 'anonymous') {
        expect(errorOf(one)).toEqual(refusedByRole(caller, 'cases', 'unionPost', EVERYONE));
        continue;
      }
      expect(one.errors).toBeUndefined();
      expect([k, one.data!.unionPost?.id ?? null]).toEqual([k, seesPost(caller, POST_AT[k]) ? posts[k] : null]);
    }
  });

  test.each(CALLERS)('postCases: %s reads the wishes of a post it sees, a member only their own', async (caller) => {
    for (const k of ['atS1', 'atE3'] as PostKey[]) {
      const res = await g.gql<{ postCases: { edges: { node: { id: string } }[] } }>(tokens[caller], 'query($p: ID!) { postCases(postId: $p, channel: WISH_WALL, first: 100) { edges { node { id channel } } } }', { p: posts[k] });
      if (caller === 'partner' || caller === 'anonymous') {
        expect(errorOf(res)).toEqual(refusedByRole(caller, 'cases', 'postCases', EVERYONE));
        continue;
      }
      expect(res.errors).toBeUndefined();
      const wishes = await g.casesDb.getRepository(CaseRow).find({ where: { sourceId: posts[k], sourceKind: OutreachKind.UNION_POST, channel: 'WISH_WALL' as never }, order: { id: 'DESC' } });
      const mine = caller === 'member' ? wishes.filter((c) => c.memberId === g.fixture.members.m1.id) : wishes;
      expect([k, res.data!.postCases.edges.map((e) => e.node.id)]).toEqual([k, seesPost(caller, POST_AT[k]) ? mine.map((c) => c.id) : []]);
    }
  });

  test.each(CALLERS)('unionPostFigures: %s counts the posts of an org it sees, as the rows do; null for the others', async (caller) => {
    const q = 'query($o: ID, $day: String!) { unionPostFigures(orgId: $o, from: $day, to: $day) { orgId posts wishes chosen granted suggestions answered byPost { postId wishes } } }';
    for (const at of ['s1', 'e3'] as OrgKey[]) {
      const res = await g.gql<{ unionPostFigures: Record<string, unknown> | null }>(tokens[caller], q, { o: org(at), day: today() });
      if (!isStaff(caller)) {
        expect(errorOf(res)).toEqual(refusedByRole(caller, 'cases', 'unionPostFigures', STAFF));
        continue;
      }
      expect(res.errors).toBeUndefined();
      if (!model.seesOrg(caller, at)) {
        expect([at, res.data!.unionPostFigures]).toEqual([at, null]);
        continue;
      }
      const under = (await g.casesDb.getRepository(UnionPostRow).find()).filter((p) => p.orgPath.startsWith(g.fixture.orgs[at].path)).sort((a, b) => (a.orgPath < b.orgPath ? -1 : a.orgPath > b.orgPath ? 1 : a.id < b.id ? -1 : 1));
      const collected = await g.casesDb.getRepository(CaseRow).find({ where: { sourceKind: OutreachKind.UNION_POST } });
      const wishesAt = (id: string) => collected.filter((c) => c.sourceId === id && c.channel === 'WISH_WALL').length;
      const ids = new Set(under.map((p) => p.id));
      expect([at, res.data!.unionPostFigures]).toEqual([at, {
        orgId: org(at), posts: under.length, wishes: under.reduce((t, p) => t + wishesAt(p.id), 0), chosen: 0, granted: 0,
        suggestions: collected.filter((c) => ids.has(c.sourceId!) && c.channel === 'SUGGESTION_BOOK').length, answered: 0,
        byPost: under.map((p) => ({ postId: p.id, wishes: wishesAt(p.id) })),
      }]);
    }
  });

  test.each(CALLERS)('createUnionPost: %s enters a post of s1 only as its own staff or an admin', async (caller) => {
    const before = await rows();
    const res = await g.gql<{ createUnionPost: { name: string; org: { id: string } } | null }>(tokens[caller], CREATE, { i: postInput('s1', `驿站${caller}`) });
    const after = await rows();
    if (keeps(caller, 's1')) {
      expect(res.errors).toBeUndefined();
      expect(res.data!.createUnionPost).toEqual({ id: expect.any(String), name: `驿站${caller}`, wishWall: true, org: { id: org('s1') } });
      expect(after.posts.length).toBe(before.posts.length + 1);
      return;
    }
    if (!isStaff(caller)) expect(errorOf(res)).toEqual(refusedByRole(caller, 'cases', 'createUnionPost', STAFF));
    else if (model.seesOrg(caller, 's1')) expect(errorOf(res)).toEqual(notKeeper(caller, 's1', 'createUnionPost', 'orgId'));
    else {
      expect(errorOf(res)).toEqual({
        message: `orgId: no union ${org('s1')} exists in your scope. Pick a union at or under your own.`, path: ['createUnionPost'], extensions: { code: 'NOT_FOUND', field: 'orgId', ...fromService(caller, 'cases') },
      });
    }
    expect(after).toEqual(before);
  });

  test.each(CALLERS)('updateUnionPost: %s changes the post of s1 only as its own staff or an admin', async (caller) => {
    const before = await rows();
    const res = await g.gql<{ updateUnionPost: { openingHours: string } | null }>(tokens[caller], 'mutation($id: ID!, $i: UpdateUnionPostInput!) { updateUnionPost(id: $id, input: $i) { openingHours version } }', {
      id: posts.atS1, i: { openingHours: `周一至周日 ${caller}` },
    });
    const after = await rows();
    if (keeps(caller, 's1')) {
      expect(res.errors).toBeUndefined();
      expect(res.data!.updateUnionPost).toEqual({ openingHours: `周一至周日 ${caller}`, version: before.posts.find((p) => p.id === posts.atS1)!.version + 1 });
      return;
    }
    if (!isStaff(caller)) expect(errorOf(res)).toEqual(refusedByRole(caller, 'cases', 'updateUnionPost', STAFF));
    else if (model.seesOrg(caller, 's1')) expect(errorOf(res)).toEqual(notKeeper(caller, 's1', 'updateUnionPost', 'id'));
    else expect(errorOf(res)).toEqual(unseenThrough(caller, 'cases', 'updateUnionPost', 'union post', posts.atS1));
    expect(after).toEqual(before);
  });

  test.each(CALLERS)('recordWish and recordSuggestion: %s records at a post as its keeper, or leaves one as a member it serves', async (caller) => {
    for (const [k, doc, root] of [['atS1', WISH, 'recordWish'], ['atE3', SUGGEST, 'recordSuggestion']] as const) {
      const at = POST_AT[k];
      const before = await rows();
      const res = await g.gql<Record<string, { channel: string; sourceKind: string; sourceId: string } | null>>(tokens[caller], doc, { i: { postId: posts[k], text: `${caller} 希望驿站多放几把椅子` } });
      const after = await rows();
      const may = keeps(caller, at) || (caller === 'member' && seesPost(caller, at));
      if (may) {
        expect(res.errors).toBeUndefined();
        expect(res.data![root]).toMatchObject({ channel: root === 'recordWish' ? 'WISH_WALL' : 'SUGGESTION_BOOK', sourceKind: 'UNION_POST', sourceId: posts[k] });
        expect(after).toEqual({ ...before, cases: before.cases + 1 });
        continue;
      }
      if (caller === 'partner' || caller === 'anonymous') expect(errorOf(res)).toEqual(refusedByRole(caller, 'cases', root, EVERYONE));
      else if (seesPost(caller, at)) expect(errorOf(res)).toEqual(notKeeper(caller, at, root, 'postId'));
      else expect(errorOf(res)).toEqual(unseenThrough(caller, 'cases', root, 'union post', posts[k]));
      expect(after).toEqual(before);
    }
  });

  test('bad input gets a stable code and leaves the rows: empty text, a post without a wish wall, a member naming someone', async () => {
    const s1 = await staffTokenFor('s1', g.fixture);
    const before = await rows();
    const bad = (root: string, field: string, message: string, caller: CallerKey | 's1') => ({
      message: `${field}: ${message}`, path: [root], extensions: { code: 'BAD_USER_INPUT', field, ...(caller === 'member' ? {} : { serviceName: 'cases' }) },
    });
    expect(errorOf(await g.gql(s1, WISH, { i: { postId: posts.atS1, text: '   ' } }))).toEqual(bad('recordWish', 'text', 'write the wish in 5 to 2000 characters, in the worker\'s words', 's1'));
    expect(errorOf(await g.gql(s1, WISH, { i: { postId: noWall, text: '希望驿站装个微波炉' } }))).toEqual(
      bad('recordWish', 'postId', '金山路户外劳动者驿站 has no wish wall; take the wish at a post with one, or put one up there first (updateUnionPost)', 's1'));
    if (seesPost('member', 's1')) {
      expect(errorOf(await g.gql(tokens.member, SUGGEST, { i: { postId: posts.atS1, text: '建议延长开放时间', memberId: g.fixture.members.m1.id } }))).toEqual(
        bad('recordSuggestion', 'memberId', 'members leave a suggestion for themselves; leave it out', 'member'));
    }
    expect(errorOf(await g.gql(s1, CREATE, { i: postInput('s1', '劳动者大本营') }))).toEqual({
      message: `${g.fixture.orgs.s1.name} already runs a post named 劳动者大本营; give this one another name, or change that one (updateUnionPost).`,
      path: ['createUnionPost'], extensions: { code: 'DUPLICATE', field: 'name', serviceName: 'cases' },
    });
    expect(await rows()).toEqual(before);
  });

  test('a case collected at a post names its post to the member it belongs to and to staff above', async () => {
    const q = 'query($id: ID!) { case(id: $id) { id channel sourceKind unionPost { id name } } }';
    const member = await g.gql<{ case: { unionPost: { id: string } | null } | null }>(tokens.member, q, { id: wishOfM1 });
    expect(member.errors).toBeUndefined();
    // m1 belongs under e1; the post runs at s1, which serves them when s1 is above e1.
    expect(member.data!.case).toEqual(seesPost('member', 's1') ? { id: wishOfM1, channel: 'WISH_WALL', sourceKind: 'UNION_POST', unionPost: { id: posts.atS1, name: '劳动者大本营' } } : expect.anything());
    const city = await g.gql<{ case: { unionPost: { id: string } | null } }>(tokens.city, q, { id: wishOfM1 });
    expect(city.data!.case.unionPost).toEqual({ id: posts.atS1, name: '劳动者大本营' });
  });
});
