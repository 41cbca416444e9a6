import fs from 'node:fs';
import path from 'node:path';
import { SUBGRAPH_NAMES } from '@lianxin/config';

/**
 * Arrows run one way between a service's module folders (case → ledger, never back): a module
 * that imports another which imports it cannot be understood, tested or moved alone. This
 * walks each service's source (tests aside), draws module → module edges from relative
 * imports, and fails on any cycle (a group of modules that reach each other). Files at the top of src/ (schema.ts, entities.ts, app.ts)
 * compose the modules and are not a module.
 *
 * KNOWN lists the tangles not yet undone; the test also fails when one of them shrinks or
 * is gone, so the list is kept true and only gets shorter.
 */
const KNOWN: Record<string, string[]> = {
  cases: [],
  benefits: [],
  members: ['member ⇄ membership ⇄ org'],
};

const ROOT = path.resolve(__dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === '__tests__' ? [] : sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [p] : [];
  });
}

/** module → the modules it imports, from relative imports only. */
export function moduleGraph(src: string): Map<string, Set<string>> {
  const moduleOf = (file: string): string | null => {
    const rel = path.relative(src, file).split(path.sep);
    return rel.length > 1 ? rel[0] : null;
  };
  const graph = new Map<string, Set<string>>();
  for (const file of sources(src)) {
    const from = moduleOf(file);
    if (!from) continue;
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)) {
      const to = moduleOf(path.resolve(path.dirname(file), m[1]));
      if (to && to !== from) graph.set(from, (graph.get(from) ?? new Set()).add(to));
    }
  }
  return graph;
}

/** The modules tangled in import cycles: each strongly connected group of two or more, as 'a ⇄ b ⇄ c' (sorted). */
export function tangles(graph: Map<string, Set<string>>): string[] {
  // Tarjan's algorithm.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort().join(' ⇄ '));
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return groups.sort();
}

describe('module cycles', () => {
  test('the detector finds a cycle of two and of three, and none in a chain', () => {
    const g = (edges: [string, string][]) => {
      const m = new Map<string, Set<string>>();
      for (const [a, b] of edges) m.set(a, (m.get(a) ?? new Set()).add(b));
      return m;
    };
    expect(tangles(g([['a', 'b'], ['b', 'a']]))).toEqual(['a ⇄ b']);
    expect(tangles(g([['c', 'a'], ['a', 'b'], ['b', 'c'], ['c', 'd']]))).toEqual(['a ⇄ b ⇄ c']);
    expect(tangles(g([['a', 'b'], ['b', 'c']]))).toEqual([]);
  });

  test.each(SUBGRAPH_NAMES.map((s) => [s]))('%s: no module imports its way back to itself, beyond the named known cycles', (service) => {
    const sut = tangles(moduleGraph(path.join(ROOT, 'services', service, 'src')));
    expect(sut).toEqual([...(KNOWN[service] ?? [])].sort());
  });
});
