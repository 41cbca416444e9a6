import { testDatabases } from '@lianxin/jest-config/databases';
import type { DataSource } from 'typeorm';
import { childPath, newId } from '@lianxin/auth';
import { Random } from '@lianxin/demo-kit';
import { createLogger } from '@lianxin/subgraph';
import { callerStub, contextFor, FakeOrgDirectory } from '@lianxin/test-kit';
import { openCasesDatabase } from '../../app';
import { CaseRow } from '../../casefile/case.entity';
import { CaseChannel, CaseState, OutreachKind } from '../../casefile/case.enums';
import { tallyDrift } from '../../figures/tally.rebuild';
import { verifyLedger } from '../../ledger/ledger.service';
import { ProjectRow, ProjectState } from '../../project/project.entity';
import { UnionPostRow } from '../../post/post.entity';
import { unionPostFigures } from '../../post/post.service';
import { runSweep } from '../../sweep/sweep.service';
import type { SeedMember, SeedOrg } from '../generate';
import { POST_DEMO, seedUnionPosts } from '../posts';
import { seedCasesDemoData } from '../seed';

const engines = testDatabases('seed-posts', (o) => openCasesDatabase({ ...o, log: createLogger('test', 'silent') }));
const DAY = 86_400_000;
const NOW = new Date('2026-06-15T04:00:00Z');

/** A city with two districts of two streets, each street with two enterprises and a union post. */
function tree(): { orgs: SeedOrg[]; members: SeedMember[] } {
  const rng = new Random(11, 'post-tree');
  const orgs: SeedOrg[] = [];
  const members: SeedMember[] = [];
  const setup = NOW.getTime() - 900 * DAY;
  const org = (parent: SeedOrg | null, level: string, code: string, kind?: string): SeedOrg => {
    const id = newId(setup + orgs.length * 1000, rng.bytes(10));
    const o = { id, path: childPath(parent?.path ?? null, id), code, level, ...(kind ? { kind } : {}) };
    orgs.push(o);
    return o;
  };
  const city = org(null, 'CITY', 'DZ');
  for (let d = 1; d <= 2; d++) {
    const district = org(city, 'DISTRICT', `DZ-0${d}`);
    for (let s = 1; s <= 2; s++) {
      const street = org(district, 'STREET', `DZ-0${d}-0${s}`);
      for (let e = 1; e <= 3; e++) {
        const at = org(street, 'ENTERPRISE', `DZ-0${d}-0${s}-000${e}`, e === 3 ? 'UNION_POST' : 'ENTERPRISE');
        for (let m = 0; m < 6; m++) members.push({ id: newId(setup + rng.int(0, 800) * DAY, rng.bytes(10)), orgId: at.id });
      }
    }
  }
  return { orgs, members };
}

describe.each(engines)('the union posts demo (seed/posts.ts) on $name', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  const TREE = tree();
  const district = TREE.orgs.find((o) => o.code === 'DZ-01')!;
  let result: Awaited<ReturnType<typeof seedUnionPosts>>;
  let collected: CaseRow[];

  beforeAll(async () => {
    ({ db, close } = await engine.open());
    await seedCasesDemoData(db, { ...TREE, cases: 60, now: NOW });
    result = await seedUnionPosts(db, { ...TREE, now: NOW });
    collected = await db.getRepository(CaseRow).find({ where: { sourceKind: OutreachKind.UNION_POST } });
  });
  afterAll(() => close?.());

  it('makes Dachuan\'s numbers in the first district, once', async () => {
    const posts = await db.getRepository(UnionPostRow).find();
    const wishes = collected.filter((c) => c.channel === CaseChannel.WISH_WALL);
    const projects = await db.getRepository(ProjectRow).find({ where: { orgId: district.id } });
    expect(result).toEqual({ posts: 28, wishes: wishes.length, chosen: 45, projects: projects.length, suggestions: collected.length - wishes.length });
    expect([posts.length, posts.filter((p) => p.wishWall).length, posts.filter((p) => p.suggestionBook).length]).toEqual([POST_DEMO.posts, 28, POST_DEMO.withBook]);
    expect(posts.filter((p) => !p.orgPath.startsWith(district.path))).toEqual([]);
    expect([wishes.length, wishes.filter((c) => c.projectId).length]).toEqual([POST_DEMO.wishes, POST_DEMO.chosen]);
    expect(collected.length - wishes.length).toBe(POST_DEMO.suggestions);
    // Every case was registered at the union running its post.
    const runner = new Map(posts.map((p) => [p.id, p.orgId]));
    expect(collected.filter((c) => c.raisedOrgId !== runner.get(c.sourceId!)).map((c) => [c.raisedOrgId, runner.get(c.sourceId!)])).toEqual([]);
    expect(projects.filter((p) => p.state === ProjectState.RESOLVED)).toHaveLength(4);
    expect(await seedUnionPosts(db, { ...TREE, now: NOW })).toEqual({ posts: 0, wishes: 0, chosen: 0, projects: 0, suggestions: 0 });
  });

  it('keeps every ledger whole and the tally in step, and leaves the sweep nothing to do', async () => {
    expect((await verifyLedger(db, { caseIds: collected.map((c) => c.id) })).ok).toBe(true);
    expect(await tallyDrift(db)).toEqual([]);
    expect(await runSweep(db, { now: NOW, ratingTimeoutDays: 7 })).toEqual({ acceptanceEscalated: 0, deadlineEscalated: 0, closedByTimeout: 0 });
  });

  it('is what the figures count: wishes, chosen and granted, suggestions and answered', async () => {
    const directory = new FakeOrgDirectory();
    for (const o of TREE.orgs) directory.byId.set(o.id, { id: o.id, parentId: null, path: o.path, code: o.code, level: o.level as 'CITY', name: o.code });
    const ctx = contextFor({ db: () => db, orgs: directory })(callerStub.staff({ id: district.id, path: district.path, code: district.code }));
    const fig = (await unionPostFigures(ctx, { from: '2025-06-15', to: '2026-06-15' }))!;
    const wishes = collected.filter((c) => c.channel === CaseChannel.WISH_WALL);
    const suggestions = collected.filter((c) => c.channel === CaseChannel.SUGGESTION_BOOK);
    const done = [CaseState.RESOLVED, CaseState.SIGNED_OFF, CaseState.CLOSED];
    expect(fig).toMatchObject({
      posts: 28, wishes: wishes.length, chosen: 45, granted: wishes.filter((c) => done.includes(c.state)).length,
      suggestions: suggestions.length, answered: suggestions.filter((c) => [...done, CaseState.DECLINED].includes(c.state)).length,
    });
    // Some granted, some still open: a demo with something left to do.
    expect(fig.granted).toBeGreaterThan(30);
    expect(fig.granted).toBeLessThan(fig.wishes);
    expect(fig.answered).toBeLessThan(fig.suggestions);
  });
});
