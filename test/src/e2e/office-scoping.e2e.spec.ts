import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { CaseRow } from '@lianxin/cases';
import { MemberRow, RosterImportRow } from '@lianxin/members';
import { idNumber, matrixRuns } from '../harness/fixtures';
import { startTestGraph, type TestGraph } from '../harness/graph';
import { CALLERS, errorOf, refusedByRole, staffTokenFor, tokenFor, type CallerKey, type OrgKey } from './callers';
import { raise } from './cases-helpers';
import { Oracle } from './oracle';

/**
 * The scoping matrix of office work (issue 14): exports of the case ledger and the figures
 * (cases subgraph) and roster imports (members subgraph), for every caller. An export copies
 * exactly the list it exports, row for row; a job, its file and an import belong to the caller
 * who started them; a roster creates members only in the uploader's subtree.
 */

const STAFF = 'union staff and admins';
const isStaff = (c: CallerKey) => c === 'admin' || ['city', 'd1', 'd2', 's1', 'e1'].includes(c);
const isUnionStaff = (c: CallerKey) => c !== 'admin' && isStaff(c);

const START_CASES = 'mutation($i: CaseExportInput!) { startCaseExport(input: $i) { id kind format state rows name } }';
const START_FIGURES = 'mutation($i: FiguresExportInput!) { startFiguresExport(input: $i) { id kind state } }';
const JOB = 'query($id: ID!) { exportJob(id: $id) { id state rows error downloadUrl downloadExpiresAt } }';
const IMPORT = 'query($id: ID!) { rosterImport(id: $id) { id state rowsTotal rowsOk rowsWithProblems created skipped reportUrl problems(first: 500) { edges { node { row code field message name idNumber } } } } }';
const COMMIT = 'mutation($id: ID!) { commitRosterImport(id: $id) { id state } }';

type Job = { id: string; state: string; rows: number; error: string | null; downloadUrl: string | null; downloadExpiresAt: string | null };
type Problem = { row: number; code: string; field: string; message: string; name: string; idNumber: string };
type Import = { id: string; state: string; rowsTotal: number; rowsOk: number; rowsWithProblems: number; created: number; skipped: number; reportUrl: string | null; problems: { edges: { node: Problem }[] } };

/** Reads a CSV the export wrote with another reader than ours (exceljs's, fast-csv): BOM first, quoted fields, CRLF. */
async function parseCsv(body: ArrayBuffer): Promise<string[][]> {
  const bytes = Buffer.from(body);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const book = new ExcelJS.Workbook();
  const sheet = await book.csv.read(Readable.from([bytes.subarray(3).toString('utf8')]), { map: (v: unknown) => v } as never);
  const width = sheet.getRow(1).cellCount;
  const rows: string[][] = [];
  sheet.eachRow((r) => rows.push(Array.from({ length: width }, (_, i) => String((r.values as unknown[])[i + 1] ?? ''))));
  return rows;
}

async function parseXlsx(body: ArrayBuffer): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body);
  const rows: string[][] = [];
  const width = book.worksheets[0].getRow(1).cellCount;
  // Trailing empty cells are not in a row's values: pad to the header's width, as the CSV has them.
  book.worksheets[0].eachRow((r) => rows.push(Array.from({ length: width }, (_, i) => (r.values as unknown[])[i + 1]).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return rows;
}

async function xlsxOf(rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('花名册');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const csvOf = (rows: string[][]): Buffer => Buffer.from(`\uFEFF${rows.map((r) => r.join(',')).join('\r\n')}\r\n`);
const HEADER = ['姓名', '性别', '出生日期', '身份证号', '手机号', '用工类型', '企业工会编码'];

describe.each(matrixRuns())('office work scoping matrix on $name', ({ engine, graph }) => {
  let g: TestGraph;
  let model: Oracle;
  let base: string;
  const tokens = {} as Record<CallerKey, string | undefined>;
  let org: (k: OrgKey) => string;

  const auth = (token: string | undefined): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
  const download = (token: string | undefined, url: string) => fetch(`${base}${url}`, { headers: auth(token) });

  async function finished(token: string | undefined, id: string): Promise<Job> {
    for (let i = 0; i < 400; i++) {
      const res = await g.gql<{ exportJob: Job | null }>(token, JOB, { id });
      const job = res.data?.exportJob;
      if (!job) throw new Error(`exportJob(${id}): ${res.errors?.[0]?.message ?? 'null'}`);
      if (job.state !== 'RUNNING') return job;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`export ${id} did not finish`);
  }

  /** The export's rows (header first) for a caller, through the mutation, the progress query and the signed link. */
  async function exported(token: string | undefined, filter: Record<string, unknown>, format = 'CSV'): Promise<string[][]> {
    const res = await g.gql<{ startCaseExport: { id: string } }>(token, START_CASES, { i: { format, filter } });
    if (!res.data?.startCaseExport) throw new Error(`startCaseExport: ${res.errors?.[0]?.message}`);
    const job = await finished(token, res.data.startCaseExport.id);
    expect(job).toMatchObject({ state: 'DONE', error: null });
    const file = await download(token, job.downloadUrl!);
    expect(file.status).toBe(200);
    const rows = format === 'CSV' ? await parseCsv(await file.arrayBuffer()) : await parseXlsx(await file.arrayBuffer());
    expect(rows.length - 1).toBe(job.rows);
    return rows;
  }

  /** The numbers the list gives the same caller for the same filter, page by page, newest first. */
  async function listed(token: string | undefined, filter: Record<string, unknown>): Promise<string[]> {
    const numbers: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: { data?: { cases: { edges: { node: { number: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } | null } | null; errors?: unknown[] } =
        await g.gql(token, 'query($f: CaseFilter, $after: String) { cases(filter: $f, first: 2, after: $after) { edges { node { number } } pageInfo { hasNextPage endCursor } } }', { f: filter, after });
      if (!res.data?.cases) throw new Error(`cases: ${JSON.stringify(res.errors)}`);
      numbers.push(...res.data.cases.edges.map((e) => e.node.number));
      if (!res.data.cases.pageInfo.hasNextPage) return numbers;
      after = res.data.cases.pageInfo.endCursor;
    }
  }

  async function upload(token: string | undefined, name: string, body: Buffer): Promise<{ status: number; body: Record<string, unknown> & { errors?: { message: string; extensions: { code: string } }[] } }> {
    const form = new FormData();
    form.append('file', new Blob([body]), name);
    const res = await fetch(`${base}/files/members/upload/roster`, { method: 'POST', body: form, headers: auth(token) });
    return { status: res.status, body: (await res.json()) as never };
  }

  async function committed(token: string | undefined, id: string): Promise<Import> {
    const res = await g.gql<{ commitRosterImport: { state: string } | null }>(token, COMMIT, { id });
    if (!res.data?.commitRosterImport) throw new Error(`commitRosterImport: ${res.errors?.[0]?.message}`);
    for (let i = 0; i < 400; i++) {
      const imp = (await g.gql<{ rosterImport: Import }>(token, IMPORT, { id })).data!.rosterImport;
      if (imp.state !== 'COMMITTING') return imp;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`import ${id} did not finish`);
  }

  beforeAll(async () => {
    g = await startTestGraph(engine, graph);
    model = new Oracle(g.fixture);
    base = g.gatewayUrl.replace(/\/graphql$/, '');
    for (const c of CALLERS) tokens[c] = await tokenFor(c, g.fixture);
    org = (k) => g.fixture.orgs[k].id;
    // Cases raised across the tree, of two kinds: each caller's list holds a different part of them.
    const e3 = await staffTokenFor('e3', g.fixture);
    await raise(g, tokens.e1, { orgId: org('e1'), description: '="HYPERLINK(1)" 车间噪声大' });
    await raise(g, tokens.e1, { orgId: org('e1'), kind: 'LEGAL_AID', description: '拖欠工资，请求法律援助，"加班费"未结' });
    await raise(g, tokens.s1, { orgId: org('s1') });
    await raise(g, e3, { orgId: org('e3'), kind: 'LEGAL_AID' });
    await raise(g, tokens.d2, { orgId: org('d2') });
    await raise(g, tokens.city, { orgId: org('city'), kind: 'SUGGESTION' });
  }, 120_000);
  afterAll(() => g?.stop());

  /* ---------- exports ---------- */

  test.each(CALLERS)('startCaseExport: %s exports exactly the rows its list gives, in the same order', async (caller) => {
    const filter = caller === 'admin' ? { orgId: org('city') } : {};
    if (!isStaff(caller)) {
      const res = await g.gql(tokens[caller], START_CASES, { i: { format: 'CSV', filter } });
      expect(errorOf(res)).toEqual(refusedByRole(caller, 'cases', 'startCaseExport', STAFF));
      return;
    }
    const rows = await exported(tokens[caller], filter);
    expect(rows[0]).toEqual(['编号', '类别', '渠道', '诉求内容', '登记时间', '办理时限', '办结时间', '状态', '办理单位', '是否按时办结', '评价', '最后环节', '最后环节时间', '最后环节说明']);
    const numbers = rows.slice(1).map((r) => r[0]);
    expect(numbers).toEqual(await listed(tokens[caller], filter));
    // Straight from the rows: the cases raised or handled in the caller's subtree.
    const home = caller === 'admin' ? 'city' : model.home(caller);
    const all = await g.casesDb.getRepository(CaseRow).find();
    const mine = all.filter((c) => c.raisedPath.startsWith(g.fixture.orgs[home as OrgKey].path) || c.handlingPath.startsWith(g.fixture.orgs[home as OrgKey].path));
    expect(new Set(numbers)).toEqual(new Set(mine.map((c) => c.number)));
    expect(rows.slice(1).every((r) => r[7] === '已登记' && r[11] === '登记')).toBe(true);
  });

  test.each(['XLSX', 'CSV'])('startCaseExport as %s: a filtered export equals the filtered list, and text a spreadsheet would run stays text', async (format) => {
    const filter = { kind: 'LEGAL_AID', raisedFrom: '2020-01-01' };
    const rows = await exported(tokens.city, filter, format);
    expect(rows.slice(1).map((r) => r[0])).toEqual(await listed(tokens.city, filter));
    expect(rows.slice(1).map((r) => r[1])).toEqual(['法律援助', '法律援助']);
    const all = await exported(tokens.e1, {}, format);
    const notes = all.slice(1).map((r) => r[3]);
    expect(notes).toContain('\'="HYPERLINK(1)" 车间噪声大');
    expect(notes).toContain('拖欠工资，请求法律援助，"加班费"未结');
  });

  test('a period is China days, inclusive: today holds every case raised here, yesterday none, and the export agrees with the list', async () => {
    const day = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);
    const all = await listed(tokens.d1, {});
    expect(all.length).toBeGreaterThan(0);
    for (const [filter, expected] of [[{ raisedFrom: day(0), raisedTo: day(0) }, all], [{ raisedTo: day(-1) }, []], [{ raisedFrom: day(1) }, []]] as const) {
      expect(await listed(tokens.d1, filter)).toEqual(expected);
      expect((await exported(tokens.d1, filter)).slice(1).map((r) => r[0])).toEqual(expected);
    }
    // A day that is none is refused by the list and the export alike, before any job is made.
    const jobs = await g.casesDb.query('SELECT COUNT(*) AS n FROM export_job');
    const bad = await g.gql(tokens.d1, START_CASES, { i: { format: 'CSV', filter: { raisedFrom: '2026-13-01' } } });
    expect(errorOf(bad)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(errorOf(await g.gql(tokens.d1, '{ cases(filter: { raisedTo: "2026-02-30" }) { edges { cursor } } }'))).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(await g.casesDb.query('SELECT COUNT(*) AS n FROM export_job')).toEqual(jobs);
  });

  test('startCaseExport: an org outside the scope is NOT_FOUND, and no job is made', async () => {
    const before = await g.casesDb.query('SELECT COUNT(*) AS n FROM export_job');
    const res = await g.gql(tokens.d1, START_CASES, { i: { format: 'CSV', filter: { orgId: org('d2') } } });
    expect(errorOf(res)).toMatchObject({ extensions: { code: 'NOT_FOUND', field: 'filter.orgId' } });
    expect(await g.casesDb.query('SELECT COUNT(*) AS n FROM export_job')).toEqual(before);
  });

  test.each(CALLERS)('exportJob and its link: %s reaches only the jobs it started itself', async (caller) => {
    const started = (await g.gql<{ startCaseExport: { id: string } }>(tokens.s1, START_CASES, { i: { format: 'XLSX', filter: {} } })).data!.startCaseExport;
    const job = await finished(tokens.s1, started.id);
    const res = await g.gql<{ exportJob: Job | null }>(tokens[caller], JOB, { id: started.id });
    if (!isStaff(caller)) expect(errorOf(res)).toEqual(refusedByRole(caller, 'cases', 'exportJob', STAFF));
    else if (caller === 's1') expect(res.data?.exportJob).toMatchObject({ id: started.id, state: 'DONE' });
    else expect(res.data?.exportJob ?? null).toBeNull();
    // s1's link with another caller's token is no link at all.
    const file = await download(tokens[caller], job.downloadUrl!);
    if (caller === 's1') return expect(file.status).toBe(200);
    expect(file.status).toBe(caller === 'anonymous' ? 401 : 404);
    expect(await file.json()).toMatchObject({ errors: [{ extensions: { code: caller === 'anonymous' ? 'UNAUTHENTICATED' : 'LINK_EXPIRED' } }] });
  });

  test('a signed link refuses a changed signature, a changed id and a past expiry', async () => {
    const started = (await g.gql<{ startCaseExport: { id: string } }>(tokens.s1, START_CASES, { i: { format: 'CSV', filter: {} } })).data!.startCaseExport;
    const job = await finished(tokens.s1, started.id);
    expect((await download(tokens.s1, job.downloadUrl!)).status).toBe(200);
    const [ref, exp, sig] = job.downloadUrl!.split('/').pop()!.split('.');
    const at = (link: string) => download(tokens.s1, `/files/cases/download/${link}`);
    expect((await at(`${ref}.${exp}.${sig.slice(0, -2)}AA`)).status).toBe(404);
    expect((await at(`${ref}.${Number(exp) + 3600}.${sig}`)).status).toBe(404);
    expect((await at(`${ref}.1000.${sig}`)).status).toBe(404);
    expect(new Date(job.downloadExpiresAt!).getTime() - Date.now()).toBeLessThanOrEqual(5 * 60_000);
  });

  test.each(CALLERS)('startFiguresExport: %s gets its org and each child org, counted as the rows count', async (caller) => {
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const input = { format: 'CSV', from: month, to: month, ...(caller === 'admin' ? { orgId: org('city') } : {}) };
    const res = await g.gql<{ startFiguresExport: { id: string } }>(tokens[caller], START_FIGURES, { i: input });
    if (!isStaff(caller)) {
      expect(errorOf(res)).toEqual(refusedByRole(caller, 'cases', 'startFiguresExport', STAFF));
      return;
    }
    const job = await finished(tokens[caller], res.data!.startFiguresExport.id);
    expect(job.state).toBe('DONE');
    const rows = await parseCsv(await (await download(tokens[caller], job.downloadUrl!)).arrayBuffer());
    const home = (caller === 'admin' ? 'city' : model.home(caller)) as OrgKey;
    const all = await g.casesDb.getRepository(CaseRow).find();
    const raisedUnder = (k: OrgKey) => all.filter((c) => c.raisedPath.startsWith(g.fixture.orgs[k].path)).length;
    const expected = [
      [`${g.fixture.orgs[home].name}（合计）`, String(raisedUnder(home))],
      ...model
        .children(home)
        .filter((k) => raisedUnder(k) > 0)
        .sort((a, b) => g.fixture.orgs[a].code.localeCompare(g.fixture.orgs[b].code))
        .map((k) => [g.fixture.orgs[k].name, String(raisedUnder(k))]),
    ];
    expect(rows.slice(1).map((r) => [r[0], r[2]])).toEqual(expected);
  });

  /* ---------- roster imports ---------- */

  /** A roster for e1 with one row of every problem, and one row in e3 (outside d1's subtree). */
  const roster = () => {
    const e1 = g.fixture.orgs.e1.code;
    return [
      HEADER,
      ['赵一', '男', '1991-02-03', idNumber('1991-02-03', 501), '13900000001', '外卖骑手', e1],
      ['钱二', '女', '1992-04-05', idNumber('1992-04-05', 502), '13900000002', '普通职工', e1],
      ['孙三', '男', '1993-06-07', idNumber('1993-06-07', 503), '13900000003', '快递员', g.fixture.orgs.e3.code],
      ['李四', '男', '1994-01-01', '339901199401010000', '13900000004', '普通职工', e1],
      ['周五', '男', '1995-08-09', idNumber('1995-08-09', 505), '1390000', '普通职工', e1],
      ['吴六', '男', '1991-02-03', idNumber('1991-02-03', 501), '13900000006', '普通职工', e1],
      ['郑七', '男', '1996-03-03', idNumber('1996-03-03', 507), '', '普通职工', e1],
      ['王八', '男', '1980-01-01', idNumber('1997-05-05', 509), '13900000008', '网约车司机', e1],
      [g.fixture.members.m1.name, '男', g.fixture.members.m1.birthDate, g.fixture.members.m1.idNumber, '13900000009', '普通职工', e1],
      ['冯九', '男', '1998-07-07', idNumber('1998-07-07', 511), '13900000010', '厨师', e1],
    ];
  };

  test.each(CALLERS)('upload roster: %s', async (caller) => {
    const before = await g.db.getRepository(RosterImportRow).count();
    const res = await upload(tokens[caller], 'roster.csv', csvOf([HEADER, ['陈十', '女', '1999-09-09', idNumber('1999-09-09', 512), '13900000011', '主播', g.fixture.orgs.e1.code]]));
    if (isUnionStaff(caller)) {
      expect(res.status).toBe(200);
      const imp = (await g.gql<{ rosterImport: Import }>(tokens[caller], IMPORT, { id: res.body.id })).data!.rosterImport;
      // e1 lies in every union caller's subtree but d2's.
      const sees = model.seesOrg(caller, 'e1');
      expect(imp).toMatchObject({ state: 'CHECKED', rowsTotal: 1, rowsOk: sees ? 1 : 0, rowsWithProblems: sees ? 0 : 1, created: 0 });
      if (!sees) expect(imp.problems.edges.map((e) => e.node.code)).toEqual(['ORG_NOT_FOUND']);
      return;
    }
    expect(res.status).toBe(caller === 'anonymous' ? 401 : 403);
    expect(res.body.errors?.[0].extensions.code).toBe(caller === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
    expect(await g.db.getRepository(RosterImportRow).count()).toBe(before);
  });

  test('a roster: the dry run reports every problem with its row, commit creates the rest once, and the same file again creates nothing', async () => {
    const file = await xlsxOf(roster());
    const members = () => g.db.getRepository(MemberRow).count();
    const start = await members();
    const res = await upload(tokens.d1, '江北区新就业形态花名册.xlsx', file);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rowsTotal: 10, rowsOk: 2, rowsWithProblems: 8 });
    expect(await members()).toBe(start);
    const imp = (await g.gql<{ rosterImport: Import }>(tokens.d1, IMPORT, { id: res.body.id })).data!.rosterImport;
    expect(imp.problems.edges.map((e) => [e.node.row, e.node.code, e.node.field])).toEqual([
      [4, 'ORG_NOT_FOUND', 'orgCode'],
      [5, 'ID_NUMBER_INVALID', 'idNumber'],
      [6, 'PHONE_INVALID', 'phone'],
      [7, 'DUPLICATE_IN_FILE', 'idNumber'],
      [8, 'MISSING_FIELD', 'phone'],
      [9, 'BIRTH_DATE_MISMATCH', 'birthDate'],
      [10, 'ALREADY_MEMBER', 'idNumber'],
      [11, 'EMPLOYMENT_TYPE_INVALID', 'employmentType'],
    ]);
    expect(imp.problems.edges[3].node.message).toContain('第 2 行');
    // Masked in the report, whoever reads it.
    expect(imp.problems.edges.every((e) => /^\d{6}\*+[\dX]{4}$|^$/.test(e.node.idNumber))).toBe(true);

    const report = await download(tokens.d1, imp.reportUrl!);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-disposition')).toContain(encodeURIComponent('预检报告'));
    const lines = await parseXlsx(await report.arrayBuffer());
    expect(lines[0]).toEqual(['行号', '姓名', '身份证号', '问题代码', '字段', '说明']);
    expect(lines.slice(1).map((l) => [Number(l[0]), l[3]])).toEqual(imp.problems.edges.map((e) => [e.node.row, e.node.code]));
    expect(lines.flat().join(' ')).not.toContain(g.fixture.members.m1.idNumber);
    // Another union's staff cannot read it, even with the link.
    expect((await download(tokens.d2, imp.reportUrl!)).status).toBe(404);

    const done = await committed(tokens.d1, imp.id);
    expect(done).toMatchObject({ state: 'DONE', created: 2, skipped: 0 });
    expect(await members()).toBe(start + 2);
    const made = await g.db.getRepository(MemberRow).find({ where: { name: '赵一' } });
    expect(made.map((m) => [m.orgId, m.status, m.employmentType, m.birthDate])).toEqual([[org('e1'), 'ACTIVE', 'DELIVERY_RIDER', '1991-02-03']]);
    expect(await g.db.getRepository(MemberRow).count({ where: { name: '孙三' } })).toBe(0);
    // Committing again, or the same file uploaded again, creates nobody.
    expect((await g.gql<{ commitRosterImport: { state: string } }>(tokens.d1, COMMIT, { id: imp.id })).data!.commitRosterImport.state).toBe('DONE');
    const again = await upload(tokens.d1, '江北区新就业形态花名册.xlsx', file);
    expect(again.body).toMatchObject({ rowsTotal: 10, rowsOk: 0 });
    expect((await committed(tokens.d1, String(again.body.id))).created).toBe(0);
    expect(await members()).toBe(start + 2);
  });

  test('two commits of one import at once create its members once', async () => {
    const rows = [HEADER, ...[701, 703, 705].map((seq, i) => [`卫${i}`, '男', '1989-09-09', idNumber('1989-09-09', seq), `1390000070${i}`, '快递员', g.fixture.orgs.e1.code])];
    const up = await upload(tokens.e1, 'roster.csv', csvOf(rows));
    const before = await g.db.getRepository(MemberRow).count();
    const both = await Promise.all([0, 1].map(() => g.gql<{ commitRosterImport: { state: string } }>(tokens.e1, COMMIT, { id: up.body.id })));
    // Each gets the import as it stands (the loser may already see it DONE); neither is an error.
    for (const r of both) expect(['COMMITTING', 'DONE']).toContain(r.data?.commitRosterImport?.state);
    expect((await committed(tokens.e1, String(up.body.id))).created).toBe(3);
    expect(await g.db.getRepository(MemberRow).count()).toBe(before + 3);
  });

  test.each(CALLERS)('rosterImport and commitRosterImport: %s reaches only its own imports', async (caller) => {
    const up = await upload(tokens.s1, 'roster.csv', csvOf([HEADER, ['褚十一', '女', '1988-08-08', idNumber('1988-08-08', 514), '13900000012', '普通职工', g.fixture.orgs.e2.code]]));
    const id = String(up.body.id);
    const before = await g.db.getRepository(MemberRow).count();
    const read = await g.gql<{ rosterImport: Import | null }>(tokens[caller], IMPORT, { id });
    const commit = await g.gql<{ commitRosterImport: unknown }>(tokens[caller], COMMIT, { id });
    if (!isUnionStaff(caller)) {
      expect(errorOf(read)).toEqual(refusedByRole(caller, 'members', 'rosterImport', 'union staff'));
      expect(errorOf(commit)).toEqual(refusedByRole(caller, 'members', 'commitRosterImport', 'union staff'));
    } else if (caller !== 's1') {
      expect(read.data?.rosterImport).toBeNull();
      expect(errorOf(commit)).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    }
    if (caller !== 's1') {
      expect(await g.db.getRepository(MemberRow).count()).toBe(before);
      expect((await g.db.getRepository(RosterImportRow).findOneByOrFail({ id })).state).toBe('CHECKED');
    } else {
      expect((await committed(tokens.s1, id)).created).toBe(1);
    }
  });

  test.each([
    ['wrong columns', 'roster.csv', () => csvOf([['名字', '电话'], ['赵一', '13900000001']]), 400, 'FILE_COLUMNS'],
    ['an empty file', 'roster.csv', () => Buffer.alloc(0), 400, 'FILE_EMPTY'],
    ['a header and no rows', 'roster.xlsx', () => xlsxOf([HEADER]), 400, 'FILE_EMPTY'],
    ['20 MB of binary', 'roster.xlsx', () => Buffer.alloc(20 * 1_048_576, 7), 413, 'FILE_TOO_LARGE'],
    ['binary named .xlsx', 'roster.xlsx', () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), 400, 'FILE_UNREADABLE'],
    ['binary named .csv', 'roster.csv', () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), 400, 'FILE_UNREADABLE'],
    ['a formula cell', 'roster.xlsx', () => xlsxOf([HEADER, ['赵一', '男', '1991-02-03', { formula: 'CONCAT("3399",A1)', result: '3399' }, '13900000001', '普通职工', 'X']]), 400, 'FILE_HAS_FORMULAS'],
    ['a formula in a CSV', 'roster.csv', () => csvOf([HEADER, ['=cmd|calc', '男', '1991-02-03', '1', '1', '1', '1']]), 400, 'FILE_HAS_FORMULAS'],
    ['a .xls', 'roster.xls', () => Buffer.from('x'), 400, 'FILE_TYPE'],
  ] as const)('a roster with %s is refused with a clear message, and nothing is kept', async (_what, name, body, status, code) => {
    const before = await g.db.getRepository(RosterImportRow).count();
    const res = await upload(tokens.e1, name, await body());
    expect(res.status).toBe(status);
    expect(res.body.errors?.[0].extensions.code).toBe(code);
    expect(res.body.errors?.[0].message).toMatch(/\. [A-Z]|\.$/);
    expect(await g.db.getRepository(RosterImportRow).count()).toBe(before);
  });
});
