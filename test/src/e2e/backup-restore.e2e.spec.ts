import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CaseEventRow, openCasesDatabase, verifyLedger } from '@lianxin/cases';
import { createLogger } from '@lianxin/subgraph';
import type { DataSource } from 'typeorm';
import { dropMariadbDatabase, enginesForSuites, TEST_DATABASE_URL } from '../harness/engines';
import { startTestGraph, type TestGraph } from '../harness/graph';
import { memberTokenFor, staffTokenFor } from './callers';
import { handlerAt, must, raise } from './cases-helpers';

// docs/operations.md: each subgraph database is backed up on its own with mariadb-dump and
// restored with the mariadb client. This runs exactly those commands against a live graph
// and proves the restored cases database still holds an unbroken ledger.
const run = promisify(execFile);
const hasMariadb = enginesForSuites().includes('mariadb');

/** The connection flags the docs use, from TEST_DATABASE_URL. */
function flags(): string[] {
  const u = new URL(TEST_DATABASE_URL);
  return [`--host=${u.hostname}`, `--port=${u.port || 3306}`, `--user=${decodeURIComponent(u.username || 'root')}`, ...(u.password ? [`--password=${decodeURIComponent(u.password)}`] : [])];
}

async function dump(database: string, file: string): Promise<void> {
  // --single-transaction: a consistent snapshot of InnoDB tables without locking out writers.
  const { stdout } = await run('mariadb-dump', [...flags(), '--single-transaction', '--routines', '--triggers', '--hex-blob', '--default-character-set=utf8mb4', database], { maxBuffer: 256 * 2 ** 20 });
  fs.writeFileSync(file, stdout);
}

async function restore(file: string, database: string): Promise<void> {
  await run('mariadb', [...flags(), '-e', `CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`]);
  await run('sh', ['-c', `mariadb "$@" --default-character-set=utf8mb4 ${database} < "${file}"`, 'mariadb', ...flags()]);
}

async function tableCounts(db: DataSource): Promise<Record<string, number>> {
  const tables = (await db.query('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name')) as { t: string }[];
  const out: Record<string, number> = {};
  for (const { t } of tables) out[t] = Number(((await db.query(`SELECT COUNT(*) AS n FROM \`${t}\``)) as { n: number }[])[0].n);
  return out;
}

(hasMariadb ? describe : describe.skip)('backup and restore with mariadb-dump', () => {
  let g: TestGraph;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-backup-'));
  const restoredName = `lianxin_restore_${process.pid}_cases`;
  let restored: DataSource | undefined;

  beforeAll(async () => {
    g = await startTestGraph('mariadb');
    const m1 = await memberTokenFor('m1', g.fixture);
    const e1 = await staffTokenFor('e1', g.fixture);
    for (const description of ['被拖欠三个月工资，请求法律援助', '希望宿舍区增设快递柜']) {
      const c = await raise(g, m1, { kind: 'LEGAL_AID', channel: 'WECHAT', description });
      await must(g, e1, 'accept', { id: c.id, ...handlerAt(g, 'e1') });
      await must(g, e1, 'resolve', { id: c.id, resolution: '已协助申请劳动仲裁并追回工资' });
    }
    await dropMariadbDatabase(restoredName);
  });
  afterAll(async () => {
    if (restored?.isInitialized) await restored.destroy();
    await dropMariadbDatabase(restoredName);
    await g?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('every subgraph database dumps on its own; the cases dump restores into a fresh database with the same rows and an unbroken ledger', async () => {
    for (const db of [g.db, g.casesDb, g.benefitsDb]) {
      const name = db.options.database as string;
      const file = path.join(dir, `${name}.sql`);
      await dump(name, file);
      expect(fs.readFileSync(file, 'utf8')).toMatch(/CREATE TABLE `schema_migrations`/);
    }
    const casesName = g.casesDb.options.database as string;
    await restore(path.join(dir, `${casesName}.sql`), restoredName);
    restored = await openCasesDatabase({ databaseUrl: TEST_DATABASE_URL, database: restoredName, dataDir: dir, log: createLogger('restore', 'silent') });

    expect(await tableCounts(restored)).toEqual(await tableCounts(g.casesDb));
    expect(await restored.getRepository(CaseEventRow).count()).toBeGreaterThanOrEqual(6);
    const report = await verifyLedger(restored);
    expect(report).toEqual({ ok: true, casesChecked: 2, eventsChecked: expect.any(Number), firstBreak: null });
    expect(report.eventsChecked).toBe(await restored.getRepository(CaseEventRow).count());
  });

  test('the check would notice a damaged restore: one edited event breaks the chain', async () => {
    const event = await restored!.getRepository(CaseEventRow).findOneOrFail({ where: {}, order: { seq: 'DESC' } });
    await restored!.getRepository(CaseEventRow).update({ caseId: event.caseId, seq: event.seq }, { detail: '{"edited":true}' });
    const report = await verifyLedger(restored!);
    expect(report.ok).toBe(false);
    expect(report.firstBreak).toMatchObject({ caseId: event.caseId });
  });
});
