import { pathIds } from '@lianxin/auth';

/*
 * Which path segment is the city. A deployment serves one city (or a province's cities), and
 * everything above the city (province, nation) is counted by the roll-up feed, never inside a
 * case's transaction: the tally stops at the city. The depth is a property of the national
 * tree, the same for every deployment of it: 1 while the city is the root of every path
 * (`/<city>/<district>/…`), 3 under a nation and a province (`/<nation>/<province>/<city>/…`).
 * Set once at start (CITY_DEPTH, startCases' `cityDepth`).
 */
let depth = 1;

export function setCityDepth(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 5) throw new Error(`CITY_DEPTH must be a whole number from 1 to 5 (got ${n})`);
  depth = n;
}

/** The 1-based position of the city's segment in an org path. */
export const cityDepth = (): number => depth;

/** The city an org path lies in, with its path; null for an org above the city level. */
export function cityOf(path: string): { id: string; path: string } | null {
  const ids = pathIds(path);
  if (ids.length < depth) return null;
  return { id: ids[depth - 1], path: `/${ids.slice(0, depth).join('/')}/` };
}
