import { getIntrospectionQuery, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { aliasCount, enforceOperationLimits, measureOperation, operationNotFound, rootFieldsOf } from '..';

const op = (doc: DocumentNode) => doc.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
const LIMITS = { maxDepth: 12, maxFields: 1000, maxAliases: 30 };

/** query { ...F0 }, each fragment spreading the next `fanOut` times: fanOut^n fields once expanded. */
export function fragmentBomb(n: number, fanOut = 2): string {
  let q = 'query { ...F0 }\n';
  for (let i = 0; i < n - 1; i++) q += `fragment F${i} on Query { ${Array(fanOut).fill(`...F${i + 1}`).join(' ')} }\n`;
  return q + `fragment F${n - 1} on Query { __typename }\n`;
}

describe('measureOperation', () => {
  test('depth follows fragments and ignores introspection', () => {
    const doc = parse('query { a { b { ...F } } __schema { types { fields { type { name } } } } } fragment F on T { c { d } }');
    expect(measureOperation(doc, op(doc)).depth).toBe(4);
  });

  test('fields are counted after expansion: a fragment spread three times counts three times', () => {
    const doc = parse('query { a { ...F } b { ...F } c { ...F } } fragment F on T { x y { z } }');
    // a, b, c, and 3 × (x, y, z)
    expect(measureOperation(doc, op(doc)).fields).toBe(12);
  });

  test('a doubling fragment chain is measured, not expanded: 2^29 fields from 30 fragments', () => {
    const doc = parse(fragmentBomb(30));
    expect(measureOperation(doc, op(doc)).fields).toBe(2 ** 29);
  });

  test('the full introspection query fits the default limits', () => {
    const doc = parse(getIntrospectionQuery());
    const cost = measureOperation(doc, op(doc));
    expect(cost.fields).toBeGreaterThan(100);
    expect(cost.fields).toBeLessThan(LIMITS.maxFields);
    expect(() => enforceOperationLimits(doc, op(doc), LIMITS)).not.toThrow();
  });

  test('a fragment cycle counts as nothing (validation refuses it first) and does not hang', () => {
    const doc = parse('query { ...A } fragment A on Query { x ...B } fragment B on Query { y ...A }');
    expect(measureOperation(doc, op(doc)).fields).toBe(2);
  });

  test('aliases are counted across the document', () => {
    expect(aliasCount(parse('{ x: a y: a { z: b } }'))).toBe(3);
  });
});

describe('enforceOperationLimits', () => {
  const codeOf = (fn: () => unknown): unknown => {
    try {
      fn();
    } catch (err) {
      return (err as { extensions: { code: string; http: { status: number } } }).extensions;
    }
    return undefined;
  };

  test.each([30, 60, 1000])('a fragment bomb of %i fragments is refused as QUERY_TOO_COMPLEX, with the count', (n) => {
    const doc = parse(fragmentBomb(n));
    expect(codeOf(() => enforceOperationLimits(doc, op(doc), LIMITS))).toEqual({ code: 'QUERY_TOO_COMPLEX', http: { status: 400 } });
    // Past 100 fragments the chain itself is refused, before its size is known.
    expect(() => enforceOperationLimits(doc, op(doc), LIMITS)).toThrow(n <= 100 ? /selects (\d+|more than a million billion) fields once its fragments are expanded; the limit is 1000\. Ask for fewer fields/ : /chains fragment spreads more than 100 deep/);
  });

  test('an alias bomb (aliased fields doubled through fragments) is refused on fields', () => {
    let q = 'query { ...F0 }\n';
    for (let i = 0; i < 19; i++) q += `fragment F${i} on Query { a${i}: __typename ...F${i + 1} ...F${i + 1} }\n`;
    q += 'fragment F19 on Query { __typename }';
    const doc = parse(q);
    expect(codeOf(() => enforceOperationLimits(doc, op(doc), LIMITS))).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
  });

  test('depth and aliases keep their own codes; a query within every limit passes', () => {
    const deep = parse('{ a { b { c } } }');
    expect(codeOf(() => enforceOperationLimits(deep, op(deep), { ...LIMITS, maxDepth: 2 }))).toMatchObject({ code: 'QUERY_TOO_DEEP' });
    expect(() => enforceOperationLimits(deep, op(deep), { ...LIMITS, maxDepth: 3 })).not.toThrow();
    const aliased = parse('{ x: a y: a }');
    expect(codeOf(() => enforceOperationLimits(aliased, op(aliased), { ...LIMITS, maxAliases: 1 }))).toMatchObject({ code: 'TOO_MANY_ALIASES' });
  });

  test('a chain of spreads deeper than 100 is refused before it could exhaust the stack', () => {
    let q = 'query { ...F0 }\n';
    for (let i = 0; i < 200; i++) q += `fragment F${i} on Query { ...F${i + 1} }\n`;
    q += 'fragment F200 on Query { __typename }';
    const doc = parse(q);
    expect(() => enforceOperationLimits(doc, op(doc), LIMITS)).toThrow(/chains fragment spreads more than 100 deep/);
  });
});

describe('rootFieldsOf', () => {
  test('visits each fragment once and finds root fields behind spreads', () => {
    const doc = parse(`${fragmentBomb(40).replace('{ __typename }', '{ __typename members { id } }')}`);
    expect([...rootFieldsOf(doc, op(doc))].sort()).toEqual(['Query.__typename', 'Query.members']);
  });
  test('meta fields keep their own names; mutations are named as such', () => {
    const doc = parse('mutation { applyToJoin { id } __schema { types { name } } }');
    expect([...rootFieldsOf(doc, op(doc))]).toEqual(['Mutation.applyToJoin', '__schema']);
  });
});

describe('operationNotFound', () => {
  const doc = parse('query A { __typename } query B { __typename }');
  test('several operations and no name: says which to choose, as a 400', () => {
    const err = operationNotFound(doc, undefined);
    expect(err.message).toBe('The document holds 2 operations (A, B). Set operationName to the one to run.');
    expect(err.extensions).toEqual({ code: 'BAD_REQUEST', http: { status: 400 } });
  });
  test('an unknown name: names the ones there are', () => {
    expect(operationNotFound(doc, 'C').message).toBe('The document has no operation named "C". It has: A, B. Set operationName to one of them.');
  });
});
