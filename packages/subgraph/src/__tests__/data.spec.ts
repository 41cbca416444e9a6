import pino from 'pino';
import { Column, Entity, PrimaryColumn, type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { testDatabases } from '@lianxin/jest-config/databases';
import type { Scope } from '@lianxin/auth';
import { openDatabase } from '../db';
import { ScopedData, subgraphContext, unscoped } from '../data';

@Entity('scoped_thing')
class Thing {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ type: 'varchar', length: 255, name: 'org_path' })
  orgPath: string;

  @Column({ type: 'varchar', length: 50 })
  label: string;
}

class CreateThing1700000000000 implements MigrationInterface {
  name = 'CreateThing1700000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE scoped_thing (id varchar(26) NOT NULL PRIMARY KEY, org_path varchar(255) NOT NULL, label varchar(50) NOT NULL)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE scoped_thing');
  }
}

const log = pino({ level: 'silent' });
const engines = testDatabases('scoped_data', (o) =>
  openDatabase({ url: o.databaseUrl, dataDir: o.dataDir, database: o.database, service: 'scoped_data', entities: [Thing], migrations: [CreateThing1700000000000], log }),
);

const COLUMNS = { path: 't.orgPath' };
const DISTRICT: Scope = { kind: 'subtree', orgId: 'A', path: '/A/' };

describe.each(engines.map((e) => [e.name, e] as const))('ScopedData on %s', (_name, engine) => {
  let source: DataSource;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db: source, close } = await engine.open());
  });
  afterAll(() => close());
  beforeEach(async () => {
    await source.query('DELETE FROM scoped_thing');
    await source.getRepository(Thing).insert([
      { id: 'a', orgPath: '/A/', label: 'a' },
      { id: 'b', orgPath: '/A/B/', label: 'b' },
      { id: 'c', orgPath: '/C/', label: 'c' },
    ]);
  });

  const ctxFor = (scope?: Scope) => subgraphContext({ caller: { sub: 's', role: 'staff', perms: [] }, scope, source, log });
  const labels = async () => (await source.getRepository(Thing).find({ order: { id: 'ASC' } })).map((t) => `${t.id}=${t.label}`);

  test('has no method it has not vetted: the DataSource methods are not there', () => {
    const db = ctxFor(DISTRICT).db as unknown as Record<string, unknown>;
    for (const raw of ['getRepository', 'query', 'createQueryBuilder', 'manager', 'find', 'findOne']) expect(db[raw]).toBeUndefined();
    expect(Object.getPrototypeOf(db)).toBe(ScopedData.prototype);
  });

  test('read() applies the caller scope, and fails closed without one', async () => {
    const rows = await ctxFor(DISTRICT).db.read(Thing, 't', COLUMNS).orderBy('t.id').getMany();
    expect(rows.map((r) => r.id)).toEqual(['a', 'b']);
    expect(() => ctxFor(undefined).db.read(Thing, 't', COLUMNS)).toThrow(/No verified caller scope/);
  });

  test('update() and delete() change only rows in scope; ids outside it are untouched', async () => {
    const { db } = ctxFor(DISTRICT);
    expect(await db.update(Thing, 't', COLUMNS, ['b', 'c'], { label: 'x' })).toBe(1);
    expect(await db.delete(Thing, 't', COLUMNS, ['a', 'c'])).toBe(1);
    expect(await labels()).toEqual(['b=x', 'c=c']);
  });

  test('inside a transaction, a failure leaves nothing behind', async () => {
    const { db } = ctxFor(DISTRICT);
    await expect(
      db.transaction(async (em) => {
        await db.update(Thing, 't', COLUMNS, ['a'], { label: 'y' }, em);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await labels()).toEqual(['a=a', 'b=b', 'c=c']);
  });

  test('unscoped() is the way past the scope, and it wants a reason', async () => {
    const ctx = ctxFor(DISTRICT);
    expect(() => unscoped(ctx, ' ')).toThrow(/needs a reason/);
    expect(await unscoped(ctx, 'test: the whole table').getRepository(Thing).count()).toBe(3);
  });
});
