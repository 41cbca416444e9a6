import { childPath, newId } from '@lianxin/auth';
import { Random } from '@lianxin/demo-kit';
import type { OrgDirectory, OrgInfo } from '@lianxin/subgraph';

export type Level = OrgInfo['level'];

/** One org of a tree's shape: its name in the test, its level, and the key of its parent. */
export interface ShapeNode {
  key: string;
  level: Level;
  parent: string | null;
}

/**
 * The members subgraph's org tree as another subgraph sees it, in memory. It satisfies the
 * real OrgDirectory interface, so a change there fails to compile here. `memberOrg` answers
 * for the members placed with place() (FakeMemberFacts places the members it adds).
 */
export class FakeOrgDirectory implements OrgDirectory {
  readonly byId = new Map<string, OrgInfo>();
  private readonly members = new Map<string, { orgId: string; path: string }>();
  /** Every id asked for, one entry per call, so a test can prove batching. */
  readonly calls: string[][] = [];

  async orgs(ids: readonly string[]): Promise<Map<string, OrgInfo>> {
    this.calls.push([...ids]);
    return new Map(ids.flatMap((id) => (this.byId.has(id) ? [[id, this.byId.get(id)!] as const] : [])));
  }

  async org(id: string): Promise<OrgInfo | null> {
    return (await this.orgs([id])).get(id) ?? null;
  }

  async orgByCode(code: string): Promise<OrgInfo | null> {
    return [...this.byId.values()].find((o) => o.code === code) ?? null;
  }

  async memberOrg(memberId: string): Promise<{ orgId: string; path: string } | null> {
    return this.members.get(memberId) ?? null;
  }

  /** Records where a member belongs, for memberOrg(). */
  place(memberId: string, org: Pick<OrgInfo, 'id' | 'path'>): void {
    this.members.set(memberId, { orgId: org.id, path: org.path });
  }
}

/** An org tree built in memory, with the directory that answers for it. */
export class TestTree {
  readonly directory = new FakeOrgDirectory();
  /** Orgs by their test key, in the order they were added. */
  readonly byKey = new Map<string, OrgInfo>();

  /** @param prefix starts every org code, so two trees in one process never share a code. */
  constructor(private readonly prefix = 'T') {}

  /** Adds an org under `parent` (null: a root), named `key` in the test. */
  add(level: Level, parent: OrgInfo | null, key = `${level.toLowerCase()}${this.byKey.size + 1}`): OrgInfo {
    if (this.byKey.has(key)) throw new Error(`The tree already has an org named ${key}`);
    const id = newId();
    const org: OrgInfo = { id, parentId: parent?.id ?? null, path: childPath(parent?.path ?? null, id), code: `${this.prefix}-${key.toUpperCase()}`, level, name: `${level} ${key}` };
    this.byKey.set(key, org);
    this.directory.byId.set(id, org);
    return org;
  }

  /** The org named `key`; throws for a name the tree does not have. */
  named(key: string): OrgInfo {
    const org = this.byKey.get(key);
    if (!org) throw new Error(`The tree has no org named ${key}`);
    return org;
  }

  /** The org with this id, if the tree has it. */
  byId(id: string): OrgInfo | undefined {
    return this.directory.byId.get(id);
  }

  get orgs(): OrgInfo[] {
    return [...this.byKey.values()];
  }

  /** Builds every org of a shape, parents first. */
  static of(shape: readonly ShapeNode[], prefix?: string): TestTree {
    const tree = new TestTree(prefix);
    for (const n of shape) tree.add(n.level, n.parent === null ? null : tree.named(n.parent), n.key);
    return tree;
  }
}

/**
 * The tree the service specs share:
 *
 *   city
 *   ├── d1
 *   │   ├── s1 ── e1, e2
 *   │   └── s1b
 *   └── d2
 *       └── s2 ── e3
 *
 * It is the e2e fixture's tree (test/src/harness/fixtures.ts) plus s1b, a second street
 * of d1 with nothing in it yet. A spec that needs more adds to it: `t.tree.add(...)`.
 */
export const SPEC_SHAPE = [
  { key: 'city', level: 'CITY', parent: null },
  { key: 'd1', level: 'DISTRICT', parent: 'city' },
  { key: 'd2', level: 'DISTRICT', parent: 'city' },
  { key: 's1', level: 'STREET', parent: 'd1' },
  { key: 's1b', level: 'STREET', parent: 'd1' },
  { key: 's2', level: 'STREET', parent: 'd2' },
  { key: 'e1', level: 'ENTERPRISE', parent: 's1' },
  { key: 'e2', level: 'ENTERPRISE', parent: 's1' },
  { key: 'e3', level: 'ENTERPRISE', parent: 's2' },
] as const satisfies readonly ShapeNode[];

export type SpecOrgKey = (typeof SPEC_SHAPE)[number]['key'];

/** A fresh SPEC_SHAPE tree: its orgs by name, its directory, and the tree to add to. */
export function orgTree(prefix?: string): Record<SpecOrgKey, OrgInfo> & { tree: TestTree; directory: FakeOrgDirectory } {
  const tree = TestTree.of(SPEC_SHAPE, prefix);
  const named = Object.fromEntries(SPEC_SHAPE.map((n) => [n.key, tree.named(n.key)])) as Record<SpecOrgKey, OrgInfo>;
  return { ...named, tree, directory: tree.directory };
}

/* ---------- a generated tree ---------- */

/**
 * The places the scoping matrices name, and what each must be: a city; two districts; a
 * street under d1 with two enterprises e1 and e2; a street under d2 with an enterprise e3.
 */
export const ROLE_KEYS = ['city', 'd1', 'd2', 's1', 's2', 'e1', 'e2', 'e3'] as const;
export type RoleKey = (typeof ROLE_KEYS)[number];

/** The e2e fixture's own tree: the roles and nothing else. */
export const FIXTURE_SHAPE: readonly ShapeNode[] = SPEC_SHAPE.filter((n) => n.key !== 's1b');

export interface GeneratedShape {
  seed: number;
  /** Every org, parents first; role orgs carry their role as key, the others x1, x2, … */
  nodes: ShapeNode[];
}

/**
 * A random tree of another shape than the fixture's, the same for the same seed: 2-3
 * districts, 1-2 streets each, 0-2 enterprises per street, and enterprises hanging straight
 * off a district (one level shallower than the rest); about a dozen orgs, so a matrix run
 * over it costs about what one over the fixture does. The roles are dealt to random orgs
 * that fit them, so d1 is not always the first district nor e1 the first enterprise.
 */
export function generateShape(seed: number): GeneratedShape {
  const rnd = new Random(seed, 'test-tree');
  const int = (lo: number, hi: number) => lo + (rnd.uint32() % (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[rnd.uint32() % xs.length];
  const shuffle = <T>(xs: readonly T[]): T[] => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = rnd.uint32() % (i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };

  // Build with placeholder names first, then deal the roles.
  type Draft = { id: number; level: Level; parent: number | null };
  const drafts: Draft[] = [{ id: 0, level: 'CITY', parent: null }];
  const add = (level: Level, parent: number) => drafts[drafts.push({ id: drafts.length, level, parent }) - 1];
  const districts = Array.from({ length: int(2, 3) }, () => add('DISTRICT', 0));
  for (const d of districts) {
    for (let s = int(1, 2); s > 0; s--) {
      const street = add('STREET', d.id);
      for (let e = int(0, 2); e > 0; e--) add('ENTERPRISE', street.id);
    }
    for (let e = int(0, 1); e > 0; e--) add('ENTERPRISE', d.id);
  }
  const childrenOf = (id: number, level: Level) => drafts.filter((x) => x.parent === id && x.level === level);
  // The roles need a street with two enterprises under d1, and a street with one under d2:
  // make sure two districts can hold them, then deal.
  const [dA, dB] = shuffle(districts);
  const streetWith = (d: Draft, n: number): Draft => {
    const fits = childrenOf(d.id, 'STREET').filter((s) => childrenOf(s.id, 'ENTERPRISE').length >= n);
    if (fits.length) return pick(fits);
    const s = pick(childrenOf(d.id, 'STREET'));
    while (childrenOf(s.id, 'ENTERPRISE').length < n) add('ENTERPRISE', s.id);
    return s;
  };
  const s1 = streetWith(dA, 2);
  const s2 = streetWith(dB, 1);
  const [e1, e2] = shuffle(childrenOf(s1.id, 'ENTERPRISE'));
  const e3 = pick(childrenOf(s2.id, 'ENTERPRISE'));
  const roles = new Map<number, RoleKey>([[0, 'city'], [dA.id, 'd1'], [dB.id, 'd2'], [s1.id, 's1'], [s2.id, 's2'], [e1.id, 'e1'], [e2.id, 'e2'], [e3.id, 'e3']]);

  // Parents first (they already are), siblings shuffled so the roles are not in creation order.
  let extra = 0;
  const names = new Map<number, string>(drafts.map((d) => [d.id, roles.get(d.id) ?? `x${++extra}`]));
  const order: Draft[] = [];
  const visit = (d: Draft) => {
    order.push(d);
    for (const c of shuffle(drafts.filter((x) => x.parent === d.id))) visit(c);
  };
  visit(drafts[0]);
  return { seed, nodes: order.map((d) => ({ key: names.get(d.id)!, level: d.level, parent: d.parent === null ? null : names.get(d.parent)! })) };
}
