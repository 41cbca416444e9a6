import { DataSource, Entity, PrimaryColumn, Column } from 'typeorm';
import { scoped } from '../scoped';

@Entity('thing')
class Thing {
  @PrimaryColumn({ type: 'varchar' })
  id: string;

  @Column({ type: 'varchar' })
  path: string;
}

describe('scoped()', () => {
  let db: DataSource;
  beforeAll(async () => {
    db = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [Thing], synchronize: true });
    await db.initialize();
    await db.getRepository(Thing).insert([
      { id: 'a', path: '/A/' },
      { id: 'b', path: '/A/B/' },
      { id: 'c', path: '/C/' },
    ]);
  });
  afterAll(() => db.destroy());

  const ids = (rows: Thing[]) => rows.map((r) => r.id).sort();
  const repo = () => db.getRepository(Thing);

  test('throws without a verified scope', () => {
    expect(() => scoped({}, repo(), 't', { path: 't.path' })).toThrow(/No verified caller scope/);
  });

  test('a subtree scope sees its subtree only, even after .where()', async () => {
    const qb = scoped({ scope: { kind: 'subtree', orgId: 'A', path: '/A/' } }, repo(), 't', { path: 't.path' });
    expect(ids(await qb.getMany())).toEqual(['a', 'b']);
    const replaced = scoped({ scope: { kind: 'subtree', orgId: 'A', path: '/A/' } }, repo(), 't', { path: 't.path' }).where('1 = 1');
    expect(ids(await replaced.getMany())).toEqual(['a', 'b']);
  });

  test('orWhere is refused', () => {
    const qb = scoped({ scope: { kind: 'all' } }, repo(), 't', { path: 't.path' });
    expect(() => qb.orWhere('1 = 1')).toThrow(/bypass the scope/);
  });

  test('a scope the rows cannot be filtered by sees nothing', async () => {
    expect(await scoped({ scope: { kind: 'self', memberId: 'm' } }, repo(), 't', { path: 't.path' }).getMany()).toEqual([]);
    expect(await scoped({ scope: { kind: 'none' } }, repo(), 't', { path: 't.path' }).getMany()).toEqual([]);
    expect(ids(await scoped({ scope: { kind: 'all' } }, repo(), 't', {}).getMany())).toEqual(['a', 'b', 'c']);
  });
});
