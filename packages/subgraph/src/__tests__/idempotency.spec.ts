import pino from 'pino';
import { Column, Entity, PrimaryColumn, type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { testDatabases } from '@lianxin/jest-config/databases';
import type { Caller, Scope } from '@lianxin/auth';
import { openDatabase } from '../db';
import { subgraphContext, unscoped } from '../data';
import { DomainError } from '../errors';
import { createIdempotencyTable, dropIdempotencyTable, IdempotencyRow, idempotent, sweepIdempotencyKeys } from '../idempotency';
import type { SubgraphContext } from '../context';

@Entity('made_thing')
class Made {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ type: 'varchar', length: 50 })
  label: string;
}

class CreateMade1700000000000 implements MigrationInterface {
  name = 'CreateMade1700000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE made_thing (id varchar(26) NOT NULL PRIMARY KEY, label varchar(50) NOT NULL)');
    await createIdempotencyTable(q);
  }
  async down(q: QueryRunner): Promise<void> {
    await dropIdempotencyTable(q);
    await q.query('DROP TABLE made_thing');
  }
}

const log = pino({ level: 'silent' });
const engines = testDatabases('idempotency', (o) =>
  openDatabase({ url: o.databaseUrl, dataDir: o.dataDir, database: o.database, service: 'idempotency', entities: [Made, IdempotencyRow], migrations: [CreateMade1700000000000], log }),
);

const SCOPE: Scope = { kind: 'all' };
const ana: Caller = { sub: 'staff:ana', role: 'staff', perms: [] };
const bo: Caller = { sub: 'staff:bo', role: 'staff', perms: [] };

describe.each(engines.map((e) => [e.name, e] as const))('idempotent() on %s', (_name, engine) => {
  let source: DataSource;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db: source, close } = await engine.open());
  });
  afterAll(() => close());
  beforeEach(async () => {
    await source.query('DELETE FROM made_thing');
    await source.query('DELETE FROM idempotency_key');
  });

  const ctxOf = (caller: Caller): SubgraphContext => subgraphContext({ caller, scope: SCOPE, source, log });
  let seq = 0;
  /** A create the way services write one: checks, then one transaction; `refuse` stands for a domain refusal inside it. */
  const make = (caller: Caller, label: string, key?: string | null, refuse = false) => {
    const ctx = ctxOf(caller);
    return idempotent(
      ctx,
      { operation: 'make', key, request: { label } },
      (id) => unscoped(ctx, 'test').getRepository(Made).findOneBy({ id }),
      (once) =>
        once.transaction(
          async (em) => {
            const row = { id: `m${String(++seq).padStart(6, '0')}`, label };
            await em.insert(Made, row);
            if (refuse) throw new DomainError('QUOTA_EXHAUSTED', 'no');
            return row as Made;
          },
          (r) => r.id,
        ),
    );
  };
  const rows = () => source.getRepository(Made).find({ order: { id: 'ASC' } });

  test('a retry with the same key returns the first result and creates nothing', async () => {
    const first = await make(ana, 'a', 'k-1');
    const again = await make(ana, 'a', 'k-1');
    expect(again).toEqual(first);
    expect(await rows()).toEqual([first]);
  });

  test('without a key every call writes (the key is optional)', async () => {
    await make(ana, 'a');
    await make(ana, 'a', null);
    expect(await rows()).toHaveLength(2);
  });

  test('N concurrent calls with one key create one row and all get it', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => make(ana, 'a', 'k-race')));
    const made = await rows();
    expect(made).toHaveLength(1);
    for (const a of answers) expect(a).toEqual(made[0]);
    expect(await source.getRepository(IdempotencyRow).count()).toBe(1);
  });

  test('the same key for another request is refused and changes nothing', async () => {
    const first = await make(ana, 'a', 'k-2');
    await expect(make(ana, 'b', 'k-2')).rejects.toMatchObject({ extensions: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(await rows()).toEqual([first]);
  });

  test('a key of one caller does not answer another caller', async () => {
    const mine = await make(ana, 'a', 'k-3');
    const theirs = await make(bo, 'a', 'k-3');
    expect(theirs.id).not.toBe(mine.id);
    expect(await rows()).toHaveLength(2);
    // Nor does another caller's different request count as reuse of ana's key.
    await expect(make(bo, 'b', 'k-4')).resolves.toMatchObject({ label: 'b' });
  });

  test('a refused write records no key, so the retry runs again', async () => {
    await expect(make(ana, 'a', 'k-5', true)).rejects.toMatchObject({ extensions: { code: 'QUOTA_EXHAUSTED' } });
    expect(await rows()).toEqual([]);
    expect(await source.getRepository(IdempotencyRow).count()).toBe(0);
    await expect(make(ana, 'a', 'k-5')).resolves.toMatchObject({ label: 'a' });
  });

  test.each([['', 'empty'], ['has space', 'a space'], ['x'.repeat(65), '65 characters'], ['密钥', 'not ASCII']])('a bad key (%s: %s) is BAD_USER_INPUT saying what a key is, and writes nothing', async (key) => {
    await expect(make(ana, 'a', key)).rejects.toMatchObject({
      message: 'idempotencyKey: must be 1-64 printable ASCII characters without spaces, e.g. a UUID. Make a fresh key for each new action and send the same key again only to retry that action.',
      extensions: { code: 'BAD_USER_INPUT', field: 'idempotencyKey' },
    });
    expect(await rows()).toEqual([]);
  });

  test('the sweep forgets keys older than seven days; younger keys still answer', async () => {
    await make(ana, 'a', 'k-old');
    await make(ana, 'a', 'k-new');
    await source.getRepository(IdempotencyRow).update({ key: 'k-old' }, { createdAt: new Date(Date.now() - 8 * 86_400_000) });
    expect(await sweepIdempotencyKeys(source)).toBe(1);
    expect((await source.getRepository(IdempotencyRow).find()).map((k) => k.key)).toEqual(['k-new']);
    await make(ana, 'a', 'k-new');
    expect(await rows()).toHaveLength(2);
  });
});
