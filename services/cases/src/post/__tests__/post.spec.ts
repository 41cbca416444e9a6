import { testDatabases } from '@lianxin/jest-config/databases';
import type { DataSource } from 'typeorm';
import { newId } from '@lianxin/auth';
import { ErrorCode } from '@lianxin/subgraph';
import { callerStub, contextFor, failure, FakeStaffDirectory, orgTree, silentLog, unionOutOfScope, unseen } from '@lianxin/test-kit';
import { openCasesDatabase } from '../../app';
import { CaseRow } from '../../casefile/case.entity';
import { CaseChannel, CaseKind, CaseState, DeclineReason, OutreachKind } from '../../casefile/case.enums';
import * as cases from '../../case/case.service';
import { CaseEventRow } from '../../ledger/ledger.entity';
import { verifyLedger } from '../../ledger/ledger.service';
import { createProject, resolveProject } from '../../project/project.service';
import { CreateProjectInput } from '../../project/project.types';
import { UnionPostRow } from '../post.entity';
import { applyOrgChange } from '../../orgchange/orgchange.service';
import { OrgChangeAction } from '@lianxin/members-client';
import * as sut from '../post.service';
import { CreateUnionPostInput, PostChannel, PostEntryInput, UpdateUnionPostInput } from '../post.types';

const engines = testDatabases('post', (o) => openCasesDatabase({ ...o, log: silentLog }));

describe.each(engines)('union posts (心愿墙, 意见簿) on $name', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  const { city, d1, d2, s1, e1, e2, e3, directory } = orgTree();
  const { admin, staff, member, partner } = callerStub;
  const handlers = FakeStaffDirectory.atEach([city, d1, d2, s1, e1, e2, e3]);
  const ctxOf = contextFor({ db: () => db, orgs: directory, staff: handlers });
  const m1 = { id: newId(), orgId: e1.id, orgPath: e1.path };
  directory.place(m1.id, e1);
  const m3 = { id: newId(), orgId: e3.id, orgPath: e3.path };
  directory.place(m3.id, e3);
  const NOW = new Date('2026-10-15T04:00:00Z');

  const postInput = (over: Partial<CreateUnionPostInput> = {}) =>
    Object.assign(new CreateUnionPostInput(), { orgId: s1.id, name: '劳动者大本营', address: '达川区西外镇金山路18号', openingHours: '每天 8:00-20:00', wishWall: true, suggestionBook: true, ...over });
  const entry = (postId: string, over: Partial<PostEntryInput> = {}) => Object.assign(new PostEntryInput(), { postId, text: '希望暑假能给职工子女办个托管班', ...over });

  /** Everything a post write may touch, to prove a refused one touched none of it. */
  const written = async () => ({
    posts: await db.getRepository(UnionPostRow).find({ order: { id: 'ASC' } }),
    cases: await db.getRepository(CaseRow).count(),
    events: await db.getRepository(CaseEventRow).count(),
  });

  let base: UnionPostRow;
  let bookOnly: UnionPostRow;
  let atE3: UnionPostRow;

  beforeAll(async () => {
    ({ db, close } = await engine.open());
    base = await sut.createUnionPost(ctxOf(staff(s1)), postInput(), NOW);
    bookOnly = await sut.createUnionPost(ctxOf(staff(s1)), postInput({ name: '金山路户外劳动者驿站', wishWall: false, openingHours: null }), NOW);
    atE3 = await sut.createUnionPost(ctxOf(staff(e3)), postInput({ orgId: e3.id, name: '顺达快递驿站' }), NOW);
  });
  afterAll(async () => {
    await close?.();
  });

  describe('the posts', () => {
    it('are entered by the running union\'s own staff, and changed on the version last seen', async () => {
      expect(base).toMatchObject({ orgId: s1.id, orgPath: s1.path, name: '劳动者大本营', openingHours: '每天 8:00-20:00', wishWall: true, suggestionBook: true, version: 1 });
      expect(bookOnly).toMatchObject({ wishWall: false, suggestionBook: true, openingHours: null });
      const changed = await sut.updateUnionPost(ctxOf(staff(s1)), bookOnly.id, Object.assign(new UpdateUnionPostInput(), { address: ' 金山路 2 号 ', version: 1 }), NOW);
      expect(changed).toMatchObject({ address: '金山路 2 号', wishWall: false, version: 2 });
      expect(await failure(sut.updateUnionPost(ctxOf(staff(s1)), bookOnly.id, Object.assign(new UpdateUnionPostInput(), { address: '又改', version: 1 }), NOW))).toEqual({
        message: 'The union post 金山路户外劳动者驿站 changed since you read it. Reload it and try again.', extensions: { code: ErrorCode.CONFLICT },
      });
      expect(await db.getRepository(UnionPostRow).findOneByOrFail({ id: bookOnly.id })).toMatchObject({ address: '金山路 2 号', version: 2 });
    });

    it('refuses other callers, a second post of one name and blank input, writing nothing', async () => {
      const before = await written();
      const keptBy = (org: typeof s1) => ({ message: `The union posts of ${org.name} are kept by its own staff; ask them.`, extensions: { code: ErrorCode.FORBIDDEN, field: 'orgId' } });
      const staffOnly = { message: 'Union posts are kept by union staff; ask your union.', extensions: { code: ErrorCode.FORBIDDEN } };
      const refusals = [
        [staff(d1), postInput({ name: '新驿站' }), keptBy(s1)],
        [staff(e1), postInput({ name: '新驿站' }), unionOutOfScope('orgId', s1.id)],
        [staff(d2), postInput({ name: '新驿站' }), unionOutOfScope('orgId', s1.id)],
        [member(m1), postInput({ name: '新驿站' }), staffOnly],
        [partner, postInput({ name: '新驿站' }), staffOnly],
        [staff(s1), postInput(), { message: `${s1.name} already runs a post named 劳动者大本营; give this one another name, or change that one (updateUnionPost).`, extensions: { code: ErrorCode.DUPLICATE, field: 'name' } }],
        [staff(s1), postInput({ name: '  ' }), { message: 'name: must not be blank', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'name' } }],
        [staff(s1), postInput({ name: '新驿站', address: '' }), { message: 'address: must not be blank', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'address' } }],
      ] as const;
      for (const [caller, input, refusal] of refusals) expect([caller.sub, await failure(sut.createUnionPost(ctxOf(caller), input, NOW))]).toEqual([caller.sub, refusal]);
      expect(await failure(sut.updateUnionPost(ctxOf(staff(d1)), base.id, Object.assign(new UpdateUnionPostInput(), { wishWall: false }), NOW))).toEqual({ ...keptBy(s1), extensions: { code: ErrorCode.FORBIDDEN, field: 'id' } });
      expect(await failure(sut.updateUnionPost(ctxOf(staff(e3)), base.id, Object.assign(new UpdateUnionPostInput(), { wishWall: false }), NOW))).toEqual(unseen('union post', base.id));
      expect(await written()).toEqual(before);
    });

    it('are seen by staff of their subtree and by the members they serve, in tree order', async () => {
      const names = async (caller: Parameters<typeof ctxOf>[0], orgId?: string) => (await sut.listUnionPosts(ctxOf(caller), { first: 50, orgId })).edges.map((e) => e.node.name);
      expect(await names(admin)).toEqual(['劳动者大本营', '金山路户外劳动者驿站', '顺达快递驿站']);
      expect(await names(staff(d1))).toEqual(['劳动者大本营', '金山路户外劳动者驿站']);
      expect(await names(staff(city), e3.id)).toEqual(['顺达快递驿站']);
      expect(await names(staff(e1))).toEqual([]);
      // m1 belongs to e1, under s1: both s1 posts serve them; e3's does not.
      expect(await names(member(m1))).toEqual(['劳动者大本营', '金山路户外劳动者驿站']);
      expect(await names(member(m3))).toEqual(['顺达快递驿站']);
      expect(await names(partner)).toEqual([]);
      expect(await sut.getUnionPost(ctxOf(member(m3)), base.id)).toBeNull();
    });
  });

  describe('wishes and suggestions', () => {
    it('are cases registered at the post\'s union, linked to the post, through the one registerCase()', async () => {
      const byStaff = await sut.recordAtPost(ctxOf(staff(s1)), PostChannel.WISH_WALL, entry(base.id, { memberId: m1.id }), NOW);
      expect(byStaff).toMatchObject({
        channel: CaseChannel.WISH_WALL, kind: CaseKind.MICRO_WISH, state: CaseState.REGISTERED, raisedOrgId: s1.id, memberId: m1.id, sourceKind: OutreachKind.UNION_POST, sourceId: base.id,
      });
      const byMember = await sut.recordAtPost(ctxOf(member(m1)), PostChannel.SUGGESTION_BOOK, entry(bookOnly.id, { text: '驿站的饮水机坏了一周了', kind: CaseKind.CARE_POST }), NOW);
      expect(byMember).toMatchObject({ channel: CaseChannel.SUGGESTION_BOOK, kind: CaseKind.CARE_POST, memberId: m1.id, raisedOrgId: s1.id, sourceId: bookOnly.id });
      const anonymous = await sut.recordAtPost(ctxOf(member(m1)), PostChannel.SUGGESTION_BOOK, entry(base.id, { text: '建议驿站晚上开到十点', anonymous: true }), NOW);
      expect(anonymous).toMatchObject({ kind: CaseKind.SUGGESTION, memberId: null, sourceId: base.id });
      const raise = await db.getRepository(CaseEventRow).findOneByOrFail({ caseId: byStaff.id, seq: 1 });
      expect(JSON.parse(raise.detail!)).toMatchObject({ channel: CaseChannel.WISH_WALL, sourceKind: OutreachKind.UNION_POST, sourceId: base.id, onBehalf: true });
      expect((await verifyLedger(db, { caseIds: [byStaff.id, byMember.id, anonymous.id] })).ok).toBe(true);
    });

    it('are refused with a stable code for a post unseen, another union\'s post, a missing wall and empty text, writing nothing', async () => {
      const before = await written();
      const bad = (field: string, message: string) => ({ message: `${field}: ${message}`, extensions: { code: ErrorCode.BAD_USER_INPUT, field } });
      const refusals: [Parameters<typeof ctxOf>[0], PostChannel, PostEntryInput, unknown][] = [
        [member(m3), PostChannel.WISH_WALL, entry(base.id), unseen('union post', base.id)],
        [staff(e3), PostChannel.WISH_WALL, entry(base.id), unseen('union post', base.id)],
        [staff(d1), PostChannel.WISH_WALL, entry(base.id), { message: `The union posts of ${s1.name} are kept by its own staff; ask them.`, extensions: { code: ErrorCode.FORBIDDEN, field: 'postId' } }],
        [partner, PostChannel.WISH_WALL, entry(base.id), { message: 'A wish is left by a member or recorded by union staff at a union post.', extensions: { code: ErrorCode.FORBIDDEN } }],
        [staff(s1), PostChannel.WISH_WALL, entry(bookOnly.id), bad('postId', '金山路户外劳动者驿站 has no wish wall; take the wish at a post with one, or put one up there first (updateUnionPost)')],
        [member(m1), PostChannel.WISH_WALL, entry(base.id, { text: '  ' }), bad('text', 'write the wish in 5 to 2000 characters, in the worker\'s words')],
        [staff(s1), PostChannel.SUGGESTION_BOOK, entry(base.id, { text: '' }), bad('text', 'write the suggestion in 5 to 2000 characters, in the worker\'s words')],
        [staff(s1), PostChannel.WISH_WALL, entry(base.id, { memberId: m3.id }), bad('memberId', `no member ${m3.id} belongs under ${s1.name}; leave it out for a worker not named`)],
        [member(m1), PostChannel.WISH_WALL, entry(base.id, { memberId: m1.id }), bad('memberId', 'members leave a wish for themselves; leave it out')],
        [staff(s1), PostChannel.WISH_WALL, entry(base.id, { anonymous: true }), bad('anonymous', 'only a member leaves a wish anonymously; staff leave memberId out for a worker not named')],
      ];
      for (const [caller, at, input, refusal] of refusals) expect([caller.sub, at, await failure(sut.recordAtPost(ctxOf(caller), at, input, NOW))]).toEqual([caller.sub, at, refusal]);
      expect(await written()).toEqual(before);
    });

    it('answer a retry with the same key with the first case, writing nothing more; the key with another text is refused', async () => {
      const first = await sut.recordAtPost(ctxOf(member(m1)), PostChannel.WISH_WALL, entry(base.id, { text: '希望驿站冬天有热水' }), NOW, 'wish-key-1');
      const before = await written();
      const again = await sut.recordAtPost(ctxOf(member(m1)), PostChannel.WISH_WALL, entry(base.id, { text: '希望驿站冬天有热水' }), NOW, 'wish-key-1');
      expect(again.id).toBe(first.id);
      expect((await failure(sut.recordAtPost(ctxOf(member(m1)), PostChannel.WISH_WALL, entry(base.id, { text: '希望驿站夏天有凉茶' }), NOW, 'wish-key-1'))).extensions).toEqual({ code: ErrorCode.IDEMPOTENCY_KEY_REUSED });
      expect(await written()).toEqual(before);
    });

    it('are listed per post, newest first: staff all, a member their own', async () => {
      const mine = await sut.recordAtPost(ctxOf(member(m1)), PostChannel.WISH_WALL, entry(base.id, { text: '想学声乐，希望工会开公益课' }), NOW);
      const walkIn = await sut.recordAtPost(ctxOf(staff(s1)), PostChannel.WISH_WALL, entry(base.id, { text: '希望驿站装个充电柜' }), NOW);
      const ids = async (caller: Parameters<typeof ctxOf>[0], channel = PostChannel.WISH_WALL) =>
        (await sut.listPostCases(ctxOf(caller), { postId: base.id, channel, first: 50 })).edges.map((e) => e.node.id);
      const fromRows = async (where: { memberId?: string } = {}) => (await db.getRepository(CaseRow).find({ where: { sourceId: base.id, channel: CaseChannel.WISH_WALL, ...where }, order: { id: 'DESC' } })).map((c) => c.id);
      expect(await ids(staff(s1))).toEqual(await fromRows({}));
      expect(await ids(staff(d1))).toContain(walkIn.id);
      expect(await ids(member(m1))).toEqual(await fromRows({ memberId: m1.id }));
      expect(await ids(member(m1))).toContain(mine.id);
      expect(await ids(member(m3))).toEqual([]);
      expect(await ids(partner)).toEqual([]);
      const page = await sut.listPostCases(ctxOf(staff(s1)), { postId: base.id, channel: PostChannel.WISH_WALL, first: 1 });
      const next = await sut.listPostCases(ctxOf(staff(s1)), { postId: base.id, channel: PostChannel.WISH_WALL, first: 50, after: page.pageInfo.endCursor });
      expect([...page.edges, ...next.edges].map((e) => e.node.id)).toEqual(await fromRows({}));
    });
  });

  describe('choosing wishes and the figures', () => {
    it('chooses wishes into an existing service project, grants them, and counts as the rows do', async () => {
      const wish = (text: string) => sut.recordAtPost(ctxOf(staff(s1)), PostChannel.WISH_WALL, entry(base.id, { text }), NOW);
      const chosen = [await wish('希望办职工子女暑期托管班'), await wish('希望暑假给孩子们放几场公益电影')];
      await wish('希望食堂增加川菜窗口');
      const suggestion = await sut.recordAtPost(ctxOf(staff(s1)), PostChannel.SUGGESTION_BOOK, entry(base.id, { text: '建议在驿站放些常用药品' }), NOW);
      await cases.declineCase(ctxOf(staff(s1)), suggestion.id, null, DeclineReason.OUTSIDE_UNION_REMIT, '药品须由医疗机构提供，已转告社区卫生站');
      // 200 → 45: the district takes the chosen wishes into one project, as any cases with one purpose.
      const project = await createProject(ctxOf(staff(d1)), Object.assign(new CreateProjectInput(), { orgId: d1.id, title: '暑期职工子女关爱', purpose: '托管班与公益放映', caseIds: chosen.map((c) => c.id) }), NOW);
      await resolveProject(ctxOf(staff(d1)), project.id, '托管班开班，公益电影放映四场', null, NOW);

      const figures = await sut.unionPostFigures(ctxOf(staff(d1)), { orgId: d1.id, from: '2026-10-01', to: '2026-10-31' });
      const all = await db.getRepository(CaseRow).find({ where: { sourceKind: OutreachKind.UNION_POST } });
      const of = (postId: string) => {
        const wishes = all.filter((c) => c.sourceId === postId && c.channel === CaseChannel.WISH_WALL);
        const suggestions = all.filter((c) => c.sourceId === postId && c.channel === CaseChannel.SUGGESTION_BOOK);
        return {
          postId,
          wishes: wishes.length,
          chosen: wishes.filter((c) => c.projectId).length,
          granted: wishes.filter((c) => ['RESOLVED', 'SIGNED_OFF', 'CLOSED'].includes(c.state)).length,
          suggestions: suggestions.length,
          answered: suggestions.filter((c) => ['RESOLVED', 'SIGNED_OFF', 'CLOSED', 'DECLINED'].includes(c.state)).length,
        };
      };
      const expected = [of(base.id), of(bookOnly.id)];
      expect(expected[0]).toMatchObject({ chosen: 2, granted: 2, answered: 1 });
      const total = (k: 'wishes' | 'chosen' | 'granted' | 'suggestions' | 'answered') => expected.reduce((t, r) => t + r[k], 0);
      expect(figures).toEqual({
        orgId: d1.id, from: '2026-10-01', to: '2026-10-31', posts: 2,
        wishes: total('wishes'), chosen: 2, granted: 2, grantedRate: 2 / total('wishes'), suggestions: total('suggestions'), answered: total('answered'),
        byPost: expected,
      });
      // The period counts by the day a wish was collected; a month without any counts zeros.
      expect(await sut.unionPostFigures(ctxOf(staff(s1)), { from: '2026-09-01', to: '2026-09-30' })).toMatchObject({ posts: 2, wishes: 0, suggestions: 0, grantedRate: null });
      expect((await sut.listPostCases(ctxOf(staff(s1)), { postId: base.id, channel: PostChannel.WISH_WALL, chosen: true, first: 50 })).edges.map((e) => e.node.id).sort()).toEqual(chosen.map((c) => c.id).sort());
    });

    it('shows figures to staff of the subtree only, null beside it', async () => {
      expect(await sut.unionPostFigures(ctxOf(staff(d2)), { orgId: d1.id, from: '2026-10-01', to: '2026-10-31' })).toBeNull();
      expect(await sut.unionPostFigures(ctxOf(staff(e3)), { from: '2026-10-01', to: '2026-10-31' })).toMatchObject({ posts: 1, wishes: 0, byPost: [{ postId: atE3.id, wishes: 0 }] });
      expect(await failure(sut.unionPostFigures(ctxOf(member(m1)), { from: '2026-10-01', to: '2026-10-31' }))).toEqual({ message: 'Union post figures are for union staff; ask your union.', extensions: { code: ErrorCode.FORBIDDEN } });
      expect(await failure(sut.unionPostFigures(ctxOf(staff(d1)), { from: '2026-10-31', to: '2026-10-01' }))).toEqual({
        message: 'to: 2026-10-01 is before from (2026-10-31); give the period\'s first day first', extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'to' },
      });
    });
  });

  it('follows its union when the union moves (org.changed), last: it moves s1 under d2', async () => {
    const toPath = `${d2.path}${s1.id}/`;
    await applyOrgChange(db, {
      eventId: newId(), action: OrgChangeAction.MOVE, orgId: s1.id, fromPath: s1.path, toPath, survivorId: null, survivorPath: null,
      at: NOW, actorSub: 'staff-city', actorRole: 'staff', actorOrgId: city.id,
    });
    expect((await db.getRepository(UnionPostRow).find({ where: { orgId: s1.id }, order: { id: 'ASC' } })).map((p) => p.orgPath)).toEqual([toPath, toPath]);
    expect((await db.getRepository(UnionPostRow).findOneByOrFail({ id: atE3.id })).orgPath).toBe(e3.path);
  });
});
