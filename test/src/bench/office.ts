import fs from 'node:fs';
import mysql from 'mysql2/promise';
import { SignJWT } from 'jose';
import { DEV_PII_SECRET } from '@lianxin/members/dist/member/member.pii';
import { DEV_JWT_SECRET } from '@lianxin/gateway/dist/config';
import { cameUp, freePort, spawnService, type ServiceProcess } from '../harness/process';
import { BENCH_INTERNAL_SECRET, benchDatabase } from './dataset';

/**
 * Issue 14's measurements, on copies of the bench datasets (the bench's own databases are left
 * as they are): a district's year and the whole city exported as XLSX and CSV, and a
 * 50,000-row roster checked and imported. Members, cases and the gateway run as processes of
 * their own, so the RSS read from /proc is the exporting (or importing) service's alone.
 *
 *   node test/dist/bench/office.js            (after building; takes a few minutes)
 */

const SERVER = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306';
const COPY = (s: string) => `lianxin_office_bench_${s}`;
const ROSTER_ROWS = Number(process.env.OFFICE_ROSTER_ROWS ?? 50_000);
/** Which measurements: district (its busiest year and all its cases), city, roster. */
const PARTS = new Set((process.env.OFFICE_PARTS ?? 'district,city,roster').split(','));
/** E.g. --max-old-space-size=96: an export that kept its rows would die of it; one that streams finishes. */
const CASES_NODE_OPTIONS = process.env.CASES_NODE_OPTIONS ?? '';

const log = (line: string) => process.stdout.write(`${line}\n`);

/** Every table of the bench database, structure and rows, into a fresh database of our own. */
async function copyDatabase(db: mysql.Connection, from: string, to: string): Promise<void> {
  await db.query(`DROP DATABASE IF EXISTS \`${to}\``);
  await db.query(`CREATE DATABASE \`${to}\``);
  const [tables] = await db.query<mysql.RowDataPacket[]>('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ?', [from]);
  for (const { t } of tables) {
    await db.query(`CREATE TABLE \`${to}\`.\`${t}\` LIKE \`${from}\`.\`${t}\``);
    await db.query(`INSERT INTO \`${to}\`.\`${t}\` SELECT * FROM \`${from}\`.\`${t}\``);
  }
}

function rssOf(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
}

/** Runs `work` while sampling the process's RSS every 50 ms; the peak is the largest sample. */
async function measured<T>(p: ServiceProcess, work: () => Promise<T>): Promise<{ result: T; ms: number; before: number; peak: number }> {
  const before = rssOf(p.child.pid!).rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(p.child.pid!).rss)), 50);
  const started = Date.now();
  try {
    const result = await work();
    return { result, ms: Date.now() - started, before, peak: Math.max(peak, rssOf(p.child.pid!).rss) };
  } finally {
    clearInterval(timer);
  }
}

const mb = (n: number) => `${(n / 1_048_576).toFixed(0)} MB`;

async function main(): Promise<void> {
  const db = await mysql.createConnection(SERVER);
  log('copying the bench datasets…');
  const copyStart = Date.now();
  for (const s of ['members', 'cases'] as const) await copyDatabase(db, benchDatabase(s), COPY(s));
  log(`copied in ${((Date.now() - copyStart) / 1000).toFixed(0)} s`);

  const ports = { members: await freePort(), cases: await freePort(), gateway: await freePort() };
  const common = { LOG_LEVEL: 'warn', NODE_ENV: 'development', INTERNAL_TOKEN_SECRET: BENCH_INTERNAL_SECRET, PII_SECRET: DEV_PII_SECRET, MIGRATE_ON_START: 'on', DATA_DIR: fs.mkdtempSync('/tmp/lianxin-office-bench-'), FEED_POLL_MS: '0', CASE_SWEEP_INTERVAL_SECONDS: '0', ORG_CHANGE_DISPATCH_INTERVAL_SECONDS: '0' };
  const urls = { MEMBERS_URL: `http://127.0.0.1:${ports.members}/graphql`, CASES_URL: `http://127.0.0.1:${ports.cases}/graphql`, BENEFITS_URL: 'http://127.0.0.1:9/graphql' };
  const members = spawnService('services/members/dist/main.js', ports.members, { ...common, ...urls, MEMBERS_PORT: String(ports.members), MEMBERS_DATABASE_URL: `${SERVER}/${COPY('members')}` });
  if (!(await cameUp(members, 'members'))) throw new Error(members.output());
  const cases = spawnService('services/cases/dist/main.js', ports.cases, { ...common, ...urls, NODE_OPTIONS: CASES_NODE_OPTIONS, CASES_PORT: String(ports.cases), CASES_DATABASE_URL: `${SERVER}/${COPY('cases')}` });
  if (!(await cameUp(cases, 'cases'))) throw new Error(cases.output());
  const gateway = spawnService('gateway/dist/main.js', ports.gateway, { ...common, ...urls, GATEWAY_PORT: String(ports.gateway), DIRECTORY_POLL_MS: '0', RATE_LIMIT_STAFF_PER_MINUTE: '1000000', MAX_BODY_BYTES: '100000' });
  if (!(await cameUp(gateway, 'gateway'))) throw new Error(gateway.output());
  const base = `http://127.0.0.1:${ports.gateway}`;
  const stopAll = async () => {
    for (const p of [gateway, cases, members]) await p.stop();
  };

  try {
    const [[city]] = await db.query<mysql.RowDataPacket[]>(`SELECT id, path, name FROM \`${COPY('members')}\`.org WHERE level = 'CITY' LIMIT 1`);
    // The district with the most cases raised in the busiest year.
    const [[busiest]] = await db.query<mysql.RowDataPacket[]>(
      `SELECT o.id, o.name, o.path, YEAR(c.raised_at) AS year, COUNT(*) AS n FROM \`${COPY('cases')}\`.case_scope s JOIN \`${COPY('cases')}\`.case_file c ON c.id = s.case_id
       JOIN \`${COPY('members')}\`.org o ON o.id = s.org_id WHERE o.level = 'DISTRICT' GROUP BY o.id, o.name, o.path, YEAR(c.raised_at) ORDER BY n DESC LIMIT 1`,
    );
    const token = (org: string) => new SignJWT({ role: 'staff', org }).setProtectedHeader({ alg: 'HS256' }).setSubject(`bench-office-${org}`).setIssuer('lianxin').setAudience('lianxin-graph').setIssuedAt().setExpirationTime('2h').sign(new TextEncoder().encode(DEV_JWT_SECRET));
    const gql = async <T>(tok: string, query: string, variables: object): Promise<T> => {
      const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tok}` }, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
      if (!body.data || body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };

    const exportRun = async (label: string, orgId: string, filter: object, format: 'XLSX' | 'CSV') => {
      const tok = await token(orgId);
      const m = await measured(cases, async () => {
        const { startCaseExport } = await gql<{ startCaseExport: { id: string } }>(tok, 'mutation($i: CaseExportInput!) { startCaseExport(input: $i) { id } }', { i: { format, filter } });
        for (;;) {
          const { exportJob } = await gql<{ exportJob: { state: string; rows: number; downloadUrl: string | null; error: string | null } }>(tok, 'query($id: ID!) { exportJob(id: $id) { state rows downloadUrl error } }', { id: startCaseExport.id });
          if (exportJob.state === 'FAILED') throw new Error(exportJob.error ?? 'failed');
          if (exportJob.state === 'DONE') {
            const file = await fetch(`${base}${exportJob.downloadUrl}`, { headers: { authorization: `Bearer ${tok}` } });
            return { rows: exportJob.rows, bytes: (await file.arrayBuffer()).byteLength };
          }
          await new Promise((r) => setTimeout(r, 200));
        }
      });
      log(`export ${label} ${format}: ${m.result.rows.toLocaleString('en')} rows, ${mb(m.result.bytes)} file, ${(m.ms / 1000).toFixed(1)} s; cases RSS ${mb(m.before)} before, peak ${mb(m.peak)}`);
    };

    log(`district: ${busiest.name}, ${busiest.year}: ${Number(busiest.n).toLocaleString('en')} cases in case_scope${CASES_NODE_OPTIONS ? `; cases runs with NODE_OPTIONS=${CASES_NODE_OPTIONS}` : ''}`);
    if (PARTS.has('district')) {
      for (const format of ['XLSX', 'CSV'] as const) await exportRun(`${busiest.name} ${busiest.year}`, busiest.id, { raisedFrom: `${busiest.year}-01-01`, raisedTo: `${busiest.year}-12-31` }, format);
      await exportRun(`${busiest.name} (all its cases)`, busiest.id, {}, 'XLSX');
    }
    if (PARTS.has('city')) for (const format of ['XLSX', 'CSV'] as const) await exportRun(`${city.name} (all cases)`, city.id, {}, format);
    if (!PARTS.has('roster')) return;

    // A roster of new members for the enterprises under the busiest district.
    const [enterprises] = await db.query<mysql.RowDataPacket[]>(`SELECT code FROM \`${COPY('members')}\`.org WHERE level = 'ENTERPRISE' AND closed_at IS NULL AND path LIKE ? LIMIT 200`, [`${busiest.path}%`]);
    const lines = ['姓名,性别,出生日期,身份证号,手机号,用工类型,企业工会编码'];
    for (let i = 0; i < ROSTER_ROWS; i++) {
      // 500 people a birth day from 1980-01-01; region 439901 is not one the bench seed uses, so every row is a new person.
      const birth = new Date(Date.UTC(1980, 0, 1) + Math.floor(i / 500) * 86_400_000).toISOString().slice(0, 10);
      const seq = (i % 500) + 1;
      const id = fixCheck(`439901${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`);
      lines.push(`职工${i},${seq % 2 ? '男' : '女'},${birth},${id},139${String(i).padStart(8, '0')},外卖骑手,${enterprises[i % enterprises.length].code}`);
    }
    const csv = Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`);
    const tok = await token(busiest.id);
    const dry = await measured(members, async () => {
      const form = new FormData();
      form.append('file', new Blob([csv]), 'roster.csv');
      const res = await fetch(`${base}/files/members/upload/roster`, { method: 'POST', body: form, headers: { authorization: `Bearer ${tok}` } });
      return (await res.json()) as { id: string; rowsOk: number; rowsWithProblems: number; errors?: unknown };
    });
    if (!dry.result.id) throw new Error(JSON.stringify(dry.result));
    log(`roster dry run: ${ROSTER_ROWS.toLocaleString('en')} rows (${mb(csv.length)}), ${dry.result.rowsOk.toLocaleString('en')} fine, ${dry.result.rowsWithProblems} with problems, ${(dry.ms / 1000).toFixed(1)} s; members RSS peak ${mb(dry.peak)}`);
    const commit = await measured(members, async () => {
      await gql(tok, 'mutation($id: ID!) { commitRosterImport(id: $id) { state } }', { id: dry.result.id });
      for (;;) {
        const { rosterImport } = await gql<{ rosterImport: { state: string; created: number; error: string | null } }>(tok, 'query($id: ID!) { rosterImport(id: $id) { state created error } }', { id: dry.result.id });
        if (rosterImport.state === 'DONE') return rosterImport.created;
        if (rosterImport.state === 'FAILED') throw new Error(rosterImport.error ?? 'failed');
        await new Promise((r) => setTimeout(r, 200));
      }
    });
    log(`roster commit: ${commit.result.toLocaleString('en')} members created in ${(commit.ms / 1000).toFixed(1)} s; members RSS peak ${mb(commit.peak)}`);
  } finally {
    await stopAll();
    if (!process.env.OFFICE_BENCH_KEEP) for (const s of ['members', 'cases']) await db.query(`DROP DATABASE IF EXISTS \`${COPY(s)}\``);
    await db.end();
  }
}

/** GB 11643's check digit for 17 digits. */
function fixCheck(body17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return body17 + '10X98765432'[w.reduce((acc, x, i) => acc + x * Number(body17[i]), 0) % 11];
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
