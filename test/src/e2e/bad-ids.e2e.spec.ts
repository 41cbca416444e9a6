import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { CODE_ARGUMENTS } from '@lianxin/subgraph';
import type { DataSource } from 'typeorm';
import { enginesForSuites } from '../harness/engines';
import { startTestGraph, type TestGraph } from '../harness/graph';
import { internalTokenFor, tokenFor, type CallerKey } from './callers';

// Every id and code argument of the public schema, found by walking it, gets values that are
// not ids or codes at all. Ids and codes are ASCII columns with a binary collation on
// MariaDB, which refuses to compare them with full-width digits or emoji: before the guard in
// @lianxin/subgraph these were internal errors with a stack trace in the log.

/** Values that no id or code can be. */
const BAD_VALUES: Record<string, string> = {
  'full-width digits': '０１Ｈ０１Ｈ０１Ｈ０１Ｈ０１Ｈ０１Ｈ０１Ｈ０１Ｈ０１',
  emoji: '🙂',
  '10,000 characters': 'A'.repeat(10_000),
  'a NUL byte': '01KAXB3ZJ4N5P6Q7R8S9T0V1\u0000C',
};

/** A well-formed value for every scalar the schema uses; a new scalar must be added here. */
const WELL_FORMED: Record<string, unknown> = {
  ID: '01KAXB3ZJ4N5P6Q7R8S9T0V1C1',
  String: 'x',
  Int: 1,
  Float: 1,
  Boolean: false,
  Date: '2026-01-01',
  DateTimeISO: '2026-01-01T00:00:00.000Z',
  JSONObject: {},
};

interface Target {
  operation: 'query' | 'mutation';
  field: GraphQLField<unknown, unknown>;
  /** Where in the arguments the bad value goes: ['input', 'orgId'] */
  path: string[];
}

const carriesIdOrCode = (name: string, type: GraphQLInputType): boolean => {
  const named = getNamedType(type);
  return named.name === 'ID' || (named.name === 'String' && CODE_ARGUMENTS.has(name));
};

/** Every argument position, through input objects, that holds an id or a code. */
function targetsOf(schema: GraphQLSchema): Target[] {
  const targets: Target[] = [];
  for (const [operation, type] of [['query', schema.getQueryType()], ['mutation', schema.getMutationType()]] as const) {
    for (const field of Object.values(type!.getFields())) {
      const walk = (name: string, t: GraphQLInputType, path: string[], seen: Set<string>) => {
        if (carriesIdOrCode(name, t)) targets.push({ operation, field, path });
        const named = getNamedType(t);
        if (isInputObjectType(named) && !seen.has(named.name)) {
          for (const f of Object.values(named.getFields())) walk(f.name, f.type, [...path, f.name], new Set([...seen, named.name]));
        }
      };
      for (const arg of field.args) walk(arg.name, arg.type, [arg.name], new Set());
    }
  }
  return targets;
}

/** A value of the type with only what it requires, and the bad value at `path`. */
function valueOf(type: GraphQLInputType, path: string[], bad: string): unknown {
  const inner = getNullableType(type);
  if (isListType(inner)) return [valueOf(inner.ofType, path, bad)];
  if (path.length === 0) return bad;
  if (!isInputObjectType(inner)) throw new Error(`path ${path.join('.')} goes through ${inner.name}`);
  const out: Record<string, unknown> = {};
  for (const f of Object.values(inner.getFields())) {
    if (f.name === path[0]) out[f.name] = valueOf(f.type, path.slice(1), bad);
    else if (isNonNullType(f.type) && f.defaultValue === undefined) out[f.name] = wellFormed(f.type);
  }
  return out;
}

function wellFormed(type: GraphQLInputType): unknown {
  const inner = getNullableType(type);
  if (isListType(inner)) return [wellFormed(inner.ofType)];
  if (isEnumType(inner)) return inner.getValues()[0]!.value;
  if (isInputObjectType(inner)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(inner.getFields())) if (isNonNullType(f.type) && f.defaultValue === undefined) out[f.name] = wellFormed(f.type);
    return out;
  }
  if (isScalarType(inner) && inner.name in WELL_FORMED) return WELL_FORMED[inner.name];
  throw new Error(`No well-formed example for scalar ${inner.name}: add one to WELL_FORMED`);
}

/** The request for one target: every argument as a variable, the bad value in place. */
function requestFor(t: Target, bad: string): { query: string; variables: Record<string, unknown> } {
  const variables: Record<string, unknown> = {};
  const defs: string[] = [];
  const uses: string[] = [];
  for (const arg of t.field.args) {
    if (arg.name === t.path[0]) variables[arg.name] = valueOf(arg.type, t.path.slice(1), bad);
    else if (isNonNullType(arg.type) && arg.defaultValue === undefined) variables[arg.name] = wellFormed(arg.type);
    else continue;
    defs.push(`$${arg.name}: ${arg.type.toString()}`);
    uses.push(`${arg.name}: $${arg.name}`);
  }
  const returns = getNamedType(t.field.type);
  const selection = !isScalarType(returns) && !isEnumType(returns) ? ' { __typename }' : '';
  const head = defs.length ? `(${defs.join(', ')})` : '';
  return { query: `${t.operation}${head} { ${t.field.name}${uses.length ? `(${uses.join(', ')})` : ''}${selection} }`, variables };
}

async function rowCounts(dbs: DataSource[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const db of dbs) for (const m of db.entityMetadatas) counts[m.tableName] = await db.getRepository(m.target).count();
  return counts;
}

describe.each(enginesForSuites())('ids and codes that are not ids or codes, on %s', (engine) => {
  let g: TestGraph;
  let schema: GraphQLSchema;
  const tokens: Partial<Record<CallerKey, string | undefined>> = {};
  beforeAll(async () => {
    g = await startTestGraph(engine);
    for (const k of ['admin', 'member', 'partner', 'anonymous'] as const) tokens[k] = await tokenFor(k, g.fixture);
    const res = await g.gql<IntrospectionQuery>(tokens.admin, getIntrospectionQuery());
    schema = buildClientSchema(res.data!);
  });
  afterAll(() => g?.stop());

  test('the walk finds the id and code arguments of all three subgraphs', () => {
    const names = new Set(targetsOf(schema).map((t) => t.field.name));
    // One of each subgraph, and the code arguments, so an empty or broken walk fails here.
    for (const f of ['org', 'member', 'orgByCode', 'joinTarget', 'case', 'acceptCase', 'project', 'programme', 'checkVoucher', 'redeemVoucher', 'checkEligibility']) expect(names).toContain(f);
    expect(targetsOf(schema).length).toBeGreaterThan(60);
  });

  test.each(Object.keys(BAD_VALUES))('%s in every id and code argument: BAD_USER_INPUT naming it, nothing written', async (label) => {
    const before = await rowCounts([g.db, g.casesDb, g.benefitsDb]);
    const wrong: string[] = [];
    for (const t of targetsOf(schema)) {
      const { query, variables } = requestFor(t, BAD_VALUES[label]!);
      // The first role the field admits: admin for most, the partner desk for its own, members for theirs.
      let res = await g.gql(tokens.admin, query, variables);
      for (const k of ['partner', 'member', 'anonymous'] as const) {
        if (!['FORBIDDEN', 'UNAUTHENTICATED'].includes(String(res.errors?.[0]?.extensions?.code))) break;
        res = await g.gql(tokens[k], query, variables);
      }
      const err = res.errors?.[0];
      const text = JSON.stringify(res);
      const ok = err?.extensions?.code === 'BAD_USER_INPUT' && err.message.includes(t.path[t.path.length - 1]!) && !/stacktrace|collation|SELECT|QueryFailedError/i.test(text) && res.status < 500;
      if (!ok) wrong.push(`${t.field.name}(${t.path.join('.')}): ${res.status} ${text.slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
    expect(await rowCounts([g.db, g.casesDb, g.benefitsDb])).toEqual(before);
  });

  test('a well-formed unknown id is still "not there", not an error', async () => {
    const res = await g.gql(tokens.admin, '{ org(id: "01KAXB3ZJ4N5P6Q7R8S9T0V1C1") { id } member(id: "01KAXB3ZJ4N5P6Q7R8S9T0V1C1") { id } case(id: "01KAXB3ZJ4N5P6Q7R8S9T0V1C1") { id } }');
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ org: null, member: null, case: null });
  });

  test.each([
    ['members', 'Member'],
    ['members', 'Org'],
    ['cases', 'Case'],
    ['benefits', 'Programme'],
    ['benefits', 'Member'],
  ])('%s: an entity key that is not an id resolves to null without a query', async (subgraph, typename) => {
    const url = { members: g.membersUrl, cases: g.casesUrl, benefits: g.benefitsUrl }[subgraph]!;
    const token = await internalTokenFor('admin', g.fixture, subgraph);
    const representations = [...Object.values(BAD_VALUES).map((id) => ({ __typename: typename, id })), { __typename: typename }];
    const res = await g.post(url, { query: `query($r: [_Any!]!) { _entities(representations: $r) { __typename } }`, variables: { r: representations } }, { 'x-lianxin-internal-token': token });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({ _entities: representations.map(() => null) });
  });
});
