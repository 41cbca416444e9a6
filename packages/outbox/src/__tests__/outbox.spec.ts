import pino from 'pino';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { testDatabases } from '@lianxin/jest-config/databases';
import { openDatabase } from '@lianxin/subgraph';
import { createInboxTable, createOutboxTable, dropInboxTable, dropOutboxTable, enqueue, InboxRow, OutboxDispatcher, OutboxRow, OutboxState, receiveOnce, type OutboxDelivery } from '../index';

class CreateOutbox1700000000000 implements MigrationInterface {
  name = 'CreateOutbox1700000000000';
  up = async (qr: QueryRunner) => {
    await createOutboxTable(qr);
    await createInboxTable(qr);
  };
  down = async (qr: QueryRunner) => {
    await dropInboxTable(qr);
    await dropOutboxTable(qr);
  };
}

const log = pino({ level: 'silent' });
const engines = testDatabases('outbox', (o) =>
  openDatabase({ url: o.databaseUrl, dataDir: o.dataDir, database: o.database, service: 'outbox', entities: [OutboxRow, InboxRow], migrations: [CreateOutbox1700000000000], log }),
);

describe.each(engines.map((e) => [e.name, e] as const))('the outbox on %s', (_name, engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  let clock: Date;
  const now = () => clock;
  beforeAll(async () => {
    ({ db, close } = await engine.open());
  });
  afterAll(() => close());
  beforeEach(async () => {
    clock = new Date('2026-12-07T10:00:00Z');
    await db.getRepository(OutboxRow).clear();
    await db.getRepository(InboxRow).clear();
  });

  const rows = () => db.getRepository(OutboxRow).find({ order: { id: 'ASC' } });
  const put = (topic: string, key: string, payload: unknown = { key }) => db.transaction((tx) => enqueue(tx, { topic, key, payload }, clock));

  test('a row is written with the transaction, and a rollback leaves none', async () => {
    await expect(
      db.transaction(async (tx) => {
        await enqueue(tx, { topic: 't', key: 'k1', payload: { a: 1 } }, clock);
        throw new Error('the writer failed after enqueueing');
      }),
    ).rejects.toThrow('the writer failed');
    expect(await rows()).toEqual([]);
    await put('t', 'k2', { a: 2 });
    expect((await rows()).map((r) => [r.topic, r.key, JSON.parse(r.payload), r.state, r.attempts])).toEqual([['t', 'k2', { a: 2 }, 'PENDING', 0]]);
  });

  test('enqueue refuses to run outside a transaction, and a key is enqueued once per topic', async () => {
    await expect(enqueue(db.manager, { topic: 't', key: 'k', payload: {} })).rejects.toThrow(/inside the writer's transaction/);
    await put('t', 'same');
    await expect(put('t', 'same')).rejects.toThrow();
    await put('u', 'same');
    expect((await rows()).map((r) => `${r.topic}:${r.key}`)).toEqual(['t:same', 'u:same']);
  });

  test('two dispatchers running at once deliver each row exactly once', async () => {
    for (let i = 0; i < 12; i++) await put('t', `k${i}`);
    const seen: string[] = [];
    const deliver = async (e: OutboxDelivery) => {
      seen.push(e.key);
      await new Promise((r) => setImmediate(r));
    };
    const a = new OutboxDispatcher(db, { deliver: { t: deliver }, now, name: 'a' });
    const b = new OutboxDispatcher(db, { deliver: { t: deliver }, now, name: 'b' });
    const [ra, rb] = await Promise.all([a.runOnce(), b.runOnce()]);
    expect(ra.delivered + rb.delivered).toBe(12);
    expect(seen.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `k${i}`).sort());
    expect((await rows()).every((r) => r.state === OutboxState.DONE && r.attempts === 1 && r.claimedBy === null)).toBe(true);
    // Nothing is left to deliver: another pass sends nothing again.
    expect(await a.drain()).toEqual({ delivered: 0, failed: 0, dead: 0 });
    expect(seen).toHaveLength(12);
  });

  test('a failing delivery is retried with backoff, then dead-lettered after the last try', async () => {
    await put('t', 'k');
    let calls = 0;
    const sut = new OutboxDispatcher(db, {
      deliver: {
        t: async () => {
          calls++;
          throw new Error('target down');
        },
      },
      now, maxAttempts: 3, baseBackoffMs: 10_000, name: 'x',
    });
    expect(await sut.runOnce()).toEqual({ delivered: 0, failed: 1, dead: 0 });
    let [row] = await rows();
    expect([row.state, row.attempts, row.lastError, row.dueAt.toISOString()]).toEqual(['PENDING', 1, 'target down', '2026-12-07T10:00:10.000Z']);
    // Not due yet: nothing happens.
    expect(await sut.runOnce()).toEqual({ delivered: 0, failed: 0, dead: 0 });
    clock = new Date('2026-12-07T10:00:10Z');
    expect(await sut.runOnce()).toEqual({ delivered: 0, failed: 1, dead: 0 });
    [row] = await rows();
    expect([row.state, row.attempts, row.dueAt.toISOString()]).toEqual(['PENDING', 2, '2026-12-07T10:00:30.000Z']);
    clock = new Date('2026-12-07T10:00:30Z');
    expect(await sut.runOnce()).toEqual({ delivered: 0, failed: 0, dead: 1 });
    [row] = await rows();
    expect([row.state, row.attempts, row.lastError]).toEqual(['DEAD', 3, 'target down']);
    clock = new Date('2026-12-08T10:00:00Z');
    expect(await sut.drain()).toEqual({ delivered: 0, failed: 0, dead: 0 });
    expect(calls).toBe(3);
    // An operator puts it back in line; a working target then takes it.
    const ok = new OutboxDispatcher(db, { deliver: { t: async () => undefined }, now });
    expect(await ok.requeueDead('t')).toBe(1);
    expect(await ok.drain()).toEqual({ delivered: 1, failed: 0, dead: 0 });
  });

  test('dead rows can be put back in line by key, leaving the other dead ones dead', async () => {
    for (const k of ['a', 'b', 'c']) await put('t', k);
    const down = new OutboxDispatcher(db, { deliver: { t: async () => Promise.reject(new Error('down')) }, now, maxAttempts: 1 });
    expect(await down.drain()).toEqual({ delivered: 0, failed: 0, dead: 3 });
    const sut = new OutboxDispatcher(db, { deliver: { t: async () => undefined }, now });
    expect(await sut.requeueDead('t', [])).toBe(0);
    expect(await sut.requeueDead('t', ['b', 'nope'])).toBe(1);
    expect(await sut.drain()).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect((await rows()).map((r) => `${r.key}:${r.state}`)).toEqual(['a:DEAD', 'b:DONE', 'c:DEAD']);
  });

  test('an ordered topic waits behind its oldest undelivered row; other topics do not', async () => {
    await put('ordered', 'first');
    clock = new Date('2026-12-07T10:00:01Z');
    await put('ordered', 'second');
    await put('free', 'other');
    const seen: string[] = [];
    let firstFails = true;
    const sut = new OutboxDispatcher(db, {
      deliver: {
        ordered: async (e) => {
          if (e.key === 'first' && firstFails) throw new Error('not yet');
          seen.push(e.key);
        },
        free: async (e) => void seen.push(e.key),
      },
      ordered: ['ordered'],
      now,
      baseBackoffMs: 1_000,
    });
    await sut.runOnce();
    expect(seen).toEqual(['other']);
    firstFails = false;
    clock = new Date('2026-12-07T10:00:05Z');
    await sut.drain();
    expect(seen).toEqual(['other', 'first', 'second']);
  });

  test('a dispatcher leaves topics it has no delivery for, and a held row until its lease runs out', async () => {
    await put('mine', 'k');
    await put('theirs', 'k');
    const seen: string[] = [];
    const sut = new OutboxDispatcher(db, { deliver: { mine: async (e) => void seen.push(e.topic) }, now, leaseMs: 60_000 });
    await sut.drain();
    expect(seen).toEqual(['mine']);
    expect((await rows()).map((r) => `${r.topic}:${r.state}`)).toEqual(['mine:DONE', 'theirs:PENDING']);
    // A dispatcher that claimed and died: the row is held until the lease ends.
    await db.getRepository(OutboxRow).update({ topic: 'theirs' }, { claimedBy: 'dead', leaseUntil: new Date('2026-12-07T10:01:00Z'), attempts: 1 });
    const other = new OutboxDispatcher(db, { deliver: { theirs: async (e) => void seen.push(e.topic) }, now });
    await other.drain();
    expect(seen).toEqual(['mine']);
    clock = new Date('2026-12-07T10:01:01Z');
    await other.drain();
    expect(seen).toEqual(['mine', 'theirs']);
    expect((await rows()).find((r) => r.topic === 'theirs')?.attempts).toBe(2);
  });

  test('a receiver applies a key once: the repeat finds it, and a rolled-back apply leaves it unrecorded', async () => {
    const apply = (key: string, fail = false) =>
      db.transaction(async (tx) => {
        const fresh = await receiveOnce(tx, 'org.changed', key, clock);
        if (fail) throw new Error('the change failed');
        return fresh;
      });
    await expect(apply('e1', true)).rejects.toThrow('the change failed');
    expect(await db.getRepository(InboxRow).count()).toBe(0);
    expect(await apply('e1')).toBe(true);
    expect(await apply('e1')).toBe(false);
    expect(await apply('e2')).toBe(true);
    expect((await db.getRepository(InboxRow).find({ order: { key: 'ASC' } })).map((r) => r.key)).toEqual(['e1', 'e2']);
    await expect(receiveOnce(db.manager, 'org.changed', 'e3')).rejects.toThrow(/inside the receiver's transaction/);
  });
});
