import pino from 'pino';
import { Column, Entity, PrimaryColumn, type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { testDatabases } from '@lianxin/jest-config/databases';
import type { Scope } from '@lianxin/auth';
import { openDatabase, sqlStats } from '../db';
import { subgraphContext } from '../data';
import { defineRaw, entityColumns, hydrateRaw, rawStatements, runRaw, runRawEntities, SCOPE_MARKER } from '../raw';

@Entity('raw_thing')
class RawThing {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ type: 'varchar', length: 255, name: 'org_path' })
  orgPath: string;

  @Column({ type: 'varchar', length: 26, name: 'member_id' })
  memberId: string;
}

class CreateRawThing1700000000001 implements MigrationInterface {
  name = 'CreateRawThing1700000000001';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE raw_thing (id varchar(26) NOT NULL PRIMARY KEY, org_path varchar(255) NOT NULL, member_id varchar(26) NOT NULL)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE raw_thing');
  }
}

const log = pino({ level: 'silent' });
const engines = testDatabases('raw_statements', (o) =>
  openDatabase({ url: o.databaseUrl, dataDir: o.dataDir, database: o.database, service: 'raw_statements', entities: [RawThing], migrations: [CreateRawThing1700000000001], log }),
);

// Placeholders before and after the marker: the scope's own values go between them.
const SCOPED = defineRaw({
  name: 'test.rawThingsScoped',
  tables: ['raw_thing'],
  access: { scope: { path: 't.org_path', member: 't.member_id' } },
  sql: `SELECT t.id FROM raw_thing t WHERE t.id <> ? AND ${SCOPE_MARKER} AND t.id <> ? ORDER BY t.id`,
});
// A list parameter between the scope and another placeholder.
const LISTED = defineRaw({
  name: 'test.rawThingsListed',
  tables: ['raw_thing'],
  access: { scope: { path: 't.org_path', member: 't.member_id' } },
  sql: `SELECT ${entityColumns(RawThing, 't')} FROM raw_thing t WHERE ${SCOPE_MARKER} AND t.id IN (?) AND t.id <> ? ORDER BY t.id`,
});
// Two scoped tables joined, each kept in scope by its own columns: a thing and another of the same member.
const JOINED = defineRaw({
  name: 'test.rawThingsJoined',
  tables: ['raw_thing'],
  access: { scope: [{ path: 't.org_path', member: 't.member_id' }, { path: 'u.org_path', member: 'u.member_id' }] },
  sql: `SELECT t.id AS id, u.id AS other FROM raw_thing t JOIN raw_thing u ON u.member_id = t.member_id AND u.id <> t.id
         WHERE t.id <> ? AND ${SCOPE_MARKER} AND u.id <> ? AND ${SCOPE_MARKER} ORDER BY t.id`,
});
const UNSCOPED = defineRaw({ name: 'test.rawThingsAll', tables: ['raw_thing'], access: { unscoped: 'the test reads every row to compare' }, sql: 'SELECT t.id FROM raw_thing t ORDER BY t.id' });

describe('defineRaw', () => {
  test('a scoped statement must carry the scope marker once; an unscoped one must say why and carry none', () => {
    expect(() => defineRaw({ name: 'x1', tables: ['t'], access: { scope: { path: 't.p' } }, sql: 'SELECT 1 FROM t' })).toThrow(/must hold \/\*scope\*\/ exactly once/);
    expect(() => defineRaw({ name: 'x2', tables: ['t'], access: { scope: { path: 't.p' } }, sql: `SELECT 1 FROM t WHERE ${SCOPE_MARKER} OR ${SCOPE_MARKER}` })).toThrow(/exactly once \(found 2\)/);
    expect(() => defineRaw({ name: 'x3', tables: ['t'], access: { unscoped: 'why' }, sql: `SELECT 1 FROM t WHERE ${SCOPE_MARKER}` })).toThrow(/unscoped but its SQL holds/);
    expect(() => defineRaw({ name: 'x4', tables: ['t'], access: { unscoped: '  ' }, sql: 'SELECT 1 FROM t' })).toThrow(/must say why/);
    expect(() => defineRaw({ name: 'x5', tables: ['t'], access: { unscoped: 'why' }, sql: 'SELECT 1 FROM t WHERE id = :id' })).toThrow(/use \? placeholders/);
    expect(() => defineRaw({ name: SCOPED.name, tables: ['t'], access: { unscoped: 'why' }, sql: 'SELECT 1' })).toThrow(/defined twice/);
    // Two sets of scope columns: two markers, no fewer.
    expect(() => defineRaw({ name: 'x6', tables: ['t'], access: { scope: [{ path: 't.p' }, { path: 'u.p' }] }, sql: `SELECT 1 FROM t, u WHERE ${SCOPE_MARKER}` })).toThrow(/exactly 2 times, once for each set of scope columns \(found 1\)/);
    expect(() => defineRaw({ name: 'x7', tables: ['t'], access: { scope: [] }, sql: 'SELECT 1 FROM t' })).toThrow(/names no scope columns/);
    // None of the refused ones was registered.
    expect(rawStatements().map((s) => s.name).sort()).toEqual(['test.rawThingsAll', 'test.rawThingsJoined', 'test.rawThingsListed', 'test.rawThingsScoped']);
  });

  test('entityColumns lists every mapped column by its column name, prefixed for a joined table', () => {
    expect(entityColumns(RawThing, 't')).toBe('t.id, t.org_path, t.member_id');
    expect(entityColumns(RawThing, 'r', 'r_')).toBe('r.id AS r_id, r.org_path AS r_org_path, r.member_id AS r_member_id');
    expect(() => entityColumns(class NotAnEntity {}, 'x')).toThrow(/maps no columns/);
  });
});

describe.each(engines.map((e) => [e.name, e] as const))('runRaw on %s', (_name, engine) => {
  let source: DataSource;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db: source, close } = await engine.open());
    await source.query('DELETE FROM raw_thing');
    await source.getRepository(RawThing).insert([
      { id: 'a', orgPath: '/A/', memberId: 'm1' },
      { id: 'b', orgPath: '/A/B/', memberId: 'm2' },
      { id: 'c', orgPath: '/A/B/', memberId: 'm1' },
      { id: 'd', orgPath: '/C/', memberId: 'm3' },
    ]);
  });
  afterAll(() => close());

  const ctxFor = (scope?: Scope) => subgraphContext({ caller: { sub: 's', role: 'staff', perms: [] }, scope, source, log });
  const ids = async (scope: Scope | undefined, params: unknown[] = ['x', 'y']) => (await runRaw<{ id: string }>(ctxFor(scope), SCOPED, params)).map((r) => r.id);

  test('puts the caller scope where the marker is, with the placeholders around it in order', async () => {
    expect(await ids({ kind: 'subtree', orgId: 'B', path: '/A/B/' })).toEqual(['b', 'c']);
    expect(await ids({ kind: 'subtree', orgId: 'A', path: '/A/' })).toEqual(['a', 'b', 'c']);
    // The placeholders before and after the marker still bind their own values.
    expect(await ids({ kind: 'subtree', orgId: 'A', path: '/A/' }, ['a', 'c'])).toEqual(['b']);
    expect(await ids({ kind: 'self', memberId: 'm1', orgPath: '/A/B/' })).toEqual(['a', 'c']);
    expect(await ids({ kind: 'all' })).toEqual(['a', 'b', 'c', 'd']);
  });

  test('a join of two scoped tables keeps each in scope by its own columns, with the placeholders between in order', async () => {
    const pairs = async (scope: Scope, not: [string, string] = ['x', 'y']) => (await runRaw<{ id: string; other: string }>(ctxFor(scope), JOINED, not)).map((r) => `${r.id}-${r.other}`);
    // m1 holds a (/A/) and c (/A/B/): both in A's subtree, so both pairs.
    expect(await pairs({ kind: 'subtree', orgId: 'A', path: '/A/' })).toEqual(['a-c', 'c-a']);
    // In B's subtree c is, a is not: a pair needs both ends in scope (only the first marker would give c-a).
    expect(await pairs({ kind: 'subtree', orgId: 'B', path: '/A/B/' })).toEqual([]);
    expect(await pairs({ kind: 'self', memberId: 'm1', orgPath: '/A/B/' })).toEqual(['a-c', 'c-a']);
    expect(await pairs({ kind: 'self', memberId: 'm2', orgPath: '/A/B/' })).toEqual([]);
    // The placeholder before the first marker and the one between the two bind their own values.
    expect(await pairs({ kind: 'all' }, ['a', 'y'])).toEqual(['c-a']);
    expect(await pairs({ kind: 'all' }, ['x', 'a'])).toEqual(['a-c']);
    expect(await pairs({ kind: 'none' } as Scope)).toEqual([]);
  });

  test('fails closed: a scope with no column gets nothing, no scope at all throws', async () => {
    expect(await ids({ kind: 'none' } as Scope)).toEqual([]);
    await expect(ids(undefined)).rejects.toThrow(/No verified caller scope/);
  });

  test('an unscoped statement reads everything, and every statement is counted', async () => {
    const before = sqlStats.statements;
    expect((await runRaw<{ id: string }>(ctxFor({ kind: 'none' } as Scope), UNSCOPED, [])).map((r) => r.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(sqlStats.statements).toBe(before + 1);
  });

  test('only statements made by defineRaw run', async () => {
    const forged = { ...UNSCOPED, sql: 'DELETE FROM raw_thing' };
    await expect(runRaw(ctxFor({ kind: 'all' }), forged, [])).rejects.toThrow(/not made by defineRaw/);
    expect(await source.getRepository(RawThing).count()).toBe(4);
  });

  test('a list parameter binds each of its values, in place, and an empty list matches nothing', async () => {
    const listed = async (scope: Scope, list: string[], not = 'x') => (await runRaw<{ id: string }>(ctxFor(scope), LISTED, [list, not])).map((r) => r.id);
    expect(await listed({ kind: 'all' }, ['a', 'c', 'd'])).toEqual(['a', 'c', 'd']);
    // One value, five (padded to eight by repeating the last), unknown ones: the same answer as IN over the values given.
    expect(await listed({ kind: 'all' }, ['d'])).toEqual(['d']);
    expect(await listed({ kind: 'all' }, ['d', 'nope', 'a', 'b', 'zz'])).toEqual(['a', 'b', 'd']);
    // The placeholder after the list still binds its own value.
    expect(await listed({ kind: 'all' }, ['a', 'b', 'c'], 'b')).toEqual(['a', 'c']);
    // The scope still applies to the listed rows.
    expect(await listed({ kind: 'subtree', orgId: 'B', path: '/A/B/' }, ['a', 'b', 'c', 'd'])).toEqual(['b', 'c']);
    expect(await listed({ kind: 'self', memberId: 'm1', orgPath: '/A/B/' }, ['a', 'b', 'c', 'd'])).toEqual(['a', 'c']);
    expect(await listed({ kind: 'all' }, [])).toEqual([]);
  });

  test('rows come back as entities, as the query builder hydrates them; a joined row with no key is null', async () => {
    const ctx = ctxFor({ kind: 'all' });
    const things = await runRawEntities(ctx, LISTED, RawThing, [['a', 'b'], 'x']);
    expect(things.every((t) => t instanceof RawThing)).toBe(true);
    expect(things).toEqual(await source.getRepository(RawThing).find({ where: [{ id: 'a' }, { id: 'b' }], order: { id: 'ASC' } }));
    const joined = hydrateRaw(ctx, RawThing, [{ j_id: 'a', j_org_path: '/A/', j_member_id: 'm1' }, { j_id: null, j_org_path: null, j_member_id: null }], 'j_');
    expect(joined).toEqual([Object.assign(new RawThing(), { id: 'a', orgPath: '/A/', memberId: 'm1' }), null]);
  });
});
