/**
 * Office work in a real browser against the real graph: the district exports its case ledger
 * from the case board and its figures per child org from the dashboard, and imports a roster
 * through the wizard (上传 → 预检报告 → 确认导入 → 完成). Every file is opened and compared
 * with what the API says.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Download, Page } from 'playwright-core';
import type { TestGraph } from '../../test/src/harness/graph';
import { enginesForSuites } from '../../test/src/harness/engines';
import { idNumber } from '../../test/src/harness/fixtures';
import { tokenFor, type CallerKey } from '../../test/src/e2e/callers';
import { raise } from '../../test/src/e2e/cases-helpers';
import { closeGraphAndBrowser, newPage, openGraphAndBrowser, RESULTS, shot, signIn } from './browser';

async function sheetRows(file: string): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const rows: string[][] = [];
  book.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return rows;
}

describe.each(enginesForSuites())('office work in the console on %s', (engine) => {
  let graph: TestGraph;
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    ({ graph, browser, base } = await openGraphAndBrowser(engine));
    const org = (k: 'e1' | 's1' | 'd1' | 'e3') => graph.fixture.orgs[k].id;
    await raise(graph, await tok('e1'), { orgId: org('e1'), description: '车间噪声大，希望加装隔音设施' });
    await raise(graph, await tok('e1'), { orgId: org('e1'), kind: 'LEGAL_AID', description: '拖欠加班费' });
    await raise(graph, await tok('s1'), { orgId: org('s1'), kind: 'SUGGESTION', description: '建议在驿站增加充电柜' });
    await raise(graph, await tok('d2'), { orgId: graph.fixture.orgs.d2.id, description: '县里的诉求，江北区看不到' });
  }, 120_000);
  afterAll(() => closeGraphAndBrowser(graph, browser));

  const tok = (key: CallerKey) => tokenFor(key, graph.fixture) as Promise<string>;
  async function api<T = Record<string, unknown>>(token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
    const r = await graph.gql<T>(token, query, variables);
    if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
    return r.data as T;
  }
  const saved = async (download: Download, name: string): Promise<string> => {
    const file = `${RESULTS}/${name}`;
    await download.saveAs(file);
    return file;
  };

  test('the district exports its case ledger from the case board and its figures from the dashboard', async () => {
    const { page } = await newPage(browser);
    await signIn(page, base, 'd1');
    await page.getByRole('menuitem', { name: '诉求' }).first().click();
    await page.waitForURL(`${base}/cases`);
    await page.getByRole('cell', { name: /LJ-01/ }).first().waitFor();
    await page.getByTestId('export-button').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByText('Excel 表格（.xlsx）').click()]);
    await page.getByTestId('export-done').waitFor();
    await shot(page, 'office-export-cases');
    expect(download.suggestedFilename()).toMatch(/^案件台账-江北区总工会-.*\.xlsx$/);
    const rows = await sheetRows(await saved(download, 'office-ledger.xlsx'));
    const listed = (await api<{ cases: { edges: { node: { number: string } }[] } }>(await tok('d1'), '{ cases(first: 100) { edges { node { number } } } }')).cases.edges.map((e) => e.node.number);
    expect(rows[0].slice(0, 4)).toEqual(['编号', '类别', '渠道', '诉求内容']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(listed);
    expect(rows.flat().join(' ')).not.toContain('江北区看不到');
    await page.keyboard.press('Escape');

    await page.getByRole('menuitem', { name: '工作台' }).click();
    await page.getByTestId('fig-total').waitFor();
    await page.getByRole('button', { name: /导出分组织统计/ }).click();
    const [figures] = await Promise.all([page.waitForEvent('download'), page.getByText('CSV 文件（.csv）').click()]);
    await page.getByTestId('export-done').waitFor();
    await shot(page, 'office-export-figures');
    const text = fs.readFileSync(await saved(figures, 'office-figures.csv'), 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n').map((l) => l.split(','));
    expect(lines[0].slice(0, 3)).toEqual(['组织', '组织编码', '诉求总数']);
    // The district's own total and its one street's, as the dashboard counts them.
    expect(lines.slice(1).map((l) => [l[0], l[2]])).toEqual([['江北区总工会（合计）', '3'], ['江北区滨江街道工会', '3']]);
  });

  test('the district imports a roster: the dry run shows each row\'s problem, confirming creates the rest, and the report downloads', async () => {
    const e1 = graph.fixture.orgs.e1.code;
    const csv = [
      '姓名,性别,出生日期,身份证号,手机号,用工类型,企业工会编码',
      `赵明,男,1991-02-03,${idNumber('1991-02-03', 601)},13900001001,外卖骑手,${e1}`,
      `钱芳,女,1992-04-05,${idNumber('1992-04-05', 602)},13900001002,快递员,${e1}`,
      `孙强,男,1993-06-07,${idNumber('1993-06-07', 603)},1390000,普通职工,${e1}`,
      `李静,女,1994-08-09,${idNumber('1994-08-09', 604)},13900001004,普通职工,${graph.fixture.orgs.e3.code}`,
    ].join('\r\n');
    const file = `${RESULTS}/office-roster.csv`;
    fs.writeFileSync(file, `\uFEFF${csv}\r\n`);
    const before = (await api<{ members: { edges: unknown[] } }>(await tok('d1'), '{ members(first: 100) { edges { node { id } } } }')).members.edges.length;

    const { page } = await newPage(browser);
    await signIn(page, base, 'd1');
    await page.getByRole('menuitem', { name: '批量导入' }).click();
    await page.waitForURL(`${base}/members/import`);
    await shot(page, 'office-import-upload');
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('dry-run').waitFor();
    await page.getByRole('cell', { name: '手机号应为 11 位大陆手机号，如 13812345678' }).waitFor();
    await shot(page, 'office-import-report');
    const cells = await page.locator('[data-testid=dry-run] tbody tr').allInnerTexts();
    expect(cells.map((t) => t.split('\t')[0])).toEqual(['4', '5']);
    expect(cells.join(' ')).toContain('在您管辖范围内找不到编码为 LJ-02-01-0001 的工会');
    // ID numbers are masked in the report.
    expect(cells.join(' ')).not.toContain(idNumber('1993-06-07', 603));

    const [report] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载预检报告' }).click()]);
    const reportRows = await sheetRows(await saved(report, 'office-import-report.xlsx'));
    expect(reportRows.slice(1).map((r) => [r[0], r[3]])).toEqual([['4', 'PHONE_INVALID'], ['5', 'ORG_NOT_FOUND']]);

    await page.getByRole('button', { name: '确认导入 2 人' }).click();
    await page.getByTestId('import-done').waitFor();
    await shot(page, 'office-import-done');
    expect(await page.getByTestId('import-done').innerText()).toContain('新建会员 2 人');
    const after = (await api<{ members: { edges: { node: { name: string } }[] } }>(await tok('d1'), '{ members(first: 100) { edges { node { name } } } }')).members.edges;
    expect(after.length).toBe(before + 2);
    expect(after.map((e) => e.node.name)).toEqual(expect.arrayContaining(['赵明', '钱芳']));
  });

  test('a file that is not a roster is refused on the page in plain words', async () => {
    const file = `${RESULTS}/office-not-a-roster.csv`;
    fs.writeFileSync(file, '名字,电话\r\n张三,13800000000\r\n');
    const { page }: { page: Page } = await newPage(browser);
    await signIn(page, base, 'e1');
    await page.goto(`${base}/members/import`);
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('import-problem').waitFor();
    expect(await page.getByTestId('import-problem').innerText()).toContain('表头不对');
    await shot(page, 'office-import-refused');
  });
});
