import { isWithin } from '@lianxin/auth';
import { generateShape, orgTree, ROLE_KEYS, TestTree, FakeMemberFacts } from '..';

describe('generateShape', () => {
  const seeds = Array.from({ length: 200 }, (_, i) => i * 7919 + 1);

  test.each(seeds.slice(0, 5))('is the same for the same seed (%i)', (seed) => {
    expect(generateShape(seed)).toEqual(generateShape(seed));
  });

  test('every seed gives a tree whose roles fit the matrices', () => {
    for (const seed of seeds) {
      const { nodes } = generateShape(seed);
      const tree = TestTree.of(nodes); // throws on a parent named before it exists
      const at = (k: string) => tree.named(k);
      const under = (k: string, p: string) => at(k).parentId === at(p).id;
      expect([seed, ROLE_KEYS.every((k) => tree.byKey.has(k))]).toEqual([seed, true]);
      expect([seed, at('city').level, at('d1').level, at('d2').level]).toEqual([seed, 'CITY', 'DISTRICT', 'DISTRICT']);
      expect([seed, under('d1', 'city'), under('d2', 'city'), under('s1', 'd1'), under('s2', 'd2'), under('e1', 's1'), under('e2', 's1'), under('e3', 's2')]).toEqual([seed, true, true, true, true, true, true, true]);
      expect(new Set(nodes.map((n) => n.key)).size).toBe(nodes.length);
    }
  });

  test('the shapes differ from the fixture and from each other', () => {
    const sizes = new Set(seeds.map((s) => generateShape(s).nodes.length));
    expect(sizes.size).toBeGreaterThan(5);
    // Some trees hang an enterprise straight off a district: a path one level shorter.
    const shallow = seeds.filter((s) => generateShape(s).nodes.some((n) => n.level === 'ENTERPRISE' && n.parent !== null && generateShape(s).nodes.find((p) => p.key === n.parent)!.level === 'DISTRICT'));
    expect(shallow.length).toBeGreaterThan(0);
  });
});

describe('the fakes', () => {
  test('the directory answers for the tree, by id, by code and for placed members', async () => {
    const t = orgTree();
    const facts = new FakeMemberFacts(t.directory);
    const m = facts.add(t.e1);
    expect(await t.directory.org(t.d1.id)).toBe(t.d1);
    expect(await t.directory.orgByCode(t.e3.code)).toBe(t.e3);
    expect([...(await t.directory.orgs([t.s1.id, 'nope'])).keys()]).toEqual([t.s1.id]);
    expect(await t.directory.memberOrg(m.id)).toEqual({ orgId: t.e1.id, path: t.e1.path });
    expect(await t.directory.memberOrg('nope')).toBeNull();
    expect(isWithin(t.e1.path, t.d1.path)).toBe(true);
    expect(await facts.get([m.id, 'nope'])).toEqual(new Map([[m.id, m]]));
    expect(facts.calls).toEqual([[m.id, 'nope']]);
  });
});
