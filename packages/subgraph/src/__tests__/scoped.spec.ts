import { DataSource, Entity, PrimaryColumn, Column } from 'typeorm';
import { scoped } from '../scoped';

@Entity('thing')
class Thing {
  @PrimaryColumn({ type: 'varchar' })
  id: string;

  @Column({ type: 'varchar' })
  path: string;

  @Column({ type: 'varchar' })
  owner: string;
}

describe('scoped()', () => {
  let db: DataSource;
  beforeAll(async () => {
    db = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [Thing], synchronize: true });
    await db.initialize();
    await db.getRepository(Thing).insert([
      { id: 'a', path: '/A/', owner: 'A' },
      { id: 'b', path: '/A/B/', owner: 'B' },
      { id: 'c', path: '/C/', owner: 'C' },
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

  test('inherited rows: staff also see what an ancestor owns, and nothing of a sibling', async () => {
    const staffOfB = { scope: { kind: 'subtree' as const, orgId: 'B', path: '/A/B/' } };
    expect(ids(await scoped(staffOfB, repo(), 't', { path: 't.path' }).getMany())).toEqual(['b']);
    expect(ids(await scoped(staffOfB, repo(), 't', { path: 't.path', inherited: 't.owner' }).getMany())).toEqual(['a', 'b']);
    const staffOfA = { scope: { kind: 'subtree' as const, orgId: 'A', path: '/A/' } };
    expect(ids(await scoped(staffOfA, repo(), 't', { path: 't.path', inherited: 't.owner' }).getMany())).toEqual(['a', 'b']);
  });
});
