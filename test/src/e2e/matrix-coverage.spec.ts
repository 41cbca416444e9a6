import fs from 'node:fs';
import path from 'node:path';
import { buildSchema } from 'graphql';

/**
 * The scoping matrix must run every query and mutation of the public graph. This test
 * fails when a root field is added without a matrix case naming it.
 */
test('every public root field is exercised by the scoping matrix suites', () => {
  const root = path.resolve(__dirname, '..', '..', '..');
  const supergraph = fs.readFileSync(path.join(root, 'gateway/supergraph.graphql'), 'utf8');
  // The API schema hides @inaccessible fields; read them off the supergraph text.
  const hidden = new Set([...supergraph.matchAll(/^\s+(\w+)\(.*@inaccessible/gm)].map((m) => m[1]));
  const schema = buildSchema(supergraph, { assumeValidSDL: true });
  const fields = [schema.getQueryType(), schema.getMutationType()].flatMap((t) => Object.keys(t?.getFields() ?? {})).filter((f) => !hidden.has(f));
  expect(fields.length).toBeGreaterThan(15);
  const matrix = ['scoping.e2e.spec.ts', 'membership-scoping.e2e.spec.ts', 'cases-scoping.e2e.spec.ts', 'benefits-scoping.e2e.spec.ts'].map((f) => fs.readFileSync(path.join(__dirname, f), 'utf8')).join('\n');
  const missing = fields.filter((f) => !new RegExp(`[{\\s]${f}[\\s(]`).test(matrix));
  expect(missing).toEqual([]);
});
