import { hash32, Random } from '../random';

describe('Random', () => {
  it('gives the same numbers for the same seed and stream, and different ones for another stream', () => {
    const draw = (seed: number, stream: string) => {
      const r = new Random(seed, stream);
      return Array.from({ length: 5 }, () => r.uint32());
    };
    expect(draw(42, 'orgs')).toEqual(draw(42, 'orgs'));
    expect(draw(42, 'orgs')).not.toEqual(draw(42, 'members'));
    expect(draw(42, 'orgs')).not.toEqual(draw(43, 'orgs'));
  });

  it('keeps ints inside their bounds and hits both ends', () => {
    const r = new Random(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const n = r.int(3, 6);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(6);
      seen.add(n);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('follows weights', () => {
    const r = new Random(1, 'weights');
    const pick = r.picker([['a', 9], ['b', 1]] as const);
    let a = 0;
    for (let i = 0; i < 10_000; i++) if (pick() === 'a') a++;
    expect(a / 10_000).toBeGreaterThan(0.88);
    expect(a / 10_000).toBeLessThan(0.92);
  });

  it('hashes stream labels with FNV-1a', () => {
    expect(hash32('')).toBe(0x811c9dc5);
    expect(hash32('a')).toBe(0xe40c292c);
  });
});
