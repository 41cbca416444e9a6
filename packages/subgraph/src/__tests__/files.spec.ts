import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { configureFileLinks, FILE_KEEP_MS, FILE_LINK_TTL_MS, FileRefused, signFileLink, sweepFileStore, verifyFileLink } from '../files';
import { openSheetWriter, readSheet, sheetFormatOf, type SheetFormat } from '../spreadsheet';

const ID = '01JEXAMP1E0000000000000000';
const staff = { role: 'staff', sub: 'staff-d1' } as const;
const linkOf = (url: string) => url.split('/').pop()!;

describe('signed file links', () => {
  beforeAll(() => configureFileLinks('a-secret-of-the-test'));
  const now = Date.UTC(2026, 11, 8, 1, 0, 0);

  test('a link opens for the caller it was made for, until it expires', () => {
    const { url, expiresAt } = signFileLink(staff, 'cases', 'export', ID, now);
    expect(url).toMatch(/^\/files\/cases\/download\/export-01JEXAMP1E0000000000000000\.\d+\.[\w-]+$/);
    expect(expiresAt.getTime()).toBe(Math.floor((now + FILE_LINK_TTL_MS) / 1000) * 1000);
    expect(verifyFileLink(linkOf(url), staff, 'cases', now)).toEqual({ kind: 'export', id: ID });
    expect(verifyFileLink(linkOf(url), staff, 'cases', now + FILE_LINK_TTL_MS + 1000)).toBeNull();
  });

  test('another caller, another service, a changed part or another key: no file', () => {
    const link = linkOf(signFileLink(staff, 'cases', 'export', ID, now).url);
    const [ref, exp, sig] = link.split('.');
    expect(verifyFileLink(link, { role: 'staff', sub: 'staff-d2' }, 'cases', now)).toBeNull();
    expect(verifyFileLink(link, { role: 'admin', sub: 'staff-d1' }, 'cases', now)).toBeNull();
    expect(verifyFileLink(link, staff, 'members', now)).toBeNull();
    expect(verifyFileLink(`${ref}.${Number(exp) + 60}.${sig}`, staff, 'cases', now)).toBeNull();
    expect(verifyFileLink(`${ref.replace('export', 'roster')}.${exp}.${sig}`, staff, 'cases', now)).toBeNull();
    expect(verifyFileLink(`${ref}.${exp}`, staff, 'cases', now)).toBeNull();
    configureFileLinks('another-secret');
    expect(verifyFileLink(link, staff, 'cases', now)).toBeNull();
    configureFileLinks('a-secret-of-the-test');
    expect(verifyFileLink(link, staff, 'cases', now)).not.toBeNull();
  });
});

describe('spreadsheets', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-sheets-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const rowsOf = async (file: string, format: SheetFormat) => {
    const out: string[][] = [];
    for await (const r of readSheet(file, format)) out.push(r.cells);
    return out;
  };
  const refusal = async (file: string, format: SheetFormat) => rowsOf(file, format).then(() => null, (e: FileRefused) => e.code);

  test.each(['XLSX', 'CSV'] as const)('%s: what is written reads back, quotes, commas and line breaks included; formulas stay text', async (format) => {
    const file = path.join(dir, `t.${format.toLowerCase()}`);
    const sheet = await openSheetWriter(file, format, '测试', ['编号', '说明']);
    await sheet.add(['A-1', '拖欠"加班费", 三个月\n请帮忙']);
    await sheet.add(['A-2', '=HYPERLINK("x")']);
    await sheet.add(['A-3', null]);
    await sheet.close();
    if (format === 'CSV') expect([...fs.readFileSync(file).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // Our reader refuses formula-looking text; exceljs reads what a spreadsheet would see.
    const book = new ExcelJS.Workbook();
    const read = format === 'XLSX' ? await book.xlsx.readFile(file).then(() => book.worksheets[0]) : await book.csv.readFile(file, { map: (v: unknown) => v } as never);
    const cells = (r: number) => [1, 2].map((c) => read.getRow(r).getCell(c).value);
    expect(cells(1)).toEqual(['编号', '说明']);
    expect(cells(2)).toEqual(['A-1', '拖欠"加班费", 三个月\n请帮忙']);
    expect(cells(3)).toEqual(['A-2', '\'=HYPERLINK("x")']);
  });

  test('a formula cell or formula-looking CSV text is refused, naming the cell', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('s').addRows([['姓名', '手机号'], ['张三', { formula: 'A1&"1"', result: '张三1' }]]);
    const xlsx = path.join(dir, 'f.xlsx');
    await book.xlsx.writeFile(xlsx);
    await expect(rowsOf(xlsx, 'XLSX')).rejects.toMatchObject({ code: 'FILE_HAS_FORMULAS', message: expect.stringContaining('B2') });
    const csv = path.join(dir, 'f.csv');
    fs.writeFileSync(csv, '姓名,手机号\r\n张三,=1+1\r\n');
    await expect(rowsOf(csv, 'CSV')).rejects.toMatchObject({ code: 'FILE_HAS_FORMULAS', message: expect.stringContaining('B2') });
    fs.writeFileSync(csv, '姓名,出生日期\r\n张三,-1990\r\n李四,2001-01-01\r\n');
    expect(await rowsOf(csv, 'CSV')).toEqual([['姓名', '出生日期'], ['张三', '-1990'], ['李四', '2001-01-01']]);
  });

  test('binary content, another encoding and a zip that is no workbook are FILE_UNREADABLE', async () => {
    const bin = path.join(dir, 'b.csv');
    fs.writeFileSync(bin, Buffer.from([0x00, 0xff, 0xfe, 0x41]));
    expect(await refusal(bin, 'CSV')).toBe('FILE_UNREADABLE');
    fs.writeFileSync(bin, Buffer.from('姓名\r\n张三\r\n', 'utf16le'));
    expect(await refusal(bin, 'CSV')).toBe('FILE_UNREADABLE');
    const zip = path.join(dir, 'z.xlsx');
    fs.writeFileSync(zip, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 1)]));
    expect(await refusal(zip, 'XLSX')).toBe('FILE_UNREADABLE');
  });

  test('only .xlsx and .csv are taken', () => {
    expect(sheetFormatOf('花名册.XLSX')).toBe('XLSX');
    expect(sheetFormatOf('roster.csv')).toBe('CSV');
    for (const name of ['roster.xls', 'roster', 'roster.xlsx.exe']) expect(() => sheetFormatOf(name)).toThrow(expect.objectContaining({ code: 'FILE_TYPE' }));
  });
});

describe('the file store sweep', () => {
  test('removes files older than a day and nothing else', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-store-'));
    const now = Date.now();
    const at = (name: string, ageMs: number) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, 'x');
      fs.utimesSync(file, (now - ageMs) / 1000, (now - ageMs) / 1000);
    };
    at('export-old.xlsx', FILE_KEEP_MS + 60_000);
    at('roster-fresh.csv', FILE_KEEP_MS - 60_000);
    fs.mkdirSync(path.join(dir, 'a-folder'));
    expect(await sweepFileStore(dir, FILE_KEEP_MS, now)).toBe(1);
    expect(fs.readdirSync(dir).sort()).toEqual(['a-folder', 'roster-fresh.csv']);
    expect(await sweepFileStore(path.join(dir, 'missing'))).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
