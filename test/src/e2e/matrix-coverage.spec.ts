import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, Kind, parse, type DocumentNode } from 'graphql';

/**
 * The root fields the GraphQL documents in a test file call: every string and template
 * literal that parses as a document (interpolations read as a placeholder), its operations'
 * top-level fields. A field named only in a comment or in prose does not count.
 */
export function rootFieldsCalled(source: string): Set<string> {
  const literals = [...source.matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g)].map((m) => m[1] ?? m[2] ?? m[3]);
  const called = new Set<string>();
  for (const raw of literals) {
    const text = raw.replace(/\$\{[^}]*\}/g, 'X').replace(/\\(["'`])/g, '$1');
    if (!/^\s*(\{|query\b|mutation\b|subscription\b)/.test(text)) continue;
    let doc: DocumentNode;
    try {
      doc = parse(text);
    } catch {
      continue;
    }
    for (const def of doc.definitions) {
      if (def.kind !== Kind.OPERATION_DEFINITION) continue;
      for (const sel of def.selectionSet.selections) if (sel.kind === Kind.FIELD) called.add(sel.name.value);
    }
  }
  return called;
}

describe('the scoping matrices cover the public graph', () => {
  test('the reader counts calls, not mentions', () => {
    const source = [
      '// acceptCase is tested elsewhere; so is `signOffCase`',
      "const q = 'query($id: ID!) { case(id: $id) { id } }';",
      'const m = `mutation($i: RaiseCaseInput!) { raiseCase(input: $i) { ${FIELDS} } }`;',
      "const row = { call: '{ transferCase(id: $id, toOrgId: $to) { id } }' };",
      "const prose = 'members see programmes';",
    ].join('\n');
    expect([...rootFieldsCalled(source)].sort()).toEqual(['case', 'raiseCase', 'transferCase']);
  });

  test('every public root field is called by a scoping matrix suite', () => {
    const root = path.resolve(__dirname, '..', '..', '..');
    const supergraph = fs.readFileSync(path.join(root, 'gateway/supergraph.graphql'), 'utf8');
    // The API schema hides @inaccessible fields; read them off the supergraph text (with or without arguments).
    const hidden = new Set([...supergraph.matchAll(/^\s+(\w+)[(:].*@inaccessible/gm)].map((m) => m[1]));
    const schema = buildSchema(supergraph, { assumeValidSDL: true });
    const fields = [schema.getQueryType(), schema.getMutationType()].flatMap((t) => Object.keys(t?.getFields() ?? {})).filter((f) => !hidden.has(f));
    expect(fields.length).toBeGreaterThan(15);
    // Every matrix here counts (`<subgraph>-scoping.e2e.spec.ts`): a new subgraph's matrix needs no entry in this file.
    const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('scoping.e2e.spec.ts'));
    const called = new Set(files.flatMap((f) => [...rootFieldsCalled(fs.readFileSync(path.join(__dirname, f), 'utf8'))]));
    expect(fields.filter((f) => !called.has(f))).toEqual([]);
  });
});
