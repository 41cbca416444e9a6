import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dropMariadbDatabase, TEST_DATABASE_URL } from '@lianxin/jest-config/engines';
import { createLogger } from '@lianxin/subgraph';
import { openCasesDatabase } from '../../app';

test('sql', async () => {
  const log = createLogger('test', 'silent');
  await dropMariadbDatabase('lianxin_tmpsql');
  const db = await openCasesDatabase({ databaseUrl: TEST_DATABASE_URL, database: 'lianxin_tmpsql', dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'x')), log });
  console.log((await db.query('SHOW CREATE TABLE case_file'))[0]['Create Table']);
  // 200k cases over 10 districts x 10 streets x 20 enterprises
  await db.query(`SET SESSION cte_max_recursion_depth = 300000`);
  await db.query(`INSERT INTO case_file (id, number, kind, channel, urgency, description, member_id, raised_by_sub, raised_by_role, raised_org_id, raised_path, handling_org_id, handling_path, state, supervised, due_at, deadline_escalated, raised_at, event_seq, ledger_head, version, reopen_count)
    WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 200000)
    SELECT LPAD(n, 26, '0'), CONCAT('N', n), 'MICRO_WISH', 'WEBSITE', 'NORMAL', 'x', NULL, 's', 'staff', 'E',
      CONCAT('/CITY/D', n % 10, '/S', n % 100, '/E', n % 2000, '/'), 'E', CONCAT('/CITY/D', n % 10, '/S', n % 100, '/E', n % 2000, '/'),
      ELT(1 + n % 10, 'CLOSED','CLOSED','CLOSED','CLOSED','CLOSED','CLOSED','IN_PROGRESS','REGISTERED','DECLINED','RESOLVED'), 0,
      DATE_ADD('2025-01-01', INTERVAL n MINUTE) + INTERVAL 15 DAY, 0, DATE_ADD('2025-01-01', INTERVAL n MINUTE), 1, 'h', 1, 0 FROM seq`);
  await db.query('ANALYZE TABLE case_file');
  const q = `SELECT SUM(CASE WHEN c.raised_path >= '/CITY/D3/' AND c.raised_path < '/CITY/D30' THEN 1 ELSE 0 END) AS o0 FROM case_file c WHERE ((c.raised_path >= '/CITY/D3/' AND c.raised_path < '/CITY/D30')) AND ((c.raised_path >= '/CITY/D3/' AND c.raised_path < '/CITY/D30')) AND c.state IN ('REGISTERED','TRANSFERRED','ACCEPTED','IN_PROGRESS') AND c.due_at < '2025-06-01' AND c.raised_at >= '2024-12-31 16:00:00' AND c.raised_at < '2025-12-31 16:00:00'`;
  console.log(JSON.stringify(await db.query('EXPLAIN ' + q)));
  console.log(JSON.stringify(await db.query(q)));
  const t0 = Date.now(); for (let i = 0; i < 20; i++) await db.query(q); console.log('ms/query', (Date.now() - t0) / 20);
  const q2 = q.replace('FROM case_file c', 'FROM case_file c USE INDEX (ix_case_overdue)');
  console.log(JSON.stringify(await db.query('EXPLAIN ' + q2)));
  const t1 = Date.now(); for (let i = 0; i < 20; i++) await db.query(q2); console.log('ms/query hinted', (Date.now() - t1) / 20);
  await db.destroy();
  await dropMariadbDatabase('lianxin_tmpsql');
});
