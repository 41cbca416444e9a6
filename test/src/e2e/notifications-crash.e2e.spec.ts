/**
 * The notification dispatcher as it is deployed: members' own process (services/members/dist/main.js)
 * sending to a webhook. Killed in the middle of a batch and started again, it still gets each
 * notification to the receiver (which drops repeats by key) exactly once; two replicas running at
 * once send none twice.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { NotificationRow, openMembersDatabase, WEBHOOK_TOPIC } from '@lianxin/members';
import { NotificationTemplate, notifyWorker } from '@lianxin/members-client';
import { OutboxRow, OutboxState, verifyWebhook } from '@lianxin/outbox';
import { createLogger } from '@lianxin/subgraph';
import { dropMariadbDatabase, TEST_DATABASE_URL } from '../harness/engines';
import { loadFixture, type Fixture } from '../harness/fixtures';
import { cameUp, freePort, ROOT, spawnService, type ServiceProcess } from '../harness/process';

const MEMBERS = path.join(ROOT, 'services/members/dist/main.js');
const SECRET = 'notifications-crash-webhook-secret-0123456789';
const FIRST = 240;
const SECOND = 120;

describe('the notification dispatcher, killed mid-batch and run as two replicas (mariadb)', () => {
  const database = `lianxin_notify_crash_${process.pid}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-notify-crash-'));
  let db: DataSource;
  let fixture: Fixture;
  let url: string;
  const processes: ServiceProcess[] = [];
  /** Every call the receiver answered or was cut off in, in arrival order. */
  const calls: string[] = [];
  /** Run on each call before answering it: the test kills the dispatcher from here. */
  let onCall: (n: number) => void = () => undefined;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      if (!verifyWebhook(SECRET, req.headers, raw)) return void res.writeHead(401).end();
      calls.push(String(req.headers['x-lianxin-key']));
      onCall(calls.length);
      // A receiver that takes a moment, as an SMS gateway does: a kill lands mid-batch.
      setTimeout(() => res.writeHead(200).end(), 5);
    });
  });

  const start = async (name: string): Promise<ServiceProcess> => {
    const port = await freePort();
    const p = spawnService(MEMBERS, port, {
      LOG_LEVEL: 'warn', MEMBERS_PORT: String(port), MEMBERS_DATABASE_URL: `${TEST_DATABASE_URL}/${database}`, DATA_DIR: dataDir,
      ORG_CHANGE_DISPATCH_INTERVAL_SECONDS: '0',
      NOTIFY_WEBHOOK_URL: url, NOTIFY_WEBHOOK_SECRET: SECRET, NOTIFY_DISPATCH_INTERVAL_SECONDS: '1', NOTIFY_LEASE_SECONDS: '2',
    });
    processes.push(p);
    if (!(await cameUp(p, name))) throw new Error(`${name} exited:\n${p.output()}`);
    return p;
  };

  /** `n` events for the fixture's members, each in a transaction of its own, as members' writers enqueue them. */
  const enqueue = async (prefix: string, n: number): Promise<string[]> => {
    const members = Object.values(fixture.members);
    const keys: string[] = [];
    for (let i = 0; i < n; i++) {
      const key = `${prefix}:${i}`;
      await db.transaction((em) => notifyWorker(em, { key, memberId: members[i % members.length].id, template: NotificationTemplate.TRANSFER_ACCEPTED, params: { org: '城东街道总工会' }, at: new Date() }));
      keys.push(key);
    }
    return keys;
  };

  const until = async (what: string, done: () => Promise<boolean>, seconds = 90) => {
    for (let i = 0; i < seconds * 10; i++) {
      if (await done()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}; ${calls.length} calls so far\n${processes.map((p) => p.output()).join('\n')}`);
  };
  const pending = () => db.getRepository(OutboxRow).count({ where: [{ state: OutboxState.PENDING }] });

  beforeAll(async () => {
    await dropMariadbDatabase(database);
    db = await openMembersDatabase({ databaseUrl: TEST_DATABASE_URL, database, dataDir, log: createLogger('spec', 'silent') });
    fixture = await loadFixture(db);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`;
  });
  afterAll(async () => {
    for (const p of processes) await p.stop();
    await db?.destroy();
    await dropMariadbDatabase(database);
    await new Promise((r) => server.close(r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('killed after a delivery but before marking it done, then started again: each notification once after de-duplication', async () => {
    const keys = await enqueue('crash', FIRST);
    const first = await start('the first dispatcher');
    // SIGKILL, no goodbye: the call in flight was received, its row stays claimed and PENDING.
    const killed = new Promise<void>((resolve) => {
      onCall = (n) => {
        if (n !== 60) return;
        first.child.kill('SIGKILL');
        resolve();
      };
    });
    await killed;
    onCall = () => undefined;
    await new Promise((r) => first.child.once('exit', r));
    expect(new Set(calls).size).toBe(60);
    const held = await db.getRepository(OutboxRow).findBy({ topic: WEBHOOK_TOPIC, state: OutboxState.PENDING });
    expect(held.filter((r) => r.claimedBy !== null).map((r) => r.key)).toEqual([calls[59]]);

    await start('the restarted dispatcher');
    await until('every notification delivered', async () => (await pending()) === 0 && new Set(calls).size >= FIRST);
    // The receiver, de-duplicating by key, has each exactly once and nothing else.
    expect([...new Set(calls)].sort()).toEqual([...keys].sort());
    expect(await db.getRepository(NotificationRow).count()).toBe(FIRST);
    // At least once: the one in flight at the kill came twice, and only it.
    const repeats = calls.filter((k, i) => calls.indexOf(k) !== i);
    expect(repeats).toEqual([calls[59]]);
    expect(await db.getRepository(OutboxRow).countBy({ state: OutboxState.DONE })).toBe(2 * FIRST);
  }, 180_000);

  test('two replicas at once send no notification twice', async () => {
    const before = calls.length;
    const keys = await enqueue('replicas', SECOND);
    await start('a second replica');
    await until('every notification delivered by two replicas', async () => (await pending()) === 0 && calls.length - before >= SECOND);
    const sent = calls.slice(before);
    expect(sent.sort()).toEqual([...keys].sort());
    const done = await db.getRepository(OutboxRow).findBy({ topic: WEBHOOK_TOPIC, state: OutboxState.DONE });
    expect(done.length).toBe(FIRST + SECOND);
  }, 180_000);
});
